/*
 * test_error.c - CUnit tests for lib/error.c: status strings, the
 * caller's error struct (formatting, truncation on UTF-8 boundaries,
 * places) and the version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "internal.h"
#include "testutil.h"
#include "runner.h"

static const comply_status all_statuses[] = {
    COMPLY_OK,        COMPLY_EINVAL,    COMPLY_ENOMEM, COMPLY_EIO,    COMPLY_EPARSE,
    COMPLY_ERULE,     COMPLY_ENOTFOUND, COMPLY_ELIMIT, COMPLY_ERANGE,
};
#define N_STATUSES (sizeof all_statuses / sizeof all_statuses[0])

/* An error struct full of garbage, to see which fields a call sets. */
static void err_dirty(comply_error *e)
{
    memset(e, 0x5A, sizeof *e);
    e->source[sizeof e->source - 1] = '\0';
    e->path[sizeof e->path - 1] = '\0';
    e->message[sizeof e->message - 1] = '\0';
}

/* True when s is well-formed UTF-8 up to its NUL. */
static bool utf8_ok(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = comply__utf8_sequence(u + i, n - i);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

/* ------------------------------------------------------------ statuses */

static void status_string_is_non_empty_for_every_status(void)
{
    for (size_t i = 0; i < N_STATUSES; i++) {
        const char *s = comply_status_string(all_statuses[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        CU_ASSERT(strlen(s) > 0);
        CU_ASSERT(strcmp(s, "unknown status") != 0);
        /* one line, no trailing period */
        CU_ASSERT(strchr(s, '\n') == NULL);
        CU_ASSERT(s[strlen(s) - 1] != '.');
    }
}

static void status_strings_are_distinct(void)
{
    for (size_t i = 0; i < N_STATUSES; i++)
        for (size_t j = i + 1; j < N_STATUSES; j++)
            CU_ASSERT(strcmp(comply_status_string(all_statuses[i]), comply_status_string(all_statuses[j])) != 0);
}

static void status_string_names_each_status(void)
{
    CHECK_TEXT(comply_status_string(COMPLY_OK), "success");
    CHECK_TEXT(comply_status_string(COMPLY_EINVAL), "invalid argument");
    CHECK_TEXT(comply_status_string(COMPLY_ENOMEM), "out of memory");
    CHECK_TEXT(comply_status_string(COMPLY_EIO), "input/output error");
    CHECK_TEXT(comply_status_string(COMPLY_EPARSE), "malformed input");
    CHECK_TEXT(comply_status_string(COMPLY_ERULE), "invalid rule pack");
    CHECK_TEXT(comply_status_string(COMPLY_ENOTFOUND), "not found");
    CHECK_TEXT(comply_status_string(COMPLY_ELIMIT), "limit exceeded");
    CHECK_TEXT(comply_status_string(COMPLY_ERANGE), "result out of range");
}

static void status_string_of_unknown_code_is_static_text(void)
{
    CHECK_TEXT(comply_status_string((comply_status)(COMPLY_ERANGE + 1)), "unknown status");
    CHECK_TEXT(comply_status_string((comply_status)999), "unknown status");
    CHECK_TEXT(comply_status_string((comply_status)-1), "unknown status");
}

static void status_values_are_stable(void)
{
    /* The codes are ABI: new ones only at the end. */
    CHECK_NUM(COMPLY_OK, 0);
    CHECK_NUM(COMPLY_EINVAL, 1);
    CHECK_NUM(COMPLY_ENOMEM, 2);
    CHECK_NUM(COMPLY_EIO, 3);
    CHECK_NUM(COMPLY_EPARSE, 4);
    CHECK_NUM(COMPLY_ERULE, 5);
    CHECK_NUM(COMPLY_ENOTFOUND, 6);
    CHECK_NUM(COMPLY_ELIMIT, 7);
    CHECK_NUM(COMPLY_ERANGE, 8);
}

static void version_matches_header(void)
{
    CHECK_TEXT(comply_version(), COMPLY_VERSION_STRING);
    char expect[32];
    snprintf(expect, sizeof expect, "%d.%d.%d", COMPLY_VERSION_MAJOR, COMPLY_VERSION_MINOR, COMPLY_VERSION_PATCH);
    CHECK_TEXT(comply_version(), expect);
}

/* ------------------------------------------------------------- setting */

static void error_set_formats_message_and_returns_code(void)
{
    comply_error e;
    err_dirty(&e);
    comply_status st = comply__error_set(&e, COMPLY_ERULE, "key \"%s\" at %d: %zu%%", "label", 42, (size_t)7);
    CHECK_STATUS(st, COMPLY_ERULE);
    CHECK_STATUS(e.code, COMPLY_ERULE);
    CHECK_TEXT(e.message, "key \"label\" at 42: 7%");
}

static void error_set_clears_place_fields(void)
{
    comply_error e;
    err_dirty(&e);
    comply__error_set(&e, COMPLY_EIO, "x");
    CHECK_NUM(e.line, 0);
    CHECK_NUM(e.column, 0);
    CHECK_NUM(e.offset, 0);
    CHECK_TEXT(e.source, "");
    CHECK_TEXT(e.path, "");
    CHECK_TEXT(e.message, "x");
}

static void error_set_with_null_err_returns_code(void)
{
    CHECK_STATUS(comply__error_set(NULL, COMPLY_ELIMIT, "ignored %s", "arg"), COMPLY_ELIMIT);
    CHECK_STATUS(comply__error_set(NULL, COMPLY_OK, "ok"), COMPLY_OK);
    CHECK_STATUS(comply__oom(NULL), COMPLY_ENOMEM);
    comply__error_place(NULL, "src", 1, 2, 3, "path"); /* no crash */
    CU_PASS("NULL error struct accepted");
}

static void error_set_empty_message(void)
{
    comply_error e;
    err_dirty(&e);
    comply__error_set(&e, COMPLY_EINVAL, "%s", "");
    CHECK_TEXT(e.message, "");
    CHECK_STATUS(e.code, COMPLY_EINVAL);
}

static void oom_sets_enomem_and_fixed_message(void)
{
    comply_error e;
    err_dirty(&e);
    CHECK_STATUS(comply__oom(&e), COMPLY_ENOMEM);
    CHECK_STATUS(e.code, COMPLY_ENOMEM);
    CHECK_TEXT(e.message, "out of memory");
    CHECK_NUM(e.line, 0);
}

static void error_set_truncates_long_ascii_message(void)
{
    char big[1000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    comply_error e;
    err_dirty(&e);
    comply__error_set(&e, COMPLY_EPARSE, "%s", big);
    CHECK_NUM(strlen(e.message), COMPLY_ERROR_MESSAGE_SIZE - 1);
    CU_ASSERT(strspn(e.message, "a") == COMPLY_ERROR_MESSAGE_SIZE - 1);
    /* exactly fitting: 255 bytes stay whole */
    big[COMPLY_ERROR_MESSAGE_SIZE - 1] = '\0';
    comply__error_set(&e, COMPLY_EPARSE, "%s", big);
    CHECK_NUM(strlen(e.message), COMPLY_ERROR_MESSAGE_SIZE - 1);
    big[COMPLY_ERROR_MESSAGE_SIZE - 2] = 'b';
    comply__error_set(&e, COMPLY_EPARSE, "%s", big);
    CU_ASSERT(e.message[COMPLY_ERROR_MESSAGE_SIZE - 2] == 'b');
}

static void error_set_truncates_on_utf8_boundary(void)
{
    /* 254 ASCII bytes then "é" (2 bytes): the cut at 255 would split it. */
    char msg[600];
    memset(msg, 'a', 254);
    strcpy(msg + 254, "\xC3\xA9tail");
    comply_error e;
    comply__error_set(&e, COMPLY_ERULE, "%s", msg);
    CHECK_NUM(strlen(e.message), 254);
    CU_ASSERT(utf8_ok(e.message));

    /* 253 ASCII bytes then "é": fits exactly at 255 */
    memset(msg, 'a', 253);
    strcpy(msg + 253, "\xC3\xA9tail");
    comply__error_set(&e, COMPLY_ERULE, "%s", msg);
    CHECK_NUM(strlen(e.message), 255);
    CU_ASSERT(memcmp(e.message + 253, "\xC3\xA9", 2) == 0);

    /* every alignment of 3- and 4-byte sequences around the cut */
    static const char *const seqs[] = { "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xC3\xA9" };
    for (size_t s = 0; s < 3; s++) {
        for (size_t lead = 240; lead < 260; lead++) {
            memset(msg, 'x', lead);
            msg[lead] = '\0';
            while (strlen(msg) + 4 < sizeof msg - 1)
                strcat(msg, seqs[s]);
            comply__error_set(&e, COMPLY_ERULE, "%s", msg);
            size_t n = strlen(e.message);
            char what[64];
            snprintf(what, sizeof what, "seq %zu lead %zu len %zu", s, lead, n);
            CU_assertImplementation(utf8_ok(e.message) && n <= 255 && n >= 252 && memcmp(e.message, msg, n) == 0,
                                    __LINE__, what, __FILE__, __func__, CU_FALSE);
        }
    }
}

static void error_message_longer_than_internal_buffer_is_cut_cleanly(void)
{
    /* More than 2 * COMPLY_ERROR_MESSAGE_SIZE, all multi-byte. */
    char msg[3000] = "";
    while (strlen(msg) + 3 < sizeof msg)
        strcat(msg, "\xE2\x82\xAC");
    comply_error e;
    comply__error_set(&e, COMPLY_EPARSE, "prefix %s", msg);
    CU_ASSERT(utf8_ok(e.message));
    CU_ASSERT(strncmp(e.message, "prefix ", 7) == 0);
    /* 7 + 3k <= 255 -> 82 euro signs, 253 bytes */
    CHECK_NUM(strlen(e.message), 253);
}

static void error_set_does_not_interpret_percent_in_arguments(void)
{
    comply_error e;
    comply__error_set(&e, COMPLY_ERULE, "unknown key \"%s\"", "%s%n%x");
    CHECK_TEXT(e.message, "unknown key \"%s%n%x\"");
}

/* -------------------------------------------------------------- places */

static void error_place_sets_every_place_field(void)
{
    comply_error e;
    comply__error_set(&e, COMPLY_ERULE, "bad");
    comply__error_place(&e, "pack.json", 12, 7, 345, "purposes.newsletter.required[2]");
    CHECK_TEXT(e.source, "pack.json");
    CHECK_TEXT(e.path, "purposes.newsletter.required[2]");
    CHECK_NUM(e.line, 12);
    CHECK_NUM(e.column, 7);
    CHECK_NUM(e.offset, 345);
    /* the code and message are kept */
    CHECK_STATUS(e.code, COMPLY_ERULE);
    CHECK_TEXT(e.message, "bad");
}

static void error_place_null_strings_become_empty(void)
{
    comply_error e;
    err_dirty(&e);
    comply__error_set(&e, COMPLY_ERULE, "m");
    comply__error_place(&e, NULL, 1, 1, 0, NULL);
    CHECK_TEXT(e.source, "");
    CHECK_TEXT(e.path, "");
    CHECK_NUM(e.line, 1);
}

static void error_place_truncates_long_source_and_path(void)
{
    char big[400];
    memset(big, 's', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    /* put a 2-byte character across the cut of the path buffer */
    memcpy(big + COMPLY_ERROR_PATH_SIZE - 2, "\xC3\xA9", 2);
    comply_error e;
    comply__error_set(&e, COMPLY_ERULE, "m");
    comply__error_place(&e, big, 1, 1, 0, big);
    CHECK_NUM(strlen(e.source), COMPLY_ERROR_PATH_SIZE - 2);
    CHECK_NUM(strlen(e.path), COMPLY_ERROR_PATH_SIZE - 2);
    CU_ASSERT(utf8_ok(e.source));
    CU_ASSERT(utf8_ok(e.path));
}

static void error_place_large_numbers_are_kept(void)
{
    comply_error e;
    comply__error_set(&e, COMPLY_EPARSE, "m");
    comply__error_place(&e, "<json>", 4000000000ul, 123456789ul, (size_t)10 * 1024 * 1024, "");
    CHECK_NUM(e.line, 4000000000ul);
    CHECK_NUM(e.column, 123456789ul);
    CHECK_NUM(e.offset, (size_t)10 * 1024 * 1024);
}

/* ------------------------------------------------------------ strlcpy */

static void strlcpy_copies_and_terminates(void)
{
    char buf[8];
    memset(buf, 'z', sizeof buf);
    comply__strlcpy(buf, "abc", sizeof buf);
    CHECK_TEXT(buf, "abc");
    comply__strlcpy(buf, "abcdefghij", sizeof buf);
    CHECK_TEXT(buf, "abcdefg");
    comply__strlcpy(buf, "", sizeof buf);
    CHECK_TEXT(buf, "");
    comply__strlcpy(buf, NULL, sizeof buf);
    CHECK_TEXT(buf, "");
}

static void strlcpy_size_zero_and_one(void)
{
    char buf[4] = "xyz";
    comply__strlcpy(buf, "abc", 0);
    CHECK_TEXT(buf, "xyz"); /* untouched */
    comply__strlcpy(buf, "abc", 1);
    CHECK_TEXT(buf, "");
}

static void strlcpy_never_splits_a_sequence(void)
{
    char buf[5];
    comply__strlcpy(buf, "ab\xE2\x82\xAC", sizeof buf); /* 5 bytes into 4 */
    CHECK_TEXT(buf, "ab");
    comply__strlcpy(buf, "\xF0\x9F\x98\x80", sizeof buf); /* 4 bytes fit */
    CHECK_TEXT(buf, "\xF0\x9F\x98\x80");
    comply__strlcpy(buf, "\xF0\x9F\x98\x80z", sizeof buf);
    CHECK_TEXT(buf, "\xF0\x9F\x98\x80");
    comply__strlcpy(buf, "a\xF0\x9F\x98\x80", sizeof buf);
    CHECK_TEXT(buf, "a");
    /* a string of continuation bytes only backs off to nothing */
    comply__strlcpy(buf, "\x80\x80\x80\x80\x80\x80", sizeof buf);
    CHECK_TEXT(buf, "");
}

/* ------------------------------------------------------------ runner */

static const test_entry status_tests[] = {
    TEST(status_string_is_non_empty_for_every_status),
    TEST(status_strings_are_distinct),
    TEST(status_string_names_each_status),
    TEST(status_string_of_unknown_code_is_static_text),
    TEST(status_values_are_stable),
    TEST(version_matches_header),
    { NULL, NULL },
};

static const test_entry set_tests[] = {
    TEST(error_set_formats_message_and_returns_code),
    TEST(error_set_clears_place_fields),
    TEST(error_set_with_null_err_returns_code),
    TEST(error_set_empty_message),
    TEST(oom_sets_enomem_and_fixed_message),
    TEST(error_set_truncates_long_ascii_message),
    TEST(error_set_truncates_on_utf8_boundary),
    TEST(error_message_longer_than_internal_buffer_is_cut_cleanly),
    TEST(error_set_does_not_interpret_percent_in_arguments),
    { NULL, NULL },
};

static const test_entry place_tests[] = {
    TEST(error_place_sets_every_place_field),
    TEST(error_place_null_strings_become_empty),
    TEST(error_place_truncates_long_source_and_path),
    TEST(error_place_large_numbers_are_kept),
    TEST(strlcpy_copies_and_terminates),
    TEST(strlcpy_size_zero_and_one),
    TEST(strlcpy_never_splits_a_sequence),
    { NULL, NULL },
};

static const test_suite suites[] = {
    { "error: statuses", status_tests, NULL, NULL },
    { "error: setting", set_tests, NULL, NULL },
    { "error: places", place_tests, NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

int main(void)
{
    return tu_run_suites(suites);
}
