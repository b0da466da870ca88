/*
 * due.h - where each record of a CSV file or SQLite table stands under the
 * retention rules (the engine of `comply retention due`), for callers that
 * want the deadlines rather than the printed lines (`comply audit`).
 */
#ifndef COMPLY_CLI_DUE_H
#define COMPLY_CLI_DUE_H

#include <stddef.h>

#include "cli.h"

/* A source of records and how to read its dates. */
typedef struct cli_due_source {
    const char *input;           /* CSV path, or "sqlite:PATH" */
    const char *table;           /* SQLite: the table (required there) */
    const char *purpose;         /* purpose id, NULL for any */
    const char *category;        /* category key, NULL for any */
    const char *key;             /* a column that must exist (never printed), or NULL */
    const char *const *events;   /* n_events event names ... */
    const char *const *columns;  /* ... and the column of each */
    size_t n_events;
    char delimiter;              /* CSV; 0: detect */
    comply_date today;
} cli_due_source;

/* Called for each record: its 1-based row, its deadline, and why its stage
 * is unknown when a cell could not be read (NULL otherwise). */
typedef void (*cli_due_fn)(void *user, unsigned long row, const comply_deadline *d, const char *reason);

typedef struct cli_due_counts {
    unsigned long rows;
    unsigned long count[COMPLY_STAGE_UNKNOWN + 1]; /* by comply_stage */
    unsigned long problems;                        /* rows with an unreadable date */
} cli_due_counts;

/* Reads the source once, printing nothing on stdout; I/O and schema
 * problems (no such column, unknown purpose) go to stderr. CLI_EXIT_OK or
 * CLI_EXIT_USAGE. `counts` is filled in either case. */
int cli_due_collect(const comply_rules *rules, const cli_due_source *src, cli_due_fn fn, void *user,
                    cli_due_counts *counts);

#endif
