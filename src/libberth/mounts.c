/* mounts.c: the container's filesystem view, in its own mount namespace:
   rootfs propagation and bind, every `mounts` entry through fds resolved
   inside the rootfs, pivot_root, then masked/readonly paths.  Never mounts
   through a path string that could lead out of the rootfs before pivot.  */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devices.h"
#include "idmap.h"
#include "mounts-internal.h"
#include "util.h"

/* Per-mount flags MS_BIND|MS_REMOUNT can change (MNT_USER_SETTABLE_MASK).  */
#define BIND_REMOUNT_FLAGS                                                     \
  (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME       \
   | MS_RELATIME | MS_STRICTATIME | MS_NOSYMFOLLOW)
#define ATIME_FLAGS (MS_NOATIME | MS_RELATIME | MS_STRICTATIME | MS_NODIRATIME)
/* Flags a less privileged mount namespace inherits locked (MNT_LOCK_*).  */
#define LOCK_FLAGS (MS_RDONLY | MS_NODEV | MS_NOEXEC | MS_NOSUID | ATIME_FLAGS)

/* Files under /proc that may be bind-mounted over (lxcfs emulates them);
   everything else under /proc is refused (CVE-2019-16884 class).  */
static const char *const proc_allowed[] = {
  "/proc/cpuinfo", "/proc/diskstats", "/proc/meminfo", "/proc/stat", "/proc/swaps",
  "/proc/uptime", "/proc/loadavg", "/proc/slabinfo", "/proc/net/dev",
  "/proc/sys/kernel/ns_last_pid", "/proc/sys/crypto/fips_enabled",
};

int
mount_on_fd (const char *source, int target_fd, const char *fstype, unsigned long flags,
             const char *data)
{
  char path[32];
  return mount (source, proc_fd_path (path, target_fd), fstype, flags, data);
}

static int
mount_setattr_fd (int fd, const char *path, unsigned int at_flags, uint64_t set, uint64_t clr)
{
  struct mount_attr attr = { .attr_set = set, .attr_clr = clr };
  return (int) syscall (SYS_mount_setattr, fd, path, at_flags, &attr, sizeof attr);
}

int
mount_apply_propagation_and_attrs (int mnt_fd, const struct mount_options *opts,
                                   const char *dest, berth_error_t **err)
{
  size_t i;

  for (i = 0; i < opts->n_propagation; i++)
    if (mount_on_fd (NULL, mnt_fd, NULL, opts->propagation[i], NULL) < 0)
      return berth_error_make (err, errno, "set propagation of %s", dest);
  if ((opts->rec_attr_set || opts->rec_attr_clr)
      && mount_setattr_fd (mnt_fd, "", AT_EMPTY_PATH | AT_RECURSIVE, opts->rec_attr_set,
                           opts->rec_attr_clr)
             < 0)
    return berth_error_make (err, errno, "mount_setattr recursive attributes on %s", dest);
  return 0;
}

static unsigned long
statfs_to_mount_flags (const struct statfs *st)
{
  static const struct
  {
    unsigned long st, ms;
  } map[] = {
    { ST_RDONLY, MS_RDONLY },         { ST_NOSUID, MS_NOSUID },
    { ST_NODEV, MS_NODEV },           { ST_NOEXEC, MS_NOEXEC },
    { ST_NOATIME, MS_NOATIME },       { ST_NODIRATIME, MS_NODIRATIME },
    { ST_RELATIME, MS_RELATIME },     { 0x2000 /* ST_NOSYMFOLLOW */, MS_NOSYMFOLLOW },
  };
  unsigned long flags = 0;
  size_t i;

  for (i = 0; i < sizeof map / sizeof map[0]; i++)
    if (st->f_flags & map[i].st)
      flags |= map[i].ms;
  /* MS_STRICTATIME is not stored: it is the absence of the other two.  */
  if (!(flags & (MS_NOATIME | MS_RELATIME)))
    flags |= MS_STRICTATIME;
  return flags;
}

int
mount_bind_remount (int mnt_fd, unsigned long flags, unsigned long cleared, const char *dest,
                    berth_error_t **err)
{
  unsigned long want = MS_BIND | MS_REMOUNT | (flags & BIND_REMOUNT_FLAGS);
  struct statfs st;
  unsigned long src;

  if (mount_on_fd (NULL, mnt_fd, NULL, want, NULL) == 0)
    return 0;
  if (errno != EPERM)
    return berth_error_make (err, errno, "remount %s with its options", dest);
  /* EPERM: the source carries locked flags (mount from a more privileged
     namespace).  Keep them, unless the config asked to clear one.  */
  if (fstatfs (mnt_fd, &st) < 0)
    return berth_error_make (err, errno, "statfs %s", dest);
  src = statfs_to_mount_flags (&st);
  if ((src & cleared & LOCK_FLAGS) || ((flags & ATIME_FLAGS) && (flags & ATIME_FLAGS) != (src & ATIME_FLAGS)))
    return berth_error_make (err, EPERM, "remount %s with its options (the source's flags are locked)", dest);
  want |= src & LOCK_FLAGS;
  if (mount_on_fd (NULL, mnt_fd, NULL, want, NULL) < 0)
    return berth_error_make (err, errno, "remount %s with its options", dest);
  return 0;
}

static bool
path_has_prefix (const char *path, const char *prefix)
{
  size_t n = strlen (prefix);
  return strncmp (path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The resolved target may be /proc only for a procfs, and inside /proc only
   for the lxcfs allowlist: otherwise a config (or a symlink in the image)
   could hide or fake procfs files the runtime and LSMs rely on.  */
static int
check_proc_target (const char *path, const char *type, const char *bind_source,
                   berth_error_t **err)
{
  size_t i;

  if (!path_has_prefix (path, "/proc"))
    return 0;
  if (strcmp (path, "/proc") == 0)
    {
      struct statfs st;
      if (bind_source == NULL && type && strcmp (type, "proc") == 0)
        return 0;
      if (bind_source && statfs (bind_source, &st) == 0 && st.f_type == PROC_SUPER_MAGIC)
        return 0;
      return berth_error_make (err, EPERM, "%s cannot be mounted because it is not of type proc",
                               path);
    }
  for (i = 0; i < sizeof proc_allowed / sizeof proc_allowed[0]; i++)
    if (strcmp (path, proc_allowed[i]) == 0)
      return 0;
  return berth_error_make (err, EPERM, "%s cannot be mounted because it is inside /proc", path);
}

/* Copy the image's content of a tmpfs target into the new tmpfs
   (`tmpcopyup`): src is the covered directory, dst the tmpfs root.  */
static int
copy_tree (int src_dir, int dst_dir, const char *dest, int depth, berth_error_t **err)
{
  DIR *d;
  struct dirent *de;
  int fd = openat (src_dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int ret = 0;

  if (fd < 0 || (d = fdopendir (fd)) == NULL)
    {
      ret = berth_error_make (err, errno, "tmpcopyup: open %s", dest);
      if (fd >= 0)
        close (fd);
      return ret;
    }
  while (ret == 0 && (errno = 0, de = readdir (d)) != NULL)
    {
      struct stat st;
      const char *n = de->d_name;

      if (strcmp (n, ".") == 0 || strcmp (n, "..") == 0)
        continue;
      if (fstatat (fd, n, &st, AT_SYMLINK_NOFOLLOW) < 0)
        ret = berth_error_make (err, errno, "tmpcopyup: stat %s/%s", dest, n);
      else if (S_ISDIR (st.st_mode))
        {
          cleanup_close int s = -1, t = -1;
          if (depth > 128 || mkdirat (dst_dir, n, st.st_mode & 07777) < 0
              || (s = openat (fd, n, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0
              || (t = openat (dst_dir, n, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
            ret = berth_error_make (err, errno, "tmpcopyup: copy directory %s/%s", dest, n);
          else
            ret = copy_tree (s, t, dest, depth + 1, err);
        }
      else if (S_ISREG (st.st_mode))
        {
          cleanup_close int s = openat (fd, n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
          cleanup_close int t = openat (dst_dir, n, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                        st.st_mode & 07777);
          ssize_t r = 1;
          while (s >= 0 && t >= 0 && r > 0)
            r = sendfile (t, s, NULL, 1 << 30); /* works across filesystems */
          if (s < 0 || t < 0 || r < 0)
            ret = berth_error_make (err, errno, "tmpcopyup: copy %s/%s", dest, n);
        }
      else if (S_ISLNK (st.st_mode))
        {
          char buf[4096];
          ssize_t l = readlinkat (fd, n, buf, sizeof buf - 1);
          if (l >= 0)
            buf[l] = '\0';
          if (l < 0 || symlinkat (buf, dst_dir, n) < 0)
            ret = berth_error_make (err, errno, "tmpcopyup: copy symlink %s/%s", dest, n);
        }
      else if (mknodat (dst_dir, n, st.st_mode, st.st_rdev) < 0)
        ret = berth_error_make (err, errno, "tmpcopyup: copy node %s/%s", dest, n);
      if (ret == 0 && fchownat (dst_dir, n, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
        ret = berth_error_make (err, errno, "tmpcopyup: chown %s/%s", dest, n);
    }
  if (ret == 0 && errno != 0 && de == NULL)
    ret = berth_error_make (err, errno, "tmpcopyup: read %s", dest);
  closedir (d);
  return ret;
}

/* Whether a mount's read-only flag waits for mounts_finish_rootfs: /dev gets
   device nodes and a tmpfs may get mount targets made inside it (runc does
   the same).  */
static bool
ro_is_deferred (const char *type, const char *dest, const struct mount_options *opts)
{
  char clean[4096];
  if (!(opts->flags & MS_RDONLY) || mount_options_is_bind (opts) || strlen (dest) >= sizeof clean - 2)
    return false;
  if (type && strcmp (type, "tmpfs") == 0)
    return true;
  path_clean (dest, clean);
  return strcmp (clean, "/dev") == 0;
}

static bool
data_has_mode (const char *data)
{
  const char *p = data;

  while (p && *p)
    {
      if (strncmp (p, "mode=", 5) == 0)
        return true;
      p = strchr (p, ',');
      if (p)
        p++;
    }
  return false;
}

static int
mount_fs (struct mount_ctx *ctx, const struct oci_mount *m, struct mount_options *opts,
          berth_error_t **err)
{
  const char *type = m->type;
  bool special = type && (strcmp (type, "proc") == 0 || strcmp (type, "sysfs") == 0);
  bool tmpfs = type && strcmp (type, "tmpfs") == 0;
  bool copyup = tmpfs && (opts->extensions & MOUNT_EXT_TMPCOPYUP);
  cleanup_free char *data_mode = NULL;
  cleanup_close int mnt_fd = -1;
  struct mount_target t;
  const char *data = opts->data;
  unsigned long flags = opts->flags;
  int ret;

  /* procfs and sysfs go on an ordinary directory: no symlink anywhere on the
     way, so an image cannot move them (CVE-2019-16884 class).  */
  ret = mount_target_open (&ctx->root, m->destination, MOUNT_TARGET_DIR,
                           special ? IN_ROOT_NO_SYMLINKS : 0, &t, err);
  if (ret < 0)
    {
      if (special && (*err)->status == ELOOP)
        return berth_error_make (err, ELOOP, "filesystem %s must be mounted on an ordinary directory", type);
      return ret;
    }
  ret = check_proc_target (t.path, type, NULL, err);
  if (ret < 0)
    goto out;
  if (tmpfs && !t.created && !data_has_mode (data))
    {
      /* Keep the mode of the directory the tmpfs covers (runc does), unless
         the options give one (the last mode= wins).  */
      struct stat st;
      if (fstat (t.fd, &st) < 0)
        {
          ret = berth_error_make (err, errno, "stat %s", m->destination);
          goto out;
        }
      data_mode = data ? xasprintf ("mode=%04o,%s", st.st_mode & 07777, data)
                       : xasprintf ("mode=%04o", st.st_mode & 07777);
      data = data_mode;
    }
  if (ro_is_deferred (type, m->destination, opts))
    flags &= ~MS_RDONLY;
  if (mount_on_fd (m->source ? m->source : type, t.fd, type, flags, data) < 0)
    {
      ret = berth_error_make (err, errno, "mount %s on %s", m->source ? m->source : type ? type : "none",
                              m->destination);
      goto out;
    }
  if (!copyup && opts->n_propagation == 0 && !opts->rec_attr_set && !opts->rec_attr_clr)
    goto out;
  mnt_fd = ret = mount_target_reopen (&t, err);
  if (ret < 0)
    goto out;
  if (copyup)
    {
      /* A read-only tmpfs is remounted by mounts_finish_rootfs.  */
      ret = copy_tree (t.fd, mnt_fd, m->destination, 0, err);
      if (ret < 0)
        goto out;
    }
  ret = mount_apply_propagation_and_attrs (mnt_fd, opts, m->destination, err);
out:
  mount_target_close (&t);
  return ret < 0 ? ret : 0;
}

/* The target of a bind (or of a moved idmapped tree) is a directory or a
   file like its source, and obeys the /proc rules as any mount.  On success
   the caller closes t.  */
static int
bind_target_open (struct mount_ctx *ctx, const struct oci_mount *m, mode_t source_mode,
                  const char *source, struct mount_target *t, berth_error_t **err)
{
  int ret;

  ret = mount_target_open (&ctx->root, m->destination,
                           S_ISDIR (source_mode) ? MOUNT_TARGET_DIR : MOUNT_TARGET_FILE, 0, t, err);
  if (ret < 0)
    return ret;
  ret = check_proc_target (t->path, m->type, source, err);
  if (ret < 0)
    mount_target_close (t);
  return ret;
}

/* A bind takes the mount flags of its source: the per-mount flags need a
   remount of the new mount, then its propagation and recursive attributes.  */
static int
bind_apply_options (const struct mount_target *t, const struct mount_options *opts,
                    const char *dest, berth_error_t **err)
{
  bool remount = (opts->flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) || opts->cleared;
  cleanup_close int mnt_fd = -1;
  int ret;

  if (!remount && opts->n_propagation == 0 && !opts->rec_attr_set && !opts->rec_attr_clr)
    return 0;
  mnt_fd = ret = mount_target_reopen (t, err);
  if (ret < 0)
    return ret;
  if (remount)
    {
      ret = mount_bind_remount (mnt_fd, opts->flags, opts->cleared, dest, err);
      if (ret < 0)
        return ret;
    }
  return mount_apply_propagation_and_attrs (mnt_fd, opts, dest, err);
}

static int
mount_bind (struct mount_ctx *ctx, const struct oci_mount *m, struct mount_options *opts,
            berth_error_t **err)
{
  cleanup_free char *abs_source = NULL;
  const char *source = m->source;
  struct mount_target t;
  struct stat st;
  int ret;

  if (source == NULL || *source == '\0')
    return berth_error_make (err, EINVAL, "bind mount of %s has no source", m->destination);
  if (source[0] != '/')
    source = abs_source = xasprintf ("%s/%s", ctx->o->bundle, source);
  if (stat (source, &st) < 0)
    return berth_error_make (err, errno, "stat bind source %s", source);
  ret = bind_target_open (ctx, m, st.st_mode, source, &t, err);
  if (ret < 0)
    return ret;
  if (mount_on_fd (source, t.fd, NULL, MS_BIND | (opts->flags & MS_REC), NULL) < 0)
    ret = berth_error_make (err, errno, "bind mount %s on %s", source, m->destination);
  else
    ret = bind_apply_options (&t, opts, m->destination, err);
  mount_target_close (&t);
  return ret < 0 ? ret : 0;
}

static bool
is_idmapped (const struct oci_mount *m)
{
  size_t i;
  if (m->n_uid_mappings || m->n_gid_mappings)
    return true;
  for (i = 0; i < m->n_options; i++)
    if (strcmp (m->options[i], "idmap") == 0 || strcmp (m->options[i], "ridmap") == 0)
      return true;
  return false;
}

void
mounts_close_idmapped (int *fds, size_t n)
{
  size_t i;
  for (i = 0; fds && i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (fds);
}

static int
open_idmapped_one (const struct oci_config *c, const struct oci_mount *m, const char *bundle,
                   berth_error_t **err)
{
  cleanup_free char *abs_source = NULL;
  struct mount_options opts;
  const char *source = m->source;
  int ret;

  ret = mount_options_parse (m->options, m->n_options, "options", &opts, err);
  if (ret < 0)
    return ret;
  if (m->type && strcmp (m->type, "bind") == 0)
    opts.flags |= MS_BIND;
  if (!mount_options_is_bind (&opts))
    ret = berth_error_make (err, EINVAL, "idmapped mounts are only supported for bind mounts");
  else if (source == NULL || *source == '\0')
    ret = berth_error_make (err, EINVAL, "bind mount of %s has no source", m->destination);
  else
    {
      if (source[0] != '/')
        source = abs_source = xasprintf ("%s/%s", bundle, source);
      ret = idmap_open_tree (source, (opts.flags & MS_REC) != 0,
                             (opts.extensions & MOUNT_EXT_RIDMAP) != 0, m, c->linux_, err);
    }
  mount_options_free (&opts);
  return ret;
}

int
mounts_open_idmapped (const struct oci_config *c, const char *bundle, int **fds,
                      berth_error_t **err)
{
  int *v = NULL;
  size_t i, j;

  *fds = NULL;
  for (i = 0; i < c->n_mounts; i++)
    {
      int fd;
      if (!is_idmapped (&c->mounts[i]))
        continue;
      if (v == NULL)
        {
          v = xmalloc (c->n_mounts * sizeof *v);
          for (j = 0; j < c->n_mounts; j++)
            v[j] = -1;
        }
      fd = open_idmapped_one (c, &c->mounts[i], bundle, err);
      if (fd < 0)
        {
          mounts_close_idmapped (v, c->n_mounts);
          return berth_error_wrap (err, "mounts[%zu] (%s)", i, c->mounts[i].destination);
        }
      v[i] = fd;
    }
  *fds = v;
  return 0;
}

/* The tree the runtime made goes onto the target resolved in the rootfs;
   then the per-mount flags and propagation as for any bind.  */
static int
mount_idmapped (struct mount_ctx *ctx, const struct oci_mount *m, int tree,
                struct mount_options *opts, berth_error_t **err)
{
  struct mount_target t;
  struct stat st;
  int ret;

  if (fstat (tree, &st) < 0)
    return berth_error_make (err, errno, "stat the idmapped tree of %s", m->source);
  ret = bind_target_open (ctx, m, st.st_mode, m->source, &t, err);
  if (ret < 0)
    return ret;
  if (syscall (SYS_move_mount, tree, "", t.fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)
      < 0)
    ret = berth_error_make (err, errno, "move_mount idmapped %s on %s", m->source, m->destination);
  else
    ret = bind_apply_options (&t, opts, m->destination, err);
  mount_target_close (&t);
  return ret < 0 ? ret : 0;
}

static int
mount_one (struct mount_ctx *ctx, size_t i, berth_error_t **err)
{
  const struct oci_mount *m = &ctx->c->mounts[i];
  cleanup_free char *where = xasprintf ("mounts[%zu] (%s)", i, m->destination);
  struct mount_options opts;
  int ret;

  ret = mount_options_parse (m->options, m->n_options, where, &opts, err);
  if (ret < 0)
    return ret;
  if (m->type && strcmp (m->type, "bind") == 0)
    opts.flags |= MS_BIND;
  if (ctx->o->idmap_fds && ctx->o->idmap_fds[i] >= 0)
    ret = mount_idmapped (ctx, m, ctx->o->idmap_fds[i], &opts, err);
  else if (is_idmapped (m))
    ret = berth_error_make (err, EINVAL, mount_options_is_bind (&opts)
                                             ? "idmapped mount: the runtime made no idmapped tree"
                                             : "idmapped mounts are only supported for bind mounts");
  else if (mount_options_is_bind (&opts))
    ret = mount_bind (ctx, m, &opts, err);
  else if (m->type && strcmp (m->type, "cgroup") == 0)
    ret = mount_cgroup (ctx, m, &opts, err);
  else
    ret = mount_fs (ctx, m, &opts, err);
  mount_options_free (&opts);
  if (ret < 0)
    return berth_error_wrap (err, "%s", where);
  return 0;
}

/* pivot_root refuses a new root whose parent mount is shared, and a shared
   parent would also propagate our rootfs bind to the host: make the mount
   holding the rootfs private.  Only needed when / was made shared.  */
static int
make_rootfs_parent_private (const char *rootfs, berth_error_t **err)
{
  cleanup_free char *dir = xstrdup (rootfs);
  char *slash;

  for (;;)
    {
      slash = strrchr (dir, '/');
      if (slash == NULL)
        return 0;
      if (slash == dir)
        slash[1] = '\0';
      else
        *slash = '\0';
      if (mount (NULL, dir, NULL, MS_PRIVATE, NULL) == 0)
        return 0;
      if (errno != EINVAL)
        return berth_error_make (err, errno, "make %s private", dir);
      if (strcmp (dir, "/") == 0)
        return 0;
    }
}

static bool
needs_setup_dev (const struct oci_config *c)
{
  size_t i;
  for (i = 0; i < c->n_mounts; i++)
    {
      const struct oci_mount *m = &c->mounts[i];
      char clean[4096];
      bool bind = m->type && strcmp (m->type, "bind") == 0;
      size_t j;

      for (j = 0; !bind && j < m->n_options; j++)
        bind = strcmp (m->options[j], "bind") == 0 || strcmp (m->options[j], "rbind") == 0;
      if (!bind || strlen (m->destination) >= sizeof clean - 2)
        continue;
      path_clean (m->destination, clean);
      if (strcmp (clean, "/dev") == 0)
        return false;
    }
  return true;
}

static bool
has_cgroupns (const struct oci_config *c)
{
  size_t i;
  for (i = 0; c->linux_ && i < c->linux_->n_namespaces; i++)
    if (c->linux_->namespaces[i].type == OCI_NS_CGROUP)
      return true;
  return false;
}

static int
root_propagation (const struct oci_config *c, const struct mounts_options *o,
                  unsigned long *out, berth_error_t **err)
{
  const char *name = c->linux_ ? c->linux_->rootfs_propagation : NULL;

  *out = MS_SLAVE | MS_REC;
  if (name == NULL || *name == '\0')
    return 0;
  *out = mount_propagation_from_name (name);
  if (*out == 0)
    return berth_error_make (err, EINVAL, "linux.rootfsPropagation: unknown value %s", name);
  if (o->no_pivot && (*out & MS_PRIVATE))
    return berth_error_make (err, EINVAL,
                             "linux.rootfsPropagation: %s is not safe without pivot_root", name);
  return 0;
}

int
mounts_prepare_rootfs (const struct oci_config *c, const struct mounts_options *o,
                       berth_error_t **err)
{
  cleanup_close int root_fd = -1;
  struct mount_ctx ctx;
  unsigned long prop;
  size_t i;
  int ret;

  ret = root_propagation (c, o, &prop, err);
  if (ret < 0)
    return ret;
  if (mount (NULL, "/", NULL, prop, NULL) < 0)
    return berth_error_make (err, errno, "set propagation of / (linux.rootfsPropagation)");
  if (prop & MS_SHARED)
    {
      ret = make_rootfs_parent_private (o->rootfs, err);
      if (ret < 0)
        return ret;
    }
  if (mount (o->rootfs, o->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    return berth_error_make (err, errno, "bind mount rootfs %s onto itself", o->rootfs);
  root_fd = open (o->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0)
    return berth_error_make (err, errno, "open rootfs %s", o->rootfs);

  ctx.root.fd = root_fd;
  ctx.root.path = NULL; /* the kernel's name for it: read only if a symlink needs it */
  ctx.c = c;
  ctx.o = o;
  ctx.cgroupns = has_cgroupns (c);
  for (i = 0; i < c->n_mounts; i++)
    {
      ret = mount_one (&ctx, i, err);
      if (ret < 0)
        return ret;
    }
  return devices_setup (&ctx.root, c, o, needs_setup_dev (c), err);
}

int
mounts_pivot_root (const struct mounts_options *o, berth_error_t **err)
{
  cleanup_close int old_root = -1, new_root = -1;

  if (o->no_pivot)
    {
      /* --no-pivot: move the rootfs over / and chroot into it.  */
      if (chdir (o->rootfs) < 0)
        return berth_error_make (err, errno, "chdir %s", o->rootfs);
      if (mount (o->rootfs, "/", NULL, MS_MOVE, NULL) < 0)
        return berth_error_make (err, errno, "move mount %s to /", o->rootfs);
      if (chroot (".") < 0)
        return berth_error_make (err, errno, "chroot %s", o->rootfs);
      if (chdir ("/") < 0)
        return berth_error_make (err, errno, "chdir /");
      return 0;
    }
  old_root = open ("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (old_root < 0)
    return berth_error_make (err, errno, "open /");
  new_root = open (o->rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (new_root < 0)
    return berth_error_make (err, errno, "open rootfs %s", o->rootfs);
  if (fchdir (new_root) < 0)
    return berth_error_make (err, errno, "chdir %s", o->rootfs);
  /* pivot_root(".", ".") stacks the old root on top of the new one, so no
     directory for put_old is needed in the image.  */
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return berth_error_make (err, errno, "pivot_root %s", o->rootfs);
  if (fchdir (old_root) < 0)
    return berth_error_make (err, errno, "chdir to the old root");
  /* Slave first so the detach below cannot propagate to the host.  */
  if (mount (NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
    return berth_error_make (err, errno, "make the old root rslave");
  if (umount2 (".", MNT_DETACH) < 0)
    return berth_error_make (err, errno, "unmount the old root");
  if (chdir ("/") < 0)
    return berth_error_make (err, errno, "chdir /");
  return 0;
}

/* Read-only remount of the mount at `path` (after pivot), keeping its other
   flags: mount_setattr only sets the bit; old kernels get a remount that
   carries the current flags from statfs (locked flags would make it EPERM).  */
static int
remount_ro (const char *path, berth_error_t **err)
{
  struct statfs st;
  unsigned long flags;

  if (mount_setattr_fd (AT_FDCWD, path, 0, MOUNT_ATTR_RDONLY, 0) == 0)
    return 0;
  if (errno != ENOSYS)
    return berth_error_make (err, errno, "remount %s read-only", path);
  if (statfs (path, &st) < 0)
    return berth_error_make (err, errno, "statfs %s", path);
  flags = statfs_to_mount_flags (&st) & ~MS_STRICTATIME;
  if (mount (NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | flags, NULL) < 0)
    return berth_error_make (err, errno, "remount %s read-only", path);
  return 0;
}

/* Runs after pivot_root: "/" is the rootfs, so no symlink in it can lead a
   path out of it (a magic link into another mount namespace makes mount
   fail with EINVAL).  One stat picks the right mount: a failed bind of
   /dev/null on a directory (ENOTDIR after the source lookup and the
   namespace lock) cost more than the stat.  A missing path, or one under a
   file, has nothing to hide.  */
static int
mask_path (const char *path, berth_error_t **err)
{
  struct stat st;

  if (stat (path, &st) < 0)
    {
      if (errno == ENOENT || errno == ENOTDIR)
        return 0;
      return berth_error_make (err, errno, "linux.maskedPaths: stat %s", path);
    }
  if (S_ISDIR (st.st_mode))
    {
      if (mount ("tmpfs", path, "tmpfs", MS_RDONLY, NULL) < 0)
        return berth_error_make (err, errno, "linux.maskedPaths: mount tmpfs on %s", path);
      return 0;
    }
  if (mount ("/dev/null", path, NULL, MS_BIND, NULL) < 0)
    return berth_error_make (err, errno, "linux.maskedPaths: bind mount /dev/null on %s", path);
  return 0;
}

static int
readonly_path (const char *path, berth_error_t **err)
{
  if (mount (path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
    {
      if (errno == ENOENT)
        return 0;
      return berth_error_make (err, errno, "linux.readonlyPaths: bind mount %s", path);
    }
  if (remount_ro (path, err) < 0)
    return berth_error_wrap (err, "linux.readonlyPaths");
  return 0;
}

int
mounts_finish_rootfs (const struct oci_config *c, berth_error_t **err)
{
  size_t i;
  int ret;

  for (i = 0; i < c->n_mounts; i++)
    {
      const struct oci_mount *m = &c->mounts[i];
      struct mount_options opts;
      bool deferred;

      ret = mount_options_parse (m->options, m->n_options, m->destination, &opts, err);
      if (ret < 0)
        return ret;
      deferred = ro_is_deferred (m->type, m->destination, &opts);
      mount_options_free (&opts);
      if (deferred && remount_ro (m->destination, err) < 0)
        return berth_error_wrap (err, "mounts[%zu] (%s)", i, m->destination);
    }
  for (i = 0; c->linux_ && i < c->linux_->n_masked_paths; i++)
    {
      ret = mask_path (c->linux_->masked_paths[i], err);
      if (ret < 0)
        return ret;
    }
  for (i = 0; c->linux_ && i < c->linux_->n_readonly_paths; i++)
    {
      ret = readonly_path (c->linux_->readonly_paths[i], err);
      if (ret < 0)
        return ret;
    }
  if (c->root && c->root->readonly && remount_ro ("/", err) < 0)
    return berth_error_wrap (err, "root.readonly");
  /* The rootfs bind was made from a private parent (pivot_root needs it), so
     a requested propagation is given to the new / only now.  */
  if (c->linux_ && c->linux_->rootfs_propagation
      && mount (NULL, "/", NULL, mount_propagation_from_name (c->linux_->rootfs_propagation), NULL) < 0)
    return berth_error_make (err, errno, "linux.rootfsPropagation: set propagation of /");
  return 0;
}
