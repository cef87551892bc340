/* cgroup-cmd.h: the cgroup commands on a container named by its state root
   and id (update, pause, resume, ps, events), and the hooks the lifecycle
   calls.  Opens the state, finds the cgroup record, acts; never runs a
   container process itself.  */
#ifndef BERTH_CGROUP_CMD_H
#define BERTH_CGROUP_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cgroup.h"
#include "error.h"
#include "oci-config.h"

int cgroup_cmd_update (const char *root, const char *id, const struct oci_resources *r,
                       berth_error_t **err);
/* pause = freeze and wait until frozen; resume = thaw.  */
int cgroup_cmd_pause (const char *root, const char *id, bool pause, berth_error_t **err);
int cgroup_cmd_ps (const char *root, const char *id, bool json, char *const *ps_args,
                   size_t n_ps_args, FILE *out, berth_error_t **err);
int cgroup_cmd_events (const char *root, const char *id, bool stats_only, long interval_ms,
                       FILE *out, berth_error_t **err);

/* --- hooks for the lifecycle (container.c / process.c) --- */
struct state_dir;
/* Parent, before clone: plan the cgroups, record them in the state (made
   list, kind "cgroup") BEFORE creating them, create + apply
   linux.resources, and open JOIN (CGROUP_JOIN_INIT) for the init to join
   itself (cgroup_join_self) before it runs any container code.  */
int cgroup_hook_setup (struct state_dir *sd, const struct oci_config *config, const char *id,
                       struct cgroup_join *join, bool systemd, berth_error_t **err);
/* The undo handler of the "cgroup" kind: kill what is left, remove.  EMPTY:
   the caller knows no process is left (the init of the container's own pid
   namespace was reaped): rmdir only, the kill path when that fails.  */
int cgroup_hook_undo (struct state_dir *sd, const char *value, bool empty, berth_error_t **err);
/* The manager of the container's cgroups from its made list (kind "cgroup",
   value cgroup_manager_record()); NULL + 0 when berth made none (rootless).  */
int cgroup_hook_manager (struct state_dir *sd, struct cgroup_manager **out, berth_error_t **err);
/* exec: move PID into the container's cgroups.  */
int cgroup_hook_join (struct state_dir *sd, pid_t pid, berth_error_t **err);
/* kill --all: SIG to every process in the container's cgroups.  */
int cgroup_hook_kill_all (struct state_dir *sd, int sig, berth_error_t **err);
/* delete of a paused container: thaw first (a frozen v1 task ignores SIGKILL).  */
void cgroup_hook_thaw (struct state_dir *sd);
/* state: true when the container's cgroup is frozen (status "paused").  */
bool cgroup_hook_paused (struct state_dir *sd);

#endif
