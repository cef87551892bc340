/* cli.h: what every command file shares.  A command parses its own flags
   and makes one library call; it never touches the kernel itself.  */
#ifndef BERTH_CLI_H
#define BERTH_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

enum cli_log_format
{
  CLI_LOG_TEXT = 0,
  CLI_LOG_JSON
};

/* Global options, parsed by main.c before the command.  */
struct cli_ctx
{
  const char *root;      /* --root, default /run/berth (or $XDG_RUNTIME_DIR/berth rootless) */
  const char *log_path;  /* --log */
  enum cli_log_format log_format;
  bool debug;
  bool systemd_cgroup;
  int rootless;          /* --rootless: -1 auto, 0 false, 1 true */
  const char *command;   /* the command name, for messages */
};

struct cli_command
{
  const char *name;
  int (*run) (struct cli_ctx *ctx, int argc, char **argv);
  const char *summary;
};

/* Print an error (stderr, and --log in text or JSON form); returns the exit
   status to use (1).  Frees *err.  */
int cli_report (struct cli_ctx *ctx, berth_error_t **err);
/* Print "berth COMMAND: MESSAGE" plus a usage hint; returns 1.  */
int cli_usage_error (struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));
/* Log a debug line when --debug is on.  */
void cli_debug (struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));
/* After getopt_long returned '?' or ':' (use an optstring starting "+:"):
   "unknown option --x" / "option --bundle needs an argument" plus the
   usage hint; returns 1.  */
int cli_getopt_error (struct cli_ctx *ctx, int c, char **argv);
/* A command's --help: print usage and return 0.  */
int cli_print_help (const char *usage);
/* cli-args.c: parse "[-h|--help] ID" for a command that takes nothing else.
   Returns the ID, or NULL with *status the exit status once --help or a
   usage error was printed.  */
const char *cli_parse_id_only (struct cli_ctx *ctx, int argc, char **argv, const char *usage,
                               int *status);
/* cli-args.c: refuse an ID that is no valid container id before anything
   else is done with it (prints the error).  Returns 0, or the exit status.  */
int cli_check_id (struct cli_ctx *ctx, const char *id);

#define CLI_COMMANDS(X)                                                        \
  X (create, "create a container")                                             \
  X (start, "run the user program of a created container")                    \
  X (run, "create and start a container")                                      \
  X (state, "print the state of a container")                                  \
  X (kill, "send a signal to a container's init process")                      \
  X (delete, "delete a container and everything berth made for it")            \
  X (list, "list containers")                                                  \
  X (exec, "run a new process inside a container")                             \
  X (ps, "list the processes of a container")                                  \
  X (pause, "freeze every process of a container")                             \
  X (resume, "thaw a paused container")                                        \
  X (update, "change a container's resource limits")                           \
  X (events, "print a container's events and statistics")                     \
  X (spec, "write a default config.json")                                      \
  X (features, "print the features document of this runtime")

#define CLI_DECLARE(name, summary) int cli_##name (struct cli_ctx *ctx, int argc, char **argv);
CLI_COMMANDS (CLI_DECLARE)
#undef CLI_DECLARE

#endif
