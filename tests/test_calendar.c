/*
 * test_calendar.c - CUnit tests for lib/calendar.c: dates, ISO 8601
 * durations, date arithmetic and UTC instants.
 *
 * Expected results come from shared/reference/retention-and-law.md §3
 * (java.time, Temporal, dateutil, PostgreSQL agree on them) and from
 * day counts computed here a different way than the library does.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "comply.h"
#include "runner.h"

/* ------------------------------------------------------------ helpers */

static comply_date mkdate(int year, int month, int day)
{
    comply_date d = { year, month, day };
    return d;
}

static void check_date_at(comply_date got, int y, int m, int d, unsigned line, const char *func)
{
    char msg[160];
    snprintf(msg, sizeof msg, "got %04d-%02d-%02d, expected %04d-%02d-%02d", got.year, got.month, got.day, y, m,
             d);
    CU_assertImplementation(got.year == y && got.month == m && got.day == d, line, msg, __FILE__, func,
                            CU_FALSE);
}
#define CHECK_DATE(got, y, m, d) check_date_at((got), (y), (m), (d), __LINE__, __func__)

static void check_text_at(const char *got, const char *expected, unsigned line, const char *func)
{
    char msg[400];
    snprintf(msg, sizeof msg, "got \"%.150s\", expected \"%.150s\"", got, expected);
    CU_assertImplementation(strcmp(got, expected) == 0, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_TEXT(got, expected) check_text_at((got), (expected), __LINE__, __func__)

static void check_contains_at(const char *haystack, const char *needle, const char *input, unsigned line,
                              const char *func)
{
    char msg[400];
    snprintf(msg, sizeof msg, "message \"%.150s\" lacks \"%.60s\" (input \"%.60s\")", haystack, needle, input);
    CU_assertImplementation(strstr(haystack, needle) != NULL, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_CONTAINS(hay, needle, input) check_contains_at((hay), (needle), (input), __LINE__, __func__)

static void check_status_at(comply_status got, comply_status expected, const char *input, unsigned line,
                            const char *func)
{
    char msg[200];
    snprintf(msg, sizeof msg, "status %d, expected %d (input \"%.80s\")", (int)got, (int)expected, input);
    CU_assertImplementation(got == expected, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_STATUS(got, expected, input) check_status_at((got), (expected), (input), __LINE__, __func__)

static comply_duration parse_duration(const char *text)
{
    comply_duration d;
    comply_error err;
    comply_status st = comply_duration_parse(text, &d, &err);
    CHECK_STATUS(st, COMPLY_OK, text);
    return d;
}

static comply_date parse_date(const char *text)
{
    comply_date d = mkdate(0, 0, 0);
    CHECK_STATUS(comply_date_parse(text, strlen(text), &d, NULL), COMPLY_OK, text);
    return d;
}

/* start + text, expected y-m-d */
static void check_add_at(const char *start, const char *duration, const char *expected, int subtract,
                         unsigned line, const char *func)
{
    comply_duration d = parse_duration(duration);
    comply_date out;
    comply_status st = subtract ? comply_date_sub(parse_date(start), &d, &out)
                                : comply_date_add(parse_date(start), &d, &out);
    char got[16] = "";
    if (st == COMPLY_OK && comply_date_format(out, got, sizeof got) != COMPLY_OK)
        strcpy(got, "?");
    char msg[200];
    snprintf(msg, sizeof msg, "%s %c %s = %s (status %d), expected %s", start, subtract ? '-' : '+', duration,
             got, (int)st, expected);
    CU_assertImplementation(st == COMPLY_OK && strcmp(got, expected) == 0, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_ADD(start, dur, expected) check_add_at((start), (dur), (expected), 0, __LINE__, __func__)
#define CHECK_SUB(start, dur, expected) check_add_at((start), (dur), (expected), 1, __LINE__, __func__)

static int duration_is_zero(const comply_duration *d)
{
    return !d->years && !d->months && !d->weeks && !d->days && !d->hours && !d->minutes && !d->seconds;
}

static int duration_equal(const comply_duration *a, const comply_duration *b)
{
    return a->years == b->years && a->months == b->months && a->weeks == b->weeks && a->days == b->days &&
           a->hours == b->hours && a->minutes == b->minutes && a->seconds == b->seconds;
}

static comply_instant parse_instant(const char *text)
{
    comply_instant t = { INT64_MIN };
    comply_error err;
    CHECK_STATUS(comply_instant_parse(text, strlen(text), &t, &err), COMPLY_OK, text);
    return t;
}

static const char *format_instant(comply_instant t, char buf[COMPLY_INSTANT_TEXT_SIZE])
{
    if (comply_instant_format(t, buf, COMPLY_INSTANT_TEXT_SIZE) != COMPLY_OK)
        strcpy(buf, "?");
    return buf;
}

/* A buffer of `n` copies of `c`, optionally starting with `prefix`; the
 * caller frees it. NUL-terminated, so it also serves the duration parser. */
static char *make_big(size_t n, char c, const char *prefix)
{
    char *s = malloc(n + 1);
    CU_ASSERT_FATAL(s != NULL);
    memset(s, c, n);
    s[n] = '\0';
    if (prefix)
        memcpy(s, prefix, strlen(prefix));
    return s;
}

#define MIB ((size_t)1024 * 1024)

/* ---------------------------------------------- independent calendar */

/* The Gregorian rule written as a table of cases, not as the library's
 * single expression. */
static int ref_month_length(int year, int month)
{
    switch (month) {
    case 4: case 6: case 9: case 11:
        return 30;
    case 2:
        if (year % 400 == 0)
            return 29;
        if (year % 100 == 0)
            return 28;
        return year % 4 == 0 ? 29 : 28;
    default:
        return 31;
    }
}

/* Days from 1970-01-01, walking whole months from the anchor: no era
 * arithmetic at all, so it checks Hinnant's formulas independently. */
static long long ref_days_by_months(int year, int month, int day)
{
    long long n = 0;
    int y = 1970, m = 1;
    while (y < year || (y == year && m < month)) {
        n += ref_month_length(y, m);
        if (++m == 13) {
            m = 1;
            y++;
        }
    }
    while (y > year || (y == year && m > month)) {
        if (--m == 0) {
            m = 12;
            y--;
        }
        n -= ref_month_length(y, m);
    }
    return n + day - 1;
}

static comply_date ref_next_day(comply_date d)
{
    if (d.day < ref_month_length(d.year, d.month))
        return mkdate(d.year, d.month, d.day + 1);
    if (d.month < 12)
        return mkdate(d.year, d.month + 1, 1);
    return mkdate(d.year + 1, 1, 1);
}

/* ===================================================== suite: validity */

static void date_is_valid_follows_gregorian_leap_years(void)
{
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(1900, 2, 29))); /* century, not by 400 */
    CU_ASSERT_TRUE(comply_date_is_valid(mkdate(2000, 2, 29)));  /* by 400 */
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2100, 2, 29)));
    CU_ASSERT_TRUE(comply_date_is_valid(mkdate(2024, 2, 29)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2023, 2, 29)));
    CU_ASSERT_TRUE(comply_date_is_valid(mkdate(1600, 2, 29)));
    CU_ASSERT_TRUE(comply_date_is_valid(mkdate(4, 2, 29)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(1, 2, 29)));
    CU_ASSERT_TRUE(comply_date_is_valid(mkdate(9996, 2, 29)));
}

static void date_is_valid_knows_every_month_length(void)
{
    static const int common[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    for (int m = 1; m <= 12; m++) {
        int leap_len = m == 2 ? 29 : common[m - 1];
        CU_ASSERT_TRUE(comply_date_is_valid(mkdate(2023, m, common[m - 1])));
        CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2023, m, common[m - 1] + 1)));
        CU_ASSERT_TRUE(comply_date_is_valid(mkdate(2024, m, leap_len)));
        CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2024, m, leap_len + 1)));
        CU_ASSERT_TRUE(comply_date_is_valid(mkdate(2024, m, 1)));
        CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2024, m, 0)));
    }
}

static void date_is_valid_rejects_fields_out_of_range(void)
{
    CU_ASSERT_TRUE(comply_date_is_valid(mkdate(1, 1, 1)));
    CU_ASSERT_TRUE(comply_date_is_valid(mkdate(9999, 12, 31)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(0, 12, 31)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(10000, 1, 1)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(-1, 1, 1)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2024, 0, 1)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2024, 13, 1)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2024, 1, 32)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2024, 1, -1)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(INT_MIN, INT_MIN, INT_MIN)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(INT_MAX, INT_MAX, INT_MAX)));
    CU_ASSERT_FALSE(comply_date_is_valid(mkdate(2024, INT_MAX, 1)));
}

static void date_compare_orders_by_year_then_month_then_day(void)
{
    CU_ASSERT_EQUAL(comply_date_compare(mkdate(2024, 5, 1), mkdate(2024, 5, 1)), 0);
    CU_ASSERT_EQUAL(comply_date_compare(mkdate(2023, 12, 31), mkdate(2024, 1, 1)), -1);
    CU_ASSERT_EQUAL(comply_date_compare(mkdate(2024, 1, 1), mkdate(2023, 12, 31)), 1);
    CU_ASSERT_EQUAL(comply_date_compare(mkdate(2024, 2, 1), mkdate(2024, 1, 31)), 1);
    CU_ASSERT_EQUAL(comply_date_compare(mkdate(2024, 1, 30), mkdate(2024, 1, 31)), -1);
    CU_ASSERT_EQUAL(comply_date_compare(mkdate(1, 1, 1), mkdate(9999, 12, 31)), -1);
}

/* =================================================== suite: day counts */

static void date_to_days_matches_known_anchors(void)
{
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(1970, 1, 1)), 0);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(1970, 1, 2)), 1);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(1969, 12, 31)), -1);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(2000, 1, 1)), 10957);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(2000, 3, 1)), 11017);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(2024, 5, 1)), 19844);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(1900, 1, 1)), -25567);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(1, 1, 1)), -719162);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(9999, 12, 31)), 2932896);
}

static void date_to_days_of_invalid_date_is_int64_min(void)
{
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(2023, 2, 29)), INT64_MIN);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(0, 1, 1)), INT64_MIN);
    CU_ASSERT_EQUAL(comply_date_to_days(mkdate(INT_MAX, 13, 99)), INT64_MIN);
}

/* Every day of one 400-year Gregorian cycle, 1900-01-01..2299-12-31
 * (146097 days: 1900, 2100, 2200 common, 2000 leap): the day count follows
 * a counter that starts from the month-by-month count, and from_days gives
 * the date back. */
static void date_days_round_trip_over_400_years_matches_month_by_month_count(void)
{
    comply_date d = mkdate(1900, 1, 1);
    long long expected = ref_days_by_months(1900, 1, 1);
    long mismatches = 0, count = 0, checked_years = 0;
    char first[120] = "";
    while (d.year < 2300) {
        comply_date back = mkdate(0, 0, 0);
        int64_t days = comply_date_to_days(d);
        int ok = days == expected && comply_date_from_days(days, &back) == COMPLY_OK &&
                 comply_date_compare(back, d) == 0;
        if (d.month == 1 && d.day == 1) {
            ok = ok && ref_days_by_months(d.year, 1, 1) == expected;
            checked_years++;
        }
        if (!ok && mismatches++ == 0)
            snprintf(first, sizeof first, "first mismatch at %04d-%02d-%02d", d.year, d.month, d.day);
        d = ref_next_day(d);
        expected++;
        count++;
    }
    CU_ASSERT_EQUAL(count, 146097);
    CU_ASSERT_EQUAL(checked_years, 400);
    CU_ASSERT_EQUAL(expected - ref_days_by_months(1900, 1, 1), 146097);
    CU_assertImplementation(mismatches == 0, __LINE__, mismatches ? first : "no mismatch", __FILE__, __func__,
                            CU_FALSE);
}

/* The whole supported range, 0001-01-01..9999-12-31, day by day. */
static void date_days_round_trip_over_whole_range(void)
{
    comply_date d = mkdate(1, 1, 1);
    long long expected = ref_days_by_months(1, 1, 1);
    long mismatches = 0;
    for (;;) {
        comply_date back = mkdate(0, 0, 0);
        if (comply_date_to_days(d) != expected || comply_date_from_days(expected, &back) != COMPLY_OK ||
            comply_date_compare(back, d) != 0)
            mismatches++;
        if (d.year == 9999 && d.month == 12 && d.day == 31)
            break;
        d = ref_next_day(d);
        expected++;
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_EQUAL(expected, 2932896);
}

static void date_days_repeat_every_400_years(void)
{
    for (int y = 1; y <= 9599; y += 37) {
        comply_date a = mkdate(y, 3, 1), b = mkdate(y + 400, 3, 1);
        CU_ASSERT_EQUAL(comply_date_to_days(b) - comply_date_to_days(a), 146097);
    }
}

static void date_from_days_outside_range_is_erange(void)
{
    comply_date out = mkdate(7, 7, 7);
    CU_ASSERT_EQUAL(comply_date_from_days(-719162, &out), COMPLY_OK);
    CHECK_DATE(out, 1, 1, 1);
    CU_ASSERT_EQUAL(comply_date_from_days(2932896, &out), COMPLY_OK);
    CHECK_DATE(out, 9999, 12, 31);
    CU_ASSERT_EQUAL(comply_date_from_days(-719163, &out), COMPLY_ERANGE);
    CU_ASSERT_FALSE(comply_date_is_valid(out));
    CU_ASSERT_EQUAL(comply_date_from_days(2932897, &out), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_date_from_days(INT64_MIN, &out), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_date_from_days(INT64_MAX, &out), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_date_from_days(0, NULL), COMPLY_EINVAL);
}

/* ====================================================== suite: weekday */

static void date_weekday_of_known_dates(void)
{
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(2000, 1, 1)), 6);  /* Saturday */
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(1970, 1, 1)), 4);  /* Thursday */
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(1969, 12, 31)), 3); /* Wednesday */
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(2024, 5, 1)), 3);  /* Wednesday */
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(2021, 3, 28)), 7); /* Sunday */
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(1900, 1, 1)), 1);  /* Monday */
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(1, 1, 1)), 1);     /* Monday, proleptic */
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(9999, 12, 31)), 5); /* Friday */
}

static void date_weekday_of_invalid_date_is_zero(void)
{
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(2023, 2, 29)), 0);
    CU_ASSERT_EQUAL(comply_date_weekday(mkdate(0, 0, 0)), 0);
}

static void date_weekday_advances_by_one_every_day_for_400_years(void)
{
    comply_date d = mkdate(1900, 1, 1);
    int expected = 1, mismatches = 0;
    while (d.year < 2300) {
        if (comply_date_weekday(d) != expected)
            mismatches++;
        expected = expected % 7 + 1;
        d = ref_next_day(d);
    }
    CU_ASSERT_EQUAL(mismatches, 0);
}

/* =================================================== suite: date parse */

static void date_parse_accepts_iso_calendar_dates(void)
{
    CHECK_DATE(parse_date("2024-05-01"), 2024, 5, 1);
    CHECK_DATE(parse_date("0001-01-01"), 1, 1, 1);
    CHECK_DATE(parse_date("9999-12-31"), 9999, 12, 31);
    CHECK_DATE(parse_date("2000-02-29"), 2000, 2, 29);
    CHECK_DATE(parse_date("1900-02-28"), 1900, 2, 28);
}

static void date_parse_reads_only_len_bytes(void)
{
    comply_date d;
    CU_ASSERT_EQUAL(comply_date_parse("2024-05-01XYZ", 10, &d, NULL), COMPLY_OK);
    CHECK_DATE(d, 2024, 5, 1);
    CU_ASSERT_EQUAL(comply_date_parse("2024-05-01XYZ", 11, &d, NULL), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(comply_date_parse("2024-05-01", 9, &d, NULL), COMPLY_EPARSE);
}

static void check_date_rejected_at(const char *text, size_t len, const char *why, unsigned line, const char *func)
{
    comply_date d = mkdate(2020, 1, 1);
    comply_error err;
    memset(&err, 0, sizeof err);
    check_status_at(comply_date_parse(text, len, &d, &err), COMPLY_EPARSE, text, line, func);
    check_status_at(err.code, COMPLY_EPARSE, text, line, func);
    check_contains_at(err.message, why, text, line, func);
    CU_assertImplementation(!comply_date_is_valid(d), line, "output left looking valid", __FILE__, func, CU_FALSE);
    CU_assertImplementation(err.line == 1 && err.column == err.offset + 1, line, "place set", __FILE__, func,
                            CU_FALSE);
}
#define CHECK_DATE_REJECTED(text, why) check_date_rejected_at((text), strlen(text), (why), __LINE__, __func__)

static void date_parse_rejects_impossible_dates_with_reason(void)
{
    CHECK_DATE_REJECTED("2023-02-29", "day 29 does not exist in that month");
    CHECK_DATE_REJECTED("1900-02-29", "day 29 does not exist in that month");
    CHECK_DATE_REJECTED("2100-02-29", "does not exist");
    CHECK_DATE_REJECTED("2024-02-30", "day 30 does not exist");
    CHECK_DATE_REJECTED("2024-04-31", "day 31 does not exist");
    CHECK_DATE_REJECTED("2024-13-01", "month 13 out of range");
    CHECK_DATE_REJECTED("2024-00-10", "month 0 out of range");
    CHECK_DATE_REJECTED("2024-01-00", "day 0 out of range");
    CHECK_DATE_REJECTED("2024-01-32", "day 32 out of range");
    CHECK_DATE_REJECTED("0000-01-01", "year 0000 out of range");
}

static void date_parse_messages_never_echo_the_date(void)
{
    comply_date d;
    comply_error err;
    CU_ASSERT_EQUAL(comply_date_parse("2023-02-29", 10, &d, &err), COMPLY_EPARSE);
    CU_ASSERT_PTR_NULL(strstr(err.message, "2023"));
    CU_ASSERT_EQUAL(err.offset, 8);
    CU_ASSERT_EQUAL(err.column, 9);
}

static void date_parse_rejects_malformed_text(void)
{
    CHECK_DATE_REJECTED("", "date ends early");
    CHECK_DATE_REJECTED("2024-05", "date ends early");
    CHECK_DATE_REJECTED("2024-5-1", "expected a digit");
    CHECK_DATE_REJECTED("24-05-01", "expected a digit");
    CHECK_DATE_REJECTED("2024/05/01", "expected '-'");
    CHECK_DATE_REJECTED("20240501", "expected '-'");
    CHECK_DATE_REJECTED("2024-05-01 ", "unexpected text after the date");
    CHECK_DATE_REJECTED(" 2024-05-01", "expected a digit");
    CHECK_DATE_REJECTED("2024-05-01T00:00:00Z", "unexpected text");
    CHECK_DATE_REJECTED("+2024-05-01", "expected a digit");
    CHECK_DATE_REJECTED("-2024-05-01", "expected a digit");
    CHECK_DATE_REJECTED("12024-05-01", "expected '-'");
    CHECK_DATE_REJECTED("2024-05-0a", "expected a digit");
    CHECK_DATE_REJECTED("01/05/2024", "expected a digit"); /* day first is parse_any's */
    CHECK_DATE_REJECTED("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-05-01", "expected a digit"); /* fullwidth */
    CHECK_DATE_REJECTED("\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-05-01", "expected a digit"); /* Arabic-Indic digits */
}

static void date_parse_rejects_hostile_input(void)
{
    static const char inner_nul[] = "2024-\0" "05-01";
    comply_date d;
    check_date_rejected_at(inner_nul, sizeof inner_nul - 1, "expected a digit", __LINE__, __func__);
    check_date_rejected_at("2024-05-01\0", 11, "unexpected text", __LINE__, __func__);
    check_date_rejected_at("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6", 10, "expected a digit", __LINE__, __func__);
    check_date_rejected_at("2024-05-\xc3\xa9", 10, "expected a digit", __LINE__, __func__);

    char *big = make_big(MIB, '1', NULL);
    check_date_rejected_at(big, MIB, "expected '-'", __LINE__, __func__);
    memcpy(big, "2024-05-01", 10);
    check_date_rejected_at(big, MIB, "unexpected text", __LINE__, __func__);
    free(big);

    CU_ASSERT_EQUAL(comply_date_parse(NULL, 10, &d, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_date_parse("2024-05-01", 10, NULL, NULL), COMPLY_EINVAL);
    comply_error err;
    CU_ASSERT_EQUAL(comply_date_parse(NULL, 0, &d, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(err.code, COMPLY_EINVAL);
    CU_ASSERT_FALSE(comply_date_is_valid(d));
}

static void check_any_at(const char *text, int y, int m, int d, unsigned line, const char *func)
{
    comply_date out = mkdate(0, 0, 0);
    check_status_at(comply_date_parse_any(text, strlen(text), &out, NULL), COMPLY_OK, text, line, func);
    check_date_at(out, y, m, d, line, func);
}
#define CHECK_ANY(text, y, m, d) check_any_at((text), (y), (m), (d), __LINE__, __func__)

static void check_any_rejected_at(const char *text, const char *why, unsigned line, const char *func)
{
    comply_date out = mkdate(2020, 1, 1);
    comply_error err;
    check_status_at(comply_date_parse_any(text, strlen(text), &out, &err), COMPLY_EPARSE, text, line, func);
    check_contains_at(err.message, why, text, line, func);
    CU_assertImplementation(!comply_date_is_valid(out), line, "output left looking valid", __FILE__, func,
                            CU_FALSE);
}
#define CHECK_ANY_REJECTED(text, why) check_any_rejected_at((text), (why), __LINE__, __func__)

static void date_parse_any_accepts_iso_and_french_forms(void)
{
    CHECK_ANY("2024-05-01", 2024, 5, 1);
    CHECK_ANY("1/2/2024", 2024, 2, 1);
    CHECK_ANY("01/02/2024", 2024, 2, 1);
    CHECK_ANY("1/12/2024", 2024, 12, 1);
    CHECK_ANY("31/1/2024", 2024, 1, 31);
    CHECK_ANY("31.12.1999", 1999, 12, 31);
    CHECK_ANY("1.2.2024", 2024, 2, 1);
    CHECK_ANY("29/02/2000", 2000, 2, 29);
    CHECK_ANY("01/01/0001", 1, 1, 1);
    CHECK_ANY("31/12/9999", 9999, 12, 31);
}

static void date_parse_any_rejects_bad_day_first_dates(void)
{
    CHECK_ANY_REJECTED("29/02/2023", "day 29 does not exist in that month");
    CHECK_ANY_REJECTED("31/04/2024", "day 31 does not exist");
    CHECK_ANY_REJECTED("1/13/2024", "month 13 out of range");
    CHECK_ANY_REJECTED("12/31/2024", "month 31 out of range"); /* US order */
    CHECK_ANY_REJECTED("0/1/2024", "day 0 out of range");
    CHECK_ANY_REJECTED("1/0/2024", "month 0 out of range");
    CHECK_ANY_REJECTED("01/01/0000", "year 0000");
    CHECK_ANY_REJECTED("1/2.2024", "expected '/' after the month");
    CHECK_ANY_REJECTED("1.2/2024", "expected '.' after the month");
    CHECK_ANY_REJECTED("1/2/24", "four-digit year");
    CHECK_ANY_REJECTED("1/2/202", "four-digit year");
    CHECK_ANY_REJECTED("1/2/20245", "unexpected text after the date");
    CHECK_ANY_REJECTED("1/2/2024 ", "unexpected text after the date");
    CHECK_ANY_REJECTED("001/02/2024", "expected a digit"); /* three leading digits: read as ISO */
    CHECK_ANY_REJECTED("01/002/2024", "expected '/' after the month");
    CHECK_ANY_REJECTED("1//2024", "one- or two-digit month");
    CHECK_ANY_REJECTED("/2/2024", "expected a digit");
    CHECK_ANY_REJECTED("1-2-2024", "expected '/' or '.' after the day");
    CHECK_ANY_REJECTED("1 / 2 / 2024", "expected '/' or '.' after the day");
    CHECK_ANY_REJECTED("2024/05/01", "expected '-'");
    CHECK_ANY_REJECTED("", "date ends early");
    CHECK_ANY_REJECTED("1", "expected '/' or '.' after the day");
    CHECK_ANY_REJECTED("1/", "one- or two-digit month");
}

static void date_parse_any_rejects_hostile_input(void)
{
    comply_date d;
    comply_error err;
    CU_ASSERT_EQUAL(comply_date_parse_any("1/\0" "2/2024", 8, &d, &err), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(comply_date_parse_any("1/2/\xff\xfe\xfd\xfc", 8, &d, &err), COMPLY_EPARSE);
    char *big = make_big(MIB, '/', "1/2/2024");
    CU_ASSERT_EQUAL(comply_date_parse_any(big, MIB, &d, &err), COMPLY_EPARSE);
    free(big);
    CU_ASSERT_EQUAL(comply_date_parse_any(NULL, 1, &d, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_date_parse_any("1/2/2024", 8, NULL, &err), COMPLY_EINVAL);
}

static void date_format_writes_iso_text(void)
{
    char buf[COMPLY_DATE_TEXT_LENGTH + 1];
    CU_ASSERT_EQUAL(comply_date_format(mkdate(2024, 5, 1), buf, sizeof buf), COMPLY_OK);
    CHECK_TEXT(buf, "2024-05-01");
    CU_ASSERT_EQUAL(comply_date_format(mkdate(1, 1, 1), buf, sizeof buf), COMPLY_OK);
    CHECK_TEXT(buf, "0001-01-01");
    CU_ASSERT_EQUAL(comply_date_format(mkdate(9999, 12, 31), buf, sizeof buf), COMPLY_OK);
    CHECK_TEXT(buf, "9999-12-31");
}

static void date_format_rejects_invalid_date_and_small_buffer(void)
{
    char buf[32];
    CU_ASSERT_EQUAL(comply_date_format(mkdate(2023, 2, 29), buf, sizeof buf), COMPLY_EINVAL);
    CHECK_TEXT(buf, "");
    CU_ASSERT_EQUAL(comply_date_format(mkdate(10000, 1, 1), buf, sizeof buf), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_date_format(mkdate(2024, 5, 1), buf, COMPLY_DATE_TEXT_LENGTH), COMPLY_EINVAL);
    CHECK_TEXT(buf, "");
    CU_ASSERT_EQUAL(comply_date_format(mkdate(2024, 5, 1), buf, 0), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_date_format(mkdate(2024, 5, 1), NULL, 11), COMPLY_EINVAL);
}

static void date_format_then_parse_round_trips_for_a_leap_year(void)
{
    comply_date d = mkdate(2024, 1, 1);
    int mismatches = 0;
    for (int i = 0; i < 366; i++) {
        char buf[COMPLY_DATE_TEXT_LENGTH + 1];
        comply_date back;
        if (comply_date_format(d, buf, sizeof buf) != COMPLY_OK ||
            comply_date_parse(buf, strlen(buf), &back, NULL) != COMPLY_OK || comply_date_compare(back, d) != 0)
            mismatches++;
        d = ref_next_day(d);
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CHECK_DATE(d, 2025, 1, 1);
}

/* ============================================= suite: duration grammar */

typedef struct accepted_case {
    const char *text;
    comply_duration expect; /* Y M W D H M S */
} accepted_case;

static const accepted_case duration_accepted[] = {
    { "P1Y", { 1, 0, 0, 0, 0, 0, 0 } },
    { "P1M", { 0, 1, 0, 0, 0, 0, 0 } },
    { "P1W", { 0, 0, 1, 0, 0, 0, 0 } },
    { "P1D", { 0, 0, 0, 1, 0, 0, 0 } },
    { "PT1H", { 0, 0, 0, 0, 1, 0, 0 } },
    { "PT1M", { 0, 0, 0, 0, 0, 1, 0 } },
    { "PT1S", { 0, 0, 0, 0, 0, 0, 1 } },
    { "P3Y", { 3, 0, 0, 0, 0, 0, 0 } },
    { "P13M", { 0, 13, 0, 0, 0, 0, 0 } },
    { "P1Y2M3W4D", { 1, 2, 3, 4, 0, 0, 0 } },
    { "P1Y2M3W4DT5H6M7S", { 1, 2, 3, 4, 5, 6, 7 } },
    { "p1y2m3w4dt5h6m7s", { 1, 2, 3, 4, 5, 6, 7 } },
    { "p1y", { 1, 0, 0, 0, 0, 0, 0 } },
    { "P1y2M", { 1, 2, 0, 0, 0, 0, 0 } },
    { "pT72h", { 0, 0, 0, 0, 72, 0, 0 } },
    { "P1Y2W", { 1, 0, 2, 0, 0, 0, 0 } },  /* weeks mix with other parts (Temporal, java.time) */
    { "P3Y4W", { 3, 0, 4, 0, 0, 0, 0 } },
    { "P1W1DT13H23M34S", { 0, 0, 1, 1, 13, 23, 34 } },
    { "PT72H", { 0, 0, 0, 0, 72, 0, 0 } },
    { "P1MT1M", { 0, 1, 0, 0, 0, 1, 0 } }, /* M before T is months, after T minutes */
    { "P2M1DT1M", { 0, 2, 0, 1, 0, 1, 0 } },
    { "P1DT1S", { 0, 0, 0, 1, 0, 0, 1 } },
    { "P1YT1H", { 1, 0, 0, 0, 1, 0, 0 } },
    { "PT1H1S", { 0, 0, 0, 0, 1, 0, 1 } },
    { "P0D", { 0, 0, 0, 0, 0, 0, 0 } },
    { "PT0S", { 0, 0, 0, 0, 0, 0, 0 } },
    { "P0Y0M0W0DT0H0M0S", { 0, 0, 0, 0, 0, 0, 0 } },
    { "P01Y", { 1, 0, 0, 0, 0, 0, 0 } },
    { "P0000000000000000000000000007D", { 0, 0, 0, 7, 0, 0, 0 } },
    { "P4294967295Y", { 4294967295u, 0, 0, 0, 0, 0, 0 } },
    { "PT4294967295S", { 0, 0, 0, 0, 0, 0, 4294967295u } },
    { "P4294967295Y4294967295M4294967295W4294967295DT4294967295H4294967295M4294967295S",
      { 4294967295u, 4294967295u, 4294967295u, 4294967295u, 4294967295u, 4294967295u, 4294967295u } },
    { "P10Y", { 10, 0, 0, 0, 0, 0, 0 } },
    { "P6M", { 0, 6, 0, 0, 0, 0, 0 } },
    { "P25M", { 0, 25, 0, 0, 0, 0, 0 } },
    { "P90D", { 0, 0, 0, 90, 0, 0, 0 } },
};

static void duration_parse_accepts_the_grammar(void)
{
    for (size_t i = 0; i < sizeof duration_accepted / sizeof duration_accepted[0]; i++) {
        const accepted_case *c = &duration_accepted[i];
        comply_duration d;
        memset(&d, 0xAB, sizeof d);
        comply_error err;
        comply_status st = comply_duration_parse(c->text, &d, &err);
        CHECK_STATUS(st, COMPLY_OK, c->text);
        char msg[160];
        snprintf(msg, sizeof msg, "parts of \"%s\"", c->text);
        CU_assertImplementation(duration_equal(&d, &c->expect), __LINE__, msg, __FILE__, __func__, CU_FALSE);
    }
}

typedef struct rejected_case {
    const char *text;
    const char *why; /* a substring of the message */
} rejected_case;

static const rejected_case duration_rejected[] = {
    { "", "empty duration" },
    { "1Y", "must start with 'P'" },
    { "Y", "must start with 'P'" },
    { "T1H", "must start with 'P'" },
    { "D1P", "must start with 'P'" },
    { "P", "at least one part" },
    { "p", "at least one part" },
    { "PT", "'T' must be followed" },
    { "pt", "'T' must be followed" },
    { "P1DT", "'T' must be followed" },
    { "P1YT", "'T' must be followed" },
    { "+P1Y", "signs are not allowed" },
    { "-P1Y", "signs are not allowed" },
    { "\xe2\x88\x92P1Y", "signs are not allowed" }, /* U+2212 MINUS SIGN */
    { "P-1Y", "signs are not allowed" },
    { "P+1Y", "signs are not allowed" },
    { "P1Y-1M", "signs are not allowed" },
    { "PT-1H", "signs are not allowed" },
    { "-PT72H", "signs are not allowed" },
    { "P1.5Y", "fractions are not allowed" },
    { "P1,5Y", "fractions are not allowed" },
    { "P0.5M", "fractions are not allowed" },
    { "P1Y0,5M", "fractions are not allowed" },
    { "PT1.5S", "fractions are not allowed" },
    { "PT0.5H", "fractions are not allowed" },
    { "PT2H3.2M3S", "fractions are not allowed" },
    { "P.5Y", "fractions are not allowed" },
    { "PT.1H", "fractions are not allowed" },
    { "P1Y1Y", "years repeated or out of order" },
    { "P1y1Y", "years repeated or out of order" },
    { "P1M1Y", "years repeated or out of order" },
    { "P1D1W", "weeks repeated or out of order" },
    { "P1D1M", "months repeated or out of order" },
    { "P1W1Y", "years repeated or out of order" },
    { "P1D1D", "days repeated or out of order" },
    { "PT1M1H", "hours repeated or out of order" },
    { "PT1S1M", "minutes repeated or out of order" },
    { "PT1S1S", "seconds repeated or out of order" },
    { "P1", "number without designator" },
    { "P1Y2", "number without designator" },
    { "PT1", "number without designator" },
    { "PT1H2", "number without designator" },
    { "P1T1H", "number without designator" },
    { "P1Y2M3W4DT5H6M7S8", "number without designator" },
    { "P1Y ", "whitespace" },
    { " P1Y", "whitespace" },
    { "P 1Y", "whitespace" },
    { "P1 Y", "whitespace" },
    { "P1Y\n", "whitespace" },
    { "P1Y\t", "whitespace" },
    { "\tP1Y", "whitespace" },
    { "P1YT 1H", "whitespace" },
    { "P1Yjunk", "unexpected character" },
    { "P1YX", "unexpected character" },
    { "P1X", "unexpected character" },
    { "PY", "unexpected character" },
    { "PP1Y", "unexpected character" },
    { "P1YP", "unexpected character" },
    { "P1Y\xff", "unexpected character" },
    { "P1Y\xc3\xa9", "unexpected character" },
    { "P\xef\xbc\x91Y", "unexpected character" }, /* fullwidth digit one */
    { "P2H", "must follow 'T'" },
    { "P2S", "must follow 'T'" },
    { "P1Y2H", "must follow 'T'" },
    { "PT2D", "must come before 'T'" },
    { "PT1Y", "must come before 'T'" },
    { "PT1W", "must come before 'T'" },
    { "P1YT1HT1M", "'T' repeated" },
    { "PTT1H", "'T' repeated" },
    { "P4294967296Y", "years part exceeds 4294967295" },
    { "P1Y4294967296M", "months part exceeds" },
    { "P99999999999W", "weeks part exceeds" },
    { "P1W4294967296D", "days part exceeds" },
    { "PT4294967296H", "hours part exceeds" },
    { "PT1H18446744073709551616M", "minutes part exceeds" },
    { "PT99999999999999999999999999999999S", "seconds part exceeds" },
    { "P1Y2M3W4D1H", "must follow 'T'" },
    { "PYYYY-MM-DD", "unexpected character" },
    { "P0001-02-03T04:05:06", "number without designator" }, /* ISO alternative format: not supported */
    { "P1-2Y", "number without designator" },
    { "PT1:30", "number without designator" },
    { "R5/P1Y", "must start with 'P'" },
};

static void duration_parse_rejects_with_reason_and_zeroed_output(void)
{
    for (size_t i = 0; i < sizeof duration_rejected / sizeof duration_rejected[0]; i++) {
        const rejected_case *c = &duration_rejected[i];
        comply_duration d;
        memset(&d, 0xAB, sizeof d);
        comply_error err;
        memset(&err, 0, sizeof err);
        CHECK_STATUS(comply_duration_parse(c->text, &d, &err), COMPLY_EPARSE, c->text);
        CHECK_STATUS(err.code, COMPLY_EPARSE, c->text);
        CHECK_CONTAINS(err.message, c->why, c->text);
        CU_ASSERT_TRUE(duration_is_zero(&d));
        CU_ASSERT_EQUAL(err.line, 1);
        CU_ASSERT_EQUAL(err.column, err.offset + 1);
        CU_ASSERT_TRUE(err.offset <= strlen(c->text));
    }
}

static void duration_parse_points_at_the_offending_byte(void)
{
    comply_duration d;
    comply_error err;
    CU_ASSERT_EQUAL(comply_duration_parse("P1Y1Y", &d, &err), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(err.offset, 4);
    CU_ASSERT_EQUAL(comply_duration_parse("P1.5Y", &d, &err), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(err.offset, 2);
    CU_ASSERT_EQUAL(comply_duration_parse("P1Y ", &d, &err), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(err.offset, 3);
    CU_ASSERT_EQUAL(comply_duration_parse("PT", &d, &err), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(err.offset, 2);
}

static void duration_parse_null_arguments_are_einval(void)
{
    comply_duration d;
    memset(&d, 0xAB, sizeof d);
    comply_error err;
    CU_ASSERT_EQUAL(comply_duration_parse(NULL, &d, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(err.code, COMPLY_EINVAL);
    CU_ASSERT_TRUE(duration_is_zero(&d));
    CU_ASSERT_EQUAL(comply_duration_parse("P1Y", NULL, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_duration_parse(NULL, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_duration_parse("P", &d, NULL), COMPLY_EPARSE); /* err is optional */
}

static void duration_parse_survives_megabyte_inputs(void)
{
    comply_duration d;
    comply_error err;

    char *digits = make_big(MIB, '9', "P");
    digits[MIB - 1] = 'Y';
    CU_ASSERT_EQUAL(comply_duration_parse(digits, &d, &err), COMPLY_EPARSE);
    CHECK_CONTAINS(err.message, "years part exceeds", "1 MiB of 9s");
    CU_ASSERT_TRUE(duration_is_zero(&d));
    free(digits);

    char *zeros = make_big(MIB, '0', "P");
    memcpy(zeros + MIB - 2, "7D", 2);
    CU_ASSERT_EQUAL(comply_duration_parse(zeros, &d, &err), COMPLY_OK);
    CU_ASSERT_EQUAL(d.days, 7);
    free(zeros);

    char *junk = make_big(MIB, 'x', "P1Y");
    CU_ASSERT_EQUAL(comply_duration_parse(junk, &d, &err), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(err.offset, 3);
    free(junk);

    char *bytes = make_big(MIB, '\xff', "P1D");
    CU_ASSERT_EQUAL(comply_duration_parse(bytes, &d, &err), COMPLY_EPARSE);
    free(bytes);
}

/* ============================================== suite: duration format */

static void check_format_at(comply_duration d, const char *expected, unsigned line, const char *func)
{
    char buf[COMPLY_DURATION_TEXT_SIZE];
    check_status_at(comply_duration_format(&d, buf, sizeof buf), COMPLY_OK, expected, line, func);
    check_text_at(buf, expected, line, func);
}
#define CHECK_FORMAT(d, expected) check_format_at((d), (expected), __LINE__, __func__)

static void duration_format_writes_canonical_upper_case(void)
{
    comply_duration zero = { 0, 0, 0, 0, 0, 0, 0 };
    comply_duration all = { 1, 2, 3, 4, 5, 6, 7 };
    comply_duration breach = { 0, 0, 0, 0, 72, 0, 0 };
    comply_duration date_only = { 3, 0, 0, 10, 0, 0, 0 };
    comply_duration minutes = { 0, 1, 0, 0, 0, 1, 0 };
    comply_duration max = { 4294967295u, 4294967295u, 4294967295u, 4294967295u,
                            4294967295u, 4294967295u, 4294967295u };
    CHECK_FORMAT(zero, "P0D");
    CHECK_FORMAT(all, "P1Y2M3W4DT5H6M7S");
    CHECK_FORMAT(breach, "PT72H");
    CHECK_FORMAT(date_only, "P3Y10D");
    CHECK_FORMAT(minutes, "P1MT1M");
    CHECK_FORMAT(max, "P4294967295Y4294967295M4294967295W4294967295DT4294967295H4294967295M4294967295S");
    CHECK_FORMAT(parse_duration("p1y2m"), "P1Y2M");
    CHECK_FORMAT(parse_duration("P01Y"), "P1Y");
    CHECK_FORMAT(parse_duration("PT0S"), "P0D");
    CHECK_FORMAT(parse_duration("P0Y0M0W0DT0H0M0S"), "P0D");
    CHECK_FORMAT(parse_duration("P0YT1S"), "PT1S");
}

static void duration_format_then_parse_round_trips(void)
{
    for (size_t i = 0; i < sizeof duration_accepted / sizeof duration_accepted[0]; i++) {
        const comply_duration *want = &duration_accepted[i].expect;
        char buf[COMPLY_DURATION_TEXT_SIZE];
        comply_duration back;
        CU_ASSERT_EQUAL(comply_duration_format(want, buf, sizeof buf), COMPLY_OK);
        CU_ASSERT_EQUAL(comply_duration_parse(buf, &back, NULL), COMPLY_OK);
        CU_ASSERT_TRUE(duration_equal(&back, want));
    }
}

static void duration_format_rejects_small_buffer_and_null(void)
{
    comply_duration d = { 1, 2, 0, 0, 0, 0, 0 }; /* "P1Y2M": 5 characters */
    char buf[8];
    CU_ASSERT_EQUAL(comply_duration_format(&d, buf, 5), COMPLY_EINVAL);
    CHECK_TEXT(buf, "");
    CU_ASSERT_EQUAL(comply_duration_format(&d, buf, 6), COMPLY_OK);
    CHECK_TEXT(buf, "P1Y2M");
    comply_duration zero = { 0, 0, 0, 0, 0, 0, 0 };
    CU_ASSERT_EQUAL(comply_duration_format(&zero, buf, 3), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_duration_format(&zero, buf, 4), COMPLY_OK);
    CHECK_TEXT(buf, "P0D");
    CU_ASSERT_EQUAL(comply_duration_format(&d, buf, 0), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_duration_format(NULL, buf, sizeof buf), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_duration_format(&d, NULL, 8), COMPLY_EINVAL);
}

static void duration_has_time_only_for_hours_minutes_seconds(void)
{
    comply_duration h = parse_duration("PT72H"), m = parse_duration("PT1M"), s = parse_duration("P1DT1S");
    comply_duration months = parse_duration("P1M"), all_dates = parse_duration("P1Y2M3W4D");
    CU_ASSERT_TRUE(comply_duration_has_time(&h));
    CU_ASSERT_TRUE(comply_duration_has_time(&m));
    CU_ASSERT_TRUE(comply_duration_has_time(&s));
    CU_ASSERT_FALSE(comply_duration_has_time(&months));
    CU_ASSERT_FALSE(comply_duration_has_time(&all_dates));
    CU_ASSERT_FALSE(comply_duration_has_time(NULL));
}

/* ============================================ suite: date arithmetic */

static void date_add_matches_the_verified_examples(void)
{
    /* shared/reference/retention-and-law.md §3.2, columns A, C, D, E, F */
    CHECK_ADD("2021-01-31", "P1M", "2021-02-28");
    CHECK_ADD("2020-02-29", "P1Y", "2021-02-28");
    CHECK_ADD("2000-02-29", "P1Y1M", "2001-03-29"); /* one step, not 03-28 as Noda Time */
    CHECK_ADD("2021-03-30", "P1M1D", "2021-05-01"); /* months before days */
    CHECK_ADD("2021-02-28", "P1M", "2021-03-28");   /* no end-of-month stickiness */
    CHECK_ADD("2000-02-29", "P1Y", "2001-02-28");
    CHECK_ADD("2020-02-29", "P4Y", "2024-02-29");
}

static void date_add_p1m_on_31_jan_gives_month_end(void)
{
    CHECK_ADD("2021-01-31", "P1M", "2021-02-28");
    CHECK_ADD("2024-01-31", "P1M", "2024-02-29");
    CHECK_ADD("2100-01-31", "P1M", "2100-02-28");
    CHECK_ADD("2000-01-31", "P1M", "2000-02-29");
    CHECK_ADD("1900-01-31", "P1M", "1900-02-28");
}

/* From 31 January, k months lands on min(31, length of month k+1). */
static void date_add_months_clamps_to_every_month_end(void)
{
    static const int y2023[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    for (uint32_t k = 0; k < 12; k++) {
        comply_duration d = { 0, k, 0, 0, 0, 0, 0 };
        comply_date out;
        CU_ASSERT_EQUAL(comply_date_add(mkdate(2023, 1, 31), &d, &out), COMPLY_OK);
        CHECK_DATE(out, 2023, (int)k + 1, y2023[k]);
        CU_ASSERT_EQUAL(comply_date_add(mkdate(2024, 1, 31), &d, &out), COMPLY_OK);
        CHECK_DATE(out, 2024, (int)k + 1, k == 1 ? 29 : y2023[k]);
    }
    CHECK_ADD("2021-05-31", "P1M", "2021-06-30");
    CHECK_ADD("2021-08-31", "P1M", "2021-09-30");
    CHECK_ADD("2021-10-31", "P1M", "2021-11-30");
    CHECK_ADD("2021-03-31", "P1M", "2021-04-30");
    CHECK_ADD("2021-01-31", "P1M1D", "2021-03-01");
    CHECK_ADD("2021-01-30", "P1M", "2021-02-28");
    CHECK_ADD("2021-01-29", "P1M", "2021-02-28");
    CHECK_ADD("2021-01-28", "P1M", "2021-02-28");
}

static void date_add_combines_years_and_months_in_one_step(void)
{
    CHECK_ADD("2000-02-29", "P13M", "2001-03-29");
    CHECK_ADD("2000-02-29", "P1Y1M", "2001-03-29");
    /* Sequential steps clamp twice: the difference the reference asserts. */
    comply_duration y1 = parse_duration("P1Y"), m1 = parse_duration("P1M");
    comply_date mid, out;
    CU_ASSERT_EQUAL(comply_date_add(mkdate(2000, 2, 29), &y1, &mid), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_date_add(mid, &m1, &out), COMPLY_OK);
    CHECK_DATE(out, 2001, 3, 28);
    CHECK_ADD("2023-12-15", "P1M", "2024-01-15");
    CHECK_ADD("2023-11-30", "P3M", "2024-02-29");
    CHECK_ADD("2023-01-15", "P24M", "2025-01-15");
    CHECK_ADD("2023-06-15", "P1Y18M", "2025-12-15");
}

static void date_add_weeks_and_days_count_days(void)
{
    CHECK_ADD("2024-05-01", "P1W", "2024-05-08");
    CHECK_ADD("2024-05-01", "P7D", "2024-05-08");
    CHECK_ADD("2024-02-28", "P1D", "2024-02-29");
    CHECK_ADD("2023-02-28", "P1D", "2023-03-01");
    CHECK_ADD("2100-02-28", "P1D", "2100-03-01");
    CHECK_ADD("2000-02-28", "P1D", "2000-02-29");
    CHECK_ADD("2023-12-31", "P1D", "2024-01-01");
    CHECK_ADD("2023-01-01", "P365D", "2024-01-01");
    CHECK_ADD("2024-01-01", "P366D", "2025-01-01");
    CHECK_ADD("2020-01-01", "P1Y2W", "2021-01-15");
    CHECK_ADD("2020-01-01", "P3Y4W", "2023-01-29");
    CHECK_ADD("2024-05-01", "P1W1D", "2024-05-09");
    CHECK_ADD("1900-01-01", "P146097D", "2300-01-01"); /* one 400-year cycle */
    CHECK_ADD("2024-05-01", "P0D", "2024-05-01");
}

static void date_add_chained_steps_differ_from_one_step(void)
{
    comply_duration m1 = parse_duration("P1M");
    comply_date d = mkdate(2021, 1, 31);
    for (int i = 0; i < 12; i++)
        CU_ASSERT_EQUAL(comply_date_add(d, &m1, &d), COMPLY_OK);
    CHECK_DATE(d, 2022, 1, 28); /* clamped to 28 in February, then stays there */
    CHECK_ADD("2021-01-31", "P12M", "2022-01-31");
    CHECK_ADD("2021-01-31", "P2M", "2021-03-31");

    comply_duration d1 = parse_duration("P1D");
    comply_date day = mkdate(2023, 1, 1);
    for (int i = 0; i < 365; i++)
        CU_ASSERT_EQUAL(comply_date_add(day, &d1, &day), COMPLY_OK);
    CHECK_DATE(day, 2024, 1, 1);

    comply_duration y1 = parse_duration("P1Y");
    comply_date leap = mkdate(2020, 2, 29);
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(comply_date_add(leap, &y1, &leap), COMPLY_OK);
    CHECK_DATE(leap, 2024, 2, 28); /* vs 2020-02-29 + P4Y = 2024-02-29 */
}

static void date_sub_negates_months_then_days(void)
{
    CHECK_SUB("2021-03-31", "P1M", "2021-02-28");
    CHECK_SUB("2024-03-31", "P1M", "2024-02-29");
    CHECK_SUB("2021-03-01", "P1D", "2021-02-28");
    CHECK_SUB("2024-03-01", "P1D", "2024-02-29");
    CHECK_SUB("2000-03-01", "P1D", "2000-02-29");
    CHECK_SUB("1900-03-01", "P1D", "1900-02-28");
    CHECK_SUB("2024-01-01", "P1W", "2023-12-25");
    CHECK_SUB("2024-01-01", "P1D", "2023-12-31");
    CHECK_SUB("2024-02-29", "P1Y", "2023-02-28");
    CHECK_SUB("2001-03-29", "P1Y1M", "2000-02-29");
    CHECK_SUB("2024-05-01", "P3Y", "2021-05-01");
    /* java.time and PostgreSQL: both give 2011-06-27 (reference §3.2, 5) */
    CHECK_SUB("2012-08-30", "P1Y2M3D", "2011-06-27");
    CHECK_SUB("2012-08-31", "P1Y2M3D", "2011-06-27");
}

static void date_sub_is_not_an_exact_inverse_of_add(void)
{
    comply_duration m1 = parse_duration("P1M");
    comply_date back, again;
    CU_ASSERT_EQUAL(comply_date_sub(mkdate(2021, 3, 31), &m1, &back), COMPLY_OK);
    CHECK_DATE(back, 2021, 2, 28);
    CU_ASSERT_EQUAL(comply_date_add(back, &m1, &again), COMPLY_OK);
    CHECK_DATE(again, 2021, 3, 28);
}

static void check_add_status_at(comply_date start, const char *duration, int subtract, comply_status expected,
                                unsigned line, const char *func)
{
    comply_duration d = parse_duration(duration);
    comply_date out = mkdate(2020, 1, 1);
    comply_status st = subtract ? comply_date_sub(start, &d, &out) : comply_date_add(start, &d, &out);
    check_status_at(st, expected, duration, line, func);
    CU_assertImplementation(!comply_date_is_valid(out), line, "failed call left a valid-looking date", __FILE__,
                            func, CU_FALSE);
}
#define CHECK_ADD_FAILS(start, dur, st) check_add_status_at((start), (dur), 0, (st), __LINE__, __func__)
#define CHECK_SUB_FAILS(start, dur, st) check_add_status_at((start), (dur), 1, (st), __LINE__, __func__)

static void date_add_past_9999_12_31_is_erange(void)
{
    CHECK_ADD("9999-12-31", "P0D", "9999-12-31");
    CHECK_ADD("9999-12-30", "P1D", "9999-12-31");
    CHECK_ADD("9998-12-31", "P1Y", "9999-12-31");
    CHECK_ADD("9999-11-30", "P1M", "9999-12-30");
    CHECK_ADD("0001-01-01", "P3652058D", "9999-12-31");
    CHECK_ADD("0001-01-01", "P119987M", "9999-12-01");
    CHECK_ADD_FAILS(mkdate(9999, 12, 31), "P1D", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(9999, 12, 31), "P1W", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(9999, 12, 1), "P1M", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(9999, 1, 1), "P1Y", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(1, 1, 1), "P3652059D", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(1, 1, 1), "P119988M", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(1, 1, 1), "P4294967295D", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(1, 1, 1), "P4294967295W", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(1, 1, 1), "P4294967295Y", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(1, 1, 1), "P4294967295M", COMPLY_ERANGE);
    CHECK_ADD_FAILS(mkdate(1, 1, 1), "P4294967295Y4294967295M4294967295W4294967295D", COMPLY_ERANGE);
    /* months in range, then days past the end */
    CHECK_ADD("9999-11-30", "P1M1D", "9999-12-31");
    CHECK_ADD_FAILS(mkdate(9999, 11, 30), "P1M2D", COMPLY_ERANGE);
}

static void date_sub_before_0001_01_01_is_erange(void)
{
    CHECK_SUB("0001-01-02", "P1D", "0001-01-01");
    CHECK_SUB("0001-02-28", "P1M", "0001-01-28");
    CHECK_SUB("9999-12-31", "P3652058D", "0001-01-01");
    CHECK_SUB_FAILS(mkdate(1, 1, 1), "P1D", COMPLY_ERANGE);
    CHECK_SUB_FAILS(mkdate(1, 1, 1), "P1M", COMPLY_ERANGE);
    CHECK_SUB_FAILS(mkdate(1, 12, 31), "P1Y", COMPLY_ERANGE);
    CHECK_SUB_FAILS(mkdate(5000, 6, 15), "P4294967295Y4294967295M4294967295W4294967295D", COMPLY_ERANGE);
    CHECK_SUB_FAILS(mkdate(9999, 12, 31), "P3652059D", COMPLY_ERANGE);
}

static void date_add_rejects_time_parts_and_invalid_dates(void)
{
    CHECK_ADD_FAILS(mkdate(2024, 5, 1), "PT72H", COMPLY_EINVAL);
    CHECK_ADD_FAILS(mkdate(2024, 5, 1), "P1DT1S", COMPLY_EINVAL);
    CHECK_ADD_FAILS(mkdate(2024, 5, 1), "P1YT1S", COMPLY_EINVAL);
    CHECK_SUB_FAILS(mkdate(2024, 5, 1), "PT1M", COMPLY_EINVAL);
    CHECK_ADD_FAILS(mkdate(2023, 2, 29), "P1D", COMPLY_EINVAL);
    CHECK_ADD_FAILS(mkdate(0, 1, 1), "P1D", COMPLY_EINVAL);
    CHECK_SUB_FAILS(mkdate(2024, 13, 1), "P1M", COMPLY_EINVAL);

    comply_duration d = parse_duration("P1D");
    comply_date out;
    CU_ASSERT_EQUAL(comply_date_add(mkdate(2024, 5, 1), NULL, &out), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_date_add(mkdate(2024, 5, 1), &d, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_date_sub(mkdate(2024, 5, 1), NULL, &out), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_date_sub(mkdate(2024, 5, 1), &d, NULL), COMPLY_EINVAL);
}

/* =================================================== suite: instants */

static void check_instant_at(const char *text, const char *expected_utc, unsigned line, const char *func)
{
    comply_instant t = { INT64_MIN };
    comply_error err;
    memset(&err, 0, sizeof err);
    comply_status st = comply_instant_parse(text, strlen(text), &t, &err);
    char buf[COMPLY_INSTANT_TEXT_SIZE] = "";
    if (st == COMPLY_OK)
        format_instant(t, buf);
    char msg[300];
    snprintf(msg, sizeof msg, "\"%.80s\" gave %s (status %d, %.100s), expected %.30s", text, buf, (int)st, err.message,
             expected_utc);
    CU_assertImplementation(st == COMPLY_OK && strcmp(buf, expected_utc) == 0, line, msg, __FILE__, func,
                            CU_FALSE);
}
#define CHECK_INSTANT(text, utc) check_instant_at((text), (utc), __LINE__, __func__)

static void check_instant_rejected_at(const char *text, size_t len, comply_status expected, const char *why,
                                      unsigned line, const char *func)
{
    comply_instant t = { 12345 };
    comply_error err;
    memset(&err, 0, sizeof err);
    check_status_at(comply_instant_parse(text, len, &t, &err), expected, text, line, func);
    check_contains_at(err.message, why, text, line, func);
    CU_assertImplementation(t.seconds == 12345, line, "failed parse changed the output", __FILE__, func, CU_FALSE);
}
#define CHECK_INSTANT_REJECTED(text, why) \
    check_instant_rejected_at((text), strlen(text), COMPLY_EPARSE, (why), __LINE__, __func__)

static void instant_parse_converts_offsets_to_utc(void)
{
    CU_ASSERT_EQUAL(parse_instant("1970-01-01T00:00:00Z").seconds, 0);
    CU_ASSERT_EQUAL(parse_instant("2024-05-01T07:30:00Z").seconds, 1714548600);
    CHECK_INSTANT("2024-05-01T09:30:00+02:00", "2024-05-01T07:30:00Z");
    CHECK_INSTANT("2024-05-01T11:30:00.25+02:00", "2024-05-01T09:30:00Z");
    CHECK_INSTANT("2024-05-01T09:30:00Z", "2024-05-01T09:30:00Z");
    CHECK_INSTANT("2024-05-01t09:30:00z", "2024-05-01T09:30:00Z");
    CHECK_INSTANT("2024-05-01 09:30:00Z", "2024-05-01T09:30:00Z");
    CHECK_INSTANT("2024-05-01T09:30:00-00:00", "2024-05-01T09:30:00Z"); /* RFC 3339 §4.3 */
    CHECK_INSTANT("2024-05-01T09:30:00+00:00", "2024-05-01T09:30:00Z");
    CHECK_INSTANT("2024-05-01T09:30:00+05:45", "2024-05-01T03:45:00Z");
    CHECK_INSTANT("2024-05-01T09:30:00-09:30", "2024-05-01T19:00:00Z");
    CHECK_INSTANT("2024-05-01T09:30:00+23:59", "2024-04-30T09:31:00Z");
    CHECK_INSTANT("2024-05-01T09:30:00.123456789012345678901234567890Z", "2024-05-01T09:30:00Z");
    CHECK_INSTANT("2024-05-01T09:30:59.999Z", "2024-05-01T09:30:59Z"); /* dropped, not rounded */
}

static void instant_parse_crosses_midnight_and_year_end(void)
{
    CHECK_INSTANT("2024-05-01T01:00:00+02:00", "2024-04-30T23:00:00Z");
    CHECK_INSTANT("2024-04-30T23:00:00-05:00", "2024-05-01T04:00:00Z");
    CHECK_INSTANT("2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z");
    CHECK_INSTANT("2023-12-31T22:00:00-03:00", "2024-01-01T01:00:00Z");
    CHECK_INSTANT("2024-03-01T00:00:00+01:00", "2024-02-29T23:00:00Z");
    CHECK_INSTANT("2023-03-01T00:00:00+01:00", "2023-02-28T23:00:00Z");
    CHECK_INSTANT("1970-01-01T00:00:00+01:00", "1969-12-31T23:00:00Z");
    CU_ASSERT_EQUAL(parse_instant("1969-12-31T23:59:59Z").seconds, -1);
}

static void instant_parse_accepts_leap_second_as_59(void)
{
    CU_ASSERT_EQUAL(parse_instant("2016-12-31T23:59:60Z").seconds, parse_instant("2016-12-31T23:59:59Z").seconds);
    CHECK_INSTANT("2016-12-31T18:59:60-05:00", "2016-12-31T23:59:59Z");
    CHECK_INSTANT("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:59Z");
    CHECK_INSTANT_REJECTED("2024-05-01T12:00:60Z", "leap second");
    CHECK_INSTANT_REJECTED("2016-12-31T23:59:60+01:00", "leap second");
}

static void instant_parse_limits_are_years_0001_to_9999_in_utc(void)
{
    CU_ASSERT_EQUAL(parse_instant("0001-01-01T00:00:00Z").seconds, INT64_C(-62135596800));
    CU_ASSERT_EQUAL(parse_instant("9999-12-31T23:59:59Z").seconds, INT64_C(253402300799));
    CHECK_INSTANT("0001-01-01T00:30:00-01:00", "0001-01-01T01:30:00Z");
    check_instant_rejected_at("0001-01-01T00:30:00+01:00", 25, COMPLY_ERANGE, "outside years", __LINE__, __func__);
    check_instant_rejected_at("9999-12-31T23:30:00-01:00", 25, COMPLY_ERANGE, "outside years", __LINE__, __func__);
}

static void instant_parse_rejects_malformed_text(void)
{
    CHECK_INSTANT_REJECTED("", "date ends early");
    CHECK_INSTANT_REJECTED("2024-05-01", "expected 'T'");
    CHECK_INSTANT_REJECTED("2024-05-01X09:30:00Z", "expected 'T'");
    CHECK_INSTANT_REJECTED("2024-05-01T", "time ends early");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30Z", "expected ':'");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30", "time ends early");
    CHECK_INSTANT_REJECTED("2024-05-01T9:30:00Z", "expected a digit");
    CHECK_INSTANT_REJECTED("2024-05-01T09-30-00Z", "expected ':'");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00", "expected 'Z' or a +HH:MM");
    CHECK_INSTANT_REJECTED("2024-05-01T24:00:00Z", "hour 24 out of range");
    CHECK_INSTANT_REJECTED("2024-05-01T23:60:00Z", "minute 60 out of range");
    CHECK_INSTANT_REJECTED("2024-05-01T23:59:61Z", "second 61 out of range");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00.Z", "expected a digit after '.'");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00,5Z", "expected 'Z'");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00+0200", "offset must be HH:MM");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00+02", "offset must be HH:MM");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00+2:00", "offset must be HH:MM");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00+24:00", "offset hour 24 out of range");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00+02:60", "offset minute 60 out of range");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00Z ", "unexpected text after");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00ZZ", "unexpected text after");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00 Z", "expected 'Z'");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00UTC", "expected 'Z'");
    CHECK_INSTANT_REJECTED("2024-05-01T09:30:00+02:00[Europe/Paris]", "unexpected text after");
    CHECK_INSTANT_REJECTED("2023-02-29T00:00:00Z", "day 29 does not exist in that month");
    CHECK_INSTANT_REJECTED("2024-13-01T00:00:00Z", "month 13 out of range");
    CHECK_INSTANT_REJECTED("24-05-01T09:30:00Z", "expected a digit");
    CHECK_INSTANT_REJECTED("2024-05-01TT09:30:00Z", "expected a digit");
}

static void instant_parse_rejects_hostile_input(void)
{
    static const char inner_nul[] = "2024-05-01T09:30:00\0Z";
    check_instant_rejected_at(inner_nul, sizeof inner_nul - 1, COMPLY_EPARSE, "expected 'Z'", __LINE__, __func__);
    check_instant_rejected_at("2024-05-01T09:\xc3\xa9:00Z", 21, COMPLY_EPARSE, "expected a digit", __LINE__,
                              __func__);
    check_instant_rejected_at("\xff\xff\xff\xff", 4, COMPLY_EPARSE, "expected a digit", __LINE__, __func__);

    /* a megabyte of fraction digits is valid RFC 3339 and costs one pass */
    char *frac = make_big(MIB, '7', "2024-05-01T09:30:00.");
    frac[MIB - 1] = 'Z';
    comply_instant t;
    CU_ASSERT_EQUAL(comply_instant_parse(frac, MIB, &t, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(t.seconds, parse_instant("2024-05-01T09:30:00Z").seconds);
    free(frac);

    char *junk = make_big(MIB, '+', "2024-05-01T09:30:00Z");
    check_instant_rejected_at(junk, MIB, COMPLY_EPARSE, "unexpected text after", __LINE__, __func__);
    free(junk);

    comply_error err;
    CU_ASSERT_EQUAL(comply_instant_parse(NULL, 20, &t, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(err.code, COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_instant_parse("1970-01-01T00:00:00Z", 20, NULL, &err), COMPLY_EINVAL);
}

static void instant_format_writes_utc_text(void)
{
    char buf[COMPLY_INSTANT_TEXT_SIZE];
    comply_instant epoch = { 0 }, before = { -1 }, min = { INT64_C(-62135596800) }, max = { INT64_C(253402300799) };
    CHECK_TEXT(format_instant(epoch, buf), "1970-01-01T00:00:00Z");
    CHECK_TEXT(format_instant(before, buf), "1969-12-31T23:59:59Z");
    CHECK_TEXT(format_instant(min, buf), "0001-01-01T00:00:00Z");
    CHECK_TEXT(format_instant(max, buf), "9999-12-31T23:59:59Z");
    comply_instant t = { 1714548600 };
    CHECK_TEXT(format_instant(t, buf), "2024-05-01T07:30:00Z");
}

static void instant_format_rejects_out_of_range_and_small_buffer(void)
{
    char buf[64];
    comply_instant low = { INT64_C(-62135596801) }, high = { INT64_C(253402300800) };
    comply_instant huge = { INT64_MAX }, tiny = { INT64_MIN }, ok = { 0 };
    CU_ASSERT_EQUAL(comply_instant_format(low, buf, sizeof buf), COMPLY_ERANGE);
    CHECK_TEXT(buf, "");
    CU_ASSERT_EQUAL(comply_instant_format(high, buf, sizeof buf), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_instant_format(huge, buf, sizeof buf), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_instant_format(tiny, buf, sizeof buf), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_instant_format(ok, buf, COMPLY_INSTANT_TEXT_SIZE - 1), COMPLY_EINVAL);
    CHECK_TEXT(buf, "");
    CU_ASSERT_EQUAL(comply_instant_format(ok, NULL, COMPLY_INSTANT_TEXT_SIZE), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_instant_format(ok, buf, COMPLY_INSTANT_TEXT_SIZE), COMPLY_OK);
}

/* 200001 instants spread over the whole range, negative ones included. */
static void instant_format_then_parse_round_trips_over_whole_range(void)
{
    const int64_t lo = INT64_C(-62135596800), hi = INT64_C(253402300799);
    const int64_t step = (hi - lo) / 200000;
    long mismatches = 0;
    for (int64_t s = lo; s <= hi; s += step) {
        comply_instant t = { s }, back = { 0 };
        char buf[COMPLY_INSTANT_TEXT_SIZE];
        if (comply_instant_format(t, buf, sizeof buf) != COMPLY_OK ||
            comply_instant_parse(buf, strlen(buf), &back, NULL) != COMPLY_OK || back.seconds != s)
            mismatches++;
    }
    CU_ASSERT_EQUAL(mismatches, 0);
}

static void check_instant_add_at(const char *start, const char *duration, const char *expected, unsigned line,
                                 const char *func)
{
    comply_duration d = parse_duration(duration);
    comply_instant out = { INT64_MIN };
    comply_status st = comply_instant_add(parse_instant(start), &d, &out);
    char buf[COMPLY_INSTANT_TEXT_SIZE] = "";
    if (st == COMPLY_OK)
        format_instant(out, buf);
    char msg[300];
    snprintf(msg, sizeof msg, "%s + %s = %s (status %d), expected %s", start, duration, buf, (int)st, expected);
    CU_assertImplementation(st == COMPLY_OK && strcmp(buf, expected) == 0, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_INSTANT_ADD(start, dur, expected) check_instant_add_at((start), (dur), (expected), __LINE__, __func__)

/* GDPR Art. 33(1): notify "not later than 72 hours after having become
 * aware of it": elapsed hours, whatever the offset the clock was read in. */
static void instant_add_pt72h_gives_the_breach_deadline(void)
{
    CHECK_INSTANT_ADD("2024-05-01T09:30:00+02:00", "PT72H", "2024-05-04T07:30:00Z");
    CHECK_INSTANT_ADD("2024-02-28T10:00:00Z", "PT72H", "2024-03-02T10:00:00Z");
    CHECK_INSTANT_ADD("2023-02-28T10:00:00Z", "PT72H", "2023-03-03T10:00:00Z");
    CHECK_INSTANT_ADD("2023-12-30T23:59:59Z", "PT72H", "2024-01-02T23:59:59Z");
    /* across the Paris spring-forward: 72 h is still 259200 s */
    comply_duration d = parse_duration("PT72H");
    comply_instant start = parse_instant("2021-03-27T12:00:00+01:00"), out;
    CU_ASSERT_EQUAL(comply_instant_add(start, &d, &out), COMPLY_OK);
    CU_ASSERT_EQUAL(out.seconds - start.seconds, 259200);
    CU_ASSERT_EQUAL(out.seconds, parse_instant("2021-03-30T13:00:00+02:00").seconds);
}

static void instant_add_elapsed_and_calendar_parts(void)
{
    CHECK_INSTANT_ADD("2024-05-01T09:30:00Z", "P1D", "2024-05-02T09:30:00Z");
    CHECK_INSTANT_ADD("2024-05-01T09:30:00Z", "P1W", "2024-05-08T09:30:00Z");
    CHECK_INSTANT_ADD("2024-05-01T09:30:00Z", "PT1H1M1S", "2024-05-01T10:31:01Z");
    CHECK_INSTANT_ADD("2024-05-01T09:30:00Z", "PT86400S", "2024-05-02T09:30:00Z");
    CHECK_INSTANT_ADD("2024-05-01T09:30:00Z", "PT1440M", "2024-05-02T09:30:00Z");
    CHECK_INSTANT_ADD("2024-05-01T09:30:00Z", "P0D", "2024-05-01T09:30:00Z");
    CHECK_INSTANT_ADD("2021-01-31T12:00:00Z", "P1M", "2021-02-28T12:00:00Z");
    CHECK_INSTANT_ADD("2021-01-31T12:00:00Z", "P1MT1H", "2021-02-28T13:00:00Z");
    CHECK_INSTANT_ADD("2021-01-31T12:00:00Z", "P1M1D", "2021-03-01T12:00:00Z"); /* months first */
    CHECK_INSTANT_ADD("2021-01-31T23:00:00Z", "P1MT2H", "2021-03-01T01:00:00Z");
    CHECK_INSTANT_ADD("2020-02-29T23:59:59Z", "P1Y", "2021-02-28T23:59:59Z");
    CHECK_INSTANT_ADD("2000-02-29T06:00:00Z", "P1Y1M", "2001-03-29T06:00:00Z");
    CHECK_INSTANT_ADD("2024-05-01T09:30:00+02:00", "P13M", "2025-06-01T07:30:00Z");
    CHECK_INSTANT_ADD("1969-12-31T23:00:00Z", "PT2H", "1970-01-01T01:00:00Z");
    CHECK_INSTANT_ADD("1960-01-31T06:00:00Z", "P1M", "1960-02-29T06:00:00Z");
    CHECK_INSTANT_ADD("0001-01-01T00:00:00Z", "P9998Y11M30DT23H59M59S", "9999-12-31T23:59:59Z");
}

static void instant_add_outside_range_is_erange(void)
{
    comply_instant out = { 42 };
    comply_duration s1 = parse_duration("PT1S"), m1 = parse_duration("P1M");
    comply_duration max = parse_duration("P4294967295Y4294967295M4294967295W4294967295DT4294967295H"
                                         "4294967295M4294967295S");
    comply_duration max_time = parse_duration("P4294967295W4294967295DT4294967295H4294967295M4294967295S");
    CU_ASSERT_EQUAL(comply_instant_add(parse_instant("9999-12-31T23:59:59Z"), &s1, &out), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_instant_add(parse_instant("9999-12-01T00:00:00Z"), &m1, &out), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_instant_add(parse_instant("0001-01-01T00:00:00Z"), &max, &out), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_instant_add(parse_instant("0001-01-01T00:00:00Z"), &max_time, &out), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(out.seconds, 42);
    CU_ASSERT_EQUAL(comply_instant_add(parse_instant("9999-12-31T23:59:58Z"), &s1, &out), COMPLY_OK);
    CU_ASSERT_EQUAL(out.seconds, INT64_C(253402300799));
}

static void instant_add_rejects_null_and_out_of_range_start(void)
{
    comply_duration d = parse_duration("PT1S");
    comply_instant out = { 42 }, start = { 0 }, bad_hi = { INT64_MAX }, bad_lo = { INT64_MIN };
    CU_ASSERT_EQUAL(comply_instant_add(start, NULL, &out), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_instant_add(start, &d, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_instant_add(bad_hi, &d, &out), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_instant_add(bad_lo, &d, &out), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(out.seconds, 42);
}

/* ================================================================ main */


static const test_entry validity_tests[] = {
    TEST(date_is_valid_follows_gregorian_leap_years),
    TEST(date_is_valid_knows_every_month_length),
    TEST(date_is_valid_rejects_fields_out_of_range),
    TEST(date_compare_orders_by_year_then_month_then_day),
    { NULL, NULL },
};

static const test_entry day_count_tests[] = {
    TEST(date_to_days_matches_known_anchors),
    TEST(date_to_days_of_invalid_date_is_int64_min),
    TEST(date_days_round_trip_over_400_years_matches_month_by_month_count),
    TEST(date_days_round_trip_over_whole_range),
    TEST(date_days_repeat_every_400_years),
    TEST(date_from_days_outside_range_is_erange),
    TEST(date_weekday_of_known_dates),
    TEST(date_weekday_of_invalid_date_is_zero),
    TEST(date_weekday_advances_by_one_every_day_for_400_years),
    { NULL, NULL },
};

static const test_entry date_text_tests[] = {
    TEST(date_parse_accepts_iso_calendar_dates),
    TEST(date_parse_reads_only_len_bytes),
    TEST(date_parse_rejects_impossible_dates_with_reason),
    TEST(date_parse_messages_never_echo_the_date),
    TEST(date_parse_rejects_malformed_text),
    TEST(date_parse_rejects_hostile_input),
    TEST(date_parse_any_accepts_iso_and_french_forms),
    TEST(date_parse_any_rejects_bad_day_first_dates),
    TEST(date_parse_any_rejects_hostile_input),
    TEST(date_format_writes_iso_text),
    TEST(date_format_rejects_invalid_date_and_small_buffer),
    TEST(date_format_then_parse_round_trips_for_a_leap_year),
    { NULL, NULL },
};

static const test_entry duration_tests[] = {
    TEST(duration_parse_accepts_the_grammar),
    TEST(duration_parse_rejects_with_reason_and_zeroed_output),
    TEST(duration_parse_points_at_the_offending_byte),
    TEST(duration_parse_null_arguments_are_einval),
    TEST(duration_parse_survives_megabyte_inputs),
    TEST(duration_format_writes_canonical_upper_case),
    TEST(duration_format_then_parse_round_trips),
    TEST(duration_format_rejects_small_buffer_and_null),
    TEST(duration_has_time_only_for_hours_minutes_seconds),
    { NULL, NULL },
};

static const test_entry arithmetic_tests[] = {
    TEST(date_add_matches_the_verified_examples),
    TEST(date_add_p1m_on_31_jan_gives_month_end),
    TEST(date_add_months_clamps_to_every_month_end),
    TEST(date_add_combines_years_and_months_in_one_step),
    TEST(date_add_weeks_and_days_count_days),
    TEST(date_add_chained_steps_differ_from_one_step),
    TEST(date_sub_negates_months_then_days),
    TEST(date_sub_is_not_an_exact_inverse_of_add),
    TEST(date_add_past_9999_12_31_is_erange),
    TEST(date_sub_before_0001_01_01_is_erange),
    TEST(date_add_rejects_time_parts_and_invalid_dates),
    { NULL, NULL },
};

static const test_entry instant_tests[] = {
    TEST(instant_parse_converts_offsets_to_utc),
    TEST(instant_parse_crosses_midnight_and_year_end),
    TEST(instant_parse_accepts_leap_second_as_59),
    TEST(instant_parse_limits_are_years_0001_to_9999_in_utc),
    TEST(instant_parse_rejects_malformed_text),
    TEST(instant_parse_rejects_hostile_input),
    TEST(instant_format_writes_utc_text),
    TEST(instant_format_rejects_out_of_range_and_small_buffer),
    TEST(instant_format_then_parse_round_trips_over_whole_range),
    TEST(instant_add_pt72h_gives_the_breach_deadline),
    TEST(instant_add_elapsed_and_calendar_parts),
    TEST(instant_add_outside_range_is_erange),
    TEST(instant_add_rejects_null_and_out_of_range_start),
    { NULL, NULL },
};

static const test_suite suites[] = {
    { "calendar: validity", validity_tests, NULL, NULL },
    { "calendar: day counts and weekdays", day_count_tests, NULL, NULL },
    { "calendar: date text", date_text_tests, NULL, NULL },
    { "calendar: durations", duration_tests, NULL, NULL },
    { "calendar: date arithmetic", arithmetic_tests, NULL, NULL },
    { "calendar: instants", instant_tests, NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

int main(void)
{
    return tu_run_suites(suites);
}
