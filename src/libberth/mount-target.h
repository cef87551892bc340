/* mount-target.h: resolve and create paths INSIDE a container rootfs without
   ever leaving it, symlinks included (CVE-2021-30465: a symlink swapped into
   the rootfs must not redirect a mount to the host).  Callers mount through
   /proc/self/fd/N of the fds returned here, never through a path string.  */
#ifndef BERTH_MOUNT_TARGET_H
#define BERTH_MOUNT_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* The rootfs every lookup is confined to.  */
struct in_root
{
  int fd;           /* O_PATH directory fd of the rootfs */
  const char *path; /* its absolute path (to turn fd paths back into rootfs paths);
                       NULL: read from /proc/self/fd/<fd> when a symlink needs it */
};

enum
{
  IN_ROOT_NO_SYMLINKS = 1 << 0, /* refuse any symlink on the way (ELOOP) */
  IN_ROOT_FORCE_WALK = 1 << 1,  /* skip openat2, use the component walk (tests) */
};

/* Open `path` (absolute or not, always relative to r->fd) as if r->fd were
   "/": ".." and absolute symlinks stop at the rootfs.  Returns an fd or
   -errno.  Uses openat2(RESOLVE_IN_ROOT) and falls back to a careful
   component walk on kernels without it.  */
int in_root_open (const struct in_root *r, const char *path, int oflags, unsigned flags);

/* Lexically clean an absolute path into out (size >= strlen(in)+2):
   "//a/./b/../c/" -> "/a/c"; ".." never goes above "/".  */
void path_clean (const char *in, char *out);

enum mount_target_kind
{
  MOUNT_TARGET_EXISTING, /* do not create anything */
  MOUNT_TARGET_DIR,      /* create missing components as directories */
  MOUNT_TARGET_FILE,     /* parents as directories, the last one as an empty file */
};

struct mount_target
{
  int parent_fd; /* O_PATH of the directory holding the target */
  bool parent_is_root; /* parent_fd is the rootfs fd itself (borrowed, not closed) */
  int fd;        /* the target itself (O_PATH, or O_RDONLY for a file we made) */
  char *base;    /* its name in parent_fd, to reopen it after a mount */
  char *path;    /* resolved path inside the rootfs, "/proc/sys" */
  bool created;
};

/* Resolve (and with kind != EXISTING create) the mount target `dest`.
   Fills *t; on error *t needs no cleanup.  `flags`: IN_ROOT_*.  */
int mount_target_open (const struct in_root *r, const char *dest, enum mount_target_kind kind,
                       unsigned flags, struct mount_target *t, berth_error_t **err);
/* Resolve dest's parent directory only (created when missing); t->fd = -1.  */
int mount_target_open_parent (const struct in_root *r, const char *dest, unsigned flags,
                              struct mount_target *t, berth_error_t **err);
/* After mounting on /proc/self/fd/<t->fd>, that fd still names the covered
   directory; this returns an O_PATH fd of the new mount's root.  */
int mount_target_reopen (const struct mount_target *t, berth_error_t **err);
void mount_target_close (struct mount_target *t);

/* "/proc/self/fd/N" into buf (>= 32 bytes).  */
const char *proc_fd_path (char *buf, int fd);

#endif
