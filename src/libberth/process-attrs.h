/* process-attrs.h: the `process` section applied to the container init
   itself: rlimits, scheduling, user, environment, fds, the executable.
   Every function runs in the container init, never in the runtime.  */
#ifndef BERTH_PROCESS_ATTRS_H
#define BERTH_PROCESS_ATTRS_H

#include <stdbool.h>

#include "error.h"
#include "oci-config.h"

/* Before the mounts (the host /proc is still visible): oomScoreAdj,
   execCPUAffinity.initial.  */
int attrs_apply_early (const struct oci_process *p, berth_error_t **err);
/* After the mounts, as root: rlimits, ioPriority, scheduler, personality.  */
int attrs_apply_privileged (const struct oci_config *c, berth_error_t **err);
/* The environment to exec with: process.env, plus LISTEN_FDS/LISTEN_PID
   when socket activation fds are passed on, plus HOME when missing (from
   the container's /etc/passwd, as runc).  NULL-terminated, malloc'd.  */
char **attrs_build_env (const struct oci_process *p, int listen_fds);
/* process.args[0] looked up in the PATH of `env`, inside the container,
   with runc's error texts (podman maps them to exit codes 126/127).  */
int attrs_find_executable (const char *arg0, char **env, char **out, berth_error_t **err);
/* Create process.cwd when missing (runc does), as root before the switch.  */
int attrs_make_cwd (const struct oci_process *p, berth_error_t **err);
/* additionalGids, gid, uid (keeping the permitted capabilities for the
   security step), umask, then chdir(cwd) as that user.  */
int attrs_switch_user (const struct oci_process *p, berth_error_t **err);
/* Right before exec: execCPUAffinity.final.  */
int attrs_apply_final (const struct oci_process *p, berth_error_t **err);
/* Only stdio and fds 3 .. 3+n_keep-1 survive exec.  */
int attrs_close_fds (int n_keep, berth_error_t **err);

#endif
