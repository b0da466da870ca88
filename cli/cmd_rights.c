/*
 * cmd_rights.c - `comply rights deadline`: the date by which a data
 * subject's request must be answered (GDPR Art. 12(3)), with French public
 * holidays (doc/rights.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int rights_run(int argc, char **argv);

const cli_command cli_cmd_rights = {
    "rights",
    "the GDPR Art. 12(3) deadline to answer a data subject's request",
    "comply rights deadline DATE [--extended] [--json]\n"
    "       comply rights deadline --from FILE|- [--extended] [--json]\n"
    "\n"
    "DATE is the day the request was received: YYYY-MM-DD, jj/mm/aaaa or jj.mm.aaaa.\n"
    "The answer is due one month later (three with --extended, Art. 12(3)), on the\n"
    "same date, else the last day of that month; a Saturday, Sunday or French public\n"
    "holiday moves it to the next working day (Regulation 1182/71 art. 3). Prints\n"
    "  2026-03-02 (2026-02-28 is a Saturday)\n"
    "or with --json\n"
    "  {\"received\": \"2026-01-31\", \"extended\": false, \"nominal\": \"2026-02-28\",\n"
    "   \"due\": \"2026-03-02\", \"moved\": true, \"reason\": \"saturday\",\n"
    "   \"article\": \"GDPR Art. 12(3)\"}\n"
    "reason is null, \"saturday\", \"sunday\" or \"holiday: NAME\" (why the nominal day moved).\n"
    "With --from, each line holds one DATE and gives one output line (text or JSON),\n"
    "or error: MESSAGE (JSON: {\"input_line\": N, \"error\": \"...\"}).\n"
    "Exit 0 when every date gave a deadline; 2 for a bad DATE or usage; with --from,\n"
    "1 when a line gave an error.\n",
    rights_run,
};

typedef struct rights_answer {
    comply_date received, nominal, due;
    bool extended;
    char reason[96]; /* "" when the nominal day is a working day */
} rights_answer;

/* Why the nominal day is not a working day, as the JSON says it. */
static void rights_reason(comply_date day, char *buf, size_t size)
{
    const char *holiday = comply_holiday_fr_name(day, "en");
    const int weekday = comply_date_weekday(day);
    buf[0] = '\0';
    if (holiday)
        snprintf(buf, size, "holiday: %s", holiday);
    else if (weekday == 6)
        snprintf(buf, size, "saturday");
    else if (weekday == 7)
        snprintf(buf, size, "sunday");
}

/* Fills `a` from a date text; on failure writes the message to `msg`. */
static bool rights_compute(const char *text, size_t len, bool extended, rights_answer *a, char *msg, size_t size)
{
    comply_error err;
    memset(a, 0, sizeof *a);
    a->extended = extended;
    if (comply_date_parse_any(text, len, &a->received, &err) != COMPLY_OK) {
        snprintf(msg, size, "%s", err.message);
        return false;
    }
    comply_duration period;
    memset(&period, 0, sizeof period);
    period.months = extended ? 3 : 1;
    if (comply_date_add(a->received, &period, &a->nominal) != COMPLY_OK ||
        comply_rights_deadline(a->received, extended, &a->due) != COMPLY_OK) {
        snprintf(msg, size, "the deadline falls after 9999-12-31");
        return false;
    }
    rights_reason(a->nominal, a->reason, sizeof a->reason);
    return true;
}

static void rights_print(const rights_answer *a, bool json)
{
    char received[16], nominal[16], due[16];
    if (comply_date_format(a->received, received, sizeof received) != COMPLY_OK ||
        comply_date_format(a->nominal, nominal, sizeof nominal) != COMPLY_OK ||
        comply_date_format(a->due, due, sizeof due) != COMPLY_OK)
        return;
    const bool moved = comply_date_compare(a->nominal, a->due) != 0;
    if (json) {
        printf("{\"received\":\"%s\",\"extended\":%s,\"nominal\":\"%s\",\"due\":\"%s\",\"moved\":%s,\"reason\":", received,
               a->extended ? "true" : "false", nominal, due, moved ? "true" : "false");
        if (a->reason[0])
            printf("\"%s\"", a->reason);
        else
            fputs("null", stdout);
        puts(",\"article\":\"GDPR Art. 12(3)\"}");
        return;
    }
    if (!moved) {
        puts(due);
        return;
    }
    const char *holiday = comply_holiday_fr_name(a->nominal, "en");
    if (holiday)
        printf("%s (%s is a public holiday: %s)\n", due, nominal, holiday);
    else
        printf("%s (%s is a %s)\n", due, nominal, comply_date_weekday(a->nominal) == 6 ? "Saturday" : "Sunday");
}

static void rights_print_error(unsigned long line, const char *msg, bool json)
{
    if (!json) {
        printf("error: %s\n", msg);
        return;
    }
    printf("{\"input_line\":%lu,\"error\":\"", line);
    for (const char *p = msg; *p; p++) {
        if (*p == '"' || *p == '\\')
            putchar('\\');
        if ((unsigned char)*p >= 0x20)
            putchar(*p);
    }
    puts("\"}");
}

/* One date per line; blanks around it and a CR are dropped. */
static int rights_from(const char *path, bool extended, bool json)
{
    char *text;
    size_t len;
    if (!cli_read_file(path, &text, &len))
        return CLI_EXIT_USAGE;
    int rc = CLI_EXIT_OK;
    unsigned long line = 0;
    for (size_t start = 0; start < len;) {
        const char *nl = memchr(text + start, '\n', len - start);
        const size_t end = nl ? (size_t)(nl - text) : len;
        size_t a = start, b = end;
        while (a < b && (text[a] == ' ' || text[a] == '\t'))
            a++;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
            b--;
        line++;
        rights_answer ans;
        char msg[COMPLY_ERROR_MESSAGE_SIZE];
        if (rights_compute(text + a, b - a, extended, &ans, msg, sizeof msg)) {
            rights_print(&ans, json);
        } else {
            rights_print_error(line, msg, json);
            rc = CLI_EXIT_PROBLEMS;
        }
        start = end + 1;
    }
    free(text);
    return rc;
}

static int rights_deadline(int argc, char **argv)
{
    const cli_command *cmd = &cli_cmd_rights;
    bool json = false, extended = false;
    const char *input = NULL, *from = NULL;
    for (int i = 2; i < argc; i++) {
        int taken = cli_option_value(argc, argv, &i, "--from", &from);
        if (taken < 0)
            return cli_usage_error(cmd, "--from needs a file name");
        if (taken)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--extended") == 0)
            extended = true;
        else if (!input && argv[i][0] != '-')
            input = argv[i];
        else
            return cli_usage_error(cmd, "unexpected argument %s", argv[i]);
    }
    if (from && input)
        return cli_usage_error(cmd, "give either DATE or --from, not both");
    if (from)
        return rights_from(from, extended, json);
    if (!input)
        return cli_usage_error(cmd, "rights deadline needs a DATE (YYYY-MM-DD)");
    rights_answer ans;
    char msg[COMPLY_ERROR_MESSAGE_SIZE];
    if (!rights_compute(input, strlen(input), extended, &ans, msg, sizeof msg)) {
        cli_error("%s", msg);
        return CLI_EXIT_USAGE;
    }
    rights_print(&ans, json);
    return CLI_EXIT_OK;
}

static int rights_run(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "deadline") != 0)
        return cli_usage_error(&cli_cmd_rights, "rights needs deadline");
    return rights_deadline(argc, argv);
}
