/* resume.c: `berth resume ID`: thaw a paused container.  */
#include <config.h>

#include "cgroup-cmd.h"
#include "cli/cli.h"

static const char usage[] = "Usage: berth resume ID\n\nThaw a paused container.\n";

int
cli_resume (struct cli_ctx *ctx, int argc, char **argv)
{
  cleanup_error berth_error_t *err = NULL;
  const char *id;
  int status;

  id = cli_parse_id_only (ctx, argc, argv, usage, &status);
  if (id == NULL)
    return status;
  if (cgroup_cmd_pause (ctx->root, id, false, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
