/* mounts-internal.h: what mounts.c shares with mount-cgroup.c and devices.c
   (the per-container mount context and the mount-through-fd primitives).
   Not part of the library's interface.  */
#ifndef BERTH_MOUNTS_INTERNAL_H
#define BERTH_MOUNTS_INTERNAL_H

#include "mount-options.h"
#include "mount-target.h"
#include "mounts.h"

struct mount_ctx
{
  struct in_root root;
  const struct oci_config *c;
  const struct mounts_options *o;
  bool cgroupns; /* the container has (or joins) a cgroup namespace */
};

/* mount(2) with the target given as an fd (through /proc/self/fd/N).  */
int mount_on_fd (const char *source, int target_fd, const char *fstype, unsigned long flags,
                 const char *data);
/* Propagation flags then recursive attributes on the mount whose root is
   mnt_fd.  `dest` names it in errors.  */
int mount_apply_propagation_and_attrs (int mnt_fd, const struct mount_options *opts,
                                       const char *dest, berth_error_t **err);
/* MS_BIND|MS_REMOUNT with `flags`, keeping the flags the kernel locked on the
   source (user namespaces) as runc does; error if a cleared flag is locked.  */
int mount_bind_remount (int mnt_fd, unsigned long flags, unsigned long cleared,
                        const char *dest, berth_error_t **err);

/* mount-cgroup.c: a `cgroup` mounts entry (v1 tmpfs + hierarchies, or cgroup2).  */
int mount_cgroup (struct mount_ctx *ctx, const struct oci_mount *m,
                  const struct mount_options *opts, berth_error_t **err);

#endif
