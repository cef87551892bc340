/* exec.c: `berth exec`: parse runc's exec flags and call exec_container.
   The exit status is the process's (128+N when killed by signal N), or 255
   when berth itself failed, as runc.  */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "exec.h"
#include "util.h"

static const char usage[] =
  "Usage: berth exec [options] ID [COMMAND [ARG...]]\n\n"
  "Run a new process inside a running container, in its namespaces and cgroups,\n"
  "under its confinement (capabilities, seccomp, rlimits, LSM labels, user).\n\n"
  "Options:\n"
  "  -p, --process FILE        the process (runtime-spec process.json) to run\n"
  "  -t, --tty                 allocate a pseudo-terminal (needs --console-socket)\n"
  "      --console-socket SOCK send the pty master to the unix socket SOCK\n"
  "  -d, --detach              do not wait for the process\n"
  "      --pid-file FILE       write the process's pid to FILE\n"
  "      --cwd DIR             working directory inside the container\n"
  "  -e, --env K=V             add an environment variable (repeatable)\n"
  "  -u, --user UID[:GID]      run as this user\n"
  "  -g, --additional-gids G   add a supplementary group (repeatable)\n"
  "  -c, --cap CAP             add a capability (repeatable)\n"
  "      --no-new-privs        set no_new_privs\n"
  "      --apparmor PROFILE    AppArmor profile\n"
  "      --process-label LABEL SELinux label\n"
  "      --preserve-fds N      pass fds 3 .. 3+N-1 to the process\n"
  "      --ignore-paused       exec even when the container is paused\n";

enum
{
  OPT_CONSOLE_SOCKET = 256,
  OPT_PID_FILE,
  OPT_CWD,
  OPT_NO_NEW_PRIVS,
  OPT_APPARMOR,
  OPT_PROCESS_LABEL,
  OPT_PRESERVE_FDS,
  OPT_IGNORE_PAUSED,
  OPT_CGROUP,
};

static void
push (char ***v, size_t *n, char *s)
{
  *v = xrealloc (*v, (*n + 2) * sizeof (char *));
  (*v)[(*n)++] = s;
  (*v)[*n] = NULL;
}

static int
parse_number (struct cli_ctx *ctx, const char *flag, const char *s, long *out)
{
  char *end;
  *out = strtol (s, &end, 10);
  /* > INT_MAX: preserve_fds is an int and gids are 32-bit; a silent
     truncation would turn 4294967296 into gid 0 (found by fuzz-cli).  */
  if (*s == '\0' || *end || *out < 0 || *out > INT_MAX)
    return cli_usage_error (ctx, "%s: `%s` is not a non-negative number", flag, s);
  return 0;
}

int
cli_exec (struct cli_ctx *ctx, int argc, char **argv)
{
  static const struct option opts[] = {
    { "process", required_argument, NULL, 'p' },
    { "tty", no_argument, NULL, 't' },
    { "console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET },
    { "detach", no_argument, NULL, 'd' },
    { "pid-file", required_argument, NULL, OPT_PID_FILE },
    { "cwd", required_argument, NULL, OPT_CWD },
    { "env", required_argument, NULL, 'e' },
    { "user", required_argument, NULL, 'u' },
    { "additional-gids", required_argument, NULL, 'g' },
    { "cap", required_argument, NULL, 'c' },
    { "no-new-privs", no_argument, NULL, OPT_NO_NEW_PRIVS },
    { "apparmor", required_argument, NULL, OPT_APPARMOR },
    { "process-label", required_argument, NULL, OPT_PROCESS_LABEL },
    { "preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS },
    { "ignore-paused", no_argument, NULL, OPT_IGNORE_PAUSED },
    { "cgroup", required_argument, NULL, OPT_CGROUP }, /* runc: sub-cgroup; the container's is used */
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  struct exec_options o = { .root = ctx->root };
  cleanup_free char **env = NULL;
  cleanup_free char **caps = NULL;
  cleanup_free gid_t *gids = NULL;
  berth_error_t *err = NULL;
  int c, exit_code = 255;
  long n;

  optind = 1;
  while ((c = getopt_long (argc, argv, "+p:tde:u:g:c:h", opts, NULL)) != -1)
    {
      switch (c)
        {
        case 'p': o.process_file = optarg; break;
        case 't': o.tty = true; break;
        case OPT_CONSOLE_SOCKET: o.console_socket = optarg; break;
        case 'd': o.detach = true; break;
        case OPT_PID_FILE: o.pid_file = optarg; break;
        case OPT_CWD: o.cwd = optarg; break;
        case 'e': push (&env, &o.n_env, optarg); break;
        case 'u': o.user = optarg; break;
        case 'g':
          if (parse_number (ctx, "--additional-gids", optarg, &n))
            return 1;
          gids = xrealloc (gids, (o.n_additional_gids + 1) * sizeof (gid_t));
          gids[o.n_additional_gids++] = n;
          break;
        case 'c': push (&caps, &o.n_caps, optarg); break;
        case OPT_NO_NEW_PRIVS: o.no_new_privs = true; break;
        case OPT_APPARMOR: o.apparmor = optarg; break;
        case OPT_PROCESS_LABEL: o.process_label = optarg; break;
        case OPT_PRESERVE_FDS:
          if (parse_number (ctx, "--preserve-fds", optarg, &n))
            return 1;
          o.preserve_fds = n;
          break;
        case OPT_IGNORE_PAUSED: o.ignore_paused = true; break;
        case OPT_CGROUP: break;
        case 'h': return cli_print_help (usage);
        default: return cli_usage_error (ctx, "unknown option");
        }
    }
  if (optind >= argc)
    return cli_usage_error (ctx, "missing container ID");
  o.id = argv[optind++];
  if (cli_check_id (ctx, o.id) != 0)
    return 255;
  o.args = argv + optind;
  o.n_args = argc - optind;
  o.env = env;
  o.caps = caps;
  o.additional_gids = gids;
  if (o.process_file && o.n_args)
    return cli_usage_error (ctx, "--process and a COMMAND cannot be used together");
  if (!o.process_file && o.n_args == 0)
    return cli_usage_error (ctx, "exec failed: process args cannot be empty");
  if (exec_container (&o, &exit_code, &err) < 0)
    {
      cli_report (ctx, &err);
      return 255;
    }
  return exit_code;
}
