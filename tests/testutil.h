/*
 * testutil.h - helpers shared by the CUnit programs of tests/.
 *
 * The assertion helpers are static inline so that every test program may
 * include this header; the counting and failing allocators (and the pack
 * fixture) live in tests/testutil.c, linked by test_alloc and test_rules.
 */
#ifndef COMPLY_TESTUTIL_H
#define COMPLY_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "comply.h"

/* ------------------------------------------------------------ asserts */

/* Each helper records one CUnit assertion, with a message that shows the
 * values compared (CUnit copies the message). */

static inline void tu_check_status_at(comply_status got, comply_status expected, const char *what, unsigned line,
                                      const char *func)
{
    char msg[240];
    snprintf(msg, sizeof msg, "status %d (%s), expected %d (%s) [%.120s]", (int)got, comply_status_string(got),
             (int)expected, comply_status_string(expected), what ? what : "");
    CU_assertImplementation(got == expected, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_STATUS(got, expected) tu_check_status_at((got), (expected), #got, __LINE__, __func__)
#define CHECK_STATUS_MSG(got, expected, what) tu_check_status_at((got), (expected), (what), __LINE__, __func__)

static inline void tu_check_text_at(const char *got, const char *expected, unsigned line, const char *func)
{
    char msg[400];
    snprintf(msg, sizeof msg, "got \"%.170s\", expected \"%.170s\"", got ? got : "(null)",
             expected ? expected : "(null)");
    CU_assertImplementation(got && expected && strcmp(got, expected) == 0, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_TEXT(got, expected) tu_check_text_at((got), (expected), __LINE__, __func__)

static inline void tu_check_contains_at(const char *hay, const char *needle, unsigned line, const char *func)
{
    char msg[400];
    snprintf(msg, sizeof msg, "\"%.250s\" lacks \"%.100s\"", hay ? hay : "(null)", needle);
    CU_assertImplementation(hay && strstr(hay, needle) != NULL, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_CONTAINS(hay, needle) tu_check_contains_at((hay), (needle), __LINE__, __func__)

static inline void tu_check_ulong_at(unsigned long long got, unsigned long long expected, const char *what,
                                     unsigned line, const char *func)
{
    char msg[240];
    snprintf(msg, sizeof msg, "%.150s is %llu, expected %llu", what, got, expected);
    CU_assertImplementation(got == expected, line, msg, __FILE__, func, CU_FALSE);
}
/* Any unsigned or size_t quantity. */
#define CHECK_NUM(got, expected) \
    tu_check_ulong_at((unsigned long long)(got), (unsigned long long)(expected), #got, __LINE__, __func__)

/* Checks code, line, column and path of an error in one assertion each. */
static inline void tu_check_err_at(const comply_error *err, comply_status code, unsigned long el, unsigned long ec,
                                   const char *path, unsigned line, const char *func)
{
    char msg[480];
    snprintf(msg, sizeof msg, "error %d at %lu:%lu path \"%.100s\" (%.200s), expected %d at %lu:%lu path \"%.100s\"",
             (int)err->code, err->line, err->column, err->path, err->message, (int)code, el, ec, path ? path : "*");
    CU_assertImplementation(err->code == code, line, msg, __FILE__, func, CU_FALSE);
    CU_assertImplementation(err->line == el && err->column == ec, line, msg, __FILE__, func, CU_FALSE);
    if (path)
        CU_assertImplementation(strcmp(err->path, path) == 0, line, msg, __FILE__, func, CU_FALSE);
}
/* path NULL: the path is not checked. */
#define CHECK_ERR_AT(err, code, line, column, path) \
    tu_check_err_at((err), (code), (line), (column), (path), __LINE__, __func__)

/* -------------------------------------------------------------- places */

/* Where the `nth` (0-based) occurrence of `needle` starts in `text`:
 * 1-based line, 1-based column counted in UTF-8 code points (bytes that
 * are not continuation bytes), byte offset. Computed independently from
 * the library's reader. Returns false when there is no such occurrence. */
typedef struct tu_place {
    unsigned long line, column;
    size_t offset;
} tu_place;

static inline bool tu_place_of(const char *text, const char *needle, unsigned nth, tu_place *out)
{
    const char *at = text;
    for (;;) {
        at = strstr(at, needle);
        if (!at)
            return false;
        if (nth-- == 0)
            break;
        at++;
    }
    out->line = 1;
    out->column = 1;
    out->offset = (size_t)(at - text);
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            out->line++;
            out->column = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            out->column++;
        }
    }
    return true;
}

/* ------------------------------------------------ counting allocator */

/*
 * Hooks that count every call and can make one call (or every call from
 * one on) fail. Each block carries a header with a magic number, so that a
 * free or realloc of memory the hooks did not hand out is noticed (counted
 * in bad_frees) instead of corrupting the heap. Not thread-safe.
 */
typedef struct tu_alloc {
    comply_allocator hooks; /* hooks.user points at this struct */
    unsigned long calls;    /* malloc_fn + realloc_fn calls, failed ones included */
    unsigned long mallocs, reallocs, frees;
    unsigned long failures;  /* calls made to fail */
    long live;               /* blocks handed out and not yet freed */
    size_t live_bytes;
    unsigned long fail_at;   /* 0: never fail; else the call number that fails */
    bool fail_after;         /* every call after fail_at fails too */
    unsigned long bad_frees; /* frees/reallocs of unknown blocks */
    unsigned long bad_users; /* calls whose user pointer was not this struct */
} tu_alloc;

void tu_alloc_init(tu_alloc *a);
/* Makes call number calls+n fail (n >= 1); with `sticky`, every later one too. */
void tu_alloc_fail_in(tu_alloc *a, unsigned long n, bool sticky);
/* Stops failing. */
void tu_alloc_heal(tu_alloc *a);
/* Options using these hooks. */
comply_rules_options tu_alloc_options(tu_alloc *a);

/* cJSON's process-wide hooks: count, and fail the n-th malloc (0: never). */
void tu_cjson_install(unsigned long fail_at);
void tu_cjson_restore(void);
unsigned long tu_cjson_mallocs(void);
unsigned long tu_cjson_failures(void);
long tu_cjson_live(void);

/* ---------------------------------------------------------- fixtures */

/* A small self-contained pack using every section and most keys. */
extern const char tu_full_pack[];
/* Counts of tu_full_pack's sections, indexed by comply_section. */
extern const size_t tu_full_pack_counts[COMPLY_SECTION_COUNT_];

/* comply_rules_to_json into a malloc'd copy (NULL on failure). */
char *tu_rules_json(const comply_rules *rules, int pretty);
/* Reads a whole file into malloc'd memory; *len gets its size. */
char *tu_read_file(const char *path, size_t *len);
/* Writes `len` bytes to a new temporary file; returns its malloc'd path. */
char *tu_write_temp(const void *data, size_t len);

#endif /* COMPLY_TESTUTIL_H */
