/*
 * cmd_rules.c - `comply rules check` and `comply rules dump`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int rules_run(int argc, char **argv);

const cli_command cli_cmd_rules = {
    "rules",
    "check rule packs, or print the effective rules",
    "comply rules check [--pack FILE]... [--no-default] FILE...\n"
    "       comply rules dump [--pack FILE]... [--no-default] [--json]\n"
    "\n"
    "check  validates each FILE layered on the rules (the default pack, then\n"
    "       every --pack) and prints each problem as FILE:LINE:COL: error: MESSAGE.\n"
    "       Exit 0 when all are valid, 1 when one is not, 2 when one cannot be read.\n"
    "dump   prints the effective rules: a summary, or with --json the layered\n"
    "       pack as one JSON document that loads back to the same rules.\n",
    rules_run,
};

static void print_problem_cb(const comply_error *problem, void *user)
{
    cli_print_problem(user, problem);
}

/* Checks one file on top of a fresh copy of the base rules. */
static int check_one(const cli_rules_options *base, const char *path)
{
    int rc = CLI_EXIT_OK;
    comply_rules *rules = cli_load_rules(base, &rc);
    if (!rules)
        return rc;
    comply_rules_options o = COMPLY_RULES_OPTIONS_INIT;
    o.on_problem = print_problem_cb;
    o.problem_user = stdout;
    comply_rules *file_rules = NULL;
    comply_error err;
    comply_status st = comply_rules_new(&file_rules, &o, &err);
    if (st == COMPLY_OK)
        st = comply_rules_layer(file_rules, rules, &err);
    if (st == COMPLY_OK)
        st = cli_add_pack(file_rules, path, &err);
    if (st == COMPLY_OK) {
        printf("%s: ok (%zu categories, %zu detectors, %zu purposes, %zu retention rules)\n",
               cli_source_name(path), comply_category_count(file_rules),
               comply_rules_entry_count(file_rules, COMPLY_SECTION_DETECTORS),
               comply_rules_entry_count(file_rules, COMPLY_SECTION_PURPOSES),
               comply_rules_entry_count(file_rules, COMPLY_SECTION_RETENTION));
    } else if (st == COMPLY_EIO) {
        cli_error("%s", err.message);
        rc = CLI_EXIT_USAGE;
    } else {
        if (st != COMPLY_ERULE)
            cli_print_problem(stdout, &err);
        rc = CLI_EXIT_PROBLEMS;
    }
    comply_rules_free(file_rules);
    comply_rules_free(rules);
    return rc;
}

static int rules_check(int argc, char **argv)
{
    cli_rules_options opts = { { NULL }, 0, false };
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t n_files = 0;
    if (!files)
        return CLI_EXIT_USAGE;
    for (int i = 1; i < argc; i++) {
        int r = cli_rules_option(argc, argv, &i, &opts, &cli_cmd_rules);
        if (r < 0) {
            free(files);
            return CLI_EXIT_USAGE;
        }
        if (r == 0 && argv[i][0] == '-' && argv[i][1] != '\0') {
            free(files);
            return cli_usage_error(&cli_cmd_rules, "unknown option %s", argv[i]);
        }
        if (r == 0)
            files[n_files++] = argv[i];
    }
    if (n_files == 0) {
        free(files);
        return cli_usage_error(&cli_cmd_rules, "rules check needs at least one FILE");
    }
    int rc = CLI_EXIT_OK;
    for (size_t k = 0; k < n_files; k++) {
        int one = check_one(&opts, files[k]);
        if (one > rc)
            rc = one;
    }
    free(files);
    return rc;
}

static void dump_summary(const comply_rules *rules)
{
    size_t n = comply_rules_pack_count(rules);
    printf("packs layered: %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        const char *name = comply_rules_pack_name(rules, i);
        const char *version = comply_rules_pack_version(rules, i);
        printf("  %zu. %s%s%s\n", i + 1, name[0] ? name : "(unnamed)", version[0] ? " " : "", version);
    }
    printf("effective entries:\n");
    for (int s = 0; s < COMPLY_SECTION_COUNT_; s++)
        printf("  %-13s %zu\n", comply_section_name((comply_section)s),
               comply_rules_entry_count(rules, (comply_section)s));
}

static int rules_dump(int argc, char **argv)
{
    cli_rules_options opts = { { NULL }, 0, false };
    bool json = false;
    for (int i = 1; i < argc; i++) {
        int r = cli_rules_option(argc, argv, &i, &opts, &cli_cmd_rules);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else
            return cli_usage_error(&cli_cmd_rules, "unexpected argument %s", argv[i]);
    }
    int rc = CLI_EXIT_OK;
    comply_rules *rules = cli_load_rules(&opts, &rc);
    if (!rules)
        return rc;
    if (json) {
        char *text = NULL;
        size_t len = 0;
        comply_error err;
        if (comply_rules_to_json(rules, 1, &text, &len, &err) != COMPLY_OK) {
            cli_print_problem(stderr, &err);
            rc = CLI_EXIT_USAGE;
        } else {
            fwrite(text, 1, len, stdout);
        }
        comply_free(rules, text);
    } else {
        dump_summary(rules);
    }
    comply_rules_free(rules);
    return rc;
}

static int rules_run(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cli_cmd_rules, "rules needs a subcommand: check or dump");
    if (strcmp(argv[1], "check") == 0)
        return rules_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "dump") == 0)
        return rules_dump(argc - 1, argv + 1);
    return cli_usage_error(&cli_cmd_rules, "unknown rules subcommand %s", argv[1]);
}
