/* cgroup.c: layout detection, placement of a container's cgroups, the record
   kept in the state, and entering/creating them.  Never writes to a cgroup
   berth did not create, except cgroup.subtree_control of the cgroup2 root
   when a controller is missing there (see cgroup-v2.c).  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/sched.h>
#include <linux/magic.h>

#include "cgroup.h"
#include "util.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#define RECORD_MAGIC "berth-cgroup-1"

static const char *const controller_names[CGROUP_N_CONTROLLERS] = {
  [CGROUP_CPU] = "cpu",         [CGROUP_CPUACCT] = "cpuacct", [CGROUP_CPUSET] = "cpuset",
  [CGROUP_MEMORY] = "memory",   [CGROUP_DEVICES] = "devices", [CGROUP_FREEZER] = "freezer",
  [CGROUP_BLKIO] = "blkio",     [CGROUP_PIDS] = "pids",       [CGROUP_HUGETLB] = "hugetlb",
  [CGROUP_NET_CLS] = "net_cls", [CGROUP_NET_PRIO] = "net_prio", [CGROUP_RDMA] = "rdma",
  [CGROUP_PERF_EVENT] = "perf_event", [CGROUP_MISC] = "misc",
};

const char *
cgroup_controller_name (enum cgroup_controller c)
{
  return (unsigned) c < CGROUP_N_CONTROLLERS ? controller_names[c] : "?";
}

const char *
cgroup_layout_name (enum cgroup_layout l)
{
  switch (l)
    {
    case CGROUP_LAYOUT_LEGACY:
      return "v1";
    case CGROUP_LAYOUT_HYBRID:
      return "hybrid";
    case CGROUP_LAYOUT_UNIFIED:
      return "v2";
    default:
      return "unknown";
    }
}

static enum cgroup_layout
layout_from_name (const char *s)
{
  if (strcmp (s, "v1") == 0)
    return CGROUP_LAYOUT_LEGACY;
  if (strcmp (s, "hybrid") == 0)
    return CGROUP_LAYOUT_HYBRID;
  if (strcmp (s, "v2") == 0)
    return CGROUP_LAYOUT_UNIFIED;
  return CGROUP_LAYOUT_UNKNOWN;
}

int
cgroup_write (const char *dir, const char *file, const char *value, berth_error_t **err)
{
  char path[PATH_MAX];
  cleanup_close int fd = -1;

  snprintf (path, sizeof path, "%s/%s", dir, file);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  if (write_all_fd (fd, value, strlen (value)) < 0)
    return berth_error_make (err, errno, "write `%s` to %s", value, path);
  return 0;
}

/* cgroup files are seq_files, which fill a read as far as they can: a
   short read is the end, no second read(2) to see 0.  */
static int
read_seq_file (const char *path, char **out, berth_error_t **err)
{
  cleanup_close int fd = -1;
  size_t cap = 4096, len = 0;
  char *buf;
  ssize_t n;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  buf = xmalloc (cap);
  for (;;)
    {
      n = read (fd, buf + len, cap - len - 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          free (buf);
          return berth_error_make (err, errno, "read %s", path);
        }
      len += (size_t) n;
      if ((size_t) n < cap - (len - n) - 1)
        break;
      cap *= 2;
      buf = xrealloc (buf, cap);
    }
  buf[len] = '\0';
  *out = buf;
  return 0;
}

int
cgroup_read (const char *dir, const char *file, char **out, berth_error_t **err)
{
  char path[PATH_MAX];
  snprintf (path, sizeof path, "%s/%s", dir, file);
  return read_seq_file (path, out, err);
}

int
cgroup_detect_layout (const char *root, enum cgroup_layout *out, berth_error_t **err)
{
  struct statfs st;
  char unified[PATH_MAX];

  if (statfs (root, &st) < 0)
    return berth_error_make (err, errno, "statfs %s", root);
  if (st.f_type == CGROUP2_SUPER_MAGIC)
    {
      *out = CGROUP_LAYOUT_UNIFIED;
      return 0;
    }
  snprintf (unified, sizeof unified, "%s/unified", root);
  if (statfs (unified, &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC)
    *out = CGROUP_LAYOUT_HYBRID;
  else
    *out = CGROUP_LAYOUT_LEGACY;
  return 0;
}

void
cgroup_manager_free (struct cgroup_manager *m)
{
  size_t i;
  if (m == NULL)
    return;
  for (i = 0; i < m->n_dirs; i++)
    {
      free (m->dirs[i].hierarchy);
      free (m->dirs[i].path);
    }
  free (m->dirs);
  free (m);
}

void
cgroup_manager_freep (struct cgroup_manager **m)
{
  cgroup_manager_free (*m);
}

static struct cgroup_manager *
manager_alloc (enum cgroup_layout layout)
{
  struct cgroup_manager *m = xmalloc0 (sizeof *m);
  size_t i;
  m->layout = layout;
  m->unified = -1;
  for (i = 0; i < CGROUP_N_CONTROLLERS; i++)
    m->by_controller[i] = -1;
  return m;
}

static uint32_t
controllers_of (const char *hierarchy)
{
  cleanup_free char *copy = xstrdup (hierarchy);
  char *saveptr = NULL, *tok;
  uint32_t mask = 0;
  size_t i;

  for (tok = strtok_r (copy, ",", &saveptr); tok; tok = strtok_r (NULL, ",", &saveptr))
    for (i = 0; i < CGROUP_N_CONTROLLERS; i++)
      if (strcmp (tok, controller_names[i]) == 0)
        mask |= 1u << i;
  return mask;
}

static void
manager_add_dir (struct cgroup_manager *m, const char *hierarchy, char *path, size_t owned,
                 size_t mount_len)
{
  struct cgroup_dir *d;
  size_t i, idx = m->n_dirs;

  m->dirs = xrealloc (m->dirs, (m->n_dirs + 1) * sizeof *m->dirs);
  d = &m->dirs[m->n_dirs++];
  d->hierarchy = xstrdup (hierarchy);
  d->path = path;
  d->owned = owned;
  d->mount_len = mount_len;
  d->floor = mount_len;
  d->controllers = *hierarchy ? controllers_of (hierarchy) : 0;
  if (*hierarchy == '\0')
    m->unified = (int) idx;
  for (i = 0; i < CGROUP_N_CONTROLLERS; i++)
    if (d->controllers & (1u << i))
      m->by_controller[i] = (int) idx;
}

const char *
cgroup_manager_path (const struct cgroup_manager *m, enum cgroup_controller c)
{
  if (m->layout == CGROUP_LAYOUT_UNIFIED)
    return m->unified >= 0 ? m->dirs[m->unified].path : NULL;
  if ((unsigned) c < CGROUP_N_CONTROLLERS && m->by_controller[c] >= 0)
    return m->dirs[m->by_controller[c]].path;
  return NULL;
}

/* "a//b/./c" -> "a/b/c"; ".." is refused: a cgroupsPath must not climb out
   of the hierarchy root or of the caller's cgroup.  */
static int
clean_cgroups_path (const char *in, char **out, berth_error_t **err)
{
  cleanup_free char *copy = xstrdup (in);
  cleanup_free char *res = xmalloc (strlen (in) + 1);
  char *saveptr = NULL, *tok;
  const char *p;
  size_t n = 0;

  for (p = in; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return berth_error_make (err, EINVAL, "linux.cgroupsPath: control characters are not allowed");
  for (tok = strtok_r (copy, "/", &saveptr); tok; tok = strtok_r (NULL, "/", &saveptr))
    {
      if (strcmp (tok, ".") == 0)
        continue;
      if (strcmp (tok, "..") == 0)
        return berth_error_make (err, EINVAL, "linux.cgroupsPath `%s`: `..` is not allowed", in);
      if (n)
        res[n++] = '/';
      memcpy (res + n, tok, strlen (tok));
      n += strlen (tok);
    }
  res[n] = '\0';
  if (n == 0)
    return berth_error_make (err, EINVAL, "linux.cgroupsPath `%s`: names no cgroup", in);
  *out = steal_pointer (&res);
  return 0;
}

/* The first directory of FULL below its first BASE_LEN bytes (walking
   down) that does not exist yet: what berth will create and may remove.
   0 when everything exists.  The slow path: the usual plan assumes a new
   leaf under an existing parent, and mkdir tells when it is not so.  */
static size_t
first_missing (const char *full, size_t base_len)
{
  char buf[PATH_MAX];
  struct stat st;
  size_t i, len = strlen (full);

  if (len >= sizeof buf)
    return base_len + 1;
  memcpy (buf, full, len + 1);
  for (i = base_len + 1; i <= len; i++)
    {
      if (buf[i] != '/' && buf[i] != '\0')
        continue;
      buf[i] = '\0';
      if (stat (buf, &st) < 0)
        return i;
      buf[i] = full[i];
    }
  return 0;
}

/* One line of /proc/self/cgroup per hierarchy: "4:memory:/x", "0::/y".  */
struct self_cgroup
{
  char *hierarchy;
  char *path;
};

static void
free_self_cgroups (struct self_cgroup *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    {
      free (s[i].hierarchy);
      free (s[i].path);
    }
  free (s);
}

static int
read_self_cgroups (const char *file, struct self_cgroup **out, size_t *n_out, berth_error_t **err)
{
  cleanup_free char *buf = NULL;
  struct self_cgroup *res = NULL;
  char *saveptr = NULL, *line;
  size_t n = 0;
  int ret;

  ret = read_seq_file (file, &buf, err);
  if (ret < 0)
    return ret;
  for (line = strtok_r (buf, "\n", &saveptr); line; line = strtok_r (NULL, "\n", &saveptr))
    {
      char *c1 = strchr (line, ':'), *c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (c2 == NULL)
        continue;
      *c2 = '\0';
      res = xrealloc (res, (n + 1) * sizeof *res);
      res[n].hierarchy = xstrdup (c1 + 1);
      res[n].path = xstrdup (c2 + 1);
      n++;
    }
  *out = res;
  *n_out = n;
  return 0;
}

/* Where hierarchy H is mounted: ROOT/H ("cpu,cpuacct"), else ROOT/<one of its
   controllers> (systemd's symlinks), ROOT/systemd for name=systemd.  */
static bool
is_cgroup_fs (const char *p, const struct statfs *st)
{
  /* conmon leaves plain directories on the /sys/fs/cgroup tmpfs for
     hierarchies that are not mounted: those are not cgroups.  A fake root
     (unit tests) is not a cgroupfs either: accept plain directories there.  */
  return st->f_type == CGROUP_SUPER_MAGIC || st->f_type == CGROUP2_SUPER_MAGIC
         || st->f_type != TMPFS_MAGIC || strncmp (p, CGROUP_ROOT "/", strlen (CGROUP_ROOT) + 1) != 0;
}

static bool
is_cgroup_mount (const char *p)
{
  struct statfs st;
  return statfs (p, &st) == 0 && is_cgroup_fs (p, &st);
}

static char *
v1_mount_point (const char *root, const char *h)
{
  char *p;
  cleanup_free char *copy = NULL;
  char *saveptr = NULL, *tok;

  if (strcmp (h, "name=systemd") == 0)
    h = "systemd";
  else if (strncmp (h, "name=", 5) == 0)
    return NULL; /* other named hierarchies carry no controller */
  p = xasprintf ("%s/%s", root, h);
  if (is_cgroup_mount (p))
    return p;
  free (p);
  copy = xstrdup (h);
  for (tok = strtok_r (copy, ",", &saveptr); tok; tok = strtok_r (NULL, ",", &saveptr))
    {
      p = xasprintf ("%s/%s", root, tok);
      if (is_cgroup_mount (p))
        return p;
      free (p);
    }
  return NULL;
}

static size_t
default_owned (size_t base_len, const char *rel)
{
  return base_len + 1 + strcspn (rel, "/");
}

static void
add_planned (struct cgroup_manager *m, const char *hierarchy, char *full, size_t owned,
             size_t mount_len, size_t base_len)
{
  manager_add_dir (m, hierarchy, full, owned, mount_len);
  m->dirs[m->n_dirs - 1].floor = base_len;
}

/* Is the directory above the last '/' of FULL there?  With FS, also a
   cgroupfs (the mount check of a v1 hierarchy in the same statfs).  */
static bool
parent_exists (const char *full, bool fs)
{
  char buf[PATH_MAX];
  const char *slash = strrchr (full, '/');
  size_t len = slash ? (size_t) (slash - full) : 0;
  struct statfs sfs;
  struct stat st;

  if (len == 0 || len >= sizeof buf)
    return false;
  memcpy (buf, full, len);
  buf[len] = '\0';
  if (!fs)
    return stat (buf, &st) == 0;
  return statfs (buf, &sfs) == 0 && is_cgroup_fs (buf, &sfs);
}

/* Add the directory MOUNT/BASE/REL.  A default path (/berth/ID) counts its
   /berth level as berth's own, so it is shared and removed when empty.
   Otherwise, when the leaf's parent exists, the leaf is taken as new
   (owned = the leaf) without looking: create's mkdir corrects the guess
   (EEXIST: not berth's; ENOENT: its parents are missing) and has the
   caller record the correction before it makes anything more.  */
static void
plan_dir (struct cgroup_manager *m, const char *hierarchy, const char *mount, const char *base,
          const char *rel, bool is_default, bool parent_known)
{
  const char *sep = (base[0] && strcmp (base, "/") != 0) ? base : "";
  char *full = xasprintf ("%s%s/%s", mount, sep, rel);
  size_t base_len = strlen (mount) + strlen (sep);
  size_t owned;

  if (is_default)
    owned = default_owned (base_len, rel);
  else if (parent_known || parent_exists (full, false))
    owned = strlen (full);
  else
    owned = first_missing (full, base_len);
  add_planned (m, hierarchy, full, owned, strlen (mount), base_len);
}

/* The usual v1 case in one statfs: the leaf's parent under ROOT/H exists
   and is a cgroupfs (which is also the mount check).  false: plan the
   slow way (v1_mount_point, then walk).  */
static bool
plan_v1_fast (struct cgroup_manager *m, const char *root, const char *hierarchy,
              const char *base, const char *rel, bool is_default)
{
  const char *name = strcmp (hierarchy, "name=systemd") == 0 ? "systemd" : hierarchy;
  const char *sep = (base[0] && strcmp (base, "/") != 0) ? base : "";
  cleanup_free char *mount = NULL;
  char *full;

  if (strncmp (name, "name=", 5) == 0)
    return false;
  mount = xasprintf ("%s/%s", root, name);
  full = xasprintf ("%s%s/%s", mount, sep, rel);
  if (!parent_exists (full, true))
    {
      free (full);
      return false;
    }
  add_planned (m, hierarchy, full,
               is_default ? default_owned (strlen (mount) + strlen (sep), rel) : strlen (full),
               strlen (mount), strlen (mount) + strlen (sep));
  return true;
}

static const char *
self_path (const struct self_cgroup *s, size_t n, const char *hierarchy)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (strcmp (s[i].hierarchy, hierarchy) == 0)
      return s[i].path;
  return "/";
}

int
cgroup_manager_new (const struct oci_config *config, const char *id,
                    const struct cgroup_options *opts, struct cgroup_manager **out,
                    berth_error_t **err)
{
  static const struct cgroup_options host = { 0 };
  const char *root, *self_file, *given;
  enum cgroup_layout layout;
  cleanup_free char *rel = NULL;
  cleanup_free char *unified_mount = NULL;
  struct self_cgroup *self = NULL;
  size_t n_self = 0, i;
  bool relative, is_default;
  struct cgroup_manager *m;
  int ret;

  if (opts == NULL)
    opts = &host;
  if (opts->systemd)
    return berth_error_make (err, ENOTSUP, "--systemd-cgroup: berth manages cgroups through "
                             "cgroupfs only (no systemd driver); drop the flag");
  root = opts->root ? opts->root : CGROUP_ROOT;
  self_file = opts->proc_self_cgroup ? opts->proc_self_cgroup : "/proc/self/cgroup";
  layout = opts->layout;
  if (layout == CGROUP_LAYOUT_UNKNOWN)
    {
      ret = cgroup_detect_layout (root, &layout, err);
      if (ret < 0)
        return ret;
    }

  given = (config && config->linux_) ? config->linux_->cgroups_path : NULL;
  is_default = given == NULL || *given == '\0';
  if (is_default)
    rel = xasprintf ("berth/%s", id);
  else
    {
      ret = clean_cgroups_path (given, &rel, err);
      if (ret < 0)
        return ret;
    }
  relative = !is_default && given[0] != '/';

  /* /proc/self/cgroup names the v1 hierarchies; with an absolute path on
     cgroup v2 there is nothing to learn from it.  */
  if (layout != CGROUP_LAYOUT_UNIFIED || relative)
    {
      ret = read_self_cgroups (self_file, &self, &n_self, err);
      if (ret < 0)
        return berth_error_wrap (err, "find the cgroup hierarchies");
    }

  m = manager_alloc (layout);
  if (layout == CGROUP_LAYOUT_UNIFIED)
    plan_dir (m, "", root, relative ? self_path (self, n_self, "") : "", rel, is_default, false);
  else
    {
      for (i = 0; i < n_self; i++)
        {
          cleanup_free char *mount = NULL;
          const char *base = relative ? self[i].path : "";
          if (self[i].hierarchy[0] == '\0'
              || plan_v1_fast (m, root, self[i].hierarchy, base, rel, is_default))
            continue;
          mount = v1_mount_point (root, self[i].hierarchy);
          if (mount == NULL)
            continue; /* not mounted: skipped, a limit on it will say so */
          plan_dir (m, self[i].hierarchy, mount, base, rel, is_default, false);
        }
      if (layout == CGROUP_LAYOUT_HYBRID)
        {
          unified_mount = xasprintf ("%s/unified", root);
          plan_dir (m, "", unified_mount, relative ? self_path (self, n_self, "") : "", rel,
                    is_default, false);
        }
    }
  free_self_cgroups (self, n_self);
  *out = m;
  return 0;
}

/* One line (the lifecycle keeps one "KIND VALUE" line per thing made):
   "berth-cgroup-1 LAYOUT" then, per directory, four tab-separated fields:
   owned, mount_len, hierarchy ("" for cgroup2), path.  cgroupsPath cannot
   hold control characters, so tabs separate safely.  */
char *
cgroup_manager_record (const struct cgroup_manager *m)
{
  size_t i, len;
  char *buf, *p;

  len = strlen (RECORD_MAGIC) + 16;
  for (i = 0; i < m->n_dirs; i++)
    len += strlen (m->dirs[i].hierarchy) + strlen (m->dirs[i].path) + 48;
  buf = p = xmalloc (len);
  p += sprintf (p, "%s %s", RECORD_MAGIC, cgroup_layout_name (m->layout));
  for (i = 0; i < m->n_dirs; i++)
    p += sprintf (p, "\t%zu\t%zu\t%s\t%s", m->dirs[i].owned, m->dirs[i].mount_len,
                  m->dirs[i].hierarchy, m->dirs[i].path);
  return buf;
}

static int
parse_size (const char *s, size_t *out)
{
  char *end = NULL;
  unsigned long long v;
  if (s == NULL || *s == '\0')
    return -1;
  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno || *end != '\0')
    return -1;
  *out = (size_t) v;
  return 0;
}

int
cgroup_manager_from_record (const char *record, struct cgroup_manager **out, berth_error_t **err)
{
  cleanup_free char *copy = xstrdup (record);
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  char *rest = copy, *head, *owned_s, *mount_s, *hier, *path;
  enum cgroup_layout layout;
  size_t owned, mount_len;

  head = strsep (&rest, "\t\n");
  if (head == NULL || strncmp (head, RECORD_MAGIC " ", strlen (RECORD_MAGIC) + 1) != 0)
    return berth_error_make (err, EINVAL, "cgroup record in the state: unknown format");
  layout = layout_from_name (head + strlen (RECORD_MAGIC) + 1);
  if (layout == CGROUP_LAYOUT_UNKNOWN)
    return berth_error_make (err, EINVAL, "cgroup record in the state: unknown layout `%s`",
                             head + strlen (RECORD_MAGIC) + 1);
  m = manager_alloc (layout);
  while (rest && *rest && *rest != '\n')
    {
      owned_s = strsep (&rest, "\t");
      mount_s = strsep (&rest, "\t");
      hier = strsep (&rest, "\t");
      path = strsep (&rest, "\t\n");
      if (path == NULL || path[0] != '/' || strstr (path, "/../") || parse_size (owned_s, &owned) < 0
          || parse_size (mount_s, &mount_len) < 0 || owned > strlen (path)
          || mount_len >= strlen (path) || (owned && owned <= mount_len))
        return berth_error_make (err, EINVAL, "cgroup record in the state: bad entry `%s`",
                                 path ? path : "");
      manager_add_dir (m, hier, xstrdup (path), owned, mount_len);
    }
  *out = steal_pointer (&m);
  return 0;
}

const char *
cgroup_manager_not_writable (const struct cgroup_manager *m)
{
  size_t i;

  for (i = 0; i < m->n_dirs; i++)
    {
      const struct cgroup_dir *d = &m->dirs[i];
      cleanup_free char *dir = NULL;
      char *slash;

      if (d->owned == 0)
        dir = xasprintf ("%s/cgroup.procs", d->path);
      else if (d->owned == strlen (d->path))
        {
          /* The plan took the leaf as new: either its parent lets us
             mkdir it, or it exists and is delegated to us (joined).  */
          cleanup_free char *procs = xasprintf ("%s/cgroup.procs", d->path);
          dir = xstrdup (d->path);
          *strrchr (dir, '/') = '\0';
          if (access (dir, W_OK) < 0 && access (procs, W_OK) == 0)
            continue;
        }
      else
        {
          /* mkdir of the topmost missing level happens in its parent.  */
          dir = xstrdup (d->path);
          dir[d->owned] = '\0';
          slash = strrchr (dir, '/');
          if (slash)
            *slash = '\0';
        }
      if (access (dir, W_OK) < 0)
        return d->path;
    }
  return NULL;
}

/* mkdir from the owned level down (the slow path: the leaf's parents were
   missing); new v1 cpuset levels get their parent's cpus/mems (they start
   empty and would refuse any task).  A parent shared with another
   container can vanish under us (its delete rmdir'ed it while empty): on
   ENOENT start again from the mount point, a few times.  */
static int
create_levels (const struct cgroup_dir *d, struct cgroup_cpuset *cs, berth_error_t **err)
{
  cleanup_free char *p = xstrdup (d->path);
  bool cpuset = (d->controllers & (1u << CGROUP_CPUSET)) != 0;
  size_t i, len = strlen (p);
  int ret, retries = 5;

  for (i = d->owned; i <= len; i++)
    {
      if (p[i] != '/' && p[i] != '\0')
        continue;
      p[i] = '\0';
      if (mkdir (p, 0755) < 0)
        {
          if (errno == ENOENT && retries-- > 0 && d->mount_len < d->owned)
            {
              p[i] = d->path[i];
              i = d->mount_len; /* the loop's i++ lands on the first level */
              continue;
            }
          if (errno != EEXIST)
            return berth_error_make (err, errno, "mkdir %s", p);
        }
      else if (cpuset)
        {
          ret = cgroup_v1_init_cpuset (p, cs, err);
          if (ret < 0)
            return ret;
        }
      p[i] = d->path[i];
    }
  return 0;
}

/* The plan took a leaf under an existing parent as new: one mkdir checks
   it.  EEXIST: the cgroup was there, it is not berth's (owned = 0); ENOENT:
   berth makes the missing parents too.  Either way the corrected manager
   is recorded (RERECORD) before anything more is made.  */
static int
create_dir (struct cgroup_manager *m, struct cgroup_dir *d, cgroup_rerecord_fn rerecord,
            void *ctx, berth_error_t **err)
{
  bool cpuset = (d->controllers & (1u << CGROUP_CPUSET)) != 0;
  struct cgroup_cpuset cs = { NULL, NULL };
  size_t len = strlen (d->path), first;
  int ret = 0;

  if (d->owned == 0)
    return 0;
  if (d->owned == len)
    {
      if (mkdir (d->path, 0755) == 0)
        {
          if (cpuset)
            ret = cgroup_v1_init_cpuset (d->path, &cs, err);
          cgroup_cpuset_clear (&cs);
          return ret;
        }
      if (errno == EEXIST)
        {
          d->owned = 0;
          return rerecord ? rerecord (ctx, m, err) : 0;
        }
      if (errno != ENOENT)
        return berth_error_make (err, errno, "mkdir %s", d->path);
      first = first_missing (d->path, d->floor);
      if (first && first < d->owned)
        {
          d->owned = first;
          ret = rerecord ? rerecord (ctx, m, err) : 0;
          if (ret < 0)
            return ret;
        }
    }
  ret = create_levels (d, &cs, err);
  cgroup_cpuset_clear (&cs);
  return ret;
}

static int
open_in (const char *dir, const char *file, int flags, berth_error_t **err)
{
  char path[PATH_MAX];
  int fd;

  if ((size_t) snprintf (path, sizeof path, "%s/%s", dir, file) >= sizeof path)
    return berth_error_make (err, ENAMETOOLONG, "open %s/%s", dir, file);
  fd = open (path, flags | O_CLOEXEC);
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  return fd;
}

static int
apply_resources (const struct cgroup_manager *m, const struct oci_config *config,
                 const struct oci_resources *r, bool update, berth_error_t **err)
{
  static const struct oci_resources none = { 0 };
  cleanup_free struct cgroup_device_rule *rules = NULL;
  size_t n_rules = 0, i;
  int ret;

  if (r == NULL)
    r = &none;
  if (!update)
    {
      ret = cgroup_device_rules (config, r, &rules, &n_rules, err);
      if (ret < 0)
        return ret;
    }
  if (m->layout == CGROUP_LAYOUT_UNIFIED)
    {
      const char *path = m->dirs[m->unified].path;
      ret = cgroup_v2_write_resources (path, r, update, err);
      if (ret == 0 && rules)
        ret = cgroup_ebpf_apply_devices (path, rules, n_rules, err);
      return ret;
    }

  ret = cgroup_v1_write_resources (m, r, update, err);
  if (ret < 0)
    return ret;
  if (rules && m->by_controller[CGROUP_DEVICES] >= 0)
    {
      const char *path = m->dirs[m->by_controller[CGROUP_DEVICES]].path;
      /* One open per file, one write per rule (a write is one rule).  */
      cleanup_close int allow = -1;
      cleanup_close int deny = -1;
      char line[64];
      for (i = 0; i < n_rules; i++)
        {
          const char *file = rules[i].allow ? "devices.allow" : "devices.deny";
          int *fd = rules[i].allow ? &allow : &deny;
          size_t len;
          if (*fd < 0)
            {
              *fd = open_in (path, file, O_WRONLY, err);
              if (*fd < 0)
                return berth_error_wrap (err, "linux.resources.devices");
            }
          cgroup_device_rule_line (&rules[i], line, sizeof line);
          len = strlen (line);
          if (write (*fd, line, len) != (ssize_t) len)
            {
              berth_error_make (err, errno, "write `%s` to %s/%s", line, path, file);
              return berth_error_wrap (err, "linux.resources.devices");
            }
        }
    }
  if (r->unified.len > 0)
    {
      static const struct oci_resources empty = { 0 };
      struct oci_resources raw = empty;
      if (m->layout != CGROUP_LAYOUT_HYBRID || m->unified < 0)
        return berth_error_make (err, EOPNOTSUPP, "linux.resources.unified: needs cgroup v2, and "
                                 "this host has cgroup v1 only");
      /* Hybrid: raw keys go to the cgroup2 hierarchy, as runc does.  */
      raw.unified = r->unified;
      return cgroup_v2_write_resources (m->dirs[m->unified].path, &raw, update, err);
    }
  return 0;
}

int
cgroup_manager_create (struct cgroup_manager *m, const struct oci_config *config,
                       cgroup_rerecord_fn rerecord, void *ctx, berth_error_t **err)
{
  const struct oci_resources *r = (config && config->linux_) ? config->linux_->resources : NULL;
  size_t i;
  int ret;

  for (i = 0; i < m->n_dirs; i++)
    {
      struct cgroup_dir *d = &m->dirs[i];
      ret = create_dir (m, d, rerecord, ctx, err);
      if (ret < 0)
        return ret;
      if (d->hierarchy[0] == '\0' && m->layout == CGROUP_LAYOUT_UNIFIED)
        {
          ret = cgroup_v2_enable_controllers (d, err);
          if (ret < 0)
            return ret;
        }
    }
  ret = apply_resources (m, config, r, false, err);
  if (ret < 0)
    return berth_error_wrap (err, "apply linux.resources");
  return 0;
}

int
cgroup_manager_update (const struct cgroup_manager *m, const struct oci_resources *r,
                       berth_error_t **err)
{
  int ret = apply_resources (m, NULL, r, true, err);
  if (ret < 0)
    return berth_error_wrap (err, "update resources");
  return 0;
}

int
cgroup_manager_enter (const struct cgroup_manager *m, pid_t pid, berth_error_t **err)
{
  char buf[32];
  size_t i;
  int ret;

  snprintf (buf, sizeof buf, "%d", (int) pid);
  for (i = 0; i < m->n_dirs; i++)
    {
      ret = cgroup_write (m->dirs[i].path, "cgroup.procs", buf, err);
      if (ret < 0)
        return berth_error_wrap (err, "join cgroup");
    }
  return 0;
}


int
cgroup_manager_open_join (const struct cgroup_manager *m, struct cgroup_join *j,
                          berth_error_t **err)
{
  size_t i;
  int fd;

  for (i = 0; i < m->n_dirs; i++)
    {
      const struct cgroup_dir *d = &m->dirs[i];
      if (d->hierarchy[0] == '\0')
        {
          fd = j->v2_dir = open_in (d->path, ".", O_RDONLY | O_DIRECTORY, err);
          if (fd >= 0)
            fd = j->v2_procs = open_in (d->path, "cgroup.procs", O_WRONLY, err);
        }
      else if (j->n_tasks < CGROUP_JOIN_MAX)
        fd = j->tasks[j->n_tasks++] = open_in (d->path, "tasks", O_WRONLY, err);
      else
        fd = berth_error_make (err, E2BIG, "join cgroup: too many hierarchies");
      if (fd < 0)
        {
          if (j->n_tasks && j->tasks[j->n_tasks - 1] < 0)
            j->n_tasks--;
          cgroup_join_close (j);
          return berth_error_wrap (err, "join cgroup");
        }
    }
  return 0;
}

int
cgroup_join_self (struct cgroup_join *j, berth_error_t **err)
{
  size_t i;
  int ret = 0;

  for (i = 0; i < j->n_tasks && ret == 0; i++)
    if (write (j->tasks[i], "0", 1) != 1)
      ret = berth_error_make (err, errno, "join cgroup: write 0 to a v1 tasks file");
  if (ret == 0 && !j->v2_joined && j->v2_procs >= 0 && write (j->v2_procs, "0", 1) != 1)
    ret = berth_error_make (err, errno, "join cgroup: write 0 to the cgroup2 cgroup.procs");
  cgroup_join_close (j);
  return ret;
}

void
cgroup_join_close (struct cgroup_join *j)
{
  size_t i;

  for (i = 0; i < j->n_tasks; i++)
    if (j->tasks[i] >= 0)
      close (j->tasks[i]);
  j->n_tasks = 0;
  if (j->v2_dir >= 0)
    close (j->v2_dir);
  if (j->v2_procs >= 0)
    close (j->v2_procs);
  j->v2_dir = j->v2_procs = -1;
}

pid_t
cgroup_join_clone (int flags, struct cgroup_join *j)
{
  struct clone_args args = { .flags = (uint64_t) flags | CLONE_INTO_CGROUP,
                             .exit_signal = SIGCHLD, .cgroup = (uint64_t) j->v2_dir };
  pid_t pid;

  if (j->v2_dir < 0)
    {
      errno = EBADF;
      return -1;
    }
  pid = (pid_t) syscall (SYS_clone3, &args, sizeof args);
  if (pid >= 0)
    j->v2_joined = true;
  return pid;
}
