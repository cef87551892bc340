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
#include "berth-features.h"
#include "util.h"

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
  fprintf (out, "  %-10s %s\n", "help", "print the help of berth or of a command");
  fprintf (out, "\nGlobal options:\n"
                "  --root DIR            state directory (default /run/berth; for a\n"
                "                        non-root user $XDG_RUNTIME_DIR/berth)\n"
                "  --log FILE            also write errors and debug lines to FILE\n"
                "  --log-format FORMAT   text (default) or json (runc's JSON log lines)\n"
                "  --debug               log what berth does\n"
                "  --systemd-cgroup      manage cgroups through systemd (needs systemd)\n"
                "  --rootless[=true|false|auto]  ignore cgroup permission errors\n"
                "  -v, --version         print the version\n"
                "  -h, --help            print this help\n\n"
                "Run 'berth COMMAND --help' for a command's options.\n");
}

static void
print_version (void)
{
  struct berth_library_version libs[8];
  size_t i, n = berth_library_versions (libs, sizeof libs / sizeof libs[0]);

  printf ("berth version %s\nspec: %s\n", PACKAGE_VERSION, BERTH_OCI_VERSION);
  for (i = 0; i < n; i++)
    printf ("%s: %s\n", libs[i].name, libs[i].version);
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
write_log_line (FILE *f, enum cli_log_format format, const char *level, const char *msg)
{
  char now[64];

  format_now (now, sizeof now);
  if (format == CLI_LOG_JSON)
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

/* Without --log, JSON lines go to stderr instead of the human message:
   engines that ask for JSON parse stderr line by line (as with runc).  */
static bool
json_on_stderr (const struct cli_ctx *ctx)
{
  return ctx->log_format == CLI_LOG_JSON && ctx->log_path == NULL;
}

/* One log line to --log (or to stderr in JSON mode without --log).
   Returns true when the line went to stderr.  */
static bool
log_line (struct cli_ctx *ctx, const char *level, const char *msg)
{
  cleanup_file FILE *f = NULL;

  if (json_on_stderr (ctx))
    {
      write_log_line (stderr, CLI_LOG_JSON, level, msg);
      return true;
    }
  if (ctx->log_path == NULL)
    return false;
  f = fopen (ctx->log_path, "ae");
  if (f != NULL)
    write_log_line (f, ctx->log_format, level, msg);
  return false;
}

int
cli_report (struct cli_ctx *ctx, berth_error_t **err)
{
  const char *msg = (err && *err) ? (*err)->msg : "unknown error";
  if (!log_line (ctx, "error", msg))
    {
      /* Messages quote ids, paths and flags as given: one line, no raw
         control characters on the terminal.  */
      cleanup_free char *safe = str_escape_control (msg);
      fprintf (stderr, "berth: %s\n", safe);
    }
  berth_error_free (err);
  return 1;
}

int
cli_usage_error (struct cli_ctx *ctx, const char *fmt, ...)
{
  va_list ap;
  cleanup_free char *msg = NULL, *safe = NULL;
  const char *cmd = ctx->command ? ctx->command : "";
  const char *sep = ctx->command ? " " : "";

  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    abort ();
  va_end (ap);
  if (log_line (ctx, "error", msg))
    return 1;
  safe = str_escape_control (msg);
  fprintf (stderr, "berth%s%s: %s\nRun 'berth %s%s--help' for usage.\n", sep, cmd, safe, cmd, sep);
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
  if (!log_line (ctx, "debug", msg) && ctx->log_path == NULL)
    {
      cleanup_free char *safe = str_escape_control (msg);
      fprintf (stderr, "berth: debug: %s\n", safe);
    }
}

int
cli_getopt_error (struct cli_ctx *ctx, int c, char **argv)
{
  char shortopt[3] = { '-', (char) optopt, '\0' };
  const char *last = optind > 0 ? argv[optind - 1] : "";
  /* For a long option only argv has its text (optopt is 0 or its value).  */
  const char *opt = strncmp (last, "--", 2) == 0 || optopt <= 0 || optopt > 127 ? last : shortopt;
  const char *scope = ctx->command ? "" : "global ";

  if (c == ':')
    return cli_usage_error (ctx, "option %s needs an argument", opt);
  return cli_usage_error (ctx, "unknown %soption %s", scope, opt);
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

static const struct cli_command *
find_command (const char *name)
{
  size_t i;
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp (name, commands[i].name) == 0)
      return &commands[i];
  return NULL;
}

/* The commands that create, join or change a container's cgroups, and so
   would go through systemd with --systemd-cgroup.  */
static bool
command_uses_cgroups (const char *name)
{
  static const char *const names[] = {
    "create", "run", "exec", "update", "pause", "resume", "ps", "events", NULL,
  };
  size_t i;
  for (i = 0; names[i]; i++)
    if (strcmp (name, names[i]) == 0)
      return true;
  return false;
}

/* /run/berth for root; an unprivileged user cannot write /run, so its
   state lives in its own runtime directory (as runc and crun do).  */
static const char *
default_root (char *buf, size_t len)
{
  const char *xdg;

  if (geteuid () == 0)
    return "/run/berth";
  xdg = getenv ("XDG_RUNTIME_DIR");
  if (xdg && xdg[0] == '/')
    snprintf (buf, len, "%s/berth", xdg);
  else
    snprintf (buf, len, "/run/user/%u/berth", (unsigned) geteuid ());
  return buf;
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
  const struct cli_command *cmd;
  char root_buf[4096];
  char *help_argv[3] = { NULL, NULL, NULL };
  int c;

  /* "+": stop at the command name; its flags are its own.  */
  opterr = 0;
  while ((c = getopt_long (argc, argv, "+:vh", opts, NULL)) != -1)
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
          /* runc takes `--rootless VALUE` too: consume a following value.  */
          if (optarg == NULL && optind < argc && parse_rootless (argv[optind]) >= -1
              && argv[optind][0] != '-')
            optarg = argv[optind++];
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
        default:
          return cli_getopt_error (&ctx, c, argv);
        }
    }

  if (optind >= argc)
    {
      print_usage (stderr);
      return 1;
    }

  /* runc's `help [COMMAND]`.  */
  if (strcmp (argv[optind], "help") == 0)
    {
      if (optind + 1 >= argc)
        {
          print_usage (stdout);
          return 0;
        }
      optind++;
      help_argv[0] = argv[optind];
      help_argv[1] = (char *) "--help";
      argv = help_argv;
      argc = 2;
      optind = 0;
    }

  cmd = find_command (argv[optind]);
  if (cmd == NULL)
    return cli_usage_error (&ctx, "unknown command \"%s\"", argv[optind]);

  ctx.command = cmd->name;
  if (ctx.root == NULL)
    ctx.root = default_root (root_buf, sizeof root_buf);
  if (ctx.systemd_cgroup && command_uses_cgroups (cmd->name)
      && access ("/run/systemd/system", F_OK) < 0)
    {
      berth_error_t *err = NULL;
      berth_error_make (&err, 0, "--systemd-cgroup: systemd is not running on this host "
                                 "(/run/systemd/system missing)");
      return cli_report (&ctx, &err);
    }
  cli_debug (&ctx, "%s: state root %s", cmd->name, ctx.root);
  argc -= optind;
  argv += optind;
  optind = 0; /* reset getopt for the command's own parse */
  return cmd->run (&ctx, argc, argv);
}
