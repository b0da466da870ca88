/*
 * cmd_breach.c - `comply breach deadline|assess`: the GDPR Art. 33(1)
 * breach clock, and a first assessment of a breach described in JSON
 * (Art. 33 and 34; doc/breach.md).
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"

static int breach_run(int argc, char **argv);

const cli_command cli_cmd_breach = {
    "breach",
    "the GDPR Art. 33(1) deadline to notify a personal-data breach, and its assessment",
    "comply breach deadline INSTANT [--json]\n"
    "       comply breach assess BREACH.json|- [--json] [--pack FILE]... [--no-default]\n"
    "\n"
    "deadline:\n"
    "INSTANT is the RFC 3339 date-time the controller became aware of the breach\n"
    "(2024-05-01T09:30:00+02:00). Prints the deadline to notify the supervisory\n"
    "authority, 72 hours later (GDPR Art. 33(1)), in UTC; with --json\n"
    "  {\"aware\": \"2024-05-01T07:30:00Z\", \"deadline\": \"2024-05-04T07:30:00Z\",\n"
    "   \"article\": \"GDPR Art. 33(1)\"}\n"
    "A malformed instant prints a message on stderr and exits 2.\n"
    "\n"
    "assess: reads the breach description (doc/breach.md: aware_at, nature, categories,\n"
    "people, records, encrypted, key_compromised, passwords.stored, consequences,\n"
    "measures_taken, notified_at, ...) and prints the 72-hour deadline and whether\n"
    "notifying the authority is required (Art. 33(1)), whether informing the people\n"
    "is likely required (Art. 34, with the Art. 34(3)(a) encryption exemption), and\n"
    "the gaps: a missing fact leaves its answer unknown, never guessed. With --json,\n"
    "one document {\"source\", \"notify_authority\": {\"deadline\", \"required\",\n"
    "\"reason\", \"notified_at\", \"late\", \"late_note\", \"article\"}, \"inform_people\":\n"
    "{\"likely_required\", \"reasons\", \"exemptions\", \"article\"}, \"register_entry\":\n"
    "{\"facts\", \"effects\", \"remedial_action\", \"controller\", \"dpo\", \"article\"},\n"
    "\"gaps\": [{\"field\", \"why\"}]}. The text form never prints the free texts.\n"
    "Exit 0 when assessed; 2 for a malformed or invalid description (FILE:LINE:COL:\n"
    "error: MESSAGE (at PATH) on stderr) or an I/O error.\n",
    breach_run,
};

/* ---------------------------------------------------------------- deadline */

static int breach_deadline(int argc, char **argv)
{
    const cli_command *cmd = &cli_cmd_breach;
    bool json = false;
    const char *input = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (!input && (argv[i][0] != '-' || argv[i][1] == '\0'))
            input = argv[i];
        else
            return cli_usage_error(cmd, "unexpected argument %s", argv[i]);
    }
    if (!input)
        return cli_usage_error(cmd, "breach deadline needs an INSTANT (RFC 3339)");
    comply_instant aware, deadline;
    comply_duration hours72;
    comply_error err;
    char aware_s[COMPLY_INSTANT_TEXT_SIZE], deadline_s[COMPLY_INSTANT_TEXT_SIZE];
    if (comply_instant_parse(input, strlen(input), &aware, &err) != COMPLY_OK) {
        cli_error("%s", err.message);
        return CLI_EXIT_USAGE;
    }
    /* GDPR Art. 33(1): "not later than 72 hours after having become aware of it". */
    if (comply_duration_parse("PT72H", &hours72, &err) != COMPLY_OK ||
        comply_instant_add(aware, &hours72, &deadline) != COMPLY_OK ||
        comply_instant_format(aware, aware_s, sizeof aware_s) != COMPLY_OK ||
        comply_instant_format(deadline, deadline_s, sizeof deadline_s) != COMPLY_OK) {
        cli_error("the deadline falls after 9999-12-31T23:59:59Z");
        return CLI_EXIT_USAGE;
    }
    if (json)
        printf("{\"aware\":\"%s\",\"deadline\":\"%s\",\"article\":\"GDPR Art. 33(1)\"}\n", aware_s, deadline_s);
    else
        printf("notify the supervisory authority by %s (GDPR Art. 33(1): within 72 hours of becoming aware)\n",
               deadline_s);
    return CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ assess */

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *json_tri(const cJSON *o, const char *key, const char *yes, const char *no, const char *unknown)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsTrue(v) ? yes : cJSON_IsFalse(v) ? no : unknown;
}

static void put_strings(const cJSON *o, const char *key, const char *prefix)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(o, key))
        if (cJSON_IsString(item))
            printf("%s%s\n", prefix, item->valuestring);
}

/* The assessment for a human: answers, reasons and gaps, no free text. */
static void breach_print_text(const cJSON *doc)
{
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(doc, "notify_authority");
    const cJSON *people = cJSON_GetObjectItemCaseSensitive(doc, "inform_people");
    const char *deadline = json_str(auth, "deadline");
    printf("breach: %s\n", json_str(doc, "source") ? json_str(doc, "source") : "");
    printf("notify the supervisory authority: %s; deadline %s (GDPR Art. 33(1))\n",
           json_tri(auth, "required", "required", "not required", "not known"),
           deadline ? deadline : "not known");
    printf("  %s\n", json_str(auth, "reason") ? json_str(auth, "reason") : "");
    if (json_str(auth, "late_note"))
        printf("  %s\n", json_str(auth, "late_note"));
    printf("inform the people: %s (GDPR Art. 34)\n",
           json_tri(people, "likely_required", "likely required", "not required", "not known"));
    put_strings(people, "reasons", "  - ");
    put_strings(people, "exemptions", "  exemption: ");
    const cJSON *gaps = cJSON_GetObjectItemCaseSensitive(doc, "gaps"), *gap;
    if (cJSON_GetArraySize(gaps) > 0)
        puts("gaps:");
    cJSON_ArrayForEach(gap, gaps)
        printf("  - %s: %s\n", json_str(gap, "field") ? json_str(gap, "field") : "",
               json_str(gap, "why") ? json_str(gap, "why") : "");
    puts("register entry (GDPR Art. 33(5)): see --json");
}

static int breach_assess(int argc, char **argv)
{
    const cli_command *cmd = &cli_cmd_breach;
    cli_rules_options opts = { { NULL }, 0, false };
    bool json = false;
    const char *path = NULL;
    for (int i = 2; i < argc; i++) {
        const int r = cli_rules_option(argc, argv, &i, &opts, cmd);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (!path && (argv[i][0] != '-' || argv[i][1] == '\0'))
            path = argv[i];
        else
            return cli_usage_error(cmd, "unexpected argument %s", argv[i]);
    }
    if (!path)
        return cli_usage_error(cmd, "breach assess needs a BREACH.json file (or - for stdin)");
    int rc = CLI_EXIT_OK;
    comply_rules *rules = cli_load_rules(&opts, &rc);
    if (!rules)
        return rc;
    char *text = NULL, *out = NULL;
    size_t len = 0, out_len = 0;
    comply_error err;
    if (!cli_read_file(path, &text, &len)) {
        rc = CLI_EXIT_USAGE;
    } else if (comply_breach_assess_json(rules, text, len, cli_source_name(path), &out, &out_len, &err) !=
               COMPLY_OK) {
        cli_print_problem(stderr, &err);
        rc = CLI_EXIT_USAGE;
    } else if (json) {
        fwrite(out, 1, out_len, stdout);
        putchar('\n');
    } else {
        cJSON *doc = cJSON_ParseWithLength(out, out_len);
        if (doc)
            breach_print_text(doc);
        else
            rc = CLI_EXIT_USAGE;
        cJSON_Delete(doc);
    }
    comply_free(rules, out);
    free(text);
    comply_rules_free(rules);
    return rc;
}

static int breach_run(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "deadline") == 0)
        return breach_deadline(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "assess") == 0)
        return breach_assess(argc, argv);
    return cli_usage_error(&cli_cmd_breach, "breach needs deadline or assess");
}
