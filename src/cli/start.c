/* start.c: `berth start ID`: flags -> container_start.  */
#include <config.h>

#include <getopt.h>

#include "cli/cli.h"
#include "container.h"

static const char usage[] = "Usage: berth start ID\n\n"
                            "Run the user program of a created container.\n";

int
cli_start (struct cli_ctx *ctx, int argc, char **argv)
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
  if (container_start (ctx->root, argv[optind], &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
