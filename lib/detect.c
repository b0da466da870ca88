/*
 * detect.c - value detectors: a PCRE2 pattern (JIT-compiled once, when the
 * pack is layered) plus an optional validator, a base confidence and
 * context words; and the classification of single values.
 *
 * Patterns are matched byte-wise (no PCRE2_UTF): invalid UTF-8 in scanned
 * text can then never make a match fail, and no subject needs a UTF check.
 * Every match runs under a match limit and a depth limit, so no pattern can
 * backtrack without bound whatever the input.
 */
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

#define DETECT_DEFAULT_WINDOW 32u

static const char *const trigger_names[COMPLY__TRIGGER_COUNT] = { "text", "digits", "at", "colon", "value" };

static comply__trigger detect_trigger_of(const comply__jnode *entry)
{
    const comply__jnode *t = comply__json_member(entry, "trigger");
    if (t && t->type == COMPLY__JSTRING)
        for (int k = 0; k < COMPLY__TRIGGER_COUNT; k++)
            if (strcmp(trigger_names[k], t->str) == 0)
                return (comply__trigger)k;
    return COMPLY__TRIGGER_TEXT;
}

static double detect_number(const comply__jnode *obj, const char *key, double fallback)
{
    const comply__jnode *n = comply__json_member(obj, key);
    return (n && n->type == COMPLY__JNUMBER) ? n->number : fallback;
}

/* "needs" is a set of bytes like a regex class without brackets: "+",
 * "-/.", "A-Z" (a dash between two bytes is a range). */
static void detect_needs(comply__detector *d, const comply__jnode *needs)
{
    const unsigned char *p = needs ? (const unsigned char *)needs->str : NULL;
    size_t n = needs ? needs->len : 0;
    for (size_t i = 0; i < n; i++) {
        unsigned lo = p[i], hi = p[i];
        if (i + 2 < n && p[i + 1] == '-' && p[i + 2] >= p[i]) {
            hi = p[i + 2];
            i += 2;
        }
        for (unsigned b = lo; b <= hi; b++)
            d->needs_mask |= (uint64_t)1 << (b & 63); /* the summary scan.c makes of a window */
    }
}

/* Bit n set: a run of n digits (bit 63: 63 or more) lets the detector run. */
static uint64_t detect_digit_mask(unsigned lo, unsigned hi)
{
    lo = lo > 63 ? 63 : lo;
    hi = hi > 63 ? 63 : hi;
    uint64_t upto = hi >= 63 ? ~(uint64_t)0 : ((uint64_t)1 << (hi + 1)) - 1;
    return lo > hi ? 0 : upto & ~(((uint64_t)1 << lo) - 1);
}

static unsigned char word_first(const comply__jnode *word)
{
    return comply__to_lower((unsigned char)word->str[0]);
}

/* Sorts the words by their first byte (lower-cased; a stable insertion
 * sort, lists are short) and indexes where each byte's words start. */
static void detect_index_words(comply__detector *d)
{
    for (size_t i = 1; i < d->n_words; i++) {
        const comply__jnode *w = d->words[i];
        size_t j = i;
        for (; j > 0 && word_first(d->words[j - 1]) > word_first(w); j--)
            d->words[j] = d->words[j - 1];
        d->words[j] = w;
    }
    size_t w = 0;
    for (unsigned b = 0; b < 256; b++) {
        d->word_index[b] = (uint16_t)w;
        while (w < d->n_words && word_first(d->words[w]) == b)
            w++;
    }
    d->word_index[256] = (uint16_t)w;
}

/* Gathers the context words of every language, borrowed from the pack. */
static comply_status detect_words(const comply__alloc *alloc, comply__detector *d, const comply__jnode *context)
{
    const comply__jnode *words = comply__json_member(context, "words");
    size_t n = 0;
    for (size_t l = 0; words && l < words->count; l++)
        n += words->items[l].count;
    if (!n)
        return COMPLY_OK;
    if (n > UINT16_MAX)
        n = UINT16_MAX; /* the index is 16-bit: more words than that are ignored */
    d->words = comply__calloc(alloc, n, sizeof *d->words);
    if (!d->words)
        return COMPLY_ENOMEM;
    for (size_t l = 0; l < words->count; l++)
        for (size_t w = 0; w < words->items[l].count && d->n_words < n; w++) {
            const comply__jnode *word = &words->items[l].items[w];
            if (!word->len)
                continue;
            d->words[d->n_words++] = word;
            unsigned char lower = comply__to_lower((unsigned char)word->str[0]);
            unsigned char upper = comply__to_upper(lower);
            d->first_bytes[lower >> 5] |= 1u << (lower & 31);
            d->first_bytes[upper >> 5] |= 1u << (upper & 31);
        }
    detect_index_words(d);
    return COMPLY_OK;
}

static comply_status detect_compile_one(comply__detectors *set, comply__detector *d, const comply__jnode *entry)
{
    const comply__jnode *pattern = comply__json_member(entry, "pattern");
    const comply__jnode *validator = comply__json_member(entry, "validator");
    const comply__jnode *caseless = comply__json_member(entry, "caseless");
    const comply__jnode *digits = comply__json_member(entry, "digits");
    const comply__jnode *context = comply__json_member(entry, "context");
    d->id = entry->key;
    d->category = comply__json_member(entry, "category")->str;
    d->depth = 0; /* the category's depth is its number of dots */
    for (const char *p = d->category; *p; p++)
        d->depth += *p == '.';
    d->confidence = detect_number(entry, "confidence", 0.5);
    d->trigger = detect_trigger_of(entry);
    detect_needs(d, comply__json_member(entry, "needs"));
    d->max_digits = (unsigned)detect_number(digits, "max", 1024);
    d->digit_mask = detect_digit_mask((unsigned)detect_number(digits, "min", 0), d->max_digits);
    d->validate = validator ? comply__validator_find(validator->str) : NULL;
    d->window = context ? (unsigned)detect_number(context, "window", DETECT_DEFAULT_WINDOW) : 0;
    d->boost = context ? detect_number(context, "boost", 0.1) : 0;
    if (context && detect_words(set->alloc, d, context) != COMPLY_OK)
        return COMPLY_ENOMEM;
    int code;
    PCRE2_SIZE where;
    uint32_t flags = (caseless && caseless->type == COMPLY__JTRUE) ? PCRE2_CASELESS : 0;
    pcre2_compile_context *cc = pcre2_compile_context_create(set->gc);
    if (!cc)
        return COMPLY_ENOMEM;
    d->code = pcre2_compile((PCRE2_SPTR)pattern->str, pattern->len, flags, &code, &where, cc);
    pcre2_compile_context_free(cc);
    if (!d->code) /* the schema compiled it already: only memory can fail */
        return COMPLY_ENOMEM;
    /* Without JIT (some platforms) the interpreter gives the same results. */
    int jit = pcre2_jit_compile(d->code, PCRE2_JIT_COMPLETE);
    if (jit == PCRE2_ERROR_NOMEMORY)
        return COMPLY_ENOMEM;
    d->jit = jit == 0;
    return COMPLY_OK;
}

static comply_status detect_index_triggers(comply__detectors *set)
{
    for (int t = 0; t < COMPLY__TRIGGER_COUNT; t++) {
        set->by_trigger[t] = comply__calloc(set->alloc, set->n ? set->n : 1, sizeof *set->by_trigger[t]);
        if (!set->by_trigger[t])
            return COMPLY_ENOMEM;
    }
    for (size_t i = 0; i < set->n; i++) {
        int t = set->v[i].trigger;
        set->by_trigger[t][set->n_by_trigger[t]++] = i;
    }
    return COMPLY_OK;
}

comply_status comply__detectors_build(const comply__alloc *alloc, const comply__jnode *const *entries, size_t n, uint32_t match_limit,
                                      uint32_t depth_limit, comply__detectors **out, comply_error *err)
{
    comply__detectors *set = comply__calloc(alloc, 1, sizeof *set);
    if (!set)
        return comply__oom(err);
    set->alloc = alloc;
    comply_status st = COMPLY_ENOMEM;
    set->gc = comply__pcre2_general_context(alloc);
    set->mc = set->gc ? pcre2_match_context_create(set->gc) : NULL;
    set->v = comply__calloc(alloc, n ? n : 1, sizeof *set->v);
    if (!set->mc || !set->v)
        goto out;
    pcre2_set_match_limit(set->mc, match_limit);
    pcre2_set_depth_limit(set->mc, depth_limit);
    for (size_t i = 0; i < n; i++) {
        set->n = i + 1;
        if (detect_compile_one(set, &set->v[i], entries[i]) != COMPLY_OK)
            goto out;
    }
    set->n = n;
    if (detect_index_triggers(set) != COMPLY_OK)
        goto out;
    *out = set;
    return COMPLY_OK;
out:
    comply__detectors_free(set);
    return st == COMPLY_ENOMEM ? comply__oom(err) : st;
}

void comply__detectors_free(comply__detectors *set)
{
    if (!set)
        return;
    const comply__alloc *alloc = set->alloc;
    for (size_t i = 0; i < set->n; i++) {
        pcre2_code_free(set->v[i].code);
        comply__free(alloc, set->v[i].words);
    }
    for (int t = 0; t < COMPLY__TRIGGER_COUNT; t++)
        comply__free(alloc, set->by_trigger[t]);
    comply__free(alloc, set->v);
    pcre2_match_context_free(set->mc);
    pcre2_general_context_free(set->gc);
    comply__free(alloc, set);
}

/* ------------------------------------------------------------ matching */

pcre2_match_data *comply__detect_match_data(const comply__detectors *set)
{
    /* Only the whole match is read: one pair of offsets is enough. */
    return pcre2_match_data_create(1, set->gc);
}

int comply__detect_match(const comply__detectors *set, const comply__detector *d, const char *subject,
                         size_t subject_len, size_t start, uint32_t options, pcre2_match_data *md,
                         size_t *m_start, size_t *m_end)
{
    /* pcre2_jit_match skips the option checks of pcre2_match: the subject
     * is never checked as UTF-8 anyway (byte mode). */
    int rc = d->jit ? pcre2_jit_match(d->code, (PCRE2_SPTR)subject, subject_len, start, options, md, set->mc)
                    : pcre2_match(d->code, (PCRE2_SPTR)subject, subject_len, start, options, md, set->mc);
    if (rc < 0)
        return rc; /* no match, or a limit reached: no match either */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    *m_start = ov[0];
    *m_end = ov[1];
    return 1;
}

static bool ascii_equal_nocase(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (comply__to_lower(a[i]) != comply__to_lower(b[i]))
            return false;
    return true;
}

/* Does a context word start at text[i]? Only the words that begin with
 * that byte (lower-cased) are tried. */
static bool detect_word_at(const comply__detector *d, const unsigned char *text, size_t i, size_t to)
{
    unsigned char b = comply__to_lower(text[i]);
    for (size_t w = d->word_index[b]; w < d->word_index[b + 1]; w++) {
        const comply__jnode *word = d->words[w];
        if (word->len <= to - i && ascii_equal_nocase(text + i, (const unsigned char *)word->str, word->len))
            return true;
    }
    return false;
}

/* One pass over the window: only bytes that can start a word (the
 * detector's first-byte set, built with the pack) and follow no letter
 * are looked at: context words are whole words, or their beginnings. */
static bool detect_is_letter(unsigned char b)
{
    return comply__is_alpha(b) || b >= 0x80;
}

static bool detect_word_start_at(const comply__detector *d, const unsigned char *text, size_t i, size_t from,
                                 size_t to)
{
    return (d->first_bytes[text[i] >> 5] >> (text[i] & 31)) & 1u && (i == from || !detect_is_letter(text[i - 1])) &&
           detect_word_at(d, text, i, to);
}

#ifdef __SSE2__
/* Bit k set when text[k] is a letter (ASCII or any byte of a multi-byte
 * UTF-8 character), for 16 bytes. */
static unsigned detect_letters16(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i from_a = _mm_sub_epi8(low, _mm_set1_epi8('a'));
    __m128i alpha = _mm_cmpeq_epi8(_mm_min_epu8(from_a, _mm_set1_epi8(25)), from_a);
    __m128i high = _mm_cmplt_epi8(v, _mm_setzero_si128()); /* bytes >= 0x80 */
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(alpha, high));
}
#endif

static bool detect_words_in(const comply__detector *d, const unsigned char *text, size_t from, size_t to)
{
    size_t i = from;
#ifdef __SSE2__
    /* Only the starts of words are looked at: a letter after a non-letter.
     * Sixteen bytes at a time find them; the rest of the window is read
     * byte by byte below. */
    bool prev_letter = i > from; /* never true at `from`: a word may start there */
    while (to - i >= 16) {
        unsigned letters = detect_letters16(text + i);
        unsigned starts = letters & ~((letters << 1) | (prev_letter ? 1u : 0u));
        while (starts) {
            size_t k = i + (size_t)__builtin_ctz(starts);
            if (detect_word_start_at(d, text, k, from, to))
                return true;
            starts &= starts - 1;
        }
        prev_letter = (letters >> 15) & 1u;
        i += 16;
    }
#endif
    for (; i < to; i++)
        if (detect_word_start_at(d, text, i, from, to))
            return true;
    return false;
}

double comply__detect_context(const comply__detector *d, const char *text, size_t lo, size_t hi, size_t m_start,
                              size_t m_end)
{
    if (!d->n_words)
        return d->confidence;
    size_t from = m_start - lo > d->window ? m_start - d->window : lo;
    size_t to = hi - m_end > d->window ? m_end + d->window : hi;
    const unsigned char *t = (const unsigned char *)text;
    if (detect_words_in(d, t, from, m_start) || detect_words_in(d, t, m_end, to)) {
        double c = d->confidence + d->boost;
        return c > 1.0 ? 1.0 : c;
    }
    return d->confidence;
}

bool comply__detect_validate(const comply__detector *d, const char *s, size_t len, const char **detail)
{
    *detail = NULL;
    if (!d->validate)
        return true;
    comply_validation v = { 0, NULL, NULL };
    if (!d->validate(s, len, &v))
        return false;
    *detail = v.detail;
    return true;
}

/* ------------------------------------------------------ classify_value */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static bool better_class(const comply__detector *d, double confidence, const comply_class *best,
                         unsigned best_depth)
{
    if (!best->category)
        return true;
    if (confidence != best->confidence)
        return confidence > best->confidence;
    return d->depth > best_depth;
}

comply_status comply_classify_value(const comply_rules *rules, const char *value, size_t len, comply_class *out,
                                    comply_error *err)
{
    if (!rules || !out || (!value && len))
        return comply__error_set(err, COMPLY_EINVAL, "rules, value and out are required");
    memset(out, 0, sizeof *out);
    while (len && is_space((unsigned char)value[0]))
        value++, len--;
    while (len && is_space((unsigned char)value[len - 1]))
        len--;
    const comply__detectors *set = comply__rules_detectors(rules);
    if (!len || len > COMPLY_MAX_VALUE_BYTES || !set || !set->n)
        return COMPLY_OK;
    pcre2_match_data *md = comply__detect_match_data(set);
    if (!md)
        return comply__oom(err);
    unsigned best_depth = 0;
    for (size_t i = 0; i < set->n; i++) {
        const comply__detector *d = &set->v[i];
        size_t s, e;
        const char *detail;
        if (comply__detect_match(set, d, value, len, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, &s, &e) < 1)
            continue;
        if (!comply__detect_validate(d, value, len, &detail) || !better_class(d, d->confidence, out, best_depth))
            continue;
        out->category = d->category;
        out->confidence = d->confidence;
        out->by = d->id;
        out->detail = detail;
        best_depth = d->depth;
    }
    pcre2_match_data_free(md);
    return COMPLY_OK;
}
