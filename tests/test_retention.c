/*
 * test_retention.c - CUnit tests for lib/retention.c: retention deadlines,
 * stages and cutoffs (doc/retention.md).
 *
 * Each rule shape is checked on the day before, the day of and the day
 * after each of its deadlines. The packs are small and written here; they
 * sit on the default pack's taxonomy, with the default pack's own purposes
 * and retention rules removed so that these tests do not depend on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "comply.h"
#include "internal.h" /* comply__rules_entry_at, to strip the default rules */

/* The default pack's taxonomy, names and detectors, without purposes or
 * retention rules. */
static comply_rules *base;

/* ------------------------------------------------------------ helpers */

static comply_date D(const char *text)
{
    comply_date d = { 0, 0, 0 };
    if (comply_date_parse(text, strlen(text), &d, NULL) != COMPLY_OK)
        CU_FAIL("bad date in a test");
    return d;
}

static comply_event E(const char *name, const char *date)
{
    comply_event e = { name, D(date) };
    return e;
}

static comply_date plus_days(comply_date d, int64_t n)
{
    comply_date out = { 0, 0, 0 };
    if (comply_date_from_days(comply_date_to_days(d) + n, &out) != COMPLY_OK)
        CU_FAIL("date out of range in a test");
    return out;
}

static const char *date_text(comply_date d, char buf[16])
{
    if (d.year == 0 && d.month == 0 && d.day == 0)
        return "";
    snprintf(buf, 16, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

/* Purposes every test pack has. */
#define PURPOSES                                                                                               \
    "'marketing':{'label':{'en':'Marketing'},'legal_basis':'consent'},"                                       \
    "'billing':{'label':{'en':'Billing'},'legal_basis':'contract'}"

/* A rules object: `base` with a pack holding PURPOSES, `extra_purposes`
 * (may be NULL) and the retention rules `retention`. JSON is written with
 * single quotes, turned into double quotes here. */
static comply_rules *rules_with2(const char *retention, const char *extra_purposes)
{
    char pack[16384];
    int n = snprintf(pack, sizeof pack, "{'comply_pack':1,'name':'test','purposes':{%s%s%s},'retention':{%s}}",
                     PURPOSES, extra_purposes ? "," : "", extra_purposes ? extra_purposes : "", retention);
    if (n < 0 || (size_t)n >= sizeof pack) {
        CU_FAIL("test pack too long");
        return NULL;
    }
    for (char *p = pack; *p; p++)
        if (*p == '\'')
            *p = '"';
    comply_rules *r = NULL;
    comply_error err;
    if (comply_rules_new(&r, NULL, &err) != COMPLY_OK || comply_rules_layer(r, base, &err) != COMPLY_OK ||
        comply_rules_add_json(r, pack, strlen(pack), "<test>", &err) != COMPLY_OK) {
        fprintf(stderr, "\ntest pack refused: %s:%lu:%lu: %s (at %s)\n", err.source, err.line, err.column,
                err.message, err.path);
        CU_FAIL("test pack refused");
        comply_rules_free(r);
        return NULL;
    }
    return r;
}

static comply_rules *rules_with(const char *retention)
{
    return rules_with2(retention, NULL);
}

/* Runs comply_retention_deadline and checks the stage, the next date ("" for
 * none) and the next action (NULL for none). */
static comply_deadline expect_at(const comply_rules *r, const char *purpose, const char *category,
                                 const comply_event *ev, size_t n, const char *today, comply_stage stage,
                                 const char *next, const char *action, unsigned line, const char *func)
{
    comply_deadline d;
    comply_error err = { 0 };
    comply_status st = comply_retention_deadline(r, purpose, category, ev, n, D(today), &d, &err);
    char msg[400], b1[16];
    snprintf(msg, sizeof msg, "today %s: status %d (%.100s), stage %s next %s %s; expected %s %s %s", today,
             (int)st, err.message, comply_stage_name(d.stage), date_text(d.next_date, b1),
             d.next_action ? d.next_action : "(none)", comply_stage_name(stage), next,
             action ? action : "(none)");
    bool ok = st == COMPLY_OK && d.stage == stage && strcmp(date_text(d.next_date, b1), next) == 0 &&
              ((!action && !d.next_action) || (action && d.next_action && strcmp(action, d.next_action) == 0));
    CU_assertImplementation(ok, line, msg, __FILE__, func, CU_FALSE);
    return d;
}
#define EXPECT(r, p, c, ev, n, today, stage, next, action)                                                    \
    expect_at((r), (p), (c), (ev), (n), (today), COMPLY_STAGE_##stage, (next), (action), __LINE__, __func__)

static void check_date_at(comply_date got, const char *expected, unsigned line, const char *func)
{
    char msg[120], b[16];
    snprintf(msg, sizeof msg, "got \"%s\", expected \"%s\"", date_text(got, b), expected);
    CU_assertImplementation(strcmp(date_text(got, b), expected) == 0, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_DATE(got, expected) check_date_at((got), (expected), __LINE__, __func__)

static void check_str_at(const char *got, const char *expected, unsigned line, const char *func)
{
    char msg[200];
    snprintf(msg, sizeof msg, "got \"%.80s\", expected \"%.80s\"", got ? got : "(null)",
             expected ? expected : "(null)");
    bool ok = (!got && !expected) || (got && expected && strcmp(got, expected) == 0);
    CU_assertImplementation(ok, line, msg, __FILE__, func, CU_FALSE);
}
#define CHECK_STR(got, expected) check_str_at((got), (expected), __LINE__, __func__)

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------ one simple rule */

static void simple_keep_is_active_until_the_deadline_and_due_from_it(void)
{
    comply_rules *r = rules_with("'prospect':{'categories':['contact'],'purposes':['marketing'],"
                                 "'from':'collection','keep':'P3Y','basis':'cnil','source':{'title':'CNIL 2021-131'}}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-03-15") };
    comply_deadline d = EXPECT(r, "marketing", "contact.email", ev, 1, "2023-03-14", ACTIVE, "2023-03-15", "delete");
    CHECK_DATE(d.final_date, "2023-03-15");
    CHECK_STR(d.final_action, "delete");
    CHECK_STR(d.rule, "prospect");
    CHECK_STR(d.source, "CNIL 2021-131");
    CHECK_STR(d.basis, "cnil");
    CHECK_STR(d.missing_event, NULL);
    CU_ASSERT_EQUAL(d.n_other, 0);
    d = EXPECT(r, "marketing", "contact.email", ev, 1, "2023-03-15", DELETE_DUE, "2023-03-15", "delete");
    CHECK_DATE(d.final_date, "2023-03-15");
    EXPECT(r, "marketing", "contact.email", ev, 1, "2023-03-16", DELETE_DUE, "2023-03-15", "delete");
    /* the day of collection itself, and long after */
    EXPECT(r, "marketing", "contact.email", ev, 1, "2020-03-15", ACTIVE, "2023-03-15", "delete");
    EXPECT(r, "marketing", "contact.email", ev, 1, "2040-01-01", DELETE_DUE, "2023-03-15", "delete");
    comply_rules_free(r);
}

static void simple_keep_from_29_february_ends_on_28_february(void)
{
    comply_rules *r = rules_with("'y':{'categories':['contact'],'from':'collection','keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2024-02-29") };
    EXPECT(r, NULL, "contact", ev, 1, "2025-02-27", ACTIVE, "2025-02-28", "delete");
    EXPECT(r, NULL, "contact", ev, 1, "2025-02-28", DELETE_DUE, "2025-02-28", "delete");
    EXPECT(r, NULL, "contact", ev, 1, "2025-03-01", DELETE_DUE, "2025-02-28", "delete");
    comply_rules_free(r);
}

static void keep_then_archive_goes_active_archive_then_final_action(void)
{
    comply_rules *r = rules_with("'contract':{'categories':['interaction'],'from':'end_of_contract',"
                                 "'keep':'P3Y','archive_for':'P5Y','then':'anonymise'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("end_of_contract", "2020-03-15") };
    const char *c = "interaction.order";
    comply_deadline d = EXPECT(r, NULL, c, ev, 1, "2023-03-14", ACTIVE, "2023-03-15", "archive");
    CHECK_DATE(d.final_date, "2028-03-15");
    CHECK_STR(d.final_action, "anonymise");
    EXPECT(r, NULL, c, ev, 1, "2023-03-15", ARCHIVE, "2028-03-15", "anonymise");
    EXPECT(r, NULL, c, ev, 1, "2023-03-16", ARCHIVE, "2028-03-15", "anonymise");
    EXPECT(r, NULL, c, ev, 1, "2028-03-14", ARCHIVE, "2028-03-15", "anonymise");
    d = EXPECT(r, NULL, c, ev, 1, "2028-03-15", DELETE_DUE, "2028-03-15", "anonymise");
    CHECK_DATE(d.final_date, "2028-03-15");
    EXPECT(r, NULL, c, ev, 1, "2028-03-16", DELETE_DUE, "2028-03-15", "anonymise");
    comply_rules_free(r);
}

static void keep_p0d_is_due_on_the_day_of_the_event(void)
{
    comply_rules *r = rules_with("'card':{'categories':['financial.payment_card'],'from':'transaction','keep':'P0D'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("transaction", "2024-02-29") };
    const char *c = "financial.payment_card";
    EXPECT(r, NULL, c, ev, 1, "2024-02-28", ACTIVE, "2024-02-29", "delete");
    EXPECT(r, NULL, c, ev, 1, "2024-02-29", DELETE_DUE, "2024-02-29", "delete");
    EXPECT(r, NULL, c, ev, 1, "2024-03-01", DELETE_DUE, "2024-02-29", "delete");
    comply_rules_free(r);
}

static void keep_p0d_then_archive_archives_on_the_day_of_the_event(void)
{
    comply_rules *r = rules_with("'proof':{'categories':['financial'],'from':'debit','keep':'P0D','archive_for':'P13M'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("debit", "2024-01-31") };
    EXPECT(r, NULL, "financial.payment_card", ev, 1, "2024-01-30", ACTIVE, "2024-01-31", "archive");
    EXPECT(r, NULL, "financial.payment_card", ev, 1, "2024-01-31", ARCHIVE, "2025-02-28", "delete");
    EXPECT(r, NULL, "financial.payment_card", ev, 1, "2025-02-27", ARCHIVE, "2025-02-28", "delete");
    EXPECT(r, NULL, "financial.payment_card", ev, 1, "2025-02-28", DELETE_DUE, "2025-02-28", "delete");
    comply_rules_free(r);
}

static void never_store_is_due_from_the_earliest_event_or_today(void)
{
    comply_rules *r = rules_with("'cvv':{'categories':['financial.card_security_code'],'never_store':true,"
                                 "'then':'anonymise','basis':'cnil'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *c = "financial.card_security_code";
    comply_event ev[] = { E("collection", "2024-01-10"), E("transaction", "2024-01-05") };
    comply_deadline d = EXPECT(r, NULL, c, ev, 2, "2024-01-04", DELETE_DUE, "2024-01-05", "delete");
    CHECK_DATE(d.final_date, "2024-01-05");
    CHECK_STR(d.final_action, "delete"); /* never anonymised: deleted */
    EXPECT(r, NULL, c, ev, 2, "2024-01-05", DELETE_DUE, "2024-01-05", "delete");
    EXPECT(r, NULL, c, ev, 2, "2024-01-06", DELETE_DUE, "2024-01-05", "delete");
    d = EXPECT(r, NULL, c, NULL, 0, "2024-06-01", DELETE_DUE, "2024-06-01", "delete");
    CHECK_DATE(d.final_date, "2024-06-01");
    comply_rules_free(r);
}

static void latest_of_counts_from_the_latest_event_present(void)
{
    comply_rules *r = rules_with("'prospect':{'categories':['contact'],"
                                 "'from':{'latest_of':['collection','last_contact']},'keep':'P3Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event both[] = { E("collection", "2020-01-10"), E("last_contact", "2021-06-01") };
    EXPECT(r, NULL, "contact.email", both, 2, "2024-05-31", ACTIVE, "2024-06-01", "delete");
    EXPECT(r, NULL, "contact.email", both, 2, "2024-06-01", DELETE_DUE, "2024-06-01", "delete");
    EXPECT(r, NULL, "contact.email", both, 2, "2024-06-02", DELETE_DUE, "2024-06-01", "delete");
    comply_event later_first[] = { E("collection", "2022-02-02"), E("last_contact", "2021-06-01") };
    EXPECT(r, NULL, "contact.email", later_first, 2, "2025-02-01", ACTIVE, "2025-02-02", "delete");
    EXPECT(r, NULL, "contact.email", later_first, 2, "2025-02-02", DELETE_DUE, "2025-02-02", "delete");
    comply_event one[] = { E("last_contact", "2021-06-01") };
    EXPECT(r, NULL, "contact.email", one, 1, "2024-05-31", ACTIVE, "2024-06-01", "delete");
    EXPECT(r, NULL, "contact.email", one, 1, "2024-06-01", DELETE_DUE, "2024-06-01", "delete");
    comply_event other[] = { E("email_opened", "2021-06-01") };
    comply_deadline d = EXPECT(r, NULL, "contact.email", other, 1, "2030-01-01", UNKNOWN, "", NULL);
    CHECK_STR(d.missing_event, "collection");
    CHECK_DATE(d.final_date, "");
    CHECK_STR(d.rule, "prospect");
    d = EXPECT(r, NULL, "contact.email", NULL, 0, "2030-01-01", UNKNOWN, "", NULL);
    CHECK_STR(d.missing_event, "collection");
    comply_rules_free(r);
}

static void repeated_event_counts_from_its_latest_date(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'last_contact','keep':'P2Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("last_contact", "2021-01-01"), E("last_contact", "2022-05-05"),
                          E("last_contact", "2020-01-01") };
    EXPECT(r, NULL, "contact", ev, 3, "2024-05-04", ACTIVE, "2024-05-05", "delete");
    EXPECT(r, NULL, "contact", ev, 3, "2024-05-05", DELETE_DUE, "2024-05-05", "delete");
    comply_rules_free(r);
}

static void active_until_absent_is_active_with_no_date(void)
{
    comply_rules *r = rules_with("'customer':{'categories':['interaction'],'active_until':'end_of_contract',"
                                 "'keep':'P5Y','basis':'cnil'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_deadline d = EXPECT(r, NULL, "interaction.order", NULL, 0, "2024-01-01", ACTIVE, "", NULL);
    CHECK_DATE(d.final_date, "");
    CHECK_STR(d.missing_event, NULL);
    CHECK_STR(d.rule, "customer");
    comply_event other[] = { E("collection", "2001-01-01") };
    EXPECT(r, NULL, "interaction.order", other, 1, "2040-01-01", ACTIVE, "", NULL);
    comply_event ended[] = { E("collection", "2001-01-01"), E("end_of_contract", "2022-09-30") };
    d = EXPECT(r, NULL, "interaction.order", ended, 2, "2027-09-29", ACTIVE, "2027-09-30", "delete");
    CHECK_DATE(d.final_date, "2027-09-30");
    EXPECT(r, NULL, "interaction.order", ended, 2, "2027-09-30", DELETE_DUE, "2027-09-30", "delete");
    EXPECT(r, NULL, "interaction.order", ended, 2, "2027-10-01", DELETE_DUE, "2027-09-30", "delete");
    comply_rules_free(r);
}

static void active_until_with_from_counts_from_the_from_event_once_ended(void)
{
    comply_rules *r = rules_with("'prospection':{'categories':['contact'],'from':'last_purchase',"
                                 "'active_until':'end_of_contract','keep':'P3Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event running[] = { E("last_purchase", "2010-01-10") };
    EXPECT(r, NULL, "contact", running, 1, "2024-01-01", ACTIVE, "", NULL);
    EXPECT(r, NULL, "contact", NULL, 0, "2024-01-01", ACTIVE, "", NULL);
    comply_event ended[] = { E("last_purchase", "2021-01-10"), E("end_of_contract", "2022-09-30") };
    EXPECT(r, NULL, "contact", ended, 2, "2024-01-09", ACTIVE, "2024-01-10", "delete");
    EXPECT(r, NULL, "contact", ended, 2, "2024-01-10", DELETE_DUE, "2024-01-10", "delete");
    EXPECT(r, NULL, "contact", ended, 2, "2024-01-11", DELETE_DUE, "2024-01-10", "delete");
    comply_event no_from[] = { E("end_of_contract", "2022-09-30") };
    comply_deadline d = EXPECT(r, NULL, "contact", no_from, 1, "2024-01-01", UNKNOWN, "", NULL);
    CHECK_STR(d.missing_event, "last_purchase");
    comply_rules_free(r);
}

static void future_event_dates_are_computed_normally(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'collection','keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2030-01-01") };
    EXPECT(r, NULL, "contact", ev, 1, "2024-01-01", ACTIVE, "2031-01-01", "delete");
    comply_rules_free(r);
}

/* ---------------------------------------------------------------- anchors */

static void fiscal_year_end_defaults_to_31_december(void)
{
    comply_rules *r = rules_with("'acct':{'categories':['interaction.invoice'],'from':'transaction',"
                                 "'anchor':'fiscal_year_end','keep':'P0D','archive_for':'P10Y','limit':'minimum',"
                                 "'basis':'law'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *c = "interaction.invoice";
    comply_event mid[] = { E("transaction", "2023-05-10") };
    EXPECT(r, NULL, c, mid, 1, "2023-12-30", ACTIVE, "2023-12-31", "archive");
    EXPECT(r, NULL, c, mid, 1, "2023-12-31", ARCHIVE, "2033-12-31", "delete");
    EXPECT(r, NULL, c, mid, 1, "2033-12-30", ARCHIVE, "2033-12-31", "delete");
    EXPECT(r, NULL, c, mid, 1, "2033-12-31", DELETE_DUE, "2033-12-31", "delete");
    EXPECT(r, NULL, c, mid, 1, "2034-01-01", DELETE_DUE, "2033-12-31", "delete");
    comply_event on_fye[] = { E("transaction", "2023-12-31") };
    EXPECT(r, NULL, c, on_fye, 1, "2023-12-31", ARCHIVE, "2033-12-31", "delete");
    comply_event after_fye[] = { E("transaction", "2024-01-01") };
    EXPECT(r, NULL, c, after_fye, 1, "2024-01-01", ACTIVE, "2024-12-31", "archive");
    EXPECT(r, NULL, c, after_fye, 1, "2034-12-31", DELETE_DUE, "2034-12-31", "delete");
    comply_rules_free(r);
}

static void fiscal_year_end_30_june(void)
{
    comply_rules *r = rules_with("'acct':{'categories':['interaction.invoice'],'from':'transaction',"
                                 "'anchor':'fiscal_year_end','fiscal_year_end':'06-30','keep':'P0D','archive_for':'P10Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *c = "interaction.invoice";
    comply_event on_fye[] = { E("transaction", "2023-06-30") };
    EXPECT(r, NULL, c, on_fye, 1, "2023-06-29", ACTIVE, "2023-06-30", "archive");
    EXPECT(r, NULL, c, on_fye, 1, "2023-06-30", ARCHIVE, "2033-06-30", "delete");
    EXPECT(r, NULL, c, on_fye, 1, "2033-06-29", ARCHIVE, "2033-06-30", "delete");
    EXPECT(r, NULL, c, on_fye, 1, "2033-06-30", DELETE_DUE, "2033-06-30", "delete");
    EXPECT(r, NULL, c, on_fye, 1, "2033-07-01", DELETE_DUE, "2033-06-30", "delete");
    comply_event day_after[] = { E("transaction", "2023-07-01") };
    EXPECT(r, NULL, c, day_after, 1, "2023-07-01", ACTIVE, "2024-06-30", "archive");
    EXPECT(r, NULL, c, day_after, 1, "2034-06-29", ARCHIVE, "2034-06-30", "delete");
    EXPECT(r, NULL, c, day_after, 1, "2034-06-30", DELETE_DUE, "2034-06-30", "delete");
    comply_event january[] = { E("transaction", "2023-01-15") };
    EXPECT(r, NULL, c, january, 1, "2023-01-15", ACTIVE, "2023-06-30", "archive");
    comply_rules_free(r);
}

static void fiscal_year_end_29_february_clamps_in_common_years(void)
{
    comply_rules *r = rules_with("'acct':{'categories':['interaction.invoice'],'from':'transaction',"
                                 "'anchor':'fiscal_year_end','fiscal_year_end':'02-29','keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const char *c = "interaction.invoice";
    static const struct {
        const char *event, *final;
    } cases[] = {
        { "2023-02-28", "2024-02-28" }, /* on the common-year FYE: 2023-02-28 + P1Y */
        { "2023-03-01", "2025-02-28" }, /* FYE 2024-02-29 + P1Y */
        { "2024-02-28", "2025-02-28" }, /* FYE 2024-02-29 + P1Y */
        { "2024-02-29", "2025-02-28" }, /* on the leap FYE */
        { "2024-03-01", "2026-02-28" }, /* FYE 2025-02-28 + P1Y */
        { "2027-03-01", "2029-02-28" }, /* FYE 2028-02-29 + P1Y */
    };
    for (size_t i = 0; i < N(cases); i++) {
        comply_event ev[] = { E("transaction", cases[i].event) };
        comply_deadline d;
        CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, c, ev, 1, D("2020-01-01"), &d, NULL), COMPLY_OK);
        CHECK_DATE(d.final_date, cases[i].final);
    }
    comply_event ev[] = { E("transaction", "2023-03-01") };
    EXPECT(r, NULL, c, ev, 1, "2025-02-27", ACTIVE, "2025-02-28", "delete");
    EXPECT(r, NULL, c, ev, 1, "2025-02-28", DELETE_DUE, "2025-02-28", "delete");
    EXPECT(r, NULL, c, ev, 1, "2025-03-01", DELETE_DUE, "2025-02-28", "delete");
    comply_rules_free(r);
}

static void calendar_year_end_counts_from_31_december(void)
{
    comply_rules *r = rules_with("'cal':{'categories':['contact'],'from':'collection','anchor':'calendar_year_end',"
                                 "'keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event leap[] = { E("collection", "2024-02-29") };
    EXPECT(r, NULL, "contact", leap, 1, "2025-12-30", ACTIVE, "2025-12-31", "delete");
    EXPECT(r, NULL, "contact", leap, 1, "2025-12-31", DELETE_DUE, "2025-12-31", "delete");
    EXPECT(r, NULL, "contact", leap, 1, "2026-01-01", DELETE_DUE, "2025-12-31", "delete");
    comply_event on_end[] = { E("collection", "2023-12-31") };
    EXPECT(r, NULL, "contact", on_end, 1, "2024-12-30", ACTIVE, "2024-12-31", "delete");
    EXPECT(r, NULL, "contact", on_end, 1, "2024-12-31", DELETE_DUE, "2024-12-31", "delete");
    comply_event after[] = { E("collection", "2024-01-01") };
    EXPECT(r, NULL, "contact", after, 1, "2025-12-30", ACTIVE, "2025-12-31", "delete");
    comply_rules_free(r);
}

/* ---------------------------------------------------------- several rules */

static void strictest_rule_wins_when_no_legal_minimum_applies(void)
{
    comply_rules *r = rules_with("'r3y':{'categories':['contact'],'from':'collection','keep':'P3Y'},"
                                 "'r1y':{'categories':['contact'],'from':'collection','keep':'P1Y','basis':'controller'},"
                                 "'r5y':{'categories':['contact'],'from':'collection','keep':'P5Y','limit':'maximum'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, NULL, "contact.phone", ev, 1, "2020-12-31", ACTIVE, "2021-01-01", "delete");
    CHECK_STR(d.rule, "r1y");
    CHECK_STR(d.basis, "controller");
    CU_ASSERT_EQUAL(d.n_other, 2);
    CHECK_STR(d.other_rules[0], "r3y");
    CHECK_STR(d.other_rules[1], "r5y");
    d = EXPECT(r, NULL, "contact.phone", ev, 1, "2021-01-01", DELETE_DUE, "2021-01-01", "delete");
    CHECK_STR(d.rule, "r1y");
    comply_rules_free(r);
}

static void legal_minimum_overrides_shorter_maxima_and_the_longest_minimum_decides(void)
{
    comply_rules *r = rules_with("'max1y':{'categories':['interaction'],'from':'collection','keep':'P1Y','limit':'maximum'},"
                                 "'min10y':{'categories':['interaction'],'from':'collection','keep':'P0D',"
                                 "'archive_for':'P10Y','limit':'minimum','basis':'law','source':{'title':'C. com. L123-22'}},"
                                 "'min5y':{'categories':['interaction'],'from':'collection','keep':'P5Y','limit':'minimum'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, NULL, "interaction.invoice", ev, 1, "2022-01-01", ARCHIVE, "2030-01-01", "delete");
    CHECK_STR(d.rule, "min10y");
    CHECK_STR(d.basis, "law");
    CHECK_STR(d.source, "C. com. L123-22");
    CHECK_DATE(d.final_date, "2030-01-01");
    CU_ASSERT_EQUAL(d.n_other, 2);
    CHECK_STR(d.other_rules[0], "max1y");
    CHECK_STR(d.other_rules[1], "min5y");
    EXPECT(r, NULL, "interaction.invoice", ev, 1, "2029-12-31", ARCHIVE, "2030-01-01", "delete");
    EXPECT(r, NULL, "interaction.invoice", ev, 1, "2030-01-01", DELETE_DUE, "2030-01-01", "delete");
    comply_rules_free(r);
}

static void open_ended_rule_counts_as_the_latest_final_date(void)
{
    comply_rules *r = rules_with("'open':{'categories':['contact'],'active_until':'end_of_contract','keep':'P1Y'},"
                                 "'short':{'categories':['contact'],'from':'collection','keep':'P2Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, NULL, "contact", ev, 1, "2021-01-01", ACTIVE, "2022-01-01", "delete");
    CHECK_STR(d.rule, "short");
    comply_rules_free(r);

    r = rules_with("'open':{'categories':['contact'],'active_until':'end_of_contract','keep':'P1Y','limit':'minimum'},"
                   "'m5':{'categories':['contact'],'from':'collection','keep':'P5Y','limit':'minimum'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    d = EXPECT(r, NULL, "contact", ev, 1, "2030-01-01", ACTIVE, "", NULL);
    CHECK_STR(d.rule, "open");
    CHECK_DATE(d.final_date, "");
    CU_ASSERT_EQUAL(d.n_other, 1);
    CHECK_STR(d.other_rules[0], "m5");
    comply_rules_free(r);
}

static void never_store_beats_a_longer_rule(void)
{
    comply_rules *r = rules_with("'cards':{'categories':['financial'],'from':'transaction','keep':'P13M'},"
                                 "'cvv':{'categories':['financial.card_security_code'],'never_store':true}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("transaction", "2024-03-01") };
    comply_deadline d = EXPECT(r, NULL, "financial.card_security_code", ev, 1, "2024-03-01", DELETE_DUE,
                               "2024-03-01", "delete");
    CHECK_STR(d.rule, "cvv");
    d = EXPECT(r, NULL, "financial.payment_card", ev, 1, "2024-03-01", ACTIVE, "2025-04-01", "delete");
    CHECK_STR(d.rule, "cards");
    CU_ASSERT_EQUAL(d.n_other, 0);
    comply_rules_free(r);
}

static void a_rule_with_a_missing_event_makes_the_result_unknown(void)
{
    comply_rules *r = rules_with("'a':{'categories':['contact'],'from':'collection','keep':'P1Y'},"
                                 "'b':{'categories':['contact'],'from':'last_contact','keep':'P3Y'},"
                                 "'c':{'categories':['contact'],'from':'consent','keep':'P3Y','limit':'minimum'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, NULL, "contact", ev, 1, "2030-01-01", UNKNOWN, "", NULL);
    CHECK_STR(d.rule, "b");
    CHECK_STR(d.missing_event, "last_contact"); /* the first unknown rule's */
    CHECK_DATE(d.final_date, "");
    CU_ASSERT_EQUAL(d.n_other, 2);
    CHECK_STR(d.other_rules[0], "a");
    CHECK_STR(d.other_rules[1], "c");
    comply_event all[] = { E("collection", "2020-01-01"), E("last_contact", "2020-01-01"), E("consent", "2020-01-01") };
    d = EXPECT(r, NULL, "contact", all, 3, "2022-01-01", ACTIVE, "2023-01-01", "delete");
    CHECK_STR(d.rule, "c");
    comply_rules_free(r);
}

static void other_rules_past_the_limit_are_counted_not_listed(void)
{
    char json[4096];
    size_t at = 0;
    for (int i = 0; i < 10; i++)
        at += (size_t)snprintf(json + at, sizeof json - at, "%s'r%d':{'categories':['contact'],'from':'collection','keep':'P%dY'}",
                               i ? "," : "", i, i + 1);
    comply_rules *r = rules_with(json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, NULL, "contact", ev, 1, "2020-06-01", ACTIVE, "2021-01-01", "delete");
    CHECK_STR(d.rule, "r0");
    CU_ASSERT_EQUAL(d.n_other, 9);
    CHECK_STR(d.other_rules[0], "r1");
    CHECK_STR(d.other_rules[COMPLY_MAX_OTHER_RULES - 1], "r8");
    comply_rules_free(r);
}

/* -------------------------------------------------------------- legal hold */

static void legal_hold_suspends_deletion_until_it_ends(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'collection','keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event held[] = { E("collection", "2020-01-01"), E("legal_hold", "2021-06-01") };
    comply_deadline d = EXPECT(r, NULL, "contact", held, 2, "2022-01-01", HOLD, "", NULL);
    CHECK_DATE(d.final_date, "2021-01-01"); /* what the hold holds back */
    CHECK_STR(d.final_action, "delete");
    CHECK_STR(d.rule, "p");
    comply_event ended[] = { E("collection", "2020-01-01"), E("legal_hold", "2021-06-01"),
                             E("legal_hold_end", "2021-09-01") };
    EXPECT(r, NULL, "contact", ended, 3, "2021-08-31", HOLD, "", NULL);
    EXPECT(r, NULL, "contact", ended, 3, "2021-09-01", DELETE_DUE, "2021-01-01", "delete");
    EXPECT(r, NULL, "contact", ended, 3, "2021-09-02", DELETE_DUE, "2021-01-01", "delete");
    comply_event same_day[] = { E("collection", "2020-01-01"), E("legal_hold", "2021-06-01"),
                                E("legal_hold_end", "2021-06-01") };
    EXPECT(r, NULL, "contact", same_day, 3, "2022-01-01", DELETE_DUE, "2021-01-01", "delete");
    comply_event older_end[] = { E("collection", "2020-01-01"), E("legal_hold_end", "2021-01-01"),
                                 E("legal_hold", "2021-06-01") };
    EXPECT(r, NULL, "contact", older_end, 3, "2022-01-01", HOLD, "", NULL);
    comply_event renewed[] = { E("collection", "2020-01-01"), E("legal_hold", "2020-06-01"),
                               E("legal_hold_end", "2020-07-01"), E("legal_hold", "2021-06-01") };
    EXPECT(r, NULL, "contact", renewed, 4, "2022-01-01", HOLD, "", NULL);
    comply_rules_free(r);
}

static void legal_hold_in_force_whatever_the_computed_stage(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'collection','keep':'P1Y','archive_for':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event active[] = { E("collection", "2020-01-01"), E("legal_hold", "2020-05-01") };
    comply_deadline d = EXPECT(r, NULL, "contact", active, 2, "2020-06-01", HOLD, "", NULL);
    CHECK_DATE(d.final_date, "2022-01-01");
    EXPECT(r, NULL, "contact", active, 2, "2021-06-01", HOLD, "", NULL);  /* would be archive */
    /* a hold dated after today, or ended after today, is in force now */
    comply_event future_hold[] = { E("collection", "2020-01-01"), E("legal_hold", "2025-01-01") };
    EXPECT(r, NULL, "contact", future_hold, 2, "2024-01-01", HOLD, "", NULL);
    comply_event future_end[] = { E("collection", "2020-01-01"), E("legal_hold", "2021-01-01"),
                                  E("legal_hold_end", "2025-01-01") };
    EXPECT(r, NULL, "contact", future_end, 3, "2024-12-31", HOLD, "", NULL);
    EXPECT(r, NULL, "contact", future_end, 3, "2025-01-01", DELETE_DUE, "2022-01-01", "delete");
    /* a missing event is still reported under a hold */
    comply_event no_start[] = { E("legal_hold", "2021-01-01") };
    d = EXPECT(r, NULL, "contact", no_start, 1, "2024-01-01", HOLD, "", NULL);
    CHECK_STR(d.missing_event, "collection");
    comply_rules_free(r);
}

/* -------------------------------------------------------------- matching */

static void category_matches_the_rule_category_and_its_descendants(void)
{
    comply_rules *r = rules_with("'contact_rule':{'categories':['contact'],'from':'collection','keep':'P3Y'},"
                                 "'email_rule':{'categories':['contact.email','identity.username'],'from':'collection','keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, NULL, "contact.postal_address.city", ev, 1, "2020-06-01", ACTIVE, "2023-01-01", "delete");
    CHECK_STR(d.rule, "contact_rule");
    CU_ASSERT_EQUAL(d.n_other, 0);
    d = EXPECT(r, NULL, "contact.email", ev, 1, "2020-06-01", ACTIVE, "2021-01-01", "delete");
    CHECK_STR(d.rule, "email_rule");
    CU_ASSERT_EQUAL(d.n_other, 1);
    d = EXPECT(r, NULL, "contact", ev, 1, "2020-06-01", ACTIVE, "2023-01-01", "delete"); /* parent: not email_rule */
    CU_ASSERT_EQUAL(d.n_other, 0);
    d = EXPECT(r, NULL, "identity.username", ev, 1, "2020-06-01", ACTIVE, "2021-01-01", "delete");
    CHECK_STR(d.rule, "email_rule");
    d = EXPECT(r, NULL, NULL, ev, 1, "2020-06-01", ACTIVE, "2021-01-01", "delete"); /* any category */
    CU_ASSERT_EQUAL(d.n_other, 1);
    comply_deadline out;
    comply_error err;
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "identity.name", ev, 1, D("2020-06-01"), &out, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_EQUAL(out.stage, COMPLY_STAGE_UNKNOWN);
    comply_rules_free(r);
}

static void rule_without_categories_applies_to_every_category(void)
{
    comply_rules *r = rules_with("'mk':{'purposes':['marketing'],'from':'collection','keep':'P3Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, "marketing", "identity.name", ev, 1, "2020-06-01", ACTIVE, "2023-01-01", "delete");
    CHECK_STR(d.rule, "mk");
    EXPECT(r, "marketing", "behavioural.browsing", ev, 1, "2020-06-01", ACTIVE, "2023-01-01", "delete");
    comply_rules_free(r);
}

static void purpose_filter_selects_the_rules_of_the_purpose(void)
{
    comply_rules *r = rules_with2("'mk':{'purposes':['marketing'],'from':'collection','keep':'P3Y'},"
                                  "'bl':{'purposes':['billing'],'from':'collection','keep':'P10Y'},"
                                  "'mk_email':{'purposes':['marketing'],'categories':['contact.email'],'from':'collection','keep':'P6M'},"
                                  "'everyone':{'categories':['online'],'from':'collection','keep':'P1Y'}",
                                  "'audit':{'label':{'en':'Audit'},'legal_basis':'legal_obligation','retention':['bl']},"
                                  "'misc':{'label':{'en':'Misc'},'legal_basis':'consent'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d = EXPECT(r, "marketing", "identity.name", ev, 1, "2020-03-01", ACTIVE, "2023-01-01", "delete");
    CHECK_STR(d.rule, "mk");
    CU_ASSERT_EQUAL(d.n_other, 0);
    d = EXPECT(r, "marketing", "contact.email", ev, 1, "2020-03-01", ACTIVE, "2020-07-01", "delete");
    CHECK_STR(d.rule, "mk_email");
    CU_ASSERT_EQUAL(d.n_other, 1);
    d = EXPECT(r, "billing", "contact.email", ev, 1, "2020-03-01", ACTIVE, "2030-01-01", "delete");
    CHECK_STR(d.rule, "bl");
    CU_ASSERT_EQUAL(d.n_other, 0);
    /* a purpose whose own `retention` lists a rule gets it */
    d = EXPECT(r, "audit", "contact.email", ev, 1, "2020-03-01", ACTIVE, "2030-01-01", "delete");
    CHECK_STR(d.rule, "bl");
    /* a rule tied to no purpose covers the purposes tied to no rule… */
    d = EXPECT(r, "misc", "online.ip_address", ev, 1, "2020-03-01", ACTIVE, "2021-01-01", "delete");
    CHECK_STR(d.rule, "everyone");
    CU_ASSERT_EQUAL(d.n_other, 0);
    /* …and not a purpose that names its own rules */
    d = EXPECT(r, "billing", "online.ip_address", ev, 1, "2020-03-01", ACTIVE, "2030-01-01", "delete");
    CHECK_STR(d.rule, "bl");
    CU_ASSERT_EQUAL(d.n_other, 0);
    /* NULL: rules of any purpose */
    d = EXPECT(r, NULL, "contact.email", ev, 1, "2020-03-01", ACTIVE, "2020-07-01", "delete");
    CHECK_STR(d.rule, "mk_email");
    CU_ASSERT_EQUAL(d.n_other, 2);
    CHECK_STR(d.other_rules[0], "mk");
    CHECK_STR(d.other_rules[1], "bl");
    comply_rules_free(r);
}

static void no_rule_is_enotfound_with_a_message_naming_purpose_and_category(void)
{
    comply_rules *r = rules_with("'mk':{'purposes':['marketing'],'categories':['contact'],'from':'collection','keep':'P3Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d;
    comply_error err;
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "billing", "contact.email", ev, 1, D("2020-06-01"), &d, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_EQUAL(err.code, COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "\"billing\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "\"contact.email\""));
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_UNKNOWN);
    CU_ASSERT_PTR_NULL(d.rule);
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "marketing", "identity.name", ev, 1, D("2020-06-01"), &d, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "\"identity.name\""));
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "nope", "contact", ev, 1, D("2020-06-01"), &d, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "unknown purpose \"nope\""));
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "marketing", "contact.pager", ev, 1, D("2020-06-01"), &d, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "unknown category \"contact.pager\""));
    /* hostile text is not echoed */
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "marketing", "jean.dupont@example.org\xff", ev, 1, D("2020-06-01"),
                                              &d, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NULL(strstr(err.message, "dupont"));
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "marketing", "", ev, 1, D("2020-06-01"), &d, &err),
                    COMPLY_ENOTFOUND);
    comply_date cutoff;
    const char *event;
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, "billing", NULL, D("2020-06-01"), &cutoff, &event, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "\"billing\""));
    comply_rules_free(r);

    /* no retention rule at all */
    r = rules_with("");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, NULL, NULL, 0, D("2020-06-01"), &d, &err), COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no retention rule"));
    comply_rules_free(r);
}

static void null_and_invalid_arguments_are_einval(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'collection','keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    comply_deadline d;
    comply_error err;
    const comply_date today = D("2020-06-01");
    CU_ASSERT_EQUAL(comply_retention_deadline(NULL, NULL, "contact", ev, 1, today, &d, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_UNKNOWN);
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", ev, 1, today, NULL, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", NULL, 1, today, &d, &err), COMPLY_EINVAL);
    comply_event unnamed[] = { { NULL, { 2020, 1, 1 } } };
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", unnamed, 1, today, &d, &err), COMPLY_EINVAL);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "events[0]"));
    comply_event bad_date[] = { { "collection", { 2023, 2, 29 } } };
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", bad_date, 1, today, &d, &err), COMPLY_EINVAL);
    CU_ASSERT_PTR_NULL(strstr(err.message, "2023"));
    comply_date bad_today = { 2020, 13, 1 };
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", ev, 1, bad_today, &d, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", ev, 1, today, &d, NULL), COMPLY_OK);
    /* NULL events with none is fine */
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", NULL, 0, today, &d, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_UNKNOWN);

    comply_date cutoff = { 1, 1, 1 };
    const char *event = "x";
    CU_ASSERT_EQUAL(comply_retention_cutoff(NULL, NULL, "contact", today, &cutoff, &event, &err), COMPLY_EINVAL);
    CHECK_DATE(cutoff, "");
    CU_ASSERT_PTR_NULL(event);
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "contact", today, NULL, &event, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "contact", today, &cutoff, NULL, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "contact", bad_today, &cutoff, &event, &err), COMPLY_EINVAL);
    comply_rules_free(r);
}

static void dates_past_9999_are_erange(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'collection','keep':'P3Y'},"
                                 "'z':{'categories':['interaction'],'from':'collection','keep':'P0D'},"
                                 "'f':{'categories':['financial'],'from':'collection','anchor':'fiscal_year_end',"
                                 "'fiscal_year_end':'06-30','keep':'P0D'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_deadline d;
    comply_error err;
    comply_event late[] = { E("collection", "9998-01-01") };
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact", late, 1, D("9998-06-01"), &d, &err), COMPLY_ERANGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "9999"));
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_UNKNOWN);
    comply_event ok[] = { E("collection", "9996-12-31") };
    EXPECT(r, NULL, "contact", ok, 1, "9999-12-30", ACTIVE, "9999-12-31", "delete");
    EXPECT(r, NULL, "contact", ok, 1, "9999-12-31", DELETE_DUE, "9999-12-31", "delete");
    comply_event last[] = { E("collection", "9999-12-31") };
    EXPECT(r, NULL, "interaction", last, 1, "9999-12-31", DELETE_DUE, "9999-12-31", "delete");
    comply_event after_fye[] = { E("collection", "9999-07-01") };
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "financial", after_fye, 1, D("9999-08-01"), &d, &err),
                    COMPLY_ERANGE);
    comply_event before_fye[] = { E("collection", "9999-06-30") };
    EXPECT(r, NULL, "financial", before_fye, 1, "9999-06-30", DELETE_DUE, "9999-06-30", "delete");
    comply_date cutoff;
    const char *event;
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "interaction", D("9999-12-31"), &cutoff, &event, &err),
                    COMPLY_ERANGE);
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "contact", D("9999-12-31"), &cutoff, &event, &err), COMPLY_OK);
    CHECK_DATE(cutoff, "9997-01-01");
    /* near year 1 nothing is due yet: the cutoff is the first date */
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "contact", D("0002-06-01"), &cutoff, &event, &err), COMPLY_OK);
    CHECK_DATE(cutoff, "0001-01-01");
    comply_rules_free(r);
}

/* ------------------------------------------------------- compiled rules */

/* Adds a pack written with single quotes; returns the status. */
static comply_status add_quoted(comply_rules *r, const char *quoted, comply_error *err)
{
    char json[2048];
    snprintf(json, sizeof json, "%s", quoted);
    for (char *p = json; *p; p++)
        if (*p == '\'')
            *p = '"';
    return comply_rules_add_json(r, json, strlen(json), "<layer>", err);
}

static void compiled_rules_follow_each_layer(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'collection','keep':'P1Y'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    EXPECT(r, NULL, "contact.email", ev, 1, "2020-06-01", ACTIVE, "2021-01-01", "delete");
    comply_error err;
    /* a rule replaced by a later pack */
    CU_ASSERT_EQUAL(add_quoted(r, "{'comply_pack':1,'retention':{'p':{'categories':['contact'],'from':'collection',"
                                  "'keep':'P2Y','then':'anonymise'}}}", &err),
                    COMPLY_OK);
    EXPECT(r, NULL, "contact.email", ev, 1, "2020-06-01", ACTIVE, "2022-01-01", "anonymise");
    /* a refused pack leaves the compiled rules as they were */
    CU_ASSERT_EQUAL(add_quoted(r, "{'comply_pack':1,'retention':{'q':{'categories':['contact.pager'],"
                                  "'from':'collection','keep':'P1D'}}}", &err),
                    COMPLY_ERULE);
    comply_deadline d = EXPECT(r, NULL, "contact.email", ev, 1, "2020-06-01", ACTIVE, "2022-01-01", "anonymise");
    CU_ASSERT_EQUAL(d.n_other, 0);
    /* a new purpose and its rule */
    CU_ASSERT_EQUAL(add_quoted(r, "{'comply_pack':1,'purposes':{'late':{'label':{'en':'Late'},'legal_basis':'consent'}},"
                                  "'retention':{'l':{'purposes':['late'],'from':'collection','keep':'P6M'}}}", &err),
                    COMPLY_OK);
    d = EXPECT(r, "late", "contact.email", ev, 1, "2020-06-01", ACTIVE, "2020-07-01", "delete");
    CHECK_STR(d.rule, "l");
    CU_ASSERT_EQUAL(d.n_other, 0); /* p is tied to no purpose, late names l */
    /* removed rules no longer apply */
    CU_ASSERT_EQUAL(add_quoted(r, "{'comply_pack':1,'remove':{'retention':['p','l']}}", &err), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_retention_deadline(r, NULL, "contact.email", ev, 1, D("2020-06-01"), &d, &err),
                    COMPLY_ENOTFOUND);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no retention rule"));
    comply_rules_free(r);
}

static void a_rule_reached_several_ways_applies_once_in_pack_order(void)
{
    comply_rules *r = rules_with2("'a':{'categories':['contact','contact.postal_address'],'from':'collection','keep':'P5Y'},"
                                  "'b':{'purposes':['marketing'],'from':'collection','keep':'P4Y'},"
                                  "'c':{'categories':['contact.postal_address.city'],'purposes':['marketing','audit'],"
                                  "'from':'collection','keep':'P3Y'}",
                                  "'audit':{'label':{'en':'Audit'},'legal_basis':'legal_obligation','retention':['c','a']}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_event ev[] = { E("collection", "2020-01-01") };
    /* by the category, an ancestor, two levels of one rule, and no category */
    comply_deadline d = EXPECT(r, NULL, "contact.postal_address.city", ev, 1, "2020-06-01", ACTIVE, "2023-01-01",
                               "delete");
    CHECK_STR(d.rule, "c");
    CU_ASSERT_EQUAL(d.n_other, 2);
    CHECK_STR(d.other_rules[0], "a");
    CHECK_STR(d.other_rules[1], "b");
    CU_ASSERT_PTR_NULL(d.other_rules[2]);
    /* a purpose reaching rule c both ways counts it once */
    d = EXPECT(r, "audit", "contact.postal_address.city", ev, 1, "2020-06-01", ACTIVE, "2023-01-01", "delete");
    CHECK_STR(d.rule, "c");
    CU_ASSERT_EQUAL(d.n_other, 1);
    CHECK_STR(d.other_rules[0], "a");
    /* rule a is named by audit: it belongs to audit, not to every purpose */
    d = EXPECT(r, "marketing", "contact.email", ev, 1, "2020-06-01", ACTIVE, "2024-01-01", "delete");
    CHECK_STR(d.rule, "b");
    CU_ASSERT_EQUAL(d.n_other, 0);
    comply_error err;
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "billing", "contact.postal_address", ev, 1, D("2020-06-01"), &d,
                                              &err),
                    COMPLY_ENOTFOUND);
    /* a category above every rule's: only the rule without categories */
    d = EXPECT(r, NULL, "identity", ev, 1, "2020-06-01", ACTIVE, "2024-01-01", "delete");
    CHECK_STR(d.rule, "b");
    CU_ASSERT_EQUAL(d.n_other, 0);
    comply_rules_free(r);
}

/* ------------------------------------------------------------------ cutoff */

static void cutoff_of_a_simple_rule(void)
{
    comply_rules *r = rules_with("'p':{'categories':['contact'],'from':'collection','keep':'P3Y'},"
                                 "'m':{'categories':['identity'],'from':'consent','keep':'P1M'}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    comply_date cutoff;
    const char *event;
    comply_error err;
    CU_ASSERT_EQUAL_FATAL(comply_retention_cutoff(r, NULL, "contact.email", D("2024-03-15"), &cutoff, &event, &err),
                          COMPLY_OK);
    CHECK_DATE(cutoff, "2021-03-16"); /* 2021-03-15 + P3Y = today: due */
    CHECK_STR(event, "collection");
    /* today − P1M would be 2021-01-28, but 01-28 … 01-31 all reach 02-28 */
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "identity", D("2021-02-28"), &cutoff, &event, &err), COMPLY_OK);
    CHECK_DATE(cutoff, "2021-02-01");
    CHECK_STR(event, "consent");
    /* today − P1M would be 2021-02-28, which reaches 03-28: due too */
    CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "identity", D("2021-03-30"), &cutoff, &event, &err), COMPLY_OK);
    CHECK_DATE(cutoff, "2021-03-01");
    comply_rules_free(r);
}

/* Checks, for every day of 2023..2026 as today, that the records whose
 * event is before the cutoff are exactly the ones comply_retention_deadline
 * calls delete_due (event dates within 45 days either side of the cutoff,
 * and a few far away). */
static void sweep_at(const char *retention, unsigned line)
{
    comply_rules *r = rules_with(retention);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const int64_t first = comply_date_to_days(D("2023-01-01")), last = comply_date_to_days(D("2026-12-31"));
    unsigned long mismatches = 0, checked = 0;
    char msg[300] = "";
    for (int64_t t = first; t <= last; t++) {
        comply_date today = plus_days(D("1970-01-01"), t);
        comply_date cutoff;
        const char *event;
        comply_error err;
        if (comply_retention_cutoff(r, NULL, "contact", today, &cutoff, &event, &err) != COMPLY_OK) {
            snprintf(msg, sizeof msg, "cutoff failed: %s", err.message);
            mismatches++;
            break;
        }
        const int64_t c = comply_date_to_days(cutoff);
        for (int64_t k = -47; k <= 45; k++) {
            int64_t s = c + k;
            if (k == -47)
                s = c - 4000; /* far before */
            else if (k == -46)
                s = t + 400; /* far after, in the future */
            comply_event ev = { event, plus_days(D("1970-01-01"), s) };
            comply_deadline d;
            if (comply_retention_deadline(r, NULL, "contact", &ev, 1, today, &d, &err) != COMPLY_OK) {
                snprintf(msg, sizeof msg, "deadline failed: %s", err.message);
                mismatches++;
                continue;
            }
            checked++;
            const bool due = d.stage == COMPLY_STAGE_DELETE_DUE;
            if (due != (s < c)) {
                if (!mismatches) {
                    char b1[16], b2[16], b3[16];
                    snprintf(msg, sizeof msg, "today %s cutoff %s event %s: stage %s", date_text(today, b1),
                             date_text(cutoff, b2), date_text(ev.date, b3), comply_stage_name(d.stage));
                }
                mismatches++;
            }
        }
    }
    char full[400];
    snprintf(full, sizeof full, "%lu mismatches in %lu records; first: %s", mismatches, checked, msg);
    CU_assertImplementation(mismatches == 0 && checked > 1461 * 90, line, full, __FILE__, "cutoff_sweep", CU_FALSE);
    comply_rules_free(r);
}
#define SWEEP(json) sweep_at((json), __LINE__)

static void cutoff_sweep_agrees_with_the_deadline_every_day_of_four_years(void)
{
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P3Y'}");
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P1M'}");
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P13M'}");
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P0D'}");
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P2W3D'}");
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P1M','archive_for':'P1Y2M3D'}");
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P1Y','archive_for':'P1M','then':'anonymise'}");
    SWEEP("'p':{'categories':['contact'],'from':'collection','keep':'P1M30D','archive_for':'P11M'}");
}

static void cutoff_sweep_agrees_with_the_deadline_for_several_rules(void)
{
    /* strictest of two: due under either */
    SWEEP("'a':{'categories':['contact'],'from':'collection','keep':'P3Y'},"
          "'b':{'categories':['contact'],'from':'collection','keep':'P2Y11M30D'}");
    SWEEP("'a':{'categories':['contact'],'from':'collection','keep':'P1M'},"
          "'b':{'categories':['contact'],'from':'collection','keep':'P30D'}");
    /* legal minima: due under all of them; the maximum is overridden */
    SWEEP("'x':{'categories':['contact'],'from':'collection','keep':'P1Y','limit':'maximum'},"
          "'m1':{'categories':['contact'],'from':'collection','keep':'P5Y','limit':'minimum'},"
          "'m2':{'categories':['contact'],'from':'collection','keep':'P4Y11M30D','limit':'minimum'}");
    SWEEP("'m1':{'categories':['contact'],'from':'collection','keep':'P1M','limit':'minimum'},"
          "'m2':{'categories':['contact'],'from':'collection','keep':'P31D','limit':'minimum'}");
}

static void cutoff_refuses_rules_without_a_single_cutoff(void)
{
    static const struct {
        const char *json, *why;
    } cases[] = {
        { "'p':{'categories':['contact'],'from':{'latest_of':['collection','last_contact']},'keep':'P3Y'}", "latest_of" },
        { "'p':{'categories':['contact'],'from':'collection','anchor':'fiscal_year_end','keep':'P3Y'}", "anchor" },
        { "'p':{'categories':['contact'],'from':'collection','anchor':'calendar_year_end','keep':'P3Y'}", "anchor" },
        { "'p':{'categories':['contact'],'active_until':'end_of_contract','keep':'P3Y'}", "open-ended" },
        { "'p':{'categories':['contact'],'from':'collection','active_until':'end_of_contract','keep':'P3Y'}", "open-ended" },
        { "'p':{'categories':['contact'],'never_store':true}", "never_store" },
        { "'a':{'categories':['contact'],'from':'collection','keep':'P3Y'},"
          "'b':{'categories':['contact'],'from':'last_contact','keep':'P3Y'}", "different events" },
        { "'a':{'categories':['contact'],'from':'collection','keep':'P3Y'},"
          "'b':{'categories':['contact'],'from':{'latest_of':['collection']},'keep':'P3Y'}", "latest_of" },
    };
    for (size_t i = 0; i < N(cases); i++) {
        comply_rules *r = rules_with(cases[i].json);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        comply_date cutoff = { 1, 1, 1 };
        const char *event = "x";
        comply_error err;
        CU_ASSERT_EQUAL(comply_retention_cutoff(r, NULL, "contact", D("2024-01-01"), &cutoff, &event, &err),
                        COMPLY_ENOTFOUND);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "no single cutoff"));
        CU_ASSERT_PTR_NOT_NULL(strstr(err.message, cases[i].why));
        CHECK_DATE(cutoff, "");
        CU_ASSERT_PTR_NULL(event);
        comply_rules_free(r);
    }
}

static void stage_names_are_stable(void)
{
    CHECK_STR(comply_stage_name(COMPLY_STAGE_ACTIVE), "active");
    CHECK_STR(comply_stage_name(COMPLY_STAGE_ARCHIVE), "archive");
    CHECK_STR(comply_stage_name(COMPLY_STAGE_DELETE_DUE), "delete_due");
    CHECK_STR(comply_stage_name(COMPLY_STAGE_HOLD), "hold");
    CHECK_STR(comply_stage_name(COMPLY_STAGE_UNKNOWN), "unknown");
    CU_ASSERT_PTR_NULL(comply_stage_name((comply_stage)99));
    CU_ASSERT_PTR_NULL(comply_stage_name((comply_stage)-1));
}

/* --------------------------------------------- the default support rule */

/* The default pack's support.contact: contact details exchanged for a
 * support request, deleted 1 month after the request is resolved. */
static void support_contact_is_deleted_a_month_after_resolution(void)
{
    comply_rules *r = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_rules_default(&r, NULL), COMPLY_OK);
    comply_event ev[] = { { "resolved", { 2026, 1, 31 } } };
    comply_deadline d;
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "after_sales_support", "contact.email", ev, 1, D("2026-02-27"), &d,
                                              NULL),
                    COMPLY_OK);
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_ACTIVE);
    CHECK_DATE(d.next_date, "2026-02-28"); /* 31 Jan + P1M, clamped */
    CHECK_STR(d.rule, "support.contact");
    CHECK_STR(d.basis, "controller");
    CU_ASSERT_PTR_NOT_NULL(d.source && strstr(d.source, "CNIL"));
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "after_sales_support", "contact.phone", ev, 1, D("2026-02-28"), &d,
                                              NULL),
                    COMPLY_OK);
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_DELETE_DUE);
    CHECK_STR(d.next_action, "delete");
    /* not resolved yet: unknown, never guessed */
    comply_event open_request[] = { { "collection", { 2026, 1, 31 } } };
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "after_sales_support", "contact.email", open_request, 1,
                                              D("2026-06-01"), &d, NULL),
                    COMPLY_OK);
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_UNKNOWN);
    CHECK_STR(d.missing_event, "resolved");
    /* the rule belongs to the support purpose only */
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "newsletter", "contact.email", ev, 1, D("2026-06-01"), &d, NULL),
                    COMPLY_OK);
    CU_ASSERT(d.rule == NULL || strcmp(d.rule, "support.contact") != 0);
    comply_rules_free(r);
}

/* The grace period is configured by an overlay pack that replaces the rule
 * (doc/retention-rules.md). */
static void support_contact_grace_period_is_set_by_an_overlay(void)
{
    static const char overlay[] =
        "{\"comply_pack\": 1, \"retention\": {\"support.contact\": {"
        "\"label\": {\"en\": \"Contact details given to solve a support request\"},"
        "\"purposes\": [\"after_sales_support\"], \"categories\": [\"contact\"], \"from\": \"resolved\","
        "\"keep\": \"P15D\", \"then\": \"delete\", \"limit\": \"maximum\", \"basis\": \"controller\","
        "\"source\": {\"title\": \"Our support policy\", \"article\": \"§ 4\"}}}}";
    comply_rules *r = NULL;
    comply_error err;
    CU_ASSERT_EQUAL_FATAL(comply_rules_default(&r, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_rules_add_json(r, overlay, strlen(overlay), "overlay.json", &err), COMPLY_OK);
    comply_event ev[] = { { "resolved", { 2026, 1, 31 } } };
    comply_deadline d;
    CU_ASSERT_EQUAL(comply_retention_deadline(r, "after_sales_support", "contact.email", ev, 1, D("2026-02-14"), &d,
                                              NULL),
                    COMPLY_OK);
    CU_ASSERT_EQUAL(d.stage, COMPLY_STAGE_ACTIVE);
    CHECK_DATE(d.next_date, "2026-02-15");
    CHECK_STR(d.source, "Our support policy");
    comply_rules_free(r);
}

/* --------------------------------------------------------------- setup */

/* Removes the default pack's purposes and retention rules (if any), which
 * other rules may not refer to, so that the tests see only their own. */
static comply_status strip_default(comply_rules *r)
{
    static const comply_section strip[] = { COMPLY_SECTION_RETENTION, COMPLY_SECTION_PURPOSES };
    size_t size = 128;
    for (size_t s = 0; s < 2; s++)
        for (size_t i = 0; i < comply_rules_entry_count(r, strip[s]); i++)
            size += strlen(comply__rules_entry_at(r, strip[s], i)->key) + 4;
    char *json = malloc(size);
    if (!json)
        return COMPLY_ENOMEM;
    size_t at = (size_t)snprintf(json, size, "{\"comply_pack\":1,\"remove\":{");
    bool any = false;
    for (size_t s = 0; s < 2; s++) {
        size_t n = comply_rules_entry_count(r, strip[s]);
        if (!n)
            continue;
        at += (size_t)snprintf(json + at, size - at, "%s\"%s\":[", any ? "," : "", comply_section_name(strip[s]));
        for (size_t i = 0; i < n; i++)
            at += (size_t)snprintf(json + at, size - at, "%s\"%s\"", i ? "," : "",
                                   comply__rules_entry_at(r, strip[s], i)->key);
        at += (size_t)snprintf(json + at, size - at, "]");
        any = true;
    }
    snprintf(json + at, size - at, "}}");
    comply_status st = any ? comply_rules_add_json(r, json, strlen(json), "<strip>", NULL) : COMPLY_OK;
    free(json);
    return st;
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    if (comply_rules_default(&base, NULL) != COMPLY_OK || strip_default(base) != COMPLY_OK)
        return 2;
    CU_pSuite s = CU_add_suite("retention", NULL, NULL);
#define ADD(t) CU_add_test(s, #t, t)
    ADD(simple_keep_is_active_until_the_deadline_and_due_from_it);
    ADD(simple_keep_from_29_february_ends_on_28_february);
    ADD(keep_then_archive_goes_active_archive_then_final_action);
    ADD(keep_p0d_is_due_on_the_day_of_the_event);
    ADD(keep_p0d_then_archive_archives_on_the_day_of_the_event);
    ADD(never_store_is_due_from_the_earliest_event_or_today);
    ADD(latest_of_counts_from_the_latest_event_present);
    ADD(repeated_event_counts_from_its_latest_date);
    ADD(active_until_absent_is_active_with_no_date);
    ADD(active_until_with_from_counts_from_the_from_event_once_ended);
    ADD(future_event_dates_are_computed_normally);
    ADD(fiscal_year_end_defaults_to_31_december);
    ADD(fiscal_year_end_30_june);
    ADD(fiscal_year_end_29_february_clamps_in_common_years);
    ADD(calendar_year_end_counts_from_31_december);
    ADD(strictest_rule_wins_when_no_legal_minimum_applies);
    ADD(legal_minimum_overrides_shorter_maxima_and_the_longest_minimum_decides);
    ADD(open_ended_rule_counts_as_the_latest_final_date);
    ADD(never_store_beats_a_longer_rule);
    ADD(a_rule_with_a_missing_event_makes_the_result_unknown);
    ADD(other_rules_past_the_limit_are_counted_not_listed);
    ADD(legal_hold_suspends_deletion_until_it_ends);
    ADD(legal_hold_in_force_whatever_the_computed_stage);
    ADD(category_matches_the_rule_category_and_its_descendants);
    ADD(rule_without_categories_applies_to_every_category);
    ADD(purpose_filter_selects_the_rules_of_the_purpose);
    ADD(no_rule_is_enotfound_with_a_message_naming_purpose_and_category);
    ADD(null_and_invalid_arguments_are_einval);
    ADD(dates_past_9999_are_erange);
    ADD(compiled_rules_follow_each_layer);
    ADD(a_rule_reached_several_ways_applies_once_in_pack_order);
    ADD(cutoff_of_a_simple_rule);
    ADD(cutoff_sweep_agrees_with_the_deadline_every_day_of_four_years);
    ADD(cutoff_sweep_agrees_with_the_deadline_for_several_rules);
    ADD(cutoff_refuses_rules_without_a_single_cutoff);
    ADD(stage_names_are_stable);
    ADD(support_contact_is_deleted_a_month_after_resolution);
    ADD(support_contact_grace_period_is_set_by_an_overlay);
#undef ADD
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures();
    comply_rules_free(base);
    CU_cleanup_registry();
    return failures ? 1 : 0;
}
