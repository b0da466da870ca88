/*
 * test_breach.c - CUnit tests for lib/breach.c: the Art. 33/34 assessment
 * of a breach description. Each risk trigger, the encryption exemption,
 * gaps, late notification, and malformed, huge and invalid-UTF-8 input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <cJSON.h>

#include "comply.h"
#include "runner.h"
#include "testutil.h"

static comply_rules *rules;

/* A readable base: unencrypted, contact data only, every Art. 33(3) fact. */
#define BASE_FACTS                                                                                                    \
    "\"description\": \"d\", \"people\": 10, \"records\": 10, \"dpo\": \"dpo@example.org\", "                    \
    "\"consequences\": \"c\", \"measures_taken\": \"m\", \"nature\": [\"confidentiality\"], "                     \
    "\"aware_at\": \"2026-03-13T09:15:00+01:00\""

/* Assesses `json`; the parsed output, or NULL (with a failed assertion). */
static cJSON *assess_at(const char *json, unsigned line)
{
    char *out = NULL;
    size_t len = 0;
    comply_error err;
    comply_status st = comply_breach_assess_json(rules, json, strlen(json), "t.json", &out, &len, &err);
    char msg[1200];
    snprintf(msg, sizeof msg, "status %d: %.200s (at %.100s)", (int)st, st ? err.message : "", st ? err.path : "");
    CU_assertImplementation(st == COMPLY_OK && out && strlen(out) == len, line, msg, __FILE__, "assess", CU_FALSE);
    cJSON *doc = out ? cJSON_Parse(out) : NULL;
    CU_assertImplementation(doc != NULL, line, "output is not JSON", __FILE__, "assess", CU_FALSE);
    comply_free(rules, out);
    return doc;
}
#define ASSESS(json) assess_at((json), __LINE__)

static const cJSON *get(const cJSON *doc, const char *a, const char *b)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(doc, a);
    return b ? cJSON_GetObjectItemCaseSensitive(o, b) : o;
}

/* 1 true, 0 false, -1 null, -2 missing or another type */
static int tri(const cJSON *doc, const char *a, const char *b)
{
    const cJSON *v = get(doc, a, b);
    return cJSON_IsTrue(v) ? 1 : cJSON_IsFalse(v) ? 0 : cJSON_IsNull(v) ? -1 : -2;
}

static int has_gap(const cJSON *doc, const char *field)
{
    const cJSON *g;
    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(doc, "gaps"))
    {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(g, "field");
        if (cJSON_IsString(f) && strcmp(f->valuestring, field) == 0)
            return 1;
    }
    return 0;
}

static int reasons_mention(const cJSON *doc, const char *needle)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, get(doc, "inform_people", "reasons"))
        if (cJSON_IsString(r) && strstr(r->valuestring, needle))
            return 1;
    return 0;
}

static const char *str(const cJSON *doc, const char *a, const char *b)
{
    const cJSON *v = get(doc, a, b);
    return cJSON_IsString(v) ? v->valuestring : "(not a string)";
}

static void expect_error_at(const char *json, size_t len, comply_status want, unsigned long line_no,
                            unsigned long column, const char *path, unsigned line)
{
    char *out = (char *)"untouched";
    comply_error err;
    memset(&err, 0, sizeof err);
    comply_status st = comply_breach_assess_json(rules, json, len, "t.json", &out, NULL, &err);
    char msg[1200];
    snprintf(msg, sizeof msg, "status %d (want %d), at %lu:%lu path \"%s\" (want %lu:%lu \"%s\"): %s", (int)st,
             (int)want, err.line, err.column, err.path, line_no, column, path ? path : "", err.message);
    int ok = st == want && out == NULL && err.code == want;
    if (line_no)
        ok = ok && err.line == line_no && err.column == column;
    if (path)
        ok = ok && strcmp(err.path, path) == 0;
    CU_assertImplementation(ok, line, msg, __FILE__, "expect_error", CU_FALSE);
}
#define EXPECT_ERROR(json, want, l, c, path) expect_error_at((json), strlen(json), (want), (l), (c), (path), __LINE__)

/* ------------------------------------------------------------ deadline */

static void deadline_is_72_hours_after_awareness_in_utc(void)
{
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"contact.email\"], \"encrypted\": false}");
    CU_ASSERT_STRING_EQUAL(str(d, "notify_authority", "deadline"), "2026-03-16T08:15:00Z");
    CU_ASSERT_STRING_EQUAL(str(d, "notify_authority", "article"), "GDPR Art. 33(1)");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), 1);
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "late"), -1); /* not notified yet */
    CU_ASSERT_EQUAL(cJSON_GetArraySize(get(d, "gaps", NULL)), 0);
    cJSON_Delete(d);
}

static void missing_awareness_is_a_gap_not_a_deadline(void)
{
    cJSON *d = ASSESS("{\"categories\": [\"contact.email\"], \"encrypted\": false, \"nature\": [\"integrity\"]}");
    CU_ASSERT(cJSON_IsNull(get(d, "notify_authority", "deadline")));
    CU_ASSERT(has_gap(d, "aware_at"));
    CU_ASSERT(has_gap(d, "people"));
    CU_ASSERT(has_gap(d, "records"));
    CU_ASSERT(has_gap(d, "consequences"));
    CU_ASSERT(has_gap(d, "measures_taken"));
    CU_ASSERT_FALSE(has_gap(d, "nature"));
    cJSON_Delete(d);
}

static void late_notification_asks_for_the_reasons(void)
{
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"contact.email\"], \"encrypted\": false, "
                      "\"notified_at\": \"2026-03-16T08:15:01Z\"}");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "late"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(str(d, "notify_authority", "late_note"), "reasons for the delay"));
    cJSON_Delete(d);
    d = ASSESS("{" BASE_FACTS ", \"categories\": [\"contact.email\"], \"encrypted\": false, "
               "\"notified_at\": \"2026-03-16T09:15:00+01:00\"}");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "late"), 0); /* exactly at the deadline */
    CU_ASSERT(cJSON_IsNull(get(d, "notify_authority", "late_note")));
    cJSON_Delete(d);
    d = ASSESS("{\"categories\": [\"contact.email\"], \"notified_at\": \"2026-03-16T09:15:00Z\"}");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "late"), -1); /* no awareness: not known */
    cJSON_Delete(d);
}

/* ------------------------------------------------------ risk triggers */

static void contact_data_unencrypted_notify_but_no_high_risk(void)
{
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"contact.email\", \"identity.name\"], \"encrypted\": false}");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), 1);
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), 0);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(get(d, "inform_people", "reasons")), 0);
    cJSON_Delete(d);
}

static void each_trigger_makes_informing_likely(void)
{
    static const struct {
        const char *category, *mention;
    } cases[] = {
        { "special.health", "Art. 9" },
        { "special.biometric", "Art. 9" },
        { "criminal.conviction", "Art. 10" },
        { "identity.national_id", "identity.national_id" },
        { "identity.identity_document", "identity.identity_document" },
        { "financial.payment_card", "financial.payment_card" },
        { "financial.iban", "financial.iban" },
        { "user.financial.credit_card", "financial.payment_card" }, /* fideslang alias */
        { "dpv-pd:OfficialID", "identity.national_id" },            /* DPV alias */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[512];
        snprintf(json, sizeof json, "{" BASE_FACTS ", \"categories\": [\"contact.email\", \"%s\"], \"encrypted\": false}",
                 cases[i].category);
        cJSON *d = ASSESS(json);
        CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), 1);
        if (!reasons_mention(d, cases[i].mention))
            CU_FAIL(cases[i].category);
        cJSON_Delete(d);
    }
}

static void passwords_count_by_how_they_were_stored(void)
{
    static const char *const readable[] = { "plaintext", "reversible", "hashed_unsalted" };
    for (size_t i = 0; i < 3; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{" BASE_FACTS ", \"categories\": [\"authentication.password\"], \"encrypted\": false, "
                 "\"passwords\": {\"stored\": \"%s\"}}",
                 readable[i]);
        cJSON *d = ASSESS(json);
        CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), 1);
        CU_ASSERT(reasons_mention(d, readable[i]));
        cJSON_Delete(d);
    }
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"authentication.password\", \"contact.email\"], "
                      "\"encrypted\": false, \"passwords\": {\"stored\": \"hashed_salted\"}}");
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), 0);
    cJSON_Delete(d);
}

static void passwords_of_unknown_storage_are_a_gap(void)
{
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"authentication.password\"], \"encrypted\": false}");
    CU_ASSERT(has_gap(d, "passwords.stored"));
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), -1);
    cJSON_Delete(d);
}

/* ---------------------------------------------------------- encryption */

static void encryption_with_a_safe_key_exempts_both(void)
{
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"special.health\"], \"encrypted\": true, "
                      "\"key_compromised\": false}");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), 0);
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), 0);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(get(d, "inform_people", "exemptions")), 1);
    CU_ASSERT(reasons_mention(d, "Art. 9")); /* the trigger is still shown */
    cJSON_Delete(d);
}

static void encryption_does_not_cover_lost_availability(void)
{
    cJSON *d = ASSESS("{\"aware_at\": \"2026-03-13T09:15:00Z\", \"nature\": [\"confidentiality\", \"availability\"], "
                      "\"categories\": [\"contact.email\"], \"encrypted\": true, \"key_compromised\": false}");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), 1);
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), 0);
    cJSON_Delete(d);
}

static void a_compromised_key_is_no_encryption(void)
{
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"financial.iban\"], \"encrypted\": true, "
                      "\"key_compromised\": true}");
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), 1);
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), 1);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(get(d, "inform_people", "exemptions")), 0);
    cJSON_Delete(d);
}

static void unknown_encryption_or_key_leaves_answers_null(void)
{
    cJSON *d = ASSESS("{" BASE_FACTS ", \"categories\": [\"special.health\"]}");
    CU_ASSERT(has_gap(d, "encrypted"));
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), -1);
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), -1);
    cJSON_Delete(d);
    d = ASSESS("{" BASE_FACTS ", \"categories\": [\"special.health\"], \"encrypted\": true}");
    CU_ASSERT(has_gap(d, "key_compromised"));
    CU_ASSERT_FALSE(has_gap(d, "encrypted"));
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), -1);
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), -1);
    cJSON_Delete(d);
    d = ASSESS("{\"aware_at\": \"2026-03-13T09:15:00Z\", \"encrypted\": false}");
    CU_ASSERT(has_gap(d, "categories"));
    CU_ASSERT_EQUAL(tri(d, "notify_authority", "required"), 1);
    CU_ASSERT_EQUAL(tri(d, "inform_people", "likely_required"), -1);
    cJSON_Delete(d);
}

/* ------------------------------------------------------------ register */

static void register_entry_has_facts_effects_and_remedial_action(void)
{
    cJSON *d = ASSESS("{\"description\": \"d\", \"aware_at\": \"2026-01-01T00:00:00Z\", \"nature\": [\"integrity\"], "
                      "\"categories\": [\"user.contact.email\"], \"encrypted\": false, \"people\": {\"min\": 3, "
                      "\"max\": 9}, \"consequences\": \"c\", \"measures_taken\": \"t\", \"measures_planned\": \"p\", "
                      "\"controller\": \"C\", \"dpo\": \"D\"}");
    const cJSON *r = get(d, "register_entry", NULL);
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(r, "facts");
    CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(facts, "categories"), 0)->valuestring,
                           "contact.email");
    CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(facts, "people"), "max")->valueint,
                    9);
    CU_ASSERT_STRING_EQUAL(str(r, "effects", "consequences"), "c");
    CU_ASSERT_STRING_EQUAL(str(r, "remedial_action", "taken"), "t");
    CU_ASSERT_STRING_EQUAL(str(r, "remedial_action", "planned"), "p");
    CU_ASSERT_STRING_EQUAL(str(r, "article", NULL), "GDPR Art. 33(5)");
    CU_ASSERT_STRING_EQUAL(str(d, "source", NULL), "t.json");
    CU_ASSERT_FALSE(has_gap(d, "people"));
    CU_ASSERT_TRUE(has_gap(d, "records"));
    cJSON_Delete(d);
}

static void huge_description_is_read(void)
{
    const size_t n = 1024 * 1024;
    char *json = malloc(n + 64);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    size_t len = (size_t)sprintf(json, "{\"description\": \"");
    memset(json + len, 'x', n);
    len += n;
    len += (size_t)sprintf(json + len, "\", \"encrypted\": false}");
    char *out = NULL;
    size_t out_len = 0;
    CU_ASSERT_EQUAL(comply_breach_assess_json(rules, json, len, NULL, &out, &out_len, NULL), COMPLY_OK);
    CU_ASSERT(out_len > n);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"source\":\"<json>\""));
    comply_free(rules, out);
    free(json);
}

/* ------------------------------------------------------------ bad input */

static void malformed_json_has_line_and_column(void)
{
    EXPECT_ERROR("{\n  \"aware_at\": \"2026-01-01T00:00:00Z\",\n  \"encrypted\": tru\n}", COMPLY_EPARSE, 3, 16, NULL);
    EXPECT_ERROR("{\"people\": 3,}", COMPLY_EPARSE, 1, 14, NULL);
    EXPECT_ERROR("", COMPLY_EPARSE, 0, 0, NULL);
    EXPECT_ERROR("[]", COMPLY_ERULE, 1, 1, "");
}

static void schema_errors_have_place_and_path(void)
{
    EXPECT_ERROR("{\n \"aware\": \"2026-01-01T00:00:00Z\"}", COMPLY_ERULE, 2, 2, "aware");
    EXPECT_ERROR("{\"encrypted\": \"yes\"}", COMPLY_ERULE, 1, 15, "encrypted");
    EXPECT_ERROR("{\"people\": -3}", COMPLY_ERULE, 1, 12, "people");
    EXPECT_ERROR("{\"people\": 2.5}", COMPLY_ERULE, 1, 12, "people");
    EXPECT_ERROR("{\"people\": {\"min\": 9, \"max\": 3}}", COMPLY_ERULE, 1, 20, "people.min");
    EXPECT_ERROR("{\"people\": {}}", COMPLY_ERULE, 1, 12, "people");
    EXPECT_ERROR("{\"people\": {\"least\": 1}}", COMPLY_ERULE, 1, 13, "people.least");
    EXPECT_ERROR("{\"nature\": [\"confidentiality\", \"leak\"]}", COMPLY_ERULE, 1, 32, "nature[1]");
    EXPECT_ERROR("{\"nature\": []}", COMPLY_ERULE, 1, 12, "nature");
    EXPECT_ERROR("{\"categories\": [\"contact.mail\"]}", COMPLY_ERULE, 1, 17, "categories[0]");
    EXPECT_ERROR("{\"categories\": [\"\"]}", COMPLY_ERULE, 1, 17, "categories[0]");
    EXPECT_ERROR("{\"categories\": [3]}", COMPLY_ERULE, 1, 17, "categories[0]");
    EXPECT_ERROR("{\"aware_at\": \"2026-13-01T00:00:00Z\"}", COMPLY_ERULE, 1, 14, "aware_at");
    EXPECT_ERROR("{\"aware_at\": \"2026-01-01\"}", COMPLY_ERULE, 1, 14, "aware_at");
    EXPECT_ERROR("{\"notified_at\": \"soon\"}", COMPLY_ERULE, 1, 17, "notified_at");
    EXPECT_ERROR("{\"passwords\": {\"stored\": \"rot13\"}}", COMPLY_ERULE, 1, 26, "passwords.stored");
    EXPECT_ERROR("{\"passwords\": {\"salt\": true}}", COMPLY_ERULE, 1, 16, "passwords.salt");
    EXPECT_ERROR("{\"dpo\": \"a\\u0000b\"}", COMPLY_EPARSE, 1, 17, NULL); /* the reader refuses NUL */
    EXPECT_ERROR("{\"people\": 1, \"people\": 2}", COMPLY_ERULE, 1, 15, "people");
    EXPECT_ERROR("{\"description\": null}", COMPLY_ERULE, 1, 17, "description");
    EXPECT_ERROR("{\"aware_at\": \"2026-01-02T00:00:00Z\",\n \"occurred_at\": \"2026-01-02T00:00:01Z\"}", COMPLY_ERULE, 2,
                 17, "occurred_at");
    EXPECT_ERROR("{\"aware_at\": \"2026-01-02T00:00:00+01:00\", \"notified_at\": \"2026-01-01T22:59:59Z\"}", COMPLY_ERULE,
                 1, 58, "notified_at");
}

static void invalid_utf8_is_a_parse_error(void)
{
    EXPECT_ERROR("{\"description\": \"caf\xe9\"}", COMPLY_EPARSE, 0, 0, NULL);
    EXPECT_ERROR("{\"description\": \"\xed\xa0\x80\"}", COMPLY_EPARSE, 0, 0, NULL);
}

static void hostile_arguments_are_refused(void)
{
    char *out = NULL;
    comply_error err;
    CU_ASSERT_EQUAL(comply_breach_assess_json(NULL, "{}", 2, NULL, &out, NULL, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_breach_assess_json(rules, "{}", 2, NULL, NULL, NULL, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_breach_assess_json(rules, NULL, 5, NULL, &out, NULL, &err), COMPLY_EINVAL);
    CU_ASSERT_PTR_NULL(out);
    /* the size is checked before a byte is read */
    CU_ASSERT_EQUAL(comply_breach_assess_json(rules, "{}", COMPLY_DEFAULT_MAX_PACK_BYTES + 1, NULL, &out, NULL, &err),
                    COMPLY_ELIMIT);
    CU_ASSERT_EQUAL(comply_breach_assess_json(rules, "{}", 2, NULL, &out, NULL, NULL), COMPLY_OK);
    comply_free(rules, out);
    /* nesting beyond the reader's depth */
    char deep[300];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    memcpy(deep, "{\"nature\":", 10);
    CU_ASSERT_NOT_EQUAL(comply_breach_assess_json(rules, deep, strlen(deep), NULL, &out, NULL, &err), COMPLY_OK);
}

/* Every allocation of the assessment failing in turn: COMPLY_ENOMEM, no
 * output, nothing leaked; then the same call succeeds. */
static void allocation_failures_are_reported_and_leak_nothing(void)
{
    static const char json[] = "{\"aware_at\": \"2026-03-13T09:15:00Z\", \"nature\": [\"confidentiality\"], "
                               "\"categories\": [\"special.health\", \"financial.iban\", \"user.contact.email\"], "
                               "\"encrypted\": false, \"description\": \"d\"}";
    tu_alloc a;
    tu_alloc_init(&a);
    comply_rules_options opts = COMPLY_RULES_OPTIONS_INIT;
    opts.allocator = &a.hooks;
    comply_rules *r = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_rules_new(&r, &opts, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL_FATAL(comply_rules_add_default(r, NULL), COMPLY_OK);
    const long live_before = a.live;
    bool succeeded = false;
    for (unsigned long n = 1; n < 200 && !succeeded; n++) {
        char *out = NULL;
        tu_alloc_fail_in(&a, n, false);
        comply_status st = comply_breach_assess_json(r, json, strlen(json), NULL, &out, NULL, NULL);
        tu_alloc_heal(&a);
        if (st == COMPLY_OK) {
            succeeded = true;
            comply_free(r, out);
        } else {
            CU_ASSERT_EQUAL(st, COMPLY_ENOMEM);
            CU_ASSERT_PTR_NULL(out);
        }
        CU_ASSERT_EQUAL(a.live, live_before);
    }
    CU_ASSERT_TRUE(succeeded);
    CU_ASSERT_EQUAL(a.bad_frees, 0);
    comply_rules_free(r);
    CU_ASSERT_EQUAL(a.live, 0);
}

static const test_entry clock_tests[] = {
    TEST(deadline_is_72_hours_after_awareness_in_utc),
    TEST(missing_awareness_is_a_gap_not_a_deadline),
    TEST(late_notification_asks_for_the_reasons),
    { NULL, NULL },
};

static const test_entry risk_tests[] = {
    TEST(contact_data_unencrypted_notify_but_no_high_risk),
    TEST(each_trigger_makes_informing_likely),
    TEST(passwords_count_by_how_they_were_stored),
    TEST(passwords_of_unknown_storage_are_a_gap),
    TEST(encryption_with_a_safe_key_exempts_both),
    TEST(encryption_does_not_cover_lost_availability),
    TEST(a_compromised_key_is_no_encryption),
    TEST(unknown_encryption_or_key_leaves_answers_null),
    { NULL, NULL },
};

static const test_entry register_tests[] = {
    TEST(register_entry_has_facts_effects_and_remedial_action),
    TEST(huge_description_is_read),
    { NULL, NULL },
};

static const test_entry bad_tests[] = {
    TEST(malformed_json_has_line_and_column),
    TEST(schema_errors_have_place_and_path),
    TEST(invalid_utf8_is_a_parse_error),
    TEST(hostile_arguments_are_refused),
    TEST(allocation_failures_are_reported_and_leak_nothing),
    { NULL, NULL },
};

int main(void)
{
    comply_error err;
    if (comply_rules_default(&rules, &err) != COMPLY_OK) {
        fprintf(stderr, "default rules: %s\n", err.message);
        return 2;
    }
    static const test_suite suites[] = {
        { "breach_clock", clock_tests, NULL, NULL },
        { "breach_risk", risk_tests, NULL, NULL },
        { "breach_register", register_tests, NULL, NULL },
        { "breach_bad_input", bad_tests, NULL, NULL },
        { NULL, NULL, NULL, NULL },
    };
    int rc = tu_run_suites(suites);
    comply_rules_free(rules);
    return rc;
}
