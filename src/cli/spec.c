/* spec.c: `berth spec [--bundle DIR] [--rootless]`: flags only; the default
   config lives in src/libberth/spec.c.  */
#include <config.h>

#include <getopt.h>
#include <unistd.h>

#include "cli/cli.h"
#include "spec.h"

static const char usage[]
    = "Usage: berth spec [options]\n\n"
      "Write a default config.json (runc's defaults: `sh` in a terminal, the usual\n"
      "namespaces, masked paths, default mounts) into the bundle directory.\n"
      "An existing config.json is never replaced.\n\n"
      "Options:\n"
      "  -b, --bundle DIR   the bundle directory (default: the current directory)\n"
      "  --rootless         a config for an unprivileged user: a user namespace that\n"
      "                     maps the caller's uid and gid to root, no network\n"
      "                     namespace, /sys bind-mounted, no cgroup resources\n"
      "  -h, --help         print this help\n";

int
cli_spec (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    { "bundle", required_argument, NULL, 'b' },
    { "rootless", no_argument, NULL, 'r' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  struct spec_options o = { .uid = geteuid (), .gid = getegid () };
  const char *bundle = NULL;
  berth_error_t *err = NULL;
  int c;

  while ((c = getopt_long (argc, argv, "+:b:h", opts, NULL)) != -1)
    switch (c)
      {
      case 'b':
        bundle = optarg;
        break;
      case 'r':
        o.rootless = true;
        break;
      case 'h':
        return cli_print_help (usage);
      default:
        return cli_getopt_error (ctx, c, argv);
      }
  if (optind < argc)
    return cli_usage_error (ctx, "unexpected argument \"%s\"", argv[optind]);
  if (spec_write (bundle, &o, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
