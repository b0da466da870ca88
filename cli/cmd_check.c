/*
 * cmd_check.c - `comply check`: planned collections against their
 * purposes, as text, JSON or SARIF; and `comply purposes`.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "cli.h"

static int check_run(int argc, char **argv);
static int purposes_run(int argc, char **argv);

const cli_command cli_cmd_check = {
    "check",
    "check planned collections against their declared purpose",
    "comply check FILE... [--purpose P] [--format text|json|sarif] [--lang en|fr] [--strict]\n"
    "\n"
    "Checks each collection declaration (doc/collection.md; - reads stdin) against\n"
    "its purpose in the rules: minimisation, purpose limitation, legal basis,\n"
    "consent, notice, minors, special and criminal data, retention, transfers,\n"
    "access and security basics. --purpose overrides the declared purpose.\n"
    "text: findings grouped by severity (colour on a terminal only).\n"
    "json: one document {\"files\": [{\"source\", \"purpose\", \"summary\": {\"errors\",\n"
    "  \"warnings\", \"infos\", \"gaps\"}, \"findings\": [...], \"gaps\": [...]}]}; each\n"
    "  finding: code, severity, field, category, path, line, column, article,\n"
    "  message {en, fr}, fix {en, fr}.\n"
    "sarif: SARIF 2.1.0, one rule per code, locations at the field's line.\n"
    "Exit 0 when no error-severity finding (with --strict, no warning either),\n"
    "1 when there are, 2 on bad input. Also takes --pack FILE and --no-default.\n",
    check_run,
};

const cli_command cli_cmd_purposes = {
    "purposes",
    "list the purposes of the rules",
    "comply purposes [--json] [--lang en|fr] [--pack FILE]... [--no-default]\n"
    "\n"
    "Lists the purposes with their legal basis and the categories they require,\n"
    "allow and forbid. --json prints the purposes object of the effective pack.\n",
    purposes_run,
};

enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF };

typedef struct check_args {
    cli_rules_options rules;
    const char *purpose;
    const char *lang;
    int format;
    bool strict;
    const char **files;
    size_t n_files;
} check_args;

/* Does this report make the command fail? */
static bool check_fails(const comply_report *r, bool strict)
{
    for (size_t i = 0; i < comply_report_count(r); i++) {
        comply_severity s = comply_report_get(r, i)->severity;
        if (s == COMPLY_SEVERITY_ERROR || (strict && s == COMPLY_SEVERITY_WARNING))
            return true;
    }
    return false;
}

/* Several declarations make one SARIF run: the later reports' results, and
 * their rules not seen yet, join the first one's. */
static void sarif_merge(cJSON *into, cJSON *from)
{
    cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(into, "runs"), 0);
    cJSON *frun = cJSON_GetArrayItem(cJSON_GetObjectItem(from, "runs"), 0);
    cJSON *rules = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "rules");
    cJSON *frules = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(frun, "tool"), "driver"), "rules");
    cJSON *results = cJSON_GetObjectItem(run, "results");
    cJSON *item;
    while ((item = cJSON_DetachItemFromArray(frules, 0))) {
        bool seen = false;
        const cJSON *r;
        cJSON_ArrayForEach(r, rules)
        {
            seen = seen || strcmp(cJSON_GetObjectItem(r, "id")->valuestring,
                                  cJSON_GetObjectItem(item, "id")->valuestring) == 0;
        }
        if (seen)
            cJSON_Delete(item);
        else
            cJSON_AddItemToArray(rules, item);
    }
    while ((item = cJSON_DetachItemFromArray(cJSON_GetObjectItem(frun, "results"), 0)))
        cJSON_AddItemToArray(results, item);
}

/* Writes one report in the chosen format; JSON and SARIF are gathered in
 * `doc` (a "files" array, or one SARIF run) and printed at the end. */
static bool check_output(const check_args *a, const comply_report *r, cJSON *doc, bool colour)
{
    char *text = NULL;
    size_t len = 0;
    comply_error err;
    comply_status st = a->format == FORMAT_JSON    ? comply_report_to_json(r, &text, &len, &err)
                       : a->format == FORMAT_SARIF ? comply_report_to_sarif(r, a->lang, &text, &len, &err)
                                                   : comply_report_to_text(r, a->lang, colour, &text, &len, &err);
    if (st != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        return false;
    }
    if (a->format == FORMAT_TEXT) {
        fwrite(text, 1, len, stdout);
    } else {
        cJSON *one = cJSON_ParseWithLength(text, len);
        if (!one) {
            comply_report_text_free(r, text);
            return false;
        }
        if (a->format == FORMAT_JSON) {
            cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "files"), one);
        } else if (!cJSON_GetObjectItem(doc, "runs")) {
            cJSON *child = one->child;
            one->child = NULL; /* move the members of the first SARIF document */
            doc->child = child;
            cJSON_Delete(one);
        } else {
            sarif_merge(doc, one);
            cJSON_Delete(one);
        }
    }
    comply_report_text_free(r, text);
    return true;
}

/* --------------------------------------------------------------- command */

static int check_parse(int argc, char **argv, check_args *a)
{
    memset(a, 0, sizeof *a);
    a->lang = "en";
    a->files = calloc((size_t)argc, sizeof *a->files);
    if (!a->files)
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if ((r = cli_rules_option(argc, argv, &i, &a->rules, &cli_cmd_check)) != 0) {
            if (r < 0)
                return -1;
        } else if ((r = cli_option_value(argc, argv, &i, "--purpose", &v)) != 0) {
            if (r < 0)
                return cli_usage_error(&cli_cmd_check, "--purpose needs a purpose id"), -1;
            a->purpose = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--lang", &v)) != 0) {
            if (r < 0 || (strcmp(v, "en") && strcmp(v, "fr")))
                return cli_usage_error(&cli_cmd_check, "--lang must be en or fr"), -1;
            a->lang = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--format", &v)) != 0) {
            if (r < 0 || (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "sarif")))
                return cli_usage_error(&cli_cmd_check, "--format must be text, json or sarif"), -1;
            a->format = !strcmp(v, "text") ? FORMAT_TEXT : !strcmp(v, "json") ? FORMAT_JSON : FORMAT_SARIF;
        } else if (strcmp(argv[i], "--strict") == 0) {
            a->strict = true;
        } else if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
            a->files[a->n_files++] = argv[i];
        } else {
            return cli_usage_error(&cli_cmd_check, "unexpected argument %s", argv[i]), -1;
        }
    }
    if (!a->n_files)
        return cli_usage_error(&cli_cmd_check, "check needs at least one FILE"), -1;
    return 0;
}

static int check_run(int argc, char **argv)
{
    check_args a;
    if (check_parse(argc, argv, &a) < 0) {
        free(a.files);
        return CLI_EXIT_USAGE;
    }
    int rc = CLI_EXIT_OK;
    comply_rules *rules = cli_load_rules(&a.rules, &rc);
    if (!rules) {
        free(a.files);
        return rc;
    }
    cJSON *doc = cJSON_CreateObject();
    if (a.format == FORMAT_JSON)
        cJSON_AddArrayToObject(doc, "files");
    bool colour = a.format == FORMAT_TEXT && isatty(STDOUT_FILENO);
    for (size_t k = 0; k < a.n_files; k++) {
        char *text;
        size_t len;
        const char *source = cli_source_name(a.files[k]);
        if (!cli_read_file(a.files[k], &text, &len)) {
            rc = CLI_EXIT_USAGE;
            continue;
        }
        comply_report *r = NULL;
        comply_error err;
        comply_status st = comply_check_collection_json(rules, text, len, source, a.purpose, &r, &err);
        free(text);
        if (st != COMPLY_OK) {
            cli_print_problem(stderr, &err);
            rc = CLI_EXIT_USAGE;
            continue;
        }
        if (!check_output(&a, r, doc, colour))
            rc = CLI_EXIT_USAGE;
        if (check_fails(r, a.strict) && rc == CLI_EXIT_OK)
            rc = CLI_EXIT_PROBLEMS;
        comply_report_free(r);
    }
    if (a.format != FORMAT_TEXT) {
        char *out = cJSON_Print(doc);
        if (out)
            puts(out);
        cJSON_free(out);
    }
    cJSON_Delete(doc);
    comply_rules_free(rules);
    free(a.files);
    return rc;
}

/* -------------------------------------------------------------- purposes */

static const char *purpose_text(const cJSON *obj, const char *lang)
{
    const cJSON *t = cJSON_GetObjectItem(obj, lang);
    if (!cJSON_IsString(t))
        t = cJSON_GetObjectItem(obj, "en");
    return cJSON_IsString(t) ? t->valuestring : "";
}

static void purpose_list(const cJSON *p, const char *key, const char *title)
{
    const cJSON *list = cJSON_GetObjectItem(p, key), *c;
    if (!cJSON_GetArraySize(list))
        return;
    printf("    %-10s", title);
    int first = 1;
    cJSON_ArrayForEach(c, list)
    {
        printf("%s%s", first ? "" : ", ", c->valuestring);
        first = 0;
    }
    putchar('\n');
}

static int purposes_run(int argc, char **argv)
{
    cli_rules_options opts = { { NULL }, 0, false };
    const char *lang = "en";
    bool json = false;
    for (int i = 1; i < argc; i++) {
        int r = cli_rules_option(argc, argv, &i, &opts, &cli_cmd_purposes);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0)
            continue;
        r = cli_option_value(argc, argv, &i, "--lang", &lang);
        if (r < 0 || (r > 0 && strcmp(lang, "en") && strcmp(lang, "fr")))
            return cli_usage_error(&cli_cmd_purposes, "--lang must be en or fr");
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else
            return cli_usage_error(&cli_cmd_purposes, "unexpected argument %s", argv[i]);
    }
    int rc = CLI_EXIT_OK;
    comply_rules *rules = cli_load_rules(&opts, &rc);
    if (!rules)
        return rc;
    /* The CLI only sees the public API: the purposes come from the
     * effective pack written as JSON. */
    char *text = NULL;
    size_t len = 0;
    comply_error err;
    cJSON *pack = NULL;
    if (comply_rules_to_json(rules, 0, &text, &len, &err) != COMPLY_OK || !(pack = cJSON_ParseWithLength(text, len))) {
        cli_error("cannot read the purposes of the rules");
        rc = CLI_EXIT_USAGE;
    } else {
        cJSON *purposes = cJSON_DetachItemFromObject(pack, "purposes");
        if (!purposes)
            purposes = cJSON_CreateObject();
        if (json) {
            char *out = cJSON_Print(purposes);
            if (out)
                puts(out);
            cJSON_free(out);
        } else {
            const cJSON *p;
            cJSON_ArrayForEach(p, purposes)
            {
                printf("%s  %s (%s)\n", p->string, purpose_text(cJSON_GetObjectItem(p, "label"), lang),
                       cJSON_GetObjectItem(p, "legal_basis")->valuestring);
                purpose_list(p, "required", strcmp(lang, "fr") == 0 ? "requis" : "required");
                purpose_list(p, "optional", strcmp(lang, "fr") == 0 ? "facultatif" : "optional");
                purpose_list(p, "forbidden", strcmp(lang, "fr") == 0 ? "interdit" : "forbidden");
            }
        }
        cJSON_Delete(purposes);
    }
    cJSON_Delete(pack);
    comply_free(rules, text);
    comply_rules_free(rules);
    return rc;
}
