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
extern const cli_command cli_cmd_classify;
extern const cli_command cli_cmd_scan;
extern const cli_command cli_cmd_redact;
extern const cli_command cli_cmd_columns;
extern const cli_command cli_cmd_check;
extern const cli_command cli_cmd_purposes;
extern const cli_command cli_cmd_date;
extern const cli_command cli_cmd_duration;
extern const cli_command cli_cmd_retention;
extern const cli_command cli_cmd_breach;
extern const cli_command cli_cmd_rights;
extern const cli_command cli_cmd_audit;
extern const cli_command cli_cmd_ropa;

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

/* Today's date from the system clock, UTC, with integer arithmetic: the
 * only place the tool reads a clock (only when no --today is given). */
bool cli_system_today(comply_date *out);
/* Reads a whole file, or standard input for "-". Caller frees *out. */
bool cli_read_file(const char *path, char **out, size_t *len);
/* Builds the rules: the default pack unless no_default, then each --pack.
 * Prints problems and returns NULL on failure (*exit_code set). */
comply_rules *cli_load_rules(const cli_rules_options *opts, int *exit_code);
/* Layers one pack file (or "-") on `rules`; prints its problems. */
comply_status cli_add_pack(comply_rules *rules, const char *path, comply_error *err);
/* The display name of a pack path ("<stdin>" for "-"). */
const char *cli_source_name(const char *path);

/* Parses --min-confidence X (a number in [0, 1]); 1 taken, 0 not, -1 error. */
int cli_confidence_option(int argc, char **argv, int *i, double *value, const cli_command *cmd);
/* A confidence rounded to three decimals, as printed. */
double cli_round_confidence(double c);
/* A copy of s[0, len) with invalid UTF-8 replaced by U+FFFD (for JSON). */
char *cli_valid_utf8(const char *s, size_t len);

/* The part of a stream not yet consumed: bytes from `base` on. */
typedef struct cli_tail {
    char *buf;
    size_t len, cap;
    size_t base; /* stream offset of buf[0] */
} cli_tail;

bool cli_tail_append(cli_tail *t, const char *data, size_t len);
/* Forgets the bytes before stream offset `offset`. */
void cli_tail_drop(cli_tail *t, size_t offset);
void cli_tail_free(cli_tail *t);

/* Writes the record of processing activities (GDPR Art. 30) of `n`
 * declarations to `path`, in the format its extension names (.html, .csv,
 * .md, else JSON) and in `lang` ("fr" or "en"); prints problems and
 * returns an exit code. */
int cli_ropa_write(const comply_rules *rules, const char *const *texts, const size_t *lens,
                   const char *const *sources, size_t n, const char *lang, const char *path);

/* Feeds a file (or stdin for "-") to a scanner in chunks; after each chunk
 * calls settled(user, offset) with the scanner's settled offset. */
int cli_scan_file(const char *path, comply_scanner *scanner, cli_tail *tail,
                  void (*settled)(void *user, size_t offset), void *user);

#endif
