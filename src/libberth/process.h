/* process.h: making the container init: the clone, the parent <-> init
   sync protocol, and everything the init does up to the exec of the user
   program.  See the top of process.c for the protocol and the hook points.  */
#ifndef BERTH_PROCESS_H
#define BERTH_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "namespaces.h"
#include "oci-config.h"
#include "state.h"

struct process_init_config
{
  const struct oci_config *config;
  const struct ns_plan *ns;
  const char *rootfs;   /* absolute */
  const char *bundle;   /* absolute */
  struct state_dir *sd; /* locked; holds the exec fifo */
  struct container_state *state; /* pid and start_time are filled in here */
  int console_fd;       /* connected console socket (process.terminal), or -1 */
  int extra_fds;        /* fds 3.. passed on: LISTEN_FDS + --preserve-fds */
  int listen_fds;       /* how many of them are socket-activation fds */
  bool no_pivot;
  bool no_new_keyring;
  const int *idmap_fds; /* mounts_open_idmapped: per mounts[] entry, or NULL */
  /* Filled by process_create_init (security.h): capabilities, LSM labels,
     no_new_privs and the compiled seccomp filter, applied right before exec.  */
  struct security_plan *security;
  int seccomp_listener; /* connected linux.seccomp.listenerPath, or -1 */
  int exec_trampoline;  /* sealed_dmz_create's memfd, or -1: execve directly */
  bool start_now;       /* `run`: the init execs once set up, no exec fifo wait */
  bool started;         /* out: the init has already exec'd (no fifo to release);
                           in the vfork-born init's own copy: no SYNC_GO to wait for */
};

/* Clone the container init and drive it until it waits on the exec fifo
   with everything set up (with start_now, possibly until it has exec'd:
   then pc->started); *pid is its host pid.  On failure the init is
   killed and reaped, and the message is the init's own when it failed.  */
int process_create_init (struct process_init_config *pc, pid_t *pid, berth_error_t **err);

#endif
