/* mount-target.c: path resolution confined to the container rootfs
   (openat2 RESOLVE_IN_ROOT, or a component walk on fds for old kernels) and
   creation of missing mount targets by fd, never by a host path string.
   Must never follow a symlink with the host's "/" as its root.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mount-target.h"
#include "util.h"

#define MAX_SYMLINKS 40
#define MAX_DEPTH 256

const char *
proc_fd_path (char *buf, int fd)
{
  snprintf (buf, 32, "/proc/self/fd/%d", fd);
  return buf;
}

void
path_clean (const char *in, char *out)
{
  char *o = out;
  const char *p = in;

  *o++ = '/';
  while (*p)
    {
      const char *s;
      size_t n;
      while (*p == '/')
        p++;
      s = p;
      while (*p && *p != '/')
        p++;
      n = p - s;
      if (n == 0 || (n == 1 && s[0] == '.'))
        continue;
      if (n == 2 && s[0] == '.' && s[1] == '.')
        {
          /* Back up over the previous component, never above "/".  */
          if (o > out + 1)
            {
              o--;
              while (o > out + 1 && o[-1] != '/')
                o--;
            }
          continue;
        }
      memcpy (o, s, n);
      o += n;
      *o++ = '/';
    }
  if (o > out + 1)
    o--;
  *o = '\0';
}

/* Old kernels (< 5.6): walk one component at a time on O_PATH fds, keeping
   our own stack for "..", so a directory renamed or a symlink swapped while
   we walk can never take us above r->fd.  */
static int
walk_open (const struct in_root *r, const char *path, int oflags, unsigned flags)
{
  int stack[MAX_DEPTH];
  int depth = 0, links = 0, ret;
  size_t cap = strlen (path) + 1;
  cleanup_free char *rest = xmalloc (cap);
  char *p;

  memcpy (rest, path, cap);
  stack[0] = r->fd;
  p = rest;
  for (;;)
    {
      char name[NAME_MAX + 1], link[PATH_MAX];
      const char *s;
      size_t n;
      struct stat st;
      int fd;
      ssize_t l;

      while (*p == '/')
        p++;
      if (*p == '\0')
        break;
      s = p;
      while (*p && *p != '/')
        p++;
      n = p - s;
      if (n > NAME_MAX)
        {
          ret = -ENAMETOOLONG;
          goto fail;
        }
      memcpy (name, s, n);
      name[n] = '\0';
      if (strcmp (name, ".") == 0)
        continue;
      if (strcmp (name, "..") == 0)
        {
          if (depth > 0)
            close (stack[depth--]);
          continue;
        }
      if (depth + 1 >= MAX_DEPTH)
        {
          ret = -ENAMETOOLONG;
          goto fail;
        }
      fd = openat (stack[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0 || fstat (fd, &st) < 0)
        {
          ret = -errno;
          if (fd >= 0)
            close (fd);
          goto fail;
        }
      if (!S_ISLNK (st.st_mode))
        {
          stack[++depth] = fd;
          continue;
        }
      l = readlinkat (fd, "", link, sizeof link - 1);
      close (fd);
      if (l < 0)
        {
          ret = -errno;
          goto fail;
        }
      if ((flags & IN_ROOT_NO_SYMLINKS) || ++links > MAX_SYMLINKS)
        {
          ret = -ELOOP;
          goto fail;
        }
      link[l] = '\0';
      if (link[0] == '/')
        while (depth > 0)
          close (stack[depth--]);
      {
        /* The link's target replaces its name in what is left to walk.  */
        size_t rl = strlen (p);
        char *np = xmalloc (l + rl + 2);
        memcpy (np, link, l);
        np[l] = '/';
        memcpy (np + l + 1, p, rl + 1);
        free (rest);
        rest = p = np;
      }
    }
  if (oflags & O_DIRECTORY)
    {
      struct stat st;
      if (fstat (stack[depth], &st) < 0)
        {
          ret = -errno;
          goto fail;
        }
      if (!S_ISDIR (st.st_mode))
        {
          ret = -ENOTDIR;
          goto fail;
        }
    }
  if (depth == 0)
    {
      ret = fcntl (r->fd, F_DUPFD_CLOEXEC, 0);
      return ret < 0 ? -errno : ret;
    }
  ret = stack[depth--];
  while (depth > 0)
    close (stack[depth--]);
  return ret;

fail:
  while (depth > 0)
    close (stack[depth--]);
  return ret;
}

int
in_root_open (const struct in_root *r, const char *path, int oflags, unsigned flags)
{
  struct open_how how = {
    .flags = (unsigned) (oflags | O_CLOEXEC),
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS
               | ((flags & IN_ROOT_NO_SYMLINKS) ? RESOLVE_NO_SYMLINKS : 0),
  };
  int tries;

  if (flags & IN_ROOT_FORCE_WALK)
    return walk_open (r, path, oflags, flags);
  for (tries = 0;; tries++)
    {
      int fd = (int) syscall (SYS_openat2, r->fd, path, &how, sizeof how);
      if (fd >= 0)
        return fd;
      /* EAGAIN: a concurrent rename made ".." resolution unsafe; retry.  */
      if (errno == EAGAIN && tries < 32)
        continue;
      if (errno == ENOSYS)
        return walk_open (r, path, oflags, flags);
      return -errno;
    }
}

/* The path of fd inside the rootfs, from its /proc/self/fd link.  */
static char *
fd_root_path (const struct in_root *r, int fd)
{
  char proc[32], buf[PATH_MAX], root_buf[PATH_MAX];
  const char *root = r->path;
  size_t rl;
  ssize_t l;

  if (root == NULL)
    {
      /* Only symlinks need the rootfs's name: learn it here, off the path
         of the mounts that have none.  */
      l = readlink (proc_fd_path (proc, r->fd), root_buf, sizeof root_buf - 1);
      if (l < 0)
        return NULL;
      root_buf[l] = '\0';
      root = root_buf;
    }
  rl = strlen (root);
  l = readlink (proc_fd_path (proc, fd), buf, sizeof buf - 1);
  if (l < 0)
    return NULL;
  buf[l] = '\0';
  if (rl == 1)
    return xstrdup (buf);
  if (strncmp (buf, root, rl) != 0 || (buf[rl] != '/' && buf[rl] != '\0'))
    return NULL;
  return xstrdup (buf[rl] ? buf + rl : "/");
}

/* Split a clean absolute path: parent into `parent` (same size as path),
   returns a pointer to the last component inside path.  */
static const char *
split_path (const char *path, char *parent)
{
  const char *slash = strrchr (path, '/');
  size_t n = slash == path ? 1 : (size_t) (slash - path);
  memcpy (parent, path, n);
  parent[n] = '\0';
  return slash + 1;
}

/* A symlink named `base` in directory pfd: the path (inside the rootfs) it
   points to.  NULL with errno set when it is not a symlink.  */
static char *
follow_link (const struct in_root *r, int pfd, const char *base)
{
  char link[PATH_MAX];
  cleanup_free char *dir = NULL;
  ssize_t l = readlinkat (pfd, base, link, sizeof link - 1);
  char *joined, *clean;

  if (l < 0)
    return NULL;
  link[l] = '\0';
  if (link[0] == '/')
    joined = xstrdup (link);
  else
    {
      dir = fd_root_path (r, pfd);
      if (dir == NULL)
        {
          errno = EXDEV;
          return NULL;
        }
      joined = xasprintf ("%s/%s", dir, link);
    }
  clean = xmalloc (strlen (joined) + 2);
  path_clean (joined, clean);
  free (joined);
  return clean;
}

/* Open directory `path` inside the rootfs, creating missing components
   (mkdirat on the parent's fd, then O_NOFOLLOW) when `create`.  */
static int
open_dir (const struct in_root *r, const char *path, unsigned flags, bool create,
          bool *followed, int depth)
{
  cleanup_free char *parent = NULL, *target = NULL;
  cleanup_close int pfd = -1;
  const char *base;
  int fd;

  fd = in_root_open (r, path, O_PATH | O_DIRECTORY, flags | IN_ROOT_NO_SYMLINKS);
  if (fd == -ELOOP && !(flags & IN_ROOT_NO_SYMLINKS))
    {
      *followed = true;
      fd = in_root_open (r, path, O_PATH | O_DIRECTORY, flags);
    }
  if (fd != -ENOENT || !create)
    return fd;
  if (depth > MAX_SYMLINKS)
    return -ELOOP;

  parent = xmalloc (strlen (path) + 2);
  base = split_path (path, parent);
  pfd = open_dir (r, parent, flags, true, followed, depth + 1);
  if (pfd < 0)
    return pfd;
  if (mkdirat (pfd, base, 0755) < 0 && errno != EEXIST)
    return -errno;
  fd = openat (pfd, base, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 || (errno != ENOTDIR && errno != ELOOP) || (flags & IN_ROOT_NO_SYMLINKS))
    return fd >= 0 ? fd : -errno;
  /* A dangling symlink: create what it points to, inside the rootfs.  */
  target = follow_link (r, pfd, base);
  if (target == NULL)
    return errno == EINVAL ? -ENOTDIR : -errno;
  *followed = true;
  return open_dir (r, target, flags, true, followed, depth + 1);
}

static int
target_fail (struct mount_target *t, int ret, const char *what, berth_error_t **err)
{
  mount_target_close (t);
  return berth_error_make (err, -ret, "%s", what);
}

static int
open_parent (const struct in_root *r, const char *clean, bool create, unsigned flags,
             struct mount_target *t, bool *followed, berth_error_t **err)
{
  cleanup_free char *parent = xmalloc (strlen (clean) + 2);
  const char *base;
  int fd;

  if (strcmp (clean, "/") == 0)
    return berth_error_make (err, EINVAL, "cannot mount on the container's root directory");
  base = split_path (clean, parent);
  /* Most targets sit in "/" or deeper: the rootfs fd serves "/" as is.  */
  if (strcmp (parent, "/") == 0)
    {
      t->parent_fd = r->fd;
      t->parent_is_root = true;
      free (t->base);
      t->base = xstrdup (base);
      return 0;
    }
  fd = open_dir (r, parent, flags, create, followed, 0);
  if (fd < 0)
    return berth_error_make (err, -fd, "%s mount target parent %s",
                             create ? "create" : "resolve", parent);
  t->parent_fd = fd;
  t->parent_is_root = false;
  free (t->base);
  t->base = xstrdup (base);
  return 0;
}

static void
target_init (struct mount_target *t)
{
  t->parent_fd = t->fd = -1;
  t->parent_is_root = false;
  t->base = t->path = NULL;
  t->created = false;
}

static int
target_set_path (const struct in_root *r, struct mount_target *t, const char *clean,
                 bool followed, berth_error_t **err)
{
  cleanup_free char *dir = NULL;

  if (!followed)
    {
      t->path = xstrdup (clean);
      return 0;
    }
  dir = fd_root_path (r, t->parent_fd);
  if (dir == NULL)
    return target_fail (t, -EXDEV, "mount target resolved outside the rootfs", err);
  t->path = strcmp (dir, "/") == 0 ? xasprintf ("/%s", t->base)
                                   : xasprintf ("%s/%s", dir, t->base);
  return 0;
}

int
mount_target_open_parent (const struct in_root *r, const char *dest, unsigned flags,
                          struct mount_target *t, berth_error_t **err)
{
  cleanup_free char *clean = xmalloc (strlen (dest) + 2);
  bool followed = false;
  int ret;

  target_init (t);
  path_clean (dest, clean);
  ret = open_parent (r, clean, true, flags, t, &followed, err);
  if (ret < 0)
    return ret;
  return target_set_path (r, t, clean, followed, err);
}

int
mount_target_open (const struct in_root *r, const char *dest, enum mount_target_kind kind,
                   unsigned flags, struct mount_target *t, berth_error_t **err)
{
  cleanup_free char *clean = xmalloc (strlen (dest) + 2);
  bool followed = false, create = kind != MOUNT_TARGET_EXISTING;
  int ret, i;

  target_init (t);
  path_clean (dest, clean);
  ret = open_parent (r, clean, create, flags, t, &followed, err);
  if (ret < 0)
    return ret;
  for (i = 0; i < MAX_SYMLINKS; i++)
    {
      char *next;

      t->fd = openat (t->parent_fd, t->base, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
      if (t->fd >= 0)
        return target_set_path (r, t, clean, followed, err);
      if (errno == ENOENT)
        {
          if (!create)
            return target_fail (t, -ENOENT, "resolve mount target", err);
          if (kind == MOUNT_TARGET_DIR)
            {
              if (mkdirat (t->parent_fd, t->base, 0755) < 0 && errno != EEXIST)
                return target_fail (t, -errno, "create mount target", err);
              t->created = true;
              continue;
            }
          /* O_EXCL|O_NOFOLLOW: the file is ours, not something swapped in.  */
          t->fd = openat (t->parent_fd, t->base,
                          O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
          if (t->fd >= 0)
            {
              t->created = true;
              return target_set_path (r, t, clean, followed, err);
            }
          if (errno == EEXIST)
            continue;
          return target_fail (t, -errno, "create mount target", err);
        }
      if (errno != ENOTDIR && errno != ELOOP)
        return target_fail (t, -errno, "resolve mount target", err);
      /* Not a directory: a file (fine) or a symlink (follow it in the rootfs).  */
      next = follow_link (r, t->parent_fd, t->base);
      if (next == NULL)
        {
          if (errno != EINVAL)
            return target_fail (t, -errno, "resolve mount target", err);
          t->fd = openat (t->parent_fd, t->base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
          if (t->fd < 0)
            return target_fail (t, -errno, "resolve mount target", err);
          return target_set_path (r, t, clean, followed, err);
        }
      if (flags & IN_ROOT_NO_SYMLINKS)
        {
          free (next);
          return target_fail (t, -ELOOP, "resolve mount target", err);
        }
      free (clean);
      clean = next;
      followed = true;
      if (!t->parent_is_root)
        close (t->parent_fd);
      t->parent_fd = -1;
      ret = open_parent (r, clean, create, flags, t, &followed, err);
      if (ret < 0)
        {
          mount_target_close (t);
          return ret;
        }
    }
  return target_fail (t, -ELOOP, "resolve mount target", err);
}

int
mount_target_reopen (const struct mount_target *t, berth_error_t **err)
{
  int fd = openat (t->parent_fd, t->base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return berth_error_make (err, errno, "reopen mount target %s", t->path);
  return fd;
}

void
mount_target_close (struct mount_target *t)
{
  if (t->fd >= 0)
    close (t->fd);
  if (t->parent_fd >= 0 && !t->parent_is_root)
    close (t->parent_fd);
  free (t->base);
  free (t->path);
  target_init (t);
}
