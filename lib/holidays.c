/*
 * holidays.c - Easter, French public holidays, working days and the
 * deadline to answer a data subject's request (GDPR Art. 12(3)).
 *
 * Public holidays are those of Code du travail art. L3133-1 (metropolitan
 * France): 1 January, Easter Monday, 1 May, 8 May, Ascension Day, Whit
 * Monday, 14 July, 15 August, 1 November, 11 November, 25 December.
 * Whit Monday stays a public holiday: since law 2004-626 (30 June 2004) and
 * law 2008-351 (16 April 2008) it may be the "journée de solidarité" worked
 * without pay, but L3133-1 still lists it. 8 May was a public holiday from
 * law 53-225 (20 March 1953) until decree 59-533 (11 April 1959), and again
 * from law 81-893 (2 October 1981) on, i.e. from 1982. The other entries are
 * applied to every year; before 1982 that is not a historical claim.
 * Left out: Good Friday and 26 December (Alsace-Moselle only, C. trav.
 * L3134-13), the abolition-of-slavery days of the overseas departments
 * (law 83-550) and other local days. Easter-dependent days exist from 1583
 * on (the Gregorian computus; see comply_easter_sunday).
 *
 * Deadlines follow Regulation (EEC, Euratom) No 1182/71 of 3 June 1971
 * determining the rules applicable to periods, dates and time limits
 * (OJ L 124, 8.6.1971, p. 1), to which the EDPB refers for the Art. 12(3)
 * time limit (Guidelines 01/2022 on the right of access, v2.0):
 *  - art. 3(1), second subparagraph: the day of the event (receipt) does
 *    not count; the period starts the next day;
 *  - art. 3(2)(c): a period in months ends with the expiry of the day of
 *    the last month that falls on the same date as the day the period runs
 *    from (the day of receipt); if that date does not occur in the last
 *    month, with the expiry of that month's last day;
 *  - art. 3(4): if the last day is a public holiday, a Saturday or a
 *    Sunday, the period ends with the expiry of the following working day.
 * So a request received on 15 January is due by the end of 15 February; one
 * received on 31 January by the end of February (or the next working day).
 */
#include <string.h>

#include "internal.h"

#define EASTER_YEAR_MIN 1583 /* first full year of the Gregorian calendar */
#define EASTER_YEAR_MAX 9999

/* Anonymous Gregorian algorithm ("Meeus/Jones/Butcher"), as given in
 * J. Meeus, Astronomical Algorithms (2nd ed., 1998), chapter 8, "Date of
 * Easter": valid for every Gregorian year. Integer maths only. */
comply_status comply_easter_sunday(int year, comply_date *out)
{
    if (!out)
        return COMPLY_EINVAL;
    out->year = out->month = out->day = 0;
    if (year < EASTER_YEAR_MIN || year > EASTER_YEAR_MAX)
        return COMPLY_ERANGE;
    const int a = year % 19;
    const int b = year / 100, c = year % 100;
    const int d = b / 4, e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    out->year = year;
    out->month = month;
    out->day = day;
    return COMPLY_OK;
}

typedef struct holiday_name {
    const char *en, *fr;
} holiday_name;

enum {
    HOL_NEW_YEAR,
    HOL_EASTER_MONDAY,
    HOL_LABOUR_DAY,
    HOL_VICTORY_1945,
    HOL_ASCENSION,
    HOL_WHIT_MONDAY,
    HOL_NATIONAL_DAY,
    HOL_ASSUMPTION,
    HOL_ALL_SAINTS,
    HOL_ARMISTICE_1918,
    HOL_CHRISTMAS,
    HOL_NONE
};

static const holiday_name holiday_names[HOL_NONE] = {
    { "New Year's Day", "Jour de l'an" },
    { "Easter Monday", "Lundi de Pâques" },
    { "Labour Day", "Fête du Travail" },
    { "Victory in Europe Day", "Victoire 1945" },
    { "Ascension Day", "Ascension" },
    { "Whit Monday", "Lundi de Pentecôte" },
    { "National Day", "Fête nationale" },
    { "Assumption Day", "Assomption" },
    { "All Saints' Day", "Toussaint" },
    { "Armistice Day", "Armistice 1918" },
    { "Christmas Day", "Noël" },
};

static int holiday_fixed(comply_date date)
{
    static const struct {
        int month, day, which;
    } fixed[] = { { 1, 1, HOL_NEW_YEAR },        { 5, 1, HOL_LABOUR_DAY }, { 5, 8, HOL_VICTORY_1945 },
                  { 7, 14, HOL_NATIONAL_DAY },   { 8, 15, HOL_ASSUMPTION }, { 11, 1, HOL_ALL_SAINTS },
                  { 11, 11, HOL_ARMISTICE_1918 }, { 12, 25, HOL_CHRISTMAS } };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (fixed[i].month != date.month || fixed[i].day != date.day)
            continue;
        /* 8 May: law 53-225 (1953) to decree 59-533 (1959), then law 81-893 from 1982 */
        if (fixed[i].which == HOL_VICTORY_1945 && !((date.year >= 1953 && date.year <= 1958) || date.year >= 1982))
            return HOL_NONE;
        return fixed[i].which;
    }
    return HOL_NONE;
}

/* Easter Monday (+1), Ascension (+39), Whit Monday (+50). */
static int holiday_movable(comply_date date)
{
    if (date.month < 3 || date.month > 6)
        return HOL_NONE;
    comply_date easter;
    if (comply_easter_sunday(date.year, &easter) != COMPLY_OK)
        return HOL_NONE;
    const int64_t offset = comply_date_to_days(date) - comply_date_to_days(easter);
    if (offset == 1)
        return HOL_EASTER_MONDAY;
    if (offset == 39)
        return HOL_ASCENSION;
    if (offset == 50)
        return HOL_WHIT_MONDAY;
    return HOL_NONE;
}

static int holiday_of(comply_date date)
{
    if (!comply_date_is_valid(date))
        return HOL_NONE;
    const int which = holiday_fixed(date);
    return which != HOL_NONE ? which : holiday_movable(date);
}

int comply_date_is_holiday_fr(comply_date date)
{
    return holiday_of(date) != HOL_NONE;
}

const char *comply_holiday_fr_name(comply_date date, const char *lang)
{
    const int which = holiday_of(date);
    if (which == HOL_NONE)
        return NULL;
    return lang && strcmp(lang, "fr") == 0 ? holiday_names[which].fr : holiday_names[which].en;
}

int comply_date_is_working_day_fr(comply_date date)
{
    const int weekday = comply_date_weekday(date);
    return weekday >= 1 && weekday <= 5 && !comply_date_is_holiday_fr(date);
}

/* Reg. 1182/71 art. 3(4): the following working day. At most a weekend and
 * two holidays in a row, so the loop is short; it stops at 9999-12-31. */
comply_status comply_next_working_day_fr(comply_date date, comply_date *out)
{
    if (!out)
        return COMPLY_EINVAL;
    out->year = out->month = out->day = 0;
    if (!comply_date_is_valid(date))
        return COMPLY_EINVAL;
    int64_t days = comply_date_to_days(date);
    comply_date d = date;
    while (!comply_date_is_working_day_fr(d)) {
        if (comply_date_from_days(++days, &d) != COMPLY_OK)
            return COMPLY_ERANGE;
    }
    *out = d;
    return COMPLY_OK;
}

comply_status comply_rights_deadline(comply_date received, int extended, comply_date *due)
{
    if (!due)
        return COMPLY_EINVAL;
    due->year = due->month = due->day = 0;
    if (!comply_date_is_valid(received))
        return COMPLY_EINVAL;
    /* Art. 12(3): one month, "extended by two further months": three months
     * from receipt, each end computed by art. 3(2)(c), which is what
     * comply_date_add does with months (same date, else the month's end). */
    comply_duration period;
    memset(&period, 0, sizeof period);
    period.months = extended ? 3 : 1;
    comply_date nominal;
    comply_status st = comply_date_add(received, &period, &nominal);
    if (st != COMPLY_OK)
        return st == COMPLY_ERANGE ? COMPLY_ERANGE : COMPLY_EINVAL;
    return comply_next_working_day_fr(nominal, due);
}
