/*
 * cmd_classify.c - `comply classify`: what single values are.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli.h"

static int classify_run(int argc, char **argv);

const cli_command cli_cmd_classify = {
    "classify",
    "say which category single values belong to",
    "comply classify --value V [--value V]... [--json] [--min-confidence X]\n"
    "       comply classify --values-from FILE|- [--json] [--min-confidence X]\n"
    "\n"
    "Classifies each value (whole value, surrounding spaces ignored) with the\n"
    "detectors of the rules. --values-from reads one value per line (LF or CRLF).\n"
    "With --json, JSON Lines, one object per input in input order:\n"
    "  {\"input\": \"...\", \"category\": \"contact.email\" | null, \"confidence\": 0.95, \"by\": \"email\" | null}\n"
    "Results under --min-confidence (default 0) are reported as no category.\n"
    "Also takes --pack FILE and --no-default.\n",
    classify_run,
};

typedef struct classify_job {
    const comply_rules *rules;
    bool json;
    double min_confidence;
    int rc;
} classify_job;

static void classify_print(classify_job *job, const char *input, size_t len, const comply_class *c)
{
    bool found = c->category && c->confidence >= job->min_confidence && c->confidence > 0;
    if (!job->json) {
        printf("%-40.*s  %-28s  %5.3f  %s\n", (int)(len > 40 ? 40 : len), input, found ? c->category : "-",
               found ? cli_round_confidence(c->confidence) : 0.0, found && c->by ? c->by : "-");
        return;
    }
    char *text = cli_valid_utf8(input, len);
    cJSON *o = cJSON_CreateObject();
    if (!text || !o) {
        free(text);
        cJSON_Delete(o);
        job->rc = CLI_EXIT_USAGE;
        return;
    }
    cJSON_AddStringToObject(o, "input", text);
    if (found) {
        cJSON_AddStringToObject(o, "category", c->category);
        cJSON_AddNumberToObject(o, "confidence", cli_round_confidence(c->confidence));
        cJSON_AddStringToObject(o, "by", c->by ? c->by : "");
    } else {
        cJSON_AddNullToObject(o, "category");
        cJSON_AddNumberToObject(o, "confidence", 0);
        cJSON_AddNullToObject(o, "by");
    }
    char *line = cJSON_PrintUnformatted(o);
    if (line)
        puts(line);
    else
        job->rc = CLI_EXIT_USAGE;
    cJSON_free(line);
    cJSON_Delete(o);
    free(text);
}

static void classify_one(classify_job *job, const char *input, size_t len)
{
    comply_class c;
    comply_error err;
    if (comply_classify_value(job->rules, input, len, &c, &err) != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        job->rc = CLI_EXIT_USAGE;
        return;
    }
    classify_print(job, input, len, &c);
}

static void classify_lines(classify_job *job, const char *text, size_t len)
{
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t vlen = end - start;
        if (vlen && text[start + vlen - 1] == '\r')
            vlen--;
        classify_one(job, text + start, vlen);
        start = end + 1;
    }
}

static int classify_run(int argc, char **argv)
{
    cli_rules_options opts = { { NULL }, 0, false };
    classify_job job = { NULL, false, 0.0, CLI_EXIT_OK };
    const char **values = calloc((size_t)argc, sizeof *values);
    size_t n_values = 0;
    const char *from = NULL;
    if (!values)
        return CLI_EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if ((r = cli_rules_option(argc, argv, &i, &opts, &cli_cmd_classify)) != 0 ||
            (r = cli_confidence_option(argc, argv, &i, &job.min_confidence, &cli_cmd_classify)) != 0) {
            if (r < 0)
                goto usage;
            continue;
        }
        if ((r = cli_option_value(argc, argv, &i, "--value", &v)) > 0) {
            values[n_values++] = v;
        } else if (r == 0 && (r = cli_option_value(argc, argv, &i, "--values-from", &v)) > 0) {
            from = v;
        } else if (r == 0 && strcmp(argv[i], "--json") == 0) {
            job.json = true;
        } else {
            cli_usage_error(&cli_cmd_classify, r < 0 ? "%s needs an argument" : "unexpected argument %s", argv[i]);
            goto usage;
        }
    }
    if (!n_values && !from) {
        cli_usage_error(&cli_cmd_classify, "give --value V or --values-from FILE");
        goto usage;
    }
    comply_rules *rules = cli_load_rules(&opts, &job.rc);
    if (!rules) {
        free(values);
        return job.rc;
    }
    job.rules = rules;
    for (size_t k = 0; k < n_values; k++)
        classify_one(&job, values[k], strlen(values[k]));
    if (from) {
        char *text;
        size_t len;
        if (cli_read_file(from, &text, &len)) {
            classify_lines(&job, text, len);
            free(text);
        } else {
            job.rc = CLI_EXIT_USAGE;
        }
    }
    comply_rules_free(rules);
    free(values);
    return job.rc;
usage:
    free(values);
    return CLI_EXIT_USAGE;
}
