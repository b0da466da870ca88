/*
 * taxonomy_walk.c - loads the default rules and prints the category tree,
 * grouped by the CNIL's four kinds of customer data.
 *
 *   cc taxonomy_walk.c $(pkg-config --cflags --libs comply) -o taxonomy_walk
 *   ./taxonomy_walk [en|fr]
 */
#include <stdio.h>

#include <comply.h>

static void print_subtree(const comply_category *c, const char *lang)
{
    printf("%*s%s: %s\n", 2 * (int)comply_category_depth(c), "", comply_category_key(c),
           comply_category_label(c, lang));
    for (size_t i = 0; i < comply_category_child_count(c); i++)
        print_subtree(comply_category_child(c, i), lang);
}

int main(int argc, char **argv)
{
    const char *lang = argc > 1 ? argv[1] : "en";
    comply_rules *rules = NULL;
    comply_error err;
    if (comply_rules_default(&rules, &err) != COMPLY_OK) {
        fprintf(stderr, "cannot load the default rules: %s\n", err.message);
        return 1;
    }
    printf("libcomply %s, %zu categories\n", comply_version(), comply_category_count(rules));
    for (int kind = COMPLY_KIND_BASE; kind <= COMPLY_KIND_ATTITUDINAL; kind++) {
        printf("\n== %s\n", comply_kind_label((comply_kind)kind, lang));
        for (size_t i = 0; i < comply_category_root_count(rules); i++) {
            const comply_category *group = comply_category_root(rules, i);
            if (comply_category_kind(group) == (comply_kind)kind)
                print_subtree(group, lang);
        }
    }
    int ok = comply_category_is_a(rules, "contact.email", "contact");
    comply_rules_free(rules);
    return ok ? 0 : 1;
}
