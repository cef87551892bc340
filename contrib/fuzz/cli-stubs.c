/* cli-stubs.c: the library calls of the CLI, as the CLI fuzz harness sees
   them: each checks the options the flag parser produced and fails or
   succeeds without touching the host.  Add a stub here when a command
   starts calling a new library function (the harness link fails until
   then, on purpose).  */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "berth-features.h"
#include "cgroup-cmd.h"
#include "container.h"
#include "error.h"
#include "exec.h"
#include "oci-config.h"
#include "spec.h"
#include "util.h"

/* main.c and src/cli/ are built with -Dfopen=fuzz_fopen.  */
FILE *
fuzz_fopen (const char *path, const char *mode)
{
  (void) path;
  return fopen ("/dev/null", mode);
}

/* The CLI files are built with -Dread_all_file=fuzz_read_all_file and
   -Dread_all_fd=fuzz_read_all_fd: `update --resources FILE` (or "-")
   reads one fixed document instead of a host file or the fuzzer's stdin.  */
static const char resources_doc[] = "{\"memory\":{\"limit\":1048576},\"pids\":{\"limit\":5}}";

int
fuzz_read_all_file (const char *path, char **out, size_t *len, berth_error_t **err)
{
  if (strcmp (path, "r.json") != 0)
    return berth_error_make (err, ENOENT, "open `%s`", path);
  *out = xstrdup (resources_doc);
  *len = strlen (resources_doc);
  return 0;
}

int
fuzz_read_all_fd (int fd, const char *what, char **out, size_t *len, berth_error_t **err)
{
  (void) fd;
  (void) what;
  (void) err;
  *out = xstrdup (resources_doc);
  *len = strlen (resources_doc);
  return 0;
}

/* What every command must hand over: a container id.  Any other broken
   invariant aborts: the fuzzer reports it as a crash.  */
static void
check_id (const char *id)
{
  if (id == NULL)
    abort ();
}

/* Touch every byte of a string the parser handed over: ASan reports a
   pointer into freed or foreign memory.  */
static size_t
check_string (const char *s)
{
  return s ? strlen (s) : 0;
}

size_t
berth_library_versions (struct berth_library_version *out, size_t max)
{
  if (max < 1)
    return 0;
  out[0].name = "stub";
  snprintf (out[0].version, sizeof out[0].version, "0");
  return 1;
}

int
berth_features_json (char **json, size_t *len, berth_error_t **err)
{
  (void) err;
  *json = xstrdup ("{}\n");
  *len = 3;
  return 0;
}

int
spec_write (const char *bundle, const struct spec_options *o, berth_error_t **err)
{
  if (check_string (bundle) % 2)
    return berth_error_make (err, ENOENT, "open `%s/config.json`", bundle);
  (void) o;
  return 0;
}

/* Succeed or fail depending on the input, so both of the CLI's paths (the
   exit code, the error printing) run.  */
static int
outcome (const char *id, berth_error_t **err)
{
  if (check_string (id) % 3 == 0)
    return berth_error_make (err, ENOENT, "container \"%s\" does not exist", id);
  return 0;
}

static int
check_create (const struct container_create_options *o, berth_error_t **err)
{
  check_id (o->id);
  check_string (o->root);
  check_string (o->bundle);
  check_string (o->pid_file);
  check_string (o->console_socket);
  if (o->preserve_fds < 0)
    abort ();
  return outcome (o->id, err);
}

int
container_create (const struct container_create_options *o, berth_error_t **err)
{
  return check_create (o, err);
}

int
container_run (const struct container_run_options *o, int *exit_code, berth_error_t **err)
{
  *exit_code = (int) (check_string (o->create.id) % 256);
  return check_create (&o->create, err);
}

int
container_start (const char *root, const char *id, berth_error_t **err)
{
  check_string (root);
  check_id (id);
  return outcome (id, err);
}

int
container_state (const char *root, const char *id, FILE *out, berth_error_t **err)
{
  check_string (root);
  check_id (id);
  fprintf (out, "{\"id\":\"%s\"}\n", id);
  return outcome (id, err);
}

int
container_kill (const char *root, const char *id, const char *signal, bool all,
                berth_error_t **err)
{
  check_string (root);
  check_id (id);
  check_string (signal);
  (void) all;
  return outcome (id, err);
}

int
container_delete (const char *root, const char *id, bool force, berth_error_t **err)
{
  check_string (root);
  check_id (id);
  (void) force;
  return outcome (id, err);
}

int
container_list (const char *root, enum container_list_format format, bool quiet, FILE *out,
                berth_error_t **err)
{
  check_string (root);
  if (format != CONTAINER_LIST_TABLE && format != CONTAINER_LIST_JSON)
    abort ();
  fprintf (out, quiet ? "" : "ID PID STATUS\n");
  (void) err;
  return 0;
}

int
exec_container (const struct exec_options *o, int *exit_code, berth_error_t **err)
{
  size_t i;

  check_id (o->id);
  check_string (o->root);
  check_string (o->process_file);
  check_string (o->console_socket);
  check_string (o->pid_file);
  check_string (o->cwd);
  check_string (o->user);
  check_string (o->apparmor);
  check_string (o->process_label);
  for (i = 0; i < o->n_args; i++)
    check_string (o->args[i]);
  for (i = 0; i < o->n_env; i++)
    check_string (o->env[i]);
  for (i = 0; i < o->n_caps; i++)
    check_string (o->caps[i]);
  for (i = 0; i < o->n_additional_gids; i++)
    (void) o->additional_gids[i];
  if (o->preserve_fds < 0 || (o->process_file == NULL && o->n_args == 0))
    abort ();
  *exit_code = 0;
  return outcome (o->id, err);
}

int
cgroup_cmd_pause (const char *root, const char *id, bool pause, berth_error_t **err)
{
  check_string (root);
  check_id (id);
  (void) pause;
  return outcome (id, err);
}

int
cgroup_cmd_ps (const char *root, const char *id, bool json, char *const *ps_args,
               size_t n_ps_args, FILE *out, berth_error_t **err)
{
  size_t i;
  check_string (root);
  check_id (id);
  for (i = 0; i < n_ps_args; i++)
    check_string (ps_args[i]);
  fputs (json ? "[]\n" : "PID CMD\n", out);
  return outcome (id, err);
}

int
cgroup_cmd_events (const char *root, const char *id, bool stats_only, long interval_ms,
                   FILE *out, berth_error_t **err)
{
  check_string (root);
  check_id (id);
  (void) stats_only;
  if (interval_ms <= 0)
    abort ();
  fputs ("{}\n", out);
  return outcome (id, err);
}

int
cgroup_cmd_update (const char *root, const char *id, const struct oci_resources *r,
                   berth_error_t **err)
{
  check_string (root);
  check_id (id);
  if (r == NULL)
    abort ();
  return outcome (id, err);
}
