/* resume.c: `berth resume ID`: thaw a paused container.  */
#include <config.h>

#include <string.h>

#include "cgroup-cmd.h"
#include "cli/cli.h"

static const char usage[] = "Usage: berth resume ID\n\nThaw a paused container.\n";

int
cli_resume (struct cli_ctx *ctx, int argc, char **argv)
{
  cleanup_error berth_error_t *err = NULL;

  if (argc > 1 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    return cli_print_help (usage);
  if (argc != 2 || argv[1][0] == '-')
    return cli_usage_error (ctx, "expected exactly one container ID");
  if (cgroup_cmd_pause (ctx->root, argv[1], false, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
