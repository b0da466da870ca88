/*
 * cli.h - shared pieces of the `comply` command-line tool.
 * The tool only uses the public API of comply.h.
 */
#ifndef COMPLY_CLI_H
#define COMPLY_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "comply.h"

/* Exit codes, the same for every subcommand (documented in comply(1)). */
enum {
    CLI_EXIT_OK = 0,       /* the command ran and found nothing wrong */
    CLI_EXIT_PROBLEMS = 1, /* the command ran and found problems (invalid pack, findings) */
    CLI_EXIT_USAGE = 2     /* usage or input/output error */
};

#define CLI_MAX_PACKS 64

/* Options every subcommand that reads rules understands. */
typedef struct cli_rules_options {
    const char *packs[CLI_MAX_PACKS];
    size_t n_packs;
    bool no_default;
} cli_rules_options;

/* A subcommand: its name, one-line summary, usage text and entry point. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;
    int (*run)(int argc, char **argv);
} cli_command;

extern const cli_command cli_cmd_rules;
extern const cli_command cli_cmd_taxonomy;

/* Prints "comply: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a library error as FILE:LINE:COL: error: message (path). */
void cli_print_problem(FILE *out, const comply_error *err);
/* Prints the usage of a command on stderr and returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "--name VALUE" or "--name=VALUE" at argv[*i]: 1 and *value set (and *i
 * advanced past VALUE), 0 when argv[*i] is another option, -1 when VALUE
 * is missing. */
int cli_option_value(int argc, char **argv, int *i, const char *name, const char **value);
/* Handles --pack and --no-default; 1 when taken, 0 when not, -1 on error. */
int cli_rules_option(int argc, char **argv, int *i, cli_rules_options *opts, const cli_command *cmd);

/* Reads a whole file, or standard input for "-". Caller frees *out. */
bool cli_read_file(const char *path, char **out, size_t *len);
/* Builds the rules: the default pack unless no_default, then each --pack.
 * Prints problems and returns NULL on failure (*exit_code set). */
comply_rules *cli_load_rules(const cli_rules_options *opts, int *exit_code);
/* Layers one pack file (or "-") on `rules`; prints its problems. */
comply_status cli_add_pack(comply_rules *rules, const char *path, comply_error *err);
/* The display name of a pack path ("<stdin>" for "-"). */
const char *cli_source_name(const char *path);

#endif
