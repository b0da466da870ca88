/*
 * calendar.c - calendar dates, ISO 8601 durations and UTC instants.
 *
 * Everything here is integer arithmetic on a proleptic Gregorian calendar,
 * years 0001..9999 (ISO 8601-1:2019 calendar dates and durations). No
 * mktime/timegm/localtime, no TZ, no locale, no <ctype.h>, no strtol:
 * glibc's struct tm normalisation rolls 31 Jan + 1 month over to
 * 3 March, which is not what the law or any date library means (see
 * shared/reference/retention-and-law.md §3.2), and locale or time-zone state
 * would make the answers depend on the process.
 *
 * Day counts use Howard Hinnant's days_from_civil / civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms", public domain,
 * https://howardhinnant.github.io/date_algorithms.html): eras of 400 years
 * (146097 days) starting on 1 March, so that the leap day is the last day of
 * the computational year.
 */
#include <string.h>

#include "internal.h"

#define CALENDAR_YEAR_MIN 1
#define CALENDAR_YEAR_MAX 9999
/* comply_date_to_days() of 0001-01-01 and of 9999-12-31. */
#define CALENDAR_DAYS_MIN INT64_C(-719162)
#define CALENDAR_DAYS_MAX INT64_C(2932896)
#define CALENDAR_SECONDS_PER_DAY INT64_C(86400)
/* First and last second of the supported range, as seconds since the epoch. */
#define CALENDAR_INSTANT_MIN (CALENDAR_DAYS_MIN * CALENDAR_SECONDS_PER_DAY)
#define CALENDAR_INSTANT_MAX ((CALENDAR_DAYS_MAX + 1) * CALENDAR_SECONDS_PER_DAY - 1)
/* Month indexes (12 * year + month - 1) of 0001-01 and 9999-12. */
#define CALENDAR_MONTH_INDEX_MIN (INT64_C(12) * CALENDAR_YEAR_MIN)
#define CALENDAR_MONTH_INDEX_MAX (INT64_C(12) * CALENDAR_YEAR_MAX + 11)

/* ------------------------------------------------------------ errors */

/* Every parse error here is about the caller's text: the place is line 1,
 * at a byte offset. Each parser stops at the first byte it does not accept,
 * and every byte before it was ASCII, so the column is offset + 1. */
static comply_status calendar_fail(comply_error *err, comply_status code, size_t offset, const char *fmt,
                                   ...) COMPLY__PRINTF(4, 5);

static comply_status calendar_fail(comply_error *err, comply_status code, size_t offset, const char *fmt,
                                   ...)
{
    va_list ap;
    va_start(ap, fmt);
    comply__error_vset(err, code, fmt, ap);
    va_end(ap);
    comply__error_place(err, "", 1, (unsigned long)offset + 1, offset, "");
    return code;
}

/* ------------------------------------------------------- day counts */

/* Hinnant's days_from_civil: days since 1970-01-01 of y-m-d. The year is
 * shifted to start on 1 March so that February's length only matters at
 * the end of the computational year; the era is floored for negative
 * years. Needs 1 <= m <= 12, 1 <= d <= 31. */
static int64_t calendar_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                  /* [0, 399] */
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* Hinnant's civil_from_days, the inverse of the above. Needs `z` within
 * CALENDAR_DAYS_MIN..CALENDAR_DAYS_MAX (the callers check), so that the
 * year fits an int. */
static comply_date calendar_civil_from_days(int64_t z)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;                                     /* [0, 146096] */
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              /* [0, 365] */
    const int64_t mp = (5 * doy + 2) / 153;                                   /* [0, 11] */
    comply_date date;
    date.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    date.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    date.year = (int)(yoe + era * 400 + (date.month <= 2));
    return date;
}

static bool calendar_days_in_range(int64_t days)
{
    return days >= CALENDAR_DAYS_MIN && days <= CALENDAR_DAYS_MAX;
}

/* Floor division by 86400, for instants before 1970. */
static int64_t calendar_day_of_instant(int64_t seconds)
{
    int64_t days = seconds / CALENDAR_SECONDS_PER_DAY;
    if (seconds % CALENDAR_SECONDS_PER_DAY < 0)
        days--;
    return days;
}

static comply_date calendar_invalid_date(void)
{
    comply_date none = { 0, 0, 0 };
    return none;
}

int comply_date_is_valid(comply_date date)
{
    if (date.year < CALENDAR_YEAR_MIN || date.year > CALENDAR_YEAR_MAX)
        return 0;
    if (date.month < 1 || date.month > 12)
        return 0;
    return date.day >= 1 && date.day <= comply__days_in_month(date.year, date.month);
}

int comply_date_compare(comply_date a, comply_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

/* An invalid date has no day count; INT64_MIN is far outside every valid
 * count, so a caller that ignores the precondition gets a value that every
 * range check rejects instead of a plausible wrong date. */
int64_t comply_date_to_days(comply_date date)
{
    if (!comply_date_is_valid(date))
        return INT64_MIN;
    return calendar_days_from_civil(date.year, date.month, date.day);
}

comply_status comply_date_from_days(int64_t days, comply_date *out)
{
    if (!out)
        return COMPLY_EINVAL;
    if (!calendar_days_in_range(days)) {
        *out = calendar_invalid_date();
        return COMPLY_ERANGE;
    }
    *out = calendar_civil_from_days(days);
    return COMPLY_OK;
}

/* 1970-01-01 was a Thursday (ISO weekday 4); the count is floored so that
 * dates before the epoch work too. */
int comply_date_weekday(comply_date date)
{
    if (!comply_date_is_valid(date))
        return 0;
    int64_t r = (calendar_days_from_civil(date.year, date.month, date.day) + 3) % 7;
    if (r < 0)
        r += 7;
    return (int)r + 1;
}

/* ----------------------------------------------------------- text out */

/* Writes `value` as exactly `width` decimal digits (zero-padded). */
static void calendar_put_digits(char *p, int64_t value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

/* "YYYY-MM-DD" without the NUL; `date` must be valid. */
static void calendar_put_date(char *p, comply_date date)
{
    calendar_put_digits(p, date.year, 4);
    p[4] = '-';
    calendar_put_digits(p + 5, date.month, 2);
    p[7] = '-';
    calendar_put_digits(p + 8, date.day, 2);
}

comply_status comply_date_format(comply_date date, char *buf, size_t size)
{
    if (!buf || size < COMPLY_DATE_TEXT_LENGTH + 1) {
        if (buf && size > 0)
            buf[0] = '\0';
        return COMPLY_EINVAL;
    }
    if (!comply_date_is_valid(date)) {
        buf[0] = '\0';
        return COMPLY_EINVAL;
    }
    calendar_put_date(buf, date);
    buf[COMPLY_DATE_TEXT_LENGTH] = '\0';
    return COMPLY_OK;
}

/* ----------------------------------------------------------- date parse */

/* Reads `count` ASCII digits at s[at]; the caller has checked they are. */
static int date_digits_value(const char *s, size_t at, size_t count)
{
    int value = 0;
    for (size_t i = 0; i < count; i++)
        value = value * 10 + (s[at + i] - '0');
    return value;
}

/* Reads 1..max digits at *pos; returns how many (0 when none). */
static size_t date_read_number(const char *s, size_t len, size_t *pos, size_t max, int *value)
{
    size_t n = 0;
    while (n < max && *pos + n < len && comply__is_digit((unsigned char)s[*pos + n]))
        n++;
    *value = date_digits_value(s, *pos, n);
    *pos += n;
    return n;
}

/* Range checks shared by every date form. Messages give the field's value
 * (a month of 13 is not a personal value) but never the whole date. */
static comply_status date_check_fields(int year, int month, int day, const size_t offsets[3], comply_date *out,
                                       comply_error *err)
{
    if (year < CALENDAR_YEAR_MIN)
        return calendar_fail(err, COMPLY_EPARSE, offsets[0], "year 0000 out of range 0001..9999");
    if (month < 1 || month > 12)
        return calendar_fail(err, COMPLY_EPARSE, offsets[1], "month %d out of range 1..12", month);
    if (day < 1 || day > 31)
        return calendar_fail(err, COMPLY_EPARSE, offsets[2], "day %d out of range 1..31", day);
    if (day > comply__days_in_month(year, month))
        return calendar_fail(err, COMPLY_EPARSE, offsets[2], "day %d does not exist in that month", day);
    out->year = year;
    out->month = month;
    out->day = day;
    return COMPLY_OK;
}

/* "YYYY-MM-DD" at s[pos]: ISO 8601-1:2019 complete calendar date in the
 * extended format, also RFC 3339 full-date. Does not look past the 10 bytes. */
static comply_status date_parse_iso_at(const char *s, size_t len, size_t pos, comply_date *out,
                                       comply_error *err)
{
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < COMPLY_DATE_TEXT_LENGTH; i++) {
        const size_t at = pos + i;
        if (at >= len)
            return calendar_fail(err, COMPLY_EPARSE, at, "date ends early: expected YYYY-MM-DD");
        const unsigned char c = (unsigned char)s[at];
        if (shape[i] == 'd' && !comply__is_digit(c))
            return calendar_fail(err, COMPLY_EPARSE, at, "expected a digit in YYYY-MM-DD");
        if (shape[i] == '-' && c != '-')
            return calendar_fail(err, COMPLY_EPARSE, at, "expected '-' in YYYY-MM-DD");
    }
    const size_t offsets[3] = { pos, pos + 5, pos + 8 };
    return date_check_fields(date_digits_value(s, pos, 4), date_digits_value(s, pos + 5, 2),
                             date_digits_value(s, pos + 8, 2), offsets, out, err);
}

static comply_status date_parse_iso(const char *s, size_t len, comply_date *out, comply_error *err)
{
    comply_status st = date_parse_iso_at(s, len, 0, out, err);
    if (st != COMPLY_OK)
        return st;
    if (len != COMPLY_DATE_TEXT_LENGTH)
        return calendar_fail(err, COMPLY_EPARSE, COMPLY_DATE_TEXT_LENGTH, "unexpected text after the date");
    return COMPLY_OK;
}

/* "j/m/aaaa", "jj/mm/aaaa", "jj.mm.aaaa": the French day-first forms, one
 * or two digits for day and month, four for the year, one separator kind. */
static comply_status date_parse_day_first(const char *s, size_t len, comply_date *out, comply_error *err)
{
    size_t pos = 0;
    int day, month, year;
    size_t offsets[3];

    offsets[2] = pos;
    if (date_read_number(s, len, &pos, 2, &day) == 0)
        return calendar_fail(err, COMPLY_EPARSE, pos, "expected a digit");
    if (pos >= len || (s[pos] != '/' && s[pos] != '.'))
        return calendar_fail(err, COMPLY_EPARSE, pos, "expected '/' or '.' after the day");
    const char sep = s[pos++];
    offsets[1] = pos;
    if (date_read_number(s, len, &pos, 2, &month) == 0)
        return calendar_fail(err, COMPLY_EPARSE, pos, "expected a one- or two-digit month");
    if (pos >= len || s[pos] != sep)
        return calendar_fail(err, COMPLY_EPARSE, pos, "expected '%c' after the month", sep);
    pos++;
    offsets[0] = pos;
    if (date_read_number(s, len, &pos, 4, &year) != 4)
        return calendar_fail(err, COMPLY_EPARSE, pos, "expected a four-digit year");
    if (pos != len)
        return calendar_fail(err, COMPLY_EPARSE, pos, "unexpected text after the date");
    return date_check_fields(year, month, day, offsets, out, err);
}

static comply_status date_parse_args(const char *text, comply_date *out, comply_error *err)
{
    if (!out)
        return comply__error_set(err, COMPLY_EINVAL, "date output is NULL");
    *out = calendar_invalid_date();
    if (!text)
        return comply__error_set(err, COMPLY_EINVAL, "date text is NULL");
    return COMPLY_OK;
}

comply_status comply_date_parse(const char *text, size_t len, comply_date *out, comply_error *err)
{
    comply_status st = date_parse_args(text, out, err);
    if (st != COMPLY_OK)
        return st;
    comply_date date;
    if ((st = date_parse_iso(text, len, &date, err)) == COMPLY_OK)
        *out = date;
    return st;
}

/* The form is chosen by the leading digits: one or two before a separator
 * is day first, anything else is read (and reported) as ISO. */
comply_status comply_date_parse_any(const char *text, size_t len, comply_date *out, comply_error *err)
{
    comply_status st = date_parse_args(text, out, err);
    if (st != COMPLY_OK)
        return st;
    size_t lead = 0;
    while (lead < 3 && lead < len && comply__is_digit((unsigned char)text[lead]))
        lead++;
    comply_date date;
    if (lead == 1 || lead == 2)
        st = date_parse_day_first(text, len, &date, err);
    else
        st = date_parse_iso(text, len, &date, err);
    if (st == COMPLY_OK)
        *out = date;
    return st;
}

/* ------------------------------------------------------------ durations */

/*
 * Grammar (ISO 8601-1:2019 duration designators, as tightened by the TC39
 * Temporal ISO 8601 grammar, restricted to non-negative integers):
 *
 *   duration  = "P" ( date-part [ "T" time-part ] / "T" time-part )
 *   date-part = [ n "Y" ] [ n "M" ] [ n "W" ] [ n "D" ]     at least one
 *   time-part = [ n "H" ] [ n "M" ] [ n "S" ]               at least one
 *   n         = 1*DIGIT, at most 4294967295
 *
 * Designators are case-insensitive (Temporal). Weeks mix with other parts
 * as in Temporal and java.time (P1Y2W); ISO 8601:2004 allowed PnW alone.
 * No sign and no fraction: a negative or fractional retention period has no
 * meaning, and a fraction of a month has no agreed length (PostgreSQL reads
 * P0.5M as 15 days; Temporal rejects it).
 */

typedef struct duration_cursor {
    const char *s;
    size_t pos;
    comply_error *err;
} duration_cursor;

typedef struct duration_section {
    const char *designators;  /* upper case, in the required order */
    const char *const *names; /* the part names, for messages */
    uint32_t *fields[4];
    size_t count;
} duration_section;

static const char *const duration_date_names[] = { "years", "months", "weeks", "days" };
static const char *const duration_time_names[] = { "hours", "minutes", "seconds" };

static bool duration_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* U+2212 MINUS SIGN, which Temporal accepts as a sign, in UTF-8. */
static bool duration_is_minus_sign(const char *s)
{
    return (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x88 && (unsigned char)s[2] == 0x92;
}

static bool duration_is_sign_or_space(const char *s)
{
    return s[0] == '+' || s[0] == '-' || duration_is_minus_sign(s) || duration_is_space((unsigned char)s[0]);
}

/* Explains a byte that cannot appear where it is. */
static comply_status duration_parse_unexpected(duration_cursor *cur)
{
    const char *p = cur->s + cur->pos;
    const unsigned char c = (unsigned char)*p;
    if (c == '+' || c == '-' || duration_is_minus_sign(p))
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos,
                             "signs are not allowed: durations are non-negative");
    if (c == '.' || c == ',')
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "fractions are not allowed in durations");
    if (duration_is_space(c))
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "whitespace is not allowed in durations");
    return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "unexpected character in duration");
}

/* Reads 1*DIGIT at the cursor. Saturates above UINT32_MAX so that a
 * megabyte of digits costs one pass and no overflow. */
static bool duration_parse_number(duration_cursor *cur, uint64_t *value)
{
    uint64_t v = 0;
    const size_t start = cur->pos;
    while (comply__is_digit((unsigned char)cur->s[cur->pos])) {
        if (v <= UINT32_MAX)
            v = v * 10 + (uint64_t)(cur->s[cur->pos] - '0');
        cur->pos++;
    }
    *value = v;
    return cur->pos > start;
}

static int duration_designator_index(const char *designators, unsigned char c)
{
    const char *hit = strchr(designators, comply__to_upper(c));
    return (c != '\0' && hit) ? (int)(hit - designators) : -1;
}

/* A designator that belongs to the other section gets its own message. */
static comply_status duration_parse_misplaced(duration_cursor *cur, bool in_time, unsigned char c)
{
    if (!in_time && duration_designator_index("HS", c) >= 0)
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "hours, minutes and seconds must follow 'T'");
    if (in_time && duration_designator_index("YWD", c) >= 0)
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos,
                             "years, months, weeks and days must come before 'T'");
    /* After a number, '-' or ':' is not a sign but the alternative format
     * (P0001-02-03T04:05:06), which is not supported. */
    if (c == '\0' || comply__to_upper(c) == 'T' || c == '-' || c == '+' || c == ':')
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "number without designator");
    return duration_parse_unexpected(cur);
}

/* One "nX" part: the number, then its designator, which must come after
 * every designator already seen in this section. */
static comply_status duration_parse_part(duration_cursor *cur, duration_section *sec, bool in_time, int *last)
{
    uint64_t value;
    if (!duration_parse_number(cur, &value))
        return duration_parse_unexpected(cur);
    const unsigned char c = (unsigned char)cur->s[cur->pos];
    const int idx = duration_designator_index(sec->designators, c);
    if (idx < 0)
        return duration_parse_misplaced(cur, in_time, c);
    if (idx <= *last)
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos,
                             "%s repeated or out of order (expected %s)", sec->names[idx],
                             in_time ? "H, M, S" : "Y, M, W, D");
    if (value > UINT32_MAX)
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "%s part exceeds 4294967295", sec->names[idx]);
    *sec->fields[idx] = (uint32_t)value;
    *last = idx;
    cur->pos++;
    sec->count++;
    return COMPLY_OK;
}

/* Parts until the end of the text, or (date section) until 'T'. */
static comply_status duration_parse_section(duration_cursor *cur, duration_section *sec, bool in_time)
{
    int last = -1;
    for (;;) {
        const unsigned char c = (unsigned char)cur->s[cur->pos];
        if (c == '\0')
            return COMPLY_OK;
        if (comply__to_upper(c) == 'T') {
            if (in_time)
                return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "'T' repeated");
            return COMPLY_OK;
        }
        const comply_status st = duration_parse_part(cur, sec, in_time, &last);
        if (st != COMPLY_OK)
            return st;
    }
}

static comply_status duration_parse_text(duration_cursor *cur, comply_duration *d)
{
    duration_section date = { "YMWD", duration_date_names, { &d->years, &d->months, &d->weeks, &d->days }, 0 };
    duration_section time = { "HMS", duration_time_names, { &d->hours, &d->minutes, &d->seconds, NULL }, 0 };
    comply_status st;

    if (cur->s[0] == '\0')
        return calendar_fail(cur->err, COMPLY_EPARSE, 0, "empty duration");
    if (duration_is_sign_or_space(cur->s))
        return duration_parse_unexpected(cur);
    if (comply__to_upper((unsigned char)cur->s[0]) != 'P')
        return calendar_fail(cur->err, COMPLY_EPARSE, 0, "duration must start with 'P'");
    cur->pos = 1;
    if ((st = duration_parse_section(cur, &date, false)) != COMPLY_OK)
        return st;
    if (cur->s[cur->pos] == '\0') {
        if (date.count == 0)
            return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "'P' must be followed by at least one part");
        return COMPLY_OK;
    }
    cur->pos++; /* the 'T' */
    if ((st = duration_parse_section(cur, &time, true)) != COMPLY_OK)
        return st;
    if (time.count == 0)
        return calendar_fail(cur->err, COMPLY_EPARSE, cur->pos, "'T' must be followed by at least one of H, M, S");
    return COMPLY_OK;
}

comply_status comply_duration_parse(const char *text, comply_duration *out, comply_error *err)
{
    if (!out)
        return comply__error_set(err, COMPLY_EINVAL, "duration output is NULL");
    memset(out, 0, sizeof *out);
    if (!text)
        return comply__error_set(err, COMPLY_EINVAL, "duration text is NULL");
    comply_duration d;
    memset(&d, 0, sizeof d);
    duration_cursor cur = { text, 0, err };
    comply_status st = duration_parse_text(&cur, &d);
    if (st == COMPLY_OK)
        *out = d;
    return st;
}

int comply_duration_has_time(const comply_duration *duration)
{
    return duration && (duration->hours || duration->minutes || duration->seconds);
}

/* Appends "<value><designator>" when value is non-zero. */
static size_t duration_put_part(char *p, uint32_t value, char designator)
{
    if (value == 0)
        return 0;
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    for (size_t i = 0; i < n; i++)
        p[i] = tmp[n - 1 - i];
    p[n] = designator;
    return n + 1;
}

comply_status comply_duration_format(const comply_duration *duration, char *buf, size_t size)
{
    if (!buf || size == 0)
        return COMPLY_EINVAL;
    buf[0] = '\0';
    if (!duration)
        return COMPLY_EINVAL;
    /* 1 + 4 * 11 + 1 + 3 * 11 = 79 bytes at most, below COMPLY_DURATION_TEXT_SIZE. */
    char tmp[COMPLY_DURATION_TEXT_SIZE];
    size_t n = 0;
    tmp[n++] = 'P';
    n += duration_put_part(tmp + n, duration->years, 'Y');
    n += duration_put_part(tmp + n, duration->months, 'M');
    n += duration_put_part(tmp + n, duration->weeks, 'W');
    n += duration_put_part(tmp + n, duration->days, 'D');
    if (comply_duration_has_time(duration)) {
        tmp[n++] = 'T';
        n += duration_put_part(tmp + n, duration->hours, 'H');
        n += duration_put_part(tmp + n, duration->minutes, 'M');
        n += duration_put_part(tmp + n, duration->seconds, 'S');
    }
    if (n == 1) {
        tmp[n++] = '0';
        tmp[n++] = 'D';
    }
    if (n + 1 > size)
        return COMPLY_EINVAL;
    memcpy(buf, tmp, n);
    buf[n] = '\0';
    return COMPLY_OK;
}

/* ------------------------------------------------- date arithmetic */

/* Moves by `delta` months in one step, then clamps the day to the month's
 * last day: "same date, else the last day of the month" (EU Regulation
 * 1182/71 art. 3(2)(c); CPC art. 641; java.time Period, Temporal
 * overflow "constrain", dateutil, PostgreSQL). 64-bit month index, so
 * 12 * 4294967295 + 4294967295 cannot overflow. */
static comply_status date_shift_months(comply_date *date, int64_t delta)
{
    if (delta == 0)
        return COMPLY_OK;
    const int64_t index = (int64_t)date->year * 12 + (date->month - 1) + delta;
    if (index < CALENDAR_MONTH_INDEX_MIN || index > CALENDAR_MONTH_INDEX_MAX)
        return COMPLY_ERANGE;
    date->year = (int)(index / 12);
    date->month = (int)(index % 12) + 1;
    const int last = comply__days_in_month(date->year, date->month);
    if (date->day > last)
        date->day = last;
    return COMPLY_OK;
}

/* Moves by `delta` days through the day count (never through struct tm). */
static comply_status date_shift_days(comply_date *date, int64_t delta)
{
    if (delta == 0)
        return COMPLY_OK;
    const int64_t days = calendar_days_from_civil(date->year, date->month, date->day) + delta;
    if (!calendar_days_in_range(days))
        return COMPLY_ERANGE;
    *date = calendar_civil_from_days(days);
    return COMPLY_OK;
}

static int64_t duration_month_count(const comply_duration *d)
{
    return INT64_C(12) * d->years + d->months;
}

static int64_t duration_day_count(const comply_duration *d)
{
    return INT64_C(7) * d->weeks + d->days;
}

/* Months first, then days, for both signs (CPC art. 641 al. 3: months are
 * counted before days; every library in the reference agrees). */
static comply_status date_apply(comply_date start, const comply_duration *duration, int sign, comply_date *out)
{
    if (!out)
        return COMPLY_EINVAL;
    *out = calendar_invalid_date();
    if (!duration || comply_duration_has_time(duration) || !comply_date_is_valid(start))
        return COMPLY_EINVAL;
    comply_date date = start;
    comply_status st = date_shift_months(&date, sign * duration_month_count(duration));
    if (st == COMPLY_OK)
        st = date_shift_days(&date, sign * duration_day_count(duration));
    if (st == COMPLY_OK)
        *out = date;
    return st;
}

comply_status comply_date_add(comply_date start, const comply_duration *duration, comply_date *out)
{
    return date_apply(start, duration, 1, out);
}

comply_status comply_date_sub(comply_date start, const comply_duration *duration, comply_date *out)
{
    return date_apply(start, duration, -1, out);
}

/* ------------------------------------------------------------- instants */

/* "HH:MM:SS" at s[pos], RFC 3339 §5.6 partial-time without the fraction. */
static comply_status instant_parse_clock(const char *s, size_t len, size_t pos, int hms[3], comply_error *err)
{
    static const char shape[] = "dd:dd:dd";
    static const int limits[3] = { 23, 59, 60 };
    static const char *const names[3] = { "hour", "minute", "second" };
    for (size_t i = 0; i < 8; i++) {
        const size_t at = pos + i;
        if (at >= len)
            return calendar_fail(err, COMPLY_EPARSE, at, "time ends early: expected HH:MM:SS");
        const unsigned char c = (unsigned char)s[at];
        if (shape[i] == 'd' && !comply__is_digit(c))
            return calendar_fail(err, COMPLY_EPARSE, at, "expected a digit in HH:MM:SS");
        if (shape[i] == ':' && c != ':')
            return calendar_fail(err, COMPLY_EPARSE, at, "expected ':' in HH:MM:SS");
    }
    for (size_t i = 0; i < 3; i++) {
        hms[i] = date_digits_value(s, pos + 3 * i, 2);
        if (hms[i] > limits[i])
            return calendar_fail(err, COMPLY_EPARSE, pos + 3 * i, "%s %d out of range 00..%d", names[i], hms[i],
                                 limits[i]);
    }
    return COMPLY_OK;
}

/* time-secfrac = "." 1*DIGIT (RFC 3339 §5.6), any length, dropped: the
 * instant has whole seconds. */
static comply_status instant_parse_fraction(const char *s, size_t len, size_t *pos, comply_error *err)
{
    if (*pos >= len || s[*pos] != '.')
        return COMPLY_OK;
    const size_t start = ++*pos;
    while (*pos < len && comply__is_digit((unsigned char)s[*pos]))
        ++*pos;
    if (*pos == start)
        return calendar_fail(err, COMPLY_EPARSE, *pos, "expected a digit after '.'");
    return COMPLY_OK;
}

/* time-offset = "Z" / ("+" / "-") HH ":" MM (RFC 3339 §5.6); the result is
 * the offset in seconds east of UTC. "-00:00" (§4.3, UTC with the local
 * offset unknown) names the same instant as "Z". */
static comply_status instant_parse_offset(const char *s, size_t len, size_t *pos, int64_t *offset,
                                          comply_error *err)
{
    const char *expect = "expected 'Z' or a +HH:MM or -HH:MM offset";
    *offset = 0;
    if (*pos >= len)
        return calendar_fail(err, COMPLY_EPARSE, *pos, "%s", expect);
    const char c = s[*pos];
    if (c == 'Z' || c == 'z') {
        ++*pos;
        return COMPLY_OK;
    }
    if (c != '+' && c != '-')
        return calendar_fail(err, COMPLY_EPARSE, *pos, "%s", expect);
    const size_t at = *pos + 1;
    if (len - at < 5 || !comply__is_digit((unsigned char)s[at]) || !comply__is_digit((unsigned char)s[at + 1]) ||
        s[at + 2] != ':' || !comply__is_digit((unsigned char)s[at + 3]) ||
        !comply__is_digit((unsigned char)s[at + 4]))
        return calendar_fail(err, COMPLY_EPARSE, at, "offset must be HH:MM");
    const int hours = date_digits_value(s, at, 2), minutes = date_digits_value(s, at + 3, 2);
    if (hours > 23)
        return calendar_fail(err, COMPLY_EPARSE, at, "offset hour %d out of range 00..23", hours);
    if (minutes > 59)
        return calendar_fail(err, COMPLY_EPARSE, at + 3, "offset minute %d out of range 00..59", minutes);
    *offset = (c == '-' ? -1 : 1) * (int64_t)(hours * 3600 + minutes * 60);
    *pos = at + 5;
    return COMPLY_OK;
}

/* Parses the text into UTC seconds; `second` gets the seconds field as
 * written, so that the caller can check a leap second. */
static comply_status instant_parse_text(const char *s, size_t len, int64_t *utc, int *second, comply_error *err)
{
    comply_date date;
    int hms[3];
    int64_t offset;
    comply_status st;
    if ((st = date_parse_iso_at(s, len, 0, &date, err)) != COMPLY_OK)
        return st;
    size_t pos = COMPLY_DATE_TEXT_LENGTH;
    /* RFC 3339 §5.6 allows "t" and, by its NOTE, a space for "T". */
    if (pos >= len || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' '))
        return calendar_fail(err, COMPLY_EPARSE, pos, "expected 'T' between date and time");
    if ((st = instant_parse_clock(s, len, ++pos, hms, err)) != COMPLY_OK)
        return st;
    pos += 8;
    if ((st = instant_parse_fraction(s, len, &pos, err)) != COMPLY_OK)
        return st;
    if ((st = instant_parse_offset(s, len, &pos, &offset, err)) != COMPLY_OK)
        return st;
    if (pos != len)
        return calendar_fail(err, COMPLY_EPARSE, pos, "unexpected text after the time offset");
    /* comply_instant ignores leap seconds (POSIX time), so 23:59:60 counts
     * as 23:59:59 of the same day, as java.time's ISO_INSTANT does. */
    const int64_t clock = hms[0] * 3600 + hms[1] * 60 + (hms[2] == 60 ? 59 : hms[2]);
    *utc = calendar_days_from_civil(date.year, date.month, date.day) * CALENDAR_SECONDS_PER_DAY + clock - offset;
    *second = hms[2];
    return COMPLY_OK;
}

comply_status comply_instant_parse(const char *text, size_t len, comply_instant *out, comply_error *err)
{
    if (!out)
        return comply__error_set(err, COMPLY_EINVAL, "instant output is NULL");
    if (!text)
        return comply__error_set(err, COMPLY_EINVAL, "instant text is NULL");
    int64_t utc = 0;
    int second = 0;
    comply_status st = instant_parse_text(text, len, &utc, &second, err);
    if (st != COMPLY_OK)
        return st;
    /* A leap second is only ever inserted as 23:59:60 UTC (RFC 3339 §5.7). */
    if (second == 60 && utc - calendar_day_of_instant(utc) * CALENDAR_SECONDS_PER_DAY != 86399)
        return calendar_fail(err, COMPLY_EPARSE, 17, "second 60 is only valid as a leap second at 23:59:60 UTC");
    if (utc < CALENDAR_INSTANT_MIN || utc > CALENDAR_INSTANT_MAX)
        return comply__error_set(err, COMPLY_ERANGE, "instant falls outside years 0001..9999 in UTC");
    out->seconds = utc;
    return COMPLY_OK;
}

static bool instant_in_range(int64_t seconds)
{
    return seconds >= CALENDAR_INSTANT_MIN && seconds <= CALENDAR_INSTANT_MAX;
}

comply_status comply_instant_format(comply_instant instant, char *buf, size_t size)
{
    if (!buf || size < COMPLY_INSTANT_TEXT_SIZE) {
        if (buf && size > 0)
            buf[0] = '\0';
        return COMPLY_EINVAL;
    }
    buf[0] = '\0';
    if (!instant_in_range(instant.seconds))
        return COMPLY_ERANGE;
    const int64_t days = calendar_day_of_instant(instant.seconds);
    const int64_t clock = instant.seconds - days * CALENDAR_SECONDS_PER_DAY;
    calendar_put_date(buf, calendar_civil_from_days(days));
    buf[10] = 'T';
    calendar_put_digits(buf + 11, clock / 3600, 2);
    buf[13] = ':';
    calendar_put_digits(buf + 14, clock / 60 % 60, 2);
    buf[16] = ':';
    calendar_put_digits(buf + 17, clock % 60, 2);
    buf[19] = 'Z';
    buf[20] = '\0';
    return COMPLY_OK;
}

/* Years and months move the UTC date through the calendar (clamped like
 * comply_date_add) and keep the time of day; everything else is elapsed
 * time, a day being 86400 s (GDPR Art. 33(1) counts 72 hours, not 3
 * calendar days). The elapsed part is at most about 2.9e15 s: no overflow. */
comply_status comply_instant_add(comply_instant start, const comply_duration *duration, comply_instant *out)
{
    if (!duration || !out || !instant_in_range(start.seconds))
        return COMPLY_EINVAL;
    int64_t days = calendar_day_of_instant(start.seconds);
    const int64_t clock = start.seconds - days * CALENDAR_SECONDS_PER_DAY;
    comply_date date = calendar_civil_from_days(days);
    if (date_shift_months(&date, duration_month_count(duration)) != COMPLY_OK)
        return COMPLY_ERANGE;
    days = calendar_days_from_civil(date.year, date.month, date.day);
    const int64_t elapsed = duration_day_count(duration) * CALENDAR_SECONDS_PER_DAY +
                            INT64_C(3600) * duration->hours + INT64_C(60) * duration->minutes +
                            duration->seconds;
    const int64_t result = days * CALENDAR_SECONDS_PER_DAY + clock + elapsed;
    if (!instant_in_range(result))
        return COMPLY_ERANGE;
    out->seconds = result;
    return COMPLY_OK;
}
