/* run.c: `berth run`: flags -> container_run (create + start, and in the
   foreground wait and exit with the container's exit code).  */
#include <config.h>

#include "cli/cli.h"
#include "cli/create-flags.h"
#include "container.h"

static const char usage[] = "Usage: berth run [options] ID\n\n"
                            "Create and start a container.  In the foreground, wait for it, forward\n"
                            "signals to it and exit with its exit code (128+N when killed by signal N).\n\n"
                            "Options:\n" CREATE_FLAGS_USAGE
                            "  -d, --detach              return once the container started\n"
                            "      --keep                do not delete the container after it exited\n";

int
cli_run (struct cli_ctx *ctx, int argc, char **argv)
{
  struct container_run_options o = { 0 };
  cleanup_error berth_error_t *err = NULL;
  int code = 0;
  int ret = cli_parse_create_flags (ctx, argc, argv, usage, &o.create, &o);

  if (ret != 0)
    return ret < 0 ? 0 : ret;
  if (container_run (&o, &code, &err) < 0)
    return cli_report (ctx, &err);
  return code;
}
