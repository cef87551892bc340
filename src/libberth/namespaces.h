/* namespaces.h: linux.namespaces -> clone flags, setns joins, uid/gid maps,
   time offsets, and the per-namespace settings (lo, hostname, domainname,
   sysctl).  Never mounts anything and never forks.  */
#ifndef BERTH_NAMESPACES_H
#define BERTH_NAMESPACES_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

struct ns_plan
{
  /* New namespaces the init is cloned with.  Never CLONE_NEWCGROUP (the
     init unshares it after the parent moved it into its cgroup) nor
     CLONE_NEWTIME (offsets must be written before any process is in it).  */
  int clone_flags;
  bool present[OCI_NS_COUNT];  /* listed in linux.namespaces (new or joined) */
  int join_fds[OCI_NS_COUNT];  /* -1, or the open `path` to setns into */
  bool joins;                  /* any join_fds: the intermediate process is needed */
  bool new_cgroup_ns;
  bool new_time_ns;
  bool new_user_ns;
  bool in_user_ns;             /* new or joined user namespace */
};

/* Check the namespace list against the rest of the config (hostname needs
   uts, sysctl keys need their namespace, mount namespace required, maps for
   a new user namespace) and open every `path`.  */
int ns_plan_build (const struct oci_config *c, struct ns_plan *p, berth_error_t **err);
void ns_plan_close (struct ns_plan *p);

/* Intermediate process: setns the user namespace first (it owns the
   others), then the others.  */
int ns_join (const struct ns_plan *p, berth_error_t **err);
/* Intermediate process: unshare(CLONE_NEWTIME) and write the offsets; the
   next child is born in the new time namespace.  */
int ns_unshare_time (const struct oci_linux *l, berth_error_t **err);
/* Parent: uid_map / gid_map of a child in a new user namespace.  */
int ns_write_id_maps (pid_t pid, const struct oci_linux *l, berth_error_t **err);

/* Container init, in its namespaces.  */
int ns_bring_up_loopback (berth_error_t **err);
int ns_set_names (const struct oci_config *c, berth_error_t **err);
/* After the mounts, before readonlyPaths: /proc/sys of the container.  */
int ns_write_sysctl (const struct oci_config *c, berth_error_t **err);

#endif
