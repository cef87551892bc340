/* mount-cgroup.c: a `cgroup` entry of config.json `mounts`, the runc way.
   cgroup v2 host: mount cgroup2 (a bind of our own cgroup when that is not
   allowed).  v1 or hybrid host: a tmpfs holding one mount per v1 hierarchy
   (a fresh cgroup mount inside a cgroup namespace, else a bind of our own
   cgroup dir).  Never writes to any cgroup file.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "mounts-internal.h"
#include "util.h"

#define CGROUP_DEFAULT_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* Our cgroup path for the hierarchy whose controllers include `subsys`
   (/proc/self/cgroup: "ID:CONTROLLERS:PATH"); "/" when not found.  */
static const char *
own_cgroup (const char *cgroup_file, const char *subsys, size_t subsys_len, char *buf,
            size_t size)
{
  const char *line = cgroup_file;

  while (line && *line)
    {
      const char *nl = strchr (line, '\n');
      const char *c1 = strchr (line, ':');
      const char *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (c2 && (!nl || c2 < nl))
        {
          const char *p = c1 + 1;
          while (p < c2)
            {
              const char *e = memchr (p, ',', c2 - p);
              size_t n = (e ? e : c2) - p;
              if (n == subsys_len && memcmp (p, subsys, n) == 0)
                {
                  size_t l = nl ? (size_t) (nl - c2 - 1) : strlen (c2 + 1);
                  if (l >= size)
                    return "/";
                  memcpy (buf, c2 + 1, l);
                  buf[l] = '\0';
                  return buf;
                }
              p += n + 1;
            }
        }
      line = nl ? nl + 1 : NULL;
    }
  return "/";
}

/* The subsystems (mount data) from a v1 superblock's options: everything
   but rw/ro and release_agent (which must never be passed on).  */
static char *
v1_subsystems (const char *super_opts)
{
  char *out = xmalloc (strlen (super_opts) + 1), *o = out;
  const char *p = super_opts;

  while (*p)
    {
      const char *e = strchr (p, ',');
      size_t n = e ? (size_t) (e - p) : strlen (p);
      if (!((n == 2 && (memcmp (p, "rw", 2) == 0 || memcmp (p, "ro", 2) == 0))
            || strncmp (p, "release_agent=", 14) == 0))
        {
          if (o != out)
            *o++ = ',';
          memcpy (o, p, n);
          o += n;
        }
      p += n + (e ? 1 : 0);
    }
  *o = '\0';
  return out;
}

struct v1_hierarchy
{
  char *name;       /* its directory in the container's tmpfs: "memory", "cpu,cpuacct" */
  char *subsys;     /* mount data: "cpu,cpuacct", "name=systemd" */
  char *root;       /* bind only: mount root inside the hierarchy (mountinfo field 4) */
  char *mountpoint; /* bind only: host mount point, e.g. /sys/fs/cgroup/cpu,cpuacct */
};

/* One /proc/self/cgroup line ("ID:CONTROLLERS:PATH"), split in place; false
   for the cgroup2 line (no controllers).  The directory is named after the
   controllers, "name=" stripped, as the host's /sys/fs/cgroup names them.  */
static bool
parse_self_cgroup_line (char *line, struct v1_hierarchy *h)
{
  char *c1 = strchr (line, ':');
  char *c2 = c1 ? strchr (c1 + 1, ':') : NULL;

  if (c2 == NULL || c2 == c1 + 1)
    return false;
  *c2 = '\0';
  h->subsys = c1 + 1;
  h->name = strncmp (h->subsys, "name=", 5) == 0 ? h->subsys + 5 : h->subsys;
  h->root = h->mountpoint = NULL;
  return *h->name != '\0';
}

/* One mountinfo line, split in place; false when it is not a cgroup v1
   mount.  The directory keeps the host mount point's name.  */
static bool
parse_mountinfo_line (char *line, struct v1_hierarchy *h)
{
  char *f[6], *sep, *rest, *slash;
  int i;

  for (i = 0; i < 6; i++)
    {
      f[i] = strsep (&line, " ");
      if (f[i] == NULL)
        return false;
    }
  sep = line ? strstr (line, " - ") : NULL;
  if (line && strncmp (line, "- ", 2) == 0)
    sep = line - 1;
  if (sep == NULL)
    return false;
  rest = sep + 3;
  if (strncmp (rest, "cgroup ", 7) != 0)
    return false;
  rest += 7;
  rest = strchr (rest, ' ');
  slash = strrchr (f[4], '/');
  if (rest == NULL || slash == NULL || slash[1] == '\0')
    return false;
  h->root = f[3];
  h->mountpoint = f[4];
  h->name = slash + 1;
  h->subsys = v1_subsystems (rest + 1);
  return true;
}

/* No cgroup namespace: show only our own cgroup, as runc does.  */
static int
bind_v1_hierarchy (int tmpfs_fd, const struct v1_hierarchy *h, const char *target,
                   const char *cgroup_file, const struct mount_options *opts, const char *dest,
                   berth_error_t **err)
{
  const char *first_end = strchr (h->subsys, ',');
  size_t first_len = first_end ? (size_t) (first_end - h->subsys) : strlen (h->subsys);
  char own_buf[4096];
  const char *own = own_cgroup (cgroup_file, h->subsys, first_len, own_buf, sizeof own_buf);
  size_t rl = strcmp (h->root, "/") == 0 ? 0 : strlen (h->root);
  cleanup_free char *src = NULL;
  cleanup_close int mnt = -1;

  if (rl && strncmp (own, h->root, rl) == 0)
    own += rl;
  src = xasprintf ("%s%s", h->mountpoint, own);
  if (mount (src, target, NULL, MS_BIND | MS_REC, NULL) < 0)
    return berth_error_make (err, errno, "bind mount %s on %s/%s", src, dest, h->name);
  mnt = openat (tmpfs_fd, h->name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (mnt < 0)
    return berth_error_make (err, errno, "open %s/%s", dest, h->name);
  return mount_bind_remount (mnt, opts->flags | CGROUP_DEFAULT_FLAGS, opts->cleared, dest, err);
}

/* The directory for h is made in the tmpfs we just mounted, which nothing
   else can reach yet: mounting through /proc/self/fd/TMPFS/NAME is as safe
   as through an fd of the directory, and saves its open and close.  */
static int
mount_v1_hierarchy (struct mount_ctx *ctx, int tmpfs_fd, const struct v1_hierarchy *h,
                    const char *cgroup_file, const struct mount_options *opts, const char *dest,
                    berth_error_t **err)
{
  unsigned long ro = opts->flags & MS_RDONLY;
  char target[PATH_MAX];
  int ret;

  if (*h->subsys == '\0')
    return 0;
  if (snprintf (target, sizeof target, "/proc/self/fd/%d/%s", tmpfs_fd, h->name)
      >= (int) sizeof target)
    return berth_error_make (err, ENAMETOOLONG, "%s/%s", dest, h->name);
  if (mkdirat (tmpfs_fd, h->name, 0755) < 0)
    {
      if (errno == EEXIST) /* the same hierarchy mounted twice on the host */
        return 0;
      return berth_error_make (err, errno, "mkdir %s/%s", dest, h->name);
    }
  if (ctx->cgroupns)
    {
      if (mount ("cgroup", target, "cgroup", CGROUP_DEFAULT_FLAGS | ro, h->subsys) < 0)
        return berth_error_make (err, errno, "mount cgroup (%s) on %s/%s", h->subsys, dest,
                                 h->name);
    }
  else
    {
      ret = bind_v1_hierarchy (tmpfs_fd, h, target, cgroup_file, opts, dest, err);
      if (ret < 0)
        return ret;
    }
  if (strchr (h->name, ','))
    {
      /* cpu,cpuacct: also reachable as cpu and cpuacct.  */
      cleanup_free char *copy = xstrdup (h->name);
      char *s = copy, *tok;
      while ((tok = strsep (&s, ",")) != NULL)
        if (symlinkat (h->name, tmpfs_fd, tok) < 0 && errno != EEXIST)
          return berth_error_make (err, errno, "symlink %s/%s", dest, tok);
    }
  return 0;
}

/* Inside a cgroup namespace each hierarchy is mounted afresh: its
   controllers (/proc/self/cgroup, a few lines) are all we need.  Without
   one, a bind needs each hierarchy's host mount point and the root it shows
   (nested hosts), which only mountinfo has.  */
static int
mount_cgroup_v1 (struct mount_ctx *ctx, const struct oci_mount *m,
                 const struct mount_options *opts, berth_error_t **err)
{
  cleanup_free char *mountinfo = NULL, *cgroup_file = NULL;
  cleanup_close int tmpfs_fd = -1;
  struct mount_target t;
  char *line, *next;
  int ret;

  ret = read_all_file ("/proc/self/cgroup", &cgroup_file, NULL, err);
  if (ret < 0)
    return ret;
  if (!ctx->cgroupns)
    {
      ret = read_all_file ("/proc/self/mountinfo", &mountinfo, NULL, err);
      if (ret < 0)
        return ret;
    }
  ret = mount_target_open (&ctx->root, m->destination, MOUNT_TARGET_DIR, 0, &t, err);
  if (ret < 0)
    return ret;
  if (mount_on_fd ("tmpfs", t.fd, "tmpfs", CGROUP_DEFAULT_FLAGS, "mode=755") < 0)
    ret = berth_error_make (err, errno, "mount tmpfs on %s", m->destination);
  else
    ret = tmpfs_fd = mount_target_reopen (&t, err);
  mount_target_close (&t);
  if (ret < 0)
    return ret;

  for (line = ctx->cgroupns ? cgroup_file : mountinfo; line && *line; line = next)
    {
      struct v1_hierarchy h;
      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      if (ctx->cgroupns)
        {
          if (!parse_self_cgroup_line (line, &h))
            continue;
          ret = mount_v1_hierarchy (ctx, tmpfs_fd, &h, NULL, opts, m->destination, err);
        }
      else
        {
          if (!parse_mountinfo_line (line, &h))
            continue;
          ret = mount_v1_hierarchy (ctx, tmpfs_fd, &h, cgroup_file, opts, m->destination, err);
          free (h.subsys);
        }
      if (ret < 0)
        return ret;
    }
  if ((opts->flags & MS_RDONLY)
      && mount_bind_remount (tmpfs_fd, CGROUP_DEFAULT_FLAGS | MS_RDONLY, 0, m->destination, err) < 0)
    return -1;
  return mount_apply_propagation_and_attrs (tmpfs_fd, opts, m->destination, err);
}

static int
mount_cgroup_v2 (struct mount_ctx *ctx, const struct oci_mount *m,
                 const struct mount_options *opts, berth_error_t **err)
{
  struct mount_target t;
  cleanup_close int mnt = -1;
  bool bound = false;
  int ret;

  ret = mount_target_open (&ctx->root, m->destination, MOUNT_TARGET_DIR, 0, &t, err);
  if (ret < 0)
    return ret;
  if (mount_on_fd (m->source ? m->source : "cgroup2", t.fd, "cgroup2", opts->flags, opts->data) < 0)
    {
      cleanup_free char *cg = NULL, *src = NULL;
      char *p;
      /* No cgroup namespace of our own (or a user namespace without one):
         bind our cgroup instead, as runc does.  */
      if (errno != EPERM && errno != EBUSY)
        {
          ret = berth_error_make (err, errno, "mount cgroup2 on %s", m->destination);
          goto out;
        }
      ret = read_all_file ("/proc/self/cgroup", &cg, NULL, err);
      if (ret < 0)
        goto out;
      p = strstr (cg, "0::");
      if (p)
        p[strcspn (p, "\n")] = '\0';
      src = xasprintf ("/sys/fs/cgroup%s", p && strcmp (p + 3, "/") ? p + 3 : "");
      if (mount_on_fd (src, t.fd, NULL, MS_BIND | MS_REC, NULL) < 0)
        {
          ret = berth_error_make (err, errno, "bind mount %s on %s", src, m->destination);
          goto out;
        }
      bound = true;
    }
  if (!bound && opts->n_propagation == 0 && !opts->rec_attr_set && !opts->rec_attr_clr)
    goto out;
  mnt = ret = mount_target_reopen (&t, err);
  if (ret < 0)
    goto out;
  if (bound && (opts->flags & ~(MS_BIND | MS_REC)))
    {
      ret = mount_bind_remount (mnt, opts->flags, opts->cleared, m->destination, err);
      if (ret < 0)
        goto out;
    }
  ret = mount_apply_propagation_and_attrs (mnt, opts, m->destination, err);
out:
  mount_target_close (&t);
  return ret < 0 ? ret : 0;
}

int
mount_cgroup (struct mount_ctx *ctx, const struct oci_mount *m, const struct mount_options *opts,
              berth_error_t **err)
{
  struct statfs st;

  if (statfs ("/sys/fs/cgroup", &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC)
    return mount_cgroup_v2 (ctx, m, opts, err);
  return mount_cgroup_v1 (ctx, m, opts, err);
}
