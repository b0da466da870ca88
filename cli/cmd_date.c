/*
 * cmd_date.c - `comply date add|sub` and `comply duration parse`: the
 * calendar arithmetic of retention rules, one line at a time.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"

static int date_run(int argc, char **argv);
static int duration_run(int argc, char **argv);

const cli_command cli_cmd_date = {
    "date",
    "add or subtract ISO 8601 durations to calendar dates",
    "comply date add DATE DURATION\n"
    "       comply date add --from FILE|-\n"
    "       comply date sub DATE DURATION\n"
    "       comply date sub --from FILE|-\n"
    "\n"
    "DATE is YYYY-MM-DD (or jj/mm/aaaa, jj.mm.aaaa), DURATION is ISO 8601 PnYnMnWnD.\n"
    "Months are added first and the day clamped to the month's end\n"
    "(2021-01-31 + P1M = 2021-02-28), then weeks and days. With --from, each line\n"
    "holds DATE DURATION and gives one output line: the date, or error: MESSAGE.\n"
    "Exit 0 when every line gave a date, 1 when one gave an error.\n",
    date_run,
};

const cli_command cli_cmd_duration = {
    "duration",
    "check and normalise ISO 8601 durations",
    "comply duration parse DURATION [--json]\n"
    "\n"
    "Prints the duration in canonical form, or with --json its parts:\n"
    "  {\"input\": \"P1Y2M\", \"canonical\": \"P1Y2M\", \"years\": 1, \"months\": 2, \"weeks\": 0,\n"
    "   \"days\": 0, \"hours\": 0, \"minutes\": 0, \"seconds\": 0}\n"
    "An invalid duration prints error: MESSAGE on stderr and exits 1.\n",
    duration_run,
};

/* Applies one "DATE DURATION" to `out` (a buffer of 64 bytes): the date,
 * or "error: message". Returns whether it gave a date. */
static bool date_apply(bool add, const char *date_text, size_t date_len, const char *dur_text, char *out,
                       size_t size)
{
    comply_date d, r;
    comply_duration dur;
    comply_error err;
    if (comply_date_parse_any(date_text, date_len, &d, &err) != COMPLY_OK ||
        comply_duration_parse(dur_text, &dur, &err) != COMPLY_OK) {
        snprintf(out, size, "error: %s", err.message);
        return false;
    }
    comply_status st = add ? comply_date_add(d, &dur, &r) : comply_date_sub(d, &dur, &r);
    if (st != COMPLY_OK) {
        snprintf(out, size, "error: %s",
                 st == COMPLY_ERANGE ? "the result falls outside years 0001 to 9999"
                                     : "a date takes no time part (hours, minutes, seconds)");
        return false;
    }
    return comply_date_format(r, out, size) == COMPLY_OK;
}

/* One line "DATE DURATION" (spaces or tabs between, CR dropped). */
static bool date_line(bool add, char *line, char *out, size_t size)
{
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        line[--len] = '\0';
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    char *sep = p;
    while (*sep && *sep != ' ' && *sep != '\t')
        sep++;
    char *dur = sep;
    while (*dur == ' ' || *dur == '\t')
        dur++;
    if (sep == p || !*dur) {
        snprintf(out, size, "error: expected a date and a duration");
        return false;
    }
    return date_apply(add, p, (size_t)(sep - p), dur, out, size);
}

static int date_from(bool add, const char *path)
{
    char *text;
    size_t len;
    if (!cli_read_file(path, &text, &len))
        return CLI_EXIT_USAGE;
    int rc = CLI_EXIT_OK;
    size_t start = 0;
    while (start < len) {
        char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        char *line = malloc(end - start + 1), out[COMPLY_ERROR_MESSAGE_SIZE + 16];
        if (!line) {
            free(text);
            return CLI_EXIT_USAGE;
        }
        memcpy(line, text + start, end - start);
        line[end - start] = '\0';
        if (strlen(line) != end - start) {
            snprintf(out, sizeof out, "error: NUL byte in the line");
            rc = CLI_EXIT_PROBLEMS;
        } else if (!date_line(add, line, out, sizeof out)) {
            rc = CLI_EXIT_PROBLEMS;
        }
        puts(out);
        free(line);
        start = end + 1;
    }
    free(text);
    return rc;
}

static int date_run(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "sub") != 0))
        return cli_usage_error(&cli_cmd_date, "date needs add or sub");
    bool add = strcmp(argv[1], "add") == 0;
    const char *from = NULL;
    int i = 2;
    if (i < argc && cli_option_value(argc, argv, &i, "--from", &from) < 0)
        return cli_usage_error(&cli_cmd_date, "--from needs a file name");
    if (from) {
        if (i + 1 != argc)
            return cli_usage_error(&cli_cmd_date, "--from takes no other argument");
        return date_from(add, from);
    }
    if (argc != 4)
        return cli_usage_error(&cli_cmd_date, "date %s needs DATE and DURATION", argv[1]);
    char out[COMPLY_ERROR_MESSAGE_SIZE + 16];
    bool ok = date_apply(add, argv[2], strlen(argv[2]), argv[3], out, sizeof out);
    if (!ok) {
        cli_error("%s", out + strlen("error: "));
        return CLI_EXIT_PROBLEMS;
    }
    puts(out);
    return CLI_EXIT_OK;
}

static void duration_json(const char *input, const comply_duration *d, const char *canonical)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "input", input);
    cJSON_AddStringToObject(o, "canonical", canonical);
    static const char *const keys[] = { "years", "months", "weeks", "days", "hours", "minutes", "seconds" };
    const uint32_t parts[] = { d->years, d->months, d->weeks, d->days, d->hours, d->minutes, d->seconds };
    for (size_t k = 0; k < 7; k++)
        cJSON_AddNumberToObject(o, keys[k], (double)parts[k]);
    char *text = cJSON_PrintUnformatted(o);
    if (text)
        puts(text);
    cJSON_free(text);
    cJSON_Delete(o);
}

static int duration_run(int argc, char **argv)
{
    bool json = false;
    const char *input = NULL;
    if (argc < 2 || strcmp(argv[1], "parse") != 0)
        return cli_usage_error(&cli_cmd_duration, "duration needs parse");
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (!input)
            input = argv[i];
        else
            return cli_usage_error(&cli_cmd_duration, "unexpected argument %s", argv[i]);
    }
    if (!input)
        return cli_usage_error(&cli_cmd_duration, "duration parse needs a DURATION");
    comply_duration d;
    comply_error err;
    char canonical[COMPLY_DURATION_TEXT_SIZE];
    if (comply_duration_parse(input, &d, &err) != COMPLY_OK) {
        fprintf(stderr, "error: %s\n", err.message);
        return CLI_EXIT_PROBLEMS;
    }
    if (comply_duration_format(&d, canonical, sizeof canonical) != COMPLY_OK)
        return CLI_EXIT_USAGE;
    if (json)
        duration_json(input, &d, canonical);
    else
        puts(canonical);
    return CLI_EXIT_OK;
}
