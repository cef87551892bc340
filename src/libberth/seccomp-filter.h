/* seccomp-filter.h: linux.seccomp -> a BPF program (built with libseccomp in the
   runtime, before the fork) -> seccomp(2) in the child.  Also the
   SCMP_ACT_NOTIFY hand-off of the listener fd to listenerPath.
   Never decides when the filter is loaded: security.c does.  */
#ifndef BERTH_SECCOMP_H
#define BERTH_SECCOMP_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

struct seccomp_plan
{
  void *filter;            /* struct sock_filter[len] */
  unsigned short len;
  unsigned int flags;      /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
  bool notify;             /* some rule uses SCMP_ACT_NOTIFY */
};

/* Compile `s`.  Unknown syscall names are skipped (the kernel or libseccomp
   does not know them), as runc does; rules whose action equals the default
   are dropped.  With `cache_dir` (e.g. STATE_ROOT/seccomp-cache) a compiled
   program is reused by later containers with the same profile; NULL compiles.  */
int seccomp_plan_build (const struct oci_seccomp *s, const char *cache_dir,
                        struct seccomp_plan **out, berth_error_t **err);
void seccomp_plan_free (struct seccomp_plan *p);

/* True when the profile certainly lets `syscall` through whatever its
   arguments: no profile, an allowing rule without argument conditions, or
   no rule naming it under an allowing default.  */
bool seccomp_config_allows (const struct oci_seccomp *s, const char *syscall);

/* Install the filter on the calling thread; needs no_new_privs or
   CAP_SYS_ADMIN.  With notify, *listener_fd gets the listener (O_CLOEXEC).  */
int seccomp_plan_load (const struct seccomp_plan *p, int *listener_fd, berth_error_t **err);

/* The container process state of the runtime-spec ("Seccomp" section of
   config-linux.md), sent with the listener fd (SCM_RIGHTS) in one message
   over one fresh SOCK_STREAM connection to listenerPath.  */
struct seccomp_listener_state
{
  const char *oci_version;
  const char *id;
  const char *status;      /* "creating" for the init, "running" for exec */
  pid_t pid;
  const char *bundle;
  const struct oci_map *annotations;
  const char *metadata;    /* linux.seccomp.listenerMetadata, may be NULL */
};

int seccomp_listener_send (const char *listener_path, int listener_fd,
                           const struct seccomp_listener_state *st, berth_error_t **err);
/* The same in two steps: connect in the runtime (the path is a host path;
   the child may already be in the container's mount namespace), send from
   the child right after it loaded the filter.  The state goes once per
   connection, as the spec says.  */
int seccomp_listener_connect (const char *listener_path, berth_error_t **err);
int seccomp_listener_send_on (int sock, int listener_fd, const struct seccomp_listener_state *st,
                              berth_error_t **err);

/* The JSON text of that state (malloc'd); exposed for tests.  */
char *seccomp_listener_state_json (const struct seccomp_listener_state *st);

#endif
