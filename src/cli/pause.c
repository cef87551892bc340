/* pause.c: `berth pause ID`: freeze every process of the container (v1
   freezer / v2 cgroup.freeze) and return once they are frozen.  */
#include <config.h>

#include "cgroup-cmd.h"
#include "cli/cli.h"

static const char usage[] = "Usage: berth pause ID\n\n"
                            "Freeze every process of a running container; `state` then shows paused.\n";

int
cli_pause (struct cli_ctx *ctx, int argc, char **argv)
{
  cleanup_error berth_error_t *err = NULL;
  const char *id;
  int status;

  id = cli_parse_id_only (ctx, argc, argv, usage, &status);
  if (id == NULL)
    return status;
  if (cgroup_cmd_pause (ctx->root, id, true, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
