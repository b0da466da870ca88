/*
 * test_json.c - CUnit tests for lib/json.c: the strict JSON reader with
 * places (comply__json_read), member lookup, cloning, the UTF-8 sequence
 * check and the JSON writer.
 *
 * Expected places are 1-based lines and columns counted in code points,
 * and byte offsets; they are written out by hand below, or computed with
 * tu_place_of (an independent count) for longer documents.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "internal.h"
#include "testutil.h"
#include "runner.h"

/* ------------------------------------------------------------ helpers */

typedef struct jdoc {
    comply__alloc alloc;
    comply__arena arena;
    comply__jnode *root;
    comply_error err;
    comply_status st;
    char *copy; /* the text, in a buffer of exactly its length */
} jdoc;

/* Reads `len` bytes of `text` from a heap buffer of exactly that size, so
 * that the sanitizer build catches any read past the end. */
static comply_status jread_depth(jdoc *d, const char *text, size_t len, unsigned depth)
{
    memset(d, 0, sizeof *d);
    comply__alloc_init(&d->alloc, NULL);
    comply__arena_init(&d->arena, &d->alloc);
    d->copy = malloc(len ? len : 1);
    if (len)
        memcpy(d->copy, text, len);
    memset(&d->err, 0, sizeof d->err);
    d->st = comply__json_read(&d->arena, d->copy, len, "<test>", depth, &d->root, &d->err);
    return d->st;
}

static comply_status jread(jdoc *d, const char *text)
{
    return jread_depth(d, text, strlen(text), 64);
}

static void jdone(jdoc *d)
{
    comply__arena_release(&d->arena);
    free(d->copy);
    d->copy = NULL;
}

/* Writes a node to a malloc'd string. */
static char *jwrite(const comply__jnode *node, int pretty)
{
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    comply__buf b;
    comply__buf_init(&b, &a);
    comply__json_write(&b, node, pretty, 0);
    if (b.failed) {
        comply__buf_release(&b);
        return NULL;
    }
    char *s = strdup(b.data ? b.data : "");
    comply__buf_release(&b);
    return s;
}

/* A document that must fail with `st` at line:column, byte `offset`,
 * with `msg` in the message. */
static void check_fail_at(const char *text, size_t len, unsigned depth, comply_status st, unsigned long line,
                          unsigned long column, size_t offset, const char *msg, unsigned at, const char *func)
{
    jdoc d;
    jread_depth(&d, text, len, depth);
    char what[700];
    snprintf(what, sizeof what, "input \"%.60s\": got %d at %lu:%lu +%zu \"%.120s\" src \"%s\", expected %d at %lu:%lu +%zu",
             text, (int)d.st, d.err.line, d.err.column, d.err.offset, d.err.message, d.err.source, (int)st, line,
             column, offset);
    CU_assertImplementation(d.st == st, at, what, __FILE__, func, CU_FALSE);
    CU_assertImplementation(d.err.code == st, at, what, __FILE__, func, CU_FALSE);
    CU_assertImplementation(d.err.line == line && d.err.column == column && d.err.offset == offset, at, what,
                            __FILE__, func, CU_FALSE);
    CU_assertImplementation(strcmp(d.err.source, "<test>") == 0 && d.err.path[0] == '\0', at, what, __FILE__, func,
                            CU_FALSE);
    if (msg)
        CU_assertImplementation(strstr(d.err.message, msg) != NULL, at, what, __FILE__, func, CU_FALSE);
    jdone(&d);
}
#define FAIL_AT(text, st, line, col, off, msg) \
    check_fail_at((text), strlen(text), 64, (st), (line), (col), (off), (msg), __LINE__, __func__)
#define FAIL_AT_LEN(text, len, st, line, col, off, msg) \
    check_fail_at((text), (len), 64, (st), (line), (col), (off), (msg), __LINE__, __func__)

static void check_pos_at(comply__jpos p, uint32_t line, uint32_t column, size_t offset, unsigned at,
                         const char *func)
{
    char what[160];
    snprintf(what, sizeof what, "place %u:%u +%zu, expected %u:%u +%zu", p.line, p.column, p.offset, line, column,
             offset);
    CU_assertImplementation(p.line == line && p.column == column && p.offset == offset, at, what, __FILE__, func,
                            CU_FALSE);
}
#define CHECK_POS(p, line, col, off) check_pos_at((p), (line), (col), (off), __LINE__, __func__)

/* ------------------------------------------------------ valid documents */

static void read_scalars_at_top_level(void)
{
    static const struct {
        const char *text;
        comply__jtype type;
    } cases[] = {
        { "null", COMPLY__JNULL },   { "true", COMPLY__JTRUE },    { "false", COMPLY__JFALSE },
        { "0", COMPLY__JNUMBER },    { "-12.5e3", COMPLY__JNUMBER }, { "\"s\"", COMPLY__JSTRING },
        { "[]", COMPLY__JARRAY },    { "{}", COMPLY__JOBJECT },    { " \t\r\n 7 \n", COMPLY__JNUMBER },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jdoc d;
        CHECK_STATUS_MSG(jread(&d, cases[i].text), COMPLY_OK, cases[i].text);
        if (d.st == COMPLY_OK) {
            CHECK_NUM(d.root->type, cases[i].type);
            CU_ASSERT_PTR_NULL(d.root->key);
            CHECK_NUM(d.root->key_pos.line, 0);
            CHECK_NUM(d.root->count, 0);
            CHECK_TEXT(d.root->source, "<test>");
        }
        jdone(&d);
    }
}

static void read_nested_document_with_places(void)
{
    const char *text = "{\"a\": [true, {\"b\": null}],\n \"c\": \"x\"}";
    jdoc d;
    CHECK_STATUS(jread(&d, text), COMPLY_OK);
    comply__jnode *r = d.root;
    CU_ASSERT_FATAL(r != NULL && r->type == COMPLY__JOBJECT && r->count == 2);
    CHECK_POS(r->pos, 1, 1, 0);
    comply__jnode *a = &r->items[0];
    CHECK_TEXT(a->key, "a");
    CHECK_NUM(a->type, COMPLY__JARRAY);
    CHECK_NUM(a->count, 2);
    CHECK_POS(a->key_pos, 1, 2, 1);
    CHECK_POS(a->pos, 1, 7, 6);
    CHECK_NUM(a->items[0].type, COMPLY__JTRUE);
    CU_ASSERT_PTR_NULL(a->items[0].key);
    CHECK_NUM(a->items[0].key_pos.line, 0);
    CHECK_POS(a->items[0].pos, 1, 8, 7);
    comply__jnode *o = &a->items[1];
    CHECK_NUM(o->type, COMPLY__JOBJECT);
    CHECK_POS(o->pos, 1, 14, 13);
    CHECK_TEXT(o->items[0].key, "b");
    CHECK_NUM(o->items[0].type, COMPLY__JNULL);
    CHECK_POS(o->items[0].key_pos, 1, 15, 14);
    CHECK_POS(o->items[0].pos, 1, 20, 19);
    comply__jnode *c = &r->items[1];
    CHECK_TEXT(c->key, "c");
    CHECK_POS(c->key_pos, 2, 2, 28);
    CHECK_POS(c->pos, 2, 7, 33);
    CHECK_TEXT(c->str, "x");
    CHECK_NUM(c->len, 1);
    jdone(&d);
}

static void read_keeps_duplicate_members_in_order(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, "{\"k\": 1, \"j\": 2, \"k\": 3}"), COMPLY_OK);
    CU_ASSERT_FATAL(d.root && d.root->count == 3);
    CHECK_TEXT(d.root->items[0].key, "k");
    CHECK_TEXT(d.root->items[2].key, "k");
    CHECK_TEXT(d.root->items[2].str, "3");
    /* the lookup answers the first */
    const comply__jnode *m = comply__json_member(d.root, "k");
    CU_ASSERT_PTR_EQUAL(m, &d.root->items[0]);
    CU_ASSERT_PTR_NULL(comply__json_member(d.root, "missing"));
    CU_ASSERT_PTR_NULL(comply__json_member(NULL, "k"));
    CU_ASSERT_PTR_NULL(comply__json_member(&d.root->items[0], "k")); /* not an object */
    jdone(&d);
}

static void read_numbers_keep_their_literal_text(void)
{
    static const struct {
        const char *lit;
        double value;
    } cases[] = {
        { "0", 0 },         { "-0", 0 },           { "1.50", 1.5 },      { "1E+2", 100 },
        { "-2.5e-3", -0.0025 }, { "123456789012", 123456789012.0 }, { "1e0", 1 }, { "0.000", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "[%s]", cases[i].lit);
        jdoc d;
        CHECK_STATUS_MSG(jread(&d, text), COMPLY_OK, text);
        if (d.st == COMPLY_OK) {
            const comply__jnode *n = &d.root->items[0];
            CHECK_NUM(n->type, COMPLY__JNUMBER);
            CHECK_TEXT(n->str, cases[i].lit);
            CHECK_NUM(n->len, strlen(cases[i].lit));
            CU_ASSERT_DOUBLE_EQUAL(n->number, cases[i].value, 1e-12);
        }
        jdone(&d);
    }
    /* 63 characters: the longest literal accepted */
    char text[80] = "[1";
    memset(text + 2, '0', 62);
    strcpy(text + 64, "]");
    jdoc d;
    CHECK_STATUS(jread(&d, text), COMPLY_OK);
    if (d.st == COMPLY_OK)
        CHECK_NUM(d.root->items[0].len, 63);
    jdone(&d);
}

static void read_number_at_the_very_end_of_the_input(void)
{
    /* The text need not be NUL-terminated: a literal that ends the input
     * stops there (jread's buffer has exactly the document's size, so the
     * sanitizer build catches a read past it). */
    static const char *const cases[] = { "7", "-12", "3.25", "1e5", " 42", "0", "-0.5E-7" };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jdoc d;
        CHECK_STATUS_MSG(jread(&d, cases[i]), COMPLY_OK, cases[i]);
        if (d.st == COMPLY_OK)
            CHECK_TEXT(d.root->str, cases[i][0] == ' ' ? cases[i] + 1 : cases[i]);
        jdone(&d);
    }
    /* the document is the first 2 bytes, "12": what follows is not input */
    static const char text[] = "12345";
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    comply__arena arena;
    comply__arena_init(&arena, &a);
    comply__jnode *root = NULL;
    comply_error err;
    CHECK_STATUS(comply__json_read(&arena, text, 2, "<test>", 64, &root, &err), COMPLY_OK);
    if (root) {
        CHECK_TEXT(root->str, "12");
        CHECK_NUM(root->len, 2);
        CU_ASSERT_DOUBLE_EQUAL(root->number, 12.0, 0);
    }
    comply__arena_release(&arena);
    /* "1." cut after the point would be invalid, but the whole is "1.5" */
    CHECK_STATUS(comply__json_read(&arena, "[1.5]", 4, "<test>", 64, &root, &err), COMPLY_EPARSE);
    comply__arena_release(&arena);
}

static void read_number_followed_by_white_space_at_the_end(void)
{
    static const char *const cases[] = { "7 ", "-12\n", "3.25\t", "1e5\r\n", " 42 " };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jdoc d;
        CHECK_STATUS_MSG(jread(&d, cases[i]), COMPLY_OK, cases[i]);
        if (d.st == COMPLY_OK) {
            char lit[16];
            size_t n = strspn(cases[i] + (cases[i][0] == ' '), "-0123456789.e");
            memcpy(lit, cases[i] + (cases[i][0] == ' '), n);
            lit[n] = '\0';
            CHECK_TEXT(d.root->str, lit);
        }
        jdone(&d);
    }
}

static void read_string_escapes(void)
{
    static const struct {
        const char *json, *value;
    } cases[] = {
        { "\"\\\"\\\\\\/\"", "\"\\/" },
        { "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t" },
        { "\"\\u0041\\u00e9\\u00E9\"", "A\xC3\xA9\xC3\xA9" },
        { "\"\\u20AC\"", "\xE2\x82\xAC" },
        { "\"\\ud83d\\ude00\"", "\xF0\x9F\x98\x80" },
        { "\"\\uD834\\uDD1E\"", "\xF0\x9D\x84\x9E" },
        { "\"\\uDBFF\\uDFFF\"", "\xF4\x8F\xBF\xBF" },
        { "\"\\u0001\\u001f\\u007f\"", "\x01\x1F\x7F" },
        { "\"\\uffff\"", "\xEF\xBF\xBF" },
        { "\"raw \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 \x7F\"", "raw \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 \x7F" },
        { "\"\"", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jdoc d;
        CHECK_STATUS_MSG(jread(&d, cases[i].json), COMPLY_OK, cases[i].json);
        if (d.st == COMPLY_OK) {
            CHECK_NUM(d.root->type, COMPLY__JSTRING);
            CHECK_TEXT(d.root->str, cases[i].value);
            CHECK_NUM(d.root->len, strlen(cases[i].value));
        }
        jdone(&d);
    }
}

static void read_unicode_keys(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, "{\"cl\\u00e9\": 1, \"\xE2\x82\xAC\": 2, \"\": 3}"), COMPLY_OK);
    CU_ASSERT_FATAL(d.root && d.root->count == 3);
    CHECK_TEXT(d.root->items[0].key, "cl\xC3\xA9");
    CHECK_TEXT(d.root->items[1].key, "\xE2\x82\xAC");
    CHECK_TEXT(d.root->items[2].key, "");
    CU_ASSERT_PTR_EQUAL(comply__json_member(d.root, ""), &d.root->items[2]);
    jdone(&d);
}

static void read_columns_count_code_points(void)
{
    /* "é" is 2 bytes and "€" 3, one column each */
    jdoc d;
    CHECK_STATUS(jread(&d, "{\"\xC3\xA9\xE2\x82\xAC\": 1, \"z\": 2}"), COMPLY_OK);
    CU_ASSERT_FATAL(d.root && d.root->count == 2);
    CHECK_POS(d.root->items[0].pos, 1, 8, 10);
    CHECK_POS(d.root->items[1].key_pos, 1, 11, 13);
    CHECK_POS(d.root->items[1].pos, 1, 16, 18);
    jdone(&d);
    /* a 4-byte character, and a new line resets the count */
    CHECK_STATUS(jread(&d, "[\"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\", 1,\n\"\xC3\xA9\", 2]"), COMPLY_OK);
    CU_ASSERT_FATAL(d.root && d.root->count == 4);
    CHECK_POS(d.root->items[1].pos, 1, 8, 13);
    CHECK_POS(d.root->items[2].pos, 2, 1, 16);
    CHECK_POS(d.root->items[3].pos, 2, 6, 22);
    jdone(&d);
}

static void read_crlf_and_tabs(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, "{\r\n\t\"a\":\r\n\t\t1}"), COMPLY_OK);
    CU_ASSERT_FATAL(d.root && d.root->count == 1);
    CHECK_POS(d.root->items[0].key_pos, 2, 2, 4);
    CHECK_POS(d.root->items[0].pos, 3, 3, 12);
    jdone(&d);
}

static void read_skips_byte_order_mark(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, "\xEF\xBB\xBF{\"a\": 1}"), COMPLY_OK);
    CU_ASSERT_FATAL(d.root && d.root->type == COMPLY__JOBJECT);
    CHECK_POS(d.root->pos, 1, 1, 3);
    CHECK_POS(d.root->items[0].key_pos, 1, 2, 4);
    jdone(&d);
    CHECK_STATUS(jread(&d, "\xEF\xBB\xBF \n [1]"), COMPLY_OK);
    if (d.st == COMPLY_OK)
        CHECK_POS(d.root->pos, 2, 2, 6);
    jdone(&d);
    /* an error right after the mark is at column 1 */
    FAIL_AT("\xEF\xBB\xBF}", COMPLY_EPARSE, 1, 1, 3, "unexpected '}'");
    /* the mark alone is an empty document */
    FAIL_AT("\xEF\xBB\xBF", COMPLY_EPARSE, 1, 1, 3, "empty document");
    /* only one mark, and only at the start */
    FAIL_AT("\xEF\xBB\xBF\xEF\xBB\xBF[]", COMPLY_EPARSE, 1, 1, 3, "0xEF");
    FAIL_AT("[]\xEF\xBB\xBF", COMPLY_EPARSE, 1, 3, 2, "0xEF");
    /* a partial mark is not one */
    FAIL_AT("\xEF\xBB[]", COMPLY_EPARSE, 1, 1, 0, "unexpected byte 0xEF");
}

static void read_large_documents(void)
{
    /* a 1 MiB string */
    size_t n = 1024 * 1024;
    char *big = malloc(n + 3);
    big[0] = '"';
    memset(big + 1, 'q', n);
    big[n + 1] = '"';
    big[n + 2] = '\0';
    jdoc d;
    CHECK_STATUS(jread(&d, big), COMPLY_OK);
    if (d.st == COMPLY_OK)
        CHECK_NUM(d.root->len, n);
    jdone(&d);
    free(big);
    /* an array of 100,000 numbers, each with its place */
    size_t count = 100000;
    big = malloc(count * 8 + 3);
    size_t at = 0;
    big[at++] = '[';
    for (size_t i = 0; i < count; i++)
        at += (size_t)sprintf(big + at, "%s%zu", i ? "," : "", i);
    big[at++] = ']';
    big[at] = '\0';
    CHECK_STATUS(jread(&d, big), COMPLY_OK);
    if (d.st == COMPLY_OK) {
        CHECK_NUM(d.root->count, count);
        const comply__jnode *last = &d.root->items[count - 1];
        CHECK_TEXT(last->str, "99999");
        CHECK_NUM(last->pos.offset, at - 6);
        CHECK_NUM(last->pos.column, at - 5);
    }
    jdone(&d);
    free(big);
}

static void read_nesting_up_to_the_limit(void)
{
    char text[200];
    memset(text, '[', 64);
    memset(text + 64, ']', 64);
    text[128] = '\0';
    jdoc d;
    CHECK_STATUS(jread_depth(&d, text, 128, 64), COMPLY_OK);
    jdone(&d);
    check_fail_at(text, 128, 63, COMPLY_ELIMIT, 1, 64, 63, "nesting deeper than 63 levels", __LINE__, __func__);
    /* objects count too */
    strcpy(text, "{\"a\":{\"b\":{\"c\":[]}}}");
    CHECK_STATUS(jread_depth(&d, text, strlen(text), 4), COMPLY_OK);
    jdone(&d);
    check_fail_at(text, strlen(text), 3, COMPLY_ELIMIT, 1, 16, 15, "deeper than 3", __LINE__, __func__);
    /* depth 1: flat containers only */
    CHECK_STATUS(jread_depth(&d, "[1,{}]", 6, 1), COMPLY_ELIMIT);
    jdone(&d);
    CHECK_STATUS(jread_depth(&d, "[1,2]", 5, 1), COMPLY_OK);
    jdone(&d);
}

/* ------------------------------------------------------ malformed input */

static void fail_on_empty_and_whitespace_only(void)
{
    FAIL_AT("", COMPLY_EPARSE, 1, 1, 0, "empty document");
    FAIL_AT("   ", COMPLY_EPARSE, 1, 4, 3, "empty document");
    FAIL_AT("  \n\t ", COMPLY_EPARSE, 2, 3, 5, "empty document");
    FAIL_AT("\n\n\n", COMPLY_EPARSE, 4, 1, 3, "empty document");
    /* form feed and vertical tab are not JSON whitespace */
    FAIL_AT("\f[]", COMPLY_EPARSE, 1, 1, 0, "unexpected byte 0x0C");
    FAIL_AT("\v", COMPLY_EPARSE, 1, 1, 0, "unexpected byte 0x0B");
}

static void fail_on_trailing_commas(void)
{
    FAIL_AT("{\"a\":1,}", COMPLY_EPARSE, 1, 8, 7, "trailing comma before '}'");
    FAIL_AT("[1,2,]", COMPLY_EPARSE, 1, 6, 5, "trailing comma before ']'");
    FAIL_AT("[1,\n  ]", COMPLY_EPARSE, 2, 3, 6, "trailing comma before ']'");
    FAIL_AT("[,]", COMPLY_EPARSE, 1, 2, 1, "unexpected ','");
    FAIL_AT("{,}", COMPLY_EPARSE, 1, 2, 1, "expected a string key");
    FAIL_AT("[1,,2]", COMPLY_EPARSE, 1, 4, 3, "unexpected ','");
}

static void fail_on_bad_object_syntax(void)
{
    FAIL_AT("{\"a\" 1}", COMPLY_EPARSE, 1, 6, 5, "expected ':' after the key");
    FAIL_AT("{\"a\"}", COMPLY_EPARSE, 1, 5, 4, "unexpected '}', expected ':' after the key");
    FAIL_AT("{\"a\":}", COMPLY_EPARSE, 1, 6, 5, "unexpected '}', expected a JSON value");
    FAIL_AT("{a:1}", COMPLY_EPARSE, 1, 2, 1, "unexpected 'a', expected a string key");
    FAIL_AT("{'a':1}", COMPLY_EPARSE, 1, 2, 1, "expected a string key");
    FAIL_AT("{1:1}", COMPLY_EPARSE, 1, 2, 1, "expected a string key");
    FAIL_AT("{\"a\":1 \"b\":2}", COMPLY_EPARSE, 1, 8, 7, "expected ',' or '}' after an object member");
    FAIL_AT("{\"a\"::1}", COMPLY_EPARSE, 1, 6, 5, "unexpected ':'");
    FAIL_AT("[1 2]", COMPLY_EPARSE, 1, 4, 3, "expected ',' or ']' after an array element");
    FAIL_AT("[1}", COMPLY_EPARSE, 1, 3, 2, "unexpected '}'");
    FAIL_AT("{\"a\":1]", COMPLY_EPARSE, 1, 7, 6, "unexpected ']'");
    FAIL_AT("]", COMPLY_EPARSE, 1, 1, 0, "unexpected ']', expected a JSON value");
    /* a place on a later line */
    FAIL_AT("{\n  \"a\": [1,\n   2,,\n]}", COMPLY_EPARSE, 3, 6, 18, "unexpected ','");
    FAIL_AT("{\r\n\"a\":x}", COMPLY_EPARSE, 2, 5, 7, "unexpected 'x'");
}

static void fail_on_bad_literals_and_numbers(void)
{
    FAIL_AT("tru", COMPLY_EPARSE, 1, 1, 0, "unexpected 't', expected a JSON value");
    FAIL_AT("[nul]", COMPLY_EPARSE, 1, 2, 1, "unexpected 'n'");
    FAIL_AT("True", COMPLY_EPARSE, 1, 1, 0, "unexpected 'T'");
    FAIL_AT("NaN", COMPLY_EPARSE, 1, 1, 0, "unexpected 'N'");
    FAIL_AT("[Infinity]", COMPLY_EPARSE, 1, 2, 1, "unexpected 'I'");
    FAIL_AT("[-Infinity]", COMPLY_EPARSE, 1, 2, 1, "invalid number");
    FAIL_AT("-", COMPLY_EPARSE, 1, 1, 0, "invalid number");
    FAIL_AT("[1.]", COMPLY_EPARSE, 1, 2, 1, "invalid number");
    FAIL_AT("[.5]", COMPLY_EPARSE, 1, 2, 1, "unexpected '.'");
    FAIL_AT("[+1]", COMPLY_EPARSE, 1, 2, 1, "unexpected '+'");
    FAIL_AT("[1e]", COMPLY_EPARSE, 1, 2, 1, "invalid number");
    FAIL_AT("[1e+]", COMPLY_EPARSE, 1, 2, 1, "invalid number");
    FAIL_AT("[01]", COMPLY_EPARSE, 1, 3, 2, "unexpected '1'");
    FAIL_AT("[-01]", COMPLY_EPARSE, 1, 4, 3, "unexpected '1'");
    FAIL_AT("[0x10]", COMPLY_EPARSE, 1, 3, 2, "unexpected 'x'");
    FAIL_AT("[1.5.2]", COMPLY_EPARSE, 1, 5, 4, "unexpected '.'");
    FAIL_AT("[truefalse]", COMPLY_EPARSE, 1, 6, 5, "unexpected 'f'");
    FAIL_AT("[1true]", COMPLY_EPARSE, 1, 3, 2, "unexpected 't'");
}

static void fail_on_long_number_literals(void)
{
    /* 64 characters: over cJSON's buffer, so refused */
    char text[200] = "[1";
    memset(text + 2, '0', 63);
    strcpy(text + 65, "]");
    FAIL_AT(text, COMPLY_ELIMIT, 1, 2, 1, "number literal longer than 63 characters");
    /* 100 digits */
    memset(text, '9', 100);
    text[100] = '\0';
    FAIL_AT(text, COMPLY_ELIMIT, 1, 1, 0, "longer than 63");
    /* long fraction and exponent count too */
    strcpy(text, "{\"n\": 0.");
    memset(text + 8, '1', 70);
    strcpy(text + 78, "}");
    FAIL_AT(text, COMPLY_ELIMIT, 1, 7, 6, "longer than 63");
}

static void fail_on_unterminated_strings(void)
{
    FAIL_AT("{\"a\":\"abc", COMPLY_EPARSE, 1, 10, 9, "unterminated string");
    FAIL_AT("\"", COMPLY_EPARSE, 1, 2, 1, "unterminated string");
    FAIL_AT("[\"a\\\"]", COMPLY_EPARSE, 1, 7, 6, "unterminated string");
    FAIL_AT("\"\\", COMPLY_EPARSE, 1, 3, 2, "unterminated string");
    FAIL_AT("{\"ke", COMPLY_EPARSE, 1, 5, 4, "unterminated string");
    FAIL_AT("\"\xC3\xA9\xC3\xA9", COMPLY_EPARSE, 1, 4, 5, "unterminated string");
}

static void fail_on_raw_control_characters_in_strings(void)
{
    FAIL_AT("[\"a\x01" "b\"]", COMPLY_EPARSE, 1, 4, 3, "control character in string");
    FAIL_AT("\"line\nbreak\"", COMPLY_EPARSE, 1, 6, 5, "control character in string");
    FAIL_AT("\"tab\there\"", COMPLY_EPARSE, 1, 5, 4, "control character");
    FAIL_AT("{\"k\x1F\":1}", COMPLY_EPARSE, 1, 4, 3, "control character");
    FAIL_AT("\"\xC3\xA9\r\"", COMPLY_EPARSE, 1, 3, 3, "control character");
}

static void fail_on_bad_escapes(void)
{
    FAIL_AT("\"\\x\"", COMPLY_EPARSE, 1, 3, 2, "invalid escape sequence");
    FAIL_AT("\"\\'\"", COMPLY_EPARSE, 1, 3, 2, "invalid escape sequence");
    FAIL_AT("\"\\U0041\"", COMPLY_EPARSE, 1, 3, 2, "invalid escape sequence");
    FAIL_AT("\"\\u12\"", COMPLY_EPARSE, 1, 3, 2, "four hex digits expected");
    FAIL_AT("\"\\uZZZZ\"", COMPLY_EPARSE, 1, 3, 2, "four hex digits expected");
    FAIL_AT("\"\\u00", COMPLY_EPARSE, 1, 3, 2, "four hex digits expected");
    FAIL_AT_LEN("\"\\\0\"", 4, COMPLY_EPARSE, 1, 3, 2, "invalid escape sequence");
}

static void fail_on_nul_escapes_and_unpaired_surrogates(void)
{
    /* the place is just after the escape that cannot be accepted */
    FAIL_AT("\"\\u0000\"", COMPLY_EPARSE, 1, 8, 7, "\\u0000");
    FAIL_AT("{\"a\\u0000b\":1}", COMPLY_EPARSE, 1, 10, 9, "NUL character");
    FAIL_AT("\"\\udc00\"", COMPLY_EPARSE, 1, 8, 7, "unpaired low surrogate");
    FAIL_AT("\"\\ud800\"", COMPLY_EPARSE, 1, 8, 7, "unpaired high surrogate");
    FAIL_AT("\"\\ud800x\"", COMPLY_EPARSE, 1, 8, 7, "unpaired high surrogate");
    FAIL_AT("\"\\ud800\\u0041\"", COMPLY_EPARSE, 1, 14, 13, "unpaired high surrogate");
    FAIL_AT("\"\\ud800\\ud800\"", COMPLY_EPARSE, 1, 14, 13, "unpaired high surrogate");
    FAIL_AT("\"\\ud800\\uZZZZ\"", COMPLY_EPARSE, 1, 9, 8, "unpaired high surrogate");
    FAIL_AT("\"\\ud800\\n\"", COMPLY_EPARSE, 1, 8, 7, "unpaired high surrogate");
    FAIL_AT("\"\\ud800", COMPLY_EPARSE, 1, 8, 7, "unpaired high surrogate");
}

static void fail_on_invalid_utf8_in_strings(void)
{
    static const char *const bad[] = {
        "\"\xC0\x80\"",         /* overlong NUL */
        "\"\xC1\xBF\"",         /* overlong */
        "\"\xE0\x80\x80\"",     /* overlong 3-byte */
        "\"\xE0\x9F\xBF\"",     /* overlong 3-byte, highest */
        "\"\xF0\x80\x80\x80\"", /* overlong 4-byte */
        "\"\xF0\x8F\xBF\xBF\"", /* overlong 4-byte, highest */
        "\"\xED\xA0\x80\"",     /* encoded high surrogate */
        "\"\xED\xBF\xBF\"",     /* encoded low surrogate */
        "\"\xF4\x90\x80\x80\"", /* above U+10FFFF */
        "\"\xF5\x80\x80\x80\"", "\"\xF8\x88\x80\x80\x80\"", "\"\xFE\"", "\"\xFF\"",
        "\"\x80\"",             /* lone continuation */
        "\"\xBF\"",             "\"\xC3\"",  /* truncated by the quote */
        "\"\xE2\x82\"",         "\"\xF0\x9F\x98\"", "\"\xC3\x28\"", "\"\xE2\x28\xA1\"", "\"\xF0\x9F\x28\x80\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        FAIL_AT(bad[i], COMPLY_EPARSE, 1, 2, 1, "invalid UTF-8 in string");
    /* after valid characters, the column counts them */
    FAIL_AT("{\"\xC3\xA9\xE2\x82\xAC\": \"ok \xFF\"}", COMPLY_EPARSE, 1, 12, 14, "invalid UTF-8");
    /* a sequence cut by the end of the input */
    FAIL_AT("\"\xE2\x82", COMPLY_EPARSE, 1, 2, 1, "invalid UTF-8");
    FAIL_AT("[\"\xF0", COMPLY_EPARSE, 1, 3, 2, "invalid UTF-8");
}

static void fail_on_non_ascii_outside_strings(void)
{
    FAIL_AT("\xC3\xA9", COMPLY_EPARSE, 1, 1, 0, "unexpected byte 0xC3, expected a JSON value");
    FAIL_AT("[1,\xE2\x82\xAC]", COMPLY_EPARSE, 1, 4, 3, "unexpected byte 0xE2");
    FAIL_AT("{\"a\":1}\xC2\xA0", COMPLY_EPARSE, 1, 8, 7, "expected the end of the document");
    /* U+00A0 and U+2028 are not whitespace */
    FAIL_AT("[\xC2\xA0" "1]", COMPLY_EPARSE, 1, 2, 1, "unexpected byte 0xC2");
}

static void fail_on_nul_bytes(void)
{
    FAIL_AT_LEN("{\"a\":1}\0", 8, COMPLY_EPARSE, 1, 8, 7, "unexpected byte 0x00, expected the end of the document");
    FAIL_AT_LEN("[1,\0 2]", 7, COMPLY_EPARSE, 1, 4, 3, "unexpected byte 0x00, expected a JSON value");
    FAIL_AT_LEN("\"a\0b\"", 5, COMPLY_EPARSE, 1, 3, 2, "control character in string");
    FAIL_AT_LEN("\0", 1, COMPLY_EPARSE, 1, 1, 0, "unexpected byte 0x00");
    FAIL_AT_LEN("{\"a\0\":1}", 8, COMPLY_EPARSE, 1, 4, 3, "control character");
    FAIL_AT_LEN("[tr\0e]", 6, COMPLY_EPARSE, 1, 2, 1, "unexpected 't'");
}

static void fail_on_text_after_the_document(void)
{
    FAIL_AT("{} x", COMPLY_EPARSE, 1, 4, 3, "unexpected 'x', expected the end of the document");
    FAIL_AT("1 2", COMPLY_EPARSE, 1, 3, 2, "expected the end of the document");
    FAIL_AT("{}{}", COMPLY_EPARSE, 1, 3, 2, "unexpected '{'");
    FAIL_AT("[]\n\n]", COMPLY_EPARSE, 3, 1, 4, "unexpected ']'");
    FAIL_AT("\"a\"\"b\"", COMPLY_EPARSE, 1, 4, 3, "expected the end of the document");
    FAIL_AT("null,", COMPLY_EPARSE, 1, 5, 4, "unexpected ','");
}

static void fail_on_deep_nesting_without_stack_overflow(void)
{
    size_t n = 100000;
    char *deep = malloc(n + 1);
    memset(deep, '[', n);
    deep[n] = '\0';
    check_fail_at(deep, n, 64, COMPLY_ELIMIT, 1, 65, 64, "nesting deeper than 64 levels", __LINE__, __func__);
    /* a huge requested depth is capped well below any stack limit */
    check_fail_at(deep, n, 1000000, COMPLY_ELIMIT, 1, 513, 512, "nesting deeper than 512 levels", __LINE__, __func__);
    /* closed, it is still too deep */
    char *closed = malloc(2 * n + 1);
    memset(closed, '[', n);
    memset(closed + n, ']', n);
    closed[2 * n] = '\0';
    check_fail_at(closed, 2 * n, 64, COMPLY_ELIMIT, 1, 65, 64, "nesting", __LINE__, __func__);
    free(closed);
    /* objects: {"a":{"a":... */
    char *obj = malloc(5 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(obj + 5 * i, "{\"a\":", 5);
    obj[5 * n] = '\0';
    check_fail_at(obj, 5 * n, 64, COMPLY_ELIMIT, 1, 321, 320, "nesting deeper than 64", __LINE__, __func__);
    free(obj);
    free(deep);
}

/* Every proper prefix of a valid document fails cleanly: EPARSE with a
 * place inside the prefix, never a crash and never success. */
static void check_prefixes(const char *text, size_t len, size_t step)
{
    unsigned bad = 0;
    size_t first_bad = 0;
    for (size_t k = 0; k < len; k += step) {
        jdoc d;
        jread_depth(&d, text, k, 64);
        bool ok = d.st == COMPLY_EPARSE && d.err.line >= 1 && d.err.column >= 1 && d.err.offset <= k &&
                  d.err.message[0] != '\0';
        /* running out of input is reported at the very end */
        if (ok && (strstr(d.err.message, "end of input") || strstr(d.err.message, "unterminated")))
            ok = d.err.offset == k;
        if (!ok && bad++ == 0)
            first_bad = k;
        jdone(&d);
    }
    char what[200];
    snprintf(what, sizeof what, "%u prefixes misbehaved, the first of %zu bytes", bad, first_bad);
    CU_assertImplementation(bad == 0, __LINE__, what, __FILE__, __func__, CU_FALSE);
}

static const char sample_doc[] =
    "{\n"
    "  \"comply_pack\": 1,\n"
    "  \"name\": \"sample \\u00e9\\ud83d\\ude00 \xC3\xA9\xE2\x82\xAC\",\n"
    "  \"taxonomy\": {\n"
    "    \"person\": {\"label\": {\"en\": \"Person\", \"fr\": \"Personne \\\"P\\\"\"}, \"kind\": \"base\",\n"
    "               \"sensitive\": false, \"weights\": [0, -1.5e-3, 12, true, null, [], {}]}\n"
    "  }\n"
    "}";

static void every_prefix_of_a_valid_pack_fails_cleanly(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, sample_doc), COMPLY_OK);
    jdone(&d);
    check_prefixes(sample_doc, strlen(sample_doc), 1);
}

static void prefixes_of_the_default_pack_fail_cleanly(void)
{
    const char *text = (const char *)comply__default_pack;
    size_t len = comply__default_pack_len;
    jdoc d;
    CHECK_STATUS(jread_depth(&d, text, len, 64), COMPLY_OK);
    jdone(&d);
    /* without the trailing new line, the document is still whole */
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
        len--;
    CHECK_STATUS(jread_depth(&d, text, len, 64), COMPLY_OK);
    jdone(&d);
    /* every 97th prefix (the file is large), then the last 300 one by one */
    check_prefixes(text, len, 97);
    CU_ASSERT_FATAL(len > 300);
    unsigned bad = 0;
    for (size_t k = len - 300; k < len; k++) {
        jread_depth(&d, text, k, 64);
        if (d.st != COMPLY_EPARSE || d.err.offset > k)
            bad++;
        jdone(&d);
    }
    CHECK_NUM(bad, 0);
}

/* Replaces, deletes or inserts bytes of a valid document at every place:
 * the reader answers OK, EPARSE or ELIMIT, never crashes, and whatever it
 * accepts writes out and reads back to the same text. */
static void mutated_documents_never_crash(void)
{
    static const unsigned char bytes[] = { 0x00, '"', '\\', '{', '}', '[', ']', ',', ':', 0x80, 0xC3,
                                           0xED, 0xFF, '\n', '1', 'e', '-', 'u', ' ', 'n' };
    const size_t len = strlen(sample_doc);
    char *buf = malloc(len + 2);
    unsigned odd = 0, accepted = 0, roundtrip_bad = 0;
    for (size_t pos = 0; pos < len; pos++) {
        for (size_t b = 0; b < sizeof bytes + 2; b++) {
            size_t n;
            if (b < sizeof bytes) { /* replace */
                memcpy(buf, sample_doc, len);
                buf[pos] = (char)bytes[b];
                n = len;
            } else if (b == sizeof bytes) { /* delete */
                memcpy(buf, sample_doc, pos);
                memcpy(buf + pos, sample_doc + pos + 1, len - pos - 1);
                n = len - 1;
            } else { /* insert a quote */
                memcpy(buf, sample_doc, pos);
                buf[pos] = '"';
                memcpy(buf + pos + 1, sample_doc + pos, len - pos);
                n = len + 1;
            }
            jdoc d;
            jread_depth(&d, buf, n, 64);
            if (d.st == COMPLY_OK) {
                accepted++;
                char *once = jwrite(d.root, 0);
                jdoc again;
                if (!once || jread(&again, once) != COMPLY_OK) {
                    roundtrip_bad++;
                } else {
                    char *twice = jwrite(again.root, 0);
                    if (!twice || strcmp(once, twice) != 0)
                        roundtrip_bad++;
                    free(twice);
                }
                if (once)
                    jdone(&again);
                free(once);
            } else if (d.st != COMPLY_EPARSE && d.st != COMPLY_ELIMIT) {
                odd++;
            } else if (d.err.offset > n || d.err.line < 1 || d.err.column < 1) {
                odd++;
            }
            jdone(&d);
        }
    }
    free(buf);
    CHECK_NUM(odd, 0);
    CHECK_NUM(roundtrip_bad, 0);
    CU_ASSERT(accepted > 0); /* e.g. a space replaced by a space */
}

static void random_bytes_never_crash(void)
{
    uint64_t state = 0x9E3779B97F4A7C15ull;
    char buf[512];
    unsigned odd = 0;
    for (int round = 0; round < 5000; round++) {
        size_t n = (size_t)(round % 500);
        for (size_t i = 0; i < n; i++) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            /* biased towards JSON punctuation */
            static const char alphabet[] = "{}[]\",:\\u0123456789abcdefnrtl-+.eE \n\t\xC3\xA9\xED\xA0\x80\xFF";
            buf[i] = (round & 1) ? (char)(state >> 24) : alphabet[(state >> 24) % (sizeof alphabet - 1)];
        }
        jdoc d;
        jread_depth(&d, buf, n, 16);
        if (d.st != COMPLY_OK && d.st != COMPLY_EPARSE && d.st != COMPLY_ELIMIT)
            odd++;
        if (d.st != COMPLY_OK && d.err.offset > n)
            odd++;
        jdone(&d);
    }
    CHECK_NUM(odd, 0);
}

/* A small failing allocator (test_json does not link testutil.c). */
typedef struct fail_alloc {
    unsigned long calls, fail_at;
    long live;
} fail_alloc;

static void *fa_malloc(size_t size, void *user)
{
    fail_alloc *f = user;
    if (++f->calls == f->fail_at)
        return NULL;
    void *p = malloc(size);
    if (p)
        f->live++;
    return p;
}

static void *fa_realloc(void *ptr, size_t size, void *user)
{
    fail_alloc *f = user;
    if (!ptr)
        return fa_malloc(size, user);
    if (++f->calls == f->fail_at)
        return NULL;
    return realloc(ptr, size);
}

static void fa_free(void *ptr, void *user)
{
    fail_alloc *f = user;
    if (ptr)
        f->live--;
    free(ptr);
}

static void read_fails_with_enomem_when_allocation_fails(void)
{
    /* big enough for the place array to grow and the arena to need blocks */
    size_t cap = 64 * 1024, at = 0;
    char *text = malloc(cap);
    at += (size_t)sprintf(text + at, "[");
    for (int i = 0; i < 2000; i++)
        at += (size_t)sprintf(text + at, "%s{\"k%d\": \"v\u00e9%d\"}", i ? "," : "", i, i);
    sprintf(text + at, "]");
    unsigned long n;
    unsigned odd = 0;
    for (n = 1; n < 10000; n++) {
        fail_alloc f = { 0, n, 0 };
        comply_allocator hooks = { fa_malloc, fa_realloc, fa_free, &f };
        comply__alloc a;
        comply__alloc_init(&a, &hooks);
        comply__arena arena;
        comply__arena_init(&arena, &a);
        comply__jnode *root = NULL;
        comply_error err;
        comply_status st = comply__json_read(&arena, text, strlen(text), "<test>", 64, &root, &err);
        comply__arena_release(&arena);
        if (f.live != 0)
            odd++;
        if (st == COMPLY_OK && f.calls < n)
            break; /* no call failed: done */
        if (st != COMPLY_ENOMEM || err.code != COMPLY_ENOMEM || strcmp(err.message, "out of memory") != 0)
            odd++;
    }
    CHECK_NUM(odd, 0);
    CU_ASSERT(n > 5 && n < 10000);
    free(text);
}

/* ------------------------------------------------------------ utf-8 */

static void utf8_sequence_follows_unicode_table_3_7(void)
{
    static const struct {
        const char *s;
        size_t avail, expect;
    } cases[] = {
        { "A", 1, 1 },
        { "\x7F", 1, 1 },
        { "\xC2\x80", 2, 2 },
        { "\xDF\xBF", 2, 2 },
        { "\xC0\x80", 2, 0 },
        { "\xC1\xBF", 2, 0 },
        { "\xC2\x7F", 2, 0 },
        { "\xC2\xC0", 2, 0 },
        { "\xC2\x80", 1, 0 }, /* cut short */
        { "\xE0\xA0\x80", 3, 3 },
        { "\xE0\x9F\xBF", 3, 0 },
        { "\xE1\x80\x80", 3, 3 },
        { "\xEC\xBF\xBF", 3, 3 },
        { "\xED\x80\x80", 3, 3 },
        { "\xED\x9F\xBF", 3, 3 },
        { "\xED\xA0\x80", 3, 0 },
        { "\xEE\x80\x80", 3, 3 },
        { "\xEF\xBF\xBF", 3, 3 },
        { "\xE2\x82\xAC", 2, 0 },
        { "\xE2\x82\x41", 3, 0 },
        { "\xF0\x90\x80\x80", 4, 4 },
        { "\xF0\x8F\xBF\xBF", 4, 0 },
        { "\xF1\x80\x80\x80", 4, 4 },
        { "\xF3\xBF\xBF\xBF", 4, 4 },
        { "\xF4\x8F\xBF\xBF", 4, 4 },
        { "\xF4\x90\x80\x80", 4, 0 },
        { "\xF0\x9F\x98\x80", 3, 0 },
        { "\xF0\x9F\x98\x41", 4, 0 },
        { "\xF5\x80\x80\x80", 4, 0 },
        { "\x80", 1, 0 },
        { "\xBF", 1, 0 },
        { "\xF8\x88\x80\x80\x80", 5, 0 },
        { "\xFF", 1, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "case %zu", i);
        size_t got = comply__utf8_sequence((const unsigned char *)cases[i].s, cases[i].avail);
        tu_check_ulong_at(got, cases[i].expect, what, __LINE__, __func__);
    }
}

/* ----------------------------------------------------------- writing */

static const char write_input[] =
    "{\"b\": [1, 2.50, {\"c\": \"x\\ny\"}], \"a\": {}, \"e\": [], \"n\": null, \"t\": true,\n"
    " \"f\": false, \"u\": \"\\u00e9\\ud83d\\ude00\\/\\b\\f\\u007f\\u0001\\\"\\\\\", \"num\": -1E+2}";

static void write_compact_is_exact(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, write_input), COMPLY_OK);
    CU_ASSERT_FATAL(d.root != NULL);
    char *out = jwrite(d.root, 0);
    CHECK_TEXT(out, "{\"b\":[1,2.50,{\"c\":\"x\\ny\"}],\"a\":{},\"e\":[],\"n\":null,\"t\":true,\"f\":false,"
                    "\"u\":\"\xC3\xA9\xF0\x9F\x98\x80/\\u0008\\u000c\\u007f\\u0001\\\"\\\\\",\"num\":-1E+2}");
    free(out);
    jdone(&d);
}

static void write_pretty_is_exact(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, "{\"b\": [1, {\"c\": \"x\"}], \"a\": {}, \"e\": [], \"n\": null}"), COMPLY_OK);
    CU_ASSERT_FATAL(d.root != NULL);
    char *out = jwrite(d.root, 1);
    CHECK_TEXT(out, "{\n"
                    "  \"b\": [\n"
                    "    1,\n"
                    "    {\n"
                    "      \"c\": \"x\"\n"
                    "    }\n"
                    "  ],\n"
                    "  \"a\": {},\n"
                    "  \"e\": [],\n"
                    "  \"n\": null\n"
                    "}");
    free(out);
    jdone(&d);
}

static void write_then_read_round_trips(void)
{
    static const char *const docs[] = { write_input, sample_doc, "[]", "{}", "\"\"", "0", "-1.5e3", "[[[[]]],{\"\":{}}]" };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        for (int pretty = 0; pretty <= 1; pretty++) {
            jdoc d, e;
            CHECK_STATUS_MSG(jread(&d, docs[i]), COMPLY_OK, docs[i]);
            if (d.st != COMPLY_OK) {
                jdone(&d);
                continue;
            }
            char *once = jwrite(d.root, pretty);
            CHECK_STATUS_MSG(jread(&e, once), COMPLY_OK, once);
            char *twice = e.st == COMPLY_OK ? jwrite(e.root, pretty) : NULL;
            CHECK_TEXT(twice, once);
            free(once);
            free(twice);
            jdone(&e);
            jdone(&d);
        }
    }
}

static void write_default_pack_round_trips(void)
{
    jdoc d, e;
    CHECK_STATUS(jread_depth(&d, (const char *)comply__default_pack, comply__default_pack_len, 64), COMPLY_OK);
    CU_ASSERT_FATAL(d.root != NULL);
    char *pretty = jwrite(d.root, 1);
    CU_ASSERT_FATAL(pretty != NULL);
    CHECK_STATUS(jread(&e, pretty), COMPLY_OK);
    char *again = e.st == COMPLY_OK ? jwrite(e.root, 1) : NULL;
    CHECK_TEXT(again, pretty);
    free(pretty);
    free(again);
    jdone(&e);
    jdone(&d);
}

static void json_string_escapes_and_replaces_bad_bytes(void)
{
    static const struct {
        const char *in;
        size_t len;
        const char *out;
    } cases[] = {
        { "plain", 5, "\"plain\"" },
        { "", 0, "\"\"" },
        { "q\"b\\s", 5, "\"q\\\"b\\\\s\"" },
        { "\n\r\t", 3, "\"\\n\\r\\t\"" },
        { "\x01\x1F\x7F\b\f", 5, "\"\\u0001\\u001f\\u007f\\u0008\\u000c\"" },
        { "a\0b", 3, "\"a\\u0000b\"" },
        { "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9, "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"" },
        { "\xFF", 1, "\"\xEF\xBF\xBD\"" },
        { "a\xC0\x80z", 4, "\"a\xEF\xBF\xBD\xEF\xBF\xBDz\"" },
        { "\xED\xA0\x80", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "\xE2\x82", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "\xE2\x82x", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBDx\"" },
        { "\xF4\x90\x80\x80", 4, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "/", 1, "\"/\"" },
        /* the length is obeyed, not the NUL */
        { "abcdef", 3, "\"abc\"" },
    };
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        comply__buf b;
        comply__buf_init(&b, &a);
        comply__buf_json_string(&b, cases[i].in, cases[i].len);
        CU_ASSERT(!b.failed);
        CHECK_TEXT(b.data, cases[i].out);
        CHECK_NUM(b.len, strlen(cases[i].out));
        /* the output is valid JSON; the reader refuses only \u0000 in it */
        jdoc d;
        CHECK_STATUS_MSG(jread(&d, b.data), memchr(cases[i].in, 0, cases[i].len) ? COMPLY_EPARSE : COMPLY_OK,
                         b.data);
        jdone(&d);
        comply__buf_release(&b);
    }
}

static void clone_copies_into_another_arena(void)
{
    jdoc d;
    CHECK_STATUS(jread(&d, write_input), COMPLY_OK);
    CU_ASSERT_FATAL(d.root != NULL);
    char *before = jwrite(d.root, 1);
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    comply__arena other;
    comply__arena_init(&other, &a);
    comply__jnode copy;
    comply__json_source_cache cache = { NULL, NULL };
    CHECK_STATUS(comply__json_clone(&other, d.root, &copy, &cache), COMPLY_OK);
    /* the source name is copied once and shared */
    CHECK_TEXT(copy.source, "<test>");
    CU_ASSERT_PTR_NOT_EQUAL(copy.source, d.root->source);
    CU_ASSERT_PTR_EQUAL(copy.items[0].source, copy.source);
    CU_ASSERT_PTR_EQUAL(copy.items[0].items[2].items[0].source, copy.source);
    CHECK_POS(copy.items[1].key_pos, d.root->items[1].key_pos.line, d.root->items[1].key_pos.column,
              d.root->items[1].key_pos.offset);
    /* the original may go */
    jdone(&d);
    char *after = jwrite(&copy, 1);
    CHECK_TEXT(after, before);
    free(before);
    free(after);
    comply__arena_release(&other);
}

/* ------------------------------------------------------------ runner */

static const test_entry read_tests[] = {
    TEST(read_scalars_at_top_level),
    TEST(read_nested_document_with_places),
    TEST(read_keeps_duplicate_members_in_order),
    TEST(read_numbers_keep_their_literal_text),
    TEST(read_number_followed_by_white_space_at_the_end),
    TEST(read_number_at_the_very_end_of_the_input),
    TEST(read_string_escapes),
    TEST(read_unicode_keys),
    TEST(read_columns_count_code_points),
    TEST(read_crlf_and_tabs),
    TEST(read_skips_byte_order_mark),
    TEST(read_large_documents),
    TEST(read_nesting_up_to_the_limit),
    { NULL, NULL },
};

static const test_entry malformed_tests[] = {
    TEST(fail_on_empty_and_whitespace_only),
    TEST(fail_on_trailing_commas),
    TEST(fail_on_bad_object_syntax),
    TEST(fail_on_bad_literals_and_numbers),
    TEST(fail_on_long_number_literals),
    TEST(fail_on_unterminated_strings),
    TEST(fail_on_raw_control_characters_in_strings),
    TEST(fail_on_bad_escapes),
    TEST(fail_on_nul_escapes_and_unpaired_surrogates),
    TEST(fail_on_invalid_utf8_in_strings),
    TEST(fail_on_non_ascii_outside_strings),
    TEST(fail_on_nul_bytes),
    TEST(fail_on_text_after_the_document),
    TEST(fail_on_deep_nesting_without_stack_overflow),
    TEST(every_prefix_of_a_valid_pack_fails_cleanly),
    TEST(prefixes_of_the_default_pack_fail_cleanly),
    TEST(mutated_documents_never_crash),
    TEST(random_bytes_never_crash),
    TEST(read_fails_with_enomem_when_allocation_fails),
    { NULL, NULL },
};

static const test_entry write_tests[] = {
    TEST(utf8_sequence_follows_unicode_table_3_7),
    TEST(write_compact_is_exact),
    TEST(write_pretty_is_exact),
    TEST(write_then_read_round_trips),
    TEST(write_default_pack_round_trips),
    TEST(json_string_escapes_and_replaces_bad_bytes),
    TEST(clone_copies_into_another_arena),
    { NULL, NULL },
};

static const test_suite suites[] = {
    { "json: reading", read_tests, NULL, NULL },
    { "json: malformed input", malformed_tests, NULL, NULL },
    { "json: writing", write_tests, NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

int main(void)
{
    return tu_run_suites(suites);
}
