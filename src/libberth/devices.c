/* devices.c: device nodes in the container's /dev (mknod, or a bind of the
   host node inside a user namespace), the ptmx/fd/stdio symlinks, /dev/shm
   and the console.  Every node is made with *at() calls on fds resolved
   inside the rootfs; never a chmod that could follow a swapped symlink.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "devices.h"
#include "mounts-internal.h"
#include "util.h"

const struct default_device devices_defaults[] = {
  { "/dev/null", 'c', 1, 3 },   { "/dev/zero", 'c', 1, 5 },    { "/dev/full", 'c', 1, 7 },
  { "/dev/random", 'c', 1, 8 }, { "/dev/urandom", 'c', 1, 9 }, { "/dev/tty", 'c', 5, 0 },
};
const size_t devices_n_defaults = sizeof devices_defaults / sizeof devices_defaults[0];

static mode_t
device_type_mode (char type)
{
  switch (type)
    {
    case 'c':
    case 'u':
      return S_IFCHR;
    case 'b':
      return S_IFBLK;
    case 'p':
      return S_IFIFO;
    default:
      return 0;
    }
}

/* Bind the host's node over an empty file: mknod is not allowed in a user
   namespace (or was refused).  */
static int
bind_device (const struct in_root *r, const char *path, berth_error_t **err)
{
  struct mount_target t;
  int ret = mount_target_open (r, path, MOUNT_TARGET_FILE, 0, &t, err);

  if (ret < 0)
    return ret;
  if (mount_on_fd (path, t.fd, NULL, MS_BIND, NULL) < 0)
    ret = berth_error_make (err, errno, "bind mount %s on %s", path, path);
  mount_target_close (&t);
  return ret < 0 ? ret : 0;
}

/* mknod `name` in directory dir_fd; EEXIST keeps what the image has, like
   runc; EPERM falls back to a bind of the host node.  */
static int
mknod_device (const struct in_root *r, int dir_fd, const char *name, const char *path, char type,
              unsigned major, unsigned minor, mode_t perm, uid_t uid, gid_t gid,
              berth_error_t **err)
{
  mode_t fmt = device_type_mode (type);

  if (fmt == 0)
    return berth_error_make (err, EINVAL, "%s: unknown device type '%c'", path, type);
  /* umask is 0 here (devices_setup), so perm is exact without a chmod.  */
  if (mknodat (dir_fd, name, fmt | (perm & 07777), makedev (major, minor)) < 0)
    {
      if (errno == EEXIST)
        return 0;
      if (errno == EPERM)
        return bind_device (r, path, err);
      return berth_error_make (err, errno, "mknod %s", path);
    }
  if ((uid || gid) && fchownat (dir_fd, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
    return berth_error_make (err, errno, "chown %s", path);
  return 0;
}

/* A device anywhere (linux.devices may name /dev/net/tun): resolve its
   parent inside the rootfs first.  dev_fd is /dev, the common case.  */
static int
make_device (const struct in_root *r, int dev_fd, const char *path, char type, unsigned major,
             unsigned minor, mode_t perm, uid_t uid, gid_t gid, bool bind, berth_error_t **err)
{
  char clean[4096];
  struct mount_target t;
  int ret;

  if (bind)
    return bind_device (r, path, err);
  if (strlen (path) >= sizeof clean - 2)
    return berth_error_make (err, ENAMETOOLONG, "%s", path);
  path_clean (path, clean);
  if (strncmp (clean, "/dev/", 5) == 0 && strchr (clean + 5, '/') == NULL)
    return mknod_device (r, dev_fd, clean + 5, path, type, major, minor, perm, uid, gid, err);
  ret = mount_target_open_parent (r, path, 0, &t, err);
  if (ret < 0)
    return ret;
  ret = mknod_device (r, t.parent_fd, t.base, path, type, major, minor, perm, uid, gid, err);
  mount_target_close (&t);
  return ret;
}

static bool
device_listed (const struct oci_config *c, const char *path)
{
  size_t i;
  for (i = 0; c->linux_ && i < c->linux_->n_devices; i++)
    if (strcmp (c->linux_->devices[i].path, path) == 0)
      return true;
  return false;
}

static int
create_devices (const struct in_root *r, int dev_fd, const struct oci_config *c, bool bind,
                berth_error_t **err)
{
  size_t i;
  int ret;

  for (i = 0; i < devices_n_defaults; i++)
    {
      const struct default_device *d = &devices_defaults[i];
      if (device_listed (c, d->path))
        continue;
      ret = make_device (r, dev_fd, d->path, d->type, d->major, d->minor, 0666, 0, 0, bind, err);
      if (ret < 0)
        return ret;
    }
  for (i = 0; c->linux_ && i < c->linux_->n_devices; i++)
    {
      const struct oci_device *d = &c->linux_->devices[i];
      char clean[4096];
      if (strlen (d->path) >= sizeof clean - 2)
        return berth_error_make (err, ENAMETOOLONG, "linux.devices[%zu]", i);
      /* /dev/ptmx is always the pts/ptmx link (below), as in runc.  */
      path_clean (d->path, clean);
      if (strcmp (clean, "/dev/ptmx") == 0)
        continue;
      ret = make_device (r, dev_fd, d->path, d->type, (unsigned) d->major, (unsigned) d->minor,
                         d->has_file_mode ? d->file_mode : 0666, d->has_uid ? d->uid : 0,
                         d->has_gid ? d->gid : 0, bind, err);
      if (ret < 0)
        return berth_error_wrap (err, "linux.devices[%zu] (%s)", i, d->path);
    }
  return 0;
}

static int
create_dev_links (int dev_fd, berth_error_t **err)
{
  static const char *const links[][2] = {
    { "/proc/self/fd", "fd" },
    { "/proc/self/fd/0", "stdin" },
    { "/proc/self/fd/1", "stdout" },
    { "/proc/self/fd/2", "stderr" },
  };
  size_t i;

  for (i = 0; i < sizeof links / sizeof links[0]; i++)
    if (symlinkat (links[i][0], dev_fd, links[i][1]) < 0 && errno != EEXIST)
      return berth_error_make (err, errno, "symlink /dev/%s", links[i][1]);
  /* ptmx of the container's own devpts instance (newinstance), replacing
     the image's node if any (a fresh /dev tmpfs has none: one call).  */
  if (symlinkat ("pts/ptmx", dev_fd, "ptmx") < 0)
    {
      if (errno != EEXIST)
        return berth_error_make (err, errno, "symlink /dev/ptmx");
      if (unlinkat (dev_fd, "ptmx", 0) < 0 && errno != ENOENT)
        return berth_error_make (err, errno, "remove /dev/ptmx");
      if (symlinkat ("pts/ptmx", dev_fd, "ptmx") < 0)
        return berth_error_make (err, errno, "symlink /dev/ptmx");
    }
  if (mkdirat (dev_fd, "shm", 01777) < 0 && errno != EEXIST)
    return berth_error_make (err, errno, "mkdir /dev/shm");
  return 0;
}

static int
bind_console (const struct in_root *r, const char *console, berth_error_t **err)
{
  struct mount_target t;
  int ret = mount_target_open (r, "/dev/console", MOUNT_TARGET_FILE, 0, &t, err);

  if (ret < 0)
    return berth_error_wrap (err, "/dev/console");
  if (mount_on_fd (console, t.fd, NULL, MS_BIND, NULL) < 0)
    ret = berth_error_make (err, errno, "bind mount %s on /dev/console", console);
  mount_target_close (&t);
  return ret < 0 ? ret : 0;
}

int
devices_setup (const struct in_root *r, const struct oci_config *c,
               const struct mounts_options *o, bool setup_dev, berth_error_t **err)
{
  int ret = 0;

  if (setup_dev)
    {
      struct mount_target dev;
      mode_t old;

      ret = mount_target_open (r, "/dev", MOUNT_TARGET_DIR, 0, &dev, err);
      if (ret < 0)
        return berth_error_wrap (err, "/dev");
      old = umask (0);
      ret = create_devices (r, dev.fd, c, o->in_user_ns, err);
      if (ret == 0)
        ret = create_dev_links (dev.fd, err);
      umask (old);
      mount_target_close (&dev);
      if (ret < 0)
        return ret;
    }
  if (o->console_path)
    return bind_console (r, o->console_path, err);
  return 0;
}
