/*
 * test_rights.c - CUnit tests for lib/holidays.c: Easter, French public
 * holidays, working days and the GDPR Art. 12(3) deadline.
 *
 * The sweep computes every expected deadline of 2020..2035 on its own:
 * its own month lengths and next-day step, Sakamoto's weekday method, and
 * the holidays listed in tests/data/holidays_fr.txt (made with another
 * Easter algorithm, see its header). Nothing of the library under test is
 * used to build the expectation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "comply.h"
#include "runner.h"

#ifndef TEST_DATA_DIR
#define TEST_DATA_DIR "tests/data"
#endif

#define SWEEP_FIRST_YEAR 2020
#define SWEEP_LAST_YEAR 2035
#define MAX_HOLIDAYS 512

static comply_date mkdate(int year, int month, int day)
{
    comply_date d = { year, month, day };
    return d;
}

static void check_date_at(comply_status st, comply_date got, int y, int m, int d, const char *what, unsigned line,
                          const char *func)
{
    char msg[200];
    snprintf(msg, sizeof msg, "%s: status %d, got %04d-%02d-%02d, expected %04d-%02d-%02d", what, (int)st,
             got.year, got.month, got.day, y, m, d);
    CU_assertImplementation(st == COMPLY_OK && got.year == y && got.month == m && got.day == d, line, msg,
                            __FILE__, func, CU_FALSE);
}
#define CHECK_DATE(st, got, y, m, d, what) check_date_at((st), (got), (y), (m), (d), (what), __LINE__, __func__)

static int is_zero_date(comply_date d)
{
    return d.year == 0 && d.month == 0 && d.day == 0;
}

/* ------------------------------------------- the independent calendar */

static int ref_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int ref_month_days(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && ref_leap(y) ? 29 : days[m - 1];
}

static comply_date ref_next_day(comply_date d)
{
    if (++d.day > ref_month_days(d.year, d.month)) {
        d.day = 1;
        if (++d.month > 12) {
            d.month = 1;
            d.year++;
        }
    }
    return d;
}

/* Tomohiko Sakamoto's method: 0 = Sunday .. 6 = Saturday. */
static int ref_weekday(comply_date d)
{
    static const int t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
    int y = d.year - (d.month < 3);
    return (y + y / 4 - y / 100 + y / 400 + t[d.month - 1] + d.day) % 7;
}

static long ref_key(comply_date d)
{
    return (long)d.year * 10000 + d.month * 100 + d.day;
}

static long ref_holidays[MAX_HOLIDAYS];
static size_t ref_n_holidays;

static int ref_load_holidays(void)
{
    FILE *f = fopen(TEST_DATA_DIR "/holidays_fr.txt", "r");
    if (!f)
        return -1;
    char line[256];
    ref_n_holidays = 0;
    while (fgets(line, sizeof line, f)) {
        int y, m, d;
        if (line[0] == '#' || sscanf(line, "%4d-%2d-%2d", &y, &m, &d) != 3)
            continue;
        if (ref_n_holidays == MAX_HOLIDAYS) {
            fclose(f);
            return -1;
        }
        ref_holidays[ref_n_holidays++] = (long)y * 10000 + m * 100 + d;
    }
    fclose(f);
    return ref_n_holidays > 0 ? 0 : -1;
}

static int ref_is_holiday(comply_date d)
{
    const long k = ref_key(d);
    for (size_t i = 0; i < ref_n_holidays; i++)
        if (ref_holidays[i] == k)
            return 1;
    return 0;
}

static comply_date ref_deadline(comply_date received, int months)
{
    int m = received.month + months, y = received.year;
    while (m > 12) {
        m -= 12;
        y++;
    }
    comply_date d = mkdate(y, m, received.day);
    if (d.day > ref_month_days(y, m))
        d.day = ref_month_days(y, m);
    while (ref_weekday(d) == 0 || ref_weekday(d) == 6 || ref_is_holiday(d))
        d = ref_next_day(d);
    return d;
}

/* ------------------------------------------------------------ Easter */

static void easter_known_dates(void)
{
    static const int known[][3] = {
        { 2024, 3, 31 }, { 2025, 4, 20 }, { 2026, 4, 5 },  { 2038, 4, 25 }, { 2285, 3, 22 },
        { 1943, 4, 25 }, { 2011, 4, 24 }, { 1818, 3, 22 }, { 2000, 4, 23 }, { 1583, 4, 10 },
        { 1954, 4, 18 }, { 1981, 4, 19 }, { 2008, 3, 23 }, { 2019, 4, 21 },
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        comply_date e;
        char what[32];
        snprintf(what, sizeof what, "Easter %d", known[i][0]);
        comply_status st = comply_easter_sunday(known[i][0], &e);
        CHECK_DATE(st, e, known[i][0], known[i][1], known[i][2], what);
    }
}

/* Every Easter Monday of the table is Easter + 1 under the library too. */
static void easter_agrees_with_the_table(void)
{
    CU_ASSERT_FATAL(ref_load_holidays() == 0);
    for (int y = 2019; y <= 2037; y++) {
        comply_date e, monday;
        CU_ASSERT_EQUAL_FATAL(comply_easter_sunday(y, &e), COMPLY_OK);
        monday = ref_next_day(e);
        CU_ASSERT(ref_weekday(e) == 0);
        CU_ASSERT(ref_is_holiday(monday));
    }
}

static void easter_every_year_is_a_sunday_in_march_or_april(void)
{
    for (int y = 1583; y <= 9999; y++) {
        comply_date e;
        if (comply_easter_sunday(y, &e) != COMPLY_OK || ref_weekday(e) != 0 ||
            comply_date_compare(e, mkdate(y, 3, 22)) < 0 || comply_date_compare(e, mkdate(y, 4, 25)) > 0) {
            CU_FAIL("Easter outside 22 March..25 April or not a Sunday");
            return;
        }
    }
}

static void easter_rejects_years_outside_the_range(void)
{
    comply_date e = mkdate(1, 1, 1);
    CU_ASSERT_EQUAL(comply_easter_sunday(1582, &e), COMPLY_ERANGE);
    CU_ASSERT(is_zero_date(e));
    e = mkdate(1, 1, 1);
    CU_ASSERT_EQUAL(comply_easter_sunday(10000, &e), COMPLY_ERANGE);
    CU_ASSERT(is_zero_date(e));
    CU_ASSERT_EQUAL(comply_easter_sunday(-5, &e), COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_easter_sunday(2024, NULL), COMPLY_EINVAL);
}

/* ---------------------------------------------------------- holidays */

static void holidays_match_the_table_every_day(void)
{
    CU_ASSERT_FATAL(ref_load_holidays() == 0);
    size_t mismatches = 0, found = 0;
    for (comply_date d = mkdate(2019, 1, 1); d.year <= 2037; d = ref_next_day(d)) {
        const int lib = comply_date_is_holiday_fr(d) != 0;
        if (lib != ref_is_holiday(d))
            mismatches++;
        found += (size_t)lib;
        const int working = ref_weekday(d) != 0 && ref_weekday(d) != 6 && !ref_is_holiday(d);
        if ((comply_date_is_working_day_fr(d) != 0) != working)
            mismatches++;
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_EQUAL(found, ref_n_holidays);
}

static void holidays_have_names_in_two_languages(void)
{
    CU_ASSERT_STRING_EQUAL(comply_holiday_fr_name(mkdate(2026, 5, 25), "en"), "Whit Monday");
    CU_ASSERT_STRING_EQUAL(comply_holiday_fr_name(mkdate(2026, 5, 25), "fr"), "Lundi de Pentecôte");
    CU_ASSERT_STRING_EQUAL(comply_holiday_fr_name(mkdate(2025, 4, 21), NULL), "Easter Monday");
    CU_ASSERT_STRING_EQUAL(comply_holiday_fr_name(mkdate(2025, 5, 29), "de"), "Ascension Day");
    CU_ASSERT_STRING_EQUAL(comply_holiday_fr_name(mkdate(2025, 7, 14), "fr"), "Fête nationale");
    CU_ASSERT_STRING_EQUAL(comply_holiday_fr_name(mkdate(2025, 12, 25), "en"), "Christmas Day");
    CU_ASSERT_PTR_NULL(comply_holiday_fr_name(mkdate(2025, 12, 26), "en"));
    CU_ASSERT_PTR_NULL(comply_holiday_fr_name(mkdate(2025, 4, 18), "en")); /* Good Friday: Alsace-Moselle only */
    CU_ASSERT_PTR_NULL(comply_holiday_fr_name(mkdate(2025, 2, 30), "en"));
}

static void victory_day_follows_its_laws(void)
{
    CU_ASSERT_FALSE(comply_date_is_holiday_fr(mkdate(1981, 5, 8)));
    CU_ASSERT_TRUE(comply_date_is_holiday_fr(mkdate(1982, 5, 8)));
    CU_ASSERT_TRUE(comply_date_is_holiday_fr(mkdate(1955, 5, 8)));
    CU_ASSERT_FALSE(comply_date_is_holiday_fr(mkdate(1960, 5, 8)));
    CU_ASSERT_FALSE(comply_date_is_holiday_fr(mkdate(1950, 5, 8)));
}

static void whit_monday_stays_a_holiday_in_solidarity_years(void)
{
    /* 2005: the first "journée de solidarité" (law 2004-626) */
    CU_ASSERT_TRUE(comply_date_is_holiday_fr(mkdate(2005, 5, 16)));
    CU_ASSERT_FALSE(comply_date_is_working_day_fr(mkdate(2005, 5, 16)));
}

static void invalid_dates_are_neither_holidays_nor_working_days(void)
{
    CU_ASSERT_FALSE(comply_date_is_holiday_fr(mkdate(0, 0, 0)));
    CU_ASSERT_FALSE(comply_date_is_working_day_fr(mkdate(0, 0, 0)));
    CU_ASSERT_FALSE(comply_date_is_working_day_fr(mkdate(2023, 2, 29)));
    CU_ASSERT_FALSE(comply_date_is_holiday_fr(mkdate(10000, 1, 1)));
    /* before 1583 only the fixed dates */
    CU_ASSERT_TRUE(comply_date_is_holiday_fr(mkdate(1500, 12, 25)));
}

static void next_working_day_skips_weekends_and_holidays(void)
{
    comply_date d;
    /* Saturday 2026-04-04, Easter Sunday, Easter Monday, then Tuesday */
    CHECK_DATE(comply_next_working_day_fr(mkdate(2026, 4, 4), &d), d, 2026, 4, 7, "Easter weekend");
    CHECK_DATE(comply_next_working_day_fr(mkdate(2026, 4, 8), &d), d, 2026, 4, 8, "a working day stays");
    d = mkdate(1, 1, 1);
    CU_ASSERT_EQUAL(comply_next_working_day_fr(mkdate(2026, 2, 30), &d), COMPLY_EINVAL);
    CU_ASSERT(is_zero_date(d));
    CU_ASSERT_EQUAL(comply_next_working_day_fr(mkdate(2026, 2, 3), NULL), COMPLY_EINVAL);
    /* 9999-12-31 is a Friday: the last working day there is */
    CHECK_DATE(comply_next_working_day_fr(mkdate(9999, 12, 25), &d), d, 9999, 12, 27, "year 9999");
}

/* ---------------------------------------------------------- deadlines */

static void deadline_same_date_next_month(void)
{
    comply_date d;
    /* Thursday 2026-01-15 -> Sunday 2026-02-15 -> Monday 16 */
    CHECK_DATE(comply_rights_deadline(mkdate(2026, 1, 15), 0, &d), d, 2026, 2, 16, "15 Jan 2026");
    /* Tuesday 2026-03-10 -> Friday 2026-04-10, unmoved */
    CHECK_DATE(comply_rights_deadline(mkdate(2026, 3, 10), 0, &d), d, 2026, 4, 10, "10 Mar 2026");
}

static void deadline_month_end_then_weekend(void)
{
    comply_date d;
    /* 2026-02-28 is a Saturday */
    CHECK_DATE(comply_rights_deadline(mkdate(2026, 1, 31), 0, &d), d, 2026, 3, 2, "31 Jan 2026");
    CHECK_DATE(comply_rights_deadline(mkdate(2024, 1, 31), 0, &d), d, 2024, 2, 29, "31 Jan 2024 (leap)");
    CHECK_DATE(comply_rights_deadline(mkdate(2025, 1, 29), 0, &d), d, 2025, 2, 28, "29 Jan 2025");
}

static void deadline_moves_past_holidays(void)
{
    comply_date d;
    /* 2025-04-21 Easter Monday */
    CHECK_DATE(comply_rights_deadline(mkdate(2025, 3, 21), 0, &d), d, 2025, 4, 22, "Easter Monday 2025");
    /* 2026-05-25 Whit Monday */
    CHECK_DATE(comply_rights_deadline(mkdate(2026, 4, 25), 0, &d), d, 2026, 5, 26, "Whit Monday 2026");
    /* 2027-05-08 is a Saturday, Sunday 9 -> Monday 10 */
    CHECK_DATE(comply_rights_deadline(mkdate(2027, 4, 8), 0, &d), d, 2027, 5, 10, "8 May 2027");
    /* 2026-12-25 Friday -> Monday 28 */
    CHECK_DATE(comply_rights_deadline(mkdate(2026, 11, 25), 0, &d), d, 2026, 12, 28, "Christmas 2026");
}

static void deadline_extended_is_three_months_from_receipt(void)
{
    comply_date d;
    /* 2026-02-28 Saturday -> Monday 2 March */
    CHECK_DATE(comply_rights_deadline(mkdate(2025, 11, 30), 1, &d), d, 2026, 3, 2, "30 Nov 2025 extended");
    /* three months from 31 Jan is 30 Apr, not 28 Feb + 2 months */
    CHECK_DATE(comply_rights_deadline(mkdate(2025, 1, 31), 5, &d), d, 2025, 4, 30, "31 Jan 2025 extended");
}

static void deadline_rejects_bad_input(void)
{
    comply_date d = mkdate(1, 1, 1);
    CU_ASSERT_EQUAL(comply_rights_deadline(mkdate(2023, 2, 29), 0, &d), COMPLY_EINVAL);
    CU_ASSERT(is_zero_date(d));
    d = mkdate(1, 1, 1);
    CU_ASSERT_EQUAL(comply_rights_deadline(mkdate(0, 0, 0), 0, &d), COMPLY_EINVAL);
    CU_ASSERT(is_zero_date(d));
    CU_ASSERT_EQUAL(comply_rights_deadline(mkdate(2024, 1, 1), 0, NULL), COMPLY_EINVAL);
    d = mkdate(1, 1, 1);
    CU_ASSERT_EQUAL(comply_rights_deadline(mkdate(9999, 12, 1), 0, &d), COMPLY_ERANGE);
    CU_ASSERT(is_zero_date(d));
    d = mkdate(1, 1, 1);
    CU_ASSERT_EQUAL(comply_rights_deadline(mkdate(9999, 10, 1), 1, &d), COMPLY_ERANGE);
    CU_ASSERT(is_zero_date(d));
    CHECK_DATE(comply_rights_deadline(mkdate(9999, 11, 30), 0, &d), d, 9999, 12, 30, "30 Nov 9999");
}

/* Every day of 2020..2035, both periods, against the independent table. */
static void deadline_sweep_matches_the_table(void)
{
    CU_ASSERT_FATAL(ref_load_holidays() == 0);
    size_t checked = 0, wrong = 0;
    char first[120] = "";
    for (comply_date r = mkdate(SWEEP_FIRST_YEAR, 1, 1); r.year <= SWEEP_LAST_YEAR; r = ref_next_day(r)) {
        for (int extended = 0; extended <= 1; extended++) {
            const comply_date want = ref_deadline(r, extended ? 3 : 1);
            comply_date got;
            const comply_status st = comply_rights_deadline(r, extended, &got);
            checked++;
            if (st != COMPLY_OK || ref_key(got) != ref_key(want)) {
                if (!wrong++)
                    snprintf(first, sizeof first, "%04d-%02d-%02d%s: got %ld, expected %ld", r.year, r.month,
                             r.day, extended ? " extended" : "", ref_key(got), ref_key(want));
            }
        }
    }
    CU_ASSERT_EQUAL(checked, 2 * 5844); /* 16 years, 4 of them leap */
    if (wrong)
        CU_FAIL(first);
    CU_ASSERT_EQUAL(wrong, 0);
}

static const test_entry easter_tests[] = {
    TEST(easter_known_dates),
    TEST(easter_agrees_with_the_table),
    TEST(easter_every_year_is_a_sunday_in_march_or_april),
    TEST(easter_rejects_years_outside_the_range),
    { NULL, NULL },
};

static const test_entry holiday_tests[] = {
    TEST(holidays_match_the_table_every_day),
    TEST(holidays_have_names_in_two_languages),
    TEST(victory_day_follows_its_laws),
    TEST(whit_monday_stays_a_holiday_in_solidarity_years),
    TEST(invalid_dates_are_neither_holidays_nor_working_days),
    TEST(next_working_day_skips_weekends_and_holidays),
    { NULL, NULL },
};

static const test_entry deadline_tests[] = {
    TEST(deadline_same_date_next_month),
    TEST(deadline_month_end_then_weekend),
    TEST(deadline_moves_past_holidays),
    TEST(deadline_extended_is_three_months_from_receipt),
    TEST(deadline_rejects_bad_input),
    TEST(deadline_sweep_matches_the_table),
    { NULL, NULL },
};

static const test_suite suites[] = {
    { "easter", easter_tests, NULL, NULL },
    { "holidays_fr", holiday_tests, NULL, NULL },
    { "rights_deadline", deadline_tests, NULL, NULL },
    { NULL, NULL, NULL, NULL },
};

int main(void)
{
    return tu_run_suites(suites);
}
