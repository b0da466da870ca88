/*
 * audit_text.c - the report of `comply audit` as text and as one JSON
 * document (doc/audit.md): the summary first, then each source.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "audit.h"

/* ------------------------------------------------------ category counts */

/* A count per category key, in first-seen order. */
typedef struct audit_tally {
    const char **keys;
    unsigned long *counts;
    size_t n;
} audit_tally;

static bool audit_tally_add(audit_tally *t, const char *key, unsigned long count)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->keys[i], key) == 0) {
            t->counts[i] += count;
            return true;
        }
    const char **k = realloc(t->keys, (t->n + 1) * sizeof *k);
    if (!k)
        return false;
    t->keys = k;
    unsigned long *c = realloc(t->counts, (t->n + 1) * sizeof *c);
    if (!c)
        return false;
    t->counts = c;
    t->keys[t->n] = key;
    t->counts[t->n++] = count;
    return true;
}

static void audit_tally_free(audit_tally *t)
{
    free(t->keys);
    free(t->counts);
    memset(t, 0, sizeof *t);
}

/* Personal columns by category (columns = true) or text values by category. */
static bool audit_tally_of(const audit_report *r, bool columns, audit_tally *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < r->n_sources; i++) {
        const audit_source *s = &r->sources[i];
        if (columns) {
            for (size_t k = 0; k < s->n_tables; k++)
                for (size_t c = 0; c < s->tables[k].n; c++)
                    if (s->tables[k].cols[c].category && !audit_tally_add(t, s->tables[k].cols[c].category, 1))
                        return false;
        } else {
            for (size_t h = 0; h < s->n_hits; h++)
                if (!audit_tally_add(t, s->hits[h].category, s->hits[h].count))
                    return false;
        }
    }
    return true;
}

static const char *audit_date(comply_date d, char *buf, size_t size)
{
    snprintf(buf, size, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

static size_t audit_count_type(const audit_report *r, audit_source_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_sources; i++)
        n += r->sources[i].type == type;
    return n;
}

/* ------------------------------------------------------------------ text */

static void text_finding(FILE *out, const audit_finding *f, const char *lang)
{
    fprintf(out, "    [%s] %s%s (%s)", comply_severity_name(f->severity), f->code, f->gap ? " (gap)" : "", f->article);
    if (f->field)
        fprintf(out, " field %s", f->field);
    if (f->line)
        fprintf(out, " line %lu", f->line);
    fprintf(out, ": %s\n", strcmp(lang, "fr") == 0 ? f->message_fr : f->message_en);
}

static void text_summary(FILE *out, const audit_report *r, const audit_totals *t, const audit_tally *cols,
                         const audit_tally *vals)
{
    fputs("Summary\n", out);
    fprintf(out, "  sources: %zu (csv %zu, sqlite %zu, text %zu, declarations %zu, retention %zu), %llu bytes\n",
            t->sources, audit_count_type(r, AUDIT_SRC_CSV), audit_count_type(r, AUDIT_SRC_SQLITE),
            audit_count_type(r, AUDIT_SRC_TEXT), audit_count_type(r, AUDIT_SRC_DECLARATION),
            audit_count_type(r, AUDIT_SRC_RETENTION), (unsigned long long)t->bytes);
    fprintf(out, "  tables: %zu, rows: %lu, columns: %zu, personal: %zu, special (Art. 9/10): %zu\n", t->tables,
            t->rows, t->columns, t->personal_columns, t->special_columns);
    fputs("  columns by CNIL kind:", out);
    for (size_t k = 1; k <= AUDIT_KINDS; k++)
        fprintf(out, " %s %zu%s", audit_kind_key(k % AUDIT_KINDS), t->by_kind[k % AUDIT_KINDS],
                k < AUDIT_KINDS ? "," : "\n");
    fputs("  columns by category:", out);
    for (size_t i = 0; i < cols->n; i++)
        fprintf(out, " %s %lu%s", cols->keys[i], cols->counts[i], i + 1 < cols->n ? "," : "");
    fprintf(out, "%s\n", cols->n ? "" : " none");
    fprintf(out, "  personal values in text: %lu", t->text_values);
    for (size_t i = 0; i < vals->n; i++)
        fprintf(out, "%s%s %lu%s", i ? ", " : " (", vals->keys[i], vals->counts[i], i + 1 < vals->n ? "" : ")");
    fprintf(out, "\n  findings: %zu (error %zu, warning %zu, info %zu; violations %zu, gaps %zu)\n", t->findings,
            t->by_severity[0], t->by_severity[1], t->by_severity[2], t->violations, t->gaps);
    fputs("  records:", out);
    for (size_t s = 0; s < AUDIT_STAGES; s++)
        fprintf(out, " %s %lu%s", audit_stage_key(s), t->due[s], s + 1 < AUDIT_STAGES ? "," : "\n");
}

/* s and spaces up to `width` code points, and one more space. */
static void text_pad(FILE *out, const char *s, size_t width)
{
    size_t points = 0;
    for (const char *p = s; *p; p++)
        points += ((unsigned char)*p & 0xC0) != 0x80;
    fputs(s, out);
    for (; points < width; points++)
        fputc(' ', out);
    fputc(' ', out);
}

static void text_source(FILE *out, const audit_source *s, const comply_rules *rules, const char *lang)
{
    fprintf(out, "\n== %s (%s", s->path, audit_type_key(s->type));
    if (s->type == AUDIT_SRC_TEXT)
        fprintf(out, ", %lu lines", s->rows);
    else if (s->type != AUDIT_SRC_DECLARATION)
        fprintf(out, ", %lu rows", s->rows);
    if (s->purpose)
        fprintf(out, ", purpose %s", s->purpose);
    if (s->csv_warnings)
        fprintf(out, ", %lu reading warnings", s->csv_warnings);
    fputs(")\n", out);
    for (size_t k = 0; k < s->n_tables; k++) {
        const audit_table *tb = &s->tables[k];
        if (tb->name)
            fprintf(out, "  table %s (%lu rows)\n", tb->name, tb->rows);
        for (size_t c = 0; c < tb->n; c++) {
            const audit_column *col = &tb->cols[c];
            fputs("    ", out);
            text_pad(out, col->name ? col->name : "-", 28);
            if (col->category) {
                text_pad(out, col->category, 32);
                text_pad(out, col->kind ? audit_kind_key(col->kind) : "-", 12);
                fprintf(out, "%.3f%s\n", col->confidence, col->special ? "  special" : "");
            } else {
                fputs("-\n", out);
            }
        }
    }
    for (size_t h = 0; h < s->n_hits; h++) {
        const audit_hit *hit = &s->hits[h];
        fprintf(out, "  %s (%s): %lu, lines", hit->category, audit_category_label(rules, hit->category, lang),
                hit->count);
        for (size_t l = 0; l < hit->n_lines; l++)
            fprintf(out, "%s%lu", l ? ", " : " ", hit->lines[l]);
        fputs(hit->n_lines < hit->count ? ", ...\n" : "\n", out);
    }
    if (s->due) {
        const audit_due *d = s->due;
        fprintf(out, "  purpose %s, category %s:", d->purpose ? d->purpose : "any", d->category ? d->category : "any");
        for (size_t st = 0; st < AUDIT_STAGES; st++)
            fprintf(out, " %s %lu%s", audit_stage_key(st), d->count[st], st + 1 < AUDIT_STAGES ? "," : "\n");
        for (size_t k = 0; k < d->n_rules; k++)
            fprintf(out, "    rule %s: %lu records (%s)\n", d->rules[k].rule, d->rules[k].count,
                    d->rules[k].source ? d->rules[k].source : "no source");
        if (d->n_delete_rows) {
            fputs("    rows due for deletion:", out);
            for (size_t k = 0; k < d->n_delete_rows; k++)
                fprintf(out, "%s%lu", k ? ", " : " ", d->delete_rows[k]);
            fputs(d->n_delete_rows < d->count[COMPLY_STAGE_DELETE_DUE] ? ", ...\n" : "\n", out);
        }
    }
    if (s->n_findings)
        fputs("  findings:\n", out);
    for (size_t f = 0; f < s->n_findings; f++)
        text_finding(out, &s->findings[f], lang);
}

bool audit_write_text(FILE *out, const audit_report *r, const comply_rules *rules, const char *lang)
{
    audit_totals t;
    audit_tally cols, vals;
    audit_totals_compute(r, &t);
    bool ok = audit_tally_of(r, true, &cols) && audit_tally_of(r, false, &vals);
    if (ok) {
        char today[16];
        fprintf(out, "comply audit of %s%s%s%s, today %s (%s)\n\n", r->root, r->name ? " (" : "",
                r->name ? r->name : "", r->name ? ")" : "", audit_date(r->today, today, sizeof today),
                r->today_from_clock ? "from the system clock" : "given with --today");
        text_summary(out, r, &t, &cols, &vals);
        fputs("\nDetails\n", out);
        for (size_t i = 0; i < r->n_sources; i++)
            text_source(out, &r->sources[i], rules, lang);
        if (r->n_gaps)
            fputs("\n== the whole audit\n", out);
        for (size_t g = 0; g < r->n_gaps; g++)
            text_finding(out, &r->gaps[g], lang);
    }
    audit_tally_free(&cols);
    audit_tally_free(&vals);
    return ok && !ferror(out);
}

/* ------------------------------------------------------------------ JSON */

static cJSON *json_str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *json_finding(const audit_finding *f)
{
    cJSON *o = cJSON_CreateObject(), *m = cJSON_CreateObject();
    if (!o || !m) {
        cJSON_Delete(o);
        cJSON_Delete(m);
        return NULL;
    }
    cJSON_AddStringToObject(o, "code", f->code);
    cJSON_AddStringToObject(o, "severity", comply_severity_name(f->severity));
    cJSON_AddBoolToObject(o, "gap", f->gap);
    cJSON_AddStringToObject(o, "article", f->article);
    cJSON_AddStringToObject(o, "url", AUDIT_GDPR_URL);
    cJSON_AddItemToObject(o, "field", json_str_or_null(f->field));
    cJSON_AddItemToObject(o, "category", json_str_or_null(f->category));
    cJSON_AddNumberToObject(o, "line", (double)f->line);
    cJSON_AddStringToObject(m, "en", f->message_en);
    cJSON_AddStringToObject(m, "fr", f->message_fr);
    cJSON_AddItemToObject(o, "message", m);
    return o;
}

static cJSON *json_findings(const audit_finding *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, json_finding(&v[i]));
    return a;
}

static cJSON *json_tally(const audit_tally *t)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < t->n; i++)
        cJSON_AddNumberToObject(o, t->keys[i], (double)t->counts[i]);
    return o;
}

static cJSON *json_summary(const audit_report *r, const audit_totals *t, const audit_tally *cols,
                           const audit_tally *vals)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *src = cJSON_AddObjectToObject(o, "sources");
    cJSON_AddNumberToObject(src, "total", (double)t->sources);
    for (int ty = AUDIT_SRC_CSV; ty <= AUDIT_SRC_RETENTION; ty++)
        cJSON_AddNumberToObject(src, audit_type_key((audit_source_type)ty),
                                (double)audit_count_type(r, (audit_source_type)ty));
    cJSON_AddNumberToObject(o, "bytes", (double)t->bytes);
    cJSON_AddNumberToObject(o, "tables", (double)t->tables);
    cJSON_AddNumberToObject(o, "rows", (double)t->rows);
    cJSON_AddNumberToObject(o, "columns", (double)t->columns);
    cJSON_AddNumberToObject(o, "personal_columns", (double)t->personal_columns);
    cJSON_AddNumberToObject(o, "special_columns", (double)t->special_columns);
    cJSON *kinds = cJSON_AddObjectToObject(o, "columns_by_kind");
    for (size_t k = 1; k <= AUDIT_KINDS; k++)
        cJSON_AddNumberToObject(kinds, audit_kind_key(k % AUDIT_KINDS), (double)t->by_kind[k % AUDIT_KINDS]);
    cJSON_AddItemToObject(o, "columns_by_category", json_tally(cols));
    cJSON_AddNumberToObject(o, "text_values", (double)t->text_values);
    cJSON_AddItemToObject(o, "text_values_by_category", json_tally(vals));
    cJSON *f = cJSON_AddObjectToObject(o, "findings");
    cJSON_AddNumberToObject(f, "total", (double)t->findings);
    cJSON_AddNumberToObject(f, "error", (double)t->by_severity[0]);
    cJSON_AddNumberToObject(f, "warning", (double)t->by_severity[1]);
    cJSON_AddNumberToObject(f, "info", (double)t->by_severity[2]);
    cJSON_AddNumberToObject(f, "violation", (double)t->violations);
    cJSON_AddNumberToObject(f, "gap", (double)t->gaps);
    cJSON *rec = cJSON_AddObjectToObject(o, "records");
    for (size_t s = 0; s < AUDIT_STAGES; s++)
        cJSON_AddNumberToObject(rec, audit_stage_key(s), (double)t->due[s]);
    return o;
}

static cJSON *json_due(const audit_due *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "purpose", json_str_or_null(d->purpose));
    cJSON_AddItemToObject(o, "category", json_str_or_null(d->category));
    cJSON_AddNumberToObject(o, "rows", (double)d->rows);
    cJSON_AddNumberToObject(o, "problems", (double)d->problems);
    cJSON *rec = cJSON_AddObjectToObject(o, "records");
    for (size_t s = 0; s < AUDIT_STAGES; s++)
        cJSON_AddNumberToObject(rec, audit_stage_key(s), (double)d->count[s]);
    cJSON *rules = cJSON_AddArrayToObject(o, "rules");
    for (size_t k = 0; k < d->n_rules; k++) {
        cJSON *u = cJSON_CreateObject();
        cJSON_AddStringToObject(u, "rule", d->rules[k].rule);
        cJSON_AddItemToObject(u, "source", json_str_or_null(d->rules[k].source));
        cJSON_AddNumberToObject(u, "records", (double)d->rules[k].count);
        cJSON_AddItemToArray(rules, u);
    }
    cJSON *tl = cJSON_AddArrayToObject(o, "timeline");
    for (size_t k = 0; k < d->n_months; k++) {
        char month[16];
        snprintf(month, sizeof month, "%04d-%02d", d->months[k].year, d->months[k].month);
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "month", month);
        cJSON_AddNumberToObject(m, "archive", (double)d->months[k].archive);
        cJSON_AddNumberToObject(m, "delete", (double)d->months[k].delete_due);
        cJSON_AddItemToArray(tl, m);
    }
    cJSON *rows = cJSON_AddArrayToObject(o, "rows_due_for_deletion");
    for (size_t k = 0; k < d->n_delete_rows; k++)
        cJSON_AddItemToArray(rows, cJSON_CreateNumber((double)d->delete_rows[k]));
    return o;
}

static cJSON *json_source(const audit_source *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", audit_type_key(s->type));
    cJSON_AddStringToObject(o, "path", s->path);
    cJSON_AddNumberToObject(o, "bytes", (double)s->bytes);
    cJSON_AddNumberToObject(o, s->type == AUDIT_SRC_TEXT ? "lines" : "rows", (double)s->rows);
    if (s->type == AUDIT_SRC_CSV)
        cJSON_AddNumberToObject(o, "warnings", (double)s->csv_warnings);
    if (s->type == AUDIT_SRC_CSV || s->type == AUDIT_SRC_SQLITE) {
        cJSON *tables = cJSON_AddArrayToObject(o, "tables");
        for (size_t k = 0; k < s->n_tables; k++) {
            const audit_table *tb = &s->tables[k];
            cJSON *t = cJSON_CreateObject();
            cJSON_AddItemToObject(t, "table", json_str_or_null(tb->name));
            cJSON_AddNumberToObject(t, "rows", (double)tb->rows);
            cJSON *cols = cJSON_AddArrayToObject(t, "columns");
            for (size_t c = 0; c < tb->n; c++) {
                const audit_column *col = &tb->cols[c];
                cJSON *co = cJSON_CreateObject();
                cJSON_AddItemToObject(co, "column", json_str_or_null(col->name));
                cJSON_AddItemToObject(co, "category", json_str_or_null(col->category));
                cJSON_AddItemToObject(co, "kind", col->kind ? cJSON_CreateString(audit_kind_key(col->kind))
                                                            : cJSON_CreateNull());
                cJSON_AddBoolToObject(co, "special", col->special);
                cJSON_AddNumberToObject(co, "confidence", col->confidence);
                cJSON_AddItemToArray(cols, co);
            }
            cJSON_AddItemToArray(tables, t);
        }
    }
    if (s->type == AUDIT_SRC_TEXT) {
        cJSON *vals = cJSON_AddArrayToObject(o, "values");
        for (size_t h = 0; h < s->n_hits; h++) {
            cJSON *v = cJSON_CreateObject(), *lines = cJSON_CreateArray();
            cJSON_AddStringToObject(v, "category", s->hits[h].category);
            cJSON_AddNumberToObject(v, "count", (double)s->hits[h].count);
            for (size_t l = 0; l < s->hits[h].n_lines; l++)
                cJSON_AddItemToArray(lines, cJSON_CreateNumber((double)s->hits[h].lines[l]));
            cJSON_AddItemToObject(v, "lines", lines);
            cJSON_AddItemToArray(vals, v);
        }
    }
    if (s->type == AUDIT_SRC_DECLARATION)
        cJSON_AddItemToObject(o, "purpose", json_str_or_null(s->purpose));
    if (s->due)
        cJSON_AddItemToObject(o, "retention", json_due(s->due));
    cJSON_AddItemToObject(o, "findings", json_findings(s->findings, s->n_findings));
    return o;
}

bool audit_write_json(FILE *out, const audit_report *r, const comply_rules *rules)
{
    (void)rules;
    audit_totals t;
    audit_tally cols, vals;
    audit_totals_compute(r, &t);
    bool ok = audit_tally_of(r, true, &cols) && audit_tally_of(r, false, &vals);
    cJSON *doc = ok ? cJSON_CreateObject() : NULL;
    char *text = NULL;
    if (doc) {
        char today[16];
        cJSON_AddStringToObject(doc, "tool", "comply audit");
        cJSON_AddStringToObject(doc, "version", comply_version());
        cJSON_AddStringToObject(doc, "root", r->root);
        cJSON_AddItemToObject(doc, "name", json_str_or_null(r->name));
        cJSON_AddStringToObject(doc, "today", audit_date(r->today, today, sizeof today));
        cJSON_AddStringToObject(doc, "today_from", r->today_from_clock ? "clock" : "option");
        cJSON_AddItemToObject(doc, "summary", json_summary(r, &t, &cols, &vals));
        cJSON *sources = cJSON_AddArrayToObject(doc, "sources");
        for (size_t i = 0; i < r->n_sources; i++)
            cJSON_AddItemToArray(sources, json_source(&r->sources[i]));
        cJSON_AddItemToObject(doc, "gaps", json_findings(r->gaps, r->n_gaps));
        text = cJSON_Print(doc);
    }
    ok = text != NULL;
    if (ok) {
        fputs(text, out);
        fputc('\n', out);
    } else {
        cli_error("out of memory");
    }
    cJSON_free(text);
    cJSON_Delete(doc);
    audit_tally_free(&cols);
    audit_tally_free(&vals);
    return ok && !ferror(out);
}
