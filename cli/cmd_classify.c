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
    "       comply classify --name N [--name N]... [--json] [--min-confidence X]\n"
    "       comply classify --names-from FILE|- [--json] [--min-confidence X]\n"
    "\n"
    "Classifies each value (whole value, surrounding spaces ignored) with the\n"
    "detectors of the rules, or each field name with the name lexicon.\n"
    "--values-from and --names-from read one input per line (LF or CRLF).\n"
    "With --json, JSON Lines, one object per input in input order:\n"
    "  {\"input\": \"...\", \"category\": \"contact.email\" | null, \"confidence\": 0.95, \"by\": \"...\" | null}\n"
    "where by is the detector (values) or the matched lexicon term (names).\n"
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

/* A name is a NUL-terminated string: one with a NUL inside stops there. */
static comply_status classify_name_n(const comply_rules *rules, const char *input, size_t len, comply_class *c,
                                     comply_error *err)
{
    char *name = malloc(len + 1);
    if (!name) {
        err->code = COMPLY_ENOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        return COMPLY_ENOMEM;
    }
    memcpy(name, input, len);
    name[len] = '\0';
    comply_status st = comply_classify_name(rules, name, c, err);
    free(name);
    return st;
}

static void classify_one(classify_job *job, bool names, const char *input, size_t len)
{
    comply_class c;
    comply_error err;
    comply_status st = names ? classify_name_n(job->rules, input, len, &c, &err)
                             : comply_classify_value(job->rules, input, len, &c, &err);
    if (st != COMPLY_OK) {
        cli_print_problem(stderr, &err);
        job->rc = CLI_EXIT_USAGE;
        return;
    }
    classify_print(job, input, len, &c);
}

static void classify_lines(classify_job *job, bool names, const char *text, size_t len)
{
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t vlen = end - start;
        if (vlen && text[start + vlen - 1] == '\r')
            vlen--;
        classify_one(job, names, text + start, vlen);
        start = end + 1;
    }
}

/* One input of the command line, kept in order. */
typedef struct classify_input {
    bool names;     /* a field name, else a value */
    bool from_file; /* text is a file name (or "-") */
    const char *text;
} classify_input;

static int classify_option(int argc, char **argv, int *i, classify_input *in)
{
    static const struct {
        const char *option;
        bool names, from_file;
    } kinds[] = {
        { "--values-from", false, true },
        { "--value", false, false },
        { "--names-from", true, true },
        { "--name", true, false },
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        int r = cli_option_value(argc, argv, i, kinds[k].option, &in->text);
        if (r != 0) {
            in->names = kinds[k].names;
            in->from_file = kinds[k].from_file;
            return r;
        }
    }
    return 0;
}

static void classify_all(classify_job *job, const classify_input *inputs, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (!inputs[k].from_file) {
            classify_one(job, inputs[k].names, inputs[k].text, strlen(inputs[k].text));
            continue;
        }
        char *text;
        size_t len;
        if (cli_read_file(inputs[k].text, &text, &len)) {
            classify_lines(job, inputs[k].names, text, len);
            free(text);
        } else {
            job->rc = CLI_EXIT_USAGE;
        }
    }
}

static int classify_run(int argc, char **argv)
{
    cli_rules_options opts = { { NULL }, 0, false };
    classify_job job = { NULL, false, 0.0, CLI_EXIT_OK };
    classify_input *inputs = calloc((size_t)argc, sizeof *inputs);
    size_t n = 0;
    if (!inputs)
        return CLI_EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        int r;
        if ((r = cli_rules_option(argc, argv, &i, &opts, &cli_cmd_classify)) != 0 ||
            (r = cli_confidence_option(argc, argv, &i, &job.min_confidence, &cli_cmd_classify)) != 0) {
            if (r < 0)
                goto usage;
            continue;
        }
        if ((r = classify_option(argc, argv, &i, &inputs[n])) > 0) {
            n++;
        } else if (r == 0 && strcmp(argv[i], "--json") == 0) {
            job.json = true;
        } else {
            cli_usage_error(&cli_cmd_classify, r < 0 ? "%s needs an argument" : "unexpected argument %s", argv[i]);
            goto usage;
        }
    }
    if (!n) {
        cli_usage_error(&cli_cmd_classify, "give --value, --values-from, --name or --names-from");
        goto usage;
    }
    comply_rules *rules = cli_load_rules(&opts, &job.rc);
    if (rules) {
        job.rules = rules;
        classify_all(&job, inputs, n);
        comply_rules_free(rules);
    }
    free(inputs);
    return job.rc;
usage:
    free(inputs);
    return CLI_EXIT_USAGE;
}
