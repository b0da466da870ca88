/*
 * main.c - `comply`, the command-line face of libcomply.
 */
#include <string.h>

#include "cli.h"

static const cli_command *const commands[] = {
    &cli_cmd_audit,
    &cli_cmd_classify,
    &cli_cmd_columns,
    &cli_cmd_scan,
    &cli_cmd_redact,
    &cli_cmd_check,
    &cli_cmd_purposes,
    &cli_cmd_ropa,
    &cli_cmd_date,
    &cli_cmd_duration,
    &cli_cmd_retention,
    &cli_cmd_breach,
    &cli_cmd_rights,
    &cli_cmd_rules,
    &cli_cmd_taxonomy,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void print_help(FILE *out)
{
    fputs("usage: comply COMMAND [OPTIONS] [ARGS]\n"
          "       comply --version | --help | help COMMAND\n\n"
          "Personal-data protection rules (GDPR, CNIL) for the software that collects the data.\n\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\nOptions of every command that reads rules:\n"
          "  --pack FILE    layer a rule pack on the rules (repeatable; - reads stdin)\n"
          "  --no-default   start from no rules instead of the built-in default pack\n\n"
          "Exit status: 0 success, 1 the command ran and found problems,\n"
          "2 usage or input/output error.\n",
          out);
}

static int run_help(int argc, char **argv)
{
    if (argc < 3) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    const cli_command *cmd = find_command(argv[2]);
    if (!cmd) {
        cli_error("no such command: %s (see comply --help)", argv[2]);
        return CLI_EXIT_USAGE;
    }
    printf("comply %s - %s\n\nusage: %s", cmd->name, cmd->summary, cmd->usage);
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *first = argv[1];
    if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0) {
        printf("comply %s\n", comply_version());
        return CLI_EXIT_OK;
    }
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        print_help(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(first, "help") == 0)
        return run_help(argc, argv);
    const cli_command *cmd = find_command(first);
    if (!cmd) {
        cli_error("no such command: %s (see comply --help)", first);
        return CLI_EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: %s", cmd->usage);
            return CLI_EXIT_OK;
        }
    int rc = cmd->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the output");
        return CLI_EXIT_USAGE;
    }
    return rc;
}
