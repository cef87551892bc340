/* create.c: `berth create`: flags -> container_create.  */
#include <config.h>

#include "cli/cli.h"
#include "cli/create-flags.h"
#include "container.h"

static const char usage[] = "Usage: berth create [options] ID\n\n"
                            "Set up a container and leave its process waiting for `berth start`.\n\n"
                            "Options:\n" CREATE_FLAGS_USAGE;

int
cli_create (struct cli_ctx *ctx, int argc, char **argv)
{
  struct container_create_options o;
  cleanup_error berth_error_t *err = NULL;
  int ret = cli_parse_create_flags (ctx, argc, argv, usage, &o, NULL);

  if (ret != 0)
    return ret < 0 ? 0 : ret;
  if (container_create (&o, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
