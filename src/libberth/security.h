/* security.h: the confinement of a container process: capabilities, user
   switch, no_new_privs, LSM exec labels, dumpability.  A plan is resolved in
   the runtime (names, LSM checks, the seccomp BPF) so the child only makes
   syscalls.  Never parses config files or touches mounts/cgroups.  */
#ifndef BERTH_SECURITY_H
#define BERTH_SECURITY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

struct seccomp_plan;

struct security_caps
{
  uint64_t bounding;
  uint64_t effective;
  uint64_t permitted;
  uint64_t inheritable;
  uint64_t ambient;
  unsigned int last_cap; /* the kernel's last capability (cap_last_cap) */
};

struct security_plan
{
  struct security_caps caps;
  bool switch_user;        /* setgroups/setgid/setuid to the values below */
  uid_t uid;
  gid_t gid;
  gid_t *groups;           /* process.user.additionalGids */
  size_t n_groups;
  bool no_new_privileges;
  char *apparmor_profile;  /* NULL: leave the LSM exec label alone */
  char *selinux_label;
  struct seccomp_plan *seccomp; /* NULL: no filter */
  char *listener_path;     /* linux.seccomp.listenerPath when a rule notifies */
  char *listener_metadata;
};

/* Names to bit masks.  Unknown names and capabilities this kernel does not
   have are ignored with a warning on stderr, as runc does; a NULL `c` means
   every set is empty (runc drops everything when `capabilities` is absent).  */
int security_caps_resolve (const struct oci_capabilities *c, struct security_caps *out,
                           berth_error_t **err);

/* Resolve process (+ linux.seccomp, linux.mountLabel) into a plan: a label
   asked for while its LSM is not active is an error here, before any fork.
   `l` may be NULL.  seccomp_cache_dir: see seccomp_plan_build (the state
   root's "seccomp-cache" is the intended place; NULL disables the cache).  */
int security_plan_build (const struct oci_process *p, const struct oci_linux *l,
                         const char *seccomp_cache_dir, struct security_plan *out,
                         berth_error_t **err);
void security_plan_free (struct security_plan *p);

/* Child, in this order, right before execve:
   security_apply_lsm        apparmor/selinux exec labels, no_new_privs
   security_apply_identity   seccomp when !noNewPrivileges (needs CAP_SYS_ADMIN),
                             bounding drop, keepcaps + user switch, capset, ambient
   security_apply_seccomp_late  seccomp when noNewPrivileges (as late as possible)
   *listener_fd receives the SCMP_ACT_NOTIFY listener (or stays -1).  */
int security_apply_lsm (const struct security_plan *p, berth_error_t **err);
int security_apply_identity (const struct security_plan *p, int *listener_fd,
                             berth_error_t **err);
int security_apply_seccomp_late (const struct security_plan *p, int *listener_fd,
                                 berth_error_t **err);

/* Apply capability sets to the calling thread (bounding first).  */
int security_caps_apply (const struct security_caps *c, berth_error_t **err);

/* PR_SET_DUMPABLE: 0 while the runtime sets a process up so nothing in the
   container can ptrace it or open its /proc/PID/{exe,fd,mem}; execve resets it.  */
int security_set_dumpable (bool dumpable, berth_error_t **err);

/* /proc/self/setgroups says "deny" (a user namespace mapped without
   newgidmap, e.g. rootless with only the caller's own ids): setgroups(2)
   fails with EPERM there and there is nothing to clear.  */
bool security_setgroups_denied (void);

bool security_apparmor_enabled (void);
bool security_selinux_enabled (void);

#endif
