/*
 * cmd_scan.c - `comply scan` and `comply redact`: personal values in free
 * text, streamed in constant memory.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"

static int scan_run(int argc, char **argv);
static int redact_run(int argc, char **argv);

const cli_command cli_cmd_scan = {
    "scan",
    "find personal values in free text",
    "comply scan [FILE|-] [--json] [--show-values] [--min-confidence X]\n"
    "\n"
    "Prints each personal value found, in order: FILE:LINE:COL: category (confidence)\n"
    "or, with --json, JSON Lines, one object per value:\n"
    "  {\"start\": BYTE, \"end\": BYTE, \"line\": N, \"category\": \"...\", \"confidence\": 0.9, \"by\": \"...\"}\n"
    "start and end are byte offsets from the start of the input (end exclusive),\n"
    "line is 1-based. Values themselves are printed only with --show-values.\n"
    "Reads standard input without FILE or with -. --min-confidence defaults to 0.5.\n"
    "Exit 0 when the scan ran, whatever it found. Also takes --pack FILE and --no-default.\n",
    scan_run,
};

const cli_command cli_cmd_redact = {
    "redact",
    "copy free text with its personal values replaced",
    "comply redact [FILE|-] [--style tag|mask|partial] [--min-confidence X]\n"
    "\n"
    "Writes the text on standard output, every byte unchanged except the personal\n"
    "values found, replaced by a tag ([EMAIL], the default), a mask (* for each\n"
    "character, separators kept) or a partial mask (cards and IBANs keep their\n"
    "last 4 characters). Also takes --pack FILE and --no-default.\n",
    redact_run,
};

typedef struct scan_args {
    cli_rules_options rules;
    const char *path;
    bool json, show_values;
    double min_confidence;
    comply_redact_style style;
} scan_args;

static int scan_parse(int argc, char **argv, const cli_command *cmd, bool redact, scan_args *a)
{
    memset(a, 0, sizeof *a);
    a->path = "-";
    a->min_confidence = COMPLY_DEFAULT_MIN_CONFIDENCE;
    bool have_path = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if ((r = cli_rules_option(argc, argv, &i, &a->rules, cmd)) != 0 ||
            (r = cli_confidence_option(argc, argv, &i, &a->min_confidence, cmd)) != 0) {
            if (r < 0)
                return -1;
            continue;
        }
        if (!redact && strcmp(argv[i], "--json") == 0) {
            a->json = true;
        } else if (!redact && strcmp(argv[i], "--show-values") == 0) {
            a->show_values = true;
        } else if (redact && (r = cli_option_value(argc, argv, &i, "--style", &v)) != 0) {
            if (r < 0 || (strcmp(v, "tag") && strcmp(v, "mask") && strcmp(v, "partial"))) {
                cli_usage_error(cmd, "--style must be tag, mask or partial");
                return -1;
            }
            a->style = !strcmp(v, "tag") ? COMPLY_REDACT_TAG
                       : !strcmp(v, "mask") ? COMPLY_REDACT_MASK : COMPLY_REDACT_PARTIAL;
        } else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !have_path) {
            a->path = argv[i];
            have_path = true;
        } else {
            cli_usage_error(cmd, "unexpected argument %s", argv[i]);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ scan */

typedef struct scan_job {
    const scan_args *args;
    cli_tail tail;
    size_t counted;       /* stream offset up to which lines are counted */
    unsigned long line;   /* line of `counted` */
    unsigned long column; /* characters before `counted` on its line */
    bool failed;
} scan_job;

/* Moves the line count forward to stream offset `to` (within the tail). */
static void scan_count_to(scan_job *j, size_t to)
{
    const unsigned char *p = (const unsigned char *)j->tail.buf;
    for (size_t k = j->counted; k < to; k++) {
        unsigned char b = p[k - j->tail.base];
        if (b == '\n') {
            j->line++;
            j->column = 0;
        } else if ((b & 0xC0) != 0x80) {
            j->column++;
        }
    }
    j->counted = to;
}

static void scan_print_json(scan_job *j, const comply_span *sp)
{
    cJSON *o = cJSON_CreateObject();
    char *value = NULL;
    if (!o) {
        j->failed = true;
        return;
    }
    cJSON_AddNumberToObject(o, "start", (double)sp->start);
    cJSON_AddNumberToObject(o, "end", (double)sp->end);
    cJSON_AddNumberToObject(o, "line", (double)j->line);
    cJSON_AddStringToObject(o, "category", sp->category);
    cJSON_AddNumberToObject(o, "confidence", cli_round_confidence(sp->confidence));
    cJSON_AddStringToObject(o, "by", sp->by);
    if (j->args->show_values) {
        value = cli_valid_utf8(j->tail.buf + (sp->start - j->tail.base), sp->end - sp->start);
        cJSON_AddStringToObject(o, "value", value ? value : "");
    }
    char *line = cJSON_PrintUnformatted(o);
    if (line)
        puts(line);
    else
        j->failed = true;
    cJSON_free(line);
    cJSON_Delete(o);
    free(value);
}

static int scan_on_span(const comply_span *sp, void *user)
{
    scan_job *j = user;
    scan_count_to(j, sp->start);
    if (j->args->json) {
        scan_print_json(j, sp);
    } else {
        printf("%s:%lu:%lu: %s (%.3f)", cli_source_name(j->args->path), j->line, j->column + 1, sp->category,
               cli_round_confidence(sp->confidence));
        if (j->args->show_values)
            printf(": %.*s", (int)(sp->end - sp->start), j->tail.buf + (sp->start - j->tail.base));
        putchar('\n');
    }
    return j->failed;
}

static void scan_on_settled(void *user, size_t offset)
{
    scan_job *j = user;
    scan_count_to(j, offset);
    cli_tail_drop(&j->tail, offset);
}

/* Creates the scanner for a scan or redact job: loads the rules first. */
static comply_scanner *scan_open(const scan_args *a, comply_rules **rules, comply_span_fn fn, void *user, int *rc)
{
    *rules = cli_load_rules(&a->rules, rc);
    if (!*rules)
        return NULL;
    comply_scan_options o = COMPLY_SCAN_OPTIONS_INIT;
    o.min_confidence = a->min_confidence;
    comply_scanner *s = NULL;
    comply_error err;
    if (comply_scanner_new(&s, *rules, &o, fn, user, &err) != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        *rc = CLI_EXIT_USAGE;
        comply_rules_free(*rules);
        *rules = NULL;
    }
    return s;
}

static int scan_run(int argc, char **argv)
{
    scan_args a;
    if (scan_parse(argc, argv, &cli_cmd_scan, false, &a) < 0)
        return CLI_EXIT_USAGE;
    scan_job j = { &a, { NULL, 0, 0, 0 }, 0, 1, 0, false };
    comply_rules *rules;
    int rc = CLI_EXIT_OK;
    comply_scanner *s = scan_open(&a, &rules, scan_on_span, &j, &rc);
    if (!s)
        return rc;
    rc = cli_scan_file(a.path, s, &j.tail, scan_on_settled, &j);
    if (j.failed && rc == CLI_EXIT_OK) {
        cli_error("out of memory");
        rc = CLI_EXIT_USAGE;
    }
    comply_scanner_free(s);
    comply_rules_free(rules);
    cli_tail_free(&j.tail);
    return rc;
}

/* ---------------------------------------------------------------- redact */

typedef struct redact_job {
    const scan_args *args;
    cli_tail tail;
    size_t written; /* stream offset up to which the output is written */
} redact_job;

static void redact_write_to(redact_job *j, size_t to)
{
    if (to > j->written) {
        fwrite(j->tail.buf + (j->written - j->tail.base), 1, to - j->written, stdout);
        j->written = to;
    }
}

static int redact_on_span(const comply_span *sp, void *user)
{
    redact_job *j = user;
    redact_write_to(j, sp->start);
    const char *value = j->tail.buf + (sp->start - j->tail.base);
    size_t len = sp->end - sp->start;
    char small[512];
    size_t need = comply_redact_value(sp->category, value, len, j->args->style, small, sizeof small);
    char *out = need <= sizeof small ? small : malloc(need);
    if (!out)
        return 1;
    if (out != small)
        comply_redact_value(sp->category, value, len, j->args->style, out, need);
    fwrite(out, 1, need, stdout);
    if (out != small)
        free(out);
    j->written = sp->end;
    return 0;
}

static void redact_on_settled(void *user, size_t offset)
{
    redact_job *j = user;
    redact_write_to(j, offset);
    cli_tail_drop(&j->tail, offset);
}

static int redact_run(int argc, char **argv)
{
    scan_args a;
    if (scan_parse(argc, argv, &cli_cmd_redact, true, &a) < 0)
        return CLI_EXIT_USAGE;
    redact_job j = { &a, { NULL, 0, 0, 0 }, 0 };
    comply_rules *rules;
    int rc = CLI_EXIT_OK;
    comply_scanner *s = scan_open(&a, &rules, redact_on_span, &j, &rc);
    if (!s)
        return rc;
    rc = cli_scan_file(a.path, s, &j.tail, redact_on_settled, &j);
    comply_scanner_free(s);
    comply_rules_free(rules);
    cli_tail_free(&j.tail);
    return rc;
}
