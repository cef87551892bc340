/* cgroup-cmd.c: the cgroup commands on a container named by root + id, and
   the lifecycle's cgroup hooks.  Finds the container's cgroups only through
   the record in its state; never guesses a path.  */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup-cmd.h"
#include "state.h"
#include "util.h"

#define MADE_KIND "cgroup"

/* The manager recorded in SD's made list (NULL + 0 when there is none).  */
static int
manager_from_state (struct state_dir *sd, struct cgroup_manager **out, berth_error_t **err)
{
  cleanup_strv char **lines = NULL;
  size_t n = 0, i;
  int ret;

  *out = NULL;
  ret = state_read_made (sd, &lines, &n, err);
  if (ret < 0)
    return ret;
  for (i = 0; i < n; i++)
    if (strncmp (lines[i], MADE_KIND " ", strlen (MADE_KIND) + 1) == 0)
      return cgroup_manager_from_record (lines[i] + strlen (MADE_KIND) + 1, out, err);
  return 0;
}

struct opened
{
  struct state_dir sd;
  struct container_state st;
  enum container_status status;
  struct cgroup_manager *m;
};

static void
opened_close (struct opened *o)
{
  cgroup_manager_free (o->m);
  state_free (&o->st);
  state_dir_close (&o->sd);
}

/* Open ID's state (locked when LOCK) and its cgroups; the container must be
   in one of the statuses of ALLOWED (a bit per status).  */
static int
open_container (const char *root, const char *id, bool lock, unsigned allowed, const char *verb,
                struct opened *o, berth_error_t **err)
{
  int ret;

  memset (o, 0, sizeof *o);
  o->sd.dirfd = -1;
  ret = state_dir_open (root ? root : state_default_root (), id, lock, &o->sd, err);
  if (ret < 0)
    return ret;
  ret = state_read (&o->sd, &o->st, err);
  if (ret < 0)
    return ret;
  o->status = state_status (&o->sd, &o->st);
  ret = manager_from_state (&o->sd, &o->m, err);
  if (ret < 0)
    return ret;
  if (o->status == STATUS_RUNNING && o->m && cgroup_hook_paused (&o->sd))
    o->status = STATUS_PAUSED;
  if (!(allowed & (1u << o->status)))
    return berth_error_make (err, 0, "cannot %s container \"%s\": it is %s", verb, id,
                             state_status_name (o->status));
  if (o->m == NULL)
    return berth_error_make (err, 0, "container \"%s\" has no cgroup", id);
  return 0;
}

#define LIVE ((1u << STATUS_CREATED) | (1u << STATUS_RUNNING) | (1u << STATUS_PAUSED))

int
cgroup_cmd_update (const char *root, const char *id, const struct oci_resources *r,
                   berth_error_t **err)
{
  struct opened o;
  int ret = open_container (root, id, true, LIVE, "update", &o, err);
  if (ret == 0)
    ret = cgroup_manager_update (o.m, r, err);
  opened_close (&o);
  return ret;
}

int
cgroup_cmd_pause (const char *root, const char *id, bool pause, berth_error_t **err)
{
  struct opened o;
  int ret = open_container (root, id, true,
                            pause ? (1u << STATUS_RUNNING) : (1u << STATUS_PAUSED),
                            pause ? "pause" : "resume", &o, err);
  if (ret == 0)
    ret = cgroup_manager_freeze (o.m, pause, err);
  opened_close (&o);
  return ret;
}

int
cgroup_cmd_ps (const char *root, const char *id, bool json, char *const *ps_args,
               size_t n_ps_args, FILE *out, berth_error_t **err)
{
  struct opened o;
  int ret = open_container (root, id, false, LIVE | (1u << STATUS_STOPPED), "list the processes of",
                            &o, err);
  if (ret == 0)
    ret = cgroup_ps (o.m, json, ps_args, n_ps_args, out, err);
  opened_close (&o);
  return ret;
}

int
cgroup_cmd_events (const char *root, const char *id, bool stats_only, long interval_ms,
                   FILE *out, berth_error_t **err)
{
  struct cgroup_events_options eo = { id, stats_only, interval_ms, out };
  struct opened o;
  int ret = open_container (root, id, false, LIVE, "watch the events of", &o, err);
  if (ret == 0)
    {
      /* Unlocked while streaming: `delete` must not wait for `events`.  */
      state_dir_close (&o.sd);
      ret = cgroup_events_run (o.m, &eo, err);
    }
  opened_close (&o);
  return ret;
}

/* Anything but device rules: a rootless container asks for no devices
   cgroup (its user namespace cannot mknod), so those alone need none.  */
static bool
asks_for_limits (const struct oci_config *config)
{
  const struct oci_resources *r = config->linux_ ? config->linux_->resources : NULL;

  return r
         && (r->memory || r->cpu || r->has_pids_limit || r->block_io || r->n_hugepage_limits
             || r->network || r->n_rdma || r->unified.len);
}

static int
record_manager (void *sd, const struct cgroup_manager *m, berth_error_t **err)
{
  cleanup_free char *record = cgroup_manager_record (m);
  return state_record_made (sd, MADE_KIND, record, err);
}

int
cgroup_hook_setup (struct state_dir *sd, const struct oci_config *config, const char *id,
                   struct cgroup_join *join, bool systemd, berth_error_t **err)
{
  struct cgroup_options opts = { NULL, NULL, CGROUP_LAYOUT_UNKNOWN, systemd };
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  const char *denied;
  int ret;

  ret = cgroup_manager_new (config, id, &opts, &m, err);
  if (ret < 0)
    return ret;
  /* Rootless, as runc: without delegation a container that sets no limits
     runs in the caller's cgroups; one that sets limits cannot have them.  */
  if (geteuid () != 0 && (denied = cgroup_manager_not_writable (m)) != NULL)
    {
      if (!asks_for_limits (config))
        return 0;
      return berth_error_make (err, EACCES, "rootless container: linux.resources needs a cgroup "
                                            "delegated to uid %u, and %s is not writable",
                               (unsigned) geteuid (), denied);
    }
  ret = record_manager (sd, m, err);
  if (ret < 0)
    return ret;
  ret = cgroup_manager_create (m, config, record_manager, sd, err);
  if (ret < 0)
    return ret;
  return cgroup_manager_open_join (m, join, err);
}

int
cgroup_hook_undo (struct state_dir *sd, const char *value, bool empty, berth_error_t **err)
{
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  int ret;

  (void) sd;
  ret = cgroup_manager_from_record (value, &m, err);
  if (ret < 0)
    return ret;
  if (empty && cgroup_manager_remove_empty (m) == 0)
    return 0;
  return cgroup_manager_destroy (m, err);
}

int
cgroup_hook_manager (struct state_dir *sd, struct cgroup_manager **out, berth_error_t **err)
{
  return manager_from_state (sd, out, err);
}

int
cgroup_hook_join (struct state_dir *sd, pid_t pid, berth_error_t **err)
{
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  int ret = manager_from_state (sd, &m, err);
  if (ret < 0 || m == NULL)
    return ret;
  return cgroup_manager_enter (m, pid, err);
}

int
cgroup_hook_kill_all (struct state_dir *sd, int sig, berth_error_t **err)
{
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  int ret = manager_from_state (sd, &m, err);
  if (ret < 0 || m == NULL)
    return ret;
  return cgroup_manager_kill (m, sig, err);
}

void
cgroup_hook_thaw (struct state_dir *sd)
{
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  if (manager_from_state (sd, &m, NULL) == 0 && m)
    cgroup_manager_freeze (m, false, NULL);
}

bool
cgroup_hook_paused (struct state_dir *sd)
{
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  bool frozen = false;
  if (manager_from_state (sd, &m, NULL) < 0 || m == NULL)
    return false;
  return cgroup_manager_is_frozen (m, &frozen, NULL) == 0 && frozen;
}
