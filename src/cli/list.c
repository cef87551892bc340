/* list.c: `berth list [--format table|json] [--quiet]`: flags ->
   container_list.  */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "container.h"

static const char usage[] = "Usage: berth list [options]\n\n"
                            "List the containers under --root.\n\n"
                            "Options:\n"
                            "  -f, --format FORMAT   table (default) or json\n"
                            "  -q, --quiet           print the ids only\n";

int
cli_list (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = { { "format", required_argument, NULL, 'f' },
                                        { "quiet", no_argument, NULL, 'q' },
                                        { "help", no_argument, NULL, 'h' },
                                        { NULL, 0, NULL, 0 } };
  cleanup_error berth_error_t *err = NULL;
  enum container_list_format format = CONTAINER_LIST_TABLE;
  bool quiet = false;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+f:qh", opts, NULL)) != -1)
    {
      switch (c)
        {
        case 'h':
          return cli_print_help (usage);
        case 'q':
          quiet = true;
          break;
        case 'f':
          if (strcmp (optarg, "json") == 0)
            format = CONTAINER_LIST_JSON;
          else if (strcmp (optarg, "table") == 0)
            format = CONTAINER_LIST_TABLE;
          else
            return cli_usage_error (ctx, "--format: expected table or json, got \"%s\"", optarg);
          break;
        case ':':
          return cli_usage_error (ctx, "option %s needs an argument", argv[optind - 1]);
        default:
          return cli_usage_error (ctx, "unknown option %s", argv[optind - 1]);
        }
    }
  if (optind != argc)
    return cli_usage_error (ctx, "unexpected argument \"%s\"", argv[optind]);
  if (container_list (ctx->root, format, quiet, stdout, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
