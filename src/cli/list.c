/* list.c: `berth list`.  Not implemented yet: its issue fills it in.  */
#include <config.h>

#include <string.h>

#include "cli/cli.h"

static const char usage[] = "Usage: berth list [options]\n";

int
cli_list (struct cli_ctx *ctx, int argc, char **argv)
{
  if (argc > 1 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    return cli_print_help (usage);
  return cli_usage_error (ctx, "not implemented yet");
}
