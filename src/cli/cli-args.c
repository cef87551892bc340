/* cli-args.c: the argument parse of the commands that take one container
   ID and --help, nothing else.  Parses only; the command makes its call.  */
#include <config.h>

#include <getopt.h>

#include "cli/cli.h"
#include "state.h"

const char *
cli_parse_id_only (struct cli_ctx *ctx, int argc, char **argv, const char *usage, int *status)
{
  static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+h", opts, NULL)) != -1)
    {
      if (c == 'h')
        {
          *status = cli_print_help (usage);
          return NULL;
        }
      *status = cli_usage_error (ctx, "unknown option %s", argv[optind - 1]);
      return NULL;
    }
  if (optind != argc - 1)
    {
      *status = cli_usage_error (ctx, "expected exactly one container ID");
      return NULL;
    }
  *status = cli_check_id (ctx, argv[optind]);
  return *status == 0 ? argv[optind] : NULL;
}

int
cli_check_id (struct cli_ctx *ctx, const char *id)
{
  cleanup_error berth_error_t *err = NULL;

  if (state_validate_id (id, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
