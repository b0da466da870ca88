/*
 * cmd_columns.c - `comply columns`: which columns of a CSV file or of the
 * tables of a SQLite database hold personal data, from their names and a
 * sample of their values (comply_classify_column).
 *
 * A CSV file is streamed in constant memory: each column keeps its first
 * --sample non-empty values, then a uniform sample of all of them
 * (reservoir sampling, Vitter's Algorithm R, with a fixed-seed generator so
 * the output does not change from run to run). The values of a column live
 * in one growable arena, wiped before it is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sqlite3.h>

#include "cli.h"
#include "csv.h"

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

#define COLUMNS_DEFAULT_SAMPLE 1000
#define COLUMNS_MAX_SAMPLE 10000000
#define COLUMNS_MAX_NAME 1024
/* Longer values never match a detector (COMPLY_MAX_VALUE_BYTES): keeping one
 * byte more says so without keeping the rest. */
#define COLUMNS_MAX_VALUE (COMPLY_MAX_VALUE_BYTES + 1)
#define COLUMNS_SEED UINT64_C(0x636f6d706c79) /* "comply" */

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

typedef struct column_result {
    comply_class out;
    comply_column_evidence ev;
    const char *category; /* out.category, or NULL under --min-confidence */
    comply_kind kind;
    bool special;
} column_result;

/* Empty values given to the classifier after the sample of a column: as
 * many as there were, while the sample is not full. The classifier counts
 * them apart ("empty") and can tell an empty column from a nameless one. */
static size_t column_empties(const column *c, size_t sample)
{
    size_t room = sample - c->n;
    return c->empty < room ? (size_t)c->empty : room;
}

/* Classifies every column of s into results[0, s->n). */
static int columns_classify(const comply_rules *rules, const columns_args *a, const column_set *s,
                            column_result *results)
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
        column_result *r = &results[i];
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
static int columns_print_json(const char *table, const column_set *s, const column_result *results)
{
    for (size_t i = 0; i < s->n; i++) {
        const column_result *r = &results[i];
        cJSON *o = cJSON_CreateObject();
        cJSON *name = columns_json_class(&r->ev.name);
        cJSON *values = columns_json_class(&r->ev.values);
        char *text = s->cols[i].name ? cli_valid_utf8(s->cols[i].name, strlen(s->cols[i].name)) : NULL;
        char *line = NULL;
        if (!o || !name || !values || (s->cols[i].name && !text))
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

static int columns_group(const column_result *r)
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
static void columns_note(const column_result *r, char *buf, size_t size)
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
static char *columns_display_name(const column *c, size_t index)
{
    if (!c->name) {
        char buf[32];
        snprintf(buf, sizeof buf, "column %zu", index + 1);
        return columns_strdup(buf);
    }
    char *s = cli_valid_utf8(c->name, strlen(c->name));
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

static int columns_print_text(const comply_rules *rules, const char *title, const column_set *s,
                              const column_result *results)
{
    char **names = calloc(s->n ? s->n : 1, sizeof *names);
    if (!names) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    size_t wname = 6, wcat = 8, wlabel = 5;
    for (size_t i = 0; i < s->n; i++) {
        if (!(names[i] = columns_display_name(&s->cols[i], i))) {
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
            const column_result *r = &results[i];
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

/* Classifies and prints one set of columns. */
static int columns_report(const comply_rules *rules, const columns_args *a, const char *table, const char *title,
                          const column_set *s)
{
    column_result *results = calloc(s->n ? s->n : 1, sizeof *results);
    if (!results) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    int rc = columns_classify(rules, a, s, results);
    if (rc == CLI_EXIT_OK)
        rc = a->json ? columns_print_json(table, s, results) : columns_print_text(rules, title, s, results);
    free(results);
    return rc;
}

/* ------------------------------------------------------------------- CSV */

typedef struct csv_job {
    column_set set;
    cli_csv_warnings warn;
    bool header;       /* the first record holds the names */
    bool first_done;   /* the first record has been read */
    unsigned long rows; /* data records */
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

static int columns_csv(const comply_rules *rules, const columns_args *a)
{
    csv_job j;
    memset(&j, 0, sizeof j);
    j.set.sample = a->sample;
    j.set.rng = COLUMNS_SEED;
    j.header = !a->no_header;
    j.warn.source = cli_source_name(a->input);
    cli_csv_callbacks cb = { csv_on_field, csv_on_record, &j };
    int rc = cli_csv_read_file(a->input, a->delimiter, &cb, &j.warn);
    if (rc == CLI_EXIT_OK) {
        if (!j.first_done)
            cli_csv_warn(&j.warn, CLI_CSV_WARN_FIELDS, 0, "no columns: the file is empty");
        cli_csv_warn_summary(&j.warn);
        char title[512];
        snprintf(title, sizeof title, "%s: %zu column%s, %lu row%s", j.warn.source, j.set.n,
                 j.set.n == 1 ? "" : "s", j.rows, j.rows == 1 ? "" : "s");
        rc = columns_report(rules, a, NULL, title, &j.set);
    }
    column_set_free(&j.set);
    return rc;
}

/* ---------------------------------------------------------------- SQLite */

/* "name" with inner quotes doubled, as SQL wants identifiers. Owned. */
static char *sqlite_quote(const char *name)
{
    size_t n = strlen(name), quotes = 0;
    for (size_t i = 0; i < n; i++)
        quotes += name[i] == '"';
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

static int sqlite_fail(sqlite3 *db, const char *path)
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
static int sqlite_tables(sqlite3 *db, const char *path, const columns_args *a, name_list *out)
{
    sqlite3_stmt *st = NULL;
    const char *sql = a->n_tables
        ? "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?1 COLLATE NOCASE"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
          "ORDER BY rowid";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(db, path);
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
            rc = sqlite_fail(db, path);
        } else if (a->n_tables && !found) {
            cli_error("%s: no table %s", path, a->tables[t]);
            rc = CLI_EXIT_USAGE;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Reads the columns of one table and up to a->sample values of each. */
static int sqlite_read_table(sqlite3 *db, const char *path, const char *table, column_set *set)
{
    sqlite3_stmt *st = NULL;
    int rc = CLI_EXIT_OK;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &st, NULL) != SQLITE_OK)
        return sqlite_fail(db, path);
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
        rc = sqlite_fail(db, path);
    sqlite3_finalize(st);
    char *qtable = rc == CLI_EXIT_OK ? sqlite_quote(table) : NULL;
    if (rc == CLI_EXIT_OK && !qtable) {
        cli_error("out of memory");
        rc = CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < set->n && rc == CLI_EXIT_OK; i++) {
        column *c = &set->cols[i];
        char *qcol = sqlite_quote(c->name);
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
            rc = sqlite_fail(db, path);
        } else {
            while ((step = sqlite3_step(st)) == SQLITE_ROW) {
                const char *v = (const char *)sqlite3_column_text(st, 0);
                size_t len = v ? (size_t)sqlite3_column_bytes(st, 0) : 0; /* NULL: empty */
                if (!column_offer(set, c, v, len)) {
                    cli_error("out of memory");
                    rc = CLI_EXIT_USAGE;
                    break;
                }
            }
            if (rc == CLI_EXIT_OK && step != SQLITE_DONE)
                rc = sqlite_fail(db, path);
        }
        sqlite3_finalize(st);
        free(sql);
    }
    free(qtable);
    return rc;
}

static int columns_sqlite(const comply_rules *rules, const columns_args *a)
{
    const char *path = a->input + strlen("sqlite:");
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
        rc = sqlite_read_table(db, path, tables.v[t], &set);
        if (rc == CLI_EXIT_OK) {
            char title[512];
            snprintf(title, sizeof title, "%stable %s: %zu column%s", t ? "\n" : "", tables.v[t], set.n,
                     set.n == 1 ? "" : "s");
            rc = columns_report(rules, a, tables.v[t], title, &set);
        }
        column_set_free(&set);
    }
    name_list_free(&tables);
    sqlite3_close(db);
    return rc;
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
        if (n > COLUMNS_MAX_SAMPLE)
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
                cli_usage_error(cmd, "--sample needs a number from 1 to %d", COLUMNS_MAX_SAMPLE);
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
    a.sample = COLUMNS_DEFAULT_SAMPLE;
    a.tables = calloc((size_t)argc, sizeof *a.tables);
    if (!a.tables) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    int rc = CLI_EXIT_USAGE;
    if (columns_parse(argc, argv, &a) == 0) {
        comply_rules *rules = cli_load_rules(&a.rules, &rc);
        if (rules) {
            rc = strncmp(a.input, "sqlite:", 7) == 0 ? columns_sqlite(rules, &a) : columns_csv(rules, &a);
            comply_rules_free(rules);
        }
    }
    free(a.tables);
    return rc;
}
