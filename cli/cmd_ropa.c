/*
 * cmd_ropa.c - `comply ropa`: the record of processing activities (GDPR
 * Art. 30(1)) of collection declarations, as JSON, CSV, Markdown or
 * printable HTML. The library builds the record as JSON; this file only
 * lays it out (doc/ropa.md).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "cli.h"

static int ropa_run(int argc, char **argv);

const cli_command cli_cmd_ropa = {
    "ropa",
    "write the record of processing activities (GDPR Art. 30) of declarations",
    "comply ropa DECLARATION... [--format json|csv|md|html] [--lang fr|en] [--out FILE]\n"
    "\n"
    "Builds the record of processing activities from collection declarations\n"
    "(doc/collection.md; - reads stdin): one entry per purpose with the Art. 30(1)\n"
    "items (controller and DPO, purpose and basis, data subjects, categories of\n"
    "data with the CNIL kinds and special categories marked, recipients,\n"
    "transfers outside the EEA and their safeguards, retention rules and their\n"
    "sources, security measures), in the column order of the CNIL's register\n"
    "template (doc/ropa.md). json: the library's document; csv: RFC 4180, one\n"
    "row per processing, several values joined with \"; \"; md: one table per\n"
    "processing; html: a self-contained page printable on A4 (landscape).\n"
    "--lang picks the labels (default fr). Exit 0, or 2 on bad input (a\n"
    "malformed declaration is reported with its line and column). Also takes\n"
    "--pack FILE and --no-default.\n",
    ropa_run,
};

enum { ROPA_JSON, ROPA_CSV, ROPA_MD, ROPA_HTML };

/* The columns, in the order of the CNIL's fiche de registre. */
enum { COL_REF, COL_NAME, COL_CONTROLLER, COL_DPO, COL_PURPOSE, COL_BASIS, COL_SECURITY, COL_CATEGORIES,
       COL_SPECIAL, COL_RETENTION, COL_SUBJECTS, COL_RECIPIENTS, COL_TRANSFERS, COL_SOURCES, N_COLS };

static const char *const col_titles[2][N_COLS] = {
    { "Reference", "Processing", "Controller", "Data protection officer", "Purpose", "Legal basis",
      "Security measures", "Categories of personal data", "Special categories (Art. 9) or criminal data (Art. 10)",
      "Retention periods", "Categories of data subjects", "Recipients", "Transfers outside the EEA", "Declarations" },
    { "Référence", "Traitement", "Responsable du traitement", "Délégué à la protection des données",
      "Finalité", "Base légale", "Mesures de sécurité", "Catégories de données personnelles",
      "Données sensibles (art. 9) ou pénales (art. 10)", "Durées de conservation",
      "Catégories de personnes concernées", "Destinataires", "Transferts hors UE/EEE", "Déclarations" },
};

/* ------------------------------------------------------------ cells */

typedef struct ropa_text {
    char *s;
    size_t len, cap;
    bool failed;
} ropa_text;

static void text_put(ropa_text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p) {
            t->failed = true;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void text_puts(ropa_text *t, const char *s)
{
    text_put(t, s ? s : "", s ? strlen(s) : 0);
}

static const char *str_of(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void sep(ropa_text *t, bool *first)
{
    if (!*first)
        text_puts(t, "; ");
    *first = false;
}

static void person(ropa_text *t, const cJSON *p)
{
    if (!cJSON_IsObject(p))
        return;
    text_puts(t, str_of(p, "name"));
    if (str_of(p, "contact")) {
        text_puts(t, str_of(p, "name") ? " (" : "(");
        text_puts(t, str_of(p, "contact"));
        text_puts(t, ")");
    }
}

static const char *basis_label(const char *b, bool fr)
{
    static const char *const t[][3] = {
        { "consent", "consent (Art. 6(1)(a))", "consentement (art. 6(1)(a))" },
        { "contract", "contract (Art. 6(1)(b))", "exécution d'un contrat (art. 6(1)(b))" },
        { "legal_obligation", "legal obligation (Art. 6(1)(c))", "obligation légale (art. 6(1)(c))" },
        { "vital_interests", "vital interests (Art. 6(1)(d))", "intérêts vitaux (art. 6(1)(d))" },
        { "public_task", "public task (Art. 6(1)(e))", "mission d'intérêt public (art. 6(1)(e))" },
        { "legitimate_interests", "legitimate interests (Art. 6(1)(f))", "intérêt légitime (art. 6(1)(f))" },
    };
    for (size_t i = 0; b && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i][0], b) == 0)
            return t[i][fr ? 2 : 1];
    return b;
}

static void cell_retention(ropa_text *t, const cJSON *e, bool fr)
{
    const cJSON *r;
    bool first = true;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(e, "retention"))
    {
        sep(t, &first);
        text_puts(t, str_of(r, "label") ? str_of(r, "label") : str_of(r, "rule"));
        text_puts(t, " [");
        text_puts(t, str_of(r, "rule"));
        text_puts(t, "]: ");
        if (cJSON_IsTrue(cJSON_GetObjectItem(r, "never_store"))) {
            text_puts(t, fr ? "ne pas conserver" : "never stored");
        } else {
            text_puts(t, fr ? "base active " : "active ");
            text_puts(t, str_of(r, "keep") ? str_of(r, "keep") : "-");
            if (str_of(r, "archive_for")) {
                text_puts(t, fr ? ", archive " : ", archive ");
                text_puts(t, str_of(r, "archive_for"));
            }
            if (str_of(r, "event")) {
                text_puts(t, fr ? " à compter de " : " from ");
                text_puts(t, str_of(r, "event"));
            }
        }
        if (str_of(r, "source")) {
            text_puts(t, fr ? " (source : " : " (source: ");
            text_puts(t, str_of(r, "source"));
            text_puts(t, ")");
        }
    }
}

/* The text of column `col` of entry `e` (owned by the caller). */
static char *cell(const cJSON *e, int col, bool fr)
{
    ropa_text t = { NULL, 0, 0, false };
    const cJSON *x;
    bool first = true;
    text_puts(&t, "");
    switch (col) {
    case COL_REF:
        text_puts(&t, str_of(e, "purpose"));
        break;
    case COL_NAME:
        text_puts(&t, str_of(e, "label"));
        break;
    case COL_CONTROLLER:
        person(&t, cJSON_GetObjectItem(e, "controller"));
        break;
    case COL_DPO:
        person(&t, cJSON_GetObjectItem(e, "dpo"));
        break;
    case COL_PURPOSE:
        text_puts(&t, str_of(e, "description"));
        break;
    case COL_BASIS:
        text_puts(&t, basis_label(str_of(e, "legal_basis"), fr));
        break;
    case COL_SECURITY:
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, "security"))
        {
            sep(&t, &first);
            text_puts(&t, cJSON_IsString(x) ? x->valuestring : "");
        }
        break;
    case COL_CATEGORIES:
    case COL_SPECIAL:
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, "categories"))
        {
            bool sensitive = cJSON_IsTrue(cJSON_GetObjectItem(x, "special")) ||
                             cJSON_IsTrue(cJSON_GetObjectItem(x, "criminal"));
            if (col == COL_SPECIAL && !sensitive)
                continue;
            sep(&t, &first);
            text_puts(&t, str_of(x, "label"));
            text_puts(&t, " (");
            text_puts(&t, str_of(x, "key"));
            if (str_of(x, "kind")) {
                text_puts(&t, ", ");
                text_puts(&t, str_of(x, "kind"));
            }
            text_puts(&t, ")");
        }
        if (col == COL_SPECIAL && first)
            text_puts(&t, fr ? "non" : "no");
        break;
    case COL_RETENTION:
        cell_retention(&t, e, fr);
        break;
    case COL_SUBJECTS:
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, "subjects"))
        {
            sep(&t, &first);
            text_puts(&t, str_of(x, "label"));
        }
        break;
    case COL_RECIPIENTS:
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, "recipients"))
        {
            sep(&t, &first);
            text_puts(&t, str_of(x, "name"));
            text_puts(&t, " (");
            text_puts(&t, str_of(x, "kind"));
            text_puts(&t, ")");
        }
        break;
    case COL_TRANSFERS:
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, "transfers"))
        {
            sep(&t, &first);
            if (str_of(x, "recipient")) {
                text_puts(&t, str_of(x, "recipient"));
                text_puts(&t, ", ");
            }
            text_puts(&t, str_of(x, "country"));
            text_puts(&t, ": ");
            text_puts(&t, str_of(x, "safeguard"));
        }
        if (first)
            text_puts(&t, fr ? "aucun" : "none");
        break;
    case COL_SOURCES:
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(e, "sources"))
        {
            sep(&t, &first);
            text_puts(&t, cJSON_IsString(x) ? x->valuestring : "");
        }
        break;
    }
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

/* ---------------------------------------------------------- formats */

/* RFC 4180: every field quoted, quotes doubled, CRLF line ends. */
static void csv_field(FILE *out, const char *s, bool last)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputs(last ? "\"\r\n" : "\",", out);
}

/* Markdown table cells: pipes escaped, line breaks as spaces. */
static void md_cell(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' || *s == '`' || *s == '<' || *s == '[')
            fputc('\\', out);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
    }
}

static void html_escape(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static bool write_rows(FILE *out, const cJSON *doc, int format, bool fr)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "entries"))
    {
        if (format == ROPA_HTML)
            fputs("<tr>", out);
        if (format == ROPA_MD) {
            fputs("\n## ", out);
            char *name = cell(e, COL_NAME, fr);
            md_cell(out, name ? name : "");
            free(name);
            fprintf(out, "\n\n| %s | %s |\n|---|---|\n", fr ? "Rubrique" : "Item", fr ? "Contenu" : "Content");
        }
        for (int col = 0; col < N_COLS; col++) {
            char *v = cell(e, col, fr);
            if (!v)
                return false;
            if (format == ROPA_CSV) {
                csv_field(out, v, col == N_COLS - 1);
            } else if (format == ROPA_MD) {
                fputs("| ", out);
                md_cell(out, col_titles[fr][col]);
                fputs(" | ", out);
                md_cell(out, v);
                fputs(" |\n", out);
            } else {
                fputs("<td>", out);
                html_escape(out, v);
                fputs("</td>", out);
            }
            free(v);
        }
        if (format == ROPA_HTML)
            fputs("</tr>\n", out);
    }
    return true;
}

static bool write_record(FILE *out, const cJSON *doc, int format, bool fr)
{
    const char *title = fr ? "Registre des activités de traitement" : "Record of processing activities";
    char *org = NULL;
    ropa_text t = { NULL, 0, 0, false };
    person(&t, cJSON_GetObjectItem(doc, "controller"));
    org = t.s;
    ropa_text d = { NULL, 0, 0, false };
    person(&d, cJSON_GetObjectItem(doc, "dpo"));
    bool ok = true;
    if (format == ROPA_CSV) {
        for (int col = 0; col < N_COLS; col++)
            csv_field(out, col_titles[fr][col], col == N_COLS - 1);
        ok = write_rows(out, doc, format, fr);
    } else if (format == ROPA_MD) {
        fprintf(out, "# %s\n\n", title);
        fprintf(out, "- %s%s", col_titles[fr][COL_CONTROLLER], fr ? " : " : ": ");
        md_cell(out, org ? org : "-");
        fprintf(out, "\n- %s%s", col_titles[fr][COL_DPO], fr ? " : " : ": ");
        md_cell(out, d.s ? d.s : "-");
        fputs(fr ? "\n- Modèle : " : "\n- Template: ", out);
        md_cell(out, str_of(doc, "template"));
        fputc('\n', out);
        ok = write_rows(out, doc, format, fr);
    } else {
        fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", fr ? "fr" : "en");
        html_escape(out, title);
        fputs("</title>\n<style>\n"
              "@page { size: A4 landscape; margin: 10mm; }\n"
              "body { font: 8pt/1.3 sans-serif; color: #000; margin: 0; }\n"
              "h1 { font-size: 14pt; margin: 0 0 4pt; }\n"
              "table { border-collapse: collapse; width: 100%; table-layout: fixed; }\n"
              "th, td { border: 0.5pt solid #444; padding: 2pt 3pt; vertical-align: top; "
              "overflow-wrap: anywhere; }\n"
              "th { background: #e8e8e8; }\n"
              "thead { display: table-header-group; }\n"
              "tr { break-inside: avoid; page-break-inside: avoid; }\n"
              "</style>\n</head>\n<body>\n<h1>",
              out);
        html_escape(out, title);
        fputs("</h1>\n<p>", out);
        const char *colon = fr ? " : " : ": "; /* French puts a space before the colon */
        html_escape(out, col_titles[fr][COL_CONTROLLER]);
        fputs(colon, out);
        html_escape(out, org ? org : "-");
        fputs("<br>", out);
        html_escape(out, col_titles[fr][COL_DPO]);
        fputs(colon, out);
        html_escape(out, d.s ? d.s : "-");
        fputs("<br>", out);
        html_escape(out, str_of(doc, "template"));
        fputs("</p>\n<table>\n<thead><tr>", out);
        for (int col = 0; col < N_COLS; col++) {
            fputs("<th>", out);
            html_escape(out, col_titles[fr][col]);
            fputs("</th>", out);
        }
        fputs("</tr></thead>\n<tbody>\n", out);
        ok = write_rows(out, doc, format, fr);
        fputs("</tbody>\n</table>\n</body>\n</html>\n", out);
    }
    free(org);
    free(d.s);
    return ok;
}

/* --------------------------------------------------------------- command */

typedef struct ropa_args {
    cli_rules_options rules;
    const char *lang, *out;
    int format;
    const char **files;
    size_t n_files;
} ropa_args;

static int ropa_parse(int argc, char **argv, ropa_args *a)
{
    memset(a, 0, sizeof *a);
    a->lang = "fr";
    a->files = calloc((size_t)argc, sizeof *a->files);
    if (!a->files)
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if ((r = cli_rules_option(argc, argv, &i, &a->rules, &cli_cmd_ropa)) != 0) {
            if (r < 0)
                return -1;
        } else if ((r = cli_option_value(argc, argv, &i, "--lang", &v)) != 0) {
            if (r < 0 || (strcmp(v, "en") && strcmp(v, "fr")))
                return cli_usage_error(&cli_cmd_ropa, "--lang must be fr or en"), -1;
            a->lang = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (r < 0 || !v[0])
                return cli_usage_error(&cli_cmd_ropa, "--out needs a file name"), -1;
            a->out = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--format", &v)) != 0) {
            static const char *const names[] = { "json", "csv", "md", "html" };
            a->format = -1;
            for (int k = 0; r > 0 && k < 4; k++)
                if (strcmp(v, names[k]) == 0)
                    a->format = k;
            if (a->format < 0)
                return cli_usage_error(&cli_cmd_ropa, "--format must be json, csv, md or html"), -1;
        } else if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
            a->files[a->n_files++] = argv[i];
        } else {
            return cli_usage_error(&cli_cmd_ropa, "unexpected argument %s", argv[i]), -1;
        }
    }
    if (!a->n_files)
        return cli_usage_error(&cli_cmd_ropa, "ropa needs at least one DECLARATION"), -1;
    return 0;
}

/* Reads the declarations; false (after a message) when one cannot be read. */
static bool ropa_read_all(const ropa_args *a, char **texts, size_t *lens, const char **sources)
{
    for (size_t k = 0; k < a->n_files; k++) {
        sources[k] = cli_source_name(a->files[k]);
        if (!cli_read_file(a->files[k], &texts[k], &lens[k]))
            return false;
    }
    return true;
}

/* Writes the record (the library's JSON) as `format` to `path`, or stdout when NULL. */
static int ropa_write(const char *json, size_t len, int format, const char *lang, const char *path)
{
    FILE *out = path ? fopen(path, "wb") : stdout;
    if (!out) {
        cli_error("cannot write %s", path);
        return CLI_EXIT_USAGE;
    }
    bool ok = true;
    if (format == ROPA_JSON) {
        cJSON *doc = cJSON_ParseWithLength(json, len);
        char *pretty = doc ? cJSON_Print(doc) : NULL;
        ok = pretty && fputs(pretty, out) >= 0 && fputc('\n', out) != EOF;
        cJSON_free(pretty);
        cJSON_Delete(doc);
    } else {
        cJSON *doc = cJSON_ParseWithLength(json, len);
        ok = doc && write_record(out, doc, format, strcmp(lang, "fr") == 0);
        cJSON_Delete(doc);
    }
    if (out != stdout)
        ok = fclose(out) == 0 && ok;
    else
        ok = fflush(out) == 0 && ok;
    if (!ok) {
        cli_error("cannot write the record%s%s", path ? " to " : "", path ? path : "");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

static int ropa_emit(const ropa_args *a, const char *json, size_t len)
{
    return ropa_write(json, len, a->format, a->lang, a->out);
}

static int ropa_run(int argc, char **argv)
{
    ropa_args a;
    if (ropa_parse(argc, argv, &a) < 0) {
        free(a.files);
        return CLI_EXIT_USAGE;
    }
    int rc = CLI_EXIT_OK;
    comply_rules *rules = cli_load_rules(&a.rules, &rc);
    if (!rules) {
        free(a.files);
        return rc;
    }
    char **texts = calloc(a.n_files, sizeof *texts);
    size_t *lens = calloc(a.n_files, sizeof *lens);
    const char **sources = calloc(a.n_files, sizeof *sources);
    char *json = NULL;
    size_t len = 0;
    rc = CLI_EXIT_USAGE;
    if (texts && lens && sources && ropa_read_all(&a, texts, lens, sources)) {
        comply_error err;
        if (comply_ropa_json(rules, (const char *const *)texts, lens, sources, a.n_files, a.lang, &json, &len, &err) !=
            COMPLY_OK)
            cli_print_problem(stderr, &err);
        else
            rc = ropa_emit(&a, json, len);
    }
    comply_free(rules, json);
    for (size_t k = 0; texts && k < a.n_files; k++)
        free(texts[k]);
    free(texts);
    free(lens);
    free(sources);
    comply_rules_free(rules);
    free(a.files);
    return rc;
}

/* The format a file name asks for: .html, .csv, .md, else JSON. */
static int ropa_format_of(const char *path)
{
    static const struct {
        const char *ext;
        int format;
    } exts[] = { { ".html", ROPA_HTML }, { ".htm", ROPA_HTML }, { ".csv", ROPA_CSV }, { ".md", ROPA_MD } };
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i].ext);
        if (n > e && strcasecmp(path + n - e, exts[i].ext) == 0)
            return exts[i].format;
    }
    return ROPA_JSON;
}

int cli_ropa_write(const comply_rules *rules, const char *const *texts, const size_t *lens,
                   const char *const *sources, size_t n, const char *lang, const char *path)
{
    char *json = NULL;
    size_t len = 0;
    comply_error err;
    if (comply_ropa_json(rules, texts, lens, sources, n, lang, &json, &len, &err) != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        return CLI_EXIT_USAGE;
    }
    int rc = ropa_write(json, len, ropa_format_of(path), lang, path);
    comply_free(rules, json);
    return rc;
}
