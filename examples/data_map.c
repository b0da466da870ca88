/*
 * data_map.c - a data map of a CSV file or a SQLite database: which columns
 * hold personal data, grouped by the CNIL's four kinds of customer data
 * (délibération n° 2021-131: base, interaction, behavioural, attitudinal
 * data), then by category. Each column is classified from its name and a
 * sample of its values; no value is ever printed.
 *
 *   cc data_map.c $(pkg-config --cflags --libs comply sqlite3) -o data_map
 *   ./data_map [--lang fr] FILE.csv | FILE.db | sqlite:PATH
 *
 * CSV files follow RFC 4180 (a header line, quoted fields with "" inside,
 * CRLF or LF line ends) with ',' or ';' as the delimiter, whichever the
 * header holds more of. Exit status: 0 done, 1 the input could not be read,
 * 2 usage.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <comply.h>

/* Values read per column: enough to see what a column holds. */
#define SAMPLE_ROWS 200

/* One column and the sample of its values (each a NUL-terminated copy). */
typedef struct column {
    char *table; /* NULL for a CSV file */
    char *name;
    char **values;
    size_t *lens;
    size_t n;
    comply_class found; /* strings borrowed from the rules */
    int technical; /* the name is only a technical key (id, created_at) */
    comply_kind kind;
    size_t order; /* the column's place in the input */
} column;

typedef struct data {
    column *cols;
    size_t n, cap;
    size_t rows; /* rows sampled (the largest table's, for a database) */
} data;

static char *copy_text(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

static column *add_column(data *d, const char *table, const char *name)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        column *c = realloc(d->cols, cap * sizeof *c);
        if (!c)
            return NULL;
        d->cols = c;
        d->cap = cap;
    }
    column *col = &d->cols[d->n];
    memset(col, 0, sizeof *col);
    col->values = calloc(SAMPLE_ROWS, sizeof *col->values);
    col->lens = calloc(SAMPLE_ROWS, sizeof *col->lens);
    col->name = copy_text(name, strlen(name));
    col->table = table ? copy_text(table, strlen(table)) : NULL;
    if (!col->values || !col->lens || !col->name || (table && !col->table)) {
        free(col->values);
        free(col->lens);
        free(col->name);
        free(col->table);
        return NULL;
    }
    d->n++;
    return col;
}

/* Keeps a copy of one value of `col`; 0 when memory runs out. */
static int add_value(column *col, const char *s, size_t len)
{
    if (col->n == SAMPLE_ROWS)
        return 1;
    if (!(col->values[col->n] = copy_text(s, len)))
        return 0;
    col->lens[col->n++] = len;
    return 1;
}

static void free_data(data *d)
{
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < d->cols[i].n; j++)
            free(d->cols[i].values[j]);
        free(d->cols[i].values);
        free(d->cols[i].lens);
        free(d->cols[i].name);
        free(d->cols[i].table);
    }
    free(d->cols);
}

/* ------------------------------------------------------------ CSV (RFC 4180) */

typedef struct csv {
    const char *p, *end;
    char delim;
    unsigned long line;
} csv;

/* Reads the next field into buf (unquoted, "" made "), and says whether it
 * ends its record. Returns 1, or 0 for a quote that is never closed or is
 * followed by something else than a delimiter or a line end. */
static int csv_field(csv *c, char *buf, size_t *len, int *last)
{
    size_t n = 0;
    if (c->p < c->end && *c->p == '"') {
        for (c->p++;; c->p++) {
            if (c->p == c->end)
                return 0;
            if (*c->p == '"' && c->p + 1 < c->end && c->p[1] == '"')
                c->p++; /* "" stands for one quote */
            else if (*c->p == '"') {
                c->p++;
                break;
            } else if (*c->p == '\n')
                c->line++;
            buf[n++] = *c->p;
        }
    } else {
        while (c->p < c->end && *c->p != c->delim && *c->p != '\n' && *c->p != '\r')
            buf[n++] = *c->p++;
    }
    *len = n;
    if (c->p < c->end && *c->p == c->delim) {
        c->p++;
        *last = 0;
        return 1;
    }
    if (c->p < c->end && *c->p == '\r')
        c->p++;
    if (c->p < c->end && *c->p != '\n')
        return 0;
    if (c->p < c->end) {
        c->p++;
        c->line++;
    }
    *last = 1;
    return 1;
}

/* csv_field, saying where a malformed field starts. */
static int csv_field_at(csv *c, const char *path, char *buf, size_t *len, int *last)
{
    unsigned long line = c->line;
    if (csv_field(c, buf, len, last))
        return 1;
    fprintf(stderr, "data_map: %s:%lu: malformed quoted field\n", path, line);
    return 0;
}

/* ',' or ';': the one the header line holds more of. */
static char csv_delimiter(const char *p, const char *end)
{
    size_t commas = 0, semicolons = 0;
    for (; p < end && *p != '\n'; p++) {
        commas += *p == ',';
        semicolons += *p == ';';
    }
    return semicolons > commas ? ';' : ',';
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            char *b = realloc(buf, cap = cap ? 2 * cap : 65536);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Reads the header and up to SAMPLE_ROWS records; extra fields in a row
 * are ignored, missing ones count as absent. */
static int read_csv(const char *path, data *d)
{
    size_t size;
    char *text = read_file(path, &size);
    if (!text) {
        fprintf(stderr, "data_map: cannot read %s\n", path);
        return 0;
    }
    char *field = malloc(size + 1); /* no field is longer than the file */
    csv c = {text, text + size, ',', 1};
    if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        c.p += 3; /* a UTF-8 byte order mark */
    c.delim = csv_delimiter(c.p, c.end);
    int ok = field != NULL, last = 0;
    size_t len, i;
    for (last = 0; ok && !last && c.p < c.end;) {
        if (!(ok = csv_field_at(&c, path, field, &len, &last)))
            break;
        field[len] = '\0';
        ok = add_column(d, NULL, field) != NULL;
    }
    while (ok && c.p < c.end && d->rows < SAMPLE_ROWS) {
        for (i = 0, last = 0; ok && !last; i++)
            if ((ok = csv_field_at(&c, path, field, &len, &last)) && i < d->n)
                ok = add_value(&d->cols[i], field, len);
        d->rows++;
    }
    free(field);
    free(text);
    return ok;
}

/* ------------------------------------------------------------ SQLite */

/* Reads up to SAMPLE_ROWS rows of every table, read-only. */
static int read_sqlite(const char *path, data *d)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *tables = NULL;
    int ok = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                               " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                           -1, &tables, NULL) != SQLITE_OK) {
        fprintf(stderr, "data_map: %s: %s\n", path, db ? sqlite3_errmsg(db) : "cannot open");
        goto out;
    }
    ok = 1;
    while (ok && sqlite3_step(tables) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(tables, 0);
        char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" LIMIT %d", table, SAMPLE_ROWS);
        sqlite3_stmt *rows = NULL;
        if (!sql || sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) {
            fprintf(stderr, "data_map: %s: %s\n", path, sqlite3_errmsg(db));
            ok = 0;
        }
        size_t first = d->n, ncols = rows ? (size_t)sqlite3_column_count(rows) : 0, nrows = 0;
        for (size_t i = 0; ok && i < ncols; i++)
            ok = add_column(d, table, sqlite3_column_name(rows, (int)i)) != NULL;
        while (ok && sqlite3_step(rows) == SQLITE_ROW) {
            for (size_t i = 0; ok && i < ncols; i++) {
                const char *v = (const char *)sqlite3_column_text(rows, (int)i);
                /* NULL is an empty value, which the classifier ignores */
                ok = add_value(&d->cols[first + i], v ? v : "", v ? (size_t)sqlite3_column_bytes(rows, (int)i) : 0);
            }
            nrows++;
        }
        if (nrows > d->rows)
            d->rows = nrows;
        sqlite3_finalize(rows);
        sqlite3_free(sql);
    }
out:
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return ok;
}

/* ------------------------------------------------------------ the map */

/* The order of the groups: the CNIL's four kinds, then personal data of no
 * kind (financial, online identifiers, special categories…), then the rest. */
static int group_of(const column *c)
{
    if (!c->found.category)
        return 6;
    return c->kind == COMPLY_KIND_NONE ? 5 : (int)c->kind;
}

static int by_group_then_category(const void *pa, const void *pb)
{
    const column *a = pa, *b = pb;
    int ga = group_of(a), gb = group_of(b);
    if (ga != gb)
        return ga - gb;
    int by_category = a->found.category && b->found.category ? strcmp(a->found.category, b->found.category) : 0;
    if (by_category)
        return by_category;
    return a->order < b->order ? -1 : a->order > b->order;
}

static const char *group_label(int group, const char *lang)
{
    int fr = strcmp(lang, "fr") == 0;
    if (group == 5)
        return fr ? "Autres données personnelles" : "Other personal data";
    return fr ? "Données non personnelles ou non reconnues" : "Not personal data, or not recognised";
}

static void print_map(const comply_rules *rules, data *d, const char *lang)
{
    /* qsort is not stable: the original order is the last key. */
    for (size_t i = 0; i < d->n; i++) {
        d->cols[i].order = i;
        const comply_category *cat = comply_category_find(rules, d->cols[i].found.category ? d->cols[i].found.category : "");
        d->cols[i].kind = cat ? comply_category_kind(cat) : COMPLY_KIND_NONE;
    }
    if (d->n > 0) /* qsort wants a real array, even for no element */
        qsort(d->cols, d->n, sizeof *d->cols, by_group_then_category);

    int group = -1;
    const char *category = NULL;
    for (size_t i = 0; i < d->n; i++) {
        const column *c = &d->cols[i];
        if (group_of(c) != group) {
            group = group_of(c);
            category = NULL;
            printf("\n%s\n", group <= 4 ? comply_kind_label(c->kind, lang) : group_label(group, lang));
        }
        if (c->found.category && (!category || strcmp(category, c->found.category) != 0)) {
            const comply_category *cat = comply_category_find(rules, c->found.category);
            comply_regime regime = comply_category_regime(cat);
            category = c->found.category;
            printf("  %s (%s)%s%s\n", category, comply_category_label(cat, lang),
                   regime == COMPLY_REGIME_SPECIAL ? " [GDPR Art. 9]"
                   : regime == COMPLY_REGIME_CRIMINAL ? " [GDPR Art. 10]" : "",
                   comply_category_is_sensitive(cat) ? (strcmp(lang, "fr") == 0 ? " [sensible]" : " [sensitive]") : "");
        }
        printf("    %s%s%s", c->table ? c->table : "", c->table ? "." : "", c->name);
        if (c->found.category)
            printf("  %.2f\n", c->found.confidence);
        else
            printf("%s\n", c->technical ? "  (technical key)" : "");
    }
}

static int usage(void)
{
    fprintf(stderr, "usage: data_map [--lang en|fr] FILE.csv | FILE.db | sqlite:PATH\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *lang = "en", *input = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = argv[++i];
        else if (!input && argv[i][0] != '-')
            input = argv[i];
        else
            return usage();
    }
    if (!input)
        return usage();


    size_t len = strlen(input);
    int is_db = strncmp(input, "sqlite:", 7) == 0 || (len > 3 && strcmp(input + len - 3, ".db") == 0);
    const char *path = strncmp(input, "sqlite:", 7) == 0 ? input + 7 : input;
    data d = {NULL, 0, 0, 0};
    if (!(is_db ? read_sqlite(path, &d) : read_csv(path, &d))) {
        free_data(&d);
        return 1;
    }

    comply_rules *rules = NULL;
    comply_error err;
    if (comply_rules_default(&rules, &err) != COMPLY_OK) {
        fprintf(stderr, "data_map: %s\n", err.message);
        free_data(&d);
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < d.n && status == 0; i++) {
        column *c = &d.cols[i];
        comply_column_evidence ev;
        if (comply_classify_column(rules, c->name, (const char *const *)c->values, c->lens, c->n, &c->found,
                                   &ev, &err) != COMPLY_OK) {
            fprintf(stderr, "data_map: column %s: %s\n", c->name, err.message);
            status = 1;
        }
        c->technical = ev.name.detail && strcmp(ev.name.detail, "technical") == 0;
    }
    if (status == 0) {
        printf("data map of %s: %zu columns, up to %zu rows sampled\n", path, d.n, d.rows);
        print_map(rules, &d, lang);
    }
    comply_rules_free(rules);
    free_data(&d);
    return status;
}
