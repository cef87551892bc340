/* features.c: `berth features`: prints the runtime-spec features document
   (built in src/libberth/features.c).  */
#include <config.h>

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "berth-features.h"
#include "util.h"

static const char usage[]
    = "Usage: berth features\n\n"
      "Print the runtime-spec features document: the OCI versions, hooks, mount\n"
      "options, namespaces, capabilities and cgroup/seccomp/LSM support of this\n"
      "build of berth, as JSON.\n\n"
      "Options:\n"
      "  -h, --help   print this help\n";

int
cli_features (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  cleanup_free char *json = NULL;
  berth_error_t *err = NULL;
  size_t len = 0;
  int c;

  while ((c = getopt_long (argc, argv, "+:h", opts, NULL)) != -1)
    switch (c)
      {
      case 'h':
        return cli_print_help (usage);
      default:
        return cli_getopt_error (ctx, c, argv);
      }
  if (optind < argc)
    return cli_usage_error (ctx, "unexpected argument \"%s\"", argv[optind]);
  if (berth_features_json (&json, &len, &err) < 0)
    return cli_report (ctx, &err);
  if (fwrite (json, 1, len, stdout) != len || fflush (stdout) != 0)
    return cli_usage_error (ctx, "cannot write to stdout");
  return 0;
}
