/*
 * cmd_taxonomy.c - `comply taxonomy`: the category tree, as text or JSON.
 */
#include <string.h>

#include <cJSON.h>

#include "cli.h"

static int taxonomy_run(int argc, char **argv);

const cli_command cli_cmd_taxonomy = {
    "taxonomy",
    "print the category tree with its labels",
    "comply taxonomy [--lang en|fr] [--json] [--pack FILE]... [--no-default]\n"
    "\n"
    "Prints every category of the effective rules as a tree: key, label, the\n"
    "CNIL kind of customer data, the GDPR regime (Art. 9 special, Art. 10\n"
    "criminal) and * for data the CNIL treats as highly personal.\n"
    "With --json, one JSON document: {\"lang\", \"kinds\", \"categories\"} where each\n"
    "category has key, label, description, kind, regime, sensitive, children.\n",
    taxonomy_run,
};

static const char *regime_name(comply_regime r)
{
    return r == COMPLY_REGIME_SPECIAL ? "special" : r == COMPLY_REGIME_CRIMINAL ? "criminal" : NULL;
}

static size_t key_column_width(const comply_rules *rules)
{
    size_t width = 0;
    for (size_t i = 0; i < comply_category_count(rules); i++) {
        const comply_category *c = comply_category_at(rules, i);
        size_t w = 2 * comply_category_depth(c) + strlen(comply_category_key(c));
        if (w > width)
            width = w;
    }
    return width;
}

static void print_text(const comply_rules *rules, const char *lang)
{
    int width = (int)key_column_width(rules);
    for (size_t i = 0; i < comply_category_count(rules); i++) {
        const comply_category *c = comply_category_at(rules, i);
        const comply_category *parent = comply_category_parent(c);
        int indent = 2 * (int)comply_category_depth(c);
        printf("%*s%-*s  %s", indent, "", width - indent, comply_category_key(c), comply_category_label(c, lang));
        /* Marks appear where they are set, not on every inherited child. */
        comply_kind kind = comply_category_kind(c);
        if (kind != COMPLY_KIND_NONE && (!parent || comply_category_kind(parent) != kind))
            printf("  [%s]", comply_kind_label(kind, lang));
        comply_regime regime = comply_category_regime(c);
        if (regime != COMPLY_REGIME_NONE && (!parent || comply_category_regime(parent) != regime))
            printf("  [%s]", regime == COMPLY_REGIME_SPECIAL ? "GDPR Art. 9" : "GDPR Art. 10");
        if (comply_category_is_sensitive(c))
            fputs("  *", stdout);
        fputc('\n', stdout);
    }
}

static cJSON *category_json(const comply_category *c, const char *lang)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    comply_kind kind = comply_category_kind(c);
    const char *regime = regime_name(comply_category_regime(c));
    cJSON_AddStringToObject(o, "key", comply_category_key(c));
    cJSON_AddStringToObject(o, "label", comply_category_label(c, lang));
    cJSON_AddStringToObject(o, "description", comply_category_description(c, lang));
    if (kind != COMPLY_KIND_NONE)
        cJSON_AddStringToObject(o, "kind", comply_kind_name(kind));
    else
        cJSON_AddNullToObject(o, "kind");
    if (regime)
        cJSON_AddStringToObject(o, "regime", regime);
    else
        cJSON_AddNullToObject(o, "regime");
    cJSON_AddBoolToObject(o, "sensitive", comply_category_is_sensitive(c));
    cJSON *children = cJSON_AddArrayToObject(o, "children");
    for (size_t i = 0; children && i < comply_category_child_count(c); i++)
        cJSON_AddItemToArray(children, category_json(comply_category_child(c, i), lang));
    return o;
}

static bool print_json(const comply_rules *rules, const char *lang)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "lang", lang);
    cJSON *kinds = cJSON_AddArrayToObject(doc, "kinds");
    for (int k = COMPLY_KIND_BASE; k <= COMPLY_KIND_ATTITUDINAL; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", comply_kind_name((comply_kind)k));
        cJSON_AddStringToObject(o, "label", comply_kind_label((comply_kind)k, lang));
        cJSON_AddItemToArray(kinds, o);
    }
    cJSON *cats = cJSON_AddArrayToObject(doc, "categories");
    for (size_t i = 0; i < comply_category_root_count(rules); i++)
        cJSON_AddItemToArray(cats, category_json(comply_category_root(rules, i), lang));
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text)
        return false;
    puts(text);
    cJSON_free(text);
    return true;
}

static int taxonomy_run(int argc, char **argv)
{
    cli_rules_options opts = { { NULL }, 0, false };
    const char *lang = "en";
    bool json = false;
    for (int i = 1; i < argc; i++) {
        int r = cli_rules_option(argc, argv, &i, &opts, &cli_cmd_taxonomy);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0)
            continue;
        r = cli_option_value(argc, argv, &i, "--lang", &lang);
        if (r < 0)
            return cli_usage_error(&cli_cmd_taxonomy, "--lang needs en or fr");
        if (r > 0) {
            if (strcmp(lang, "en") != 0 && strcmp(lang, "fr") != 0)
                return cli_usage_error(&cli_cmd_taxonomy, "--lang must be en or fr");
            continue;
        }
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else
            return cli_usage_error(&cli_cmd_taxonomy, "unexpected argument %s", argv[i]);
    }
    int rc = CLI_EXIT_OK;
    comply_rules *rules = cli_load_rules(&opts, &rc);
    if (!rules)
        return rc;
    if (json) {
        if (!print_json(rules, lang)) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
        }
    } else {
        print_text(rules, lang);
    }
    comply_rules_free(rules);
    return rc;
}
