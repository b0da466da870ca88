/*
 * scan.c - finding personal values in free text, in one buffer or in a
 * stream of chunks, and redacting them.
 *
 * Running every pattern over every byte would be slow, so one pass over the
 * bytes looks for the few places where a value can be: runs of digits,
 * '@' and ':'. Around each, the detectors whose trigger fits run their
 * JIT-compiled pattern on a small window only, then their validator. Text
 * is cut into regions at line ends (or other safe places), so memory stays
 * bounded and a streamed value split across chunks is still seen whole.
 */
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

#define SCAN_REGION ((size_t)64 * 1024)      /* size of a region, aimed for */
#define SCAN_MAX_REGION ((size_t)1024 * 1024) /* cut even without a safe place past this */
#define SCAN_HISTORY ((size_t)1024)           /* bytes kept before a region for context words */
/* A digit pattern may start a few bytes before a run of digits ("+", "(+",
 * "FR ", the country code of an IBAN) and end a few bytes after it; runs
 * closer than DIGIT_GAP (letter groups inside an IBAN, "2A" in a Corsican
 * NIR) share one window. */
#define DIGIT_BEFORE 4u
#define DIGIT_AFTER 4u
#define DIGIT_GAP 12u
#define AT_LOCAL_MAX 64u  /* RFC 5321 §4.5.3.1.1: local part */
#define AT_DOMAIN_MAX 255u
#define COLON_REACH 48u
#define URL_MAX 2048u

enum { B_OTHER = 0, B_DIGIT = 1, B_AT = 2, B_COLON = 3 };

/* The class of every byte: the hot loop is one table load per byte. */
static const unsigned char scan_byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 0, 0, 0, 0,
    2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,};

enum { CAND_OPEN = 0, CAND_KEPT, CAND_DROPPED };

typedef struct scan_cand {
    size_t start, end;
    int state;            /* during overlap resolution */
    bool context_pending; /* context words not looked for yet */
    double confidence;
    const comply__detector *d;
    const char *detail;
} scan_cand;

typedef struct scan_ctx {
    const comply__detectors *set;
    double min_confidence;
    comply_span_fn on_span;
    void *user;
    pcre2_match_data *md;
    scan_cand *cands;
    size_t n_cands, cap_cands;
    bool stopped;
    bool oom;
    /* the region being scanned: subject is text[0 .. hi), matches lie in [lo, hi) */
    const char *text;
    size_t lo, hi;
    size_t base;  /* stream offset of text[0] */
    size_t avail; /* text[0, avail) may be read, for context words */
} scan_ctx;

static uint64_t scan_count_bit(unsigned n)
{
    return (uint64_t)1 << (n > 63 ? 63 : n);
}

/* What the runs of digits of a window hold, for choosing detectors. */
typedef struct scan_digits {
    uint64_t whole; /* bit n: a run of n digits */
    unsigned runs;   /* runs in the window */
    size_t last_end; /* end of the last run */
    unsigned longest;
    size_t longest_start, longest_end; /* where the longest run lies */
} scan_digits;

/* Values written one after the other with a space between them make one
 * run ("192.168.0.1 4111111111111111 06 12 34 56 78"): the digit counts of
 * every stretch of the run between two spaces (or its ends). */
static uint64_t scan_run_parts(const unsigned char *t, size_t start, size_t end)
{
    unsigned group[64], n = 0;
    group[0] = 0;
    for (size_t i = start; i < end && n < 63; i++) {
        if (t[i] == ' ')
            group[++n] = 0;
        else if (comply__is_digit(t[i]))
            group[n]++;
    }
    uint64_t parts = 0;
    for (unsigned a = 0; a <= n; a++) {
        unsigned sum = 0;
        for (unsigned b = a; b <= n; b++) {
            sum += group[b];
            parts |= scan_count_bit(sum);
        }
    }
    return parts;
}

/* ------------------------------------------------------------ candidates */

static bool scan_is_sep(unsigned char b)
{
    return b == ' ' || b == '-' || b == '.' || b == '/';
}

static size_t scan_context_lo(const scan_ctx *c)
{
    return c->lo > SCAN_HISTORY ? c->lo - SCAN_HISTORY : 0;
}

/* Context words are looked for past the region's end too (up to
 * SCAN_HISTORY bytes on), so that a cut never hides one. */
static size_t scan_context_hi(const scan_ctx *c)
{
    return c->avail - c->hi > SCAN_HISTORY ? c->hi + SCAN_HISTORY : c->avail;
}

/* Context words are looked for only when they decide whether a candidate
 * is reported; otherwise they are looked for once it has won its place
 * (scan_emit), since most candidates of a dense text overlap another. */
static void scan_add(scan_ctx *c, const comply__detector *d, size_t s, size_t e, const char *detail)
{
    double conf = d->confidence;
    bool pending = false;
    if (d->n_words) {
        if (conf >= c->min_confidence)
            pending = true;
        else if (conf + d->boost < c->min_confidence)
            return;
        else
            conf = comply__detect_context(d, c->text, scan_context_lo(c), scan_context_hi(c), s, e);
    }
    if (conf < c->min_confidence)
        return;
    if (c->n_cands == c->cap_cands) {
        size_t cap = c->cap_cands ? c->cap_cands * 2 : 256;
        scan_cand *v = comply__realloc(c->set->alloc, c->cands, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        c->cands = v;
        c->cap_cands = cap;
    }
    scan_cand *k = &c->cands[c->n_cands++];
    k->start = s;
    k->end = e;
    k->confidence = conf;
    k->d = d;
    k->detail = detail;
    k->state = CAND_OPEN;
    k->context_pending = pending;
}

/* Is a byte that triggers `t` left in text[from, to)? When none is, the
 * window holds no further match for a pattern of that trigger. */
static bool scan_trigger_left(const scan_ctx *c, comply__trigger t, size_t from, size_t to)
{
    static const unsigned char wanted[COMPLY__TRIGGER_COUNT] = {
        [COMPLY__TRIGGER_DIGITS] = B_DIGIT, [COMPLY__TRIGGER_AT] = B_AT, [COMPLY__TRIGGER_COLON] = B_COLON,
    };
    if (!wanted[t])
        return true;
    const unsigned char *p = (const unsigned char *)c->text;
    for (size_t i = from; i < to; i++)
        if (scan_byte_class[p[i]] == wanted[t])
            return true;
    return false;
}

/* A greedy pattern can swallow the next number ("+44 20 7946 0958 12"):
 * when the validator refuses a match, its shorter readings that end just
 * before a separator are tried, longest first. */
static size_t scan_shorter(scan_ctx *c, const comply__detector *d, size_t s, size_t e, const char **detail)
{
    const unsigned char *t = (const unsigned char *)c->text;
    for (size_t k = e - 1; k > s + 1; k--) {
        if (!scan_is_sep(t[k]) || !comply__is_alnum(t[k - 1]))
            continue;
        size_t ms, me;
        if (comply__detect_match(c->set, d, c->text, k, s, PCRE2_ANCHORED | PCRE2_ENDANCHORED, c->md, &ms, &me) ==
                1 &&
            comply__detect_validate(d, c->text + s, k - s, detail))
            return k;
    }
    return 0;
}

/* Runs one detector over text[from, to): every match that starts there
 * and passes the validator becomes a candidate. After a match that fails
 * the validator the search goes on one byte later, so that a shifted
 * reading can still be tried. */
static void scan_window(scan_ctx *c, const comply__detector *d, size_t from, size_t to)
{
    size_t pos = from;
    while (pos < to && !c->oom) {
        size_t s, e, shorter;
        if (comply__detect_match(c->set, d, c->text, to, pos, 0, c->md, &s, &e) < 1)
            return;
        const char *detail;
        if (e > s && comply__detect_validate(d, c->text + s, e - s, &detail)) {
            scan_add(c, d, s, e, detail);
            pos = e;
            if (!scan_trigger_left(c, d->trigger, pos, to))
                return;
        } else if (e > s && (shorter = scan_shorter(c, d, s, e, &detail)) != 0) {
            scan_add(c, d, s, shorter, detail);
            pos = shorter;
        } else {
            pos = s + 1;
        }
    }
}

/* A cheap summary of the bytes of a window: bit (b & 63) for each byte b.
 * Two bytes may share a bit, so a detector may run for nothing, but one
 * never misses a window that holds a byte it needs. */
static uint64_t scan_window_bytes(const unsigned char *t, size_t from, size_t to)
{
    uint64_t m = 0;
    for (size_t i = from; i < to; i++)
        m |= (uint64_t)1 << (t[i] & 63);
    return m;
}

/* Once a candidate covers a lone run of digits exactly, from its first
 * digit to its last, with no letter, '+' or '(' before it and no letter
 * after it, no other pattern can find a longer value there: the window is
 * done. */
static bool scan_run_settled(const scan_ctx *c, const scan_digits *dg, size_t first_cand)
{
    if (dg->runs != 1)
        return false;
    const unsigned char *t = (const unsigned char *)c->text;
    size_t s = dg->longest_start, e = dg->longest_end;
    if ((s > c->lo && (comply__is_alnum(t[s - 1]) || t[s - 1] == '+' || t[s - 1] == '(' || t[s - 1] >= 0x80)) ||
        (e < c->hi && (comply__is_alnum(t[e]) || t[e] >= 0x80)))
        return false;
    for (size_t i = first_cand; i < c->n_cands; i++)
        if (c->cands[i].start == s && c->cands[i].end == e)
            return true;
    return false;
}

/* Runs the detectors of trigger `t` on text[from, to). A digit detector
 * runs when a run of the window has a number of digits in its range; when
 * nothing found covers the longest run, the detectors for which that run
 * is too long run too if one of its parts fits (two values written with a
 * space between them). */
static void scan_trigger(scan_ctx *c, comply__trigger t, size_t from, size_t to, const scan_digits *dg)
{
    const comply__detectors *set = c->set;
    uint64_t bytes = 0, parts = 0;
    bool summed = false, by_parts = false;
    size_t first_cand = c->n_cands;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < set->n_by_trigger[t]; k++) {
            const comply__detector *d = &set->v[set->by_trigger[t][k]];
            if (t == COMPLY__TRIGGER_DIGITS) {
                bool fits = by_parts ? !(dg->whole & d->digit_mask) && dg->longest > d->max_digits &&
                                           (parts & d->digit_mask)
                                     : (dg->whole & d->digit_mask) != 0;
                if (!fits)
                    continue;
            } else if (pass) {
                return;
            }
            if (d->needs_mask) {
                if (!summed) {
                    /* the bytes after the last digit never hold what a
                     * value needs: only letters of the next word */
                    size_t end = t == COMPLY__TRIGGER_DIGITS && dg->last_end > from ? dg->last_end : to;
                    bytes = scan_window_bytes((const unsigned char *)c->text, from, end);
                    summed = true;
                }
                if (!(bytes & d->needs_mask))
                    continue;
            }
            scan_window(c, d, from, to);
            if (t == COMPLY__TRIGGER_DIGITS && scan_run_settled(c, dg, first_cand))
                return;
        }
        if (t != COMPLY__TRIGGER_DIGITS || pass)
            return;
        for (size_t i = first_cand; i < c->n_cands; i++)
            if (c->cands[i].start <= dg->longest_start && c->cands[i].end >= dg->longest_end)
                return;
        parts = scan_run_parts((const unsigned char *)c->text, dg->longest_start, dg->longest_end);
        by_parts = true;
    }
}

/* ----------------------------------------------------- finding windows */


/* A run of digits with single separators inside ("06 12 34 56 78",
 * "4111-1111", "+33 (0)6 12", "192.168.0.1"); returns its end. */
static size_t scan_digit_run(const unsigned char *t, size_t i, size_t end, scan_digits *dg)
{
    size_t start = i;
    unsigned n = 0;
    while (i < end) {
        unsigned char b = t[i];
        if (comply__is_digit(b)) {
            n++;
            i++;
        } else if ((scan_is_sep(b) || b == '(' || b == ')') && i + 1 < end &&
                   (comply__is_digit(t[i + 1]) || t[i + 1] == '(')) {
            i++;
        } else if (b == ')' && i + 1 < end && t[i + 1] == ' ' && i + 2 < end && comply__is_digit(t[i + 2])) {
            i += 2;
        } else {
            break;
        }
    }
    dg->whole |= scan_count_bit(n);
    dg->runs++;
    dg->last_end = i;
    if (n > dg->longest) {
        dg->longest = n;
        dg->longest_start = start;
        dg->longest_end = i;
    }
    return i;
}

/* Runs of digits close to each other share one window; returns where the
 * byte walk resumes (the end of the last run, not of the window, so that
 * an '@' or ':' inside the window is still seen). */
static size_t scan_digits_at(scan_ctx *c, size_t i)
{
    const unsigned char *t = (const unsigned char *)c->text;
    scan_digits dg = { 0, 0, 0, 0, 0, 0 };
    size_t first = i, last_end = i;
    for (;;) {
        last_end = scan_digit_run(t, i, c->hi, &dg);
        size_t next = last_end;
        size_t limit = c->hi - last_end > DIGIT_GAP ? last_end + DIGIT_GAP : c->hi;
        /* an '@' or ':' in between ends the group: the byte walk must see it */
        while (next < limit && scan_byte_class[t[next]] == B_OTHER && t[next] != '\n')
            next++;
        if (next >= limit || !comply__is_digit(t[next]))
            break;
        i = next;
    }
    size_t from = first - c->lo > DIGIT_BEFORE ? first - DIGIT_BEFORE : c->lo;
    size_t to = c->hi - last_end > DIGIT_AFTER ? last_end + DIGIT_AFTER : c->hi;
    scan_trigger(c, COMPLY__TRIGGER_DIGITS, from, to, &dg);
    return last_end;
}

static bool scan_local_byte(unsigned char b)
{
    return comply__is_alnum(b) || b >= 0x80 || (b && strchr(".!#$%&'*+/=?^_`{|}~-", b));
}

static bool scan_domain_byte(unsigned char b)
{
    return comply__is_alnum(b) || b >= 0x80 || b == '-' || b == '.';
}

static void scan_at(scan_ctx *c, size_t at)
{
    const unsigned char *t = (const unsigned char *)c->text;
    size_t from = at, to = at + 1;
    while (from > c->lo && at - from < AT_LOCAL_MAX && scan_local_byte(t[from - 1]))
        from--;
    while (to < c->hi && to - at <= AT_DOMAIN_MAX && scan_domain_byte(t[to]))
        to++;
    if (from < at && to > at + 1)
        scan_trigger(c, COMPLY__TRIGGER_AT, from, to, NULL);
}

static bool scan_colon_byte(unsigned char b)
{
    return comply__is_digit(b) || (comply__to_lower(b) >= 'a' && comply__to_lower(b) <= 'f') || b == ':' ||
           b == '.' || b == '%';
}

static bool scan_url_byte(unsigned char b)
{
    return b > 0x20 && b != 0x7F && b != '"' && b != '<' && b != '>' && b != '`';
}

/* Around ':' are IPv6 addresses, MAC addresses and URLs; a lone colon
 * (a time, "Contact:") is skipped without running any pattern. Returns
 * where the byte walk resumes. */
static size_t scan_colon(scan_ctx *c, size_t colon)
{
    const unsigned char *t = (const unsigned char *)c->text;
    size_t from = colon, to = colon + 1;
    bool url = c->hi - colon >= 3 && t[colon + 1] == '/' && t[colon + 2] == '/';
    while (from > c->lo && colon - from < COLON_REACH &&
           (scan_colon_byte(t[from - 1]) || (url && comply__is_alpha(t[from - 1]))))
        from--;
    unsigned colons = 1;
    if (url) {
        while (to < c->hi && to - colon < URL_MAX && scan_url_byte(t[to]))
            to++;
    } else {
        while (to < c->hi && to - colon < COLON_REACH && scan_colon_byte(t[to]))
            colons += t[to++] == ':';
        for (size_t k = from; k < colon; k++)
            colons += t[k] == ':';
    }
    if (!url && colons < 2)
        return colon + 1;
    scan_trigger(c, COMPLY__TRIGGER_COLON, from, to, NULL);
    return to;
}

/* The next byte at or after i that may start a value (digit, '@', ':'):
 * sixteen bytes at a time where SSE2 is there, since most text is prose. */
static size_t scan_skip(const unsigned char *t, size_t i, size_t end)
{
#ifdef __SSE2__
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i at = _mm_set1_epi8('@'), colon = _mm_set1_epi8(':');
    while (end - i >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i d = _mm_sub_epi8(v, zero);
        __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d); /* (b - '0') <= 9, unsigned */
        __m128i hit = _mm_or_si128(digit, _mm_or_si128(_mm_cmpeq_epi8(v, at), _mm_cmpeq_epi8(v, colon)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
        i += 16;
    }
#endif
    while (i < end && scan_byte_class[t[i]] == B_OTHER)
        i++;
    return i;
}

static void scan_find(scan_ctx *c)
{
    const unsigned char *t = (const unsigned char *)c->text;
    size_t i = c->lo, end = c->hi;
    bool digits = c->set->n_by_trigger[COMPLY__TRIGGER_DIGITS] > 0;
    bool at = c->set->n_by_trigger[COMPLY__TRIGGER_AT] > 0;
    bool colon = c->set->n_by_trigger[COMPLY__TRIGGER_COLON] > 0;
    while (i < end && !c->oom) {
        unsigned char k = scan_byte_class[t[i]];
        if (k == B_OTHER) {
            i = scan_skip(t, i + 1, end);
        } else if (k == B_DIGIT) {
            /* a run starts here unless we are in the middle of a word like "mp3" */
            i = digits ? scan_digits_at(c, i) : i + 1;
            while (i < end && comply__is_digit(t[i]))
                i++;
        } else if (k == B_AT) {
            if (at)
                scan_at(c, i);
            i++;
        } else {
            i = colon ? scan_colon(c, i) : i + 1;
        }
    }
    for (size_t k = 0; k < c->set->n_by_trigger[COMPLY__TRIGGER_TEXT] && !c->oom; k++)
        scan_window(c, &c->set->v[c->set->by_trigger[COMPLY__TRIGGER_TEXT][k]], c->lo, c->hi);
}

/* ----------------------------------------------------------- resolving */

static int cand_by_start(const void *a, const void *b)
{
    const scan_cand *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->end > y->end) - (x->end < y->end);
}

static bool cand_sorted(const scan_cand *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (cand_by_start(&v[i - 1], &v[i]) > 0)
            return false;
    return true;
}

/* Is x preferred to y: longer, then more confident, then more specific? */
static bool cand_better(const scan_cand *x, const scan_cand *y)
{
    size_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx > ly;
    if (x->confidence != y->confidence)
        return x->confidence > y->confidence;
    return x->d->depth > y->d->depth;
}

/* Resolves one cluster of candidates that overlap one another: the best
 * open one is kept and those it overlaps are dropped, until none is open.
 * Clusters are a handful of candidates, so quadratic is fine. */
static void scan_resolve_cluster(scan_cand *v, size_t n)
{
    for (;;) {
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (v[i].state == CAND_OPEN && (best == n || cand_better(&v[i], &v[best])))
                best = i;
        if (best == n)
            return;
        v[best].state = CAND_KEPT;
        for (size_t i = 0; i < n; i++)
            if (v[i].state == CAND_OPEN && v[i].start < v[best].end && v[i].end > v[best].start)
                v[i].state = CAND_DROPPED;
    }
}

/* Overlapping candidates are resolved cluster by cluster; the survivors
 * are left in order of start. */
static void scan_resolve(scan_ctx *c)
{
    scan_cand *v = c->cands;
    size_t n = c->n_cands, out = 0;
    if (!cand_sorted(v, n))
        qsort(v, n, sizeof *v, cand_by_start);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1, end = v[i].end;
        while (j < n && v[j].start < end) {
            if (v[j].end > end)
                end = v[j].end;
            j++;
        }
        if (j - i == 1) {
            v[out++] = v[i];
        } else {
            scan_resolve_cluster(v + i, j - i);
            for (size_t k = i; k < j; k++)
                if (v[k].state == CAND_KEPT)
                    v[out++] = v[k];
        }
        i = j;
    }
    c->n_cands = out;
}

static void scan_emit(scan_ctx *c)
{
    for (size_t i = 0; i < c->n_cands && !c->stopped; i++) {
        const scan_cand *k = &c->cands[i];
        double conf = k->context_pending
                          ? comply__detect_context(k->d, c->text, scan_context_lo(c), scan_context_hi(c), k->start, k->end)
                          : k->confidence;
        comply_span sp = { c->base + k->start, c->base + k->end, k->d->category, conf, k->d->id, k->detail };
        if (c->on_span(&sp, c->user))
            c->stopped = true;
    }
    c->n_cands = 0;
}

/* Scans text[lo, hi): candidates, resolution, then the callback. */
static void scan_region(scan_ctx *c, const char *text, size_t lo, size_t hi, size_t base)
{
    c->text = text;
    c->lo = lo;
    c->hi = hi;
    c->base = base;
    c->n_cands = 0;
    scan_find(c);
    if (!c->oom)
        scan_resolve(c);
    if (!c->oom)
        scan_emit(c);
}

/* Where a region starting at `from` may end, given text[0, len): after
 * the first line end past SCAN_REGION, or else at a space with no digit on
 * either side, or at worst SCAN_MAX_REGION on. While the text is not all
 * there (`final` false), 0 until the answer cannot change with more text,
 * so that a stream is cut exactly where the whole text would be;
 * `*searched` remembers how far line ends were looked for. */
static size_t scan_boundary(const char *text, size_t from, size_t len, bool final, size_t *searched)
{
    if (len - from <= SCAN_REGION)
        return final ? len : 0;
    size_t target = from + SCAN_REGION;
    bool complete = final || len - from >= SCAN_MAX_REGION;
    size_t limit = len - from > SCAN_MAX_REGION ? from + SCAN_MAX_REGION : len;
    size_t start = (*searched > target && *searched <= limit) ? *searched : target;
    const char *nl = memchr(text + start, '\n', limit - start);
    if (nl)
        return (size_t)(nl - text) + 1;
    *searched = limit;
    if (!complete)
        return 0;
    const unsigned char *t = (const unsigned char *)text;
    for (size_t p = target; p + 1 < limit; p++)
        if ((t[p] == ' ' || t[p] == '\t') && !comply__is_digit(t[p - 1]) && !comply__is_digit(t[p + 1]) &&
            t[p + 1] != '+' && t[p + 1] != '(')
            return p + 1;
    return limit; /* no value is that long: cut anyway */
}

/* ----------------------------------------------------------------- API */

static comply_status scan_ctx_init(scan_ctx *c, const comply_rules *rules, const comply_scan_options *opts,
                                   comply_span_fn on_span, void *user, comply_error *err)
{
    memset(c, 0, sizeof *c);
    if (opts && opts->version != COMPLY_SCAN_OPTIONS_VERSION)
        return comply__error_set(err, COMPLY_EINVAL, "unknown scan options version %u", opts->version);
    c->set = comply__rules_detectors(rules);
    c->min_confidence = opts ? opts->min_confidence : COMPLY_DEFAULT_MIN_CONFIDENCE;
    c->on_span = on_span;
    c->user = user;
    c->md = comply__detect_match_data(c->set);
    return c->md ? COMPLY_OK : comply__oom(err);
}

static void scan_ctx_release(scan_ctx *c)
{
    if (!c->set)
        return;
    pcre2_match_data_free(c->md);
    comply__free(c->set->alloc, c->cands);
    c->md = NULL;
    c->cands = NULL;
}

comply_status comply_scan_text(const comply_rules *rules, const char *text, size_t len,
                               const comply_scan_options *opts, comply_span_fn on_span, void *user,
                               comply_error *err)
{
    if (!rules || !on_span || (!text && len))
        return comply__error_set(err, COMPLY_EINVAL, "rules, text and on_span are required");
    scan_ctx c;
    comply_status st = scan_ctx_init(&c, rules, opts, on_span, user, err);
    c.avail = len;
    for (size_t from = 0; st == COMPLY_OK && from < len && !c.stopped;) {
        size_t searched = 0;
        size_t to = scan_boundary(text, from, len, true, &searched);
        scan_region(&c, text, from, to, 0);
        if (c.oom)
            st = comply__oom(err);
        from = to;
    }
    scan_ctx_release(&c);
    return st;
}

struct comply_scanner {
    scan_ctx ctx;
    const comply__alloc *alloc;
    char *buf;
    size_t len, cap;
    size_t base; /* stream offset of buf[0] */
    size_t done;     /* buf[0, done) has been scanned */
    size_t searched; /* line ends looked for up to here (scan_boundary) */
    bool finished;
};

comply_status comply_scanner_new(comply_scanner **out, const comply_rules *rules, const comply_scan_options *opts,
                                 comply_span_fn on_span, void *user, comply_error *err)
{
    if (!out || !rules || !on_span)
        return comply__error_set(err, COMPLY_EINVAL, "out, rules and on_span are required");
    *out = NULL;
    const comply__alloc *alloc = comply__rules_alloc(rules);
    comply_scanner *s = comply__calloc(alloc, 1, sizeof *s);
    if (!s)
        return comply__oom(err);
    s->alloc = alloc;
    comply_status st = scan_ctx_init(&s->ctx, rules, opts, on_span, user, err);
    if (st != COMPLY_OK) {
        comply_scanner_free(s);
        return st;
    }
    *out = s;
    return COMPLY_OK;
}

static comply_status scanner_append(comply_scanner *s, const char *chunk, size_t len, comply_error *err)
{
    if (len == 0)
        return COMPLY_OK;
    if (len > SIZE_MAX - s->len)
        return comply__oom(err);
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap : SCAN_REGION * 2;
        while (cap < s->len + len)
            cap = cap > SIZE_MAX / 2 ? s->len + len : cap * 2;
        char *b = comply__realloc(s->alloc, s->buf, cap);
        if (!b)
            return comply__oom(err);
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, chunk, len);
    s->len += len;
    return COMPLY_OK;
}

/* Scans every region that is known to be complete, then forgets what is
 * no longer needed (keeping SCAN_HISTORY bytes for context words). */
static comply_status scanner_drain(comply_scanner *s, bool final, comply_error *err)
{
    while (s->done < s->len && !s->ctx.stopped) {
        size_t to = scan_boundary(s->buf, s->done, s->len, final, &s->searched);
        /* context words may lie past the region's end: wait for them */
        if (!to || (!final && s->len - to < SCAN_HISTORY))
            break;
        s->ctx.avail = s->len;
        s->searched = 0;
        scan_region(&s->ctx, s->buf, s->done, to, s->base);
        if (s->ctx.oom)
            return comply__oom(err);
        s->done = to;
    }
    if (s->done > SCAN_HISTORY * 2) {
        size_t drop = s->done - SCAN_HISTORY;
        memmove(s->buf, s->buf + drop, s->len - drop);
        s->len -= drop;
        s->done -= drop;
        s->base += drop;
        s->searched = s->searched > drop ? s->searched - drop : 0;
    }
    return COMPLY_OK;
}

comply_status comply_scanner_feed(comply_scanner *s, const char *chunk, size_t len, comply_error *err)
{
    if (!s || (!chunk && len))
        return comply__error_set(err, COMPLY_EINVAL, "scanner and chunk are required");
    if (s->finished)
        return comply__error_set(err, COMPLY_EINVAL, "the scanner was finished");
    comply_status st = scanner_append(s, chunk, len, err);
    return st == COMPLY_OK ? scanner_drain(s, false, err) : st;
}

comply_status comply_scanner_finish(comply_scanner *s, comply_error *err)
{
    if (!s)
        return comply__error_set(err, COMPLY_EINVAL, "scanner is NULL");
    if (s->finished)
        return comply__error_set(err, COMPLY_EINVAL, "the scanner was finished");
    s->finished = true;
    return scanner_drain(s, true, err);
}

size_t comply_scanner_settled(const comply_scanner *s)
{
    return s ? s->base + s->done : 0;
}

void comply_scanner_free(comply_scanner *s)
{
    if (!s)
        return;
    scan_ctx_release(&s->ctx);
    if (s->buf) {
        comply__wipe(s->buf, s->cap);
        comply__free(s->alloc, s->buf);
    }
    comply__free(s->alloc, s);
}
