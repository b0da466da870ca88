/*
 * names.c - field names: a fixed normalisation (UTF-8 decoded, Latin letters
 * lower-cased and unaccented, split into tokens at separators, case changes
 * and letter/digit boundaries) and a token lexicon compiled from the `names`
 * and `name_markers` sections of the effective rules.
 *
 * Classifying a name allocates nothing: the name is normalised into a fixed
 * buffer on the caller's stack, and each token costs one hash lookup for
 * its number and two for the buckets of terms that may start there (terms
 * of one token; terms whose first two tokens are this one and the next),
 * each bucket sorted best first so that the search stops at the first fit.
 * doc/names.md describes the rules; tests/test_names.c pins them down.
 */
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------- normalisation */

/* What a code point is to the tokenizer. */
typedef enum name_class {
    NC_SEP = 0, /* separator: ends a token */
    NC_SKIP,    /* combining mark: dropped, so "e" + U+0301 reads as "e" */
    NC_LOWER,   /* Latin letter, lower case (or caseless, like ß) */
    NC_UPPER,   /* Latin letter, upper case */
    NC_OTHER,   /* a letter of another script, kept as it is */
    NC_DIGIT    /* ASCII digit */
} name_class;

/*
 * Folding of Latin-1 Supplement letters (U+00C0-U+00FF) and Latin
 * Extended-A (U+0100-U+017F) to lower-case ASCII: accents dropped,
 * ligatures and ß spelled out (Œ -> oe, Æ -> ae, ß -> ss, Þ -> th, Ĳ -> ij).
 * "" marks the two symbols of the block (× U+00D7, ÷ U+00F7): separators.
 * Cases come from name_latin_upper (the Unicode pairs of these blocks).
 */
static const char name_fold[192][3] = {
    /* U+00C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    /* U+00E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    /* U+0100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    /* U+0110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    /* U+0120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    /* U+0130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    /* U+0140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+0150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    /* U+0160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+0170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Upper case in U+00C0-U+017F: Latin-1 below U+00DF; in Extended-A the
 * pairs alternate even/odd, shifted by the caseless ĸ (U+0138) and ŉ
 * (U+0149); Ÿ (U+0178) pairs with ÿ (U+00FF); ſ (U+017F) is lower. */
static bool name_latin_upper(uint32_t cp)
{
    if (cp < 0x100)
        return cp < 0xDF;
    if (cp <= 0x137)
        return (cp & 1) == 0;
    if (cp >= 0x139 && cp <= 0x148)
        return (cp & 1) == 1;
    if (cp >= 0x14A && cp <= 0x177)
        return (cp & 1) == 0;
    if (cp == 0x178)
        return true;
    if (cp >= 0x179 && cp <= 0x17E)
        return (cp & 1) == 1;
    return false; /* ĸ, ŉ, ſ */
}

/* Non-ASCII code points that separate words: Latin-1 punctuation and
 * symbols (no-break space, « », °), spacing modifiers (ʼ), general
 * punctuation to miscellaneous symbols (’ – … € ™ arrows, maths), CJK
 * punctuation (、。), presentation forms, fullwidth ASCII punctuation,
 * the byte order mark and pictographs (emoji). */
static const uint32_t name_separators[][2] = {
    { 0x0080, 0x00BF }, { 0x00D7, 0x00D7 }, { 0x00F7, 0x00F7 }, { 0x02B0, 0x02FF }, { 0x2000, 0x2BFF },
    { 0x3000, 0x303F }, { 0xFE10, 0xFE1F }, { 0xFE30, 0xFE6F }, { 0xFEFF, 0xFEFF }, { 0xFF01, 0xFF0F },
    { 0xFF1A, 0xFF20 }, { 0xFF3B, 0xFF40 }, { 0xFF5B, 0xFF65 }, { 0x1F000, 0x1FAFF },
};

static bool name_is_separator(uint32_t cp)
{
    for (size_t i = 0; i < sizeof name_separators / sizeof name_separators[0]; i++)
        if (cp >= name_separators[i][0] && cp <= name_separators[i][1])
            return true;
    return false;
}

/* One decoded character: its class and the bytes it contributes. */
typedef struct name_char {
    name_class cls;
    const char *bytes;
    size_t n_bytes; /* of `bytes` */
    size_t advance; /* input bytes consumed */
} name_char;

static const char name_ascii_lower[] = "abcdefghijklmnopqrstuvwxyz";

static void name_char_read(const unsigned char *s, size_t avail, name_char *c)
{
    unsigned char b = s[0];
    c->advance = 1;
    c->n_bytes = 0;
    c->bytes = NULL;
    if (b < 0x80) {
        if (comply__is_digit(b) || comply__is_lower(b)) {
            c->cls = comply__is_digit(b) ? NC_DIGIT : NC_LOWER;
            c->bytes = (const char *)s;
            c->n_bytes = 1;
        } else if (comply__is_upper(b)) {
            c->cls = NC_UPPER;
            c->bytes = &name_ascii_lower[b - 'A'];
            c->n_bytes = 1;
        } else {
            c->cls = NC_SEP;
        }
        return;
    }
    size_t n = comply__utf8_sequence(s, avail);
    if (n == 0) { /* an invalid byte separates, and only that byte is skipped */
        c->cls = NC_SEP;
        return;
    }
    c->advance = n;
    uint32_t cp;
    if (n == 2)
        cp = ((uint32_t)(b & 0x1F) << 6) | (s[1] & 0x3Fu);
    else if (n == 3)
        cp = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
    else
        cp = ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
             (s[3] & 0x3Fu);
    if (cp >= 0xC0 && cp <= 0x17F) {
        const char *f = name_fold[cp - 0xC0];
        c->n_bytes = strlen(f);
        c->bytes = f;
        c->cls = c->n_bytes == 0 ? NC_SEP : name_latin_upper(cp) ? NC_UPPER : NC_LOWER;
        return;
    }
    /* Romanian comma-below letters (Latin Extended-B) and capital sharp s. */
    static const struct {
        uint32_t cp;
        const char *fold;
        bool upper;
    } extra[] = { { 0x218, "s", true }, { 0x219, "s", false }, { 0x21A, "t", true },
                  { 0x21B, "t", false }, { 0x1E9E, "ss", true } };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (cp == extra[i].cp) {
            c->bytes = extra[i].fold;
            c->n_bytes = strlen(extra[i].fold);
            c->cls = extra[i].upper ? NC_UPPER : NC_LOWER;
            return;
        }
    if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0xFE00 && cp <= 0xFE0F)) {
        c->cls = NC_SKIP; /* combining diacritics, variation selectors */
        return;
    }
    if (name_is_separator(cp)) {
        c->cls = NC_SEP;
        return;
    }
    c->cls = NC_OTHER; /* other scripts: the code point's bytes, unchanged */
    c->bytes = (const char *)s;
    c->n_bytes = n;
}

/* The class of the next character that is not a combining mark. */
static name_class name_peek(const unsigned char *s, size_t avail)
{
    name_char c;
    while (avail) {
        name_char_read(s, avail, &c);
        if (c.cls != NC_SKIP)
            return c.cls;
        s += c.advance;
        avail -= c.advance;
    }
    return NC_SEP;
}

/* Does a token end between a character of class `prev` and one of class
 * `cur`, the next characters being at `rest`? */
static bool name_boundary(name_class prev, name_class cur, const unsigned char *rest, size_t avail)
{
    if ((prev == NC_DIGIT) != (cur == NC_DIGIT))
        return true; /* adresse2 -> adresse 2, 2fa -> 2 fa */
    if ((prev == NC_OTHER) != (cur == NC_OTHER))
        return true; /* a change of script: email地址 -> email 地址 */
    if (prev == NC_LOWER && cur == NC_UPPER)
        return true; /* dateNaissance -> date naissance */
    if (prev == NC_UPPER && cur == NC_UPPER)
        return name_peek(rest, avail) == NC_LOWER; /* IPAddress -> ip address */
    return false;
}

/* The common case, lower-case ASCII letters and digits between ASCII
 * separators (every lexicon term, most column names): tokens end at a
 * separator or where letters meet digits, as below, without decoding or
 * folding. False when the name holds anything else. */
static bool name_tokenize_plain(const unsigned char *s, size_t len, comply__name_tokens *out)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] >= 0x80 || comply__is_upper(s[i]))
            return false;
    size_t pos = 0;
    int prev = 0; /* 0 separator, 1 letter, 2 digit */
    for (size_t i = 0; i < len; i++) {
        int cls = comply__is_lower(s[i]) ? 1 : comply__is_digit(s[i]) ? 2 : 0;
        if (cls && cls != prev) {
            if (out->n == COMPLY__NAME_MAX_TOKENS) {
                out->truncated = true;
                return true;
            }
            out->start[out->n] = (uint16_t)pos;
            out->len[out->n] = 0;
            out->alpha[out->n] = cls == 1;
            out->n++;
        }
        if (cls) {
            out->text[pos++] = (char)s[i];
            out->len[out->n - 1]++;
        }
        prev = cls;
    }
    return true;
}

bool comply__name_tokenize(const char *name, size_t len, comply__name_tokens *out)
{
    const unsigned char *s = (const unsigned char *)name;
    out->n = 0;
    out->truncated = false;
    if (len > COMPLY_MAX_NAME_BYTES)
        return false;
    if (name_tokenize_plain(s, len, out))
        return true;
    out->n = 0;
    out->truncated = false;
    size_t pos = 0;              /* bytes written to out->text */
    name_class prev = NC_SEP;    /* class of the last character kept */
    size_t i = 0;
    while (i < len) {
        name_char c;
        name_char_read(s + i, len - i, &c);
        i += c.advance;
        if (c.cls == NC_SKIP)
            continue;
        if (c.cls == NC_SEP) {
            prev = NC_SEP;
            continue;
        }
        if (prev == NC_SEP || name_boundary(prev, c.cls, s + i, len - i)) {
            if (out->n == COMPLY__NAME_MAX_TOKENS) {
                out->truncated = true;
                break;
            }
            out->start[out->n] = (uint16_t)pos;
            out->len[out->n] = 0;
            out->alpha[out->n] = c.cls != NC_DIGIT;
            out->n++;
        }
        /* Folding never lengthens: every kept character yields at most as
         * many bytes as it takes, so the buffer cannot overflow. */
        if (pos + c.n_bytes > sizeof out->text)
            break;
        memcpy(out->text + pos, c.bytes, c.n_bytes);
        pos += c.n_bytes;
        out->len[out->n - 1] = (uint16_t)(out->len[out->n - 1] + c.n_bytes);
        prev = c.cls;
    }
    return true;
}

/* ------------------------------------------------------------- lexicon */

/* Kinds of terms. */
enum { NK_CATEGORY = 0, NK_NOT, NK_TECHNICAL, NK_ORGANISATION, NK_COUNT };

#define NAMES_NONE UINT32_MAX
/* `not` entries a name may rule out before the slow path is taken. */
#define NAMES_MAX_RULED 32

typedef struct names_term {
    const char *by;       /* the term as the pack writes it (borrowed) */
    const char *lang;     /* its language key (borrowed) */
    const char *category; /* the entry's key (borrowed): a category or a marker kind */
    const uint32_t *ids;  /* its tokens */
    double weight;
    uint32_t n_ids;
    uint32_t chars;          /* bytes of its normalised tokens: a tie-break */
    uint32_t entry;          /* the names entry it belongs to (categories, `not`) */
    uint32_t not_lo, not_hi; /* the `not` terms of its entry: [not_lo, not_hi) */
    unsigned depth;          /* of the category: deeper is more specific */
    unsigned kind;
} names_term;

/* A term in the list of its bucket: what a first look needs. */
typedef struct names_cand {
    uint32_t term;
    uint32_t n_ids;
} names_cand;

typedef struct names_tok {
    const char *s; /* normalised token, in the arena */
    uint32_t len, hash;
} names_tok;

/* The terms that start with one token (one-token terms) or with one pair
 * of tokens (longer terms), per kind, best first:
 * cands[first[k], first[k] + count[k]). */
typedef struct names_bucket {
    uint64_t key; /* first token << 32 | second token (NAMES_NONE: one-token terms) */
    uint32_t first[NK_COUNT], count[NK_COUNT];
} names_bucket;

struct comply__names {
    const comply__alloc *alloc;
    comply__arena arena;
    names_tok *toks;
    size_t n_toks, cap_toks;
    uint32_t *slots; /* open addressing: token id + 1, 0 = empty */
    size_t n_slots;  /* a power of two, at least twice n_toks */
    names_term *terms;
    size_t n_terms;
    names_cand *cands; /* one per term, grouped by bucket and kind */
    names_bucket *buckets;
    size_t n_buckets;
    uint32_t *bslots; /* open addressing: bucket index + 1, 0 = empty */
    size_t n_bslots;  /* a power of two, at least twice the number of terms */
};

/* FNV-1a: short tokens, few collisions, no setup. */
static uint32_t names_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static uint32_t names_lookup(const comply__names *set, const char *s, size_t len, uint32_t hash)
{
    size_t mask = set->n_slots - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint32_t v = set->slots[i];
        if (v == 0)
            return NAMES_NONE;
        const names_tok *t = &set->toks[v - 1];
        if (t->hash == hash && t->len == len && memcmp(t->s, s, len) == 0)
            return v - 1;
    }
}

static comply_status names_rehash(comply__names *set, size_t n_slots)
{
    uint32_t *slots = comply__calloc(set->alloc, n_slots, sizeof *slots);
    if (!slots)
        return COMPLY_ENOMEM;
    for (size_t id = 0; id < set->n_toks; id++) {
        size_t i = set->toks[id].hash & (n_slots - 1);
        while (slots[i])
            i = (i + 1) & (n_slots - 1);
        slots[i] = (uint32_t)id + 1;
    }
    comply__free(set->alloc, set->slots);
    set->slots = slots;
    set->n_slots = n_slots;
    return COMPLY_OK;
}

/* The id of a token, added when new. */
static comply_status names_intern(comply__names *set, const char *s, size_t len, uint32_t *id)
{
    uint32_t hash = names_hash(s, len);
    *id = names_lookup(set, s, len, hash);
    if (*id != NAMES_NONE)
        return COMPLY_OK;
    if (set->n_toks >= UINT32_MAX / 2)
        return COMPLY_ENOMEM;
    if ((set->n_toks + 1) * 2 > set->n_slots && names_rehash(set, set->n_slots * 2) != COMPLY_OK)
        return COMPLY_ENOMEM;
    if (set->n_toks == set->cap_toks) {
        size_t cap = set->cap_toks * 2;
        if (cap > SIZE_MAX / sizeof *set->toks)
            return COMPLY_ENOMEM;
        names_tok *toks = comply__realloc(set->alloc, set->toks, cap * sizeof *toks);
        if (!toks)
            return COMPLY_ENOMEM;
        set->toks = toks;
        set->cap_toks = cap;
    }
    names_tok *t = &set->toks[set->n_toks];
    memset(t, 0, sizeof *t);
    t->s = comply__arena_strndup(&set->arena, s, len);
    if (!t->s)
        return COMPLY_ENOMEM;
    t->len = (uint32_t)len;
    t->hash = hash;
    *id = (uint32_t)set->n_toks;
    size_t i = hash & (set->n_slots - 1);
    while (set->slots[i])
        i = (i + 1) & (set->n_slots - 1);
    set->slots[i] = *id + 1;
    set->n_toks++;
    return COMPLY_OK;
}

/* What an entry's terms share. */
typedef struct names_entry_info {
    const char *key;
    unsigned kind, depth;
    uint32_t entry;
    double weight;
} names_entry_info;

/* Adds one term (a string, or {"term", "weight"}). Terms that normalise
 * to nothing, or beyond the limits of a name, could never match: skipped. */
static comply_status names_add_term(comply__names *set, const names_entry_info *e, const char *lang,
                                    const comply__jnode *node)
{
    const comply__jnode *text = node;
    double weight = e->weight;
    if (node->type == COMPLY__JOBJECT) {
        const comply__jnode *w = comply__json_member(node, "weight");
        text = comply__json_member(node, "term");
        if (w && w->type == COMPLY__JNUMBER)
            weight = w->number;
    }
    if (!text || text->type != COMPLY__JSTRING)
        return COMPLY_OK;
    comply__name_tokens tk;
    if (!comply__name_tokenize(text->str, text->len, &tk) || tk.n == 0 || tk.truncated)
        return COMPLY_OK;
    uint32_t *ids = comply__arena_alloc(&set->arena, tk.n * sizeof *ids);
    if (!ids)
        return COMPLY_ENOMEM;
    uint32_t chars = 0;
    for (size_t i = 0; i < tk.n; i++) {
        if (names_intern(set, tk.text + tk.start[i], tk.len[i], &ids[i]) != COMPLY_OK)
            return COMPLY_ENOMEM;
        chars += tk.len[i];
    }
    names_term *t = &set->terms[set->n_terms++];
    t->by = text->str;
    t->lang = lang;
    t->category = e->key;
    t->ids = ids;
    t->n_ids = (uint32_t)tk.n;
    t->chars = chars;
    t->weight = weight < 0 ? 0 : weight > 1 ? 1 : weight;
    t->entry = e->entry;
    t->not_lo = t->not_hi = 0;
    t->depth = e->depth;
    t->kind = e->kind;
    return COMPLY_OK;
}

/* Adds every term of a {lang: [terms]} map. */
static comply_status names_add_terms(comply__names *set, const names_entry_info *e, const comply__jnode *map)
{
    for (size_t l = 0; map && l < map->count; l++) {
        const comply__jnode *list = &map->items[l];
        for (size_t k = 0; k < list->count; k++)
            if (names_add_term(set, e, list->key, &list->items[k]) != COMPLY_OK)
                return COMPLY_ENOMEM;
    }
    return COMPLY_OK;
}

static size_t names_count_terms(const comply__jnode *map)
{
    size_t n = 0;
    for (size_t l = 0; map && l < map->count; l++)
        n += map->items[l].count;
    return n;
}

static comply_status names_add_entry(comply__names *set, const comply__jnode *entry, uint32_t index)
{
    names_entry_info e = { entry->key, NK_CATEGORY, 0, index, 1.0 };
    const comply__jnode *w = comply__json_member(entry, "weight");
    if (w && w->type == COMPLY__JNUMBER)
        e.weight = w->number;
    for (const char *p = entry->key; *p; p++)
        e.depth += *p == '.';
    size_t first = set->n_terms;
    if (names_add_terms(set, &e, comply__json_member(entry, "terms")) != COMPLY_OK)
        return COMPLY_ENOMEM;
    size_t last = set->n_terms;
    e.kind = NK_NOT;
    if (names_add_terms(set, &e, comply__json_member(entry, "not")) != COMPLY_OK)
        return COMPLY_ENOMEM;
    /* The entry's `not` terms sit right after its own terms. */
    for (size_t i = first; i < last; i++) {
        set->terms[i].not_lo = (uint32_t)last;
        set->terms[i].not_hi = (uint32_t)set->n_terms;
    }
    return COMPLY_OK;
}

static comply_status names_add_marker(comply__names *set, const comply__jnode *entry)
{
    names_entry_info e = { entry->key, NK_TECHNICAL, 0, NAMES_NONE, 1.0 };
    if (strcmp(entry->key, "organisation") == 0)
        e.kind = NK_ORGANISATION;
    else if (strcmp(entry->key, "technical") != 0)
        return COMPLY_OK; /* the schema knows no other kind */
    return names_add_terms(set, &e, comply__json_member(entry, "terms"));
}

/* Is `a` a better term than `b` (NULL: anything is)? The longest in
 * tokens, then the heaviest, then the longest in characters, then the most
 * specific category, then the first in the rules. Weight comes before
 * characters: a pack author's weight says more than a word's length
 * ("address" 0.6 against "city" 1.0 in default_address_city). */
static bool names_better(const names_term *a, const names_term *b)
{
    if (!b)
        return true;
    if (a->n_ids != b->n_ids)
        return a->n_ids > b->n_ids;
    if (a->weight != b->weight)
        return a->weight > b->weight;
    if (a->chars != b->chars)
        return a->chars > b->chars;
    if (a->depth != b->depth)
        return a->depth > b->depth;
    return a < b;
}

static uint64_t names_key(uint32_t first, uint32_t second)
{
    return (uint64_t)first << 32 | second;
}

static size_t names_key_slot(uint64_t key, size_t n_slots)
{
    /* Fibonacci hashing: the high bits of key * 2^64 / phi. */
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (n_slots - 1);
}

static const names_bucket *names_bucket_find(const comply__names *set, uint32_t first, uint32_t second)
{
    uint64_t key = names_key(first, second);
    size_t mask = set->n_bslots - 1;
    for (size_t i = names_key_slot(key, set->n_bslots);; i = (i + 1) & mask) {
        uint32_t v = set->bslots[i];
        if (v == 0)
            return NULL;
        if (set->buckets[v - 1].key == key)
            return &set->buckets[v - 1];
    }
}

/* The bucket of a term, added when new (the table has room for one per term). */
static names_bucket *names_bucket_of(comply__names *set, const names_term *t)
{
    uint64_t key = names_key(t->ids[0], t->n_ids > 1 ? t->ids[1] : NAMES_NONE);
    size_t mask = set->n_bslots - 1;
    size_t i = names_key_slot(key, set->n_bslots);
    for (; set->bslots[i]; i = (i + 1) & mask)
        if (set->buckets[set->bslots[i] - 1].key == key)
            return &set->buckets[set->bslots[i] - 1];
    names_bucket *b = &set->buckets[set->n_buckets++];
    memset(b, 0, sizeof *b);
    b->key = key;
    set->bslots[i] = (uint32_t)set->n_buckets;
    return b;
}

/* Groups the terms by bucket and kind, best first, so that matching can
 * stop at the first term that fits. */
static comply_status names_index(comply__names *set)
{
    size_t n_slots = 16;
    while (n_slots < 2 * set->n_terms)
        n_slots *= 2;
    set->bslots = comply__calloc(set->alloc, n_slots, sizeof *set->bslots);
    set->buckets = comply__calloc(set->alloc, set->n_terms ? set->n_terms : 1, sizeof *set->buckets);
    if (!set->bslots || !set->buckets)
        return COMPLY_ENOMEM;
    set->n_bslots = n_slots;
    for (size_t i = 0; i < set->n_terms; i++)
        names_bucket_of(set, &set->terms[i])->count[set->terms[i].kind]++;
    uint32_t at = 0;
    for (size_t b = 0; b < set->n_buckets; b++)
        for (int k = 0; k < NK_COUNT; k++) {
            set->buckets[b].first[k] = at;
            at += set->buckets[b].count[k];
            set->buckets[b].count[k] = 0;
        }
    for (size_t i = 0; i < set->n_terms; i++) {
        const names_term *t = &set->terms[i];
        names_bucket *b = names_bucket_of(set, t);
        names_cand *list = &set->cands[b->first[t->kind]];
        uint32_t n = b->count[t->kind]++;
        /* Insertion in rank order: buckets are short. */
        while (n > 0 && names_better(t, &set->terms[list[n - 1].term])) {
            list[n] = list[n - 1];
            n--;
        }
        list[n].term = (uint32_t)i;
        list[n].n_ids = t->n_ids;
    }
    return COMPLY_OK;
}

comply_status comply__names_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n,
                                  const comply__jnode *const *markers, size_t n_markers, comply__names **out,
                                  comply_error *err)
{
    comply__names *set = comply__calloc(alloc, 1, sizeof *set);
    if (!set)
        return comply__oom(err);
    set->alloc = alloc;
    comply__arena_init(&set->arena, alloc);
    size_t n_terms = 0;
    for (size_t i = 0; i < n; i++)
        n_terms += names_count_terms(comply__json_member(entries[i], "terms")) +
                   names_count_terms(comply__json_member(entries[i], "not"));
    for (size_t i = 0; i < n_markers; i++)
        n_terms += names_count_terms(comply__json_member(markers[i], "terms"));
    if (n_terms >= UINT32_MAX / 2 || n >= UINT32_MAX / 2)
        goto fail;
    set->cap_toks = 64;
    set->toks = comply__calloc(alloc, set->cap_toks, sizeof *set->toks);
    set->terms = comply__calloc(alloc, n_terms ? n_terms : 1, sizeof *set->terms);
    set->cands = comply__calloc(alloc, n_terms ? n_terms : 1, sizeof *set->cands);
    if (!set->toks || !set->terms || !set->cands || names_rehash(set, 128) != COMPLY_OK)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (names_add_entry(set, entries[i], (uint32_t)i) != COMPLY_OK)
            goto fail;
    for (size_t i = 0; i < n_markers; i++)
        if (names_add_marker(set, markers[i]) != COMPLY_OK)
            goto fail;
    if (names_index(set) != COMPLY_OK)
        goto fail;
    *out = set;
    return COMPLY_OK;
fail:
    comply__names_free(set);
    return comply__oom(err);
}

void comply__names_free(comply__names *set)
{
    if (!set)
        return;
    const comply__alloc *alloc = set->alloc;
    comply__arena_release(&set->arena);
    comply__free(alloc, set->toks);
    comply__free(alloc, set->slots);
    comply__free(alloc, set->terms);
    comply__free(alloc, set->cands);
    comply__free(alloc, set->buckets);
    comply__free(alloc, set->bslots);
    comply__free(alloc, set);
}

size_t comply__names_term_count(const comply__names *set)
{
    return set ? set->n_terms : 0;
}

/* ------------------------------------------------------------ matching */

/* A name's tokens as token ids (NAMES_NONE for tokens no term uses). */
typedef struct names_query {
    const comply__name_tokens *tk;
    uint32_t ids[COMPLY__NAME_MAX_TOKENS];
    size_t n;
    /* Entries ruled out by `not` terms found in the name. */
    uint32_t ruled[NAMES_MAX_RULED];
    size_t n_ruled;
    bool ruled_overflow; /* more than NAMES_MAX_RULED: check terms one by one */
    /* The buckets of the terms that may start at each token: those of two
     * tokens or more (the longer ones, looked at first), those of one. */
    const struct names_bucket *places[COMPLY__NAME_MAX_TOKENS][2];
} names_query;

/* Does the term (its bucket found at i, so its first two tokens known to
 * be there) occur at i? */
static bool names_cand_at(const comply__names *set, const names_cand *c, const names_query *q, size_t i)
{
    if (c->n_ids > q->n - i)
        return false;
    if (c->n_ids <= 2)
        return true;
    const uint32_t *ids = set->terms[c->term].ids;
    for (uint32_t k = 2; k < c->n_ids; k++)
        if (q->ids[i + k] != ids[k])
            return false;
    return true;
}

static bool names_term_anywhere(const names_term *t, const names_query *q)
{
    for (size_t i = 0; i + t->n_ids <= q->n; i++)
        if (memcmp(&q->ids[i], t->ids, t->n_ids * sizeof *t->ids) == 0)
            return true;
    return false;
}

/* A `not` term of the term's own entry found anywhere in the name rules
 * the entry out. */
static bool names_ruled_out(const comply__names *set, const names_term *t, const names_query *q)
{
    if (q->ruled_overflow) {
        for (uint32_t k = t->not_lo; k < t->not_hi; k++)
            if (names_term_anywhere(&set->terms[k], q))
                return true;
        return false;
    }
    for (size_t k = 0; k < q->n_ruled; k++)
        if (q->ruled[k] == t->entry)
            return true;
    return false;
}

/* Words of the name that count for coverage: two bytes or more with a
 * letter, so table prefixes (t_, c_) and numbers do not dilute it. */
static bool names_counts(const comply__name_tokens *tk, size_t i)
{
    return tk->alpha[i] && tk->len[i] >= 2;
}

/* Confidence of the winning term placed at `at`: its weight, lowered when
 * it covers a small part of the name's words (see doc/names.md). */
static double names_confidence(const names_term *t, const comply__name_tokens *tk, size_t at)
{
    size_t total = 0, covered = 0;
    for (size_t i = 0; i < tk->n; i++)
        if (names_counts(tk, i)) {
            total++;
            covered += i >= at && i < at + t->n_ids;
        }
    double factor = 1.0;
    if (total && covered * 2 < total)
        factor = covered * 4 < total ? 0.8 : 0.9;
    return t->weight * factor;
}

comply_status comply_classify_name(const comply_rules *rules, const char *name, comply_class *out, comply_error *err)
{
    if (!rules || !name || !out)
        return comply__error_set(err, COMPLY_EINVAL, "rules, name and out are required");
    memset(out, 0, sizeof *out);
    const comply__names *set = comply__rules_names(rules);
    size_t len = 0;
    while (len <= COMPLY_MAX_NAME_BYTES && name[len])
        len++;
    if (!set || !set->n_terms || len > COMPLY_MAX_NAME_BYTES)
        return COMPLY_OK;
    comply__name_tokens tk;
    names_query q;
    comply__name_tokenize(name, len, &tk);
    q.tk = &tk;
    q.n = tk.n;
    q.n_ruled = 0;
    q.ruled_overflow = false;
    for (size_t i = 0; i < tk.n; i++) {
        const char *s = tk.text + tk.start[i];
        q.ids[i] = names_lookup(set, s, tk.len[i], names_hash(s, tk.len[i]));
    }
    for (size_t i = 0; i < tk.n; i++) {
        bool pair = q.ids[i] != NAMES_NONE && i + 1 < tk.n && q.ids[i + 1] != NAMES_NONE;
        q.places[i][0] = pair ? names_bucket_find(set, q.ids[i], q.ids[i + 1]) : NULL;
        q.places[i][1] = q.ids[i] != NAMES_NONE ? names_bucket_find(set, q.ids[i], NAMES_NONE) : NULL;
    }

    /* Markers and `not` terms first: they decide what categories may win. */
    const names_term *tech = NULL;
    uint64_t tech_mask = 0, need_mask = 0;
    bool organisation = false;
    for (size_t i = 0; i < q.n; i++) {
        if (tk.alpha[i])
            need_mask |= (uint64_t)1 << i;
        if (q.ids[i] == NAMES_NONE)
            continue;
        const names_term *tech_here = NULL;
        for (int h = 0; h < 2; h++) {
            const names_bucket *b = q.places[i][h];
            if (!b)
                continue;
            const names_cand *c = &set->cands[b->first[NK_ORGANISATION]];
            for (uint32_t k = 0; k < b->count[NK_ORGANISATION] && !organisation; k++)
                organisation = names_cand_at(set, &c[k], &q, i);
            c = &set->cands[b->first[NK_NOT]];
            for (uint32_t k = 0; k < b->count[NK_NOT] && !q.ruled_overflow; k++) {
                if (!names_cand_at(set, &c[k], &q, i))
                    continue;
                if (q.n_ruled == NAMES_MAX_RULED)
                    q.ruled_overflow = true;
                else
                    q.ruled[q.n_ruled++] = set->terms[c[k].term].entry;
            }
            if (tech_here)
                continue;
            c = &set->cands[b->first[NK_TECHNICAL]];
            for (uint32_t k = 0; k < b->count[NK_TECHNICAL]; k++) {
                if (!names_cand_at(set, &c[k], &q, i))
                    continue;
                /* The first that fits is the longest here: it covers the others. */
                tech_here = &set->terms[c[k].term];
                break;
            }
        }
        if (tech_here) {
            for (size_t j = i; j < i + tech_here->n_ids; j++)
                tech_mask |= (uint64_t)1 << j;
            if (!tech || tech_here->n_ids > tech->n_ids)
                tech = tech_here;
        }
    }

    /* Category terms: each bucket's list is best first, so at each place the
     * first term that fits (and is not ruled out) is the place's best, and
     * a term no better than the best so far ends the list. The terms
     * themselves are read only for candidates that fit: the lists are
     * compact, the terms are not. */
    const names_term *best = NULL;
    size_t best_at = 0;
    for (size_t i = 0; i < q.n; i++) {
        bool done = false;
        for (int h = 0; h < 2 && !done; h++) {
            const names_bucket *b = q.places[i][h];
            if (!b)
                continue;
            const names_cand *c = &set->cands[b->first[NK_CATEGORY]];
            for (uint32_t k = 0; k < b->count[NK_CATEGORY] && !done; k++) {
                if (best && c[k].n_ids < best->n_ids) {
                    done = true;
                    break;
                }
                if (!names_cand_at(set, &c[k], &q, i))
                    continue;
                const names_term *t = &set->terms[c[k].term];
                if (!names_better(t, best)) {
                    done = true;
                } else if (!names_ruled_out(set, t, &q)) {
                    best = t;
                    best_at = i;
                    done = true;
                }
            }
        }
    }

    /* Technical keys: every word is covered by technical terms, and no
     * category term is longer than the longest of them (id_number can
     * still be an identity number when "id number" is a term). */
    if (tech && (tech_mask & need_mask) == need_mask && (!best || best->n_ids <= tech->n_ids)) {
        out->by = tech->by;
        out->lang = tech->lang;
        out->detail = "technical";
        return COMPLY_OK;
    }
    if (organisation)
        out->detail = "organisation";
    if (!best)
        return COMPLY_OK;
    out->category = best->category;
    out->by = best->by;
    out->lang = best->lang;
    out->confidence = names_confidence(best, &tk, best_at);
    return COMPLY_OK;
}
