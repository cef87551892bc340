/* cgroup-control.c: what the lifecycle and the CLI do to a container's live
   cgroups: freeze/thaw, list and signal its processes, remove its cgroups.
   rmdir stops at the topmost directory berth created; nothing above is touched.  */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "util.h"

#define FREEZE_TIMEOUT_MS 10000
#define DESTROY_TIMEOUT_MS 10000

static void
sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep (&ts, NULL);
}

static long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* v1 freezer directory, or NULL: then cgroup.freeze of the cgroup2 dir.  */
static const char *
v1_freezer (const struct cgroup_manager *m)
{
  if (m->layout == CGROUP_LAYOUT_UNIFIED || m->by_controller[CGROUP_FREEZER] < 0)
    return NULL;
  return m->dirs[m->by_controller[CGROUP_FREEZER]].path;
}

static const char *
v2_dir (const struct cgroup_manager *m)
{
  return m->unified >= 0 ? m->dirs[m->unified].path : NULL;
}

static bool
events_frozen (const char *events, bool *frozen)
{
  const char *p = strstr (events, "frozen ");
  if (p == NULL)
    return false;
  *frozen = p[7] == '1';
  return true;
}

static int
freeze_v1 (const char *dir, bool freeze, berth_error_t **err)
{
  const char *want = freeze ? "FROZEN" : "THAWED";
  long deadline = now_ms () + FREEZE_TIMEOUT_MS, delay = 1;
  int ret;

  for (;;)
    {
      cleanup_free char *state = NULL;
      /* Re-writing FROZEN retries tasks that were busy when it was first
         asked (the state can otherwise sit at FREEZING).  */
      ret = cgroup_write (dir, "freezer.state", want, err);
      if (ret < 0)
        return ret;
      ret = cgroup_read (dir, "freezer.state", &state, err);
      if (ret < 0)
        return ret;
      if (strncmp (state, want, strlen (want)) == 0)
        return 0;
      if (now_ms () > deadline)
        {
          if (freeze)
            cgroup_write (dir, "freezer.state", "THAWED", NULL);
          return berth_error_make (err, ETIMEDOUT, "%s/freezer.state stays %.*s", dir,
                                   (int) strcspn (state, "\n"), state);
        }
      sleep_ms (delay);
      if (delay < 50)
        delay *= 2;
    }
}

static int
freeze_v2 (const char *dir, bool freeze, berth_error_t **err)
{
  long deadline = now_ms () + FREEZE_TIMEOUT_MS, delay = 1;
  int ret;

  ret = cgroup_write (dir, "cgroup.freeze", freeze ? "1" : "0", err);
  if (ret < 0)
    return ret;
  for (;;)
    {
      cleanup_free char *events = NULL;
      bool frozen = false;
      ret = cgroup_read (dir, "cgroup.events", &events, err);
      if (ret < 0)
        return ret;
      if (!events_frozen (events, &frozen) || frozen == freeze)
        return 0;
      if (now_ms () > deadline)
        {
          if (freeze)
            cgroup_write (dir, "cgroup.freeze", "0", NULL);
          return berth_error_make (err, ETIMEDOUT, "%s/cgroup.events: not %s in time", dir,
                                   freeze ? "frozen" : "thawed");
        }
      sleep_ms (delay);
      if (delay < 50)
        delay *= 2;
    }
}

int
cgroup_manager_freeze (const struct cgroup_manager *m, bool freeze, berth_error_t **err)
{
  const char *v1 = v1_freezer (m), *v2 = v2_dir (m);
  int ret;

  if (v1)
    ret = freeze_v1 (v1, freeze, err);
  else if (v2)
    ret = freeze_v2 (v2, freeze, err);
  else
    ret = berth_error_make (err, ENOENT, "the freezer cgroup controller is not mounted");
  if (ret < 0)
    return berth_error_wrap (err, freeze ? "freeze the container" : "thaw the container");
  return 0;
}

int
cgroup_manager_is_frozen (const struct cgroup_manager *m, bool *frozen, berth_error_t **err)
{
  const char *v1 = v1_freezer (m), *v2 = v2_dir (m);
  cleanup_free char *buf = NULL;
  int ret;

  *frozen = false;
  if (v1)
    {
      ret = cgroup_read (v1, "freezer.state", &buf, err);
      if (ret < 0)
        return ret;
      *frozen = strncmp (buf, "FROZEN", 6) == 0;
    }
  else if (v2)
    {
      ret = cgroup_read (v2, "cgroup.freeze", &buf, err);
      if (ret < 0)
        return ret;
      *frozen = buf[0] == '1';
    }
  return 0;
}

/* The directory whose cgroup.procs lists every process of the container.  */
static const char *
procs_dir (const struct cgroup_manager *m)
{
  static const enum cgroup_controller prefer[] = { CGROUP_PIDS, CGROUP_FREEZER, CGROUP_MEMORY,
                                                   CGROUP_CPU, CGROUP_DEVICES };
  size_t i;
  if (m->layout == CGROUP_LAYOUT_UNIFIED)
    return v2_dir (m);
  for (i = 0; i < sizeof prefer / sizeof prefer[0]; i++)
    if (m->by_controller[prefer[i]] >= 0)
      return m->dirs[m->by_controller[prefer[i]]].path;
  return m->n_dirs ? m->dirs[0].path : NULL;
}

static void
add_pids_of (const char *dir, pid_t **pids, size_t *n, int depth)
{
  cleanup_free char *buf = NULL;
  char *saveptr = NULL, *line;
  DIR *d;
  struct dirent *de;

  if (cgroup_read (dir, "cgroup.procs", &buf, NULL) < 0)
    return;
  for (line = strtok_r (buf, "\n", &saveptr); line; line = strtok_r (NULL, "\n", &saveptr))
    {
      *pids = xrealloc (*pids, (*n + 1) * sizeof **pids);
      (*pids)[(*n)++] = (pid_t) atoi (line);
    }
  if (depth > 32)
    return;
  /* Sub-cgroups the container made (cgroup namespace, writable cgroupfs).  */
  d = opendir (dir);
  if (d == NULL)
    return;
  while ((de = readdir (d)))
    if (de->d_type == DT_DIR && de->d_name[0] != '.')
      {
        cleanup_free char *sub = xasprintf ("%s/%s", dir, de->d_name);
        add_pids_of (sub, pids, n, depth + 1);
      }
  closedir (d);
}

static int
cmp_pid (const void *a, const void *b)
{
  pid_t x = *(const pid_t *) a, y = *(const pid_t *) b;
  return (x > y) - (x < y);
}

int
cgroup_manager_pids (const struct cgroup_manager *m, pid_t **pids, size_t *n, berth_error_t **err)
{
  const char *dir = procs_dir (m);
  *pids = NULL;
  *n = 0;
  if (dir == NULL)
    return berth_error_make (err, ENOENT, "the container has no cgroup");
  if (access (dir, F_OK) < 0)
    return 0;
  add_pids_of (dir, pids, n, 0);
  if (*n > 1)
    qsort (*pids, *n, sizeof **pids, cmp_pid);
  return 0;
}

static void
signal_all (const struct cgroup_manager *m, int sig)
{
  cleanup_free pid_t *pids = NULL;
  size_t n = 0, i;
  if (cgroup_manager_pids (m, &pids, &n, NULL) < 0)
    return;
  for (i = 0; i < n; i++)
    kill (pids[i], sig);
}

int
cgroup_manager_kill (const struct cgroup_manager *m, int sig, berth_error_t **err)
{
  const char *v2 = v2_dir (m);
  bool frozen = false;

  /* cgroup.kill (Linux 5.14) kills the whole tree atomically.  */
  if (sig == SIGKILL && m->layout == CGROUP_LAYOUT_UNIFIED && v2
      && cgroup_write (v2, "cgroup.kill", "1", NULL) == 0)
    return 0;
  /* Frozen, no process can fork a child that misses the signal.  */
  if (cgroup_manager_is_frozen (m, &frozen, NULL) == 0 && !frozen)
    {
      if (cgroup_manager_freeze (m, true, NULL) < 0)
        frozen = true; /* no freezer: signal as they are */
      else
        frozen = false;
    }
  else
    frozen = true;
  signal_all (m, sig);
  if (!frozen)
    return cgroup_manager_freeze (m, false, err);
  return 0;
}

/* rmdir DIR after its sub-cgroups (which only the container can have made).  */
static int
rmdir_tree (const char *dir, int depth)
{
  DIR *d;
  struct dirent *de;

  if (rmdir (dir) == 0 || errno == ENOENT)
    return 0;
  if (errno != EBUSY && errno != ENOTEMPTY)
    return -1;
  if (depth > 32)
    return -1;
  d = opendir (dir);
  if (d == NULL)
    return -1;
  while ((de = readdir (d)))
    if (de->d_type == DT_DIR && de->d_name[0] != '.')
      {
        cleanup_free char *sub = xasprintf ("%s/%s", dir, de->d_name);
        rmdir_tree (sub, depth + 1);
      }
  closedir (d);
  return rmdir (dir) == 0 || errno == ENOENT ? 0 : -1;
}

/* rmdir D (its sub-cgroups first) and the parents berth created while
   empty, once.  */
static int
remove_dir_once (const struct cgroup_dir *d)
{
  cleanup_free char *p = NULL;
  size_t i;

  if (d->owned == 0)
    return 0;
  p = xstrdup (d->path);
  if (rmdir_tree (p, 0) < 0)
    return -1;
  for (i = strlen (p); i-- > d->owned;)
    {
      if (p[i] != '/')
        continue;
      p[i] = '\0';
      if (rmdir (p) < 0 && errno != ENOENT)
        break;
    }
  return 0;
}

static int
remove_dir (const struct cgroup_dir *d, berth_error_t **err)
{
  long deadline = now_ms () + DESTROY_TIMEOUT_MS, delay = 1;

  /* EBUSY while the killed tasks finish exiting: retry a little.  */
  while (remove_dir_once (d) < 0)
    {
      if (errno != EBUSY || now_ms () > deadline)
        return berth_error_make (err, errno, "rmdir %s", d->path);
      sleep_ms (delay);
      if (delay < 50)
        delay *= 2;
    }
  return 0;
}

int
cgroup_manager_remove_empty (const struct cgroup_manager *m)
{
  size_t i;

  for (i = 0; i < m->n_dirs; i++)
    if (remove_dir_once (&m->dirs[i]) < 0)
      return -1;
  return 0;
}

int
cgroup_manager_destroy (const struct cgroup_manager *m, berth_error_t **err)
{
  cleanup_free pid_t *pids = NULL;
  long deadline = now_ms () + DESTROY_TIMEOUT_MS;
  size_t n = 0, i;
  int ret;

  bool frozen = false;

  /* A frozen v1 cgroup holds even SIGKILLed tasks: thaw it first.  */
  if (cgroup_manager_is_frozen (m, &frozen, NULL) == 0 && frozen)
    cgroup_manager_freeze (m, false, NULL);
  for (;;)
    {
      free (pids);
      pids = NULL;
      if (cgroup_manager_pids (m, &pids, &n, NULL) < 0 || n == 0)
        break;
      cgroup_manager_kill (m, SIGKILL, NULL);
      if (now_ms () > deadline)
        return berth_error_make (err, EBUSY, "processes left in %s after SIGKILL", procs_dir (m));
      sleep_ms (5);
    }
  for (i = 0; i < m->n_dirs; i++)
    {
      ret = remove_dir (&m->dirs[i], err);
      if (ret < 0)
        return berth_error_wrap (err, "remove the container's cgroups");
    }
  return 0;
}
