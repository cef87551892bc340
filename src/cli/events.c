/* events.c: `berth events [--stats] [--interval D] ID`: runc's JSON event
   lines (stats every interval, oom as it happens) until the container stops.  */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-cmd.h"
#include "cli/cli.h"

static const char usage[] = "Usage: berth events [options] ID\n\n"
                            "  --stats          print one stats event and exit\n"
                            "  --interval D     stats interval (default 5s; e.g. 500ms, 2s, 1m)\n";

/* Go-style durations as runc takes them: "5s", "500ms", "1m", "1.5s".  */
static long
parse_duration_ms (const char *s)
{
  char *end = NULL;
  double v = strtod (s, &end);
  /* !(v >= 0) also refuses NaN; above 1e12 (even in hours) the cast to
     long below would overflow, which is undefined (found by fuzz-cli).  */
  if (end == s || !(v >= 0) || v > 1e12)
    return -1;
  if (strcmp (end, "ms") == 0)
    return (long) v;
  if (strcmp (end, "s") == 0 || *end == '\0')
    return (long) (v * 1000);
  if (strcmp (end, "m") == 0)
    return (long) (v * 60000);
  if (strcmp (end, "h") == 0)
    return (long) (v * 3600000);
  return -1;
}

int
cli_events (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    { "stats", no_argument, NULL, 's' },
    { "interval", required_argument, NULL, 'i' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  cleanup_error berth_error_t *err = NULL;
  bool stats = false;
  long interval = 5000;
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+h", opts, NULL)) != -1)
    {
      switch (c)
        {
        case 'h':
          return cli_print_help (usage);
        case 's':
          stats = true;
          break;
        case 'i':
          interval = parse_duration_ms (optarg);
          if (interval <= 0)
            return cli_usage_error (ctx, "--interval: invalid duration \"%s\"", optarg);
          break;
        default:
          return cli_usage_error (ctx, "unknown option or missing value: %s", argv[optind - 1]);
        }
    }
  if (optind + 1 != argc)
    return cli_usage_error (ctx, "expected exactly one container ID");
  if (cli_check_id (ctx, argv[optind]) != 0)
    return 1;
  if (cgroup_cmd_events (ctx->root, argv[optind], stats, interval, stdout, &err) < 0)
    return cli_report (ctx, &err);
  return 0;
}
