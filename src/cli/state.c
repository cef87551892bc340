/* state.c: `berth state ID`: flags -> container_state (the state JSON).  */
#include <config.h>

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "container.h"

static const char usage[] = "Usage: berth state ID\n\n"
                            "Print the state of a container as JSON (runtime-spec state, plus\n"
                            "runc's rootfs, created and owner).\n";

int
cli_state (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  cleanup_error berth_error_t *err = NULL;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+h", opts, NULL)) != -1)
    {
      if (c == 'h')
        return cli_print_help (usage);
      return cli_usage_error (ctx, "unknown option %s", argv[optind - 1]);
    }
  if (optind != argc - 1)
    return cli_usage_error (ctx, "expected exactly one container ID");
  if (container_state (ctx->root, argv[optind], stdout, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
