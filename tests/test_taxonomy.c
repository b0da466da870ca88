/*
 * test_taxonomy.c - CUnit tests for lib/taxonomy.c: the category tree of
 * the default pack (groups, kinds, regimes, sensitive data, labels), the
 * consistency of parents, children and pre-order, ancestry, and small
 * custom taxonomies with inheritance and overrides.
 *
 * The expected facts about the default pack come from doc/taxonomy.md
 * (CNIL délibération 2021-131 for the kinds, GDPR Art. 9 and 10 for the
 * regimes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "internal.h"
#include "testutil.h"

static comply_rules *def; /* the default pack, shared by the suite */

static int suite_init(void)
{
    return comply_rules_default(&def, NULL) == COMPLY_OK ? 0 : -1;
}

static int suite_clean(void)
{
    comply_rules_free(def);
    def = NULL;
    return 0;
}

static const comply_category *cat(const char *key)
{
    return comply_category_find(def, key);
}

static comply_rules *load(const char *json)
{
    comply_rules *r = NULL;
    comply_error err;
    if (comply_rules_load_json(&r, json, strlen(json), &err) != COMPLY_OK) {
        fprintf(stderr, "cannot load: %s at %lu:%lu [%s]\n", err.message, err.line, err.column, err.path);
        return NULL;
    }
    return r;
}

/* True when key is `prefix` or below it. */
static bool under(const char *key, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(key, prefix, n) == 0 && (key[n] == '\0' || key[n] == '.');
}

/* ------------------------------------------------------- the groups */

static void default_groups_in_pack_order(void)
{
    static const char *const groups[] = { "identity", "contact",  "interaction",    "behavioural", "attitudinal",
                                          "financial", "online",  "authentication", "privacy",     "employment",
                                          "organisation", "vehicle", "special",     "criminal" };
    CHECK_NUM(comply_category_root_count(def), 14);
    for (size_t i = 0; i < 14; i++) {
        const comply_category *g = comply_category_root(def, i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        CHECK_TEXT(comply_category_key(g), groups[i]);
        CU_ASSERT_PTR_NULL(comply_category_parent(g));
        CHECK_NUM(comply_category_depth(g), 0);
        CU_ASSERT_PTR_EQUAL(g, cat(groups[i]));
    }
    CU_ASSERT_PTR_NULL(comply_category_root(def, 14));
    CU_ASSERT_PTR_NULL(comply_category_root(def, SIZE_MAX));
    /* sizes of the groups, with the group itself */
    static const size_t sizes[] = { 20, 11, 13, 10, 8, 12, 12, 7, 5, 10, 5, 4, 11, 4 };
    for (size_t i = 0; i < 14; i++) {
        size_t n = 0;
        for (size_t k = 0; k < comply_category_count(def); k++)
            n += under(comply_category_key(comply_category_at(def, k)), groups[i]);
        CHECK_NUM(n, sizes[i]);
    }
}

static void customer_data_groups_have_the_cnil_kinds(void)
{
    CHECK_NUM(comply_category_kind(cat("identity")), COMPLY_KIND_BASE);
    CHECK_NUM(comply_category_kind(cat("contact")), COMPLY_KIND_BASE);
    CHECK_NUM(comply_category_kind(cat("interaction")), COMPLY_KIND_INTERACTION);
    CHECK_NUM(comply_category_kind(cat("behavioural")), COMPLY_KIND_BEHAVIOURAL);
    CHECK_NUM(comply_category_kind(cat("attitudinal")), COMPLY_KIND_ATTITUDINAL);
    static const char *const none[] = { "financial", "online",  "authentication", "privacy", "employment",
                                        "organisation", "vehicle", "special",     "criminal" };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        CHECK_NUM(comply_category_kind(cat(none[i])), COMPLY_KIND_NONE);
    /* children inherit */
    CHECK_NUM(comply_category_kind(cat("identity.name.first")), COMPLY_KIND_BASE);
    CHECK_NUM(comply_category_kind(cat("contact.postal_address.city")), COMPLY_KIND_BASE);
    CHECK_NUM(comply_category_kind(cat("behavioural.location_history")), COMPLY_KIND_BEHAVIOURAL);
    CHECK_NUM(comply_category_kind(cat("attitudinal.satisfaction")), COMPLY_KIND_ATTITUDINAL);
    CHECK_NUM(comply_category_kind(cat("special.health.disability")), COMPLY_KIND_NONE);
}

static void special_and_criminal_regimes_cover_their_groups(void)
{
    size_t special = 0, criminal = 0;
    for (size_t i = 0; i < comply_category_count(def); i++) {
        const comply_category *c = comply_category_at(def, i);
        const char *key = comply_category_key(c);
        comply_regime want = under(key, "special")    ? COMPLY_REGIME_SPECIAL
                             : under(key, "criminal") ? COMPLY_REGIME_CRIMINAL
                                                      : COMPLY_REGIME_NONE;
        if (comply_category_regime(c) != want) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s has regime %d, expected %d", key, (int)comply_category_regime(c), (int)want);
            CU_FAIL(msg);
        }
        special += want == COMPLY_REGIME_SPECIAL;
        criminal += want == COMPLY_REGIME_CRIMINAL;
    }
    CHECK_NUM(special, 11);
    CHECK_NUM(criminal, 4);
    CHECK_NUM(comply_category_regime(cat("special.health")), COMPLY_REGIME_SPECIAL);
    CHECK_NUM(comply_category_regime(cat("special.health.disability")), COMPLY_REGIME_SPECIAL);
    CHECK_NUM(comply_category_regime(cat("criminal.conviction")), COMPLY_REGIME_CRIMINAL);
    /* a photo is not biometric data by itself (Recital 51) */
    CHECK_NUM(comply_category_regime(cat("identity.photo")), COMPLY_REGIME_NONE);
    /* the NIR is sensitive but neither Art. 9 nor Art. 10 */
    CHECK_NUM(comply_category_regime(cat("identity.national_id")), COMPLY_REGIME_NONE);
}

static void sensitive_flag_is_inherited(void)
{
    /* doc/taxonomy.md: the flag is set on these entries, and inherited */
    static const char *const flagged[] = {
        "identity.national_id", "identity.identity_document", "identity.tax_id", "behavioural.location_history",
        "financial",            "online.geolocation",         "authentication",  "employment.salary",
        "vehicle.telematics",   "special",                    "criminal",
    };
    size_t sensitive = 0, wrong = 0;
    for (size_t i = 0; i < comply_category_count(def); i++) {
        const comply_category *c = comply_category_at(def, i);
        bool want = false;
        for (size_t k = 0; k < sizeof flagged / sizeof flagged[0]; k++)
            want = want || under(comply_category_key(c), flagged[k]);
        if ((comply_category_is_sensitive(c) != 0) != want) {
            wrong++;
            char msg[160];
            snprintf(msg, sizeof msg, "%s: sensitive %d", comply_category_key(c), comply_category_is_sensitive(c));
            CU_FAIL(msg);
        }
        sensitive += want;
        /* never switched off below a sensitive parent */
        const comply_category *p = comply_category_parent(c);
        if (p && comply_category_is_sensitive(p))
            CU_ASSERT(comply_category_is_sensitive(c));
    }
    CHECK_NUM(wrong, 0);
    CU_ASSERT(sensitive > 30);
    CU_ASSERT(comply_category_is_sensitive(cat("financial.iban")));
    CU_ASSERT(!comply_category_is_sensitive(cat("contact.email")));
    CU_ASSERT(!comply_category_is_sensitive(cat("identity")));
}

/* ---------------------------------------------------------- ancestry */

static void is_a_follows_the_tree(void)
{
    CU_ASSERT(comply_category_is_a(def, "contact.email", "contact"));
    CU_ASSERT(comply_category_is_a(def, "contact.postal_address.city", "contact"));
    CU_ASSERT(comply_category_is_a(def, "contact.postal_address.city", "contact.postal_address"));
    CU_ASSERT(comply_category_is_a(def, "special.health.disability", "special"));
    /* a category is itself */
    CU_ASSERT(comply_category_is_a(def, "contact", "contact"));
    CU_ASSERT(comply_category_is_a(def, "contact.email", "contact.email"));
    /* not upwards, not sideways */
    CU_ASSERT(!comply_category_is_a(def, "contact", "contact.email"));
    CU_ASSERT(!comply_category_is_a(def, "contact.email", "contact.phone"));
    CU_ASSERT(!comply_category_is_a(def, "contact.email", "identity"));
    CU_ASSERT(!comply_category_is_a(def, "identity.name.first", "identity.name.last"));
    /* unknown keys are related to nothing, not even themselves */
    CU_ASSERT(!comply_category_is_a(def, "contact.pager", "contact"));
    CU_ASSERT(!comply_category_is_a(def, "contact.email", "cont"));
    CU_ASSERT(!comply_category_is_a(def, "contact.pager", "contact.pager"));
    CU_ASSERT(!comply_category_is_a(def, "identity.na", "identity"));
    CU_ASSERT(!comply_category_is_a(def, "", ""));
    CU_ASSERT(!comply_category_is_a(def, "Contact.Email", "contact"));
    CU_ASSERT(!comply_category_is_a(def, "contact.email.", "contact"));
    /* NULL */
    CU_ASSERT(!comply_category_is_a(def, NULL, "contact"));
    CU_ASSERT(!comply_category_is_a(def, "contact.email", NULL));
    CU_ASSERT(!comply_category_is_a(NULL, "contact.email", "contact"));
    CU_ASSERT(!comply_category_is_a(NULL, NULL, NULL));
}

static void is_a_agrees_with_key_prefixes_for_every_pair(void)
{
    size_t n = comply_category_count(def), wrong = 0;
    for (size_t i = 0; i < n; i++) {
        const char *a = comply_category_key(comply_category_at(def, i));
        for (size_t j = 0; j < n; j++) {
            const char *b = comply_category_key(comply_category_at(def, j));
            if ((comply_category_is_a(def, a, b) != 0) != under(a, b))
                wrong++;
        }
    }
    CHECK_NUM(wrong, 0);
}

static void find_is_exact(void)
{
    CU_ASSERT_PTR_NOT_NULL(cat("contact.email"));
    CU_ASSERT_PTR_NULL(cat("contact.email "));
    CU_ASSERT_PTR_NULL(cat("Contact.email"));
    CU_ASSERT_PTR_NULL(cat("contact"
                           ".emai"));
    CU_ASSERT_PTR_NULL(cat(""));
    CU_ASSERT_PTR_NULL(cat("email"));
    CU_ASSERT_PTR_NULL(comply_category_find(def, NULL));
    CU_ASSERT_PTR_NULL(comply_category_find(NULL, "contact"));
    CHECK_TEXT(comply_category_key(cat("contact.email")), "contact.email");
}

/* --------------------------------------------------------- structure */

static void tree_is_consistent_for_every_category(void)
{
    size_t n = comply_category_count(def);
    CHECK_NUM(n, 132);
    size_t bad_find = 0, bad_parent = 0, bad_order = 0, bad_depth = 0, bad_children = 0, bad_key = 0,
           bad_subtree = 0, child_total = 0;
    for (size_t i = 0; i < n; i++) {
        const comply_category *c = comply_category_at(def, i);
        const char *key = comply_category_key(c);
        if (comply_category_find(def, key) != c)
            bad_find++;
        const comply_category *p = comply_category_parent(c);
        /* depth is the number of dots, and the parent's plus one */
        unsigned dots = 0;
        for (const char *s = key; *s; s++)
            dots += *s == '.';
        if (comply_category_depth(c) != dots || (p && comply_category_depth(c) != comply_category_depth(p) + 1) ||
            (!p && dots != 0))
            bad_depth++;
        if (p) {
            /* the parent's key is the key without its last part */
            const char *pk = comply_category_key(p);
            if (strncmp(key, pk, strlen(pk)) != 0 || key[strlen(pk)] != '.' || strchr(key + strlen(pk) + 1, '.'))
                bad_key++;
            /* pre-order: the parent comes first */
            bool seen = false;
            for (size_t k = 0; k < i; k++)
                seen = seen || comply_category_at(def, k) == p;
            if (!seen)
                bad_order++;
            /* the parent lists it exactly once */
            size_t listed = 0;
            for (size_t k = 0; k < comply_category_child_count(p); k++)
                listed += comply_category_child(p, k) == c;
            if (listed != 1)
                bad_parent++;
        }
        /* each child's parent is this category */
        for (size_t k = 0; k < comply_category_child_count(c); k++)
            if (comply_category_parent(comply_category_child(c, k)) != c)
                bad_children++;
        CU_ASSERT_PTR_NULL(comply_category_child(c, comply_category_child_count(c)));
        child_total += comply_category_child_count(c);
        /* pre-order: the descendants follow it, together */
        size_t end = i + 1;
        while (end < n && under(comply_category_key(comply_category_at(def, end)), key))
            end++;
        for (size_t k = end; k < n; k++)
            if (under(comply_category_key(comply_category_at(def, k)), key))
                bad_subtree++;
    }
    CHECK_NUM(bad_find, 0);
    CHECK_NUM(bad_parent, 0);
    CHECK_NUM(bad_order, 0);
    CHECK_NUM(bad_depth, 0);
    CHECK_NUM(bad_children, 0);
    CHECK_NUM(bad_key, 0);
    CHECK_NUM(bad_subtree, 0);
    /* every category but the groups is somebody's child */
    CHECK_NUM(child_total + comply_category_root_count(def), n);
    CU_ASSERT_PTR_NULL(comply_category_at(def, n));
    CU_ASSERT_PTR_NULL(comply_category_at(def, SIZE_MAX));
    CU_ASSERT_PTR_NULL(comply_category_at(NULL, 0));
}

static void children_are_in_pack_order(void)
{
    const comply_category *name = cat("identity.name");
    CU_ASSERT_PTR_NOT_NULL_FATAL(name);
    CHECK_NUM(comply_category_child_count(name), 3);
    CHECK_TEXT(comply_category_key(comply_category_child(name, 0)), "identity.name.first");
    CHECK_TEXT(comply_category_key(comply_category_child(name, 1)), "identity.name.last");
    CHECK_TEXT(comply_category_key(comply_category_child(name, 2)), "identity.name.birth_name");
    const comply_category *addr = cat("contact.postal_address");
    CHECK_NUM(comply_category_child_count(addr), 4);
    CHECK_TEXT(comply_category_key(comply_category_child(addr, 3)), "contact.postal_address.country");
    CHECK_NUM(comply_category_child_count(cat("contact.email")), 0);
    CHECK_NUM(comply_category_child_count(cat("identity")), 19 - 3);
    CHECK_NUM(comply_category_depth(cat("identity.name.first")), 2);
    /* pre-order positions */
    CHECK_TEXT(comply_category_key(comply_category_at(def, 0)), "identity");
    CHECK_TEXT(comply_category_key(comply_category_at(def, 1)), "identity.name");
    CHECK_TEXT(comply_category_key(comply_category_at(def, 2)), "identity.name.first");
    CHECK_TEXT(comply_category_key(comply_category_at(def, 20)), "contact");
    CHECK_TEXT(comply_category_key(comply_category_at(def, 131)), "criminal.security_measure");
}

static void null_category_answers_nothing(void)
{
    CU_ASSERT_PTR_NULL(comply_category_key(NULL));
    CU_ASSERT_PTR_NULL(comply_category_label(NULL, "en"));
    CU_ASSERT_PTR_NULL(comply_category_description(NULL, "en"));
    CU_ASSERT_PTR_NULL(comply_category_parent(NULL));
    CHECK_NUM(comply_category_child_count(NULL), 0);
    CU_ASSERT_PTR_NULL(comply_category_child(NULL, 0));
    CHECK_NUM(comply_category_depth(NULL), 0);
    CHECK_NUM(comply_category_kind(NULL), COMPLY_KIND_NONE);
    CHECK_NUM(comply_category_regime(NULL), COMPLY_REGIME_NONE);
    CHECK_NUM(comply_category_is_sensitive(NULL), 0);
    CHECK_NUM(comply_category_count(NULL), 0);
    CHECK_NUM(comply_category_root_count(NULL), 0);
    CU_ASSERT_PTR_NULL(comply_category_root(NULL, 0));
}

static void empty_rules_have_no_categories(void)
{
    comply_rules *r = NULL;
    CHECK_STATUS(comply_rules_new(&r, NULL, NULL), COMPLY_OK);
    CHECK_NUM(comply_category_count(r), 0);
    CHECK_NUM(comply_category_root_count(r), 0);
    CU_ASSERT_PTR_NULL(comply_category_at(r, 0));
    CU_ASSERT_PTR_NULL(comply_category_root(r, 0));
    CU_ASSERT_PTR_NULL(comply_category_find(r, "contact"));
    CU_ASSERT(!comply_category_is_a(r, "contact", "contact"));
    comply_rules_free(r);
}

/* ------------------------------------------------------------ labels */

static void labels_in_english_and_french(void)
{
    CHECK_TEXT(comply_category_label(cat("identity"), "en"), "Identity");
    CHECK_TEXT(comply_category_label(cat("identity"), "fr"), "Identit\xC3\xA9");
    CHECK_TEXT(comply_category_label(cat("contact.email"), "en"), "Email address");
    CHECK_TEXT(comply_category_label(cat("contact.email"), "fr"), "Adresse \xC3\xA9lectronique");
    CHECK_TEXT(comply_category_label(cat("identity.age"), "fr"), "\xC3\x82ge");
    CHECK_TEXT(comply_category_label(cat("special"), "en"), "Special categories (Art. 9)");
    CHECK_TEXT(comply_category_label(cat("criminal"), "fr"), "Donn\xC3\xA9" "es p\xC3\xA9nales (art. 10)");
    /* French differs from English for most categories */
    size_t differ = 0, n = comply_category_count(def), empty = 0;
    for (size_t i = 0; i < n; i++) {
        const comply_category *c = comply_category_at(def, i);
        const char *en = comply_category_label(c, "en"), *fr = comply_category_label(c, "fr");
        differ += strcmp(en, fr) != 0;
        empty += !*en || !*fr || !*comply_category_description(c, "en") || !*comply_category_description(c, "fr");
    }
    CU_ASSERT(differ >= 120);
    CHECK_NUM(empty, 0);
}

static void unknown_language_falls_back_to_english(void)
{
    const comply_category *c = cat("contact.email");
    CHECK_TEXT(comply_category_label(c, "de"), "Email address");
    CHECK_TEXT(comply_category_label(c, ""), "Email address");
    CHECK_TEXT(comply_category_label(c, NULL), "Email address");
    CHECK_TEXT(comply_category_label(c, "FR"), "Email address");
    CHECK_TEXT(comply_category_label(c, "fr-FR"), "Email address");
    CHECK_TEXT(comply_category_description(c, "xx"), comply_category_description(c, "en"));
    CU_ASSERT(strcmp(comply_category_description(c, "fr"), comply_category_description(c, "en")) != 0);
    /* the same pointer each time: borrowed from the rules */
    CU_ASSERT_PTR_EQUAL(comply_category_label(c, "en"), comply_category_label(c, "de"));
}

static void kind_names_and_labels(void)
{
    CHECK_TEXT(comply_kind_name(COMPLY_KIND_NONE), "");
    CHECK_TEXT(comply_kind_name(COMPLY_KIND_BASE), "base");
    CHECK_TEXT(comply_kind_name(COMPLY_KIND_INTERACTION), "interaction");
    CHECK_TEXT(comply_kind_name(COMPLY_KIND_BEHAVIOURAL), "behavioural");
    CHECK_TEXT(comply_kind_name(COMPLY_KIND_ATTITUDINAL), "attitudinal");
    CHECK_TEXT(comply_kind_name((comply_kind)5), "");
    CHECK_TEXT(comply_kind_name((comply_kind)-1), "");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_BASE, "en"), "Base data");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_BASE, "fr"), "Donn\xC3\xA9" "es de base");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_INTERACTION, "en"), "Interaction data");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_INTERACTION, "fr"), "Donn\xC3\xA9" "es d'interactions");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_BEHAVIOURAL, "fr"), "Donn\xC3\xA9" "es comportementales");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_ATTITUDINAL, "en"), "Attitudinal data");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_ATTITUDINAL, "fr"), "Donn\xC3\xA9" "es attitudinales");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_BASE, "de"), "Base data");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_BASE, NULL), "Base data");
    CHECK_TEXT(comply_kind_label(COMPLY_KIND_NONE, "en"), "");
    CHECK_TEXT(comply_kind_label((comply_kind)99, "fr"), "");
    /* every category's kind has a name a pack can use */
    for (size_t i = 0; i < comply_category_count(def); i++) {
        comply_kind k = comply_category_kind(comply_category_at(def, i));
        CU_ASSERT(k >= COMPLY_KIND_NONE && k <= COMPLY_KIND_ATTITUDINAL);
    }
}

/* ----------------------------------------------------- custom trees */

static const char custom_pack[] =
    "{\"comply_pack\": 1, \"taxonomy\": {\n"
    " \"a\": {\"label\": {\"en\": \"A\", \"fr\": \"A fr\"}, \"kind\": \"base\", \"description\": {\"en\": \"Group A\"}},\n"
    " \"a.b\": {\"label\": {\"en\": \"B\"}, \"kind\": \"attitudinal\"},\n"
    " \"a.b.c\": {\"label\": {\"en\": \"C\"}},\n"
    " \"a.d\": {\"label\": {\"en\": \"D\"}, \"regime\": \"special\"},\n"
    " \"a.d.e\": {\"label\": {\"en\": \"E\"}},\n"
    " \"a.d.f\": {\"label\": {\"en\": \"F\"}, \"regime\": \"criminal\"},\n"
    " \"x\": {\"label\": {\"en\": \"X\", \"fr\": \"Ix\"}, \"description\": {\"en\": \"X en\", \"fr\": \"X fr\"}},\n"
    " \"x.y\": {\"label\": {\"en\": \"Y\"}, \"sensitive\": true},\n"
    " \"x.y.z\": {\"label\": {\"en\": \"Z\"}},\n"
    " \"x.y.w\": {\"label\": {\"en\": \"W\"}, \"sensitive\": false}\n"
    "}}";

static void custom_taxonomy_inherits_and_overrides(void)
{
    comply_rules *r = load(custom_pack);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
#define C(k) comply_category_find(r, k)
    CHECK_NUM(comply_category_count(r), 10);
    CHECK_NUM(comply_category_root_count(r), 2);
    /* kind: inherited, a child may state its own */
    CHECK_NUM(comply_category_kind(C("a")), COMPLY_KIND_BASE);
    CHECK_NUM(comply_category_kind(C("a.b")), COMPLY_KIND_ATTITUDINAL);
    CHECK_NUM(comply_category_kind(C("a.b.c")), COMPLY_KIND_ATTITUDINAL);
    CHECK_NUM(comply_category_kind(C("a.d")), COMPLY_KIND_BASE);
    CHECK_NUM(comply_category_kind(C("a.d.e")), COMPLY_KIND_BASE);
    CHECK_NUM(comply_category_kind(C("x")), COMPLY_KIND_NONE);
    CHECK_NUM(comply_category_kind(C("x.y.z")), COMPLY_KIND_NONE);
    /* regime the same way */
    CHECK_NUM(comply_category_regime(C("a")), COMPLY_REGIME_NONE);
    CHECK_NUM(comply_category_regime(C("a.b.c")), COMPLY_REGIME_NONE);
    CHECK_NUM(comply_category_regime(C("a.d")), COMPLY_REGIME_SPECIAL);
    CHECK_NUM(comply_category_regime(C("a.d.e")), COMPLY_REGIME_SPECIAL);
    CHECK_NUM(comply_category_regime(C("a.d.f")), COMPLY_REGIME_CRIMINAL);
    /* sensitive: inherited, and an explicit false stands */
    CU_ASSERT(!comply_category_is_sensitive(C("x")));
    CU_ASSERT(comply_category_is_sensitive(C("x.y")));
    CU_ASSERT(comply_category_is_sensitive(C("x.y.z")));
    CU_ASSERT(!comply_category_is_sensitive(C("x.y.w")));
    /* labels and descriptions fall back to English, then to "" */
    CHECK_TEXT(comply_category_label(C("a"), "fr"), "A fr");
    CHECK_TEXT(comply_category_label(C("a.b"), "fr"), "B");
    CHECK_TEXT(comply_category_description(C("a"), "fr"), "Group A");
    CHECK_TEXT(comply_category_description(C("x"), "fr"), "X fr");
    CHECK_TEXT(comply_category_description(C("a.b"), "en"), "");
    CHECK_TEXT(comply_category_description(C("a.b"), "fr"), "");
    CHECK_TEXT(comply_category_description(C("a.b"), NULL), "");
    /* pre-order and depth */
    static const char *const order[] = { "a", "a.b", "a.b.c", "a.d", "a.d.e", "a.d.f", "x", "x.y", "x.y.z", "x.y.w" };
    for (size_t i = 0; i < 10; i++)
        CHECK_TEXT(comply_category_key(comply_category_at(r, i)), order[i]);
    CHECK_NUM(comply_category_depth(C("x.y.w")), 2);
    CHECK_NUM(comply_category_child_count(C("a.d")), 2);
    CU_ASSERT(comply_category_is_a(r, "a.d.f", "a"));
    CU_ASSERT(!comply_category_is_a(r, "a.d.f", "a.b"));
#undef C
    comply_rules_free(r);
}

static void children_listed_before_their_parent_still_give_pre_order(void)
{
    comply_rules *r = load("{\"comply_pack\": 1, \"taxonomy\": {"
                           "\"q.r.s\": {\"label\": {\"en\": \"S\"}}, \"q\": {\"label\": {\"en\": \"Q\"}, \"kind\": \"interaction\"}, "
                           "\"p\": {\"label\": {\"en\": \"P\"}}, \"q.r\": {\"label\": {\"en\": \"R\"}}}}");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    /* groups in pack order: q (first seen as a group) then p */
    CHECK_TEXT(comply_category_key(comply_category_root(r, 0)), "q");
    CHECK_TEXT(comply_category_key(comply_category_root(r, 1)), "p");
    CHECK_TEXT(comply_category_key(comply_category_at(r, 0)), "q");
    CHECK_TEXT(comply_category_key(comply_category_at(r, 1)), "q.r");
    CHECK_TEXT(comply_category_key(comply_category_at(r, 2)), "q.r.s");
    CHECK_TEXT(comply_category_key(comply_category_at(r, 3)), "p");
    CHECK_NUM(comply_category_kind(comply_category_find(r, "q.r.s")), COMPLY_KIND_INTERACTION);
    comply_rules_free(r);
}

static void deep_chain_of_categories(void)
{
    /* 64 levels: a, a.a, a.a.a, ... (127 characters) */
    size_t cap = 64 * 200, at = 0;
    char *pack = malloc(cap);
    char key[160] = "";
    at += (size_t)snprintf(pack + at, cap - at, "{\"comply_pack\": 1, \"taxonomy\": {");
    for (int d = 0; d < 64; d++) {
        strcat(key, d ? ".a" : "a");
        at += (size_t)snprintf(pack + at, cap - at, "%s\"%s\": {\"label\": {\"en\": \"L%d\"}%s}", d ? ", " : "", key, d,
                               d == 10 ? ", \"sensitive\": true" : "");
    }
    snprintf(pack + at, cap - at, "}}");
    comply_rules *r = load(pack);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CHECK_NUM(comply_category_count(r), 64);
    const comply_category *leaf = comply_category_find(r, key);
    CU_ASSERT_PTR_NOT_NULL_FATAL(leaf);
    CHECK_NUM(comply_category_depth(leaf), 63);
    CU_ASSERT(comply_category_is_sensitive(leaf));
    CU_ASSERT(!comply_category_is_sensitive(comply_category_find(r, "a.a")));
    CU_ASSERT(comply_category_is_a(r, key, "a"));
    CU_ASSERT_PTR_EQUAL(comply_category_at(r, 63), leaf);
    comply_rules_free(r);
    free(pack);
}

static void layering_changes_the_tree(void)
{
    comply_rules *r = NULL;
    CHECK_STATUS(comply_rules_default(&r, NULL), COMPLY_OK);
    CU_ASSERT_FATAL(r != NULL);
    const char *over = "{\"comply_pack\": 1, \"remove\": {\"taxonomy\": [\"identity.signature\"]}, \"taxonomy\": {"
                       "\"contact.email.work\": {\"label\": {\"en\": \"Work email\", \"fr\": \"Courriel professionnel\"}}, "
                       "\"identity.loyalty_number\": {\"label\": {\"en\": \"Loyalty card number\"}, \"sensitive\": true}, "
                       "\"special.health\": {\"label\": {\"en\": \"Health data\"}}}}";
    comply_error err;
    CHECK_STATUS(comply_rules_add_json(r, over, strlen(over), NULL, &err), COMPLY_OK);
    CHECK_NUM(comply_category_count(r), 133);
    CU_ASSERT_PTR_NULL(comply_category_find(r, "identity.signature"));
    const comply_category *email = comply_category_find(r, "contact.email");
    CHECK_NUM(comply_category_child_count(email), 1);
    const comply_category *work = comply_category_child(email, 0);
    CHECK_TEXT(comply_category_key(work), "contact.email.work");
    CHECK_NUM(comply_category_kind(work), COMPLY_KIND_BASE);
    CHECK_TEXT(comply_category_label(work, "fr"), "Courriel professionnel");
    /* pre-order: right after its parent, which has no other child */
    size_t at_email = SIZE_MAX;
    for (size_t i = 0; i < comply_category_count(r); i++)
        if (comply_category_at(r, i) == email)
            at_email = i;
    CU_ASSERT_FATAL(at_email != SIZE_MAX);
    CU_ASSERT_PTR_EQUAL(comply_category_at(r, at_email + 1), work);
    /* the new identity child comes last among its siblings */
    const comply_category *id = comply_category_find(r, "identity");
    CHECK_TEXT(comply_category_key(comply_category_child(id, comply_category_child_count(id) - 1)),
               "identity.loyalty_number");
    CU_ASSERT(comply_category_is_sensitive(comply_category_find(r, "identity.loyalty_number")));
    /* an override replaces the entry, not its place or its children */
    const comply_category *health = comply_category_find(r, "special.health");
    CHECK_TEXT(comply_category_label(health, "fr"), "Health data");
    CHECK_NUM(comply_category_child_count(health), 1);
    CHECK_NUM(comply_category_regime(health), COMPLY_REGIME_SPECIAL);
    CHECK_TEXT(comply_category_description(health, "en"), "");
    comply_rules_free(r);
}

/* ------------------------------------------------------------ runner */

typedef struct test_entry {
    const char *name;
    void (*fn)(void);
} test_entry;
#define TEST(fn) { #fn, fn }

static const test_entry default_tests[] = {
    TEST(default_groups_in_pack_order),
    TEST(customer_data_groups_have_the_cnil_kinds),
    TEST(special_and_criminal_regimes_cover_their_groups),
    TEST(sensitive_flag_is_inherited),
    TEST(is_a_follows_the_tree),
    TEST(is_a_agrees_with_key_prefixes_for_every_pair),
    TEST(find_is_exact),
    TEST(tree_is_consistent_for_every_category),
    TEST(children_are_in_pack_order),
    TEST(null_category_answers_nothing),
    TEST(labels_in_english_and_french),
    TEST(unknown_language_falls_back_to_english),
    TEST(kind_names_and_labels),
    { NULL, NULL },
};

static const test_entry custom_tests[] = {
    TEST(empty_rules_have_no_categories),
    TEST(custom_taxonomy_inherits_and_overrides),
    TEST(children_listed_before_their_parent_still_give_pre_order),
    TEST(deep_chain_of_categories),
    TEST(layering_changes_the_tree),
    { NULL, NULL },
};

static int add_suite(const char *name, const test_entry *tests, CU_InitializeFunc init, CU_CleanupFunc clean)
{
    CU_pSuite suite = CU_add_suite(name, init, clean);
    if (!suite)
        return -1;
    for (const test_entry *t = tests; t->name; t++)
        if (!CU_add_test(suite, t->name, t->fn))
            return -1;
    return 0;
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    int rc = 0;
    if (add_suite("taxonomy: default pack", default_tests, suite_init, suite_clean) != 0 ||
        add_suite("taxonomy: custom trees", custom_tests, NULL, NULL) != 0) {
        rc = 2;
        goto out;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (CU_basic_run_tests() != CUE_SUCCESS) {
        rc = 2;
        goto out;
    }
    if (CU_get_number_of_failures() > 0)
        rc = 1;
out:
    if (CU_get_error() != CUE_SUCCESS && rc == 0)
        rc = 2;
    CU_cleanup_registry();
    return rc;
}
