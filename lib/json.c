/*
 * json.c - reading JSON documents with the place of every value, and
 * writing JSON text.
 *
 * cJSON builds the tree but gives no line numbers, does not check UTF-8 and
 * stops at the first error with no message. So a strict RFC 8259 pass runs
 * first: it rejects what cJSON would let through (raw control characters,
 * invalid UTF-8, unpaired surrogates, \u0000), says what is wrong and where,
 * bounds the nesting, and records the line and column of every value in
 * document order. The cJSON tree is then copied, in the same order, into
 * nodes that carry those places, allocated in the caller's arena; the cJSON
 * tree is released before returning.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "internal.h"

/* cJSON copies a number into a 64-byte buffer before strtod: longer
 * literals would be cut, so the strict pass refuses them. */
#define JSON_MAX_NUMBER_LENGTH 63
/* cJSON's own nesting limit (CJSON_NESTING_LIMIT) is 1000. */
#define JSON_HARD_MAX_DEPTH 512u

typedef struct json_place_pair {
    comply__jpos key_pos;
    comply__jpos pos;
} json_place_pair;

typedef struct json_scan {
    const unsigned char *s;
    size_t len, i;
    uint32_t line;
    size_t line_start, line_cont; /* continuation bytes since line_start */
    unsigned depth, max_depth;
    const comply__alloc *alloc;
    json_place_pair *places;
    size_t n_places, cap_places;
    comply__jpos key_pos;
    bool have_key;
    comply_status st;
    char msg[96];
} json_scan;

static comply__jpos json_scan_pos(const json_scan *sc)
{
    comply__jpos p;
    p.line = sc->line;
    p.column = (uint32_t)(sc->i - sc->line_start - sc->line_cont + 1);
    p.offset = sc->i;
    return p;
}

static bool json_scan_fail(json_scan *sc, comply_status st, const char *msg)
{
    if (sc->st == COMPLY_OK) {
        sc->st = st;
        comply__strlcpy(sc->msg, msg, sizeof sc->msg);
    }
    return false;
}

static bool json_scan_unexpected(json_scan *sc, const char *expected)
{
    char msg[96];
    if (sc->i >= sc->len) {
        snprintf(msg, sizeof msg, "unexpected end of input, expected %s", expected);
    } else {
        unsigned char c = sc->s[sc->i];
        if (c > 0x20 && c < 0x7F)
            snprintf(msg, sizeof msg, "unexpected '%c', expected %s", c, expected);
        else
            snprintf(msg, sizeof msg, "unexpected byte 0x%02X, expected %s", c, expected);
    }
    return json_scan_fail(sc, COMPLY_EPARSE, msg);
}

static void json_scan_ws(json_scan *sc)
{
    while (sc->i < sc->len) {
        unsigned char c = sc->s[sc->i];
        if (c == '\n') {
            sc->line++;
            sc->line_start = sc->i + 1;
            sc->line_cont = 0;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            return;
        }
        sc->i++;
    }
}

static bool json_scan_record(json_scan *sc)
{
    if (sc->n_places == sc->cap_places) {
        size_t cap = sc->cap_places ? sc->cap_places * 2 : 256;
        if (cap > SIZE_MAX / sizeof *sc->places)
            return json_scan_fail(sc, COMPLY_ENOMEM, "out of memory");
        json_place_pair *p = comply__realloc(sc->alloc, sc->places, cap * sizeof *p);
        if (!p)
            return json_scan_fail(sc, COMPLY_ENOMEM, "out of memory");
        sc->places = p;
        sc->cap_places = cap;
    }
    json_place_pair *r = &sc->places[sc->n_places++];
    r->pos = json_scan_pos(sc);
    if (sc->have_key)
        r->key_pos = sc->key_pos;
    else
        memset(&r->key_pos, 0, sizeof r->key_pos);
    sc->have_key = false;
    return true;
}

static int json_hex(unsigned char c)
{
    if (comply__is_digit(c))
        return c - '0';
    c = comply__to_lower(c);
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

/* Reads \uXXXX at sc->i (pointing at 'u'); returns the code unit or -1. */
static long json_scan_u4(json_scan *sc)
{
    if (sc->len - sc->i < 5)
        return -1;
    long v = 0;
    for (size_t k = 1; k <= 4; k++) {
        int h = json_hex(sc->s[sc->i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    sc->i += 5;
    return v;
}

static bool json_scan_escape(json_scan *sc)
{
    sc->i++; /* the backslash */
    if (sc->i >= sc->len)
        return json_scan_fail(sc, COMPLY_EPARSE, "unterminated string");
    unsigned char c = sc->s[sc->i];
    if (c != 'u') {
        if (!strchr("\"\\/bfnrt", c) || c == '\0')
            return json_scan_fail(sc, COMPLY_EPARSE, "invalid escape sequence in string");
        sc->i++;
        return true;
    }
    long u = json_scan_u4(sc);
    if (u < 0)
        return json_scan_fail(sc, COMPLY_EPARSE, "invalid \\u escape: four hex digits expected");
    if (u == 0)
        return json_scan_fail(sc, COMPLY_EPARSE, "NUL character (\\u0000) not allowed in strings");
    if (u >= 0xDC00 && u <= 0xDFFF)
        return json_scan_fail(sc, COMPLY_EPARSE, "unpaired low surrogate in \\u escape");
    if (u >= 0xD800 && u <= 0xDBFF) {
        long lo = -1;
        if (sc->len - sc->i >= 2 && sc->s[sc->i] == '\\' && sc->s[sc->i + 1] == 'u') {
            sc->i++;
            lo = json_scan_u4(sc);
        }
        if (lo < 0xDC00 || lo > 0xDFFF)
            return json_scan_fail(sc, COMPLY_EPARSE, "unpaired high surrogate in \\u escape");
    }
    return true;
}

/* Length of the well-formed UTF-8 sequence at s (Unicode 15, table 3-7),
 * or 0 when it is not one. */
size_t comply__utf8_sequence(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Does the 8-byte word hold a byte that needs a look: '"', '\\', a
 * control character or a non-ASCII byte? (Bit tricks on one 64-bit word:
 * "has a byte less than n" and "has a byte equal to c".) */
static bool json_word_special(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
    uint64_t low = (w - ones * 0x20) & ~w;
    uint64_t zq = (quote - ones) & ~quote, zs = (slash - ones) & ~slash;
    return ((low | zq | zs) & highs) || (w & highs);
}

static bool json_scan_string(json_scan *sc)
{
    sc->i++; /* opening quote */
    while (sc->i < sc->len) {
        /* plain ASCII text goes eight bytes at a time */
        while (sc->len - sc->i >= 8) {
            uint64_t w;
            memcpy(&w, sc->s + sc->i, 8);
            if (json_word_special(w))
                break;
            sc->i += 8;
        }
        if (sc->i >= sc->len)
            break;
        unsigned char c = sc->s[sc->i];
        if (c == '"') {
            sc->i++;
            return true;
        }
        if (c == '\\') {
            if (!json_scan_escape(sc))
                return false;
        } else if (c < 0x20) {
            return json_scan_fail(sc, COMPLY_EPARSE, "control character in string (must be escaped)");
        } else if (c < 0x80) {
            sc->i++;
        } else {
            size_t n = comply__utf8_sequence(sc->s + sc->i, sc->len - sc->i);
            if (n == 0)
                return json_scan_fail(sc, COMPLY_EPARSE, "invalid UTF-8 in string");
            sc->i += n;
            sc->line_cont += n - 1;
        }
    }
    return json_scan_fail(sc, COMPLY_EPARSE, "unterminated string");
}

static size_t json_number_length(const unsigned char *s, size_t avail)
{
    size_t i = 0;
    if (i < avail && s[i] == '-')
        i++;
    if (i < avail && s[i] == '0')
        i++;
    else if (i < avail && s[i] >= '1' && s[i] <= '9')
        while (i < avail && comply__is_digit(s[i]))
            i++;
    else
        return 0;
    if (i < avail && s[i] == '.') {
        size_t start = ++i;
        while (i < avail && comply__is_digit(s[i]))
            i++;
        if (i == start)
            return 0;
    }
    if (i < avail && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < avail && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t start = i;
        while (i < avail && comply__is_digit(s[i]))
            i++;
        if (i == start)
            return 0;
    }
    return i;
}

static bool json_scan_number(json_scan *sc)
{
    size_t n = json_number_length(sc->s + sc->i, sc->len - sc->i);
    if (n == 0)
        return json_scan_fail(sc, COMPLY_EPARSE, "invalid number");
    if (n > JSON_MAX_NUMBER_LENGTH)
        return json_scan_fail(sc, COMPLY_ELIMIT, "number literal longer than 63 characters");
    sc->i += n;
    if (sc->i < sc->len && (comply__is_alnum(sc->s[sc->i]) || sc->s[sc->i] == '.'))
        return json_scan_unexpected(sc, "',' or the end of the value after a number");
    return true;
}

static bool json_scan_literal(json_scan *sc, const char *word)
{
    size_t n = strlen(word);
    if (sc->len - sc->i < n || memcmp(sc->s + sc->i, word, n) != 0)
        return json_scan_unexpected(sc, "a JSON value");
    sc->i += n;
    return true;
}

static bool json_scan_value(json_scan *sc);

static bool json_scan_enter(json_scan *sc)
{
    if (++sc->depth > sc->max_depth) {
        char msg[96];
        snprintf(msg, sizeof msg, "nesting deeper than %u levels", sc->max_depth);
        return json_scan_fail(sc, COMPLY_ELIMIT, msg);
    }
    sc->i++;
    json_scan_ws(sc);
    return true;
}

static bool json_scan_object(json_scan *sc)
{
    if (!json_scan_enter(sc))
        return false;
    if (sc->i < sc->len && sc->s[sc->i] == '}') {
        sc->i++;
        sc->depth--;
        return true;
    }
    for (;;) {
        if (sc->i >= sc->len || sc->s[sc->i] != '"')
            return json_scan_unexpected(sc, "a string key");
        comply__jpos key = json_scan_pos(sc);
        if (!json_scan_string(sc))
            return false;
        json_scan_ws(sc);
        if (sc->i >= sc->len || sc->s[sc->i] != ':')
            return json_scan_unexpected(sc, "':' after the key");
        sc->i++;
        json_scan_ws(sc);
        sc->key_pos = key;
        sc->have_key = true;
        if (!json_scan_value(sc))
            return false;
        json_scan_ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == ',') {
            sc->i++;
            json_scan_ws(sc);
            if (sc->i < sc->len && sc->s[sc->i] == '}')
                return json_scan_fail(sc, COMPLY_EPARSE, "trailing comma before '}'");
            continue;
        }
        if (sc->i < sc->len && sc->s[sc->i] == '}') {
            sc->i++;
            sc->depth--;
            return true;
        }
        return json_scan_unexpected(sc, "',' or '}' after an object member");
    }
}

static bool json_scan_array(json_scan *sc)
{
    if (!json_scan_enter(sc))
        return false;
    if (sc->i < sc->len && sc->s[sc->i] == ']') {
        sc->i++;
        sc->depth--;
        return true;
    }
    for (;;) {
        if (!json_scan_value(sc))
            return false;
        json_scan_ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == ',') {
            sc->i++;
            json_scan_ws(sc);
            if (sc->i < sc->len && sc->s[sc->i] == ']')
                return json_scan_fail(sc, COMPLY_EPARSE, "trailing comma before ']'");
            continue;
        }
        if (sc->i < sc->len && sc->s[sc->i] == ']') {
            sc->i++;
            sc->depth--;
            return true;
        }
        return json_scan_unexpected(sc, "',' or ']' after an array element");
    }
}

static bool json_scan_value(json_scan *sc)
{
    if (sc->i >= sc->len)
        return json_scan_unexpected(sc, "a JSON value");
    if (!json_scan_record(sc))
        return false;
    switch (sc->s[sc->i]) {
    case '{': return json_scan_object(sc);
    case '[': return json_scan_array(sc);
    case '"': return json_scan_string(sc);
    case 't': return json_scan_literal(sc, "true");
    case 'f': return json_scan_literal(sc, "false");
    case 'n': return json_scan_literal(sc, "null");
    default:
        if (sc->s[sc->i] == '-' || comply__is_digit(sc->s[sc->i]))
            return json_scan_number(sc);
        return json_scan_unexpected(sc, "a JSON value");
    }
}

/* ------------------------------------------------------- tree copying */

typedef struct json_copy {
    comply__arena *arena;
    const char *text;
    size_t text_len;
    const char *source;
    const json_place_pair *places;
    size_t n_places, next;
} json_copy;

static comply__jtype json_type_of(const cJSON *item)
{
    switch (item->type & 0xFF) {
    case cJSON_False: return COMPLY__JFALSE;
    case cJSON_True: return COMPLY__JTRUE;
    case cJSON_Number: return COMPLY__JNUMBER;
    case cJSON_String: return COMPLY__JSTRING;
    case cJSON_Array: return COMPLY__JARRAY;
    case cJSON_Object: return COMPLY__JOBJECT;
    default: return COMPLY__JNULL;
    }
}

static comply_status json_copy_node(json_copy *c, const cJSON *src, comply__jnode *dst)
{
    if (c->next >= c->n_places)
        return COMPLY_EPARSE; /* the two readers disagree: cannot happen */
    const json_place_pair *pl = &c->places[c->next++];
    memset(dst, 0, sizeof *dst);
    dst->type = json_type_of(src);
    dst->pos = pl->pos;
    dst->key_pos = pl->key_pos;
    dst->source = c->source;
    if (src->string && !(dst->key = comply__arena_strndup(c->arena, src->string, strlen(src->string))))
        return COMPLY_ENOMEM;
    if (dst->type == COMPLY__JSTRING) {
        dst->len = strlen(src->valuestring);
        if (!(dst->str = comply__arena_strndup(c->arena, src->valuestring, dst->len)))
            return COMPLY_ENOMEM;
    } else if (dst->type == COMPLY__JNUMBER) {
        /* Keep the literal so numbers are written back exactly as read. */
        const unsigned char *lit = (const unsigned char *)c->text + pl->pos.offset;
        dst->len = json_number_length(lit, c->text_len - pl->pos.offset);
        dst->number = src->valuedouble;
        if (!(dst->str = comply__arena_strndup(c->arena, (const char *)lit, dst->len)))
            return COMPLY_ENOMEM;
    } else if (dst->type == COMPLY__JARRAY || dst->type == COMPLY__JOBJECT) {
        size_t n = 0;
        for (const cJSON *k = src->child; k; k = k->next)
            n++;
        if (n) {
            if (n > SIZE_MAX / sizeof *dst->items ||
                !(dst->items = comply__arena_alloc(c->arena, n * sizeof *dst->items)))
                return COMPLY_ENOMEM;
        }
        dst->count = n;
        size_t i = 0;
        for (const cJSON *k = src->child; k; k = k->next) {
            comply_status st = json_copy_node(c, k, &dst->items[i++]);
            if (st != COMPLY_OK)
                return st;
        }
    }
    return COMPLY_OK;
}

static void json_error_at(comply_error *err, comply_status st, const char *msg, const char *source,
                          comply__jpos pos)
{
    comply__error_set(err, st, "%s", msg);
    comply__error_place(err, source, pos.line, pos.column, pos.offset, "");
}

comply_status comply__json_read(comply__arena *arena, const char *text, size_t len, const char *source,
                                unsigned max_depth, comply__jnode **root, comply_error *err)
{
    json_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.s = (const unsigned char *)text;
    sc.len = len;
    sc.line = 1;
    sc.alloc = arena->alloc;
    sc.max_depth = max_depth < JSON_HARD_MAX_DEPTH ? max_depth : JSON_HARD_MAX_DEPTH;
    /* RFC 8259 §8.1: a reader may ignore a byte order mark. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        sc.i = sc.line_start = 3;
    size_t bom = sc.i;
    json_scan_ws(&sc);
    if (sc.i >= sc.len)
        json_scan_fail(&sc, COMPLY_EPARSE, "empty document");
    else if (json_scan_value(&sc)) {
        json_scan_ws(&sc);
        if (sc.i < sc.len)
            json_scan_unexpected(&sc, "the end of the document");
    }
    comply_status st = sc.st;
    if (st != COMPLY_OK) {
        if (st == COMPLY_ENOMEM)
            comply__oom(err);
        else
            json_error_at(err, st, sc.msg, source, json_scan_pos(&sc));
        comply__free(sc.alloc, sc.places);
        return st;
    }

    cJSON *tree = cJSON_ParseWithLengthOpts(text + bom, len - bom, NULL, 0);
    if (!tree) {
        /* The syntax was checked above, so cJSON can only have failed to
         * allocate. */
        comply__free(sc.alloc, sc.places);
        return comply__oom(err);
    }
    json_copy c = { arena, text, len, source, sc.places, sc.n_places, 0 };
    comply__jnode *node = comply__arena_alloc(arena, sizeof *node);
    st = node ? json_copy_node(&c, tree, node) : COMPLY_ENOMEM;
    cJSON_Delete(tree);
    comply__free(sc.alloc, sc.places);
    if (st == COMPLY_ENOMEM)
        return comply__oom(err);
    if (st != COMPLY_OK)
        return comply__error_set(err, st, "internal JSON reader mismatch");
    *root = node;
    return COMPLY_OK;
}

const char *comply__json_type_name(comply__jtype type)
{
    switch (type) {
    case COMPLY__JNULL: return "null";
    case COMPLY__JFALSE:
    case COMPLY__JTRUE: return "a boolean";
    case COMPLY__JNUMBER: return "a number";
    case COMPLY__JSTRING: return "a string";
    case COMPLY__JARRAY: return "an array";
    case COMPLY__JOBJECT: return "an object";
    }
    return "a value";
}

void comply__json_path_key(char *dst, size_t size, const char *path, const char *key)
{
    if (snprintf(dst, size, "%s%s%s", path, path[0] ? "." : "", key) < 0)
        dst[0] = '\0';
}

void comply__json_path_index(char *dst, size_t size, const char *path, size_t i)
{
    if (snprintf(dst, size, "%s[%zu]", path, i) < 0)
        dst[0] = '\0';
}

comply_status comply__json_rule_errorv(comply_error *err, const char *source, const comply__jnode *node, bool at_key,
                                       const char *path, const char *fmt, va_list ap)
{
    comply__error_vset(err, COMPLY_ERULE, fmt, ap);
    comply__jpos pos = { 0, 0, 0 };
    if (node)
        pos = (at_key && node->key_pos.line) ? node->key_pos : node->pos;
    comply__error_place(err, source, pos.line, pos.column, pos.offset, path);
    return COMPLY_ERULE;
}

comply_status comply__json_rule_error(comply_error *err, const char *source, const comply__jnode *node, bool at_key,
                                      const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    comply_status st = comply__json_rule_errorv(err, source, node, at_key, path, fmt, ap);
    va_end(ap);
    return st;
}

const comply__jnode *comply__json_member(const comply__jnode *obj, const char *key)
{
    if (!obj || obj->type != COMPLY__JOBJECT)
        return NULL;
    for (size_t i = 0; i < obj->count; i++)
        if (strcmp(obj->items[i].key, key) == 0)
            return &obj->items[i];
    return NULL;
}

comply_status comply__json_clone(comply__arena *arena, const comply__jnode *src, comply__jnode *dst,
                                 comply__json_source_cache *cache)
{
    *dst = *src;
    if (src->key && !(dst->key = comply__arena_strndup(arena, src->key, strlen(src->key))))
        return COMPLY_ENOMEM;
    if (src->source) {
        /* Nodes of one document share their source name: copy it once. */
        if (src->source != cache->from) {
            const char *copy = comply__arena_strndup(arena, src->source, strlen(src->source));
            if (!copy)
                return COMPLY_ENOMEM;
            cache->from = src->source;
            cache->to = copy;
        }
        dst->source = cache->to;
    }
    if (src->str && !(dst->str = comply__arena_strndup(arena, src->str, src->len)))
        return COMPLY_ENOMEM;
    if (src->count) {
        if (!(dst->items = comply__arena_alloc(arena, src->count * sizeof *dst->items)))
            return COMPLY_ENOMEM;
        for (size_t i = 0; i < src->count; i++)
            if (comply__json_clone(arena, &src->items[i], &dst->items[i], cache) != COMPLY_OK)
                return COMPLY_ENOMEM;
    }
    return COMPLY_OK;
}

/* ------------------------------------------------------------ writing */

void comply__buf_init(comply__buf *b, const comply__alloc *alloc)
{
    memset(b, 0, sizeof *b);
    b->alloc = alloc;
}

void comply__buf_release(comply__buf *b)
{
    comply__free(b->alloc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static bool buf_reserve(comply__buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = comply__realloc(b->alloc, b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void comply__buf_append(comply__buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

char *comply__buf_extend(comply__buf *b, size_t n)
{
    if (!buf_reserve(b, n))
        return NULL;
    char *p = b->data + b->len;
    b->len += n;
    b->data[b->len] = '\0';
    return p;
}

void comply__buf_puts(comply__buf *b, const char *s)
{
    comply__buf_append(b, s, strlen(s));
}

void comply__buf_printf(comply__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    /* vsnprintf writes its NUL too: room for it, then drop it */
    char *room = comply__buf_extend(b, (size_t)n + 1);
    if (!room)
        return;
    va_start(ap, fmt);
    vsnprintf(room, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len--;
}

/* Writes a JSON string; bytes that are not valid UTF-8 become U+FFFD so the
 * output is always valid JSON. */
void comply__buf_json_string(comply__buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    comply__buf_append(b, "\"", 1);
    size_t run = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        const char *esc = NULL;
        char ubuf[7];
        size_t step = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20 || c == 0x7F) {
            memcpy(ubuf, "\\u00", 4);
            ubuf[4] = hex[c >> 4];
            ubuf[5] = hex[c & 15];
            ubuf[6] = '\0';
            esc = ubuf;
        } else if (c >= 0x80) {
            step = comply__utf8_sequence(u + i, len - i);
            if (step == 0) {
                esc = "\xEF\xBF\xBD";
                step = 1;
            }
        }
        if (esc) {
            comply__buf_append(b, s + i - run, run);
            run = 0;
            comply__buf_puts(b, esc);
        } else {
            run += step;
        }
        i += step;
    }
    comply__buf_append(b, s + len - run, run);
    comply__buf_append(b, "\"", 1);
}

static void json_write_indent(comply__buf *b, int pretty, unsigned depth)
{
    if (!pretty)
        return;
    comply__buf_append(b, "\n", 1);
    for (unsigned d = 0; d < depth; d++)
        comply__buf_append(b, "  ", 2);
}

void comply__json_write(comply__buf *b, const comply__jnode *node, int pretty, unsigned depth)
{
    switch (node->type) {
    case COMPLY__JNULL: comply__buf_puts(b, "null"); return;
    case COMPLY__JFALSE: comply__buf_puts(b, "false"); return;
    case COMPLY__JTRUE: comply__buf_puts(b, "true"); return;
    case COMPLY__JNUMBER: comply__buf_append(b, node->str, node->len); return;
    case COMPLY__JSTRING: comply__buf_json_string(b, node->str, node->len); return;
    case COMPLY__JARRAY:
    case COMPLY__JOBJECT: break;
    }
    bool obj = node->type == COMPLY__JOBJECT;
    comply__buf_append(b, obj ? "{" : "[", 1);
    for (size_t i = 0; i < node->count; i++) {
        if (i)
            comply__buf_append(b, ",", 1);
        json_write_indent(b, pretty, depth + 1);
        if (obj) {
            comply__buf_json_string(b, node->items[i].key, strlen(node->items[i].key));
            comply__buf_puts(b, pretty ? ": " : ":");
        }
        comply__json_write(b, &node->items[i], pretty, depth + 1);
    }
    if (node->count)
        json_write_indent(b, pretty, depth);
    comply__buf_append(b, obj ? "}" : "]", 1);
}
