/* state.c: `berth state ID`: flags -> container_state (the state JSON).  */
#include <config.h>

#include <stdio.h>

#include "cli/cli.h"
#include "container.h"

static const char usage[] = "Usage: berth state ID\n\n"
                            "Print the state of a container as JSON (runtime-spec state, plus\n"
                            "runc's rootfs, created and owner).\n";

int
cli_state (struct cli_ctx *ctx, int argc, char **argv)
{
  cleanup_error berth_error_t *err = NULL;
  const char *id;
  int status;

  id = cli_parse_id_only (ctx, argc, argv, usage, &status);
  if (id == NULL)
    return status;
  if (container_state (ctx->root, id, stdout, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
