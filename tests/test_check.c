/*
 * test_check.c - the collection check (lib/check.c): for every finding
 * code a declaration that triggers it and a near-identical one that does
 * not; malformed, ill-typed and hostile declarations; the order of findings.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "comply.h"
#include "runner.h"

static comply_rules *rules;

/* A clean declaration for the default "newsletter" purpose: no finding. */
static const char BASE[] =
    "{\"purpose\": \"newsletter\",\n"
    " \"fields\": [{\"name\": \"email\", \"category\": \"contact.email\", \"required\": true},\n"
    "            {\"name\": \"first_name\", \"category\": \"identity.name\", \"required\": false}],\n"
    " \"legal_basis\": \"consent\",\n"
    " \"consent\": {\"captured\": true, \"separate\": true, \"pre_ticked\": false, \"withdrawable\": true},\n"
    " \"notice\": {\"provided\": true, \"url\": \"https://example.org/privacy\"},\n"
    " \"audience\": {\"minors\": false},\n"
    " \"transfers\": [{\"country\": \"US\", \"mechanism\": \"scc\", \"recipient\": \"Mailer Inc.\"}],\n"
    " \"storage_location\": \"FR\",\n"
    " \"access\": [{\"role\": \"marketing\", \"categories\": [\"contact.email\"]}],\n"
    " \"security\": {\"encryption_in_transit\": true, \"encryption_at_rest\": true, \"access_review_days\": 90, "
    "\"mfa_for_admins\": true},\n"
    " \"controller\": {\"name\": \"Example SAS\", \"contact\": \"privacy@example.org\"},\n"
    " \"subjects\": [\"customers\", \"prospects\"],\n"
    " \"recipients\": [{\"name\": \"Mailer Inc.\", \"kind\": \"processor\"}],\n"
    " \"rights\": {\"channel\": \"https://example.org/rights\", \"supported\": [\"access\", \"rectification\", "
    "\"erasure\", \"restriction\", \"portability\", \"objection\"], \"response_days\": 28}}\n";

/* BASE with the first occurrence of `from` replaced by `to` (static buffer). */
static const char *with(const char *from, const char *to)
{
    static char buf[8192];
    const char *p = strstr(BASE, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t head = (size_t)(p - BASE);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)head, BASE, to, p + strlen(from));
    return buf;
}

/* Checks `json` (expected to be well-formed) with an optional purpose. */
static comply_report *check_p(const char *json, const char *purpose)
{
    comply_report *rep = NULL;
    comply_error err;
    comply_status st = comply_check_collection_json(rules, json, strlen(json), "decl.json", purpose, &rep, &err);
    if (st != COMPLY_OK)
        fprintf(stderr, "\nunexpected error %d at %lu:%lu %s: %s\n", st, err.line, err.column, err.path, err.message);
    CU_ASSERT_EQUAL_FATAL(st, COMPLY_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rep);
    return rep;
}

static comply_report *check(const char *json)
{
    return check_p(json, NULL);
}

/* The first finding with this code, or NULL. */
static const comply_finding *find(const comply_report *rep, const char *code)
{
    for (size_t i = 0; i < comply_report_count(rep); i++) {
        const comply_finding *f = comply_report_get(rep, i);
        if (strcmp(f->code, code) == 0)
            return f;
    }
    return NULL;
}

static size_t count(const comply_report *rep, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < comply_report_count(rep); i++)
        n += strcmp(comply_report_get(rep, i)->code, code) == 0;
    return n;
}

/* Asserts that `yes` has a finding `code` of this severity and gap flag,
 * with every text filled in, and that `no` has none. Returns nothing. */
static void pair_p(const char *yes, const char *no, const char *purpose, const char *code, comply_severity sev,
                   int gap)
{
    comply_report *r = check_p(yes, purpose);
    const comply_finding *f = find(r, code);
    if (!f)
        fprintf(stderr, "\nmissing finding %s\n", code);
    CU_ASSERT_PTR_NOT_NULL(f);
    if (f) {
        CU_ASSERT_EQUAL(f->severity, sev);
        CU_ASSERT_EQUAL(f->gap, gap);
        CU_ASSERT(f->article && strncmp(f->article, "GDPR ", 5) == 0);
        CU_ASSERT(f->message_en && f->message_en[0] && f->message_fr && f->message_fr[0]);
        CU_ASSERT(f->fix_en && f->fix_en[0] && f->fix_fr && f->fix_fr[0]);
        CU_ASSERT(strcmp(f->message_en, f->message_fr) != 0);
        CU_ASSERT_PTR_NOT_NULL(f->path);
    }
    comply_report_free(r);
    r = check_p(no, purpose);
    if (find(r, code))
        fprintf(stderr, "\nunexpected finding %s\n", code);
    CU_ASSERT_PTR_NULL(find(r, code));
    comply_report_free(r);
}

static void pair(const char *yes, const char *no, const char *code, comply_severity sev, int gap)
{
    char *y = strdup(yes);
    pair_p(y, no, NULL, code, sev, gap);
    free(y);
}

/* Two variants of BASE. */
static void pair_with(const char *from, const char *to_yes, const char *to_no, const char *code, comply_severity sev,
                      int gap)
{
    char *y = strdup(with(from, to_yes));
    pair_p(y, with(from, to_no), NULL, code, sev, gap);
    free(y);
}

#define FIELD_AT "{\"name\": \"email\""
#define ADD(f) f ", " FIELD_AT

/* ---------------------------------------------------------- clean */

static void base_declaration_has_no_finding(void)
{
    comply_report *r = check(BASE);
    for (size_t i = 0; i < comply_report_count(r); i++)
        fprintf(stderr, "\n  %s\n", comply_report_get(r, i)->code);
    CU_ASSERT_EQUAL(comply_report_count(r), 0);
    CU_ASSERT_STRING_EQUAL(comply_report_purpose(r), "newsletter");
    CU_ASSERT_PTR_NULL(comply_report_get(r, 0));
    comply_report_free(r);
}

/* -------------------------------------------------------- purpose */

static void unknown_purpose_in_declaration(void)
{
    pair_with("\"purpose\": \"newsletter\"", "\"purpose\": \"newsleter\"", "\"purpose\": \"newsletter\"",
              "unknown-purpose", COMPLY_SEVERITY_ERROR, 0);
    comply_report *r = check(with("\"purpose\": \"newsletter\"", "\"purpose\": \"newsleter\""));
    const comply_finding *f = find(r, "unknown-purpose");
    CU_ASSERT_EQUAL(f->line, 1);
    CU_ASSERT_EQUAL(f->column, 13);
    CU_ASSERT_STRING_EQUAL(f->path, "purpose");
    CU_ASSERT_STRING_EQUAL(comply_report_purpose(r), "newsleter");
    comply_report_free(r);
}

static void unknown_purpose_given_as_argument(void)
{
    comply_report *r = check_p(BASE, "newsletter");
    CU_ASSERT_PTR_NULL(find(r, "unknown-purpose"));
    comply_report_free(r);
    r = check_p(BASE, "no_such_purpose");
    const comply_finding *f = find(r, "unknown-purpose");
    CU_ASSERT_EQUAL(f->line, 0);
    CU_ASSERT_STRING_EQUAL(f->path, "");
    comply_report_free(r);
}

static void purpose_argument_overrides_declaration(void)
{
    comply_report *r = check_p(with("\"purpose\": \"newsletter\"", "\"purpose\": \"bogus\""), "newsletter");
    CU_ASSERT_EQUAL(comply_report_count(r), 0);
    CU_ASSERT_STRING_EQUAL(comply_report_purpose(r), "newsletter");
    comply_report_free(r);
}

static void missing_purpose_is_a_gap(void)
{
    pair_with("\"purpose\": \"newsletter\",", "", "\"purpose\": \"newsletter\",", "missing-purpose",
              COMPLY_SEVERITY_ERROR, 1);
    comply_report *r = check(with("\"purpose\": \"newsletter\",", ""));
    CU_ASSERT_PTR_NULL(comply_report_purpose(r));
    comply_report_free(r);
}

/* --------------------------------------------------------- fields */

static void unclassified_field(void)
{
    pair_with(FIELD_AT, ADD("{\"name\": \"zzqx\"}"), ADD("{\"name\": \"zzqx\", \"category\": \"identity.name\"}"),
              "unclassified-field", COMPLY_SEVERITY_WARNING, 0);
}

static void technical_field_is_not_unclassified(void)
{
    comply_report *r = check(with(FIELD_AT, ADD("{\"name\": \"id\"}")));
    CU_ASSERT_PTR_NULL(find(r, "unclassified-field"));
    CU_ASSERT_EQUAL(comply_report_count(r), 0);
    comply_report_free(r);
}

static void field_classified_by_name(void)
{
    comply_report *r = check(with(FIELD_AT, ADD("{\"name\": \"telephone\"}")));
    const comply_finding *f = find(r, "category-not-needed");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->category, "contact.phone");
    CU_ASSERT_STRING_EQUAL(f->field, "telephone");
    CU_ASSERT_STRING_EQUAL(f->path, "fields[0]");
    comply_report_free(r);
}

static void field_classified_by_sample_values(void)
{
    comply_report *r = check(with(
        FIELD_AT, ADD("{\"name\": \"col_7\", \"sample_values\": [\"+33 6 12 34 56 78\", \"06 98 76 54 32\", "
                      "\"+33 6 11 22 33 44\"]}")));
    const comply_finding *f = find(r, "category-not-needed");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL(f->category);
    if (f->category)
        CU_ASSERT(strncmp(f->category, "contact.phone", 13) == 0);
    CU_ASSERT_PTR_NULL(find(r, "unclassified-field"));
    comply_report_free(r);
}

static void category_not_needed(void)
{
    pair_with(FIELD_AT, ADD("{\"name\": \"phone\", \"category\": \"contact.phone\"}"),
              ADD("{\"name\": \"phone\", \"category\": \"identity.language\"}"), "category-not-needed",
              COMPLY_SEVERITY_ERROR, 0);
    comply_report *r = check(with(FIELD_AT, ADD("{\"name\": \"phone\", \"category\": \"contact.phone\"}")));
    const comply_finding *f = find(r, "category-not-needed");
    CU_ASSERT_STRING_EQUAL(f->article, "GDPR Art. 5(1)(c)");
    CU_ASSERT_EQUAL(f->line, 2);
    comply_report_free(r);
}

/* Newsletter allows contact.email only: a field declared as the parent
 * "contact" could hold anything and is a finding, not a pass. */
static void parent_of_allowed_category_is_not_needed(void)
{
    pair_with("\"category\": \"contact.email\"", "\"category\": \"contact\"", "\"category\": \"contact.email\"",
              "category-not-needed", COMPLY_SEVERITY_ERROR, 0);
}

/* invoicing_accounting allows the group "organisation": its children pass. */
static void child_of_allowed_group_is_covered(void)
{
    const char *d = "{\"purpose\": \"invoicing_accounting\", \"fields\": [{\"name\": \"siren\", \"category\": "
                    "\"organisation.siren\"}, {\"name\": \"card\", \"category\": \"contact.phone\"}]}";
    comply_report *r = check(d);
    CU_ASSERT_EQUAL(count(r, "category-not-needed"), 1);
    CU_ASSERT_STRING_EQUAL(find(r, "category-not-needed")->field, "card");
    comply_report_free(r);
}

static void category_forbidden(void)
{
    pair_with(FIELD_AT, ADD("{\"name\": \"dob\", \"category\": \"identity.birth_date\"}"),
              ADD("{\"name\": \"dob\", \"category\": \"identity.language\"}"), "category-forbidden",
              COMPLY_SEVERITY_ERROR, 0);
    /* forbidden is not also reported as not needed */
    comply_report *r = check(with(FIELD_AT, ADD("{\"name\": \"iban\", \"category\": \"financial.iban\"}")));
    CU_ASSERT_EQUAL(count(r, "category-forbidden"), 1);
    CU_ASSERT_EQUAL(count(r, "category-not-needed"), 0);
    CU_ASSERT_STRING_EQUAL(find(r, "category-forbidden")->article, "GDPR Art. 5(1)(b)");
    comply_report_free(r);
}

static void optional_made_mandatory(void)
{
    pair_with("\"category\": \"identity.name\", \"required\": false", "\"category\": \"identity.name\", \"required\": true",
              "\"category\": \"identity.name\", \"required\": false", "optional-made-mandatory",
              COMPLY_SEVERITY_WARNING, 0);
}

static void special_without_condition(void)
{
    /* same declaration: newsletter has no Art. 9 condition, payroll_hr has one */
    const char *d = "{\"fields\": [{\"name\": \"health\", \"category\": \"special.health\"}]}";
    comply_report *r = check_p(d, "newsletter");
    CU_ASSERT_PTR_NOT_NULL(find(r, "special-without-condition"));
    CU_ASSERT_STRING_EQUAL(find(r, "special-without-condition")->article, "GDPR Art. 9");
    comply_report_free(r);
    r = check_p(d, "payroll_hr");
    CU_ASSERT_PTR_NULL(find(r, "special-without-condition"));
    comply_report_free(r);
}

static void criminal_without_authority(void)
{
    const char *d = "{\"fields\": [{\"name\": \"offence\", \"category\": \"criminal.offence\"}]}";
    comply_report *r = check_p(d, "newsletter");
    CU_ASSERT_PTR_NOT_NULL(find(r, "criminal-without-authority"));
    CU_ASSERT_STRING_EQUAL(find(r, "criminal-without-authority")->article, "GDPR Art. 10");
    comply_report_free(r);
    r = check_p(d, "fraud_prevention");
    CU_ASSERT_PTR_NULL(find(r, "criminal-without-authority"));
    CU_ASSERT_PTR_NULL(find(r, "category-not-needed"));
    comply_report_free(r);
}

static void no_retention_rule(void)
{
    /* newsletter requires privacy.consent_record, and no rule of its own covers it */
    pair_with(FIELD_AT, ADD("{\"name\": \"proof\", \"category\": \"privacy.consent_record\"}"),
              ADD("{\"name\": \"proof\", \"category\": \"privacy.opposition\"}"), "no-retention-rule",
              COMPLY_SEVERITY_WARNING, 0);
}

static void never_store(void)
{
    const char *yes = "{\"purpose\": \"payment\", \"fields\": [{\"name\": \"cvv\", \"category\": "
                      "\"financial.card_security_code\"}]}";
    const char *no = "{\"purpose\": \"payment\", \"fields\": [{\"name\": \"cvv\", \"category\": "
                     "\"financial.card_expiry\"}]}";
    pair(yes, no, "never-store", COMPLY_SEVERITY_ERROR, 0);
}

static void quasi_identifiers(void)
{
    const char *yes = "{\"purpose\": \"satisfaction_surveys\", \"fields\": ["
                      "{\"name\": \"dob\", \"category\": \"identity.birth_date\"},"
                      "{\"name\": \"zip\", \"category\": \"contact.postal_address.postcode\"},"
                      "{\"name\": \"sex\", \"category\": \"identity.gender\"}]}";
    const char *no = "{\"purpose\": \"satisfaction_surveys\", \"fields\": ["
                     "{\"name\": \"dob\", \"category\": \"identity.birth_date\"},"
                     "{\"name\": \"zip\", \"category\": \"contact.postal_address.postcode\"},"
                     "{\"name\": \"sex\", \"category\": \"identity.age\"}]}";
    comply_report *r = check(yes);
    const comply_finding *f = find(r, "quasi-identifiers");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->severity, COMPLY_SEVERITY_INFO);
    CU_ASSERT_STRING_EQUAL(f->article, "GDPR Recital 26");
    comply_report_free(r);
    r = check(no);
    CU_ASSERT_PTR_NULL(find(r, "quasi-identifiers"));
    comply_report_free(r);
}

/* ---------------------------------------------------- legal basis */

static void no_legal_basis(void)
{
    const char *yes = "{\"purpose\": \"unknown_one\", \"fields\": []}";
    const char *no = "{\"purpose\": \"unknown_one\", \"fields\": [], \"legal_basis\": \"contract\"}";
    pair(yes, no, "no-legal-basis", COMPLY_SEVERITY_ERROR, 1);
    /* the purpose's own basis is enough */
    comply_report *r = check("{\"purpose\": \"order_delivery\", \"fields\": []}");
    CU_ASSERT_PTR_NULL(find(r, "no-legal-basis"));
    comply_report_free(r);
}

static void legal_basis_mismatch(void)
{
    pair_with("\"legal_basis\": \"consent\"", "\"legal_basis\": \"legitimate_interests\"", "\"legal_basis\": \"consent\"",
              "legal-basis-mismatch", COMPLY_SEVERITY_WARNING, 0);
}

static void consent_not_captured(void)
{
    pair_with("\"captured\": true", "\"captured\": false", "\"captured\": true", "consent-not-captured",
              COMPLY_SEVERITY_ERROR, 0);
    /* no consent section at all: a gap */
    comply_report *r = check(with("\"consent\": {\"captured\": true, \"separate\": true, \"pre_ticked\": false, "
                                  "\"withdrawable\": true},",
                                  ""));
    const comply_finding *f = find(r, "consent-not-captured");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(f->gap, 1);
    CU_ASSERT_EQUAL(f->line, 0);
    comply_report_free(r);
    /* not consent-based: nothing asked */
    r = check("{\"purpose\": \"order_delivery\", \"fields\": [], \"consent\": {\"captured\": false}}");
    CU_ASSERT_PTR_NULL(find(r, "consent-not-captured"));
    comply_report_free(r);
}

static void consent_pre_ticked(void)
{
    pair_with("\"pre_ticked\": false", "\"pre_ticked\": true", "\"pre_ticked\": false", "consent-pre-ticked",
              COMPLY_SEVERITY_ERROR, 0);
}

static void consent_bundled(void)
{
    pair_with("\"separate\": true", "\"separate\": false", "\"separate\": true", "consent-bundled",
              COMPLY_SEVERITY_ERROR, 0);
}

static void consent_not_withdrawable(void)
{
    pair_with("\"withdrawable\": true", "\"withdrawable\": false", "\"withdrawable\": true", "consent-not-withdrawable",
              COMPLY_SEVERITY_ERROR, 0);
}

static void minors_without_parental_consent(void)
{
    pair_with("\"minors\": false", "\"minors\": true", "\"minors\": true, \"parental_consent\": true",
              "minors-without-parental-consent", COMPLY_SEVERITY_ERROR, 0);
}

/* --------------------------------------------------------- notice */

static void no_notice(void)
{
    pair_with("\"provided\": true", "\"provided\": false", "\"provided\": true", "no-notice", COMPLY_SEVERITY_ERROR, 0);
    pair_with("\"notice\": {\"provided\": true, \"url\": \"https://example.org/privacy\"},", "",
              "\"notice\": {\"provided\": true},", "no-notice", COMPLY_SEVERITY_ERROR, 1);
}

/* ------------------------------------------------------ transfers */

static void transfer_no_safeguard(void)
{
    const char *from = "{\"country\": \"US\", \"mechanism\": \"scc\", \"recipient\": \"Mailer Inc.\"}";
    pair_with(from, "{\"country\": \"CN\", \"mechanism\": \"none\"}", "{\"country\": \"CN\", \"mechanism\": \"scc\"}",
              "transfer-no-safeguard", COMPLY_SEVERITY_ERROR, 0);
    /* no mechanism: an EEA country is no transfer, an adequate one is fine */
    pair_with(from, "{\"country\": \"BR\"}", "{\"country\": \"NO\"}", "transfer-no-safeguard", COMPLY_SEVERITY_ERROR,
              0);
    pair_with(from, "{\"country\": \"BR\"}", "{\"country\": \"CH\"}", "transfer-no-safeguard", COMPLY_SEVERITY_ERROR,
              0);
    /* a mechanism the purpose does not accept (Art. 49 derogations) */
    pair_with(from, "{\"country\": \"IN\", \"mechanism\": \"derogation\"}",
              "{\"country\": \"IN\", \"mechanism\": \"bcr\"}", "transfer-no-safeguard", COMPLY_SEVERITY_ERROR, 0);
    /* "adequacy" where there is none; dpf outside the US */
    pair_with(from, "{\"country\": \"IN\", \"mechanism\": \"adequacy\"}",
              "{\"country\": \"GB\", \"mechanism\": \"adequacy\"}", "transfer-no-safeguard", COMPLY_SEVERITY_ERROR, 0);
    pair_with(from, "{\"country\": \"IN\", \"mechanism\": \"dpf\"}", "{\"country\": \"US\", \"mechanism\": \"dpf\"}",
              "transfer-no-safeguard", COMPLY_SEVERITY_ERROR, 0);
    /* storage abroad */
    pair_with("\"storage_location\": \"FR\"", "\"storage_location\": \"CN\"", "\"storage_location\": \"DE\"",
              "transfer-no-safeguard", COMPLY_SEVERITY_ERROR, 0);
}

static void transfer_privacy_shield(void)
{
    pair_with("\"mechanism\": \"scc\"", "\"mechanism\": \"privacy_shield\"", "\"mechanism\": \"scc\"",
              "transfer-privacy-shield", COMPLY_SEVERITY_ERROR, 0);
}

static void transfer_dpf_check(void)
{
    pair_with("\"mechanism\": \"scc\"", "\"mechanism\": \"dpf\"", "\"mechanism\": \"scc\"", "transfer-dpf-check",
              COMPLY_SEVERITY_WARNING, 0);
}

/* --------------------------------------------------------- access */

static void role_excess_access(void)
{
    pair_with("\"categories\": [\"contact.email\"]", "\"categories\": [\"contact.email\", \"identity.name\"]",
              "\"categories\": [\"contact.email\", \"behavioural.engagement\"]", "role-excess-access",
              COMPLY_SEVERITY_WARNING, 0);
    /* broader than the grant */
    pair_with("\"categories\": [\"contact.email\"]", "\"categories\": [\"contact\"]",
              "\"categories\": [\"contact.email\"]", "role-excess-access", COMPLY_SEVERITY_WARNING, 0);
    /* a role the purpose does not know */
    pair_with("\"role\": \"marketing\"", "\"role\": \"intern\"", "\"role\": \"editor\"", "role-excess-access",
              COMPLY_SEVERITY_WARNING, 0);
}

/* ------------------------------------------------------- security */

static void security_no_encryption_in_transit(void)
{
    pair_with("\"encryption_in_transit\": true", "\"encryption_in_transit\": false", "\"encryption_in_transit\": true",
              "security-no-encryption-in-transit", COMPLY_SEVERITY_WARNING, 0);
}

static void security_access_review(void)
{
    pair_with("\"access_review_days\": 90", "\"access_review_days\": 91", "\"access_review_days\": 30",
              "security-access-review", COMPLY_SEVERITY_WARNING, 0);
}

static void security_no_admin_mfa(void)
{
    pair_with("\"mfa_for_admins\": true", "\"mfa_for_admins\": false", "\"mfa_for_admins\": true",
              "security-no-admin-mfa", COMPLY_SEVERITY_WARNING, 0);
}

static void missing_security_section_gives_three_gaps(void)
{
    const char *sec = ",\n \"security\": {\"encryption_in_transit\": true, \"encryption_at_rest\": true, "
                      "\"access_review_days\": 90, \"mfa_for_admins\": true}";
    comply_report *r = check(with(sec, ""));
    CU_ASSERT_EQUAL(comply_report_count(r), 3);
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        CU_ASSERT_EQUAL(f->gap, 1);
        CU_ASSERT_EQUAL(f->severity, COMPLY_SEVERITY_WARNING);
        CU_ASSERT_STRING_EQUAL(f->article, "GDPR Art. 32");
        CU_ASSERT(strncmp(f->code, "security-", 9) == 0);
    }
    comply_report_free(r);
}

/* ---------------------------------------------------------- order */

static void findings_are_ordered_by_severity_then_position(void)
{
    const char *d = "{\"purpose\": \"newsletter\", \"fields\": [\n"
                    "{\"name\": \"zzqx\"},\n"
                    "{\"name\": \"phone\", \"category\": \"contact.phone\"},\n"
                    "{\"name\": \"dob\", \"category\": \"identity.birth_date\"},\n"
                    "{\"name\": \"zip\", \"category\": \"contact.postal_address.postcode\"},\n"
                    "{\"name\": \"sex\", \"category\": \"identity.gender\"}]}";
    comply_report *r = check(d);
    size_t n = comply_report_count(r);
    CU_ASSERT(n > 5);
    for (size_t i = 1; i < n; i++) {
        const comply_finding *a = comply_report_get(r, i - 1), *b = comply_report_get(r, i);
        CU_ASSERT(a->severity <= b->severity);
        if (a->severity == b->severity)
            CU_ASSERT(a->line < b->line || (a->line == b->line && a->column <= b->column));
    }
    /* violations and gaps apart */
    const comply_finding *gap = find(r, "no-notice");
    CU_ASSERT_PTR_NOT_NULL_FATAL(gap);
    CU_ASSERT_EQUAL(gap->gap, 1);
    CU_ASSERT_EQUAL(find(r, "category-forbidden")->gap, 0);
    CU_ASSERT_EQUAL(find(r, "category-forbidden")->line, 4);
    CU_ASSERT_EQUAL(find(r, "category-not-needed")->line, 3);
    CU_ASSERT_EQUAL(comply_report_get(r, n - 1)->severity, COMPLY_SEVERITY_INFO);
    comply_report_free(r);
}

static void severity_names(void)
{
    CU_ASSERT_STRING_EQUAL(comply_severity_name(COMPLY_SEVERITY_ERROR), "error");
    CU_ASSERT_STRING_EQUAL(comply_severity_name(COMPLY_SEVERITY_WARNING), "warning");
    CU_ASSERT_STRING_EQUAL(comply_severity_name(COMPLY_SEVERITY_INFO), "info");
    CU_ASSERT_PTR_NULL(comply_severity_name((comply_severity)42));
}

/* ------------------------------------------------------ bad input */

static comply_status bad(const char *json, comply_error *err)
{
    comply_report *rep = (comply_report *)&rep; /* must be reset to NULL */
    memset(err, 0, sizeof *err);
    comply_status st = comply_check_collection_json(rules, json, strlen(json), "bad.json", NULL, &rep, err);
    CU_ASSERT_PTR_NULL(rep);
    return st;
}

static void malformed_json_has_line_and_column(void)
{
    comply_error e;
    CU_ASSERT_EQUAL(bad("{\"purpose\": \"newsletter\",\n \"fields\": [}\n", &e), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL(e.column, 13);
    CU_ASSERT_STRING_EQUAL(e.source, "bad.json");
    CU_ASSERT_EQUAL(bad("", &e), COMPLY_EPARSE);
}

static void unknown_keys_are_rejected(void)
{
    comply_error e;
    CU_ASSERT_EQUAL(bad(with("\"storage_location\"", "\"storage_locaton\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "storage_locaton");
    CU_ASSERT_EQUAL(e.line, 9);
    CU_ASSERT_EQUAL(e.column, 2);
    CU_ASSERT(strstr(e.message, "unknown key") != NULL);
    CU_ASSERT_EQUAL(bad(with("\"pre_ticked\"", "\"preticked\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "consent.preticked");
    CU_ASSERT_EQUAL(bad(with("\"required\": true", "\"required\": true, \"colour\": 1"), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "fields[0].colour");
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL(bad(with("\"recipient\"", "\"to\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "transfers[0].to");
    CU_ASSERT_EQUAL(bad(with("\"url\"", "\"provided\""), &e), COMPLY_ERULE); /* duplicate key */
    CU_ASSERT(strstr(e.message, "duplicate key") != NULL);
}

static void wrong_types_are_rejected(void)
{
    comply_error e;
    CU_ASSERT_EQUAL(bad(with("\"required\": true", "\"required\": \"yes\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "fields[0].required");
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT_EQUAL(e.column, 72);
    CU_ASSERT(strstr(e.message, "expected a boolean") != NULL);
    CU_ASSERT_EQUAL(bad(with("\"access_review_days\": 90", "\"access_review_days\": -1"), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"access_review_days\": 90", "\"access_review_days\": 9.5"), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"access_review_days\": 90", "\"access_review_days\": \"90\""), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"purpose\": \"newsletter\"", "\"purpose\": 7"), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"legal_basis\": \"consent\"", "\"legal_basis\": \"whim\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "legal_basis");
    CU_ASSERT_EQUAL(bad(with("\"mechanism\": \"scc\"", "\"mechanism\": \"handshake\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "transfers[0].mechanism");
    CU_ASSERT_EQUAL(bad(with("\"country\": \"US\"", "\"country\": \"usa\""), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"category\": \"contact.email\"", "\"category\": \"contact.mail\""), &e),
                    COMPLY_ERULE);
    CU_ASSERT(strstr(e.message, "unknown category") != NULL);
    CU_ASSERT_EQUAL(bad(with("[\"contact.email\"]", "[\"Contact!\"]"), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "access[0].categories[0]");
    CU_ASSERT_EQUAL(bad(with("\"name\": \"email\"", "\"name\": \"\""), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"name\": \"email\", ", ""), &e), COMPLY_ERULE);
    CU_ASSERT(strstr(e.message, "missing key") != NULL);
    CU_ASSERT_EQUAL(bad("[]", &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad("{\"purpose\": \"newsletter\"}", &e), COMPLY_ERULE); /* fields required */
    CU_ASSERT_EQUAL(bad("{\"fields\": [1]}", &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad("{\"fields\": [{\"name\": \"a\", \"sample_values\": [1]}]}", &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "fields[0].sample_values[0]");
    CU_ASSERT_EQUAL(bad("{\"fields\": [{\"name\": \"a\\u0000b\"}]}", &e), COMPLY_EPARSE);
}

/* Decision: a name used twice is a malformed declaration (COMPLY_ERULE),
 * pointing at the second one: fields are keyed by name in reports. */
static void duplicate_field_names_are_an_error(void)
{
    comply_error e;
    CU_ASSERT_EQUAL(bad(with(FIELD_AT, ADD("{\"name\": \"first_name\"}")), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "fields[2].name");
    CU_ASSERT_EQUAL(e.line, 3);
    CU_ASSERT(e.column > 1);
    CU_ASSERT(strstr(e.message, "duplicate field name") != NULL);
}

static void null_arguments(void)
{
    comply_report *rep = NULL;
    comply_error e;
    CU_ASSERT_EQUAL(comply_check_collection_json(NULL, BASE, strlen(BASE), NULL, NULL, &rep, &e), COMPLY_EINVAL);
    CU_ASSERT_PTR_NULL(rep);
    CU_ASSERT_EQUAL(comply_check_collection_json(rules, BASE, strlen(BASE), NULL, NULL, NULL, &e), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_check_collection_json(rules, NULL, 5, NULL, NULL, &rep, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_check_collection_json(rules, NULL, 0, NULL, NULL, &rep, &e), COMPLY_EPARSE);
    CU_ASSERT_STRING_EQUAL(e.source, "<json>");
    CU_ASSERT_EQUAL(comply_check_collection_json(rules, BASE, strlen(BASE), NULL, "", &rep, &e), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_report_count(NULL), 0);
    CU_ASSERT_PTR_NULL(comply_report_get(NULL, 0));
    CU_ASSERT_PTR_NULL(comply_report_purpose(NULL));
    comply_report_free(NULL);
}

/* 100k fields: one pass, shared texts (no timed assertion: speed lives in tests/bench). */
static void hundred_thousand_fields(void)
{
    const size_t n = 100000;
    size_t cap = n * 72 + 256, len = 0;
    char *d = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    len += (size_t)sprintf(d + len, "{\"purpose\": \"newsletter\", \"fields\": [");
    for (size_t i = 0; i < n; i++) {
        if (i % 2)
            len += (size_t)sprintf(d + len, "%s{\"name\": \"phone_%zu\"}", i ? "," : "", i);
        else
            len += (size_t)sprintf(d + len, "%s{\"name\": \"f%zu\", \"category\": \"contact.email\"}", i ? "," : "", i);
    }
    len += (size_t)sprintf(d + len, "]}");
    comply_report *rep = NULL;
    comply_error e;
    comply_status st = comply_check_collection_json(rules, d, len, NULL, NULL, &rep, &e);
    CU_ASSERT_EQUAL_FATAL(st, COMPLY_OK);
    CU_ASSERT_EQUAL(count(rep, "category-not-needed"), n / 2);
    const comply_finding *a = NULL, *b = NULL;
    for (size_t i = 0; i < comply_report_count(rep) && !b; i++) {
        const comply_finding *f = comply_report_get(rep, i);
        if (strcmp(f->code, "category-not-needed") == 0) {
            if (a)
                b = f;
            else
                a = f;
        }
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT(strcmp(a->field, b->field) != 0);
    CU_ASSERT_PTR_EQUAL(a->message_en, b->message_en); /* shared */
    comply_report_free(rep);
    free(d);
}

static const test_entry clean_tests[] = {
    TEST(base_declaration_has_no_finding),
    TEST(severity_names),
    TEST(findings_are_ordered_by_severity_then_position),
    { NULL, NULL },
};

static const test_entry finding_tests[] = {
    TEST(unknown_purpose_in_declaration),
    TEST(unknown_purpose_given_as_argument),
    TEST(purpose_argument_overrides_declaration),
    TEST(missing_purpose_is_a_gap),
    TEST(unclassified_field),
    TEST(technical_field_is_not_unclassified),
    TEST(field_classified_by_name),
    TEST(field_classified_by_sample_values),
    TEST(category_not_needed),
    TEST(parent_of_allowed_category_is_not_needed),
    TEST(child_of_allowed_group_is_covered),
    TEST(category_forbidden),
    TEST(optional_made_mandatory),
    TEST(special_without_condition),
    TEST(criminal_without_authority),
    TEST(no_retention_rule),
    TEST(never_store),
    TEST(quasi_identifiers),
    TEST(no_legal_basis),
    TEST(legal_basis_mismatch),
    TEST(consent_not_captured),
    TEST(consent_pre_ticked),
    TEST(consent_bundled),
    TEST(consent_not_withdrawable),
    TEST(minors_without_parental_consent),
    TEST(no_notice),
    TEST(transfer_no_safeguard),
    TEST(transfer_privacy_shield),
    TEST(transfer_dpf_check),
    TEST(role_excess_access),
    TEST(security_no_encryption_in_transit),
    TEST(security_access_review),
    TEST(security_no_admin_mfa),
    TEST(missing_security_section_gives_three_gaps),
    { NULL, NULL },
};

static const test_entry bad_tests[] = {
    TEST(malformed_json_has_line_and_column),
    TEST(unknown_keys_are_rejected),
    TEST(wrong_types_are_rejected),
    TEST(duplicate_field_names_are_an_error),
    TEST(null_arguments),
    TEST(hundred_thousand_fields),
    { NULL, NULL },
};

static void fideslang_and_dpv_keys_are_read_through_the_aliases(void)
{
    comply_report *r = check("{\"purpose\": \"newsletter\", \"legal_basis\": \"consent\","
                             " \"fields\": [{\"name\": \"a\", \"category\": \"user.contact.email\", \"required\": true},"
                             "            {\"name\": \"b\", \"category\": \"dpv-pd:Religion\", \"required\": false}],"
                             " \"consent\": {\"captured\": true, \"separate\": true, \"pre_ticked\": false,"
                             " \"withdrawable\": true}}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    bool email_ok = true, religion_forbidden = false;
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        if (f->field && strcmp(f->field, "a") == 0 && strcmp(f->code, "category-not-needed") == 0)
            email_ok = false;
        if (f->field && strcmp(f->field, "b") == 0 && strcmp(f->code, "category-forbidden") == 0)
            religion_forbidden = f->category && strncmp(f->category, "special.", 8) == 0;
    }
    CU_ASSERT(email_ok);
    CU_ASSERT(religion_forbidden);
    comply_report_free(r);
    CU_ASSERT_PTR_NOT_NULL(comply_category_find_alias(rules, "user.contact.email"));
    CU_ASSERT_STRING_EQUAL(comply_category_key(comply_category_find_alias(rules, "user.contact.email")), "contact.email");
    CU_ASSERT_PTR_NULL(comply_category_find_alias(rules, "user.no.such.thing"));
    CU_ASSERT_PTR_NULL(comply_category_find_alias(NULL, "contact.email"));
}

static bool has_finding(const comply_report *r, const char *code, const char *field)
{
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        if (strcmp(f->code, code) == 0 && (!field || (f->field && strcmp(f->field, field) == 0)))
            return true;
    }
    return false;
}

static void json_schema_properties_are_the_fields(void)
{
    static const char schema[] =
        "{\"type\": \"object\", \"required\": [\"email\"],\n"
        " \"properties\": {\n"
        "  \"email\": {\"type\": \"string\", \"examples\": [\"jeanne@exemple.fr\"]},\n"
        "  \"firstName\": {\"type\": \"string\"},\n"
        "  \"address\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}},\n"
        "  \"belief\": {\"type\": \"string\", \"x-comply-category\": \"special.religious_belief\"}}}";
    comply_report *r = check_p(schema, "newsletter");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(comply_report_purpose(r), "newsletter");
    /* email is required and needed: no finding on it */
    CU_ASSERT(!has_finding(r, "category-not-needed", "email"));
    CU_ASSERT(!has_finding(r, "optional-made-mandatory", "firstName")); /* not required in the schema */
    CU_ASSERT(has_finding(r, "category-not-needed", "address.city"));
    CU_ASSERT(has_finding(r, "category-forbidden", "belief"));
    /* places are the properties' own */
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        if (f->field && strcmp(f->field, "belief") == 0)
            CU_ASSERT_EQUAL(f->line, 6);
    }
    comply_report_free(r);
    /* without a purpose from the caller, the schema has none */
    r = check(schema);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(has_finding(r, "missing-purpose", NULL));
    comply_report_free(r);
    /* a schema whose properties is not an object is a declaration, checked strictly */
    comply_report *bad = NULL;
    const char *odd = "{\"properties\": [1]}";
    CU_ASSERT_EQUAL(comply_check_collection_json(rules, odd, strlen(odd), "odd.json", "newsletter", &bad, NULL),
                    COMPLY_ERULE);
    CU_ASSERT_PTR_NULL(bad);
}

static void struct_declarations_are_checked_like_json(void)
{
    comply_field_decl fields[] = {
        { "email", "contact.email", 1, NULL, 0 },
        { "prenom", NULL, 0, NULL, 0 },
    };
    const char *const cats[] = { "contact.email" };
    comply_access_decl access[] = { { "marketing", cats, 1 } };
    comply_collection c = COMPLY_COLLECTION_INIT;
    c.purpose = "newsletter";
    c.legal_basis = "consent";
    c.fields = fields;
    c.n_fields = 2;
    c.consent_captured = c.consent_separate = c.consent_withdrawable = 1;
    c.consent_pre_ticked = 0;
    c.notice_provided = 1;
    c.notice_url = "https://shop.example/privacy";
    c.audience_minors = 0;
    c.storage_location = "FR";
    c.access = access;
    c.n_access = 1;
    c.security_encryption_in_transit = c.security_encryption_at_rest = c.security_mfa_for_admins = 1;
    c.security_access_review_days = 90;
    const char *const subjects[] = { "customers", "prospects" };
    const comply_recipient_decl recipients[] = { { "Mailer Inc.", "processor" } };
    const char *const rights[] = { "access", "rectification", "erasure", "restriction", "portability", "objection" };
    c.controller_name = "Example SAS";
    c.controller_contact = "privacy@example.org";
    c.subjects = subjects;
    c.n_subjects = 2;
    c.recipients = recipients;
    c.n_recipients = 1;
    c.rights_channel = "https://example.org/rights";
    c.rights_supported = rights;
    c.n_rights_supported = 6;
    c.rights_response_days = 28;
    comply_report *r = NULL;
    comply_error err;
    CU_ASSERT_EQUAL_FATAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_report_count(r), 0);
    comply_report_free(r);
    /* one change, one finding: a pre-ticked box */
    c.consent_pre_ticked = 1;
    CU_ASSERT_EQUAL_FATAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_OK);
    CU_ASSERT(has_finding(r, "consent-pre-ticked", NULL));
    comply_report_free(r);
    /* "not said" is a gap */
    c.consent_pre_ticked = 0;
    c.notice_provided = -1;
    c.notice_url = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_OK);
    CU_ASSERT(has_finding(r, "no-notice", NULL));
    comply_report_free(r);
    c.notice_provided = 1;
    /* the accountability members: each change, its finding */
    c.n_rights_supported = 4; /* no portability, no objection */
    c.rights_response_days = 40;
    c.scale_large = c.scale_systematic_monitoring = 1;
    c.controller_contact = NULL;
    CU_ASSERT_EQUAL_FATAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_OK);
    CU_ASSERT(has_finding(r, "rights-portability-missing", NULL));
    CU_ASSERT(has_finding(r, "rights-response-too-long", NULL));
    CU_ASSERT(has_finding(r, "dpo-missing", NULL));
    CU_ASSERT(has_finding(r, "controller-contact-missing", NULL));
    CU_ASSERT_EQUAL(comply_report_count(r), 4);
    comply_report_free(r);
    c.dpo_contact = "dpo@example.org";
    c.controller_contact = "privacy@example.org";
    c.rights_channel = NULL;
    c.n_rights_supported = 6;
    c.rights_response_days = -1;
    CU_ASSERT_EQUAL_FATAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_OK);
    CU_ASSERT(has_finding(r, "rights-no-channel", NULL));
    CU_ASSERT_EQUAL(comply_report_count(r), 1);
    comply_report_free(r);
    /* a value outside the closed lists is a malformed declaration */
    c.rights_channel = "https://example.org/rights";
    const comply_recipient_decl odd[] = { { "Someone", "friend" } };
    c.recipients = odd;
    CU_ASSERT_EQUAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(err.path, "recipients[0].kind");
    CU_ASSERT_PTR_NULL(r);
    c.recipients = recipients;
    /* misuse */
    fields[1].name = NULL;
    CU_ASSERT_EQUAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_EINVAL);
    CU_ASSERT_PTR_NULL(r);
    fields[1].name = "prenom";
    c.version = 99;
    CU_ASSERT_EQUAL(comply_check_collection(rules, &c, NULL, &r, &err), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_check_collection(NULL, &c, NULL, &r, &err), COMPLY_EINVAL);
}

/* ------------------------------------------------- accountability */

#define CONTROLLER_CONTACT ", \"contact\": \"privacy@example.org\""
#define CHANNEL "\"channel\": \"https://example.org/rights\", "
#define ALL_RIGHTS "[\"access\", \"rectification\", \"erasure\", \"restriction\", \"portability\", \"objection\"]"

static void controller_contact_missing(void)
{
    pair_with(CONTROLLER_CONTACT, "", CONTROLLER_CONTACT, "controller-contact-missing", COMPLY_SEVERITY_ERROR, 1);
    const char *whole = " \"controller\": {\"name\": \"Example SAS\", \"contact\": \"privacy@example.org\"},\n";
    pair_with(whole, "", whole, "controller-contact-missing", COMPLY_SEVERITY_ERROR, 1);
    comply_report *r = check(with(CONTROLLER_CONTACT, ""));
    CU_ASSERT_STRING_EQUAL(find(r, "controller-contact-missing")->path, "controller.contact");
    comply_report_free(r);
}

static void rights_no_channel(void)
{
    pair_with(CHANNEL, "", "\"channel\": \"mailto:privacy@example.org\", ", "rights-no-channel", COMPLY_SEVERITY_ERROR,
              1);
    pair_with(CHANNEL, "", "\"channel\": \"privacy@example.org\", ", "rights-no-channel", COMPLY_SEVERITY_ERROR, 1);
    /* no rights section at all: one gap, and no finding on which rights */
    const char *rights = strstr(BASE, ",\n \"rights\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(rights);
    char *no_rights = strdup(BASE);
    strcpy(no_rights + (rights - BASE), "}");
    comply_report *r = check(no_rights);
    CU_ASSERT_EQUAL(comply_report_count(r), 1);
    CU_ASSERT_PTR_NOT_NULL(find(r, "rights-no-channel"));
    CU_ASSERT_PTR_NULL(find(r, "rights-portability-missing"));
    comply_report_free(r);
    free(no_rights);
}

static void rights_objection_missing(void)
{
    const char *no_objection = "[\"access\", \"rectification\", \"erasure\", \"restriction\", \"portability\"]";
    char *li = strdup(with("\"legal_basis\": \"consent\"", "\"legal_basis\": \"legitimate_interests\""));
    char *li_yes = malloc(strlen(li) + 64);
    const char *p = strstr(li, ALL_RIGHTS);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    sprintf(li_yes, "%.*s%s%s", (int)(p - li), li, no_objection, p + strlen(ALL_RIGHTS));
    pair(li_yes, li, "rights-objection-missing", COMPLY_SEVERITY_ERROR, 0);
    comply_report *r = check(li_yes);
    CU_ASSERT_STRING_EQUAL(find(r, "rights-objection-missing")->article, "GDPR Art. 21(1)");
    CU_ASSERT_STRING_EQUAL(find(r, "rights-objection-missing")->path, "rights.supported");
    comply_report_free(r);
    /* prospecting purposes owe it whatever the basis (consent here) */
    char *yes = strdup(with(ALL_RIGHTS, no_objection));
    pair_p(yes, BASE, "email_prospecting", "rights-objection-missing", COMPLY_SEVERITY_ERROR, 0);
    free(yes);
    /* not a prospecting purpose, consent basis: not due */
    r = check(with(ALL_RIGHTS, no_objection));
    CU_ASSERT_EQUAL(comply_report_count(r), 0);
    comply_report_free(r);
    /* no list at all: a gap */
    yes = strdup(with(", \"supported\": " ALL_RIGHTS, ""));
    pair_p(yes, BASE, "email_prospecting", "rights-objection-missing", COMPLY_SEVERITY_ERROR, 1);
    free(yes);
    free(li_yes);
    free(li);
}

/* The purpose's "prospecting" flag decides; the id suffix is the fallback. */
static void prospecting_is_read_from_the_purpose(void)
{
    static const char pack[] =
        "{\"comply_pack\": 1, \"name\": \"shop\", \"version\": \"1\",\n"
        " \"purposes\": {\n"
        "  \"sms_offers\": {\"label\": {\"en\": \"SMS offers\", \"fr\": \"Offres par SMS\"}, \"legal_basis\": \"consent\",\n"
        "                 \"optional\": [\"contact\", \"identity\"], \"prospecting\": true},\n"
        "  \"partner_prospecting\": {\"label\": {\"en\": \"Partners\", \"fr\": \"Partenaires\"},\n"
        "                 \"legal_basis\": \"consent\", \"optional\": [\"contact\", \"identity\"],\n"
        "                 \"prospecting\": false}}}";
    comply_rules *own = NULL;
    comply_error e;
    CU_ASSERT_EQUAL_FATAL(comply_rules_default(&own, &e), COMPLY_OK);
    CU_ASSERT_EQUAL_FATAL(comply_rules_add_json(own, pack, strlen(pack), "shop.json", &e), COMPLY_OK);
    const char *no_objection = "[\"access\", \"rectification\", \"erasure\", \"restriction\", \"portability\"]";
    const char *decl = with(ALL_RIGHTS, no_objection);
    const char *purposes[] = { "sms_offers", "partner_prospecting", "email_prospecting", "newsletter" };
    const bool due[] = { true, false, true, false };
    for (size_t i = 0; i < 4; i++) {
        comply_report *r = NULL;
        CU_ASSERT_EQUAL_FATAL(comply_check_collection_json(own, decl, strlen(decl), "d.json", purposes[i], &r, &e),
                              COMPLY_OK);
        CU_ASSERT_EQUAL(find(r, "rights-objection-missing") != NULL, due[i]);
        comply_report_free(r);
    }
    comply_rules_free(own);
    /* packs check the key's type */
    CU_ASSERT_EQUAL_FATAL(comply_rules_default(&own, &e), COMPLY_OK);
    static const char wrong[] = "{\"comply_pack\": 1, \"name\": \"w\", \"version\": \"1\", \"purposes\": {\"x\": "
                                "{\"label\": {\"en\": \"X\"}, \"legal_basis\": \"consent\", \"prospecting\": \"yes\"}}}";
    CU_ASSERT_EQUAL(comply_rules_add_json(own, wrong, strlen(wrong), "w.json", &e), COMPLY_ERULE);
    comply_rules_free(own);
}

static void rights_portability_missing(void)
{
    const char *no_portability = "[\"access\", \"rectification\", \"erasure\", \"restriction\", \"objection\"]";
    pair_with(ALL_RIGHTS, no_portability, ALL_RIGHTS, "rights-portability-missing", COMPLY_SEVERITY_ERROR, 0);
    /* due under contract too, not under legitimate interests */
    char *contract = strdup(with("\"legal_basis\": \"consent\"", "\"legal_basis\": \"contract\""));
    char *li = strdup(with("\"legal_basis\": \"consent\"", "\"legal_basis\": \"legitimate_interests\""));
    char *c_no = malloc(strlen(contract) + 16), *li_no = malloc(strlen(li) + 16);
    const char *p = strstr(contract, ALL_RIGHTS), *q = strstr(li, ALL_RIGHTS);
    CU_ASSERT_FATAL(p && q);
    sprintf(c_no, "%.*s%s%s", (int)(p - contract), contract, no_portability, p + strlen(ALL_RIGHTS));
    sprintf(li_no, "%.*s%s%s", (int)(q - li), li, no_portability, q + strlen(ALL_RIGHTS));
    pair(c_no, li_no, "rights-portability-missing", COMPLY_SEVERITY_ERROR, 0);
    free(contract);
    free(li);
    free(c_no);
    free(li_no);
}

static void rights_response_too_long(void)
{
    const char *days = "\"response_days\": 28";
    pair_with(days, "\"response_days\": 32", "\"response_days\": 1", "rights-response-too-long",
              COMPLY_SEVERITY_ERROR, 0);
    /* 29 to 31 days overrun a month that has fewer */
    pair_with(days, "\"response_days\": 31", days, "rights-response-too-long", COMPLY_SEVERITY_WARNING, 0);
    pair_with(days, "\"response_days\": 29", days, "rights-response-too-long", COMPLY_SEVERITY_WARNING, 0);
    comply_report *r = check(with(days, "\"response_days\": 365"));
    const comply_finding *f = find(r, "rights-response-too-long");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_STRING_EQUAL(f->path, "rights.response_days");
    CU_ASSERT_EQUAL(f->line, 15);
    CU_ASSERT_STRING_EQUAL(f->article, "GDPR Art. 12(3)");
    comply_report_free(r);
}

static void dpo_missing(void)
{
    const char *at = " \"subjects\"";
    const char *monitoring = " \"scale\": {\"large\": true, \"systematic_monitoring\": true},\n \"subjects\"";
    pair_with(at, monitoring, at, "dpo-missing", COMPLY_SEVERITY_WARNING, 1);
    pair_with(at, monitoring,
              " \"scale\": {\"large\": true, \"systematic_monitoring\": true},\n"
              " \"dpo\": {\"contact\": \"dpo@example.org\"},\n \"subjects\"",
              "dpo-missing", COMPLY_SEVERITY_WARNING, 1);
    pair_with(at, monitoring, " \"scale\": {\"large\": false, \"systematic_monitoring\": true},\n \"subjects\"",
              "dpo-missing", COMPLY_SEVERITY_WARNING, 1);
    /* large scale without monitoring: only with special or criminal data */
    const char *large = " \"scale\": {\"large\": true},\n \"subjects\"";
    char *plain = strdup(with(at, large));
    char *health = malloc(strlen(plain) + 128);
    const char *p = strstr(plain, FIELD_AT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    sprintf(health, "%.*s%s%s", (int)(p - plain), plain,
            "{\"name\": \"allergies\", \"category\": \"special.health\", \"required\": false}, ", p);
    pair(health, plain, "dpo-missing", COMPLY_SEVERITY_WARNING, 1);
    free(plain);
    free(health);
}

static void accountability_keys_are_validated(void)
{
    comply_error e;
    CU_ASSERT_EQUAL(bad(with(CHANNEL, "\"channel\": \"call us\", "), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "rights.channel");
    CU_ASSERT_EQUAL(e.line, 15);
    CU_ASSERT_EQUAL(e.column, 24);
    CU_ASSERT(strstr(e.message, "URL or an email") != NULL);
    CU_ASSERT_EQUAL(bad(with(CHANNEL, "\"channel\": \"javascript:alert(1)\", "), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with(CHANNEL, "\"channel\": \"mailto:\", "), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with(CHANNEL, "\"channel\": \"\", "), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with(CHANNEL, "\"channel\": 7, "), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"customers\"", "\"aliens\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "subjects[0]");
    CU_ASSERT_EQUAL(e.line, 13);
    CU_ASSERT_EQUAL(bad(with("\"prospects\"", "\"customers\""), &e), COMPLY_ERULE);
    CU_ASSERT(strstr(e.message, "listed twice") != NULL);
    CU_ASSERT_EQUAL(bad(with("\"prospects\"", "3"), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"kind\": \"processor\"", "\"kind\": \"friend\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "recipients[0].kind");
    CU_ASSERT_EQUAL(bad(with(", \"kind\": \"processor\"", ""), &e), COMPLY_ERULE);
    CU_ASSERT(strstr(e.message, "missing key") != NULL);
    CU_ASSERT_EQUAL(bad(with("[{\"name\": \"Mailer Inc.\", \"kind\": \"processor\"}]", "[\"Mailer Inc.\"]"), &e),
                    COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"response_days\": 28", "\"response_days\": 0"), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "rights.response_days");
    CU_ASSERT_EQUAL(bad(with("\"response_days\": 28", "\"response_days\": -3"), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with("\"response_days\": 28", "\"response_days\": 28, \"days\": 1"), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "rights.days");
    CU_ASSERT_EQUAL(bad(with("\"portability\", ", "\"portability\", \"telepathy\", "), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "rights.supported[5]");
    CU_ASSERT_EQUAL(bad(with("\"name\": \"Example SAS\"", "\"name\": \"\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "controller.name");
    CU_ASSERT_EQUAL(bad(with("\"name\": \"Example SAS\", ", ""), &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad(with(" \"subjects\"", " \"dpo\": {\"name\": \"D. P. O.\"},\n \"subjects\""), &e),
                    COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "dpo.contact");
    CU_ASSERT_EQUAL(bad(with(" \"subjects\"", " \"scale\": {\"large\": \"yes\"},\n \"subjects\""), &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "scale.large");
    CU_ASSERT_EQUAL(bad(with(" \"subjects\"", " \"scale\": {\"huge\": true},\n \"subjects\""), &e), COMPLY_ERULE);
    /* invalid UTF-8 in a contact is a parse error with its place */
    CU_ASSERT_EQUAL(bad(with("privacy@example.org\"}", "priv\xc3\x28@example.org\"}"), &e), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(e.line, 12);
}

static const test_entry accountability_tests[] = {
    TEST(controller_contact_missing),
    TEST(rights_no_channel),
    TEST(rights_objection_missing),
    TEST(prospecting_is_read_from_the_purpose),
    TEST(rights_portability_missing),
    TEST(rights_response_too_long),
    TEST(dpo_missing),
    TEST(accountability_keys_are_validated),
    { NULL, NULL },
};

/* ------------------------------------------------------------ writers */

static const char writer_decl[] =
    "{\"purpose\": \"newsletter\", \"legal_basis\": \"consent\",\n"
    " \"fields\": [{\"name\": \"email\", \"category\": \"contact.email\", \"required\": true},\n"
    "            {\"name\": \"religion\", \"required\": false}],\n"
    " \"consent\": {\"captured\": true, \"separate\": true, \"pre_ticked\": false, \"withdrawable\": true}}";

static void writers_give_json_sarif_and_text_of_every_finding(void)
{
    comply_report *r = check(writer_decl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_STRING_EQUAL(comply_report_source(r), "decl.json");
    char *json = NULL, *sarif = NULL, *text = NULL;
    size_t jl = 0, sl = 0, tl = 0;
    CU_ASSERT_EQUAL(comply_report_to_json(r, &json, &jl, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_report_to_sarif(r, "fr", &sarif, &sl, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(comply_report_to_text(r, "en", 0, &text, &tl, NULL), COMPLY_OK);
    CU_ASSERT_FATAL(json && sarif && text);
    CU_ASSERT_EQUAL(strlen(json), jl);
    CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"source\":\"decl.json\",\"purpose\":\"newsletter\",\"summary\":{"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sarif, "\"version\":\"2.1.0\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(sarif, "\"startLine\":3"));
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, f->code));
        CU_ASSERT_PTR_NOT_NULL(strstr(sarif, f->message_fr));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, f->message_en));
    }
    /* no colour unless asked */
    CU_ASSERT_PTR_NULL(strchr(text, '\033'));
    comply_report_text_free(r, json);
    comply_report_text_free(r, sarif);
    comply_report_text_free(r, text);
    comply_report_text_free(r, NULL);
    CU_ASSERT_EQUAL(comply_report_to_json(NULL, &json, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_report_to_text(r, "en", 0, NULL, NULL, NULL), COMPLY_EINVAL);
    comply_report_free(r);
}

static const test_entry writer_tests[] = {
    TEST(writers_give_json_sarif_and_text_of_every_finding),
    TEST(fideslang_and_dpv_keys_are_read_through_the_aliases),
    TEST(json_schema_properties_are_the_fields),
    TEST(struct_declarations_are_checked_like_json),
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
        { "check_clean", clean_tests, NULL, NULL },
        { "check_findings", finding_tests, NULL, NULL },
        { "check_bad_input", bad_tests, NULL, NULL },
        { "check_writers", writer_tests, NULL, NULL },
        { "check_accountability", accountability_tests, NULL, NULL },
        { NULL, NULL, NULL, NULL },
    };
    int rc = tu_run_suites(suites);
    comply_rules_free(rules);
    return rc;
}
