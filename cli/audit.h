/*
 * audit.h - `comply audit`: one pass over a company's data (tables, free
 * text, collection declarations, retention sources) and one report.
 *
 * The model holds no personal value: only counts, column names, category
 * keys, row and line numbers. Every string that comes from a data file
 * (column and table names, file names) is stored as valid UTF-8.
 */
#ifndef COMPLY_CLI_AUDIT_H
#define COMPLY_CLI_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "due.h"

#define AUDIT_KINDS 5          /* none, base, interaction, behavioural, attitudinal */
#define AUDIT_STAGES (COMPLY_STAGE_UNKNOWN + 1)
#define AUDIT_MAX_LINES 20     /* line or row numbers kept per text category or due source */
/* The official text of the GDPR on EUR-Lex (ELI of Regulation (EU) 2016/679). */
#define AUDIT_GDPR_URL "https://eur-lex.europa.eu/eli/reg/2016/679/oj"

typedef enum audit_source_type {
    AUDIT_SRC_CSV = 0,
    AUDIT_SRC_SQLITE,
    AUDIT_SRC_TEXT,
    AUDIT_SRC_DECLARATION,
    AUDIT_SRC_RETENTION
} audit_source_type;

typedef struct audit_column {
    char *name;       /* NULL: no header */
    char *category;   /* NULL: not personal or unclassified */
    comply_kind kind;
    bool special;     /* GDPR Art. 9 or Art. 10 */
    double confidence;
} audit_column;

typedef struct audit_table {
    char *name;       /* SQLite table, NULL for CSV */
    unsigned long rows;
    audit_column *cols;
    size_t n;
} audit_table;

/* Personal values of one category in a text file. */
typedef struct audit_hit {
    char *category;
    unsigned long count;
    unsigned long lines[AUDIT_MAX_LINES]; /* first lines, 1-based */
    size_t n_lines;
} audit_hit;

/* A finding: from a collection check, or from the audit itself. */
typedef struct audit_finding {
    char *code, *article, *message_en, *message_fr, *field, *category;
    comply_severity severity;
    bool gap;
    unsigned long line;
} audit_finding;

/* Records due in one month (timeline). */
typedef struct audit_month {
    int year, month;
    unsigned long archive, delete_due;
} audit_month;

/* A retention rule that decided for some records. */
typedef struct audit_rule_use {
    char *rule, *source;
    unsigned long count;
} audit_rule_use;

typedef struct audit_due {
    char *purpose, *category; /* NULL: any */
    unsigned long rows, problems;
    unsigned long count[AUDIT_STAGES];
    audit_month *months;
    size_t n_months;
    audit_rule_use *rules;
    size_t n_rules;
    unsigned long delete_rows[AUDIT_MAX_LINES]; /* first rows due for deletion */
    size_t n_delete_rows;
} audit_due;

typedef struct audit_source {
    audit_source_type type;
    char *path;           /* as named (display) */
    uint64_t bytes;
    unsigned long rows;   /* tables: data rows; text: lines */
    audit_table *tables;
    size_t n_tables;
    unsigned long csv_warnings; /* ragged rows, bad quotes, invalid UTF-8 */
    audit_hit *hits;
    size_t n_hits;
    char *purpose;        /* declaration: the purpose checked */
    audit_finding *findings;
    size_t n_findings;
    audit_due *due;
} audit_source;

typedef struct audit_report {
    comply_date today;
    bool today_from_clock;
    char *root;           /* the directory or manifest audited */
    char *name;           /* the manifest's "name", or NULL */
    audit_source *sources;
    size_t n_sources;
    audit_finding *gaps;  /* audit-wide gaps (no retention source...) */
    size_t n_gaps;
} audit_report;

/* Totals for the summary. */
typedef struct audit_totals {
    size_t sources, tables, columns, personal_columns, special_columns;
    uint64_t bytes;
    unsigned long rows, text_values;
    size_t by_kind[AUDIT_KINDS];
    size_t findings, by_severity[3], gaps, violations;
    unsigned long due[AUDIT_STAGES];
} audit_totals;

/* ---- model (audit_model.c) */
char *audit_strdup(const char *s);                  /* valid UTF-8 copy; NULL stays NULL */
audit_source *audit_add_source(audit_report *r, audit_source_type type, const char *path);
bool audit_add_finding(audit_finding **v, size_t *n, const char *code, comply_severity sev, bool gap,
                       const char *article, const char *en, const char *fr, const char *field,
                       const char *category, unsigned long line);
void audit_totals_compute(const audit_report *r, audit_totals *t);
/* The audit's own findings: special-category columns, values in text, records due. */
bool audit_derive_findings(audit_report *r, const comply_rules *rules);
/* 1 when a finding has severity error or a record is due for deletion. */
bool audit_fails(const audit_report *r);
void audit_report_free(audit_report *r);
const char *audit_kind_key(size_t kind);            /* "none", "base", ... */
const char *audit_stage_key(size_t stage);          /* "active", "archive", ... */
const char *audit_type_key(audit_source_type t);    /* "csv", "sqlite", ... */
const char *audit_category_label(const comply_rules *rules, const char *key, const char *lang);

/* ---- reading the sources (audit_read.c) */
typedef struct audit_progress audit_progress;
int audit_read_csv(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                   char delimiter, audit_progress *p);
int audit_read_sqlite(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                      audit_progress *p);
int audit_read_text(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                    audit_progress *p);
int audit_read_declaration(audit_report *r, const comply_rules *rules, const char *path, const char *display,
                           const char *purpose);
int audit_read_due(audit_report *r, const comply_rules *rules, const char *display, const cli_due_source *src,
                   audit_progress *p);

/* ---- writers (audit_text.c, audit_html.c); false on a write error */
bool audit_write_text(FILE *out, const audit_report *r, const comply_rules *rules, const char *lang);
bool audit_write_json(FILE *out, const audit_report *r, const comply_rules *rules);
bool audit_write_html(FILE *out, const audit_report *r, const comply_rules *rules, const char *lang);

/* ---- progress on stderr (audit_progress.c) */
audit_progress *audit_progress_new(uint64_t total_bytes, bool enabled);
void audit_progress_rows(audit_progress *p, unsigned long rows);
void audit_progress_bytes(audit_progress *p, uint64_t done); /* bytes done of the current source */
void audit_progress_source_done(audit_progress *p, uint64_t bytes);
void audit_progress_free(audit_progress *p); /* clears the line */

#endif
