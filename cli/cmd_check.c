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

static const char *pick(const char *en, const char *fr, const char *lang)
{
    return strcmp(lang, "fr") == 0 && fr ? fr : en;
}

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

/* ------------------------------------------------------------------ JSON */

static cJSON *pair(const char *en, const char *fr)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "en", en ? en : "");
    cJSON_AddStringToObject(o, "fr", fr ? fr : "");
    return o;
}

static void add_string_or_null(cJSON *o, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *finding_json(const comply_finding *f)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", f->code);
    cJSON_AddStringToObject(o, "severity", comply_severity_name(f->severity));
    add_string_or_null(o, "field", f->field);
    add_string_or_null(o, "category", f->category);
    cJSON_AddStringToObject(o, "path", f->path ? f->path : "");
    cJSON_AddNumberToObject(o, "line", (double)f->line);
    cJSON_AddNumberToObject(o, "column", (double)f->column);
    add_string_or_null(o, "article", f->article);
    cJSON_AddItemToObject(o, "message", pair(f->message_en, f->message_fr));
    cJSON_AddItemToObject(o, "fix", pair(f->fix_en, f->fix_fr));
    return o;
}

static cJSON *report_json(const char *source, const comply_report *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "source", source);
    add_string_or_null(o, "purpose", comply_report_purpose(r));
    cJSON *summary = cJSON_AddObjectToObject(o, "summary");
    cJSON *findings = cJSON_AddArrayToObject(o, "findings");
    cJSON *gaps = cJSON_AddArrayToObject(o, "gaps");
    size_t counts[3] = { 0 }, n_gaps = 0;
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        counts[f->severity]++;
        n_gaps += f->gap != 0;
        cJSON_AddItemToArray(f->gap ? gaps : findings, finding_json(f));
    }
    cJSON_AddNumberToObject(summary, "errors", (double)counts[COMPLY_SEVERITY_ERROR]);
    cJSON_AddNumberToObject(summary, "warnings", (double)counts[COMPLY_SEVERITY_WARNING]);
    cJSON_AddNumberToObject(summary, "infos", (double)counts[COMPLY_SEVERITY_INFO]);
    cJSON_AddNumberToObject(summary, "gaps", (double)n_gaps);
    return o;
}

/* ----------------------------------------------------------------- SARIF */

static const char *sarif_level(comply_severity s)
{
    return s == COMPLY_SEVERITY_ERROR ? "error" : s == COMPLY_SEVERITY_WARNING ? "warning" : "note";
}

/* One rule per finding code, in order of first appearance. */
static void sarif_rule(cJSON *rules, const comply_finding *f, const char *lang)
{
    cJSON *r;
    cJSON_ArrayForEach(r, rules)
    {
        if (strcmp(cJSON_GetObjectItem(r, "id")->valuestring, f->code) == 0)
            return;
    }
    r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "id", f->code);
    cJSON *short_desc = cJSON_AddObjectToObject(r, "shortDescription");
    cJSON_AddStringToObject(short_desc, "text", f->article ? f->article : f->code);
    cJSON *help = cJSON_AddObjectToObject(r, "help");
    cJSON_AddStringToObject(help, "text", pick(f->fix_en, f->fix_fr, lang));
    cJSON *props = cJSON_AddObjectToObject(r, "defaultConfiguration");
    cJSON_AddStringToObject(props, "level", sarif_level(f->severity));
    cJSON_AddItemToArray(rules, r);
}

static cJSON *sarif_result(const char *source, const comply_finding *f, const char *lang)
{
    cJSON *res = cJSON_CreateObject();
    cJSON_AddStringToObject(res, "ruleId", f->code);
    cJSON_AddStringToObject(res, "level", sarif_level(f->severity));
    cJSON *msg = cJSON_AddObjectToObject(res, "message");
    cJSON_AddStringToObject(msg, "text", pick(f->message_en, f->message_fr, lang));
    cJSON *locs = cJSON_AddArrayToObject(res, "locations");
    cJSON *loc = cJSON_CreateObject();
    cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
    cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
    cJSON_AddStringToObject(art, "uri", source);
    if (f->line) {
        cJSON *region = cJSON_AddObjectToObject(phys, "region");
        cJSON_AddNumberToObject(region, "startLine", (double)f->line);
        cJSON_AddNumberToObject(region, "startColumn", (double)(f->column ? f->column : 1));
    }
    cJSON_AddItemToArray(locs, loc);
    return res;
}

static cJSON *sarif_document(void)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    cJSON_AddStringToObject(doc, "version", "2.1.0");
    cJSON *runs = cJSON_AddArrayToObject(doc, "runs");
    cJSON *run = cJSON_CreateObject();
    cJSON *tool = cJSON_AddObjectToObject(run, "tool");
    cJSON *driver = cJSON_AddObjectToObject(tool, "driver");
    cJSON_AddStringToObject(driver, "name", "comply");
    cJSON_AddStringToObject(driver, "version", comply_version());
    cJSON_AddArrayToObject(driver, "rules");
    cJSON_AddArrayToObject(run, "results");
    cJSON_AddItemToArray(runs, run);
    return doc;
}

static void sarif_add(cJSON *doc, const char *source, const comply_report *r, const char *lang)
{
    cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "runs"), 0);
    cJSON *rules = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "rules");
    cJSON *results = cJSON_GetObjectItem(run, "results");
    for (size_t i = 0; i < comply_report_count(r); i++) {
        const comply_finding *f = comply_report_get(r, i);
        sarif_rule(rules, f, lang);
        cJSON_AddItemToArray(results, sarif_result(source, f, lang));
    }
}

/* ------------------------------------------------------------------ text */

static void text_report(const char *source, const comply_report *r, const char *lang, bool colour)
{
    static const char *const titles_en[] = { "errors", "warnings", "information" };
    static const char *const titles_fr[] = { "erreurs", "avertissements", "informations" };
    static const char *const colours[] = { "\033[31m", "\033[33m", "\033[36m" };
    const char *purpose = comply_report_purpose(r);
    printf("%s: purpose %s, %zu finding%s\n", source, purpose ? purpose : "(none)", comply_report_count(r),
           comply_report_count(r) == 1 ? "" : "s");
    for (int sev = COMPLY_SEVERITY_ERROR; sev <= COMPLY_SEVERITY_INFO; sev++) {
        bool title = false;
        for (size_t i = 0; i < comply_report_count(r); i++) {
            const comply_finding *f = comply_report_get(r, i);
            if ((int)f->severity != sev)
                continue;
            if (!title) {
                printf("\n%s%s%s\n", colour ? colours[sev] : "", pick(titles_en[sev], titles_fr[sev], lang),
                       colour ? "\033[0m" : "");
                title = true;
            }
            if (f->line)
                printf("  %s:%lu:%lu: ", source, f->line, f->column);
            else
                printf("  ");
            printf("[%s]%s %s", f->code, f->gap ? (strcmp(lang, "fr") == 0 ? " (lacune)" : " (gap)") : "",
                   pick(f->message_en, f->message_fr, lang));
            if (f->article)
                printf(" (%s)", f->article);
            printf("\n      %s %s\n", strcmp(lang, "fr") == 0 ? "->" : "->", pick(f->fix_en, f->fix_fr, lang));
        }
    }
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
    cJSON *doc = a.format == FORMAT_SARIF ? sarif_document() : cJSON_CreateObject();
    cJSON *files = a.format == FORMAT_JSON ? cJSON_AddArrayToObject(doc, "files") : NULL;
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
        if (a.format == FORMAT_JSON)
            cJSON_AddItemToArray(files, report_json(source, r));
        else if (a.format == FORMAT_SARIF)
            sarif_add(doc, source, r, a.lang);
        else
            text_report(source, r, a.lang, colour);
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
