/* mounts.h: the container's filesystem view.  Everything here runs in the
   container's child process, inside its new mount namespace.  */
#ifndef BERTH_MOUNTS_H
#define BERTH_MOUNTS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

struct mounts_options
{
  const char *rootfs;        /* absolute, resolved path of root.path */
  const char *bundle;        /* absolute bundle dir (relative mount sources are resolved here) */
  bool no_pivot;             /* --no-pivot: MS_MOVE + chroot instead of pivot_root */
  bool in_user_ns;           /* devices are bind-mounted from the host, not mknod'ed */
  const char *console_path;  /* pty slave to bind on /dev/console, NULL without a terminal */
  const int *idmap_fds;      /* per mounts[] index: its idmapped tree or -1; NULL: none */
};

/* Runtime side, before the init is cloned: the detached, idmapped tree of
   every idmapped bind mount (idmap/ridmap options or mounts[].uidMappings).
   Made in the host's user namespace: the init, in the container's user
   namespace, may not idmap a host filesystem.  *FDS is NULL when there is
   none, else c->n_mounts entries (-1: not idmapped); free with
   mounts_close_idmapped.  */
int mounts_open_idmapped (const struct oci_config *c, const char *bundle, int **fds,
                          berth_error_t **err);
void mounts_close_idmapped (int *fds, size_t n);

/* Propagation, the rootfs bind, every `mounts` entry in order, /dev (default
   devices, linux.devices, ptmx, fd/stdin/stdout/stderr links, console).
   Stops before pivot_root: createContainer hooks run between the two.  */
int mounts_prepare_rootfs (const struct oci_config *c, const struct mounts_options *o,
                           berth_error_t **err);
/* pivot_root (or chroot with no_pivot) into o->rootfs, then chdir("/").  */
int mounts_pivot_root (const struct mounts_options *o, berth_error_t **err);
/* After pivot: maskedPaths, readonlyPaths, root.readonly.  */
int mounts_finish_rootfs (const struct oci_config *c, berth_error_t **err);

#endif
