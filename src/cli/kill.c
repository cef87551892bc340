/* kill.c: `berth kill [--all] ID [SIGNAL]`: flags -> container_kill.  */
#include <config.h>

#include <getopt.h>

#include "cli/cli.h"
#include "container.h"

static const char usage[] = "Usage: berth kill [options] ID [SIGNAL]\n\n"
                            "Send SIGNAL (a name like TERM/SIGTERM or a number; default SIGTERM)\n"
                            "to the container's init process.\n\n"
                            "Options:\n"
                            "  -a, --all   send it to every process of the container\n";

int
cli_kill (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = { { "all", no_argument, NULL, 'a' },
                                        { "help", no_argument, NULL, 'h' },
                                        { NULL, 0, NULL, 0 } };
  cleanup_error berth_error_t *err = NULL;
  bool all = false;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+ah", opts, NULL)) != -1)
    {
      if (c == 'h')
        return cli_print_help (usage);
      if (c != 'a')
        return cli_usage_error (ctx, "unknown option %s", argv[optind - 1]);
      all = true;
    }
  if (optind != argc - 1 && optind != argc - 2)
    return cli_usage_error (ctx, "expected a container ID and an optional signal");
  if (cli_check_id (ctx, argv[optind]) != 0)
    return 1;
  if (container_kill (ctx->root, argv[optind], optind == argc - 2 ? argv[optind + 1] : NULL, all,
                      &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
