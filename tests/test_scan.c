/*
 * test_scan.c - CUnit tests for free-text scanning (lib/scan.c): whole
 * texts, streams fed in chunks, hostile input, and redaction
 * (lib/redact.c), all with the default pack.
 *
 * Expected offsets are computed here by searching the text for the value
 * (never typed in), and a streamed scan must report exactly the spans of a
 * scan of the whole buffer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "comply.h"
#include "runner.h"

static comply_rules *rules;

/* ------------------------------------------------------------ helpers */

typedef struct rec {
    size_t start, end;
    const char *category, *by;
    double confidence;
} rec;

/* Spans received by a callback. */
typedef struct spans {
    rec *v;
    size_t n, cap;
    size_t stop_at;  /* non-zero: the callback asks to stop after this many */
    bool oom;
    /* streaming checks */
    const comply_scanner *scanner;
    size_t min_start;    /* settled offset seen before this callback: no span may start before */
    size_t out_of_order; /* spans starting before the previous one, or before min_start */
} spans;

static int collect(const comply_span *s, void *user)
{
    spans *c = user;
    if (c->n && s->start < c->v[c->n - 1].start)
        c->out_of_order++;
    if (c->scanner && s->start < c->min_start)
        c->out_of_order++;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        rec *v = realloc(c->v, cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return 1;
        }
        c->v = v;
        c->cap = cap;
    }
    rec r = { s->start, s->end, s->category, s->by, s->confidence };
    c->v[c->n++] = r;
    return c->stop_at && c->n >= c->stop_at;
}

static void spans_free(spans *c)
{
    free(c->v);
    memset(c, 0, sizeof *c);
}

static comply_status scan(const char *text, size_t len, double min_confidence, spans *out)
{
    comply_scan_options o = COMPLY_SCAN_OPTIONS_INIT;
    o.min_confidence = min_confidence;
    return comply_scan_text(rules, text, len, &o, collect, out, NULL);
}

/* Offset of the `nth` occurrence of `needle` in text[0, len) (NULs
 * allowed); SIZE_MAX when absent. */
static size_t find(const char *text, size_t len, const char *needle, unsigned nth)
{
    size_t nl = strlen(needle);
    for (size_t i = 0; nl <= len && i <= len - nl; i++)
        if (memcmp(text + i, needle, nl) == 0 && nth-- == 0)
            return i;
    return SIZE_MAX;
}

/* Span `i` must cover the `nth` occurrence of `value` exactly and come from
 * detector `by`. */
static void check_span_at(const spans *c, size_t i, const char *text, size_t len, const char *value, unsigned nth,
                          const char *by, unsigned line, const char *func)
{
    size_t start = find(text, len, value, nth);
    size_t end = start + strlen(value);
    char msg[400];
    if (i >= c->n) {
        snprintf(msg, sizeof msg, "span %zu for \"%.60s\" (%s) missing: only %zu span(s)", i, value, by, c->n);
        CU_assertImplementation(CU_FALSE, line, msg, __FILE__, func, CU_FALSE);
        return;
    }
    const rec *r = &c->v[i];
    snprintf(msg, sizeof msg, "span %zu is [%zu, %zu) by %s \"%.*s\", expected [%zu, %zu) by %s \"%.60s\"", i,
             r->start, r->end, r->by, (int)(r->end - r->start < 60 ? r->end - r->start : 60),
             r->end <= len ? text + r->start : "?", start, end, by, value);
    CU_assertImplementation(start != SIZE_MAX, line, "value absent from the text", __FILE__, func, CU_FALSE);
    CU_assertImplementation(r->start == start && r->end == end, line, msg, __FILE__, func, CU_FALSE);
    CU_assertImplementation(r->by && strcmp(r->by, by) == 0, line, msg, __FILE__, func, CU_FALSE);
    CU_assertImplementation(r->confidence >= 0.0 && r->confidence <= 1.0, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_SPAN(c, i, text, value, by) check_span_at((c), (i), (text), strlen(text), (value), 0, (by), __LINE__, __func__)
#define CHECK_SPAN_N(c, i, text, len, value, nth, by) \
    check_span_at((c), (i), (text), (len), (value), (nth), (by), __LINE__, __func__)

static void check_count_at(const spans *c, size_t expected, const char *text, unsigned line, const char *func)
{
    char msg[600];
    int at = snprintf(msg, sizeof msg, "%zu span(s), expected %zu in \"%.100s\":", c->n, expected, text);
    for (size_t i = 0; i < c->n && i < 6 && at > 0 && (size_t)at < sizeof msg; i++)
        at += snprintf(msg + at, sizeof msg - (size_t)at, " [%zu,%zu)%s", c->v[i].start, c->v[i].end, c->v[i].by);
    CU_assertImplementation(c->n == expected, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_COUNT(c, expected, text) check_count_at((c), (expected), (text), __LINE__, __func__)

/* Spans in order of start, none overlapping, each inside the text. */
static void check_well_formed_at(const spans *c, size_t len, unsigned line, const char *func)
{
    bool ok = true;
    for (size_t i = 0; i < c->n; i++) {
        ok = ok && c->v[i].start < c->v[i].end && c->v[i].end <= len;
        ok = ok && (i == 0 || c->v[i - 1].end <= c->v[i].start);
    }
    CU_assertImplementation(ok, line, "spans in order, non-empty, disjoint and inside the text", __FILE__, func,
                            CU_FALSE);
}
#define CHECK_WELL_FORMED(c, len) check_well_formed_at((c), (len), __LINE__, __func__)

static char *filled(size_t n, const char *pattern)
{
    char *b = malloc(n + 1);
    size_t pl = strlen(pattern);
    if (b) {
        for (size_t i = 0; i < n; i++)
            b[i] = pattern[i % pl];
        b[n] = '\0';
    }
    return b;
}

/* ------------------------------------------------------- whole texts */

static void scan_finds_email_and_phone_in_french_sentence(void)
{
    const char *t = "Bonjour, écrivez à jean.dupont@example.fr ou appelez le 06 12 34 56 78 demain.";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 2, t);
    CHECK_SPAN(&c, 0, t, "jean.dupont@example.fr", "email");
    CHECK_SPAN(&c, 1, t, "06 12 34 56 78", "phone_fr");
    if (c.n == 2) {
        CU_ASSERT_STRING_EQUAL(c.v[0].category, "contact.email");
        CU_ASSERT_STRING_EQUAL(c.v[1].category, "contact.phone");
    }
    spans_free(&c);
}

static void scan_finds_spaced_iban_inside_sentence(void)
{
    const char *t = "Virement sur FR76 3000 6000 0112 3456 7890 189 avant lundi.";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 1, t);
    CHECK_SPAN(&c, 0, t, "FR76 3000 6000 0112 3456 7890 189", "iban");
    spans_free(&c);
    const char *g = "Account GB82 WEST 1234 5698 7654 32, thanks";
    CU_ASSERT_EQUAL(scan(g, strlen(g), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 1, g);
    CHECK_SPAN(&c, 0, g, "GB82 WEST 1234 5698 7654 32", "iban");
    spans_free(&c);
}

static void scan_finds_card_with_dashes(void)
{
    const char *t = "Carte 4111-1111-1111-1111 exp 12/26, ou 5555 5555 5555 4444.";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 2, t);
    CHECK_SPAN(&c, 0, t, "4111-1111-1111-1111", "payment_card");
    CHECK_SPAN(&c, 1, t, "5555 5555 5555 4444", "payment_card");
    spans_free(&c);
}

static void scan_finds_several_values_on_one_line(void)
{
    const char *t = "mail a@b.fr, ip 192.168.0.1, tel 06 12 34 56 78, carte 4111111111111111, "
                    "nir 1 84 12 76 451 089 46, tva FR44732829320, mac 00:1A:2B:3C:4D:5E, "
                    "ipv6 2001:db8::1, web https://example.org/path?q=1, gps 48.8566, 2.3522";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 10, t);
    CHECK_SPAN(&c, 0, t, "a@b.fr", "email");
    CHECK_SPAN(&c, 1, t, "192.168.0.1", "ipv4");
    CHECK_SPAN(&c, 2, t, "06 12 34 56 78", "phone_fr");
    CHECK_SPAN(&c, 3, t, "4111111111111111", "payment_card");
    CHECK_SPAN(&c, 4, t, "1 84 12 76 451 089 46", "fr_nir");
    CHECK_SPAN(&c, 5, t, "FR44732829320", "fr_tva");
    CHECK_SPAN(&c, 6, t, "00:1A:2B:3C:4D:5E", "mac");
    CHECK_SPAN(&c, 7, t, "2001:db8::1", "ipv6");
    CHECK_SPAN(&c, 8, t, "https://example.org/path?q=1", "url");
    CHECK_SPAN(&c, 9, t, "48.8566, 2.3522", "gps");
    CHECK_WELL_FORMED(&c, strlen(t));
    spans_free(&c);
}

/* Values with nothing but one space between them: each is its own value.
 * (A phone followed by " 4…" is not one: the pattern refuses to cut a
 * longer number, so no phone is put before digits here.) */
static void scan_finds_values_separated_by_single_spaces(void)
{
    const char *t = "a@b.fr 192.168.0.1 4111111111111111 06 12 34 56 78";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 4, t);
    CHECK_SPAN(&c, 0, t, "a@b.fr", "email");
    CHECK_SPAN(&c, 1, t, "192.168.0.1", "ipv4");
    CHECK_SPAN(&c, 2, t, "4111111111111111", "payment_card");
    CHECK_SPAN(&c, 3, t, "06 12 34 56 78", "phone_fr");
    spans_free(&c);
    const char *u = "ip 192.168.0.1 06 12 34 56 78";
    CU_ASSERT_EQUAL(scan(u, strlen(u), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 2, u);
    CHECK_SPAN(&c, 0, u, "192.168.0.1", "ipv4");
    CHECK_SPAN(&c, 1, u, "06 12 34 56 78", "phone_fr");
    spans_free(&c);
}

static void scan_finds_values_at_start_and_end_of_text(void)
{
    const char *t = "06 12 34 56 78 puis jean@example.fr";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 2, t);
    CHECK_SPAN(&c, 0, t, "06 12 34 56 78", "phone_fr");
    CHECK_SPAN(&c, 1, t, "jean@example.fr", "email");
    if (c.n == 2) {
        CU_ASSERT_EQUAL(c.v[0].start, 0);
        CU_ASSERT_EQUAL(c.v[1].end, strlen(t));
    }
    spans_free(&c);
    /* the whole text is one value, of each trigger kind */
    static const char *const whole[][2] = {
        { "jean@example.fr", "email" },           { "4111111111111111", "payment_card" },
        { "2001:db8::1", "ipv6" },                { "https://example.org/a", "url" },
        { "FR7630006000011234567890189", "iban" }, { "+44 20 7946 0958", "phone_intl" },
    };
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
        CU_ASSERT_EQUAL(scan(whole[i][0], strlen(whole[i][0]), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
        CHECK_COUNT(&c, 1, whole[i][0]);
        CHECK_SPAN(&c, 0, whole[i][0], whole[i][0], whole[i][1]);
        spans_free(&c);
    }
}

static void scan_finds_values_next_to_punctuation(void)
{
    const char *t = "Tél. (06 12 34 56 78), ip=192.168.0.1, <jean@example.fr>; [2001:db8::1]; "
                    "\"4111111111111111\" (https://example.org/a).";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 6, t);
    CHECK_SPAN(&c, 0, t, "06 12 34 56 78", "phone_fr");
    CHECK_SPAN(&c, 1, t, "192.168.0.1", "ipv4");
    CHECK_SPAN(&c, 2, t, "jean@example.fr", "email");
    CHECK_SPAN(&c, 3, t, "2001:db8::1", "ipv6");
    CHECK_SPAN(&c, 4, t, "4111111111111111", "payment_card");
    CHECK_SPAN(&c, 5, t, "https://example.org/a", "url");
    spans_free(&c);
}

static void scan_finds_two_phones_joined_by_ou(void)
{
    const char *t = "Appelez le 06 12 34 56 78 ou 01 23 45 67 89.";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 2, t);
    CHECK_SPAN(&c, 0, t, "06 12 34 56 78", "phone_fr");
    CHECK_SPAN(&c, 1, t, "01 23 45 67 89", "phone_fr");
    spans_free(&c);
    const char *u = "+33 6 12 34 56 78 ou +44 20 7946 0958";
    CU_ASSERT_EQUAL(scan(u, strlen(u), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 2, u);
    CHECK_SPAN(&c, 0, u, "+33 6 12 34 56 78", "phone_fr");
    CHECK_SPAN(&c, 1, u, "+44 20 7946 0958", "phone_intl");
    spans_free(&c);
}

static void scan_reports_birth_dates_only_near_context_words(void)
{
    static const struct {
        const char *text, *date;
    } with[] = {
        { "Il est né le 12/03/1985 à Lyon.", "12/03/1985" },
        { "Elle est née le 1985-03-12.", "1985-03-12" },
        { "Date of birth: 1985-03-12", "1985-03-12" },
        { "Date de naissance : 12.03.1985", "12.03.1985" },
        { "12/03/1985 (date de naissance)", "12/03/1985" },
    };
    spans c = { 0 };
    for (size_t i = 0; i < sizeof with / sizeof *with; i++) {
        CU_ASSERT_EQUAL(scan(with[i].text, strlen(with[i].text), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
        CHECK_COUNT(&c, 1, with[i].text);
        CHECK_SPAN(&c, 0, with[i].text, with[i].date, "birth_date");
        if (c.n == 1) {
            CU_ASSERT_STRING_EQUAL(c.v[0].category, "identity.birth_date");
            CU_ASSERT(c.v[0].confidence >= COMPLY_DEFAULT_MIN_CONFIDENCE);
        }
        spans_free(&c);
    }
    const char *without = "Réunion le 12/03/1985 à Lyon, version du 1985-03-12.";
    CU_ASSERT_EQUAL(scan(without, strlen(without), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 0, without);
    spans_free(&c);
    CU_ASSERT_EQUAL(scan(without, strlen(without), 0.0, &c), COMPLY_OK);
    CHECK_COUNT(&c, 2, without);
    CHECK_SPAN(&c, 0, without, "12/03/1985", "birth_date");
    CHECK_SPAN(&c, 1, without, "1985-03-12", "birth_date");
    if (c.n == 2)
        CU_ASSERT_DOUBLE_EQUAL(c.v[0].confidence, 0.2, 1e-9);
    spans_free(&c);
    /* a context word far away (past the 32-byte window) does not count */
    const char *far = "Né le ... (la suite de ce texte est assez longue) 12/03/1985";
    CU_ASSERT_EQUAL(scan(far, strlen(far), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 0, far);
    spans_free(&c);
}

static void scan_context_words_raise_confidence(void)
{
    const char *plain = "voici 06 12 34 56 78";
    const char *tel = "tél : 06 12 34 56 78";
    spans a = { 0 }, b = { 0 };
    CU_ASSERT_EQUAL(scan(plain, strlen(plain), 0.0, &a), COMPLY_OK);
    CU_ASSERT_EQUAL(scan(tel, strlen(tel), 0.0, &b), COMPLY_OK);
    CU_ASSERT_EQUAL_FATAL(a.n, 1);
    CU_ASSERT_EQUAL_FATAL(b.n, 1);
    CU_ASSERT(b.v[0].confidence > a.v[0].confidence);
    CU_ASSERT(b.v[0].confidence <= 1.0);
    spans_free(&a);
    spans_free(&b);
    /* SIREN: 0.4 alone, so reported only with a context word */
    const char *bare = "le 732829320 ok";
    const char *siren = "SIREN 732829320 ok";
    CU_ASSERT_EQUAL(scan(bare, strlen(bare), COMPLY_DEFAULT_MIN_CONFIDENCE, &a), COMPLY_OK);
    CHECK_COUNT(&a, 0, bare);
    CU_ASSERT_EQUAL(scan(siren, strlen(siren), COMPLY_DEFAULT_MIN_CONFIDENCE, &b), COMPLY_OK);
    CHECK_COUNT(&b, 1, siren);
    CHECK_SPAN(&b, 0, siren, "732829320", "fr_siren");
    spans_free(&a);
    spans_free(&b);
    /* IBAN: boosted, still capped at 1 */
    const char *iban = "IBAN du compte bancaire FR7630006000011234567890189";
    CU_ASSERT_EQUAL(scan(iban, strlen(iban), 0.0, &a), COMPLY_OK);
    CU_ASSERT_EQUAL_FATAL(a.n, 1);
    CU_ASSERT(a.v[0].confidence > 0.95 && a.v[0].confidence <= 1.0);
    spans_free(&a);
}

static void scan_spans_are_ordered_and_disjoint(void)
{
    /* an email holding a phone-like number is one email span */
    const char *t = "user0612345678@example.com, 0612345678.x@example.org, 4111111111111111@example.net";
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, strlen(t), 0.0, &c), COMPLY_OK);
    CHECK_COUNT(&c, 3, t);
    CHECK_SPAN(&c, 0, t, "user0612345678@example.com", "email");
    CHECK_SPAN(&c, 1, t, "0612345678.x@example.org", "email");
    CHECK_SPAN(&c, 2, t, "4111111111111111@example.net", "email");
    CHECK_WELL_FORMED(&c, strlen(t));
    CU_ASSERT_EQUAL(c.out_of_order, 0);
    spans_free(&c);
    /* an URL holding an IP address, a date and an email-like path */
    const char *u = "see http://192.168.0.1/x/2024-01-02/a@b.fr?n=0612345678 now";
    CU_ASSERT_EQUAL(scan(u, strlen(u), 0.0, &c), COMPLY_OK);
    CHECK_WELL_FORMED(&c, strlen(u));
    CU_ASSERT_EQUAL(c.out_of_order, 0);
    spans_free(&c);
}

static void scan_stops_when_callback_returns_nonzero(void)
{
    const char *t = "a@b.fr, 06 12 34 56 78, 192.168.0.1, 4111111111111111";
    spans c = { 0 };
    c.stop_at = 2;
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CU_ASSERT_EQUAL(c.n, 2);
    spans_free(&c);
    c.stop_at = 1;
    CU_ASSERT_EQUAL(scan(t, strlen(t), COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CU_ASSERT_EQUAL(c.n, 1);
    spans_free(&c);
    /* stopping a scan that spans several regions: nothing after the stop */
    size_t n = 300000;
    char *big = filled(n, "x a@b.fr 06 12 34 56 78\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    c.stop_at = 3;
    CU_ASSERT_EQUAL(scan(big, n, COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CU_ASSERT_EQUAL(c.n, 3);
    spans_free(&c);
    /* in a stream too */
    comply_scanner *s = NULL;
    c.stop_at = 3;
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
    for (size_t off = 0; off < n; off += 4096)
        CU_ASSERT_EQUAL(comply_scanner_feed(s, big + off, n - off < 4096 ? n - off : 4096, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(c.n, 3);
    comply_scanner_free(s);
    spans_free(&c);
    free(big);
}

static void scan_rejects_bad_arguments_and_options_version(void)
{
    spans c = { 0 };
    comply_error err;
    comply_scan_options bad = COMPLY_SCAN_OPTIONS_INIT;
    bad.version = COMPLY_SCAN_OPTIONS_VERSION + 1;
    memset(&err, 0, sizeof err);
    CU_ASSERT_EQUAL(comply_scan_text(rules, "a@b.fr", 6, &bad, collect, &c, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(err.code, COMPLY_EINVAL);
    CU_ASSERT(err.message[0] != '\0');
    bad.version = 0;
    CU_ASSERT_EQUAL(comply_scan_text(rules, "a@b.fr", 6, &bad, collect, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scan_text(NULL, "a@b.fr", 6, NULL, collect, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scan_text(rules, "a@b.fr", 6, NULL, NULL, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scan_text(rules, NULL, 6, NULL, collect, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(c.n, 0);
    comply_scanner *s = (comply_scanner *)&c; /* must be set to NULL or left alone, never freed */
    CU_ASSERT_EQUAL(comply_scanner_new(&s, rules, &bad, collect, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT(s == NULL || s == (comply_scanner *)&c);
    CU_ASSERT_EQUAL(comply_scanner_new(NULL, rules, NULL, collect, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scanner_new(&s, NULL, NULL, collect, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scanner_new(&s, rules, NULL, NULL, &c, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scanner_feed(NULL, "x", 1, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scanner_finish(NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scanner_settled(NULL), 0);
    char *out = NULL;
    CU_ASSERT_EQUAL(comply_redact(rules, "a@b.fr", 6, COMPLY_REDACT_TAG, &bad, &out, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(comply_redact(rules, "a@b.fr", 6, (comply_redact_style)7, NULL, &out, NULL, NULL),
                    COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_redact(NULL, "a@b.fr", 6, COMPLY_REDACT_TAG, NULL, &out, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_redact(rules, "a@b.fr", 6, COMPLY_REDACT_TAG, NULL, NULL, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_redact(rules, NULL, 6, COMPLY_REDACT_TAG, NULL, &out, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_PTR_NULL(out);
    spans_free(&c);
}

/* ------------------------------------------------------------- streams */

/* xorshift64*: deterministic, no libc rand state. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

typedef struct gbuf {
    char *p;
    size_t n, cap;
} gbuf;

static void gput(gbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 20;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void gputs(gbuf *b, const char *s)
{
    gput(b, s, strlen(s));
}

/* One line (or sentence) with a few varied values and context words. */
static void gen_piece(gbuf *b, unsigned k)
{
    static const char *const cards[] = { "4111111111111111", "5555 5555 5555 4444", "3782-822463-10005",
                                         "2221000000000009", "4111-1111-1111-1111" };
    static const char *const ibans[] = { "FR76 3000 6000 0112 3456 7890 189", "DE89370400440532013000",
                                         "GB82 WEST 1234 5698 7654 32", "FR7630006000011234567890189" };
    static const char *const fillers[] = { "Le client a rappelé au sujet de sa commande",
                                           "Merci de traiter cette demande rapidement",
                                           "The customer asked about the invoice",
                                           "Voir le ticket précédent pour l'historique",
                                           "Réunion le 12/03/2024 à 10:30 en salle 4" };
    char v[256];
    unsigned r = (unsigned)(rng() % 1000);
    switch (k % 14) {
    case 0:
        snprintf(v, sizeof v, "Contact : user%u.test@example%u.fr", r, r % 7);
        break;
    case 1:
        snprintf(v, sizeof v, "tél 06 %02u %02u %02u %02u, rappeler", r % 100, (r / 10) % 100, (r * 7) % 100,
                 (r * 3) % 100);
        break;
    case 2:
        snprintf(v, sizeof v, "carte %s exp 09/27", cards[r % 5]);
        break;
    case 3:
        snprintf(v, sizeof v, "IBAN %s pour le virement", ibans[r % 4]);
        break;
    case 4:
        snprintf(v, sizeof v, "connexion depuis 10.%u.%u.%u et 2001:db8::%x", r % 256, (r * 3) % 256,
                 (r * 7) % 256, r);
        break;
    case 5:
        snprintf(v, sizeof v, "né le %02u/%02u/19%02u à Paris", 1 + r % 28, 1 + r % 12, r % 100);
        break;
    case 6:
        /* the context word comes after the date, the line's start is far before it */
        snprintf(v, sizeof v, "Valeur saisie au guichet par le client : 19%02u-%02u-%02u, c'est la date de naissance, "
                 "pas le %02u/%02u/2020", r % 100, 1 + r % 12, 1 + r % 28, 1 + r % 28, 1 + r % 12);
        break;
    case 7:
        snprintf(v, sizeof v, "voir https://example.org/t/%u?x=%u. Fin", r, r * 3);
        break;
    case 8:
        snprintf(v, sizeof v, "mac 00:1A:2B:%02X:%02X:5E, uuid 123e4567-e89b-42d3-a456-4266141740%02u", r % 256,
                 (r * 5) % 256, r % 100);
        break;
    case 9:
        snprintf(v, sizeof v, "NIR 1 84 12 76 451 089 46, SIREN 732 829 320, TVA FR44732829320");
        break;
    case 10:
        snprintf(v, sizeof v, "+44 20 7946 0%03u ou +1 212 555 0%03u (whatsapp)", r, r);
        break;
    case 11:
        snprintf(v, sizeof v, "position 48.%04u, 2.%04u relevée", 1000 + r, 2000 + r);
        break;
    case 12:
        snprintf(v, sizeof v, "%s, version 2.4.%u, ticket 2024-118-%04u", fillers[r % 5], r % 10, r);
        break;
    default:
        snprintf(v, sizeof v, "%s", fillers[r % 5]);
        break;
    }
    gputs(b, v);
}

/* ~1.5 MB of short lines, one line of 2 MB without a newline, then ~1.5
 * MB of lines again. */
static char *gen_corpus(size_t *len)
{
    gbuf b = { 0 };
    unsigned k = 0;
    while (b.n < (size_t)1500 * 1000) {
        gen_piece(&b, k++);
        gputs(&b, (k % 5) ? "\n" : " -- ");
    }
    gputs(&b, "\n");
    size_t line_start = b.n;
    while (b.n - line_start < (size_t)2 * 1000 * 1000) {
        gen_piece(&b, k++);
        gputs(&b, ". ");
    }
    gputs(&b, "\n");
    while (b.n < (size_t)5 * 1000 * 1000) {
        gen_piece(&b, k++);
        gputs(&b, "\n");
    }
    *len = b.n;
    return b.p;
}

static char *corpus;
static size_t corpus_len;
static spans corpus_spans;    /* whole-buffer scan, default options */
static spans corpus_spans_all; /* whole-buffer scan, min_confidence 0 */

/* The spans of a streamed scan must be those of the whole-buffer scan;
 * the first difference is reported. */
static void check_same_spans_at(const spans *got, const spans *want, const char *how, unsigned line,
                                const char *func)
{
    size_t i = 0;
    while (i < got->n && i < want->n && got->v[i].start == want->v[i].start && got->v[i].end == want->v[i].end &&
           got->v[i].by == want->v[i].by && got->v[i].confidence == want->v[i].confidence)
        i++;
    char msg[600];
    if (i == got->n && i == want->n) {
        CU_assertImplementation(CU_TRUE, line, "same spans", __FILE__, func, CU_FALSE);
        return;
    }
    const rec *g = i < got->n ? &got->v[i] : NULL, *w = i < want->n ? &want->v[i] : NULL;
    snprintf(msg, sizeof msg,
             "%s: %zu spans, whole buffer %zu; first difference #%zu: stream [%zu,%zu) %s %.2f, whole [%zu,%zu) "
             "%s %.2f \"%.40s\"",
             how, got->n, want->n, i, g ? g->start : 0, g ? g->end : 0, g ? g->by : "-", g ? g->confidence : 0,
             w ? w->start : 0, w ? w->end : 0, w ? w->by : "-", w ? w->confidence : 0,
             w ? corpus + w->start : (g ? corpus + g->start : ""));
    CU_assertImplementation(CU_FALSE, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_SAME_SPANS(got, want, how) check_same_spans_at((got), (want), (how), __LINE__, __func__)

/* Feeds the corpus in chunks of `chunk` bytes (0: random sizes), checking
 * the settled offset after every feed. */
static void stream_corpus(size_t chunk, double min_confidence, spans *out)
{
    comply_scan_options o = COMPLY_SCAN_OPTIONS_INIT;
    o.min_confidence = min_confidence;
    comply_scanner *s = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, &o, collect, out, NULL), COMPLY_OK);
    out->scanner = s;
    size_t fed = 0, settled = 0, bad_settled = 0, feed_errors = 0;
    const spans *want = min_confidence > 0 ? &corpus_spans : &corpus_spans_all;
    size_t owed = 0; /* spans of the whole scan that start before `settled` */
    size_t missing = 0;
    while (fed < corpus_len) {
        size_t n = chunk;
        if (!n) {
            uint64_t r = rng();
            n = (r & 3) == 0 ? 1 + (size_t)(r >> 8) % 200000 : 1 + (size_t)(r >> 8) % 3000;
        }
        if (n > corpus_len - fed)
            n = corpus_len - fed;
        feed_errors += comply_scanner_feed(s, corpus + fed, n, NULL) != COMPLY_OK;
        fed += n;
        size_t now = comply_scanner_settled(s);
        bad_settled += now < settled || now > fed;
        settled = now;
        out->min_start = settled;
        while (owed < want->n && want->v[owed].start < settled)
            owed++;
        missing += out->n < owed;
    }
    CU_ASSERT_EQUAL(feed_errors, 0);
    CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_settled(s), corpus_len);
    CU_ASSERT_EQUAL(bad_settled, 0);  /* monotone, never past the bytes fed */
    CU_ASSERT_EQUAL(missing, 0);      /* spans before `settled` were reported */
    CU_ASSERT_EQUAL(out->out_of_order, 0);
    comply_scanner_free(s);
    out->scanner = NULL;
}

static void scanner_whole_buffer_scan_of_corpus_is_well_formed(void)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(corpus);
    CU_ASSERT(corpus_len > (size_t)4 * 1000 * 1000);
    CU_ASSERT(corpus_spans.n > 10000);
    CU_ASSERT(corpus_spans_all.n > corpus_spans.n);
    CHECK_WELL_FORMED(&corpus_spans, corpus_len);
    CHECK_WELL_FORMED(&corpus_spans_all, corpus_len);
    /* every kind of value in the corpus was found */
    static const char *const ids[] = { "email", "phone_fr", "phone_intl", "payment_card", "iban", "fr_nir",
                                       "fr_siren", "fr_tva", "ipv4", "ipv6", "mac", "url", "birth_date", "gps" };
    for (size_t k = 0; k < sizeof ids / sizeof *ids; k++) {
        size_t seen = 0;
        for (size_t i = 0; i < corpus_spans.n; i++)
            seen += strcmp(corpus_spans.v[i].by, ids[k]) == 0;
        char msg[120];
        snprintf(msg, sizeof msg, "no %s span in the corpus", ids[k]);
        CU_assertImplementation(seen > 0, __LINE__, msg, __FILE__, __func__, CU_FALSE);
    }
}

static void scanner_in_chunks_of_1_byte_matches_whole_buffer(void)
{
    spans c = { 0 };
    stream_corpus(1, COMPLY_DEFAULT_MIN_CONFIDENCE, &c);
    CHECK_SAME_SPANS(&c, &corpus_spans, "chunks of 1");
    spans_free(&c);
}

static void scanner_in_chunks_of_7_bytes_matches_whole_buffer(void)
{
    spans c = { 0 };
    stream_corpus(7, 0.0, &c);
    CHECK_SAME_SPANS(&c, &corpus_spans_all, "chunks of 7, min_confidence 0");
    spans_free(&c);
}

static void scanner_in_chunks_of_4096_bytes_matches_whole_buffer(void)
{
    spans c = { 0 };
    stream_corpus(4096, COMPLY_DEFAULT_MIN_CONFIDENCE, &c);
    CHECK_SAME_SPANS(&c, &corpus_spans, "chunks of 4096");
    spans_free(&c);
}

static void scanner_in_chunks_of_65536_bytes_matches_whole_buffer(void)
{
    spans c = { 0 };
    stream_corpus(65536, COMPLY_DEFAULT_MIN_CONFIDENCE, &c);
    CHECK_SAME_SPANS(&c, &corpus_spans, "chunks of 65536");
    spans_free(&c);
}

static void scanner_in_random_chunks_matches_whole_buffer(void)
{
    for (int round = 0; round < 3; round++) {
        spans c = { 0 };
        stream_corpus(0, round == 1 ? 0.0 : COMPLY_DEFAULT_MIN_CONFIDENCE, &c);
        CHECK_SAME_SPANS(&c, round == 1 ? &corpus_spans_all : &corpus_spans, "random chunks");
        spans_free(&c);
    }
}

static void scanner_in_one_chunk_matches_whole_buffer(void)
{
    spans c = { 0 };
    stream_corpus(corpus_len, COMPLY_DEFAULT_MIN_CONFIDENCE, &c);
    CHECK_SAME_SPANS(&c, &corpus_spans, "one chunk");
    spans_free(&c);
}

static void scanner_finds_value_split_across_chunks(void)
{
    const char *t = "Écrire à jean.dupont@example.fr ou au 06 12 34 56 78, IBAN FR7630006000011234567890189";
    size_t len = strlen(t);
    spans whole = { 0 };
    CU_ASSERT_EQUAL(scan(t, len, COMPLY_DEFAULT_MIN_CONFIDENCE, &whole), COMPLY_OK);
    CU_ASSERT_EQUAL(whole.n, 3);
    for (size_t cut = 1; cut < len; cut++) {
        spans c = { 0 };
        comply_scanner *s = NULL;
        CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
        CU_ASSERT_EQUAL(comply_scanner_feed(s, t, cut, NULL), COMPLY_OK);
        CU_ASSERT_EQUAL(comply_scanner_feed(s, t + cut, len - cut, NULL), COMPLY_OK);
        CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK);
        bool same = c.n == whole.n;
        for (size_t i = 0; same && i < c.n; i++)
            same = c.v[i].start == whole.v[i].start && c.v[i].end == whole.v[i].end && c.v[i].by == whole.v[i].by;
        char msg[80];
        snprintf(msg, sizeof msg, "cut at %zu: %zu span(s), expected the %zu of the whole text", cut, c.n, whole.n);
        CU_assertImplementation(same, __LINE__, msg, __FILE__, __func__, CU_FALSE);
        comply_scanner_free(s);
        spans_free(&c);
    }
    spans_free(&whole);
}

/* 200 KB of identical lines whose birth date is reported only thanks to a
 * context word after it: wherever the stream is cut into regions, each
 * line keeps its context, as in the whole-buffer scan. */
static void scanner_keeps_context_words_after_values_at_region_ends(void)
{
    const char *line = "Le client dont nous avons parlé hier au téléphone a 12/03/1985 "
                       "est la vraie date de naissance ok\n";
    size_t ll = strlen(line), n = 0, lines = 200000 / ll;
    char *t = malloc(lines * ll + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (size_t i = 0; i < lines; i++, n += ll)
        memcpy(t + n, line, ll);
    spans whole = { 0 };
    CU_ASSERT_EQUAL(scan(t, n, COMPLY_DEFAULT_MIN_CONFIDENCE, &whole), COMPLY_OK);
    CU_ASSERT_EQUAL(whole.n, lines);
    static const size_t chunks[] = { 1, 16, 64, 4096 };
    for (size_t k = 0; k < sizeof chunks / sizeof *chunks; k++) {
        spans c = { 0 };
        comply_scanner *s = NULL;
        CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
        size_t feed_errors = 0;
        for (size_t off = 0; off < n; off += chunks[k])
            feed_errors += comply_scanner_feed(s, t + off, n - off < chunks[k] ? n - off : chunks[k], NULL) !=
                           COMPLY_OK;
        CU_ASSERT_EQUAL(feed_errors, 0);
        CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK);
        char msg[120];
        snprintf(msg, sizeof msg, "chunks of %zu: %zu birth dates, whole buffer %zu (one per line: %zu)", chunks[k],
                 c.n, whole.n, lines);
        CU_assertImplementation(c.n == whole.n, __LINE__, msg, __FILE__, __func__, CU_FALSE);
        comply_scanner_free(s);
        spans_free(&c);
    }
    spans_free(&whole);
    free(t);
}

/* The same sentences in one line of 300 KB (no newline): the scan cuts
 * it into regions at spaces, and no date may lose its context word. */
static void scan_keeps_context_words_across_region_cuts_in_long_lines(void)
{
    const char *sentence = "Le client dont nous avons parlé hier au téléphone a 12/03/1985 "
                           "est la vraie date de naissance ok. ";
    size_t sl = strlen(sentence), n = 0, count = 300000 / sl;
    char *t = malloc(count * sl + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    for (size_t i = 0; i < count; i++, n += sl)
        memcpy(t + n, sentence, sl);
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, n, COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    char msg[120];
    snprintf(msg, sizeof msg, "%zu birth dates reported, one per sentence: %zu", c.n, count);
    CU_assertImplementation(c.n == count, __LINE__, msg, __FILE__, __func__, CU_FALSE);
    spans_free(&c);
    free(t);
}

static void scanner_settled_is_monotone_and_bounded_by_bytes_fed(void)
{
    spans c = { 0 };
    comply_scanner *s = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_settled(s), 0);
    size_t fed = 0, prev = 0;
    bool ok = true;
    const char *line = "ligne avec jean@example.fr et 06 12 34 56 78\n";
    for (int i = 0; i < 20000; i++) {
        CU_ASSERT_EQUAL(comply_scanner_feed(s, line, strlen(line), NULL), COMPLY_OK);
        fed += strlen(line);
        size_t now = comply_scanner_settled(s);
        ok = ok && now >= prev && now <= fed;
        prev = now;
    }
    CU_ASSERT(ok);
    CU_ASSERT(prev > 0); /* regions were settled before the end of the stream */
    CU_ASSERT_EQUAL(comply_scanner_feed(s, NULL, 0, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_settled(s), prev);
    CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_settled(s), fed);
    CU_ASSERT_EQUAL(c.n, 40000);
    comply_scanner_free(s);
    spans_free(&c);
}

static void scanner_feed_after_finish_is_einval(void)
{
    spans c = { 0 };
    comply_scanner *s = NULL;
    comply_error err;
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_feed(s, "a@b.fr ", 7, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(c.n, 1);
    memset(&err, 0, sizeof err);
    CU_ASSERT_EQUAL(comply_scanner_feed(s, "06 12 34 56 78", 14, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(err.code, COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scanner_feed(s, NULL, 0, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(c.n, 1);
    CU_ASSERT_EQUAL(comply_scanner_settled(s), 7);
    comply_scanner_free(s);
    /* NULL chunk with a length */
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_feed(s, NULL, 3, NULL), COMPLY_EINVAL);
    comply_scanner_free(s);
    spans_free(&c);
}

static void scanner_free_null_and_unfinished_are_fine(void)
{
    comply_scanner_free(NULL);
    spans c = { 0 };
    comply_scanner *s = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_feed(s, "a@b.fr 06 12 34", 15, NULL), COMPLY_OK);
    comply_scanner_free(s); /* never finished: nothing leaks (ASan) */
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK); /* empty stream */
    CU_ASSERT_EQUAL(comply_scanner_settled(s), 0);
    comply_scanner_free(s);
    CU_ASSERT_EQUAL(c.n, 0);
    spans_free(&c);
}

/* -------------------------------------------------------------- hostile */

static void scan_empty_and_null_text_find_nothing(void)
{
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan("", 0, 0.0, &c), COMPLY_OK);
    CU_ASSERT_EQUAL(scan(NULL, 0, 0.0, &c), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scan_text(rules, NULL, 0, NULL, collect, &c, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(c.n, 0);
    char *out = NULL;
    size_t out_len = 42;
    CU_ASSERT_EQUAL(comply_redact(rules, NULL, 0, COMPLY_REDACT_TAG, NULL, &out, &out_len, NULL), COMPLY_OK);
    CU_ASSERT_PTR_NOT_NULL(out);
    CU_ASSERT_EQUAL(out_len, 0);
    if (out)
        CU_ASSERT_EQUAL(out[0], '\0');
    comply_free(rules, out);
    spans_free(&c);
}

/* Scans `n` bytes of `pattern` repeated, whole and streamed in 64 KiB
 * chunks: it must end (no timing assertion) and find nothing. */
static void scan_flood(const char *pattern, size_t n)
{
    char *b = filled(n, pattern);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(b, n, 0.0, &c), COMPLY_OK);
    char msg[120];
    snprintf(msg, sizeof msg, "%zu span(s) in %zu bytes of \"%s\"", c.n, n, pattern);
    CU_assertImplementation(c.n == 0, __LINE__, msg, __FILE__, __func__, CU_FALSE);
    spans_free(&c);
    comply_scanner *s = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_scanner_new(&s, rules, NULL, collect, &c, NULL), COMPLY_OK);
    for (size_t off = 0; off < n; off += 65536)
        CU_ASSERT_EQUAL(comply_scanner_feed(s, b + off, n - off < 65536 ? n - off : 65536, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_finish(s, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_scanner_settled(s), n);
    CU_ASSERT_EQUAL(c.n, 0);
    comply_scanner_free(s);
    spans_free(&c);
    free(b);
}

static void scan_survives_10_mib_of_digits(void)
{
    scan_flood("0123456789", (size_t)10 << 20);
    scan_flood("7", (size_t)10 << 20);
}

static void scan_survives_10_mib_of_a_dot_a(void)
{
    scan_flood("a.a.a.", (size_t)10 << 20);
}

static void scan_survives_1_mib_of_at_signs(void)
{
    scan_flood("@", (size_t)1 << 20);
    scan_flood("a@", (size_t)1 << 20);
    scan_flood("@a.", (size_t)1 << 20);
}

static void scan_survives_1_mib_of_colons(void)
{
    scan_flood(":", (size_t)1 << 20);
    scan_flood("::", (size_t)1 << 20);
    scan_flood("a::", (size_t)1 << 20);
    scan_flood("http://", (size_t)1 << 20);
}

static void scan_survives_1_mib_of_separated_digits(void)
{
    /* one "run of digits" of a megabyte, with separators inside */
    scan_flood("1 ", (size_t)1 << 20);
    scan_flood("12.", (size_t)1 << 20);
    scan_flood("1-2/3(4)", (size_t)1 << 20);
}

static void scan_finds_values_among_invalid_utf8_and_nul_bytes(void)
{
    static const char t[] = "\xff\xfe jean@example.fr \0\0 06 12 34 56 78\xc3(192.168.0.1\x80"
                            " \xc0\xaf 4111111111111111\xe9\0FR7630006000011234567890189\0";
    size_t len = sizeof t - 1;
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, len, COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 5, "invalid UTF-8 and NUL bytes around values");
    CHECK_SPAN_N(&c, 0, t, len, "jean@example.fr", 0, "email");
    CHECK_SPAN_N(&c, 1, t, len, "06 12 34 56 78", 0, "phone_fr");
    CHECK_SPAN_N(&c, 2, t, len, "192.168.0.1", 0, "ipv4");
    CHECK_SPAN_N(&c, 3, t, len, "4111111111111111", 0, "payment_card");
    CHECK_SPAN_N(&c, 4, t, len, "FR7630006000011234567890189", 0, "iban");
    spans_free(&c);
}

/* An email that touches a byte which is not UTF-8: the address itself is
 * still personal data and must be found (and so redacted). */
static void scan_finds_email_touching_invalid_utf8(void)
{
    static const char t[] = "\xff" "jean@example.fr\xff, \xc3jean@example.org, paul@example.net\xc3";
    size_t len = sizeof t - 1;
    spans c = { 0 };
    CU_ASSERT_EQUAL(scan(t, len, COMPLY_DEFAULT_MIN_CONFIDENCE, &c), COMPLY_OK);
    CHECK_COUNT(&c, 3, "emails touching invalid UTF-8");
    CHECK_SPAN_N(&c, 0, t, len, "jean@example.fr", 0, "email");
    CHECK_SPAN_N(&c, 1, t, len, "jean@example.org", 0, "email");
    CHECK_SPAN_N(&c, 2, t, len, "paul@example.net", 0, "email");
    spans_free(&c);
}

/* ------------------------------------------------------------ redaction */

static const char redact_text[] = "Mail ldurand@société.example, tél 06 12 34 56 78, carte 4111 1111 1111 1111, "
                                  "IBAN FR76 3000 6000 0112 3456 7890 189. Fin.";

/* The values of redact_text, in order, with their tags. */
static const struct {
    const char *value, *tag;
    bool keeps_tail;
} redact_values[] = {
    { "ldurand@société.example", "[EMAIL]", false },
    { "06 12 34 56 78", "[PHONE]", false },
    { "4111 1111 1111 1111", "[PAYMENT_CARD]", true },
    { "FR76 3000 6000 0112 3456 7890 189", "[IBAN]", true },
};
#define N_REDACT (sizeof redact_values / sizeof *redact_values)

static char *redact(comply_redact_style style, size_t *len)
{
    char *out = NULL;
    size_t n = 0;
    comply_status st = comply_redact(rules, redact_text, strlen(redact_text), style, NULL, &out, &n, NULL);
    CU_ASSERT_EQUAL(st, COMPLY_OK);
    CU_ASSERT_PTR_NOT_NULL(out);
    if (out)
        CU_ASSERT_EQUAL(strlen(out), n); /* NUL-terminated, no NUL inside */
    *len = n;
    return out;
}

/* Rebuilds the expected output: every byte outside the values copied, each
 * value replaced by what `replace` gives. */
typedef void (*replace_fn)(const char *value, size_t i, gbuf *out);

static char *expected_redaction(replace_fn replace)
{
    gbuf b = { 0 };
    const char *p = redact_text;
    for (size_t i = 0; i < N_REDACT; i++) {
        const char *at = strstr(p, redact_values[i].value);
        if (!at)
            abort();
        gput(&b, p, (size_t)(at - p));
        replace(redact_values[i].value, i, &b);
        p = at + strlen(redact_values[i].value);
    }
    gputs(&b, p);
    return b.p;
}

static void replace_tag(const char *value, size_t i, gbuf *out)
{
    (void)value;
    gputs(out, redact_values[i].tag);
}

static bool is_separator(unsigned char b)
{
    return b && strchr(" .-/@:()+", b);
}

/* One '*' per character (UTF-8 sequence), separators kept; with
 * keep_tail, the last four letters or digits kept too. */
static void mask_into(const char *value, bool keep_tail, gbuf *out)
{
    size_t len = strlen(value), from = len;
    if (keep_tail)
        for (unsigned seen = 0; from > 0 && seen < 4;)
            if (strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", value[--from]))
                seen++;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)value[i];
        if ((b & 0xC0) == 0x80)
            continue; /* one mark per character */
        if (i >= from || is_separator(b))
            gput(out, value + i, 1);
        else
            gputs(out, "*");
    }
}

static void replace_mask(const char *value, size_t i, gbuf *out)
{
    (void)i;
    mask_into(value, false, out);
}

static void replace_partial(const char *value, size_t i, gbuf *out)
{
    mask_into(value, redact_values[i].keeps_tail, out);
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static void redact_tag_replaces_each_value_and_keeps_every_other_byte(void)
{
    size_t len;
    char *out = redact(COMPLY_REDACT_TAG, &len);
    char *want = expected_redaction(replace_tag);
    if (out)
        CU_ASSERT_STRING_EQUAL(out, want);
    CU_ASSERT_EQUAL(len, strlen(want));
    CU_ASSERT_PTR_NULL(strstr(out ? out : "", "@"));
    comply_free(rules, out);
    free(want);
}

static void redact_mask_keeps_separators_and_character_count(void)
{
    size_t len;
    char *out = redact(COMPLY_REDACT_MASK, &len);
    char *want = expected_redaction(replace_mask);
    if (out) {
        CU_ASSERT_STRING_EQUAL(out, want);
        CU_ASSERT_EQUAL(utf8_chars(out, len), utf8_chars(redact_text, strlen(redact_text)));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "** ** ** ** **"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "*******@*******.*******"));
        CU_ASSERT_PTR_NULL(strstr(out, "1111"));
        CU_ASSERT_PTR_NULL(strstr(out, "189"));
    }
    comply_free(rules, out);
    free(want);
}

static void redact_partial_keeps_last_four_of_cards_and_ibans_only(void)
{
    size_t len;
    char *out = redact(COMPLY_REDACT_PARTIAL, &len);
    char *want = expected_redaction(replace_partial);
    if (out) {
        CU_ASSERT_STRING_EQUAL(out, want);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "**** **** **** 1111"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "**** **** **** **** **** ***0 189"));
        CU_ASSERT_PTR_NOT_NULL(strstr(out, "tél ** ** ** ** **,")); /* phones fully masked */
        CU_ASSERT_PTR_NULL(strstr(out, "example"));
        CU_ASSERT_EQUAL(utf8_chars(out, len), utf8_chars(redact_text, strlen(redact_text)));
    }
    comply_free(rules, out);
    free(want);
}

static void redact_text_without_values_is_copied_unchanged(void)
{
    static const char t[] = "Rien à signaler, version 2.4.1, ticket 2024-118-7731\xff\0fin";
    for (int style = COMPLY_REDACT_TAG; style <= COMPLY_REDACT_PARTIAL; style++) {
        char *out = NULL;
        size_t n = 0;
        CU_ASSERT_EQUAL(comply_redact(rules, t, sizeof t - 1, (comply_redact_style)style, NULL, &out, &n, NULL),
                        COMPLY_OK);
        CU_ASSERT_EQUAL(n, sizeof t - 1);
        if (out) {
            CU_ASSERT(memcmp(out, t, sizeof t - 1) == 0);
            CU_ASSERT_EQUAL(out[n], '\0');
        }
        comply_free(rules, out);
    }
    /* out_len may be NULL; min_confidence 0 redacts a bare date too */
    char *out = NULL;
    comply_scan_options all = COMPLY_SCAN_OPTIONS_INIT;
    all.min_confidence = 0;
    CU_ASSERT_EQUAL(comply_redact(rules, "le 12/03/1985.", 14, COMPLY_REDACT_TAG, &all, &out, NULL, NULL),
                    COMPLY_OK);
    if (out)
        CU_ASSERT_STRING_EQUAL(out, "le [BIRTH_DATE].");
    comply_free(rules, out);
    CU_ASSERT_EQUAL(comply_redact(rules, "le 12/03/1985.", 14, COMPLY_REDACT_TAG, NULL, &out, NULL, NULL),
                    COMPLY_OK);
    if (out)
        CU_ASSERT_STRING_EQUAL(out, "le 12/03/1985.");
    comply_free(rules, out);
}

static void redact_value_returns_needed_size_and_writes_within_size(void)
{
    char buf[32];
    CU_ASSERT_EQUAL(comply_redact_value("contact.email", "a@b.fr", 6, COMPLY_REDACT_TAG, NULL, 0), 7);
    CU_ASSERT_EQUAL(comply_redact_value("contact.email", "a@b.fr", 6, COMPLY_REDACT_TAG, NULL, 100), 7);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("contact.email", "a@b.fr", 6, COMPLY_REDACT_TAG, buf, 4), 7);
    CU_ASSERT(memcmp(buf, "[EMA####", 8) == 0);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("contact.email", "a@b.fr", 6, COMPLY_REDACT_TAG, buf, 7), 7);
    CU_ASSERT(memcmp(buf, "[EMAIL]#", 8) == 0);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("contact.email", "a@b.fr", 6, COMPLY_REDACT_TAG, buf, 0), 7);
    CU_ASSERT_EQUAL(buf[0], '#');
    /* mask: one byte per character ("é" is one '*'), separators kept */
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("contact.email", "é@b.fr", 7, COMPLY_REDACT_MASK, buf, sizeof buf), 6);
    CU_ASSERT(memcmp(buf, "*@*.**#", 7) == 0);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("contact.phone", "06 12", 5, COMPLY_REDACT_MASK, buf, 3), 5);
    CU_ASSERT(memcmp(buf, "** ##", 5) == 0);
    /* partial: last four letters or digits of cards and IBANs */
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("financial.payment_card", "4111-1111-1111-1111", 19, COMPLY_REDACT_PARTIAL,
                                        buf, sizeof buf),
                    19);
    CU_ASSERT(memcmp(buf, "****-****-****-1111#", 20) == 0);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("financial.iban", "GB82 WEST 1234 5698 7654 32", 27,
                                        COMPLY_REDACT_PARTIAL, buf, sizeof buf),
                    27);
    CU_ASSERT(memcmp(buf, "**** **** **** **** **54 32#", 28) == 0);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("contact.phone", "0612345678", 10, COMPLY_REDACT_PARTIAL, buf, sizeof buf),
                    10);
    CU_ASSERT(memcmp(buf, "**********#", 11) == 0);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("financial.payment_card", "4111111111111111", 16, COMPLY_REDACT_PARTIAL,
                                        buf, 13),
                    16);
    CU_ASSERT(memcmp(buf, "************1##", 15) == 0);
    /* a category without dots is its own tag; NULL category writes nothing */
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value("email", "x", 1, COMPLY_REDACT_TAG, buf, sizeof buf), 7);
    CU_ASSERT(memcmp(buf, "[EMAIL]#", 8) == 0);
    memset(buf, '#', sizeof buf);
    CU_ASSERT_EQUAL(comply_redact_value(NULL, "x", 1, COMPLY_REDACT_TAG, buf, sizeof buf), 0);
    CU_ASSERT_EQUAL(buf[0], '#');
    CU_ASSERT_EQUAL(comply_redact_value("contact.email", "", 0, COMPLY_REDACT_MASK, buf, sizeof buf), 0);
}

static void redact_large_text_matches_scan_spans(void)
{
    /* redacting the generated corpus (a multi-region text): TAG output is
     * the text with each span of the whole-buffer scan replaced */
    CU_ASSERT_PTR_NOT_NULL_FATAL(corpus);
    char *out = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(comply_redact(rules, corpus, corpus_len, COMPLY_REDACT_TAG, NULL, &out, &n, NULL),
                          COMPLY_OK);
    gbuf b = { 0 };
    size_t at = 0;
    for (size_t i = 0; i < corpus_spans.n; i++) {
        const rec *r = &corpus_spans.v[i];
        gput(&b, corpus + at, r->start - at);
        char tag[64];
        size_t k = comply_redact_value(r->category, corpus + r->start, r->end - r->start, COMPLY_REDACT_TAG, tag,
                                       sizeof tag);
        gput(&b, tag, k < sizeof tag ? k : sizeof tag);
        at = r->end;
    }
    gput(&b, corpus + at, corpus_len - at);
    CU_ASSERT_EQUAL(n, b.n);
    CU_ASSERT(n == b.n && memcmp(out, b.p, n) == 0);
    free(b.p);
    comply_free(rules, out);
}

/* ================================================================ main */

static const test_entry tests[] = {
    TEST(scan_finds_email_and_phone_in_french_sentence),
    TEST(scan_finds_spaced_iban_inside_sentence),
    TEST(scan_finds_card_with_dashes),
    TEST(scan_finds_several_values_on_one_line),
    TEST(scan_finds_values_separated_by_single_spaces),
    TEST(scan_finds_values_at_start_and_end_of_text),
    TEST(scan_finds_values_next_to_punctuation),
    TEST(scan_finds_two_phones_joined_by_ou),
    TEST(scan_reports_birth_dates_only_near_context_words),
    TEST(scan_context_words_raise_confidence),
    TEST(scan_spans_are_ordered_and_disjoint),
    TEST(scan_stops_when_callback_returns_nonzero),
    TEST(scan_rejects_bad_arguments_and_options_version),
    TEST(scanner_whole_buffer_scan_of_corpus_is_well_formed),
    TEST(scanner_in_chunks_of_1_byte_matches_whole_buffer),
    TEST(scanner_in_chunks_of_7_bytes_matches_whole_buffer),
    TEST(scanner_in_chunks_of_4096_bytes_matches_whole_buffer),
    TEST(scanner_in_chunks_of_65536_bytes_matches_whole_buffer),
    TEST(scanner_in_random_chunks_matches_whole_buffer),
    TEST(scanner_in_one_chunk_matches_whole_buffer),
    TEST(scanner_finds_value_split_across_chunks),
    TEST(scanner_keeps_context_words_after_values_at_region_ends),
    TEST(scan_keeps_context_words_across_region_cuts_in_long_lines),
    TEST(scanner_settled_is_monotone_and_bounded_by_bytes_fed),
    TEST(scanner_feed_after_finish_is_einval),
    TEST(scanner_free_null_and_unfinished_are_fine),
    TEST(scan_empty_and_null_text_find_nothing),
    TEST(scan_survives_10_mib_of_digits),
    TEST(scan_survives_10_mib_of_a_dot_a),
    TEST(scan_survives_1_mib_of_at_signs),
    TEST(scan_survives_1_mib_of_colons),
    TEST(scan_survives_1_mib_of_separated_digits),
    TEST(scan_finds_values_among_invalid_utf8_and_nul_bytes),
    TEST(scan_finds_email_touching_invalid_utf8),
    TEST(redact_tag_replaces_each_value_and_keeps_every_other_byte),
    TEST(redact_mask_keeps_separators_and_character_count),
    TEST(redact_partial_keeps_last_four_of_cards_and_ibans_only),
    TEST(redact_text_without_values_is_copied_unchanged),
    TEST(redact_value_returns_needed_size_and_writes_within_size),
    TEST(redact_large_text_matches_scan_spans),
    { NULL, NULL },
};

static int suite_init(void)
{
    if (comply_rules_default(&rules, NULL) != COMPLY_OK)
        return -1;
    corpus = gen_corpus(&corpus_len);
    if (scan(corpus, corpus_len, COMPLY_DEFAULT_MIN_CONFIDENCE, &corpus_spans) != COMPLY_OK ||
        scan(corpus, corpus_len, 0.0, &corpus_spans_all) != COMPLY_OK)
        return -1;
    return 0;
}

static int suite_clean(void)
{
    spans_free(&corpus_spans);
    spans_free(&corpus_spans_all);
    free(corpus);
    corpus = NULL;
    comply_rules_free(rules);
    rules = NULL;
    return 0;
}

int main(void)
{
    static const test_suite suites[] = {
        { "scan: free text, streams, redaction", tests, suite_init, suite_clean },
        { NULL, NULL, NULL, NULL },
    };
    return tu_run_suites(suites);
}
