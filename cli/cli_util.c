/*
 * cli_util.c - argument parsing, file reading and rules loading shared by
 * the subcommands.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("comply: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_print_problem(FILE *out, const comply_error *err)
{
    if (err->line > 0)
        fprintf(out, "%s:%lu:%lu: error: %s", err->source, err->line, err->column, err->message);
    else if (err->source[0])
        fprintf(out, "%s: error: %s", err->source, err->message);
    else
        fprintf(out, "error: %s", err->message);
    if (err->path[0])
        fprintf(out, " (at %s)", err->path);
    fputc('\n', out);
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("comply: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "usage: %s", cmd->usage);
    return CLI_EXIT_USAGE;
}

int cli_option_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

int cli_rules_option(int argc, char **argv, int *i, cli_rules_options *opts, const cli_command *cmd)
{
    const char *value;
    if (strcmp(argv[*i], "--no-default") == 0) {
        opts->no_default = true;
        return 1;
    }
    int r = cli_option_value(argc, argv, i, "--pack", &value);
    if (r < 0) {
        cli_usage_error(cmd, "--pack needs a file name");
        return -1;
    }
    if (r == 0)
        return 0;
    if (opts->n_packs == CLI_MAX_PACKS) {
        cli_usage_error(cmd, "at most %d --pack options", CLI_MAX_PACKS);
        return -1;
    }
    opts->packs[opts->n_packs++] = value;
    return 1;
}

const char *cli_source_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

bool cli_read_file(const char *path, char **out, size_t *len)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return false;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    bool ok = buf != NULL;
    while (ok) {
        if (n == cap) {
            char *bigger = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
            if (!bigger) {
                cli_error("%s: out of memory", cli_source_name(path));
                ok = false;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                cli_error("%s: %s", cli_source_name(path), strerror(errno));
                ok = false;
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *len = n;
    return true;
}

comply_status cli_add_pack(comply_rules *rules, const char *path, comply_error *err)
{
    if (strcmp(path, "-") != 0)
        return comply_rules_add_file(rules, path, err);
    char *text;
    size_t len;
    if (!cli_read_file(path, &text, &len)) {
        err->code = COMPLY_EIO;
        snprintf(err->message, sizeof err->message, "standard input cannot be read");
        return COMPLY_EIO;
    }
    comply_status st = comply_rules_add_json(rules, text, len, "<stdin>", err);
    free(text);
    return st;
}

static void cli_print_problem_cb(const comply_error *problem, void *user)
{
    cli_print_problem(user, problem);
}

static int cli_exit_for(comply_status st)
{
    return (st == COMPLY_EIO || st == COMPLY_EINVAL) ? CLI_EXIT_USAGE : CLI_EXIT_PROBLEMS;
}

comply_rules *cli_load_rules(const cli_rules_options *opts, int *exit_code)
{
    comply_rules_options o = COMPLY_RULES_OPTIONS_INIT;
    o.on_problem = cli_print_problem_cb;
    o.problem_user = stderr;
    comply_rules *rules = NULL;
    comply_error err;
    comply_status st = comply_rules_new(&rules, &o, &err);
    if (st == COMPLY_OK && !opts->no_default)
        st = comply_rules_add_default(rules, &err);
    for (size_t i = 0; st == COMPLY_OK && i < opts->n_packs; i++)
        st = cli_add_pack(rules, opts->packs[i], &err);
    if (st != COMPLY_OK) {
        /* Schema problems were printed as they were found. */
        if (st != COMPLY_ERULE)
            cli_print_problem(stderr, &err);
        *exit_code = cli_exit_for(st);
        comply_rules_free(rules);
        return NULL;
    }
    return rules;
}

int cli_confidence_option(int argc, char **argv, int *i, double *value, const cli_command *cmd)
{
    const char *text;
    int r = cli_option_value(argc, argv, i, "--min-confidence", &text);
    if (r <= 0) {
        if (r < 0)
            cli_usage_error(cmd, "--min-confidence needs a number between 0 and 1");
        return r;
    }
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !(v >= 0.0 && v <= 1.0)) {
        cli_usage_error(cmd, "--min-confidence needs a number between 0 and 1, not %s", text);
        return -1;
    }
    *value = v;
    return 1;
}

double cli_round_confidence(double c)
{
    return (double)(long)(c * 1000.0 + 0.5) / 1000.0;
}

char *cli_valid_utf8(const char *s, size_t len)
{
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t step = 0;
        unsigned char c = u[i];
        if (c < 0x80)
            step = c ? 1 : 0;
        else if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80)
            step = 2;
        else if (c >= 0xE0 && c <= 0xEF && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80 &&
                 !(c == 0xE0 && u[i + 1] < 0xA0) && !(c == 0xED && u[i + 1] > 0x9F))
            step = 3;
        else if (c >= 0xF0 && c <= 0xF4 && i + 3 < len && (u[i + 1] & 0xC0) == 0x80 &&
                 (u[i + 2] & 0xC0) == 0x80 && (u[i + 3] & 0xC0) == 0x80 && !(c == 0xF0 && u[i + 1] < 0x90) &&
                 !(c == 0xF4 && u[i + 1] > 0x8F))
            step = 4;
        if (step) {
            memcpy(out + n, s + i, step);
            n += step;
            i += step;
        } else {
            memcpy(out + n, "\xEF\xBF\xBD", 3); /* U+FFFD, also for NUL */
            n += 3;
            i++;
        }
    }
    out[n] = '\0';
    return out;
}

bool cli_tail_append(cli_tail *t, const char *data, size_t len)
{
    if (t->len + len > t->cap) {
        size_t cap = t->cap ? t->cap : 65536;
        while (cap < t->len + len)
            cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b)
            return false;
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, data, len);
    t->len += len;
    return true;
}

void cli_tail_drop(cli_tail *t, size_t offset)
{
    if (offset <= t->base)
        return;
    size_t n = offset - t->base;
    if (n > t->len)
        n = t->len;
    memmove(t->buf, t->buf + n, t->len - n);
    t->len -= n;
    t->base += n;
}

void cli_tail_free(cli_tail *t)
{
    free(t->buf);
    memset(t, 0, sizeof *t);
}

int cli_scan_file(const char *path, comply_scanner *scanner, cli_tail *tail,
                  void (*settled)(void *user, size_t offset), void *user)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error("%s: %s", path, strerror(errno));
        return CLI_EXIT_USAGE;
    }
    static char chunk[1 << 16];
    comply_error err;
    int rc = CLI_EXIT_OK;
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (!cli_tail_append(tail, chunk, n)) {
            cli_error("%s: out of memory", cli_source_name(path));
            rc = CLI_EXIT_USAGE;
            break;
        }
        if (comply_scanner_feed(scanner, chunk, n, &err) != COMPLY_OK) {
            cli_print_problem(stderr, &err);
            rc = CLI_EXIT_USAGE;
            break;
        }
        settled(user, comply_scanner_settled(scanner));
    }
    if (rc == CLI_EXIT_OK && ferror(f)) {
        cli_error("%s: %s", cli_source_name(path), strerror(errno));
        rc = CLI_EXIT_USAGE;
    }
    if (rc == CLI_EXIT_OK && comply_scanner_finish(scanner, &err) != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        rc = CLI_EXIT_USAGE;
    }
    if (rc == CLI_EXIT_OK)
        settled(user, comply_scanner_settled(scanner));
    if (!is_stdin)
        fclose(f);
    return rc;
}

bool cli_system_today(comply_date *out)
{
    time_t now = time(NULL);
    if (now == (time_t)-1)
        return false;
    int64_t secs = (int64_t)now;
    int64_t days = secs / 86400 - (secs % 86400 < 0);
    return comply_date_from_days(days, out) == COMPLY_OK;
}
