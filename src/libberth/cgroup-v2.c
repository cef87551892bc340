/* cgroup-v2.c: applying linux.resources on the unified hierarchy, and making
   controllers available down to the container's cgroup.  Writes
   cgroup.subtree_control only in directories berth created, and in the root
   when a controller is missing there; never elsewhere.  */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "util.h"

/* "+cpu +memory ..." for the words of AVAIL that ENABLED lacks; NULL if none.  */
static char *
missing_controllers (const char *avail, const char *enabled)
{
  cleanup_free char *copy = xstrdup (avail);
  char *saveptr = NULL, *tok, *res = NULL;
  size_t len = 0;

  for (tok = strtok_r (copy, " \n", &saveptr); tok; tok = strtok_r (NULL, " \n", &saveptr))
    {
      const char *p = enabled;
      size_t tl = strlen (tok);
      bool found = false;
      while (p && (p = strstr (p, tok)))
        {
          if ((p == enabled || p[-1] == ' ') && (p[tl] == '\0' || p[tl] == ' ' || p[tl] == '\n'))
            {
              found = true;
              break;
            }
          p += tl;
        }
      if (found)
        continue;
      res = xrealloc (res, len + tl + 3);
      len += sprintf (res + len, "%s+%s", len ? " " : "", tok);
    }
  return res;
}

/* Enable the words of WANT one by one when the kernel refuses them together
   (one controller may be unavailable, e.g. cpu with a real-time task).  */
static int
enable_in (const char *dir, bool only_missing, berth_error_t **err)
{
  cleanup_free char *avail = NULL, *enabled = NULL, *want = NULL;
  char *saveptr = NULL, *tok;
  int ret;

  ret = cgroup_read (dir, "cgroup.controllers", &avail, err);
  if (ret < 0)
    return ret;
  if (only_missing)
    {
      ret = cgroup_read (dir, "cgroup.subtree_control", &enabled, err);
      if (ret < 0)
        return ret;
    }
  want = missing_controllers (avail, enabled ? enabled : "");
  if (want == NULL)
    return 0;
  if (cgroup_write (dir, "cgroup.subtree_control", want, err) == 0)
    return 0;
  berth_error_free (err);
  for (tok = strtok_r (want, " ", &saveptr); tok; tok = strtok_r (NULL, " ", &saveptr))
    if (cgroup_write (dir, "cgroup.subtree_control", tok, err) < 0)
      berth_error_free (err); /* the resource that needs it will name it */
  return 0;
}

int
cgroup_v2_enable_controllers (const struct cgroup_dir *d, berth_error_t **err)
{
  cleanup_free char *p = xstrdup (d->path);
  size_t i, len = strlen (p);
  int ret;

  p[d->mount_len] = '\0';
  ret = enable_in (p, true, err);
  if (ret < 0)
    return ret;
  p[d->mount_len] = d->path[d->mount_len];
  if (d->owned == 0)
    return 0;
  /* Levels berth created, down to the leaf's parent (a leaf with controllers
     in subtree_control could not hold the container's processes).  */
  for (i = d->owned; i < len; i++)
    {
      if (p[i] != '/')
        continue;
      p[i] = '\0';
      ret = enable_in (p, false, err);
      p[i] = '/';
      if (ret < 0)
        return ret;
    }
  return 0;
}

int
cgroup_v2_write_resources (const char *path, const struct oci_resources *r, bool update,
                           berth_error_t **err)
{
  const char *dirs[CGROUP_N_CONTROLLERS];
  struct cgroup_writes w = { NULL, 0 };
  bool has_bfq = false;
  size_t i;
  int ret;

  for (i = 0; i < CGROUP_N_CONTROLLERS; i++)
    dirs[i] = path;
  if (update && r->memory && r->memory->has_check_before_update && r->memory->check_before_update
      && r->memory->has_limit)
    {
      ret = cgroup_check_memory_usage (path, "memory.current", r->memory->limit, err);
      if (ret < 0)
        return ret;
    }
  if (r->block_io && (r->block_io->has_weight || r->block_io->n_weight_device))
    {
      char p[4096];
      snprintf (p, sizeof p, "%s/io.bfq.weight", path);
      has_bfq = access (p, F_OK) == 0;
    }
  ret = resources_v2_writes (r, has_bfq, &w, err);
  if (ret < 0)
    return ret;
  ret = cgroup_apply_writes (dirs, path, &w, err);
  cgroup_writes_clear (&w);
  return ret;
}
