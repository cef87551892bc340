/* main.c: global options, the command table, and error printing (text, or
   runc's JSON log line).  Commands live in src/cli/, one file each.  */
#include <config.h>

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util.h"
#include <seccomp.h>
#include <yajl/yajl_version.h>

static const struct cli_command commands[] = {
#define CLI_ENTRY(name, summary) { #name, cli_##name, summary },
  CLI_COMMANDS (CLI_ENTRY)
#undef CLI_ENTRY
};

static void
print_usage (FILE *out)
{
  size_t i;
  fprintf (out, "Usage: berth [global options] COMMAND [options] ARGS\n\n"
                "An OCI runtime: runs containers from runtime-spec bundles.\n\n"
                "Commands:\n");
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nGlobal options:\n"
                "  --root DIR            state directory (default /run/berth)\n"
                "  --log FILE            also write errors and debug lines to FILE\n"
                "  --log-format FORMAT   text or json (runc's JSON log lines)\n"
                "  --debug               log what berth does\n"
                "  --systemd-cgroup      manage cgroups through systemd\n"
                "  --rootless true|false|auto\n"
                "  -v, --version         print the version\n"
                "  -h, --help            print this help\n\n"
                "Run 'berth COMMAND --help' for a command's options.\n");
}

static void
print_version (void)
{
  const struct scmp_version *sv = seccomp_version ();
  printf ("berth version %s\nspec: 1.3.0\n", PACKAGE_VERSION);
  printf ("yajl: %d.%d.%d\n", YAJL_MAJOR, YAJL_MINOR, YAJL_MICRO);
  if (sv)
    printf ("libseccomp: %u.%u.%u\n", sv->major, sv->minor, sv->micro);
}

/* RFC 3339 with nanoseconds, UTC, as runc's logrus JSON lines carry.  */
static void
format_now (char *buf, size_t len)
{
  struct timespec ts;
  struct tm tm;
  char base[32];
  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  strftime (base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf (buf, len, "%s.%09ldZ", base, ts.tv_nsec);
}

static void
json_escape (FILE *out, const char *s)
{
  for (; *s; s++)
    {
      unsigned char c = *s;
      if (c == '"' || c == '\\')
        fprintf (out, "\\%c", c);
      else if (c == '\n')
        fputs ("\\n", out);
      else if (c == '\t')
        fputs ("\\t", out);
      else if (c < 0x20)
        fprintf (out, "\\u%04x", c);
      else
        fputc (c, out);
    }
}

static void
log_line (struct cli_ctx *ctx, const char *level, const char *msg)
{
  cleanup_file FILE *f = NULL;
  char now[64];

  if (ctx->log_path == NULL)
    return;
  f = fopen (ctx->log_path, "ae");
  if (f == NULL)
    return;
  format_now (now, sizeof now);
  if (ctx->log_format == CLI_LOG_JSON)
    {
      fprintf (f, "{\"level\":\"%s\",\"msg\":\"", level);
      json_escape (f, msg);
      fprintf (f, "\",\"time\":\"%s\"}\n", now);
    }
  else
    {
      fprintf (f, "time=\"%s\" level=%s msg=\"", now, level);
      json_escape (f, msg);
      fputs ("\"\n", f);
    }
}

int
cli_report (struct cli_ctx *ctx, berth_error_t **err)
{
  const char *msg = (err && *err) ? (*err)->msg : "unknown error";
  fprintf (stderr, "berth: %s\n", msg);
  log_line (ctx, "error", msg);
  berth_error_free (err);
  return 1;
}

int
cli_usage_error (struct cli_ctx *ctx, const char *fmt, ...)
{
  va_list ap;
  cleanup_free char *msg = NULL;
  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    abort ();
  va_end (ap);
  fprintf (stderr, "berth %s: %s\n", ctx->command ? ctx->command : "", msg);
  fprintf (stderr, "Run 'berth %s%s--help' for usage.\n",
           ctx->command ? ctx->command : "", ctx->command ? " " : "");
  log_line (ctx, "error", msg);
  return 1;
}

void
cli_debug (struct cli_ctx *ctx, const char *fmt, ...)
{
  va_list ap;
  cleanup_free char *msg = NULL;
  if (!ctx->debug)
    return;
  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    abort ();
  va_end (ap);
  if (ctx->log_path)
    log_line (ctx, "debug", msg);
  else
    fprintf (stderr, "berth: debug: %s\n", msg);
}

int
cli_print_help (const char *usage)
{
  fputs (usage, stdout);
  return 0;
}

static int
parse_rootless (const char *v)
{
  if (v == NULL || strcmp (v, "true") == 0)
    return 1;
  if (strcmp (v, "false") == 0)
    return 0;
  if (strcmp (v, "auto") == 0)
    return -1;
  return -2;
}

enum
{
  OPT_ROOT = 256,
  OPT_LOG,
  OPT_LOG_FORMAT,
  OPT_DEBUG,
  OPT_SYSTEMD_CGROUP,
  OPT_ROOTLESS,
  OPT_CRIU,
};

int
main (int argc, char **argv)
{
  static const struct option opts[] = {
    { "root", required_argument, NULL, OPT_ROOT },
    { "log", required_argument, NULL, OPT_LOG },
    { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
    { "debug", no_argument, NULL, OPT_DEBUG },
    { "systemd-cgroup", no_argument, NULL, OPT_SYSTEMD_CGROUP },
    { "rootless", optional_argument, NULL, OPT_ROOTLESS },
    { "criu", required_argument, NULL, OPT_CRIU }, /* accepted for runc compatibility */
    { "version", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  struct cli_ctx ctx = { .root = NULL, .rootless = -1 };
  size_t i;
  int c;

  /* "+": stop at the command name; its flags are its own.  */
  opterr = 0;
  while ((c = getopt_long (argc, argv, "+vh", opts, NULL)) != -1)
    {
      switch (c)
        {
        case OPT_ROOT:
          ctx.root = optarg;
          break;
        case OPT_LOG:
          ctx.log_path = optarg;
          break;
        case OPT_LOG_FORMAT:
          if (strcmp (optarg, "json") == 0)
            ctx.log_format = CLI_LOG_JSON;
          else if (strcmp (optarg, "text") == 0)
            ctx.log_format = CLI_LOG_TEXT;
          else
            return cli_usage_error (&ctx, "--log-format: unknown format \"%s\" (text or json)", optarg);
          break;
        case OPT_DEBUG:
          ctx.debug = true;
          break;
        case OPT_SYSTEMD_CGROUP:
          ctx.systemd_cgroup = true;
          break;
        case OPT_ROOTLESS:
          ctx.rootless = parse_rootless (optarg);
          if (ctx.rootless == -2)
            return cli_usage_error (&ctx, "--rootless: expected true, false or auto, got \"%s\"", optarg);
          break;
        case OPT_CRIU:
          break;
        case 'v':
          print_version ();
          return 0;
        case 'h':
          print_usage (stdout);
          return 0;
        case ':':
          return cli_usage_error (&ctx, "option %s needs an argument", argv[optind - 1]);
        default:
          return cli_usage_error (&ctx, "unknown global option %s", argv[optind - 1]);
        }
    }

  if (optind >= argc)
    {
      print_usage (stderr);
      return 1;
    }

  for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (argv[optind], commands[i].name) == 0)
      {
        ctx.command = commands[i].name;
        argc -= optind;
        argv += optind;
        optind = 0; /* reset getopt for the command's own parse */
        return commands[i].run (&ctx, argc, argv);
      }

  fprintf (stderr, "berth: unknown command \"%s\"\nRun 'berth --help' for usage.\n", argv[optind]);
  return 1;
}
