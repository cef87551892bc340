/* ps.c: `berth ps [--format table|json] ID [PS_OPTIONS...]`: the processes
   in the container's cgroup; json is the array of host pids that
   containerd's shim reads.  */
#include <config.h>

#include <getopt.h>
#include <string.h>

#include "cgroup-cmd.h"
#include "cli/cli.h"

static const char usage[] = "Usage: berth ps [options] ID [PS_OPTIONS...]\n\n"
                            "  -f, --format table|json   table (ps(1) output, default -ef) or a JSON\n"
                            "                            array of host pids\n";

int
cli_ps (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    { "format", required_argument, NULL, 'f' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  cleanup_error berth_error_t *err = NULL;
  bool json = false;
  int c;

  opterr = 0;
  /* "+": ps options after the ID belong to ps(1).  */
  while ((c = getopt_long (argc, argv, "+f:h", opts, NULL)) != -1)
    {
      if (c == 'h')
        return cli_print_help (usage);
      if (c != 'f')
        return cli_usage_error (ctx, "unknown option or missing value: %s", argv[optind - 1]);
      if (strcmp (optarg, "json") == 0)
        json = true;
      else if (strcmp (optarg, "table") != 0)
        return cli_usage_error (ctx, "--format: expected table or json, got \"%s\"", optarg);
    }
  if (optind >= argc)
    return cli_usage_error (ctx, "expected a container ID");
  if (cli_check_id (ctx, argv[optind]) != 0)
    return 1;
  if (json && optind + 1 < argc)
    return cli_usage_error (ctx, "ps options cannot be used with --format json");
  if (cgroup_cmd_ps (ctx->root, argv[optind], json, argv + optind + 1,
                     (size_t) (argc - optind - 1), stdout, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
