/*
 * test_alloc.c - CUnit tests for lib/alloc.c (hooks, arena, string map),
 * the text buffer of lib/json.c, the allocator hooks of a rules object,
 * and allocation failure everywhere a rules object allocates: every
 * failure is COMPLY_ENOMEM, leaves the object unchanged and leaks nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <cjson/cJSON.h>

#include "internal.h"
#include "testutil.h"
#include "runner.h"

/* Allocation-failure loops stop here at the latest (a load that needs more
 * calls than this would be a bug of its own). */
#define MAX_FAILURE_POINTS 20000ul

static comply__alloc tu_internal(tu_alloc *t)
{
    comply__alloc a;
    comply__alloc_init(&a, &t->hooks);
    return a;
}

static bool aligned(const void *p)
{
    return ((uintptr_t)p % _Alignof(max_align_t)) == 0;
}

/* ------------------------------------------------------------- hooks */

static void malloc_of_zero_bytes_asks_hooks_for_one(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    void *p = comply__malloc(&a, 0);
    CU_ASSERT_PTR_NOT_NULL(p);
    CHECK_NUM(t.live_bytes, 1);
    p = comply__realloc(&a, p, 0);
    CU_ASSERT_PTR_NOT_NULL(p);
    CHECK_NUM(t.live_bytes, 1);
    comply__free(&a, p);
    CHECK_NUM(t.live, 0);
}

static void calloc_zeroes_and_refuses_overflow_without_calling_hooks(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    unsigned char *p = comply__calloc(&a, 100, 7);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t zero = 0;
    for (size_t i = 0; i < 700; i++)
        zero += p[i] == 0;
    CHECK_NUM(zero, 700);
    comply__free(&a, p);
    unsigned long calls = t.calls;
    CU_ASSERT_PTR_NULL(comply__calloc(&a, SIZE_MAX, 2));
    CU_ASSERT_PTR_NULL(comply__calloc(&a, SIZE_MAX / 16 + 1, 16));
    CU_ASSERT_PTR_NULL(comply__calloc(&a, 2, SIZE_MAX));
    CHECK_NUM(t.calls, calls);
    /* zero elements is a 1-byte allocation */
    p = comply__calloc(&a, 0, 8);
    CU_ASSERT_PTR_NOT_NULL(p);
    comply__free(&a, p);
    CHECK_NUM(t.live, 0);
}

static void free_of_null_does_not_call_the_hook(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__free(&a, NULL);
    CHECK_NUM(t.frees, 0);
    CHECK_NUM(t.bad_frees, 0);
}

static void realloc_keeps_contents_through_hooks(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    char *p = comply__realloc(&a, NULL, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memcpy(p, "abc", 4);
    p = comply__realloc(&a, p, 100000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CHECK_TEXT(p, "abc");
    CHECK_NUM(t.reallocs, 1);
    CHECK_NUM(t.mallocs, 1);
    comply__free(&a, p);
    CHECK_NUM(t.live, 0);
    CHECK_NUM(t.bad_users, 0);
}

static void default_hooks_are_the_c_library(void)
{
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    CU_ASSERT_PTR_NOT_NULL(a.hooks.malloc_fn);
    CU_ASSERT_PTR_NOT_NULL(a.hooks.realloc_fn);
    CU_ASSERT_PTR_NOT_NULL(a.hooks.free_fn);
    char *p = comply__malloc(&a, 10);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memcpy(p, "123456789", 10);
    p = comply__realloc(&a, p, 20);
    CHECK_TEXT(p, "123456789");
    /* memory from the default hooks is the C library's */
    free(p);
}

static void wipe_zeroes_memory(void)
{
    char buf[64];
    memset(buf, 'x', sizeof buf);
    comply__wipe(buf + 8, 48);
    size_t zero = 0;
    for (size_t i = 0; i < sizeof buf; i++)
        zero += buf[i] == 0;
    CHECK_NUM(zero, 48);
    CU_ASSERT(buf[7] == 'x' && buf[56] == 'x');
    comply__wipe(buf, 0);
    CU_ASSERT(buf[0] == 'x');
}

/* ------------------------------------------------------------- arena */

static void arena_many_small_allocations_are_aligned_and_distinct(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__arena arena;
    comply__arena_init(&arena, &a);
    enum { N = 100000 };
    unsigned char **ptrs = malloc(N * sizeof *ptrs);
    size_t misaligned = 0, nulls = 0, total = 0;
    for (size_t i = 0; i < N; i++) {
        size_t size = i % 64 + 1;
        ptrs[i] = comply__arena_alloc(&arena, size);
        if (!ptrs[i]) {
            nulls++;
            continue;
        }
        misaligned += !aligned(ptrs[i]);
        memset(ptrs[i], (int)(i & 0xFF), size);
        /* the arena rounds sizes up to sizeof(max_align_t) */
        total += (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    }
    CHECK_NUM(nulls, 0);
    CHECK_NUM(misaligned, 0);
    size_t clobbered = 0;
    for (size_t i = 0; i < N; i++) {
        if (!ptrs[i])
            continue;
        for (size_t k = 0; k < i % 64 + 1; k++)
            clobbered += ptrs[i][k] != (unsigned char)(i & 0xFF);
    }
    CHECK_NUM(clobbered, 0);
    /* objects share blocks: about one allocation per 32 KiB */
    char what[120];
    snprintf(what, sizeof what, "%lu blocks for %zu bytes", t.mallocs, total);
    CU_assertImplementation(t.mallocs >= 1 && t.mallocs <= total / (32 * 1024) + 2, __LINE__, what, __FILE__,
                            __func__, CU_FALSE);
    comply__arena_release(&arena);
    CHECK_NUM(t.live, 0);
    CHECK_NUM(t.bad_frees, 0);
    CU_ASSERT_PTR_NULL(arena.head);
    free(ptrs);
}

static void arena_big_allocations_get_their_own_block(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__arena arena;
    comply__arena_init(&arena, &a);
    /* a big object first, with no current block */
    unsigned char *big0 = comply__arena_alloc(&arena, 100000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big0);
    CU_ASSERT(aligned(big0));
    memset(big0, 0xB0, 100000);
    unsigned char *small = comply__arena_alloc(&arena, 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(small);
    unsigned long blocks = t.mallocs;
    /* 1 MiB and 10 MiB: each its own block... */
    unsigned char *big1 = comply__arena_alloc(&arena, 1024 * 1024);
    unsigned char *big2 = comply__arena_alloc(&arena, 10 * 1024 * 1024);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big2);
    CU_ASSERT(aligned(big1) && aligned(big2));
    memset(big1, 0xB1, 1024 * 1024);
    memset(big2, 0xB2, 10 * 1024 * 1024);
    CHECK_NUM(t.mallocs, blocks + 2);
    /* ...and the current block keeps serving small objects */
    unsigned char *small2 = comply__arena_alloc(&arena, 16);
    CU_ASSERT_PTR_NOT_NULL(small2);
    CHECK_NUM(t.mallocs, blocks + 2);
    CU_ASSERT(big0[99999] == 0xB0 && big1[0] == 0xB1 && big2[10 * 1024 * 1024 - 1] == 0xB2);
    CU_ASSERT(t.live_bytes >= 11 * 1024 * 1024 + 100000);
    comply__arena_release(&arena);
    CHECK_NUM(t.live, 0);
    CHECK_NUM(t.live_bytes, 0);
}

static void arena_zero_size_and_strndup(void)
{
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    comply__arena arena;
    comply__arena_init(&arena, &a);
    CU_ASSERT_PTR_NOT_NULL(comply__arena_alloc(&arena, 0));
    char *s = comply__arena_strndup(&arena, "hello world", 5);
    CHECK_TEXT(s, "hello");
    s = comply__arena_strndup(&arena, "", 0);
    CHECK_TEXT(s, "");
    s = comply__arena_strndup(&arena, "a\0b", 3);
    CU_ASSERT_FATAL(s != NULL);
    CU_ASSERT(memcmp(s, "a\0b", 4) == 0);
    CU_ASSERT(aligned(s));
    comply__arena_release(&arena);
    /* released twice, or never used */
    comply__arena_release(&arena);
    comply__arena_init(&arena, &a);
    comply__arena_release(&arena);
    CU_PASS("empty arenas release");
}

static void arena_refuses_impossible_sizes(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__arena arena;
    comply__arena_init(&arena, &a);
    CU_ASSERT_PTR_NULL(comply__arena_alloc(&arena, SIZE_MAX));
    CU_ASSERT_PTR_NULL(comply__arena_alloc(&arena, SIZE_MAX - 8));
    CU_ASSERT_PTR_NULL(comply__arena_alloc(&arena, SIZE_MAX - 100));
    CU_ASSERT_PTR_NULL(comply__arena_strndup(&arena, "x", SIZE_MAX));
    /* still usable */
    CU_ASSERT_PTR_NOT_NULL(comply__arena_alloc(&arena, 8));
    comply__arena_release(&arena);
    CHECK_NUM(t.live, 0);
}

static void arena_allocation_failure_returns_null_and_arena_stays_usable(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__arena arena;
    comply__arena_init(&arena, &a);
    tu_alloc_fail_in(&t, 1, false);
    CU_ASSERT_PTR_NULL(comply__arena_alloc(&arena, 10));
    CU_ASSERT_PTR_NOT_NULL(comply__arena_alloc(&arena, 10));
    /* a big block failing leaves the current block in place */
    tu_alloc_fail_in(&t, 1, false);
    CU_ASSERT_PTR_NULL(comply__arena_alloc(&arena, 1 << 20));
    CU_ASSERT_PTR_NOT_NULL(comply__arena_alloc(&arena, 10));
    CHECK_NUM(t.failures, 2);
    comply__arena_release(&arena);
    CHECK_NUM(t.live, 0);
}

/* ------------------------------------------------------- string map */

static void strmap_put_get_and_replace(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__strmap m;
    CHECK_STATUS(comply__strmap_init(&m, &a, 0), COMPLY_OK);
    size_t old = 123, v = 0;
    CHECK_STATUS(comply__strmap_put(&m, "alpha", 1, &old), COMPLY_OK);
    CHECK_NUM(old, SIZE_MAX);
    CHECK_STATUS(comply__strmap_put(&m, "beta", 2, NULL), COMPLY_OK);
    CHECK_STATUS(comply__strmap_put(&m, "", 3, &old), COMPLY_OK);
    CHECK_NUM(old, SIZE_MAX);
    CHECK_NUM(m.count, 3);
    CU_ASSERT(comply__strmap_get(&m, "alpha", &v) && v == 1);
    CU_ASSERT(comply__strmap_get(&m, "beta", &v) && v == 2);
    CU_ASSERT(comply__strmap_get(&m, "", &v) && v == 3);
    CU_ASSERT(comply__strmap_get(&m, "alpha", NULL));
    CU_ASSERT(!comply__strmap_get(&m, "alph", &v));
    CU_ASSERT(!comply__strmap_get(&m, "alphaa", &v));
    CU_ASSERT(!comply__strmap_get(&m, "Alpha", &v));
    /* replacing answers the old value and keeps the count */
    CHECK_STATUS(comply__strmap_put(&m, "alpha", 10, &old), COMPLY_OK);
    CHECK_NUM(old, 1);
    CHECK_NUM(m.count, 3);
    CU_ASSERT(comply__strmap_get(&m, "alpha", &v) && v == 10);
    /* equal text at another address is the same key */
    char copy[] = "beta";
    CU_ASSERT(comply__strmap_get(&m, copy, &v) && v == 2);
    comply__strmap_free(&m);
    CHECK_NUM(t.live, 0);
    /* after free: empty, and free again is harmless */
    CU_ASSERT(!comply__strmap_get(&m, "alpha", &v));
    comply__strmap_free(&m);
}

static void strmap_grows_to_100k_keys(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    enum { N = 100000 };
    char(*keys)[16] = malloc(N * sizeof *keys);
    for (size_t i = 0; i < N; i++)
        snprintf(keys[i], sizeof keys[i], "key.%zu", i);
    comply__strmap m;
    CHECK_STATUS(comply__strmap_init(&m, &a, 0), COMPLY_OK);
    CHECK_NUM(m.cap, 16);
    size_t fails = 0;
    for (size_t i = 0; i < N; i++) {
        size_t old = 0;
        if (comply__strmap_put(&m, keys[i], i * 3, &old) != COMPLY_OK || old != SIZE_MAX)
            fails++;
    }
    CHECK_NUM(fails, 0);
    CHECK_NUM(m.count, N);
    /* a power of two, at most three quarters full */
    CU_ASSERT((m.cap & (m.cap - 1)) == 0);
    CU_ASSERT(m.count * 4 <= m.cap * 3);
    size_t wrong = 0;
    for (size_t i = 0; i < N; i++) {
        size_t v = SIZE_MAX;
        if (!comply__strmap_get(&m, keys[i], &v) || v != i * 3)
            wrong++;
    }
    CHECK_NUM(wrong, 0);
    /* keys that are not there */
    size_t found = 0;
    for (size_t i = N; i < N + 1000; i++) {
        char k[16];
        snprintf(k, sizeof k, "key.%zu", i);
        found += comply__strmap_get(&m, k, NULL);
    }
    CHECK_NUM(found, 0);
    /* replace every other key */
    for (size_t i = 0; i < N; i += 2) {
        size_t old = 0;
        if (comply__strmap_put(&m, keys[i], i, &old) != COMPLY_OK || old != i * 3)
            fails++;
    }
    CHECK_NUM(fails, 0);
    CHECK_NUM(m.count, N);
    comply__strmap_free(&m);
    CHECK_NUM(t.live, 0);
    free(keys);
}

static void strmap_init_sizes_for_expected_count(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__strmap m;
    CHECK_STATUS(comply__strmap_init(&m, &a, 100), COMPLY_OK);
    CHECK_NUM(m.cap, 256);
    unsigned long calls = t.calls;
    for (size_t i = 0; i < 100; i++) {
        static char keys[100][8];
        snprintf(keys[i], sizeof keys[i], "k%zu", i);
        CU_ASSERT(comply__strmap_put(&m, keys[i], i, NULL) == COMPLY_OK);
    }
    CHECK_NUM(t.calls, calls); /* no growth needed */
    comply__strmap_free(&m);
    /* absurd sizes fail without calling the hooks */
    calls = t.calls;
    CHECK_STATUS(comply__strmap_init(&m, &a, SIZE_MAX), COMPLY_ENOMEM);
    CHECK_STATUS(comply__strmap_init(&m, &a, SIZE_MAX / 2), COMPLY_ENOMEM);
    CHECK_NUM(t.calls, calls);
    /* failing hooks */
    tu_alloc_fail_in(&t, 1, false);
    CHECK_STATUS(comply__strmap_init(&m, &a, 10), COMPLY_ENOMEM);
    CHECK_NUM(t.live, 0);
}

static void strmap_growth_failure_leaves_map_intact(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__strmap m;
    CHECK_STATUS(comply__strmap_init(&m, &a, 0), COMPLY_OK);
    static char keys[13][8];
    for (size_t i = 0; i < 12; i++) {
        snprintf(keys[i], sizeof keys[i], "k%zu", i);
        CHECK_STATUS(comply__strmap_put(&m, keys[i], i, NULL), COMPLY_OK);
    }
    CHECK_NUM(m.cap, 16);
    /* the 13th key needs a bigger table */
    strcpy(keys[12], "k12");
    tu_alloc_fail_in(&t, 1, false);
    size_t old = 7;
    CHECK_STATUS(comply__strmap_put(&m, keys[12], 12, &old), COMPLY_ENOMEM);
    CHECK_NUM(m.count, 12);
    CHECK_NUM(m.cap, 16);
    CU_ASSERT(!comply__strmap_get(&m, "k12", NULL));
    size_t ok = 0, v;
    for (size_t i = 0; i < 12; i++)
        ok += comply__strmap_get(&m, keys[i], &v) && v == i;
    CHECK_NUM(ok, 12);
    /* replacing needs no growth, so it works even now */
    tu_alloc_fail_in(&t, 1, true);
    CHECK_STATUS(comply__strmap_put(&m, keys[3], 33, &old), COMPLY_OK);
    CHECK_NUM(old, 3);
    tu_alloc_heal(&t);
    CHECK_STATUS(comply__strmap_put(&m, keys[12], 12, NULL), COMPLY_OK);
    CHECK_NUM(m.count, 13);
    comply__strmap_free(&m);
    CHECK_NUM(t.live, 0);
}

/* ------------------------------------------------------------ buffer */

static void buf_appends_and_stays_terminated(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__buf b;
    comply__buf_init(&b, &a);
    CU_ASSERT_PTR_NULL(b.data);
    CHECK_NUM(b.len, 0);
    comply__buf_append(&b, "abc", 3);
    comply__buf_puts(&b, "def");
    comply__buf_printf(&b, "-%d-%s-%zu", 42, "x", (size_t)7);
    comply__buf_append(&b, "ignored", 0);
    CHECK_TEXT(b.data, "abcdef-42-x-7");
    CHECK_NUM(b.len, 13);
    CU_ASSERT(!b.failed);
    /* bytes, NUL included, are copied as given */
    comply__buf_append(&b, "\0z", 2);
    CHECK_NUM(b.len, 15);
    CU_ASSERT(b.data[13] == '\0' && b.data[14] == 'z' && b.data[15] == '\0');
    comply__buf_release(&b);
    CU_ASSERT_PTR_NULL(b.data);
    CHECK_NUM(t.live, 0);
    comply__buf_release(&b); /* twice is fine */
}

static void buf_grows_to_one_mebibyte(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__buf b;
    comply__buf_init(&b, &a);
    char chunk[1000];
    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (char)('a' + i % 26);
    for (int i = 0; i < 1049; i++)
        comply__buf_append(&b, chunk, sizeof chunk);
    CU_ASSERT(!b.failed);
    CHECK_NUM(b.len, 1049000);
    CU_ASSERT(b.cap > b.len && b.data[b.len] == '\0');
    CU_ASSERT(memcmp(b.data + 1048000, chunk, sizeof chunk) == 0);
    /* growth doubles: few calls */
    CU_ASSERT(t.calls < 20);
    comply__buf_release(&b);
    CHECK_NUM(t.live, 0);
}

static void buf_failure_is_sticky(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply__alloc a = tu_internal(&t);
    comply__buf b;
    comply__buf_init(&b, &a);
    comply__buf_puts(&b, "kept");
    char big[300];
    memset(big, 'b', sizeof big);
    tu_alloc_fail_in(&t, 1, false);
    comply__buf_append(&b, big, sizeof big); /* needs to grow: fails */
    CU_ASSERT(b.failed);
    CHECK_NUM(b.len, 4);
    /* later appends do nothing, even small ones that would fit */
    comply__buf_puts(&b, "x");
    comply__buf_printf(&b, "%d", 1);
    comply__buf_json_string(&b, "s", 1);
    CHECK_NUM(b.len, 4);
    CHECK_TEXT(b.data, "kept");
    comply__buf_release(&b);
    CHECK_NUM(t.live, 0);
    /* an impossible size fails without calling the hooks */
    comply__buf_init(&b, &a);
    comply__buf_puts(&b, "ab");
    unsigned long calls = t.calls;
    comply__buf_append(&b, "x", SIZE_MAX - 1);
    CU_ASSERT(b.failed);
    CHECK_NUM(t.calls, calls);
    comply__buf_release(&b);
    CHECK_NUM(t.live, 0);
}

static void buf_json_string_escapes(void)
{
    static const struct {
        const char *in;
        size_t len;
        const char *out;
    } cases[] = {
        { "say \"hi\"", 8, "\"say \\\"hi\\\"\"" },
        { "back\\slash", 10, "\"back\\\\slash\"" },
        { "a\nb\tc\rd", 7, "\"a\\nb\\tc\\rd\"" },
        { "\x01\x02\x1b\x1f", 4, "\"\\u0001\\u0002\\u001b\\u001f\"" },
        { "\x7f", 1, "\"\\u007f\"" },
        { "\xC3\xA9t\xC3\xA9", 5, "\"\xC3\xA9t\xC3\xA9\"" },
        { "bad\xFF", 4, "\"bad\xEF\xBF\xBD\"" },
        { "\xC0\xAF", 2, "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "\xED\xB0\x80", 3, "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "cut\xE2\x82", 5, "\"cut\xEF\xBF\xBD\xEF\xBF\xBD\"" },
        { "\x80" "x", 2, "\"\xEF\xBF\xBDx\"" },
    };
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        comply__buf b;
        comply__buf_init(&b, &a);
        comply__buf_json_string(&b, cases[i].in, cases[i].len);
        CHECK_TEXT(b.data, cases[i].out);
        comply__buf_release(&b);
    }
}

/* ------------------------------------------------------ rules hooks */

static void rules_object_allocates_through_hooks_and_balances(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply_rules_options o = tu_alloc_options(&t);
    comply_rules *r = NULL;
    comply_error err;
    CHECK_STATUS(comply_rules_new(&r, &o, &err), COMPLY_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(t.mallocs > 0);
    unsigned long after_new = t.calls;
    CHECK_STATUS(comply_rules_add_default(r, &err), COMPLY_OK);
    CU_ASSERT(t.calls > after_new);
    unsigned long after_default = t.calls;
    CHECK_STATUS(comply_rules_add_json(r, tu_full_pack, strlen(tu_full_pack), "full", &err), COMPLY_OK);
    CU_ASSERT(t.calls > after_default);
    char *json = NULL;
    size_t len = 0;
    long live = t.live;
    CHECK_STATUS(comply_rules_to_json(r, 1, &json, &len, &err), COMPLY_OK);
    CHECK_NUM(t.live, live + 1); /* the text is the caller's, from the hooks */
    comply_free(r, json);
    CHECK_NUM(t.live, live);
    comply_rules_free(r);
    CHECK_NUM(t.live, 0);
    CHECK_NUM(t.live_bytes, 0);
    CHECK_NUM(t.mallocs, t.frees);
    CHECK_NUM(t.bad_frees, 0);
    CHECK_NUM(t.bad_users, 0);
}

static void rules_layer_allocates_through_base_hooks(void)
{
    tu_alloc tb, to;
    tu_alloc_init(&tb);
    tu_alloc_init(&to);
    comply_rules_options ob = tu_alloc_options(&tb), oo = tu_alloc_options(&to);
    comply_rules *base = NULL, *over = NULL;
    CHECK_STATUS(comply_rules_new(&base, &ob, NULL), COMPLY_OK);
    CHECK_STATUS(comply_rules_new(&over, &oo, NULL), COMPLY_OK);
    CU_ASSERT_FATAL(base && over);
    CHECK_STATUS(comply_rules_add_default(base, NULL), COMPLY_OK);
    CHECK_STATUS(comply_rules_add_json(over, tu_full_pack, strlen(tu_full_pack), NULL, NULL), COMPLY_OK);
    unsigned long over_calls = to.calls;
    CHECK_STATUS(comply_rules_layer(base, over, NULL), COMPLY_OK);
    CHECK_NUM(to.calls, over_calls); /* the overlay is only read */
    comply_rules_free(over);
    CHECK_NUM(to.live, 0);
    /* base holds copies: usable after the overlay is gone */
    CU_ASSERT_PTR_NOT_NULL(comply_category_find(base, "person.email"));
    char *json = tu_rules_json(base, 0);
    CU_ASSERT(json && strstr(json, "\"person.email\""));
    free(json);
    comply_rules_free(base);
    CHECK_NUM(tb.live, 0);
    CHECK_NUM(tb.bad_frees + to.bad_frees, 0);
}

static void rules_hooks_are_copied_at_creation(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply_allocator hooks = t.hooks;
    comply_rules_options o = COMPLY_RULES_OPTIONS_INIT;
    o.allocator = &hooks;
    comply_rules *r = NULL;
    CHECK_STATUS(comply_rules_new(&r, &o, NULL), COMPLY_OK);
    /* the caller's struct may change or go away */
    memset(&hooks, 0, sizeof hooks);
    CHECK_STATUS(comply_rules_add_default(r, NULL), COMPLY_OK);
    comply_rules_free(r);
    CU_ASSERT(t.mallocs > 0);
    CHECK_NUM(t.live, 0);
}

static void rules_new_rejects_allocator_with_a_null_hook(void)
{
    for (int which = 0; which < 3; which++) {
        tu_alloc t;
        tu_alloc_init(&t);
        comply_allocator hooks = t.hooks;
        if (which == 0)
            hooks.malloc_fn = NULL;
        else if (which == 1)
            hooks.realloc_fn = NULL;
        else
            hooks.free_fn = NULL;
        comply_rules_options o = COMPLY_RULES_OPTIONS_INIT;
        o.allocator = &hooks;
        comply_rules *r = (comply_rules *)&t; /* must be overwritten */
        comply_error err;
        CHECK_STATUS(comply_rules_new(&r, &o, &err), COMPLY_EINVAL);
        CU_ASSERT_PTR_NULL(r);
        CHECK_STATUS(err.code, COMPLY_EINVAL);
        CHECK_CONTAINS(err.message, "malloc_fn, realloc_fn and free_fn");
        CHECK_NUM(t.calls, 0);
    }
}

static void rules_new_rejects_bad_options_version(void)
{
    static const unsigned versions[] = { 0, 2, 99, 0xFFFFFFFFu };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        comply_rules_options o = COMPLY_RULES_OPTIONS_INIT;
        o.version = versions[i];
        comply_rules *r = NULL;
        comply_error err;
        CHECK_STATUS(comply_rules_new(&r, &o, &err), COMPLY_EINVAL);
        CU_ASSERT_PTR_NULL(r);
        CHECK_CONTAINS(err.message, "options version");
        char num[16];
        snprintf(num, sizeof num, "%u", versions[i]);
        CHECK_CONTAINS(err.message, num);
    }
    /* NULL options and NULL out */
    comply_rules *r = NULL;
    CHECK_STATUS(comply_rules_new(&r, NULL, NULL), COMPLY_OK);
    comply_rules_free(r);
    comply_error err;
    CHECK_STATUS(comply_rules_new(NULL, NULL, &err), COMPLY_EINVAL);
    CHECK_STATUS(err.code, COMPLY_EINVAL);
}

/* ------------------------------------------------ allocation failure */

/* Everything observable about a rules object, to compare before and
 * after a failed call. */
typedef struct snapshot {
    size_t counts[COMPLY_SECTION_COUNT_];
    size_t categories, roots, packs;
    char *json;
} snapshot;

static void snapshot_take(snapshot *s, const comply_rules *r, tu_alloc *t)
{
    bool fail_after = t->fail_after;
    unsigned long fail_at = t->fail_at;
    tu_alloc_heal(t); /* writing the JSON must not fail */
    for (int i = 0; i < COMPLY_SECTION_COUNT_; i++)
        s->counts[i] = comply_rules_entry_count(r, (comply_section)i);
    s->categories = comply_category_count(r);
    s->roots = comply_category_root_count(r);
    s->packs = comply_rules_pack_count(r);
    s->json = tu_rules_json(r, 1);
    t->fail_at = fail_at;
    t->fail_after = fail_after;
}

static bool snapshot_equal(const snapshot *a, const snapshot *b)
{
    return memcmp(a->counts, b->counts, sizeof a->counts) == 0 && a->categories == b->categories &&
           a->roots == b->roots && a->packs == b->packs && a->json && b->json && strcmp(a->json, b->json) == 0;
}

static void snapshot_free(snapshot *s)
{
    free(s->json);
    s->json = NULL;
}

typedef struct failure_report {
    unsigned long points;     /* failure points tried */
    unsigned long wrong_code; /* a failure answered something else than ENOMEM */
    unsigned long changed;    /* a failed call changed the object */
    unsigned long leaks;      /* live blocks after freeing everything */
    unsigned long bad;        /* foreign frees, wrong user pointers */
    unsigned long first_wrong; /* the first point that went wrong */
    comply_status wrong_status;
    bool finished;            /* a run went through without failing */
} failure_report;

static void report_wrong(failure_report *rep, unsigned long n, comply_status st)
{
    if (rep->wrong_code++ == 0) {
        rep->first_wrong = n;
        rep->wrong_status = st;
    }
}

static void check_report_at(const failure_report *rep, const char *what, unsigned line, const char *func)
{
    char msg[300];
    snprintf(msg, sizeof msg,
             "%s: %lu points, %lu wrong codes (first at %lu: %d), %lu changed, %lu leaks, %lu bad, finished %d", what,
             rep->points, rep->wrong_code, rep->first_wrong, (int)rep->wrong_status, rep->changed, rep->leaks,
             rep->bad, (int)rep->finished);
    CU_assertImplementation(rep->finished && rep->points > 1, line, msg, __FILE__, func, CU_FALSE);
    CU_assertImplementation(rep->wrong_code == 0, line, msg, __FILE__, func, CU_FALSE);
    CU_assertImplementation(rep->changed == 0, line, msg, __FILE__, func, CU_FALSE);
    CU_assertImplementation(rep->leaks == 0 && rep->bad == 0, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_REPORT(rep, what) check_report_at((rep), (what), __LINE__, __func__)

/* comply_rules_new then comply_rules_add_default, failing the n-th call. */
static void run_new_and_default(bool sticky, failure_report *rep)
{
    memset(rep, 0, sizeof *rep);
    for (unsigned long n = 1; n < MAX_FAILURE_POINTS && !rep->finished; n++) {
        tu_alloc t;
        tu_alloc_init(&t);
        tu_alloc_fail_in(&t, n, sticky);
        comply_rules_options o = tu_alloc_options(&t);
        comply_rules *r = NULL;
        comply_error err;
        rep->points++;
        comply_status st = comply_rules_new(&r, &o, &err);
        if (st != COMPLY_OK) {
            if (st != COMPLY_ENOMEM || err.code != COMPLY_ENOMEM || r != NULL)
                report_wrong(rep, n, st);
        } else {
            st = comply_rules_add_default(r, &err);
            if (st == COMPLY_OK) {
                if (t.failures == 0)
                    rep->finished = true;
                else if (!sticky)
                    report_wrong(rep, n, st); /* a failure went unnoticed */
            } else if (st != COMPLY_ENOMEM || err.code != COMPLY_ENOMEM) {
                report_wrong(rep, n, st);
            } else if (comply_rules_pack_count(r) != 0 || comply_category_count(r) != 0 ||
                       comply_rules_entry_count(r, COMPLY_SECTION_TAXONOMY) != 0) {
                rep->changed++;
            }
            if (st == COMPLY_OK && rep->finished && comply_category_count(r) != 132)
                rep->changed++;
            comply_rules_free(r);
        }
        if (t.live != 0)
            rep->leaks++;
        rep->bad += t.bad_frees + t.bad_users;
    }
}

static void default_load_fails_cleanly_at_every_allocation(void)
{
    failure_report rep;
    run_new_and_default(false, &rep);
    CHECK_REPORT(&rep, "one failing call");
}

static void default_load_fails_cleanly_when_memory_runs_out(void)
{
    failure_report rep;
    run_new_and_default(true, &rep);
    CHECK_REPORT(&rep, "every call failing from one on");
}

typedef enum op_kind { OP_ADD_JSON, OP_ADD_FILE, OP_LAYER, OP_TO_JSON, OP_ADD_DEFAULT } op_kind;

/* Runs one operation on a rules object holding the default pack, failing
 * the n-th allocation it makes, for n = 1, 2, … until it succeeds. */
static void run_operation(op_kind op, bool sticky, const char *path, failure_report *rep)
{
    memset(rep, 0, sizeof *rep);
    comply_rules *overlay = NULL;
    if (op == OP_LAYER)
        CU_ASSERT_FATAL(comply_rules_load_json(&overlay, tu_full_pack, strlen(tu_full_pack), NULL) == COMPLY_OK);
    for (unsigned long n = 1; n < MAX_FAILURE_POINTS && !rep->finished; n++) {
        tu_alloc t;
        tu_alloc_init(&t);
        comply_rules_options o = tu_alloc_options(&t);
        comply_rules *r = NULL;
        if (comply_rules_new(&r, &o, NULL) != COMPLY_OK || comply_rules_add_default(r, NULL) != COMPLY_OK) {
            rep->bad++;
            comply_rules_free(r);
            break;
        }
        snapshot before, after;
        snapshot_take(&before, r, &t);
        tu_alloc_fail_in(&t, n, sticky);
        comply_error err;
        memset(&err, 0, sizeof err);
        comply_status st = COMPLY_OK;
        char *json = NULL;
        size_t len = 0;
        rep->points++;
        switch (op) {
        case OP_ADD_JSON: st = comply_rules_add_json(r, tu_full_pack, strlen(tu_full_pack), "full", &err); break;
        case OP_ADD_FILE: st = comply_rules_add_file(r, path, &err); break;
        case OP_LAYER: st = comply_rules_layer(r, overlay, &err); break;
        case OP_TO_JSON: st = comply_rules_to_json(r, 1, &json, &len, &err); break;
        case OP_ADD_DEFAULT: st = comply_rules_add_default(r, &err); break;
        }
        unsigned long failures = t.failures;
        tu_alloc_heal(&t);
        if (st == COMPLY_OK) {
            if (failures == 0)
                rep->finished = true;
            else if (!sticky)
                report_wrong(rep, n, st);
            if (op == OP_TO_JSON && (!json || len != strlen(json) || strcmp(json, before.json) != 0))
                rep->changed++;
        } else {
            if (st != COMPLY_ENOMEM || err.code != COMPLY_ENOMEM || strcmp(err.message, "out of memory") != 0)
                report_wrong(rep, n, st);
            snapshot_take(&after, r, &t);
            if (!snapshot_equal(&before, &after))
                rep->changed++;
            snapshot_free(&after);
            /* and the object still works */
            if (comply_rules_add_json(r, "{\"comply_pack\": 1}", 18, NULL, NULL) != COMPLY_OK)
                rep->changed++;
        }
        comply_free(r, json);
        snapshot_free(&before);
        comply_rules_free(r);
        if (t.live != 0)
            rep->leaks++;
        rep->bad += t.bad_frees + t.bad_users;
    }
    comply_rules_free(overlay);
}

static void add_json_fails_cleanly_and_atomically(void)
{
    failure_report rep;
    run_operation(OP_ADD_JSON, false, NULL, &rep);
    CHECK_REPORT(&rep, "add_json, one failing call");
    run_operation(OP_ADD_JSON, true, NULL, &rep);
    CHECK_REPORT(&rep, "add_json, all calls failing");
}

static void add_default_twice_fails_cleanly_and_atomically(void)
{
    failure_report rep;
    run_operation(OP_ADD_DEFAULT, false, NULL, &rep);
    CHECK_REPORT(&rep, "add_default over default");
}

static void add_file_fails_cleanly_and_atomically(void)
{
    /* a file larger than the 64 KiB read chunk, so the buffer grows */
    size_t cap = 200000, at = 0;
    char *text = malloc(cap);
    at += (size_t)snprintf(text + at, cap - at, "{\"comply_pack\": 1, \"taxonomy\": {\"zz\": {\"label\": {\"en\": \"Z\"}}");
    for (int i = 0; i < 2500; i++)
        at += (size_t)snprintf(text + at, cap - at, ", \"zz.c%d\": {\"label\": {\"en\": \"Child %d\"}}", i, i);
    at += (size_t)snprintf(text + at, cap - at, "}}");
    CU_ASSERT_FATAL(at > 65536 && at < cap);
    char *path = tu_write_temp(text, at);
    CU_ASSERT_FATAL(path != NULL);
    failure_report rep;
    run_operation(OP_ADD_FILE, false, path, &rep);
    CHECK_REPORT(&rep, "add_file, one failing call");
    remove(path);
    free(path);
    free(text);
}

static void layer_fails_cleanly_and_atomically(void)
{
    failure_report rep;
    run_operation(OP_LAYER, false, NULL, &rep);
    CHECK_REPORT(&rep, "layer, one failing call");
    run_operation(OP_LAYER, true, NULL, &rep);
    CHECK_REPORT(&rep, "layer, all calls failing");
}

static void to_json_fails_cleanly(void)
{
    failure_report rep;
    run_operation(OP_TO_JSON, false, NULL, &rep);
    CHECK_REPORT(&rep, "to_json, one failing call");
}

static void cjson_allocation_failure_is_enomem(void)
{
    /* cJSON's hooks are the application's: this program may set them. */
    unsigned long n;
    unsigned wrong = 0, leaks = 0;
    bool finished = false;
    for (n = 1; n < MAX_FAILURE_POINTS && !finished; n++) {
        tu_cjson_install(n);
        tu_alloc t;
        tu_alloc_init(&t);
        comply_rules_options o = tu_alloc_options(&t);
        comply_rules *r = NULL;
        comply_error err;
        comply_status st = comply_rules_new(&r, &o, &err);
        if (st == COMPLY_OK)
            st = comply_rules_add_json(r, tu_full_pack, strlen(tu_full_pack), NULL, &err);
        unsigned long failures = tu_cjson_failures();
        long cjson_live = tu_cjson_live();
        tu_cjson_restore();
        if (st == COMPLY_OK && failures == 0) {
            finished = true;
        } else if (st != COMPLY_ENOMEM || err.code != COMPLY_ENOMEM) {
            wrong++;
        } else if (comply_rules_pack_count(r) != 0 || comply_category_count(r) != 0) {
            wrong++;
        }
        comply_rules_free(r);
        if (t.live != 0 || cjson_live != 0)
            leaks++;
    }
    CU_ASSERT(finished);
    CU_ASSERT(n > 10); /* cJSON allocates per node */
    CHECK_NUM(wrong, 0);
    CHECK_NUM(leaks, 0);
    /* the first failing malloc, through the convenience loader too */
    tu_cjson_install(1);
    comply_rules *r = (comply_rules *)&n;
    comply_error err;
    CHECK_STATUS(comply_rules_load_json(&r, tu_full_pack, strlen(tu_full_pack), &err), COMPLY_ENOMEM);
    CU_ASSERT_PTR_NULL(r);
    CHECK_TEXT(err.message, "out of memory");
    tu_cjson_install(1);
    CHECK_STATUS(comply_rules_default(&r, &err), COMPLY_ENOMEM);
    CU_ASSERT_PTR_NULL(r);
    tu_cjson_restore();
    /* restored: loading works again */
    CHECK_STATUS(comply_rules_default(&r, &err), COMPLY_OK);
    comply_rules_free(r);
}

/* -------------------------------------------------------- known bugs */

/* Bugs found by these tests, now fixed: kept so they stay fixed. */
static void buf_printf_writes_long_output_whole(void)
{
    /* comply__buf_printf formats into a 256-byte stack buffer and appends
     * at most 255 bytes of it: longer output is cut without a failure. */
    comply__alloc a;
    comply__alloc_init(&a, NULL);
    comply__buf b;
    comply__buf_init(&b, &a);
    char word[400];
    memset(word, 'w', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    comply__buf_printf(&b, "<%s>", word);
    CHECK_NUM(b.len, strlen(word) + 2);
    CU_ASSERT(b.failed || b.len == strlen(word) + 2);
    comply__buf_release(&b);
}

/* ------------------------------------------------------------ runner */

static const test_entry hook_tests[] = {
    TEST(malloc_of_zero_bytes_asks_hooks_for_one),
    TEST(calloc_zeroes_and_refuses_overflow_without_calling_hooks),
    TEST(free_of_null_does_not_call_the_hook),
    TEST(realloc_keeps_contents_through_hooks),
    TEST(default_hooks_are_the_c_library),
    TEST(wipe_zeroes_memory),
    { NULL, NULL },
};

static const test_entry arena_tests[] = {
    TEST(arena_many_small_allocations_are_aligned_and_distinct),
    TEST(arena_big_allocations_get_their_own_block),
    TEST(arena_zero_size_and_strndup),
    TEST(arena_refuses_impossible_sizes),
    TEST(arena_allocation_failure_returns_null_and_arena_stays_usable),
    { NULL, NULL },
};

static const test_entry strmap_tests[] = {
    TEST(strmap_put_get_and_replace),
    TEST(strmap_grows_to_100k_keys),
    TEST(strmap_init_sizes_for_expected_count),
    TEST(strmap_growth_failure_leaves_map_intact),
    { NULL, NULL },
};

static const test_entry buf_tests[] = {
    TEST(buf_appends_and_stays_terminated),
    TEST(buf_grows_to_one_mebibyte),
    TEST(buf_failure_is_sticky),
    TEST(buf_json_string_escapes),
    { NULL, NULL },
};

static const test_entry rules_tests[] = {
    TEST(rules_object_allocates_through_hooks_and_balances),
    TEST(rules_layer_allocates_through_base_hooks),
    TEST(rules_hooks_are_copied_at_creation),
    TEST(rules_new_rejects_allocator_with_a_null_hook),
    TEST(rules_new_rejects_bad_options_version),
    { NULL, NULL },
};

static const test_entry failure_tests[] = {
    TEST(default_load_fails_cleanly_at_every_allocation),
    TEST(default_load_fails_cleanly_when_memory_runs_out),
    TEST(add_json_fails_cleanly_and_atomically),
    TEST(add_default_twice_fails_cleanly_and_atomically),
    TEST(add_file_fails_cleanly_and_atomically),
    TEST(layer_fails_cleanly_and_atomically),
    TEST(to_json_fails_cleanly),
    TEST(cjson_allocation_failure_is_enomem),
    { NULL, NULL },
};

static const test_entry known_bug_tests[] = {
    TEST(buf_printf_writes_long_output_whole),
    { NULL, NULL },
};

static const test_suite suites[] = {
    { "alloc: hooks", hook_tests, NULL, NULL },
    { "alloc: arena", arena_tests, NULL, NULL },
    { "alloc: string map", strmap_tests, NULL, NULL },
    { "alloc: text buffer", buf_tests, NULL, NULL },
    { "alloc: rules hooks", rules_tests, NULL, NULL },
    { "alloc: allocation failure", failure_tests, NULL, NULL },
    { "alloc: fixed bugs", known_bug_tests, NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

int main(void)
{
    return tu_run_suites(suites);
}
