/* delete.c: `berth delete [--force] ID`: flags -> container_delete.  */
#include <config.h>

#include <getopt.h>

#include "cli/cli.h"
#include "container.h"

static const char usage[] = "Usage: berth delete [options] ID\n\n"
                            "Delete a stopped (or created) container and everything berth made for it.\n\n"
                            "Options:\n"
                            "  -f, --force   kill a running container first (SIGKILL)\n";

int
cli_delete (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = { { "force", no_argument, NULL, 'f' },
                                        { "help", no_argument, NULL, 'h' },
                                        { NULL, 0, NULL, 0 } };
  cleanup_error berth_error_t *err = NULL;
  bool force = false;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+fh", opts, NULL)) != -1)
    {
      if (c == 'h')
        return cli_print_help (usage);
      if (c != 'f')
        return cli_usage_error (ctx, "unknown option %s", argv[optind - 1]);
      force = true;
    }
  if (optind != argc - 1)
    return cli_usage_error (ctx, "expected exactly one container ID");
  if (cli_check_id (ctx, argv[optind]) != 0)
    return 1;
  if (container_delete (ctx->root, argv[optind], force, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
