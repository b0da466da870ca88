/*
 * cmd_audit.c - `comply audit`: the main job. Reads a directory, or a
 * manifest naming the sources (doc/audit.md), classifies every column,
 * scans the free text, checks the collection declarations, computes what
 * the retention sources must archive or delete, and writes one report
 * (text, JSON or HTML) with the summary first. The report never holds a
 * personal value: counts, names and positions only.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "audit.h"

static int audit_run(int argc, char **argv);

const cli_command cli_cmd_audit = {
    "audit",
    "audit a directory or a manifest of data sources in one pass, one report",
    "comply audit PATH [--manifest FILE] [--format text|json|html] [--out FILE]\n"
    "                  [--ropa FILE] [--today YYYY-MM-DD] [--lang en|fr] [--quiet]\n"
    "                  [--pack FILE]... [--no-default]\n"
    "\n"
    "PATH is a directory or a manifest (a .json file). A directory is audited\n"
    "through PATH/audit.json when it exists (or the --manifest given); otherwise\n"
    "its files are picked by extension: *.csv tables, *.db *.sqlite *.sqlite3\n"
    "SQLite databases, *.txt *.log *.md free text, *.json collection declarations\n"
    "(objects with \"fields\"). Retention sources need a manifest (doc/audit.md).\n"
    "\n"
    "Classifies every column (grouped by CNIL kind), counts the personal values\n"
    "in free text, checks each declaration against its purpose, and counts the\n"
    "records due for archiving or deletion on --today (default: the system\n"
    "date, said in the report). The report starts with a summary; no personal\n"
    "value is written, only counts, names, row and line numbers.\n"
    "--format text (default), json (one document) or html (one self-contained\n"
    "file); --out FILE writes it there and prints the summary and the file's path.\n"
    "--ropa FILE also writes the record of processing activities (GDPR Art. 30) of\n"
    "the declarations that name a known purpose, as comply ropa does (.html, .csv,\n"
    ".md, else JSON; in --lang).\n"
    "A progress line is drawn on stderr when it is a terminal, unless --quiet.\n"
    "Exit 0 when nothing is wrong, 1 when a finding has severity error or records\n"
    "are due for deletion, 2 on usage, manifest or I/O errors.\n",
    audit_run,
};

enum { AUDIT_TEXT, AUDIT_JSON, AUDIT_HTML };

typedef struct audit_args {
    cli_rules_options rules;
    const char *path, *manifest, *out, *lang, *ropa;
    int format;
    bool quiet, today_given;
    comply_date today;
} audit_args;

/* One source to read, resolved. */
typedef struct audit_item {
    audit_source_type type;
    char *file;       /* path to open */
    char *display;    /* path as named */
    char *purpose;    /* declaration: override, or NULL */
    /* retention */
    char *table, *due_purpose, *category, *key;
    char **events, **columns;
    size_t n_events;
    char delimiter;
} audit_item;

typedef struct audit_plan {
    audit_item *items;
    size_t n;
} audit_plan;

static char *audit_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* dir + "/" + name, or name when it is absolute or dir is empty. */
static char *audit_join(const char *dir, const char *name)
{
    if (name[0] == '/' || !dir || !*dir)
        return audit_dup(name);
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void audit_plan_free(audit_plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        audit_item *it = &p->items[i];
        free(it->file);
        free(it->display);
        free(it->purpose);
        free(it->table);
        free(it->due_purpose);
        free(it->category);
        free(it->key);
        for (size_t k = 0; k < it->n_events; k++) {
            free(it->events[k]);
            free(it->columns[k]);
        }
        free(it->events);
        free(it->columns);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

static audit_item *audit_plan_add(audit_plan *p, audit_source_type type, const char *dir, const char *name)
{
    audit_item *v = realloc(p->items, (p->n + 1) * sizeof *v);
    if (!v)
        return NULL;
    p->items = v;
    audit_item *it = &v[p->n++];
    memset(it, 0, sizeof *it);
    it->type = type;
    it->file = audit_join(dir, name);
    it->display = audit_dup(name);
    return it->file && it->display ? it : NULL;
}

static bool audit_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

static bool audit_is_sqlite(const char *name)
{
    return audit_ends_with(name, ".db") || audit_ends_with(name, ".sqlite") || audit_ends_with(name, ".sqlite3");
}

/* -------------------------------------------------------------- manifest */

/* Line and column (1-based, in bytes... counted in characters) of offset `at`. */
static void manifest_position(const char *text, size_t at, unsigned long *line, unsigned long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at && text[i]; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

typedef struct manifest {
    const char *file;  /* display name */
    const char *text;
    size_t len;
    const char *dir;   /* paths are relative to it */
} manifest;

/* Prints FILE:LINE:COL: error: ... at the first "key" in the text (the
 * reader keeps no positions), or at 1:1 when the key is not found. */
static int manifest_error(const manifest *m, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int manifest_error(const manifest *m, const char *key, const char *fmt, ...)
{
    size_t at = 0;
    if (key) {
        size_t k = strlen(key);
        for (size_t i = 0; i + k + 2 <= m->len; i++)
            if (m->text[i] == '"' && memcmp(m->text + i + 1, key, k) == 0 && m->text[i + k + 1] == '"') {
                at = i;
                break;
            }
    }
    unsigned long line, col;
    manifest_position(m->text, at, &line, &col);
    fprintf(stderr, "comply: %s:%lu:%lu: error: ", m->file, line, col);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}

/* Checks that every key of o is among `allowed` (NULL-terminated). */
static int manifest_keys(const manifest *m, const cJSON *o, const char *where, const char *const *allowed)
{
    for (const cJSON *it = o->child; it; it = it->next) {
        bool ok = false;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = strcmp(it->string, allowed[k]) == 0;
        if (!ok)
            return manifest_error(m, it->string, "%s: unknown key \"%s\"", where, it->string);
    }
    return CLI_EXIT_OK;
}

/* An optional string member: CLI_EXIT_OK with *out set (or NULL), or an error. */
static int manifest_string(const manifest *m, const cJSON *o, const char *key, const char *where, const char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v)
        return CLI_EXIT_OK;
    if (!cJSON_IsString(v) || !*v->valuestring)
        return manifest_error(m, key, "%s: \"%s\" must be a non-empty string", where, key);
    *out = v->valuestring;
    return CLI_EXIT_OK;
}

/* The file named by an entry must exist. */
static int manifest_file(const manifest *m, const char *name, const char *file, const char *where)
{
    struct stat st;
    if (stat(file, &st) != 0 || !S_ISREG(st.st_mode))
        return manifest_error(m, name, "%s: no such file: %s", where, file);
    return CLI_EXIT_OK;
}

static bool manifest_event_ok(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z') || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* A string entry, or an object with "path" and the keys allowed. */
static int manifest_entry(const manifest *m, const cJSON *e, const char *where, const char *const *allowed,
                          const char **path)
{
    if (cJSON_IsString(e) && *e->valuestring) {
        *path = e->valuestring;
        return CLI_EXIT_OK;
    }
    if (!cJSON_IsObject(e))
        return manifest_error(m, NULL, "%s: expected a file name or an object with \"path\"", where);
    int rc = manifest_keys(m, e, where, allowed);
    if (rc == CLI_EXIT_OK && (rc = manifest_string(m, e, "path", where, path)) == CLI_EXIT_OK && !*path)
        rc = manifest_error(m, NULL, "%s: \"path\" is required", where);
    return rc;
}

static int manifest_delimiter(const manifest *m, const cJSON *e, const char *where, char *out)
{
    const char *d;
    int rc = cJSON_IsObject(e) ? manifest_string(m, e, "delimiter", where, &d) : CLI_EXIT_OK;
    *out = 0;
    if (rc != CLI_EXIT_OK || !cJSON_IsObject(e) || !d)
        return rc;
    if (strcmp(d, "\\t") == 0 || strcmp(d, "tab") == 0)
        *out = '\t';
    else if (strlen(d) == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r')
        *out = d[0];
    else
        return manifest_error(m, "delimiter", "%s: \"delimiter\" must be one character (tab for TAB)", where);
    return CLI_EXIT_OK;
}

static int manifest_retention(const manifest *m, const cJSON *e, const char *where, audit_plan *plan)
{
    static const char *const keys[] = { "path", "table", "purpose", "category", "events", "key", "delimiter", NULL };
    const char *path, *table, *purpose, *category, *key;
    if (!cJSON_IsObject(e))
        return manifest_error(m, "retention", "%s: expected an object", where);
    int rc = manifest_entry(m, e, where, keys, &path);
    if (rc == CLI_EXIT_OK)
        rc = manifest_string(m, e, "table", where, &table);
    if (rc == CLI_EXIT_OK)
        rc = manifest_string(m, e, "purpose", where, &purpose);
    if (rc == CLI_EXIT_OK)
        rc = manifest_string(m, e, "category", where, &category);
    if (rc == CLI_EXIT_OK)
        rc = manifest_string(m, e, "key", where, &key);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (!purpose)
        return manifest_error(m, NULL, "%s: \"purpose\" is required (\"any\" for every purpose)", where);
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(e, "events");
    if (!cJSON_IsObject(events) || !events->child)
        return manifest_error(m, "events", "%s: \"events\" must map event names to columns", where);
    bool sqlite = audit_is_sqlite(path);
    if (sqlite != (table != NULL))
        return manifest_error(m, path, "%s: %s", where,
                              sqlite ? "a SQLite source needs \"table\"" : "\"table\" applies to SQLite sources only");
    audit_item *it = audit_plan_add(plan, AUDIT_SRC_RETENTION, m->dir, path);
    if (!it)
        return cli_error("out of memory"), CLI_EXIT_USAGE;
    if ((rc = manifest_file(m, path, it->file, where)) != CLI_EXIT_OK ||
        (rc = manifest_delimiter(m, e, where, &it->delimiter)) != CLI_EXIT_OK)
        return rc;
    it->table = audit_dup(table);
    it->due_purpose = strcmp(purpose, "any") == 0 ? NULL : audit_dup(purpose);
    it->category = category && strcmp(category, "any") != 0 ? audit_dup(category) : NULL;
    it->key = audit_dup(key);
    size_t n = (size_t)cJSON_GetArraySize(events);
    it->events = calloc(n, sizeof *it->events);
    it->columns = calloc(n, sizeof *it->columns);
    if (!it->events || !it->columns)
        return cli_error("out of memory"), CLI_EXIT_USAGE;
    for (const cJSON *ev = events->child; ev; ev = ev->next) {
        if (!manifest_event_ok(ev->string))
            return manifest_error(m, ev->string, "%s: event name \"%s\" must match [a-z][a-z0-9_]*", where,
                                  ev->string);
        if (!cJSON_IsString(ev) || !*ev->valuestring)
            return manifest_error(m, ev->string, "%s: event \"%s\" must name a column", where, ev->string);
        it->events[it->n_events] = audit_dup(ev->string);
        it->columns[it->n_events] = audit_dup(ev->valuestring);
        if (!it->events[it->n_events] || !it->columns[it->n_events])
            return cli_error("out of memory"), CLI_EXIT_USAGE;
        it->n_events++;
    }
    return CLI_EXIT_OK;
}

static int manifest_list(const manifest *m, const cJSON *root, const char *key, audit_plan *plan)
{
    static const char *const table_keys[] = { "path", "delimiter", NULL };
    static const char *const text_keys[] = { "path", NULL };
    static const char *const decl_keys[] = { "path", "purpose", NULL };
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!list)
        return CLI_EXIT_OK;
    if (!cJSON_IsArray(list))
        return manifest_error(m, key, "\"%s\" must be an array", key);
    int i = 0, rc = CLI_EXIT_OK;
    for (const cJSON *e = list->child; e && rc == CLI_EXIT_OK; e = e->next, i++) {
        char where[64];
        snprintf(where, sizeof where, "%s[%d]", key, i);
        if (strcmp(key, "retention") == 0) {
            rc = manifest_retention(m, e, where, plan);
            continue;
        }
        bool tables = strcmp(key, "tables") == 0, decl = strcmp(key, "collections") == 0;
        const char *path, *purpose = NULL;
        rc = manifest_entry(m, e, where, tables ? table_keys : decl ? decl_keys : text_keys, &path);
        if (rc == CLI_EXIT_OK && decl && cJSON_IsObject(e))
            rc = manifest_string(m, e, "purpose", where, &purpose);
        if (rc != CLI_EXIT_OK)
            break;
        audit_source_type type = tables ? (audit_is_sqlite(path) ? AUDIT_SRC_SQLITE : AUDIT_SRC_CSV)
                                 : decl ? AUDIT_SRC_DECLARATION : AUDIT_SRC_TEXT;
        audit_item *it = audit_plan_add(plan, type, m->dir, path);
        if (!it || (purpose && !(it->purpose = audit_dup(purpose))))
            return cli_error("out of memory"), CLI_EXIT_USAGE;
        if ((rc = manifest_file(m, path, it->file, where)) == CLI_EXIT_OK && tables)
            rc = manifest_delimiter(m, e, where, &it->delimiter);
        if (rc == CLI_EXIT_OK && type == AUDIT_SRC_SQLITE && it->delimiter)
            rc = manifest_error(m, "delimiter", "%s: \"delimiter\" applies to CSV files only", where);
    }
    return rc;
}

/* The directory of a file path ("" for a bare name). Owned. */
static char *audit_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return audit_dup("");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static int manifest_read(const char *path, audit_plan *plan, char **name)
{
    static const char *const keys[] = { "name", "tables", "text", "collections", "retention", NULL };
    char *text = NULL;
    size_t len = 0;
    if (!cli_read_file(path, &text, &len))
        return CLI_EXIT_USAGE;
    char *dir = audit_dirname(path);
    manifest m = { path, text, len, dir };
    int rc = CLI_EXIT_OK;
    const char *end = NULL;
    cJSON *root = dir ? cJSON_ParseWithLengthOpts(text, len, &end, 0) : NULL;
    if (!dir) {
        rc = CLI_EXIT_USAGE;
        cli_error("out of memory");
    } else if (!root) {
        unsigned long line, col;
        size_t at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        manifest_position(text, at, &line, &col);
        fprintf(stderr, "comply: %s:%lu:%lu: error: malformed JSON\n", path, line, col);
        rc = CLI_EXIT_USAGE;
    } else if (!cJSON_IsObject(root)) {
        rc = manifest_error(&m, NULL, "the manifest must be a JSON object");
    } else if ((rc = manifest_keys(&m, root, "manifest", keys)) == CLI_EXIT_OK) {
        const char *lists[] = { "tables", "text", "collections", "retention" };
        for (size_t i = 0; i < 4 && rc == CLI_EXIT_OK; i++)
            rc = manifest_list(&m, root, lists[i], plan);
        const char *label = NULL;
        if (rc == CLI_EXIT_OK && (rc = manifest_string(&m, root, "name", "manifest", &label)) == CLI_EXIT_OK &&
            label && !(*name = audit_strdup(label))) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
        }
    }
    cJSON_Delete(root);
    free(dir);
    free(text);
    return rc;
}

/* ------------------------------------------------------------- directory */

static int audit_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A JSON file is a declaration when it parses as an object with "fields". */
static bool audit_is_declaration(const char *file)
{
    char *text = NULL;
    size_t len = 0;
    struct stat st;
    if (stat(file, &st) != 0 || st.st_size > 16 * 1024 * 1024)
        return false;
    FILE *f = fopen(file, "rb");
    if (!f)
        return false;
    text = malloc((size_t)st.st_size + 1);
    if (text)
        len = fread(text, 1, (size_t)st.st_size, f);
    fclose(f);
    cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
    bool yes = cJSON_IsObject(root) && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "fields"));
    cJSON_Delete(root);
    free(text);
    return yes;
}

static int audit_scan_dir(const char *dir, audit_plan *plan)
{
    DIR *d = opendir(dir);
    if (!d) {
        cli_error("%s: cannot read the directory", dir);
        return CLI_EXIT_USAGE;
    }
    char **names = NULL;
    size_t n = 0;
    int rc = CLI_EXIT_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **v = realloc(names, (n + 1) * sizeof *v);
        if (!v || !(v[n] = audit_dup(e->d_name))) {
            names = v ? v : names;
            rc = CLI_EXIT_USAGE;
            cli_error("out of memory");
            break;
        }
        names = v;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, audit_name_cmp);
    for (size_t i = 0; i < n && rc == CLI_EXIT_OK; i++) {
        const char *name = names[i];
        char *file = audit_join(dir, name);
        struct stat st;
        int type = -1;
        if (file && stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
            if (audit_ends_with(name, ".csv"))
                type = AUDIT_SRC_CSV;
            else if (audit_is_sqlite(name))
                type = AUDIT_SRC_SQLITE;
            else if (audit_ends_with(name, ".txt") || audit_ends_with(name, ".log") || audit_ends_with(name, ".md"))
                type = AUDIT_SRC_TEXT;
            else if (audit_ends_with(name, ".json") && audit_is_declaration(file))
                type = AUDIT_SRC_DECLARATION;
        }
        free(file);
        if (type >= 0 && !audit_plan_add(plan, (audit_source_type)type, dir, name)) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* ------------------------------------------------------------------- run */

static uint64_t audit_plan_bytes(const audit_plan *p)
{
    uint64_t total = 0;
    for (size_t i = 0; i < p->n; i++) {
        struct stat st;
        if (stat(p->items[i].file, &st) == 0)
            total += (uint64_t)st.st_size;
    }
    return total;
}

static int audit_read_item(audit_report *r, const comply_rules *rules, const audit_item *it, const audit_args *a,
                           audit_progress *p)
{
    switch (it->type) {
    case AUDIT_SRC_CSV:
        return audit_read_csv(r, rules, it->file, it->display, it->delimiter, p);
    case AUDIT_SRC_SQLITE:
        return audit_read_sqlite(r, rules, it->file, it->display, p);
    case AUDIT_SRC_TEXT:
        return audit_read_text(r, rules, it->file, it->display, p);
    case AUDIT_SRC_DECLARATION:
        return audit_read_declaration(r, rules, it->file, it->display, it->purpose);
    case AUDIT_SRC_RETENTION: {
        size_t n = strlen(it->file) + 8;
        char *input = malloc(n);
        if (!input) {
            cli_error("out of memory");
            return CLI_EXIT_USAGE;
        }
        snprintf(input, n, "%s%s", it->table ? "sqlite:" : "", it->file);
        cli_due_source src = { input, it->table, it->due_purpose, it->category, it->key,
                               (const char *const *)it->events, (const char *const *)it->columns,
                               it->n_events, it->delimiter, a->today };
        int rc = audit_read_due(r, rules, it->display, &src, p);
        free(input);
        return rc;
    }
    }
    return CLI_EXIT_USAGE;
}

static int audit_plan_make(const audit_args *a, audit_plan *plan, char **root, char **name)
{
    struct stat st;
    if (stat(a->path, &st) != 0) {
        cli_error("%s: no such file or directory", a->path);
        return CLI_EXIT_USAGE;
    }
    *root = audit_dup(a->path);
    if (!*root) {
        cli_error("out of memory");
        return CLI_EXIT_USAGE;
    }
    if (a->manifest)
        return manifest_read(a->manifest, plan, name);
    if (!S_ISDIR(st.st_mode))
        return manifest_read(a->path, plan, name);
    char *m = audit_join(a->path, "audit.json");
    int rc;
    if (!m) {
        cli_error("out of memory");
        rc = CLI_EXIT_USAGE;
    } else if (stat(m, &st) == 0 && S_ISREG(st.st_mode)) {
        rc = manifest_read(m, plan, name);
    } else {
        rc = audit_scan_dir(a->path, plan);
    }
    free(m);
    return rc;
}

static bool audit_write(FILE *out, int format, const audit_report *r, const comply_rules *rules, const char *lang)
{
    switch (format) {
    case AUDIT_JSON: return audit_write_json(out, r, rules);
    case AUDIT_HTML: return audit_write_html(out, r, rules, lang);
    default: return audit_write_text(out, r, rules, lang);
    }
}

static int audit_parse(int argc, char **argv, audit_args *a)
{
    const cli_command *cmd = &cli_cmd_audit;
    a->lang = "en";
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if ((r = cli_rules_option(argc, argv, &i, &a->rules, cmd)) != 0) {
            if (r < 0)
                return -1;
            continue;
        }
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            a->quiet = true;
        } else if ((r = cli_option_value(argc, argv, &i, "--format", &v)) != 0) {
            if (r < 0 || (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "html")))
                return cli_usage_error(cmd, "--format must be text, json or html"), -1;
            a->format = !strcmp(v, "text") ? AUDIT_TEXT : !strcmp(v, "json") ? AUDIT_JSON : AUDIT_HTML;
        } else if ((r = cli_option_value(argc, argv, &i, "--lang", &v)) != 0) {
            if (r < 0 || (strcmp(v, "en") && strcmp(v, "fr")))
                return cli_usage_error(cmd, "--lang must be en or fr"), -1;
            a->lang = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (r < 0 || !*v)
                return cli_usage_error(cmd, "--out needs a file name"), -1;
            a->out = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--ropa", &v)) != 0) {
            if (r < 0 || !*v)
                return cli_usage_error(cmd, "--ropa needs a file name"), -1;
            a->ropa = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--manifest", &v)) != 0) {
            if (r < 0 || !*v)
                return cli_usage_error(cmd, "--manifest needs a file name"), -1;
            a->manifest = v;
        } else if ((r = cli_option_value(argc, argv, &i, "--today", &v)) != 0) {
            comply_error err;
            if (r < 0 || comply_date_parse(v, strlen(v), &a->today, &err) != COMPLY_OK)
                return cli_usage_error(cmd, "--today needs a date YYYY-MM-DD"), -1;
            a->today_given = true;
        } else if (argv[i][0] != '-' && !a->path) {
            a->path = argv[i];
        } else {
            return cli_usage_error(cmd, "unexpected argument %s", argv[i]), -1;
        }
    }
    if (!a->path)
        return cli_usage_error(cmd, "give a directory or a manifest"), -1;
    if (!a->today_given && !cli_system_today(&a->today)) {
        cli_error("the system date is out of range");
        return -1;
    }
    return 0;
}

/* With --out: the summary on stdout, then where the report is. */
static void audit_say_where(const audit_args *a, const audit_report *r, const comply_rules *rules)
{
    char *abs = realpath(a->out, NULL);
    audit_totals t;
    audit_totals_compute(r, &t);
    printf("audited %zu sources: %zu columns (%zu personal, %zu special), %lu personal values in text,\n"
           "%zu findings (%zu errors, %zu warnings, %zu infos), records: %lu to archive, %lu to delete\n",
           t.sources, t.columns, t.personal_columns, t.special_columns, t.text_values, t.findings,
           t.by_severity[0], t.by_severity[1], t.by_severity[2], t.due[COMPLY_STAGE_ARCHIVE],
           t.due[COMPLY_STAGE_DELETE_DUE]);
    (void)rules;
    printf("report: %s\n", abs ? abs : a->out);
    free(abs);
}

/* A declaration that can enter the register: it reads, and names a purpose
 * the rules know (comply_ropa_json refuses the others). */
static bool audit_ropa_ready(const comply_rules *rules, const char *text, size_t len, const char *source)
{
    char *json = NULL;
    comply_error err;
    bool ok = comply_ropa_json(rules, &text, &len, &source, 1, "en", &json, NULL, &err) == COMPLY_OK;
    comply_free(rules, json);
    return ok;
}

/* --ropa: the record of processing activities of the audited declarations. */
static int audit_write_ropa(const audit_plan *plan, const comply_rules *rules, const audit_args *a)
{
    char **texts = calloc(plan->n ? plan->n : 1, sizeof *texts);
    size_t *lens = calloc(plan->n ? plan->n : 1, sizeof *lens);
    const char **sources = calloc(plan->n ? plan->n : 1, sizeof *sources);
    size_t n = 0, left_out = 0;
    int rc = CLI_EXIT_OK;
    if (!texts || !lens || !sources) {
        cli_error("out of memory");
        rc = CLI_EXIT_USAGE;
    }
    for (size_t i = 0; rc == CLI_EXIT_OK && i < plan->n; i++) {
        const audit_item *it = &plan->items[i];
        if (it->type != AUDIT_SRC_DECLARATION)
            continue;
        if (!cli_read_file(it->file, &texts[n], &lens[n])) {
            rc = CLI_EXIT_USAGE;
            break;
        }
        sources[n] = it->display;
        if (audit_ropa_ready(rules, texts[n], lens[n], sources[n])) {
            n++;
        } else {
            free(texts[n]);
            texts[n] = NULL;
            left_out++;
        }
    }
    if (rc == CLI_EXIT_OK && n == 0) {
        cli_error("--ropa: no declaration names a purpose of the rules: no record written");
        rc = CLI_EXIT_USAGE;
    }
    if (rc == CLI_EXIT_OK)
        rc = cli_ropa_write(rules, (const char *const *)texts, lens, sources, n, a->lang, a->ropa);
    if (rc == CLI_EXIT_OK) {
        char *abs = realpath(a->ropa, NULL);
        printf("record of processing activities (%zu declaration%s", n, n == 1 ? "" : "s");
        if (left_out)
            printf("; %zu without a known purpose left out", left_out);
        printf("): %s\n", abs ? abs : a->ropa);
        free(abs);
    }
    for (size_t i = 0; texts && i < plan->n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(sources);
    return rc;
}

static int audit_run(int argc, char **argv)
{
    audit_args a;
    memset(&a, 0, sizeof a);
    if (audit_parse(argc, argv, &a) != 0)
        return CLI_EXIT_USAGE;
    audit_plan plan = { NULL, 0 };
    audit_report r;
    memset(&r, 0, sizeof r);
    r.today = a.today;
    r.today_from_clock = !a.today_given;
    int rc = audit_plan_make(&a, &plan, &r.root, &r.name);
    comply_rules *rules = NULL;
    FILE *out = stdout;
    if (rc == CLI_EXIT_OK && a.out && !(out = fopen(a.out, "w"))) {
        cli_error("%s: cannot write the report", a.out);
        rc = CLI_EXIT_USAGE;
    }
    if (rc == CLI_EXIT_OK)
        rules = cli_load_rules(&a.rules, &rc);
    if (rules) {
        audit_progress *p = audit_progress_new(audit_plan_bytes(&plan), !a.quiet && isatty(2));
        for (size_t i = 0; i < plan.n && rc == CLI_EXIT_OK; i++)
            rc = audit_read_item(&r, rules, &plan.items[i], &a, p);
        audit_progress_free(p);
        if (rc == CLI_EXIT_OK && !audit_derive_findings(&r, rules)) {
            cli_error("out of memory");
            rc = CLI_EXIT_USAGE;
        }
        if (rc == CLI_EXIT_OK) {
            if (!audit_write(out, a.format, &r, rules, a.lang) || fflush(out) != 0) {
                cli_error("%s: cannot write the report", a.out ? a.out : "standard output");
                rc = CLI_EXIT_USAGE;
            } else {
                if (a.out)
                    audit_say_where(&a, &r, rules);
                rc = audit_fails(&r) ? CLI_EXIT_PROBLEMS : CLI_EXIT_OK;
                if (a.ropa && audit_write_ropa(&plan, rules, &a) != CLI_EXIT_OK)
                    rc = CLI_EXIT_USAGE;
            }
        }
    }
    if (out && out != stdout && fclose(out) != 0 && rc != CLI_EXIT_USAGE) {
        cli_error("%s: cannot write the report", a.out);
        rc = CLI_EXIT_USAGE;
    }
    comply_rules_free(rules);
    audit_report_free(&r);
    audit_plan_free(&plan);
    return rc;
}
