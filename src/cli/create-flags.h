/* create-flags.h: the flags `create` and `run` share (runc's), parsed once
   here so the two commands cannot drift apart.  */
#ifndef BERTH_CLI_CREATE_FLAGS_H
#define BERTH_CLI_CREATE_FLAGS_H

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "container.h"

enum
{
  CREATE_OPT_PID_FILE = 256,
  CREATE_OPT_CONSOLE_SOCKET,
  CREATE_OPT_NO_PIVOT,
  CREATE_OPT_NO_NEW_KEYRING,
  CREATE_OPT_PRESERVE_FDS,
  CREATE_OPT_KEEP,
  CREATE_OPT_NO_SUBREAPER,
};

#define CREATE_FLAGS_USAGE                                                              \
  "  -b, --bundle DIR          the bundle (default: the current directory)\n"        \
  "      --pid-file FILE       write the container init's pid to FILE\n"             \
  "      --console-socket SOCK send the pty master of a terminal container to SOCK\n" \
  "      --no-pivot            chroot instead of pivot_root (rootfs on a ramdisk)\n"  \
  "      --no-new-keyring      keep the caller's session keyring\n"                  \
  "      --preserve-fds N      pass fds 3 .. 3+N-1 to the container\n"

/* Parse argv into o (and run's own flags when `run` is not NULL); returns
   -1 after printing help (exit 0), 1 on a usage error, 0 to go on.  */
static inline int
cli_parse_create_flags (struct cli_ctx *ctx, int argc, char **argv, const char *usage,
                        struct container_create_options *o, struct container_run_options *run)
{
  static const struct option opts[] = {
    { "bundle", required_argument, NULL, 'b' },
    { "pid-file", required_argument, NULL, CREATE_OPT_PID_FILE },
    { "console-socket", required_argument, NULL, CREATE_OPT_CONSOLE_SOCKET },
    { "no-pivot", no_argument, NULL, CREATE_OPT_NO_PIVOT },
    { "no-new-keyring", no_argument, NULL, CREATE_OPT_NO_NEW_KEYRING },
    { "preserve-fds", required_argument, NULL, CREATE_OPT_PRESERVE_FDS },
    { "detach", no_argument, NULL, 'd' },
    { "keep", no_argument, NULL, CREATE_OPT_KEEP },
    { "no-subreaper", no_argument, NULL, CREATE_OPT_NO_SUBREAPER },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  int c;

  memset (o, 0, sizeof *o);
  o->root = ctx->root;
  opterr = 0;
  while ((c = getopt_long (argc, argv, run ? "+b:dh" : "+b:h", opts, NULL)) != -1)
    {
      char *end;
      long v;
      switch (c)
        {
        case 'b':
          o->bundle = optarg;
          break;
        case CREATE_OPT_PID_FILE:
          o->pid_file = optarg;
          break;
        case CREATE_OPT_CONSOLE_SOCKET:
          o->console_socket = optarg;
          break;
        case CREATE_OPT_NO_PIVOT:
          o->no_pivot = true;
          break;
        case CREATE_OPT_NO_NEW_KEYRING:
          o->no_new_keyring = true;
          break;
        case CREATE_OPT_PRESERVE_FDS:
          /* range-check the long before narrowing: 4294967296 must not
             become 0 (found by fuzz-cli) */
          v = strtol (optarg, &end, 10);
          o->preserve_fds = (int) v;
          if (*end || *optarg == '\0' || v < 0 || v > INT_MAX)
            return cli_usage_error (ctx, "--preserve-fds: expected a number, got \"%s\"", optarg);
          break;
        case 'd':
        case CREATE_OPT_KEEP:
        case CREATE_OPT_NO_SUBREAPER:
          if (run == NULL)
            return cli_usage_error (ctx, "unknown option %s", argv[optind - 1]);
          if (c == 'd')
            run->detach = true;
          else if (c == CREATE_OPT_KEEP)
            run->keep = true;
          break;
        case 'h':
          cli_print_help (usage);
          return -1;
        case ':':
          return cli_usage_error (ctx, "option %s needs an argument", argv[optind - 1]);
        default:
          return cli_usage_error (ctx, "unknown option %s", argv[optind - 1]);
        }
    }
  if (optind != argc - 1)
    return cli_usage_error (ctx, "expected exactly one container ID");
  o->id = argv[optind];
  return cli_check_id (ctx, o->id);
}

#endif
