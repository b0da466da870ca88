/*
 * cmd_columns.c - `comply columns`: which columns of a CSV file or of the
 * tables of a SQLite database hold personal data, from their names and a
 * sample of their values (the reading and classifying is in tables.c).
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "tables.h"

static int columns_run(int argc, char **argv);

const cli_command cli_cmd_columns = {
    "columns",
    "say which columns of a CSV file or SQLite database hold personal data",
    "comply columns FILE.csv|- [--json] [--sample N] [--delimiter C] [--no-header]\n"
    "                          [--min-confidence X] [--pack FILE]... [--no-default]\n"
    "       comply columns sqlite:PATH.db [--table T]... [--json] [--sample N]\n"
    "                          [--min-confidence X] [--pack FILE]... [--no-default]\n"
    "\n"
    "Classifies every column from its name and a sample of its non-empty values\n"
    "(--sample N, default 1000: the first N, then a uniform random sample with a\n"
    "fixed seed). CSV: RFC 4180 quoting, LF or CRLF, a UTF-8 BOM skipped, the\n"
    "delimiter detected among , ; TAB | on the first line unless --delimiter C\n"
    "(\\t or tab for TAB); names from the first row unless --no-header. Rows with\n"
    "another number of fields, misplaced quotes and invalid UTF-8 are warnings.\n"
    "SQLite: every table, or those named by --table; the first N rows of each column.\n"
    "\n"
    "The text output groups the columns by CNIL kind of customer data (base,\n"
    "interaction, behavioural, attitudinal), then special categories (GDPR\n"
    "Art. 9/10), other personal data, and columns not personal or unclassified.\n"
    "With --json, JSON Lines, one object per column in column order:\n"
    "  {\"index\": 0, \"column\": \"e_mail\", \"category\": \"contact.email\" | null,\n"
    "   \"confidence\": 0.99, \"name\": {\"category\", \"confidence\", \"by\", \"lang\"},\n"
    "   \"values\": {\"category\", \"confidence\", \"by\", \"sampled\", \"empty\", \"matched\",\n"
    "   \"distinct\"}, \"agreement\": 1|0|-1, \"kind\": \"base\" | ... | null, \"special\": false}\n"
    "preceded by \"table\": \"NAME\" for SQLite. \"column\" is null with --no-header.\n"
    "A column's category under --min-confidence (default 0) is null.\n"
    "Exit 0 when it ran (even with warnings), 2 on usage or I/O errors.\n",
    columns_run,
};

#define CLI_TABLES_DEFAULT_SAMPLE 1000
#define CLI_TABLES_MAX_SAMPLE 10000000
typedef struct columns_args {
    cli_rules_options rules;
    const char *input;
    bool json, no_header;
    size_t sample;
    char delimiter; /* 0: detect */
    double min_confidence;
    const char **tables;
    size_t n_tables;
} columns_args;

/* ---------------------------------------------------------------- output */

static cJSON *columns_json_class(const comply_class *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (c->category) {
        cJSON_AddStringToObject(o, "category", c->category);
        cJSON_AddNumberToObject(o, "confidence", cli_round_confidence(c->confidence));
    } else {
        cJSON_AddNullToObject(o, "category");
        cJSON_AddNumberToObject(o, "confidence", 0);
    }
    if (c->category && c->by)
        cJSON_AddStringToObject(o, "by", c->by);
    else
        cJSON_AddNullToObject(o, "by");
    return o;
}

/* One JSON line per column; `table` NULL for CSV. */
static int columns_print_json(const char *table, const cli_table *s, const cli_column_result *results)
{
    for (size_t i = 0; i < s->n; i++) {
        const cli_column_result *r = &results[i];
        cJSON *o = cJSON_CreateObject();
        cJSON *name = columns_json_class(&r->ev.name);
        cJSON *values = columns_json_class(&r->ev.values);
        char *text = s->names[i] ? cli_valid_utf8(s->names[i], strlen(s->names[i])) : NULL;
        char *line = NULL;
        if (!o || !name || !values || (s->names[i] && !text))
            goto fail;
        if (table)
            cJSON_AddStringToObject(o, "table", table);
        cJSON_AddNumberToObject(o, "index", (double)i);
        if (text)
            cJSON_AddStringToObject(o, "column", text);
        else
            cJSON_AddNullToObject(o, "column");
        if (r->category) {
            cJSON_AddStringToObject(o, "category", r->category);
            cJSON_AddNumberToObject(o, "confidence", cli_round_confidence(r->out.confidence));
        } else {
            cJSON_AddNullToObject(o, "category");
            cJSON_AddNumberToObject(o, "confidence", 0);
        }
        if (r->ev.name.category && r->ev.name.lang)
            cJSON_AddStringToObject(name, "lang", r->ev.name.lang);
        else
            cJSON_AddNullToObject(name, "lang");
        cJSON_AddItemToObject(o, "name", name);
        name = NULL;
        cJSON_AddNumberToObject(values, "sampled", (double)r->ev.sampled);
        cJSON_AddNumberToObject(values, "empty", (double)r->ev.empty);
        cJSON_AddNumberToObject(values, "matched", (double)r->ev.matched);
        cJSON_AddNumberToObject(values, "distinct", (double)r->ev.distinct);
        cJSON_AddItemToObject(o, "values", values);
        values = NULL;
        cJSON_AddNumberToObject(o, "agreement", r->ev.agreement);
        if (r->kind != COMPLY_KIND_NONE)
            cJSON_AddStringToObject(o, "kind", comply_kind_name(r->kind));
        else
            cJSON_AddNullToObject(o, "kind");
        cJSON_AddBoolToObject(o, "special", r->special);
        if (!(line = cJSON_PrintUnformatted(o)))
            goto fail;
        puts(line);
        cJSON_free(line);
        cJSON_Delete(o);
        free(text);
        continue;
    fail:
        cJSON_Delete(o);
        cJSON_Delete(name);
        cJSON_Delete(values);
        free(text);
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* The groups of the text output, in order. */
enum {
    GROUP_BASE = 0, /* the four CNIL kinds: GROUP_BASE + kind - 1 */
    GROUP_SPECIAL = 4,
    GROUP_OTHER,
    GROUP_NONE,
    GROUP_COUNT_
};

static int columns_group(const cli_column_result *r)
{
    if (!r->category)
        return GROUP_NONE;
    if (r->special)
        return GROUP_SPECIAL;
    if (r->kind != COMPLY_KIND_NONE)
        return GROUP_BASE + (int)r->kind - 1;
    return GROUP_OTHER;
}

static void columns_group_title(int group, char *buf, size_t size)
{
    if (group < GROUP_SPECIAL) {
        snprintf(buf, size, "%s", comply_kind_label((comply_kind)(group + 1), "en"));
        if (buf[0] >= 'A' && buf[0] <= 'Z')
            buf[0] = (char)(buf[0] - 'A' + 'a');
        return;
    }
    snprintf(buf, size, "%s",
             group == GROUP_SPECIAL ? "special categories (GDPR Art. 9/10)"
             : group == GROUP_OTHER ? "other personal data"
                                    : "not personal / unclassified");
}

/* A short note on what the decision rests on. */
static void columns_note(const cli_column_result *r, char *buf, size_t size)
{
    const comply_column_evidence *ev = &r->ev;
    if (!r->category) {
        const char *why = r->out.category ? "below --min-confidence"
                          : ev->name.detail && strcmp(ev->name.detail, "technical") == 0 ? "technical key"
                          : ev->sampled == 0 ? "no values"
                                             : "no match";
        snprintf(buf, size, "%s", why);
    } else if (ev->agreement > 0) {
        snprintf(buf, size, "name+values");
    } else if (ev->agreement < 0) {
        snprintf(buf, size, "name and values disagree");
    } else if (ev->values.category && !ev->name.category) {
        /* the share of the filled values that match */
        size_t filled = ev->sampled - ev->empty;
        snprintf(buf, size, "values %d%%", filled ? (int)(100.0 * (double)ev->matched / (double)filled + 0.5) : 0);
    } else if (ev->name.category && !ev->values.category) {
        snprintf(buf, size, ev->sampled && ev->sampled == ev->empty ? "name only, values empty" : "name only");
    } else {
        snprintf(buf, size, "-");
    }
}

/* Number of code points (display columns, near enough) of UTF-8 text. */
static size_t columns_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* A column's name fit for a terminal: valid UTF-8, no control characters,
 * at most 40 code points. Owned by the caller. */
static char *columns_display_name(const char *name, size_t index)
{
    if (!name) {
        char buf[32];
        snprintf(buf, sizeof buf, "column %zu", index + 1);
        return cli_valid_utf8(buf, strlen(buf));
    }
    char *s = cli_valid_utf8(name, strlen(name));
    if (!s)
        return NULL;
    size_t points = 0;
    for (char *p = s; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7F)
            *p = ' ';
        if (((unsigned char)*p & 0xC0) != 0x80 && ++points > 40) {
            *p = '\0';
            break;
        }
    }
    return s;
}

static void columns_pad(const char *s, size_t width)
{
    fputs(s, stdout);
    for (size_t w = columns_width(s); w < width; w++)
        putchar(' ');
}

static const char *columns_label(const comply_rules *rules, const char *key)
{
    const comply_category *cat = key ? comply_category_find(rules, key) : NULL;
    return cat ? comply_category_label(cat, "en") : "-";
}

static int columns_print_text(const comply_rules *rules, const char *title, const cli_table *s,
                              const cli_column_result *results)
{
    char **names = calloc(s->n ? s->n : 1, sizeof *names);
    if (!names) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    size_t wname = 6, wcat = 8, wlabel = 5;
    for (size_t i = 0; i < s->n; i++) {
        if (!(names[i] = columns_display_name(s->names[i], i))) {
            for (size_t k = 0; k < i; k++)
                free(names[k]);
            free(names);
            cli_error("out of memory");
            return CLI_EXIT_USAGE;
        }
        size_t w = columns_width(names[i]);
        if (w > wname)
            wname = w;
        const char *cat = results[i].category;
        if (cat) {
            if (strlen(cat) > wcat)
                wcat = strlen(cat);
            w = columns_width(columns_label(rules, cat));
            if (w > wlabel)
                wlabel = w;
        }
    }
    printf("%s\n", title);
    for (int g = 0; g < GROUP_COUNT_; g++) {
        bool any = false;
        for (size_t i = 0; i < s->n; i++) {
            const cli_column_result *r = &results[i];
            if (columns_group(r) != g)
                continue;
            if (!any) {
                char heading[64];
                columns_group_title(g, heading, sizeof heading);
                printf("\n%s\n", heading);
                any = true;
            }
            char note[64];
            columns_note(r, note, sizeof note);
            fputs("  ", stdout);
            columns_pad(names[i], wname);
            fputs("  ", stdout);
            columns_pad(r->category ? r->category : "-", wcat);
            fputs("  ", stdout);
            columns_pad(columns_label(rules, r->category), wlabel);
            if (r->category)
                printf("  %5.3f  %s\n", cli_round_confidence(r->out.confidence), note);
            else
                printf("  %5s  %s\n", "-", note);
        }
    }
    for (size_t i = 0; i < s->n; i++)
        free(names[i]);
    free(names);
    return CLI_EXIT_OK;
}

/* Prints one classified table, titled as the input was: a CSV file with its
 * rows, or a SQLite table. */
static int columns_report(void *user, const comply_rules *rules, const cli_table *t)
{
    const columns_args *a = user;
    if (a->json)
        return columns_print_json(t->table, t, t->results);
    char title[512];
    if (t->table) {
        snprintf(title, sizeof title, "%stable %s: %zu column%s", t->index ? "\n" : "", t->table, t->n,
                 t->n == 1 ? "" : "s");
    } else {
        snprintf(title, sizeof title, "%s: %zu column%s, %lu row%s", cli_source_name(a->input), t->n,
                 t->n == 1 ? "" : "s", t->rows, t->rows == 1 ? "" : "s");
    }
    return columns_print_text(rules, title, t, t->results);
}

/* --------------------------------------------------------------- command */

static bool columns_parse_delimiter(const char *v, char *out)
{
    if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0 || strcmp(v, "TAB") == 0) {
        *out = '\t';
        return true;
    }
    if (strlen(v) != 1 || v[0] == '"' || v[0] == '\n' || v[0] == '\r')
        return false;
    *out = v[0];
    return true;
}

static bool columns_parse_sample(const char *v, size_t *out)
{
    size_t n = 0;
    if (!*v)
        return false;
    for (; *v; v++) {
        if (*v < '0' || *v > '9')
            return false;
        n = n * 10 + (size_t)(*v - '0');
        if (n > CLI_TABLES_MAX_SAMPLE)
            return false;
    }
    if (n == 0)
        return false;
    *out = n;
    return true;
}

static int columns_parse(int argc, char **argv, columns_args *a)
{
    const cli_command *cmd = &cli_cmd_columns;
    bool csv_only = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if ((r = cli_rules_option(argc, argv, &i, &a->rules, cmd)) != 0 ||
            (r = cli_confidence_option(argc, argv, &i, &a->min_confidence, cmd)) != 0) {
            if (r < 0)
                return -1;
            continue;
        }
        if (strcmp(argv[i], "--json") == 0) {
            a->json = true;
        } else if (strcmp(argv[i], "--no-header") == 0) {
            a->no_header = csv_only = true;
        } else if ((r = cli_option_value(argc, argv, &i, "--sample", &v)) != 0) {
            if (r < 0 || !columns_parse_sample(v, &a->sample)) {
                cli_usage_error(cmd, "--sample needs a number from 1 to %d", CLI_TABLES_MAX_SAMPLE);
                return -1;
            }
        } else if ((r = cli_option_value(argc, argv, &i, "--delimiter", &v)) != 0) {
            if (r < 0 || !columns_parse_delimiter(v, &a->delimiter)) {
                cli_usage_error(cmd, "--delimiter needs one character (\\t or tab for TAB), not a quote");
                return -1;
            }
            csv_only = true;
        } else if ((r = cli_option_value(argc, argv, &i, "--table", &v)) != 0) {
            if (r < 0) {
                cli_usage_error(cmd, "--table needs a table name");
                return -1;
            }
            a->tables[a->n_tables++] = v;
        } else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !a->input) {
            a->input = argv[i];
        } else {
            cli_usage_error(cmd, "unexpected argument %s", argv[i]);
            return -1;
        }
    }
    if (!a->input) {
        cli_usage_error(cmd, "give a CSV file, - or sqlite:PATH");
        return -1;
    }
    bool sqlite = strncmp(a->input, "sqlite:", 7) == 0;
    if (sqlite && a->input[7] == '\0') {
        cli_usage_error(cmd, "sqlite: needs a database path");
        return -1;
    }
    if (sqlite && csv_only) {
        cli_usage_error(cmd, "--delimiter and --no-header apply to CSV files only");
        return -1;
    }
    if (!sqlite && a->n_tables) {
        cli_usage_error(cmd, "--table applies to sqlite:PATH only");
        return -1;
    }
    return 0;
}

static int columns_run(int argc, char **argv)
{
    columns_args a;
    memset(&a, 0, sizeof a);
    a.sample = CLI_TABLES_DEFAULT_SAMPLE;
    a.tables = calloc((size_t)argc, sizeof *a.tables);
    if (!a.tables) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    int rc = CLI_EXIT_USAGE;
    if (columns_parse(argc, argv, &a) == 0) {
        comply_rules *rules = cli_load_rules(&a.rules, &rc);
        if (rules) {
            cli_tables_options o;
            memset(&o, 0, sizeof o);
            o.sample = a.sample;
            o.delimiter = a.delimiter;
            o.no_header = a.no_header;
            o.min_confidence = a.min_confidence;
            o.tables = a.tables;
            o.n_tables = a.n_tables;
            rc = strncmp(a.input, "sqlite:", 7) == 0
                     ? cli_tables_sqlite(rules, a.input + strlen("sqlite:"), &o, columns_report, &a)
                     : cli_tables_csv(rules, a.input, &o, columns_report, &a);
            comply_rules_free(rules);
        }
    }
    free(a.tables);
    return rc;
}
