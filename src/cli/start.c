/* start.c: `berth start ID`: flags -> container_start.  */
#include <config.h>

#include "cli/cli.h"
#include "container.h"

static const char usage[] = "Usage: berth start ID\n\n"
                            "Run the user program of a created container.\n";

int
cli_start (struct cli_ctx *ctx, int argc, char **argv)
{
  cleanup_error berth_error_t *err = NULL;
  const char *id;
  int status;

  id = cli_parse_id_only (ctx, argc, argv, usage, &status);
  if (id == NULL)
    return status;
  if (container_start (ctx->root, id, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
