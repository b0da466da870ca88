/*
 * test_ropa.c - the record of processing activities (lib/ropa.c): the
 * JSON document parsed back with cJSON, declarations of one purpose
 * merged, retention rules with their sources, transfers and their
 * safeguards, labels in both languages; malformed declarations with their
 * line and column; misuse.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <cJSON.h>

#include "comply.h"
#include "runner.h"
#include "testutil.h"

static comply_rules *rules;

static const char ORDERS[] =
    "{\"purpose\": \"customer_management\", \"legal_basis\": \"contract\",\n"
    " \"fields\": [{\"name\": \"email\", \"category\": \"contact.email\", \"required\": true},\n"
    "            {\"name\": \"nom\", \"required\": true},\n"
    "            {\"name\": \"id\"},\n"
    "            {\"name\": \"allergies\", \"category\": \"special.health\"}],\n"
    " \"controller\": {\"name\": \"Shop <Example> SAS\", \"contact\": \"privacy@shop.example\"},\n"
    " \"dpo\": {\"contact\": \"dpo@shop.example\"},\n"
    " \"subjects\": [\"customers\"],\n"
    " \"recipients\": [{\"name\": \"Carrier \\\"Express\\\"\", \"kind\": \"third_party\"}],\n"
    " \"transfers\": [{\"country\": \"US\", \"mechanism\": \"scc\", \"recipient\": \"Helpdesk Inc.\"},\n"
    "               {\"country\": \"DE\", \"mechanism\": \"none\"},\n"
    "               {\"country\": \"CH\"},\n"
    "               {\"country\": \"IN\"}],\n"
    " \"security\": {\"encryption_in_transit\": true, \"encryption_at_rest\": false, \"access_review_days\": 60}}\n";

/* The same purpose from another form: merged into one entry. */
static const char ORDERS_IMPORT[] =
    "{\"purpose\": \"customer_management\",\n"
    " \"fields\": [{\"name\": \"phone\", \"category\": \"contact.phone\"},\n"
    "            {\"name\": \"email\", \"category\": \"contact.email\"}],\n"
    " \"subjects\": [\"customers\", \"prospects\"],\n"
    " \"recipients\": [{\"name\": \"Carrier \\\"Express\\\"\", \"kind\": \"third_party\"},\n"
    "                {\"name\": \"CRM SaaS\", \"kind\": \"processor\"}],\n"
    " \"transfers\": [{\"country\": \"US\", \"mechanism\": \"scc\", \"recipient\": \"Helpdesk Inc.\"}],\n"
    " \"storage_location\": \"IN\",\n"
    " \"security\": {\"encryption_in_transit\": true, \"access_review_days\": 90}}\n";

static const char NEWSLETTER[] =
    "{\"purpose\": \"newsletter\", \"fields\": [{\"name\": \"email\", \"category\": \"contact.email\"}]}";

static cJSON *ropa(const char *const *decls, size_t n, const char *lang)
{
    const char *sources[] = { "orders.json", "import.json", "news.json", "x.json" };
    char *out = NULL;
    size_t len = 0;
    comply_error err;
    comply_status st = comply_ropa_json(rules, decls, NULL, sources, n, lang, &out, &len, &err);
    if (st != COMPLY_OK)
        fprintf(stderr, "\nunexpected error %d at %lu:%lu %s\n", st, err.line, err.column, err.message);
    CU_ASSERT_EQUAL_FATAL(st, COMPLY_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_EQUAL(strlen(out), len);
    cJSON *doc = cJSON_ParseWithLength(out, len);
    comply_free(rules, out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    return doc;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *find_in(const cJSON *list, const char *key, const char *value)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, list)
    {
        const char *s = cJSON_IsString(x) ? x->valuestring : str(x, key);
        if (s && strcmp(s, value) == 0)
            return x;
    }
    return NULL;
}

static void document_has_the_art30_items(void)
{
    const char *decls[] = { ORDERS };
    cJSON *doc = ropa(decls, 1, "en");
    CU_ASSERT(strstr(str(doc, "template"), "CNIL") != NULL);
    CU_ASSERT(strncmp(str(doc, "generated_by"), "libcomply ", 10) == 0);
    CU_ASSERT_STRING_EQUAL(str(doc, "lang"), "en");
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetObjectItem(doc, "controller"), "name"), "Shop <Example> SAS");
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetObjectItem(doc, "dpo"), "contact"), "dpo@shop.example");
    CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "dpo"), "name")));
    const cJSON *entries = cJSON_GetObjectItem(doc, "entries");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(entries), 1);
    const cJSON *e = cJSON_GetArrayItem(entries, 0);
    CU_ASSERT_STRING_EQUAL(str(e, "purpose"), "customer_management");
    CU_ASSERT_STRING_EQUAL(str(e, "label"), "Customer management");
    CU_ASSERT_STRING_EQUAL(str(e, "legal_basis"), "contract");
    CU_ASSERT_PTR_NOT_NULL(str(e, "description"));
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "subjects"), 0), "label"), "Customers");
    /* categories: declared, classified by name (nom), technical key skipped (id) */
    const cJSON *cats = cJSON_GetObjectItem(e, "categories");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cats), 3);
    const cJSON *email = find_in(cats, "key", "contact.email");
    CU_ASSERT_PTR_NOT_NULL_FATAL(email);
    CU_ASSERT_STRING_EQUAL(str(email, "kind"), "base");
    CU_ASSERT(cJSON_IsFalse(cJSON_GetObjectItem(email, "special")));
    const cJSON *health = find_in(cats, "key", "special.health");
    CU_ASSERT_PTR_NOT_NULL_FATAL(health);
    CU_ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(health, "special")));
    CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(health, "kind")));
    CU_ASSERT_PTR_NOT_NULL(find_in(cats, "key", "identity.name.last")); /* "nom", by its name */;
    /* retention: the rules of the purpose, with their sources */
    const cJSON *ret = cJSON_GetObjectItem(e, "retention");
    const cJSON *contract = find_in(ret, "rule", "crm.customer.contract");
    CU_ASSERT_PTR_NOT_NULL_FATAL(contract);
    CU_ASSERT_STRING_EQUAL(str(contract, "archive_for"), "P5Y");
    CU_ASSERT_STRING_EQUAL(str(contract, "event"), "end_of_relationship");
    CU_ASSERT_STRING_EQUAL(str(contract, "basis"), "cnil");
    CU_ASSERT(strstr(str(contract, "source"), "2021-131") != NULL);
    CU_ASSERT_PTR_NOT_NULL(find_in(cJSON_GetObjectItem(contract, "categories"), NULL, "contact.email"));
    /* transfers: EEA countries are not transfers; safeguards named */
    const cJSON *tr = cJSON_GetObjectItem(e, "transfers");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(tr), 3);
    CU_ASSERT_PTR_NULL(find_in(tr, "country", "DE"));
    CU_ASSERT(strstr(str(find_in(tr, "country", "US"), "safeguard"), "46(2)(c)") != NULL);
    CU_ASSERT(strstr(str(find_in(tr, "country", "CH"), "safeguard"), "Art. 45") != NULL);
    CU_ASSERT_STRING_EQUAL(str(find_in(tr, "country", "IN"), "safeguard"), "no safeguard declared");
    /* recipients and security as declared */
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "recipients"), 0), "name"),
                           "Carrier \"Express\"");
    const cJSON *sec = cJSON_GetObjectItem(e, "security");
    CU_ASSERT_PTR_NOT_NULL(find_in(sec, NULL, "Encryption in transit (TLS)"));
    CU_ASSERT_PTR_NULL(find_in(sec, NULL, "Encryption at rest"));
    CU_ASSERT_PTR_NOT_NULL(find_in(sec, NULL, "Access rights reviewed at least every 60 days"));
    CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "sources"), 0)->valuestring, "orders.json");
    cJSON_Delete(doc);
}

static void one_entry_per_purpose(void)
{
    const char *decls[] = { ORDERS, NEWSLETTER, ORDERS_IMPORT };
    cJSON *doc = ropa(decls, 3, "en");
    const cJSON *entries = cJSON_GetObjectItem(doc, "entries");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(entries), 2);
    const cJSON *e = cJSON_GetArrayItem(entries, 0);
    CU_ASSERT_STRING_EQUAL(str(e, "purpose"), "customer_management");
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetArrayItem(entries, 1), "purpose"), "newsletter");
    /* the union, without repeats */
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(e, "categories")), 4);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(e, "subjects")), 2);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(e, "recipients")), 2);
    /* the same transfer declared twice is listed once; storage abroad is a
     * transfer, already listed here (IN, no safeguard) */
    const cJSON *tr = cJSON_GetObjectItem(e, "transfers");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(tr), 3);
    const cJSON *sources = cJSON_GetObjectItem(e, "sources");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(sources), 2);
    CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(sources, 1)->valuestring, "news.json");
    /* a measure only one of them takes is not the processing's; the longest review is */
    const cJSON *sec = cJSON_GetObjectItem(e, "security");
    CU_ASSERT_PTR_NOT_NULL(find_in(sec, NULL, "Encryption in transit (TLS)"));
    CU_ASSERT_PTR_NOT_NULL(find_in(sec, NULL, "Access rights reviewed at least every 90 days"));
    /* the newsletter declares no controller: the entry says so */
    CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(entries, 1), "controller")));
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(entries, 1), "security")), 0);
    cJSON_Delete(doc);
}

static void storage_abroad_is_a_transfer(void)
{
    const char *decls[] = { "{\"purpose\": \"newsletter\", \"fields\": [], \"storage_location\": \"BR\"}",
                            "{\"purpose\": \"newsletter\", \"fields\": [], \"storage_location\": \"FR\"}" };
    cJSON *doc = ropa(decls, 2, "en");
    const cJSON *tr = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "entries"), 0), "transfers");
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(tr), 1);
    const cJSON *t = cJSON_GetArrayItem(tr, 0);
    CU_ASSERT_STRING_EQUAL(str(t, "country"), "BR");
    CU_ASSERT_STRING_EQUAL(str(t, "mechanism"), "none");
    CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(t, "recipient")));
    cJSON_Delete(doc);
}

static void labels_follow_the_language(void)
{
    const char *decls[] = { ORDERS };
    cJSON *fr = ropa(decls, 1, NULL);
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(fr, "entries"), 0);
    CU_ASSERT_STRING_EQUAL(str(fr, "lang"), "fr");
    CU_ASSERT_STRING_EQUAL(str(e, "label"), "Gestion des clients");
    CU_ASSERT_STRING_EQUAL(str(cJSON_GetArrayItem(cJSON_GetObjectItem(e, "subjects"), 0), "label"), "Clients");
    CU_ASSERT(strstr(str(find_in(cJSON_GetObjectItem(e, "transfers"), "country", "US"), "safeguard"),
                     "clauses contractuelles types") != NULL);
    cJSON_Delete(fr);
    /* an empty record is still a document */
    cJSON *empty = ropa(NULL, 0, "en");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(empty, "entries")), 0);
    CU_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(empty, "controller")));
    cJSON_Delete(empty);
}

static comply_status bad(const char *decl, comply_error *err)
{
    const char *decls[] = { NEWSLETTER, decl };
    const char *sources[] = { "ok.json", "bad.json" };
    char *out = (char *)&out;
    memset(err, 0, sizeof *err);
    comply_status st = comply_ropa_json(rules, decls, NULL, sources, 2, "fr", &out, NULL, err);
    CU_ASSERT_PTR_NULL(out);
    return st;
}

static void malformed_declarations_have_their_place(void)
{
    comply_error e;
    CU_ASSERT_EQUAL(bad("{\"purpose\": \"newsletter\",\n \"fields\": [}", &e), COMPLY_EPARSE);
    CU_ASSERT_STRING_EQUAL(e.source, "bad.json");
    CU_ASSERT_EQUAL(e.line, 2);
    CU_ASSERT(e.column > 0);
    CU_ASSERT_EQUAL(bad("{\"purpose\": \"newsletter\",\n \"fields\": [],\n \"rights\": {\"channel\": \"phone\"}}", &e),
                    COMPLY_ERULE);
    CU_ASSERT_EQUAL(e.line, 3);
    CU_ASSERT_STRING_EQUAL(e.path, "rights.channel");
    CU_ASSERT_EQUAL(bad("{\"fields\": []}", &e), COMPLY_ERULE);
    CU_ASSERT_STRING_EQUAL(e.path, "purpose");
    CU_ASSERT_EQUAL(bad("{\"purpose\": \"teleportation\",\n \"fields\": []}", &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(e.line, 1);
    CU_ASSERT_EQUAL(e.column, 13);
    CU_ASSERT(strstr(e.message, "unknown purpose") != NULL);
    /* a JSON Schema names no purpose */
    CU_ASSERT_EQUAL(bad("{\"properties\": {\"email\": {\"type\": \"string\"}}}", &e), COMPLY_ERULE);
    CU_ASSERT_EQUAL(bad("{\"purpose\": \"newsletter\", \"fields\": [{\"name\": \"\xff\"}]}", &e), COMPLY_EPARSE);
    CU_ASSERT_EQUAL(bad("", &e), COMPLY_EPARSE);
}

static void misuse_is_einval(void)
{
    const char *decls[] = { NEWSLETTER, NULL };
    const size_t lens[] = { strlen(NEWSLETTER), 5 };
    char *out = NULL;
    comply_error e;
    CU_ASSERT_EQUAL(comply_ropa_json(NULL, decls, NULL, NULL, 1, "fr", &out, NULL, &e), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_ropa_json(rules, decls, NULL, NULL, 1, "fr", NULL, NULL, &e), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_ropa_json(rules, NULL, NULL, NULL, 1, "fr", &out, NULL, &e), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_ropa_json(rules, decls, NULL, NULL, 1, "de", &out, NULL, &e), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_ropa_json(rules, decls, lens, NULL, 2, "fr", &out, NULL, &e), COMPLY_EINVAL);
    CU_ASSERT_PTR_NULL(out);
    /* lengths are honoured: a prefix of the text is malformed */
    const size_t short_len[] = { 10 };
    CU_ASSERT_EQUAL(comply_ropa_json(rules, decls, short_len, NULL, 1, "fr", &out, NULL, &e), COMPLY_EPARSE);
    CU_ASSERT_STRING_EQUAL(e.source, "<json>");
}

static void many_declarations(void)
{
    enum { N = 400 };
    const char **decls = malloc(N * sizeof *decls);
    CU_ASSERT_PTR_NOT_NULL_FATAL(decls);
    for (size_t i = 0; i < N; i++)
        decls[i] = i % 2 ? ORDERS : ORDERS_IMPORT;
    char *out = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL_FATAL(comply_ropa_json(rules, decls, NULL, NULL, N, "fr", &out, &len, NULL), COMPLY_OK);
    cJSON *doc = cJSON_ParseWithLength(out, len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "entries"), 0);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "entries")), 1);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(e, "sources")), N);
    CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(e, "categories")), 4);
    cJSON_Delete(doc);
    comply_free(rules, out);
    free(decls);
}

/* Every allocation the record makes may fail: ENOMEM, nothing leaked,
 * never a crash; the same call succeeds once the allocator heals. */
static void allocation_failures_are_enomem(void)
{
    tu_alloc t;
    tu_alloc_init(&t);
    comply_rules_options o = tu_alloc_options(&t);
    comply_rules *r = NULL;
    comply_error err;
    CU_ASSERT_EQUAL_FATAL(comply_rules_new(&r, &o, &err), COMPLY_OK);
    CU_ASSERT_EQUAL_FATAL(comply_rules_add_default(r, &err), COMPLY_OK);
    const char *decls[] = { ORDERS, ORDERS_IMPORT, NEWSLETTER };
    long live = t.live;
    unsigned long failed_runs = 0;
    for (unsigned long k = 1; k < 100000; k++) {
        char *out = NULL;
        tu_alloc_fail_in(&t, k, false);
        unsigned long before = t.failures;
        comply_status st = comply_ropa_json(r, decls, NULL, NULL, 3, "en", &out, NULL, &err);
        bool injected = t.failures > before;
        tu_alloc_heal(&t);
        if (st == COMPLY_ENOMEM) {
            CU_ASSERT(injected);
            CU_ASSERT_PTR_NULL(out);
            failed_runs++;
        } else {
            CU_ASSERT_EQUAL(st, COMPLY_OK);
            CU_ASSERT_PTR_NOT_NULL(out);
        }
        comply_free(r, out);
        CU_ASSERT_EQUAL(t.live, live);
        if (!injected)
            break;
    }
    CU_ASSERT(failed_runs > 10);
    CU_ASSERT_EQUAL(t.bad_frees, 0);
    comply_rules_free(r);
    CU_ASSERT_EQUAL(t.live, 0);
}

static const test_entry ropa_tests[] = {
    TEST(allocation_failures_are_enomem),
    TEST(document_has_the_art30_items),
    TEST(one_entry_per_purpose),
    TEST(storage_abroad_is_a_transfer),
    TEST(labels_follow_the_language),
    TEST(malformed_declarations_have_their_place),
    TEST(misuse_is_einval),
    TEST(many_declarations),
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
        { "ropa", ropa_tests, NULL, NULL },
        { NULL, NULL, NULL, NULL },
    };
    int rc = tu_run_suites(suites);
    comply_rules_free(rules);
    return rc;
}
