/*
 * audit_read.c - reads each source of an audit into the report: tables
 * (tables.c), free text (the streaming scanner), collection declarations
 * (comply_check_collection_json) and retention sources (due.h). Only
 * counts, names and positions are kept, never a value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "tables.h"

static uint64_t audit_file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

static int audit_oom(void)
{
    cli_error("out of memory");
    return CLI_EXIT_USAGE;
}

/* ---------------------------------------------------------------- tables */

typedef struct table_job {
    audit_source *src;
    audit_progress *progress;
    unsigned long rows;
} table_job;

static void table_on_row(void *user)
{
    table_job *j = user;
    audit_progress_rows(j->progress, ++j->rows);
}

static int table_keep(void *user, const comply_rules *rules, const cli_table *t)
{
    (void)rules;
    table_job *j = user;
    audit_source *s = j->src;
    audit_table *tables = realloc(s->tables, (s->n_tables + 1) * sizeof *tables);
    if (!tables)
        return audit_oom();
    s->tables = tables;
    audit_table *tb = &tables[s->n_tables++];
    memset(tb, 0, sizeof *tb);
    tb->rows = t->rows;
    s->rows += t->rows;
    if ((t->table && !(tb->name = audit_strdup(t->table))) ||
        !(tb->cols = calloc(t->n ? t->n : 1, sizeof *tb->cols)))
        return audit_oom();
    for (size_t i = 0; i < t->n; i++) {
        const cli_column_result *res = &t->results[i];
        audit_column *c = &tb->cols[tb->n++];
        c->kind = res->kind;
        c->special = res->special;
        c->confidence = res->category ? cli_round_confidence(res->out.confidence) : 0;
        if ((t->names[i] && !(c->name = audit_strdup(t->names[i]))) ||
            (res->category && !(c->category = audit_strdup(res->category))))
            return audit_oom();
    }
    return CLI_EXIT_OK;
}

static void table_options(cli_tables_options *o, table_job *j, cli_csv_warnings *w)
{
    memset(o, 0, sizeof *o);
    o->sample = CLI_TABLES_DEFAULT_SAMPLE;
    o->on_row = table_on_row;
    o->row_user = j;
    o->warnings = w;
}

int audit_read_csv(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                   char delimiter, audit_progress *p)
{
    audit_source *s = audit_add_source(r, AUDIT_SRC_CSV, display);
    if (!s)
        return audit_oom();
    s->bytes = audit_file_size(path);
    table_job j = { s, p, 0 };
    cli_csv_warnings w;
    memset(&w, 0, sizeof w);
    cli_tables_options o;
    table_options(&o, &j, &w);
    o.delimiter = delimiter;
    int rc = cli_tables_csv(rules, path, &o, table_keep, &j);
    for (int k = 0; k < CLI_CSV_WARN_KINDS_; k++)
        s->csv_warnings += w.count[k];
    audit_progress_source_done(p, s->bytes);
    return rc;
}

int audit_read_sqlite(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                      audit_progress *p)
{
    audit_source *s = audit_add_source(r, AUDIT_SRC_SQLITE, display);
    if (!s)
        return audit_oom();
    s->bytes = audit_file_size(path);
    table_job j = { s, p, 0 };
    cli_tables_options o;
    table_options(&o, &j, NULL);
    int rc = cli_tables_sqlite(rules, path, &o, table_keep, &j);
    audit_progress_source_done(p, s->bytes);
    return rc;
}

/* ------------------------------------------------------------------ text */

typedef struct text_job {
    audit_source *src;
    audit_progress *progress;
    cli_tail tail;
    size_t counted;      /* stream offset up to which lines are counted */
    unsigned long line;  /* line of `counted` */
    char last;           /* the last byte counted */
    bool oom;
} text_job;

static void text_count_to(text_job *j, size_t to)
{
    const char *p = j->tail.buf;
    for (size_t k = j->counted; k < to; k++) {
        j->last = p[k - j->tail.base];
        j->line += j->last == '\n';
    }
    j->counted = to;
}

static int text_on_span(const comply_span *sp, void *user)
{
    text_job *j = user;
    audit_source *s = j->src;
    text_count_to(j, sp->start);
    audit_hit *h = NULL;
    for (size_t i = 0; i < s->n_hits && !h; i++)
        if (strcmp(s->hits[i].category, sp->category) == 0)
            h = &s->hits[i];
    if (!h) {
        audit_hit *hits = realloc(s->hits, (s->n_hits + 1) * sizeof *hits);
        if (!hits)
            goto oom;
        s->hits = hits;
        h = &hits[s->n_hits];
        memset(h, 0, sizeof *h);
        if (!(h->category = audit_strdup(sp->category)))
            goto oom;
        s->n_hits++;
    }
    h->count++;
    if (h->n_lines < AUDIT_MAX_LINES && (h->n_lines == 0 || h->lines[h->n_lines - 1] != j->line))
        h->lines[h->n_lines++] = j->line;
    return 0;
oom:
    j->oom = true;
    return 1;
}

static void text_on_settled(void *user, size_t offset)
{
    text_job *j = user;
    text_count_to(j, offset);
    cli_tail_drop(&j->tail, offset);
    audit_progress_bytes(j->progress, offset);
}

int audit_read_text(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                    audit_progress *p)
{
    audit_source *s = audit_add_source(r, AUDIT_SRC_TEXT, display);
    if (!s)
        return audit_oom();
    s->bytes = audit_file_size(path);
    text_job j;
    memset(&j, 0, sizeof j);
    j.src = s;
    j.progress = p;
    j.line = 1;
    comply_scan_options o = COMPLY_SCAN_OPTIONS_INIT;
    comply_scanner *scanner = NULL;
    comply_error err;
    if (comply_scanner_new(&scanner, rules, &o, text_on_span, &j, &err) != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        return CLI_EXIT_USAGE;
    }
    int rc = cli_scan_file(path, scanner, &j.tail, text_on_settled, &j);
    comply_scanner_free(scanner);
    cli_tail_free(&j.tail);
    if (j.oom)
        return audit_oom();
    /* Lines: the newlines, plus a last line without one. */
    s->rows = j.counted == 0 ? 0 : j.line - (j.last == '\n');
    audit_progress_source_done(p, s->bytes);
    return rc;
}

/* ---------------------------------------------------------- declarations */

int audit_read_declaration(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                           const char *purpose)
{
    char *text = NULL;
    size_t len = 0;
    if (!cli_read_file(path, &text, &len))
        return CLI_EXIT_USAGE;
    audit_source *s = audit_add_source(r, AUDIT_SRC_DECLARATION, display);
    if (!s) {
        free(text);
        return audit_oom();
    }
    s->bytes = len;
    comply_report *rep = NULL;
    comply_error err;
    comply_status st = comply_check_collection_json(rules, text, len, s->path, purpose, &rep, &err);
    free(text);
    if (st != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        return CLI_EXIT_USAGE;
    }
    int rc = CLI_EXIT_OK;
    if (comply_report_purpose(rep) && !(s->purpose = audit_strdup(comply_report_purpose(rep))))
        rc = audit_oom();
    for (size_t i = 0; i < comply_report_count(rep) && rc == CLI_EXIT_OK; i++) {
        const comply_finding *f = comply_report_get(rep, i);
        if (!audit_add_finding(&s->findings, &s->n_findings, f->code, f->severity, f->gap != 0, f->article,
                               f->message_en, f->message_fr, f->field, f->category, f->line))
            rc = audit_oom();
    }
    comply_report_free(rep);
    return rc;
}

/* ------------------------------------------------------------- retention */

typedef struct due_collect {
    audit_due *due;
    audit_progress *progress;
    bool oom;
} due_collect;

static void due_month_add(due_collect *c, comply_date when, comply_stage stage)
{
    audit_due *d = c->due;
    audit_month *m = NULL;
    size_t at = 0;
    for (; at < d->n_months; at++) {
        audit_month *x = &d->months[at];
        if (x->year == when.year && x->month == when.month) {
            m = x;
            break;
        }
        if (x->year > when.year || (x->year == when.year && x->month > when.month))
            break;
    }
    if (!m) {
        audit_month *v = realloc(d->months, (d->n_months + 1) * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        d->months = v;
        memmove(&v[at + 1], &v[at], (d->n_months - at) * sizeof *v);
        d->n_months++;
        m = &v[at];
        memset(m, 0, sizeof *m);
        m->year = when.year;
        m->month = when.month;
    }
    if (stage == COMPLY_STAGE_DELETE_DUE)
        m->delete_due++;
    else
        m->archive++;
}

static void due_rule_add(due_collect *c, const comply_deadline *dl)
{
    audit_due *d = c->due;
    for (size_t i = 0; i < d->n_rules; i++)
        if (strcmp(d->rules[i].rule, dl->rule) == 0) {
            d->rules[i].count++;
            return;
        }
    audit_rule_use *v = realloc(d->rules, (d->n_rules + 1) * sizeof *v);
    if (!v) {
        c->oom = true;
        return;
    }
    d->rules = v;
    audit_rule_use *u = &v[d->n_rules++];
    u->count = 1;
    u->rule = audit_strdup(dl->rule);
    u->source = audit_strdup(dl->source);
    if (!u->rule || (dl->source && !u->source))
        c->oom = true;
}

static void due_on_record(void *user, unsigned long row, const comply_deadline *dl, const char *reason)
{
    (void)reason;
    due_collect *c = user;
    audit_progress_rows(c->progress, row);
    if (c->oom)
        return;
    if (dl->rule)
        due_rule_add(c, dl);
    /* The timeline: when the next action falls due, past or coming. */
    if ((dl->stage == COMPLY_STAGE_ARCHIVE || dl->stage == COMPLY_STAGE_DELETE_DUE || dl->stage == COMPLY_STAGE_ACTIVE) &&
        dl->next_date.year) {
        bool deletes = dl->next_action && strcmp(dl->next_action, "archive") != 0;
        due_month_add(c, dl->next_date, deletes ? COMPLY_STAGE_DELETE_DUE : COMPLY_STAGE_ARCHIVE);
    }
    if (dl->stage == COMPLY_STAGE_DELETE_DUE && c->due->n_delete_rows < AUDIT_MAX_LINES)
        c->due->delete_rows[c->due->n_delete_rows++] = row;
}

int audit_read_due(audit_report *r, const comply_rules *rules, const char *display, const cli_due_source *src,
                   audit_progress *p)
{
    audit_source *s = audit_add_source(r, AUDIT_SRC_RETENTION, display);
    if (!s || !(s->due = calloc(1, sizeof *s->due)))
        return audit_oom();
    const char *file = strncmp(src->input, "sqlite:", 7) == 0 ? src->input + 7 : src->input;
    s->bytes = audit_file_size(file);
    if ((src->purpose && !(s->due->purpose = audit_strdup(src->purpose))) ||
        (src->category && !(s->due->category = audit_strdup(src->category))))
        return audit_oom();
    due_collect c = { s->due, p, false };
    cli_due_counts counts;
    int rc = cli_due_collect(rules, src, due_on_record, &c, &counts);
    if (c.oom)
        return audit_oom();
    s->due->rows = s->rows = counts.rows;
    s->due->problems = counts.problems;
    memcpy(s->due->count, counts.count, sizeof s->due->count);
    audit_progress_source_done(p, s->bytes);
    return rc;
}
