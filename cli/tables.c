/*
 * tables.c - classifies the columns of a CSV file or of the tables of a
 * SQLite database from their names and a sample of their values
 * (comply_classify_column).
 *
 * A CSV file is streamed in constant memory: each column keeps its first
 * `sample` non-empty values, then a uniform sample of all of them
 * (reservoir sampling, Vitter's Algorithm R, with a fixed-seed generator so
 * the output does not change from run to run). The values of a column live
 * in one growable arena, wiped before it is freed. A SQLite table gives the
 * first `sample` rows of each column.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "tables.h"

#define COLUMNS_MAX_NAME 1024
/* Longer values never match a detector (COMPLY_MAX_VALUE_BYTES): keeping one
 * byte more says so without keeping the rest. */
#define COLUMNS_MAX_VALUE (COMPLY_MAX_VALUE_BYTES + 1)
#define COLUMNS_SEED UINT64_C(0x636f6d706c79) /* "comply" */

/* ------------------------------------------------------------- sampling */

typedef struct column_slot {
    size_t off, len; /* in the column's arena */
} column_slot;

typedef struct column {
    char *name;               /* NUL-terminated; NULL when the input has no names */
    char *arena;              /* the kept values, back to back */
    size_t arena_len, arena_cap;
    size_t live;              /* bytes of the arena that slots still point at */
    column_slot *slots;
    size_t n, slots_cap;      /* values kept */
    uint64_t seen;            /* non-empty values seen */
    uint64_t empty;           /* empty values seen */
} column;

typedef struct column_set {
    column *cols;
    size_t n, cap;
    size_t sample;  /* reservoir size */
    uint64_t rng;   /* splitmix64 state */
} column_set;

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, fine for sampling. */
static uint64_t columns_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* strdup is POSIX, not C11. */
static char *columns_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void column_free(column *c)
{
    free(c->name);
    cli_wipe(c->arena, c->arena_len);
    free(c->arena);
    free(c->slots);
    memset(c, 0, sizeof *c);
}

static void column_set_free(column_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        column_free(&s->cols[i]);
    free(s->cols);
    memset(s, 0, sizeof *s);
}

/* Appends a column; false when out of memory. */
static bool column_set_add(column_set *s, const char *name, size_t len)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        column *cols = cap > SIZE_MAX / sizeof *cols ? NULL : realloc(s->cols, cap * sizeof *cols);
        if (!cols)
            return false;
        s->cols = cols;
        s->cap = cap;
    }
    column *c = &s->cols[s->n];
    memset(c, 0, sizeof *c);
    if (name) {
        if (len > COLUMNS_MAX_NAME)
            len = COLUMNS_MAX_NAME;
        if (!(c->name = malloc(len + 1)))
            return false;
        memcpy(c->name, name, len);
        c->name[len] = '\0'; /* an inner NUL ends the name early, which is fine */
    }
    s->n++;
    return true;
}

/* Copies the live values into a fresh arena once replaced ones dominate. */
static bool column_compact(column *c)
{
    size_t cap = c->live * 2 + 4096;
    char *arena = malloc(cap);
    if (!arena)
        return false;
    size_t len = 0;
    for (size_t i = 0; i < c->n; i++) {
        memcpy(arena + len, c->arena + c->slots[i].off, c->slots[i].len);
        c->slots[i].off = len;
        len += c->slots[i].len;
    }
    cli_wipe(c->arena, c->arena_len);
    free(c->arena);
    c->arena = arena;
    c->arena_len = len;
    c->arena_cap = cap;
    return true;
}

/* Copies a value into the arena; its offset in *off. */
static bool column_keep(column *c, const char *s, size_t len, size_t *off)
{
    if (len > c->arena_cap - c->arena_len) {
        size_t cap = c->arena_cap ? c->arena_cap : 4096;
        while (cap - c->arena_len < len) {
            if (cap > SIZE_MAX / 2)
                return false;
            cap *= 2;
        }
        /* realloc cannot wipe the old block: move by hand. */
        char *arena = malloc(cap);
        if (!arena)
            return false;
        if (c->arena_len)
            memcpy(arena, c->arena, c->arena_len);
        cli_wipe(c->arena, c->arena_len);
        free(c->arena);
        c->arena = arena;
        c->arena_cap = cap;
    }
    memcpy(c->arena + c->arena_len, s, len);
    *off = c->arena_len;
    c->arena_len += len;
    c->live += len;
    return true;
}

/* Offers one value of column c to its sample; false when out of memory. */
static bool column_offer(column_set *s, column *c, const char *v, size_t len)
{
    if (len == 0) {
        c->empty++;
        return true;
    }
    if (len > COLUMNS_MAX_VALUE)
        len = COLUMNS_MAX_VALUE;
    c->seen++;
    size_t off;
    if (c->n < s->sample) {
        if (c->n == c->slots_cap) {
            size_t cap = c->slots_cap ? c->slots_cap * 2 : 64;
            if (cap > s->sample)
                cap = s->sample;
            column_slot *slots = realloc(c->slots, cap * sizeof *slots);
            if (!slots)
                return false;
            c->slots = slots;
            c->slots_cap = cap;
        }
        if (!column_keep(c, v, len, &off))
            return false;
        c->slots[c->n].off = off;
        c->slots[c->n].len = len;
        c->n++;
        return true;
    }
    /* Algorithm R: the seen-th value replaces a uniformly drawn slot with
     * probability sample/seen. j = floor(r * seen / 2^32) for a 32-bit r
     * (Lemire's multiply-shift: no division on every field); beyond 2^32
     * values, j = floor(u * seen) for u uniform in [0, 1) with 53 bits. */
    uint64_t r = columns_random(&s->rng), j;
    if (c->seen <= UINT64_C(0xFFFFFFFF))
        j = ((r >> 32) * c->seen) >> 32;
    else
        j = (uint64_t)((double)(r >> 11) * 0x1p-53 * (double)c->seen);
    if (j >= s->sample)
        return true;
    column_slot *slot = &c->slots[j];
    c->live -= slot->len;
    if (!column_keep(c, v, len, &off))
        return false;
    slot->off = off;
    slot->len = len;
    if (c->arena_len - c->live > c->live + 65536)
        return column_compact(c);
    return true;
}

/* -------------------------------------------------------- classification */

/* Empty values given to the classifier after the sample of a column: as
 * many as there were, while the sample is not full. The classifier counts
 * them apart ("empty") and can tell an empty column from a nameless one. */
static size_t column_empties(const column *c, size_t sample)
{
    size_t room = sample - c->n;
    return c->empty < room ? (size_t)c->empty : room;
}

/* Classifies every column of s into results[0, s->n). */
static int tables_classify(const comply_rules *rules, const cli_tables_options *a, const column_set *s,
                            cli_column_result *results)
{
    const char **values = NULL;
    size_t *lens = NULL;
    size_t most = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->cols[i].n + column_empties(&s->cols[i], s->sample) > most)
            most = s->cols[i].n + column_empties(&s->cols[i], s->sample);
    if (most) {
        values = malloc(most * sizeof *values);
        lens = malloc(most * sizeof *lens);
        if (!values || !lens) {
            free(values);
            free(lens);
            cli_error("out of memory");
            return CLI_EXIT_USAGE;
        }
    }
    int rc = CLI_EXIT_OK;
    for (size_t i = 0; i < s->n; i++) {
        const column *c = &s->cols[i];
        cli_column_result *r = &results[i];
        size_t n = c->n;
        for (size_t k = 0; k < c->n; k++) {
            values[k] = c->arena + c->slots[k].off;
            lens[k] = c->slots[k].len;
        }
        for (size_t k = column_empties(c, s->sample); k > 0; k--) {
            values[n] = "";
            lens[n++] = 0;
        }
        comply_error err;
        if (comply_classify_column(rules, c->name, n ? values : NULL, n ? lens : NULL, n, &r->out, &r->ev, &err) !=
            COMPLY_OK) {
            cli_print_problem(stderr, &err);
            rc = CLI_EXIT_USAGE;
            break;
        }
        r->category = NULL;
        r->kind = COMPLY_KIND_NONE;
        r->special = false;
        if (r->out.category && r->out.confidence > 0 && r->out.confidence >= a->min_confidence) {
            r->category = r->out.category;
            const comply_category *cat = comply_category_find(rules, r->category);
            if (cat) {
                r->kind = comply_category_kind(cat);
                r->special = comply_category_regime(cat) != COMPLY_REGIME_NONE;
            }
        }
    }
    free(values);
    free(lens);
    return rc;
}

/* ------------------------------------------------------------------- CSV */

typedef struct csv_job {
    column_set set;
    cli_csv_warnings warn;
    bool header;       /* the first record holds the names */
    bool first_done;   /* the first record has been read */
    unsigned long rows; /* data records */
    const cli_tables_options *opts;
    bool oom;
} csv_job;

static int csv_on_field(void *user, size_t index, const char *s, size_t len)
{
    csv_job *j = user;
    column_set *set = &j->set;
    if (j->first_done) {
        /* The hot path: extra fields of ragged rows are dropped. */
        if (index < set->n && !column_offer(set, &set->cols[index], s, len))
            goto oom;
        return 0;
    }
    if (!column_set_add(set, j->header ? s : NULL, len))
        goto oom;
    if (!j->header && !column_offer(set, &set->cols[index], s, len))
        goto oom;
    return 0;
oom:
    j->oom = true;
    cli_error("%s: out of memory", j->warn.source);
    return 1;
}

static int csv_on_record(void *user, size_t n_fields, unsigned long line)
{
    csv_job *j = user;
    if (j->opts->on_row && (j->first_done || !j->header))
        j->opts->on_row(j->opts->row_user);
    if (!j->first_done) {
        j->first_done = true;
        if (!j->header)
            j->rows++;
        return 0;
    }
    j->rows++;
    if (n_fields != j->set.n)
        cli_csv_warn(&j->warn, CLI_CSV_WARN_FIELDS, line, "row has %zu field%s, %s has %zu", n_fields,
                     n_fields == 1 ? "" : "s", j->header ? "header" : "first row", j->set.n);
    return 0;
}

/* Classifies a set and hands it over as a cli_table. */
static int tables_report(const comply_rules *rules, const cli_tables_options *a, const char *table, size_t index,
                         unsigned long rows, const column_set *s, cli_table_fn fn, void *user)
{
    cli_column_result *results = calloc(s->n ? s->n : 1, sizeof *results);
    const char **names = calloc(s->n ? s->n : 1, sizeof *names);
    if (!results || !names) {
        free(results);
        free(names);
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < s->n; i++)
        names[i] = s->cols[i].name;
    int rc = tables_classify(rules, a, s, results);
    if (rc == CLI_EXIT_OK) {
        cli_table t = { table, index, rows, s->n, names, results };
        rc = fn(user, rules, &t);
    }
    free(results);
    free(names);
    return rc;
}

int cli_tables_csv(const comply_rules *rules, const char *path, const cli_tables_options *a, cli_table_fn fn,
                   void *user)
{
    csv_job j;
    memset(&j, 0, sizeof j);
    j.set.sample = a->sample;
    j.set.rng = COLUMNS_SEED;
    j.header = !a->no_header;
    j.opts = a;
    j.warn.source = cli_source_name(path);
    cli_csv_callbacks cb = { csv_on_field, csv_on_record, &j };
    int rc = cli_csv_read_file(path, a->delimiter, &cb, &j.warn);
    if (rc == CLI_EXIT_OK) {
        if (!j.first_done)
            cli_csv_warn(&j.warn, CLI_CSV_WARN_FIELDS, 0, "no columns: the file is empty");
        cli_csv_warn_summary(&j.warn);
        rc = tables_report(rules, a, NULL, 0, j.rows, &j.set, fn, user);
    }
    if (a->warnings)
        *a->warnings = j.warn;
    column_set_free(&j.set);
    return rc;
}

/* ---------------------------------------------------------------- SQLite */

char *cli_sql_quote(const char *name)
{
    size_t n = strlen(name), quotes = 0;
    for (size_t i = 0; i < n; i++)
        quotes += name[i] == '"';
    if (n > (SIZE_MAX - 3) / 2)
        return NULL;
    char *q = malloc(n + quotes + 3);
    if (!q)
        return NULL;
    char *p = q;
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '"')
            *p++ = '"';
        *p++ = name[i];
    }
    *p++ = '"';
    *p = '\0';
    return q;
}

int cli_sqlite_fail(sqlite3 *db, const char *path)
{
    cli_error("%s: %s", path, sqlite3_errmsg(db));
    return CLI_EXIT_USAGE;
}

typedef struct name_list {
    char **v;
    size_t n, cap;
} name_list;

static bool name_list_add(name_list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = columns_strdup(s)))
        return false;
    l->n++;
    return true;
}

static void name_list_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* The tables to read: those named (as the schema spells them), else all. */
static int sqlite_tables(sqlite3 *db, const char *path, const cli_tables_options *a, name_list *out)
{
    sqlite3_stmt *st = NULL;
    const char *sql = a->n_tables
        ? "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1 COLLATE NOCASE"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
          "ORDER BY rowid";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return cli_sqlite_fail(db, path);
    int rc = CLI_EXIT_OK;
    size_t rounds = a->n_tables ? a->n_tables : 1;
    for (size_t t = 0; t < rounds && rc == CLI_EXIT_OK; t++) {
        if (a->n_tables) {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, a->tables[t], -1, SQLITE_STATIC);
        }
        int step;
        bool found = false;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            found = true;
            if (name && !name_list_add(out, name)) {
                cli_error("out of memory");
                rc = CLI_EXIT_USAGE;
                break;
            }
            if (a->n_tables)
                break;
        }
        if (rc != CLI_EXIT_OK)
            break;
        if (step != SQLITE_ROW && step != SQLITE_DONE) {
            rc = cli_sqlite_fail(db, path);
        } else if (a->n_tables && !found) {
            cli_error("%s: no table %s", path, a->tables[t]);
            rc = CLI_EXIT_USAGE;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Reads the columns of one table and up to a->sample values of each. */
static int sqlite_read_table(sqlite3 *db, const char *path, const char *table, column_set *set,
                             const cli_tables_options *a, unsigned long *rows)
{
    sqlite3_stmt *st = NULL;
    int rc = CLI_EXIT_OK;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &st, NULL) != SQLITE_OK)
        return cli_sqlite_fail(db, path);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!column_set_add(set, name ? name : "", name ? strlen(name) : 0)) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
            break;
        }
    }
    if (rc == CLI_EXIT_OK && step != SQLITE_DONE)
        rc = cli_sqlite_fail(db, path);
    sqlite3_finalize(st);
    char *qtable = rc == CLI_EXIT_OK ? cli_sql_quote(table) : NULL;
    if (rc == CLI_EXIT_OK && !qtable) {
        cli_error("out of memory");
        rc = CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < set->n && rc == CLI_EXIT_OK; i++) {
        column *c = &set->cols[i];
        char *qcol = cli_sql_quote(c->name);
        char *sql = NULL;
        if (qcol) {
            size_t n = strlen(qcol) + strlen(qtable) + 64;
            if ((sql = malloc(n)) != NULL)
                snprintf(sql, n, "SELECT %s FROM %s LIMIT %zu", qcol, qtable, set->sample);
        }
        free(qcol);
        if (!sql) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
            break;
        }
        st = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
            rc = cli_sqlite_fail(db, path);
        } else {
            unsigned long read = 0;
            while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                const char *v = (const char *)sqlite3_column_text(st, 0);
                if (++read > *rows) {
                    *rows = read;
                    if (a->on_row)
                        a->on_row(a->row_user);
                }
                size_t len = v ? (size_t)sqlite3_column_bytes(st, 0) : 0; /* NULL: empty */
                if (!column_offer(set, c, v, len)) {
                    cli_error("out of memory");
                    rc = CLI_EXIT_USAGE;
                    break;
                }
            }
            if (rc == CLI_EXIT_OK && step != SQLITE_DONE)
                rc = cli_sqlite_fail(db, path);
        }
        sqlite3_finalize(st);
        free(sql);
    }
    free(qtable);
    return rc;
}

/* The number of rows of a table (the sample reads at most `sample`). */
static int sqlite_count_rows(sqlite3 *db, const char *path, const char *table, unsigned long *rows)
{
    char *q = cli_sql_quote(table);
    size_t n = q ? strlen(q) + 32 : 0;
    char *sql = q ? malloc(n) : NULL;
    if (!sql) {
        free(q);
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    snprintf(sql, n, "SELECT count(*) FROM %s", q);
    free(q);
    sqlite3_stmt *st = NULL;
    int rc = CLI_EXIT_OK;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        rc = cli_sqlite_fail(db, path);
    else
        *rows = (unsigned long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    free(sql);
    return rc;
}

int cli_tables_sqlite(const comply_rules *rules, const char *path, const cli_tables_options *a, cli_table_fn fn,
                      void *user)
{
    sqlite3 *db = NULL;
    name_list tables = { NULL, 0, 0 };
    int rc;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        cli_error("%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open the database");
        sqlite3_close(db);
        return CLI_EXIT_USAGE;
    }
    rc = sqlite_tables(db, path, a, &tables);
    for (size_t t = 0; t < tables.n && rc == CLI_EXIT_OK; t++) {
        column_set set;
        memset(&set, 0, sizeof set);
        set.sample = a->sample;
        set.rng = COLUMNS_SEED;
        unsigned long rows = 0;
        rc = sqlite_read_table(db, path, tables.v[t], &set, a, &rows);
        if (rc == CLI_EXIT_OK)
            rc = sqlite_count_rows(db, path, tables.v[t], &rows);
        if (rc == CLI_EXIT_OK)
            rc = tables_report(rules, a, tables.v[t], t, rows, &set, fn, user);
        column_set_free(&set);
    }
    name_list_free(&tables);
    sqlite3_close(db);
    return rc;
}
