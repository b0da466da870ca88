/*
 * test_classify.c - one decision for a column from its name and values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "comply.h"

static comply_rules *rules;

/* Classifies a column of NUL-terminated values. */
static comply_status column(const char *name, const char *const *values, size_t n, comply_class *out,
                            comply_column_evidence *ev)
{
    size_t *lens = calloc(n ? n : 1, sizeof *lens);
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(values[i]);
    comply_status st = comply_classify_column(rules, name, values, lens, n, out, ev, NULL);
    free(lens);
    return st;
}

/* n values "<prefix><i><suffix>", e.g. "client7@example.org" */
static char **generate2(const char *prefix, const char *suffix, size_t n, int width)
{
    char **v = calloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[i] = malloc(96);
        snprintf(v[i], 96, "%s%0*zu%s", prefix, width, i, suffix);
    }
    return v;
}

static char **generate(const char *prefix, const char *suffix, size_t n)
{
    return generate2(prefix, suffix, n, 1);
}

static void release(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void neutral_name_with_email_values_is_email(void)
{
    char **v = generate("client", "@example.org", 50);
    comply_class c;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("col_7", (const char *const *)v, 50, &c, &ev), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(c.category, "contact.email");
    CU_ASSERT(c.confidence > 0.85 && c.confidence <= 1.0);
    CU_ASSERT_PTR_NULL(ev.name.category);
    CU_ASSERT_EQUAL(ev.matched, 50);
    CU_ASSERT_EQUAL(ev.distinct, 50);
    CU_ASSERT_EQUAL(ev.agreement, 0);
    release(v, 50);
}

static void ninety_eight_percent_emails_is_still_email(void)
{
    char **v = generate("client", "@example.org", 100);
    strcpy(v[3], "pas d'adresse");
    strcpy(v[70], "voir dossier");
    comply_class c;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("colonne_b", (const char *const *)v, 100, &c, &ev), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(c.category, "contact.email");
    CU_ASSERT_EQUAL(ev.matched, 98);
    CU_ASSERT(c.confidence > 0.85);
    release(v, 100);
}

static void email_name_and_values_agree_and_reinforce(void)
{
    char **v = generate("client", "@example.org", 20);
    comply_class c, by_values;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("e_mail", (const char *const *)v, 20, &c, &ev), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(c.category, "contact.email");
    CU_ASSERT_EQUAL(ev.agreement, 1);
    CU_ASSERT(c.confidence >= ev.name.confidence && c.confidence >= ev.values.confidence);
    CU_ASSERT_EQUAL(column("x", (const char *const *)v, 20, &by_values, NULL), COMPLY_OK);
    CU_ASSERT(c.confidence >= by_values.confidence);
    release(v, 20);
}

static void email_name_full_of_placeholders_is_email_with_less_confidence(void)
{
    static const char *const v[] = { "N/A", "n/a", "", "  ", "null", "-", "NULL", "inconnu" };
    comply_class c, alone;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("email", v, 8, &c, &ev), COMPLY_OK);
    CU_ASSERT_EQUAL(column("email", NULL, 0, &alone, NULL), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(c.category, "contact.email");
    CU_ASSERT_EQUAL(ev.empty, 8);
    CU_ASSERT_EQUAL(ev.distinct, 0);
    CU_ASSERT(c.confidence > 0 && c.confidence < alone.confidence);
}

static void name_contradicted_by_values_loses_confidence(void)
{
    char **v = generate("commande numero ", "", 30);
    comply_class c, alone;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("email", (const char *const *)v, 30, &c, &ev), COMPLY_OK);
    CU_ASSERT_EQUAL(column("email", NULL, 0, &alone, NULL), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(c.category, "contact.email");
    CU_ASSERT_EQUAL(ev.agreement, -1);
    CU_ASSERT(c.confidence < alone.confidence);
    release(v, 30);
}

static void name_whose_values_no_detector_reads_keeps_its_confidence(void)
{
    static const char *const v[] = { "Martin", "Durand", "Lefèvre", "Smith", "Moreau", "Petit" };
    comply_class c, alone;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("nom", v, 6, &c, &ev), COMPLY_OK);
    CU_ASSERT_EQUAL(column("nom", NULL, 0, &alone, NULL), COMPLY_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c.category);
    CU_ASSERT_STRING_EQUAL(c.category, alone.category);
    CU_ASSERT_DOUBLE_EQUAL(c.confidence, alone.confidence, 1e-9);
    CU_ASSERT_EQUAL(ev.agreement, 0);
}

static void name_and_values_that_disagree_lower_the_winner(void)
{
    char **v = generate("client", "@example.org", 40);
    comply_class c;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("telephone", (const char *const *)v, 40, &c, &ev), COMPLY_OK);
    CU_ASSERT_EQUAL(ev.agreement, -1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c.category);
    const comply_class *win = ev.name.confidence >= ev.values.confidence ? &ev.name : &ev.values;
    CU_ASSERT_STRING_EQUAL(c.category, win->category);
    CU_ASSERT(c.confidence < win->confidence);
    release(v, 40);
}

static void few_values_count_less_than_many(void)
{
    char **v = generate("client", "@example.org", 200);
    comply_class one, many;
    CU_ASSERT_EQUAL(column("col", (const char *const *)v, 1, &one, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(column("col", (const char *const *)v, 200, &many, NULL), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(one.category, "contact.email");
    CU_ASSERT(one.confidence < many.confidence);
    release(v, 200);
}

static void values_more_specific_than_the_name_win(void)
{
    char **v = generate2("06 12 34 ", " 78", 30, 2);
    comply_class c;
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(column("contact", (const char *const *)v, 30, &c, &ev), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(c.category, "contact.phone");
    release(v, 30);
}

static void technical_name_weakens_value_evidence(void)
{
    char **v = generate("client", "@example.org", 30);
    comply_class tech, plain;
    CU_ASSERT_EQUAL(column("id", (const char *const *)v, 30, &tech, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(column("zz", (const char *const *)v, 30, &plain, NULL), COMPLY_OK);
    CU_ASSERT_STRING_EQUAL(tech.category, "contact.email");
    CU_ASSERT(tech.confidence < plain.confidence);
    release(v, 30);
}

static void technical_column_is_not_personal(void)
{
    char **v = generate("", "", 30);
    comply_class c;
    CU_ASSERT_EQUAL(column("id", (const char *const *)v, 30, &c, NULL), COMPLY_OK);
    CU_ASSERT_PTR_NULL(c.category);
    CU_ASSERT_DOUBLE_EQUAL(c.confidence, 0.0, 1e-12);
    release(v, 30);
}

static void distinct_counts_repeated_values_once(void)
{
    static const char *const v[] = { "a@example.org", "b@example.org", "a@example.org", "a@example.org", "" };
    comply_column_evidence ev;
    comply_class c;
    CU_ASSERT_EQUAL(column(NULL, v, 5, &c, &ev), COMPLY_OK);
    CU_ASSERT_EQUAL(ev.sampled, 5);
    CU_ASSERT_EQUAL(ev.empty, 1);
    CU_ASSERT_EQUAL(ev.distinct, 2);
    CU_ASSERT_EQUAL(ev.matched, 4);
}

static void bad_arguments_and_hostile_values(void)
{
    comply_class c;
    size_t len = 3;
    const char *one[] = { "abc" };
    CU_ASSERT_EQUAL(comply_classify_column(NULL, "x", one, &len, 1, &c, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_classify_column(rules, "x", one, &len, 1, NULL, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_classify_column(rules, "x", NULL, NULL, 3, &c, NULL, NULL), COMPLY_EINVAL);
    CU_ASSERT_EQUAL(comply_classify_column(rules, NULL, NULL, NULL, 0, &c, NULL, NULL), COMPLY_OK);
    CU_ASSERT_PTR_NULL(c.category);
    /* a NULL value inside the array counts as empty */
    const char *with_null[] = { NULL, "jean@example.org" };
    size_t lens[] = { 0, 16 };
    comply_column_evidence ev;
    CU_ASSERT_EQUAL(comply_classify_column(rules, "x", with_null, lens, 2, &c, &ev, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(ev.empty, 1);
    /* a 1 MiB value, invalid UTF-8 and inner NUL bytes: no crash, no match */
    size_t big = 1 << 20;
    char *huge = malloc(big);
    memset(huge, '@', big);
    const char *hostile[] = { huge, "\xff\xfe\xfd", "a\0b@example.org" };
    size_t hl[] = { big, 3, 15 };
    CU_ASSERT_EQUAL(comply_classify_column(rules, "\xff\xfe", hostile, hl, 3, &c, &ev, NULL), COMPLY_OK);
    CU_ASSERT_EQUAL(ev.matched, 0);
    free(huge);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    if (comply_rules_default(&rules, NULL) != COMPLY_OK)
        return 2;
    CU_pSuite s = CU_add_suite("classify", NULL, NULL);
    CU_add_test(s, "neutral_name_with_email_values_is_email", neutral_name_with_email_values_is_email);
    CU_add_test(s, "ninety_eight_percent_emails_is_still_email", ninety_eight_percent_emails_is_still_email);
    CU_add_test(s, "email_name_and_values_agree_and_reinforce", email_name_and_values_agree_and_reinforce);
    CU_add_test(s, "email_name_full_of_placeholders_is_email_with_less_confidence",
                email_name_full_of_placeholders_is_email_with_less_confidence);
    CU_add_test(s, "name_contradicted_by_values_loses_confidence", name_contradicted_by_values_loses_confidence);
    CU_add_test(s, "name_whose_values_no_detector_reads_keeps_its_confidence",
                name_whose_values_no_detector_reads_keeps_its_confidence);
    CU_add_test(s, "name_and_values_that_disagree_lower_the_winner", name_and_values_that_disagree_lower_the_winner);
    CU_add_test(s, "few_values_count_less_than_many", few_values_count_less_than_many);
    CU_add_test(s, "values_more_specific_than_the_name_win", values_more_specific_than_the_name_win);
    CU_add_test(s, "technical_name_weakens_value_evidence", technical_name_weakens_value_evidence);
    CU_add_test(s, "technical_column_is_not_personal", technical_column_is_not_personal);
    CU_add_test(s, "distinct_counts_repeated_values_once", distinct_counts_repeated_values_once);
    CU_add_test(s, "bad_arguments_and_hostile_values", bad_arguments_and_hostile_values);
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failures = CU_get_number_of_failures();
    comply_rules_free(rules);
    CU_cleanup_registry();
    return failures ? 1 : 0;
}
