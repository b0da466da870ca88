/*
 * tables.h - the columns of a CSV file or of the tables of a SQLite
 * database, classified from their names and a sample of their values
 * (comply_classify_column). Shared by `comply columns` and `comply audit`.
 */
#ifndef COMPLY_CLI_TABLES_H
#define COMPLY_CLI_TABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "csv.h"

#include <sqlite3.h>

/* "name" with inner quotes doubled, as SQL wants identifiers; owned (free). */
char *cli_sql_quote(const char *name);
/* Prints SQLite's message about `path` and returns CLI_EXIT_USAGE. */
int cli_sqlite_fail(sqlite3 *db, const char *path);

#define CLI_TABLES_DEFAULT_SAMPLE 1000
#define CLI_TABLES_MAX_SAMPLE 10000000

/* What one column turned out to be. */
typedef struct cli_column_result {
    comply_class out;
    comply_column_evidence ev;
    const char *category; /* out.category, or NULL under the minimum confidence */
    comply_kind kind;
    bool special;         /* GDPR Art. 9 or Art. 10 */
} cli_column_result;

/* One classified table: a CSV file or one SQLite table. */
typedef struct cli_table {
    const char *table;       /* SQLite table name; NULL for CSV */
    size_t index;            /* 0-based rank among the tables of the source */
    unsigned long rows;      /* data rows: of the CSV file, or of the SQLite table */
    size_t n;                /* columns */
    const char *const *names;          /* n names; an entry is NULL for CSV without header */
    const cli_column_result *results;  /* n results */
} cli_table;

/* Called with each classified table; a non-zero return (an exit code) stops. */
typedef int (*cli_table_fn)(void *user, const comply_rules *rules, const cli_table *table);

typedef struct cli_tables_options {
    size_t sample;          /* values kept per column (reservoir size) */
    char delimiter;         /* CSV; 0: detect */
    bool no_header;         /* CSV */
    double min_confidence;
    const char *const *tables; /* SQLite: the tables to read, or all when n_tables is 0 */
    size_t n_tables;
    /* Optional: called after each CSV record or SQLite value row read. */
    void (*on_row)(void *user);
    void *row_user;
    /* Optional: receives the CSV warning counts (source set by the reader). */
    cli_csv_warnings *warnings;
} cli_tables_options;

/* Classifies the columns of a CSV file ("-": stdin) in one streamed pass
 * and calls fn once. Prints problems; CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_tables_csv(const comply_rules *rules, const char *path, const cli_tables_options *opts, cli_table_fn fn,
                   void *user);
/* Classifies the columns of the tables of a SQLite database, opened
 * read-only, and calls fn once per table. */
int cli_tables_sqlite(const comply_rules *rules, const char *path, const cli_tables_options *opts, cli_table_fn fn,
                      void *user);

#endif
