/* cgroup-v1.c: applying linux.resources on cgroup v1 hierarchies (one
   directory per controller), and the v1-only cpuset initialisation.  Writes
   only in the container's own directories (and the ones berth created).  */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "util.h"

void
cgroup_cpuset_clear (struct cgroup_cpuset *cs)
{
  free (cs->cpus);
  free (cs->mems);
  cs->cpus = cs->mems = NULL;
}

static bool
blank (const char *s)
{
  for (; *s; s++)
    if (*s != ' ' && *s != '\n' && *s != '\t')
      return false;
  return true;
}

/* *VALUE is DIR's FILE; when blank, DIR is a cpuset cgroup another create
   has just made and not filled yet (or someone left empty): fill it from
   the nearest ancestor that has a value, as it would be filled anyway -- a
   blank cpuset holds no task, so ours would refuse the init (ENOSPC).  The
   mount root always has values, so this ends.  */
static int
read_cpuset_value (const char *dir, const char *file, char **value, berth_error_t **err)
{
  const char *slash;
  cleanup_free char *up = NULL;
  int ret = cgroup_read (dir, file, value, err);

  if (ret < 0 || !blank (*value))
    return ret;
  slash = strrchr (dir, '/');
  if (slash == NULL || slash == dir)
    return 0;
  free (*value);
  *value = NULL;
  up = xasprintf ("%.*s", (int) (slash - dir), dir);
  ret = read_cpuset_value (up, file, value, err);
  if (ret < 0)
    return ret;
  return cgroup_write (dir, file, *value, err);
}

/* Nothing to read in the new cgroup itself: it is empty, or has the
   parent's values already (cgroup.clone_children), and writing the
   parent's is right both ways.  */
int
cgroup_v1_init_cpuset (const char *path, struct cgroup_cpuset *cs, berth_error_t **err)
{
  static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
  char **values[] = { &cs->cpus, &cs->mems };
  cleanup_free char *parent = NULL;
  const char *slash = strrchr (path, '/');
  size_t i;
  int ret;

  if (slash == NULL || slash == path)
    return 0;
  for (i = 0; i < 2; i++)
    {
      if (*values[i] == NULL)
        {
          if (parent == NULL)
            parent = xasprintf ("%.*s", (int) (slash - path), path);
          ret = read_cpuset_value (parent, files[i], values[i], err);
          if (ret < 0)
            return ret;
        }
      ret = cgroup_write (path, files[i], *values[i], err);
      if (ret < 0)
        return berth_error_wrap (err, "initialise the new cpuset cgroup");
    }
  return 0;
}

/* Write E, or E->alt when E's file does not exist.  */
static int
write_entry (const char *dir, const struct cgroup_write *e, berth_error_t **err)
{
  int ret = cgroup_write (dir, e->file, e->value, err);
  if (ret == -ENOENT && e->alt)
    {
      berth_error_free (err);
      ret = cgroup_write (dir, e->alt, e->value, err);
    }
  return ret;
}

static const char *
dir_of (const char *const dirs[CGROUP_N_CONTROLLERS], const char *unified_dir,
        const struct cgroup_write *e)
{
  return e->controller < 0 ? unified_dir : dirs[e->controller];
}

int
cgroup_apply_writes (const char *const dirs[CGROUP_N_CONTROLLERS], const char *unified_dir,
                     const struct cgroup_writes *w, berth_error_t **err)
{
  size_t i;
  int ret;

  for (i = 0; i < w->n; i++)
    {
      const struct cgroup_write *e = &w->w[i];
      const char *dir = dir_of (dirs, unified_dir, e);

      if (dir == NULL)
        return berth_error_make (err, ENOENT, "%s: the %s cgroup controller is not mounted",
                                 e->file, cgroup_controller_name (e->controller));
      ret = write_entry (dir, e, err);
      if (ret == -EINVAL && e->swap_on_einval && i + 1 < w->n)
        {
          /* e.g. memory.limit above the current memsw: write memsw first.  */
          const struct cgroup_write *next = &w->w[i + 1];
          const char *ndir = dir_of (dirs, unified_dir, next);
          berth_error_free (err);
          ret = ndir ? write_entry (ndir, next, err) : -ENOENT;
          if (ret == 0)
            ret = write_entry (dir, e, err);
          if (ret == 0)
            {
              i++;
              continue;
            }
        }
      if (ret == -ENOENT && e->optional)
        {
          berth_error_free (err);
          continue;
        }
      if (ret == -ENOENT && e->controller >= 0)
        return berth_error_wrap (err, "the %s controller lacks %s (not enabled or not supported "
                                 "by this kernel)", cgroup_controller_name (e->controller), e->file);
      if (ret == -ENOENT)
        return berth_error_wrap (err, "linux.resources.unified \"%s\": no such file in the "
                                 "container's cgroup (controller not enabled there?)", e->file);
      if (ret < 0)
        return ret;
    }
  return 0;
}

/* memory.checkBeforeUpdate: refuse a limit below what the container uses now.  */
int
cgroup_check_memory_usage (const char *dir, const char *usage_file, int64_t limit,
                           berth_error_t **err)
{
  cleanup_free char *buf = NULL;
  unsigned long long usage;
  int ret;

  if (limit <= 0)
    return 0;
  ret = cgroup_read (dir, usage_file, &buf, err);
  if (ret < 0)
    return ret;
  usage = strtoull (buf, NULL, 10);
  if ((unsigned long long) limit < usage)
    return berth_error_make (err, EBUSY, "linux.resources.memory.limit %" PRId64 " is below the "
                             "current usage %llu (checkBeforeUpdate)", limit, usage);
  return 0;
}

int
cgroup_v1_write_resources (const struct cgroup_manager *m, const struct oci_resources *r,
                           bool update, berth_error_t **err)
{
  const char *dirs[CGROUP_N_CONTROLLERS];
  struct cgroup_writes w = { NULL, 0 };
  size_t i;
  int ret;

  for (i = 0; i < CGROUP_N_CONTROLLERS; i++)
    dirs[i] = m->by_controller[i] >= 0 ? m->dirs[m->by_controller[i]].path : NULL;
  if (update && r->memory && r->memory->has_check_before_update && r->memory->check_before_update
      && r->memory->has_limit && dirs[CGROUP_MEMORY])
    {
      ret = cgroup_check_memory_usage (dirs[CGROUP_MEMORY], "memory.usage_in_bytes",
                                       r->memory->limit, err);
      if (ret < 0)
        return ret;
    }
  ret = resources_v1_writes (r, &w, err);
  if (ret < 0)
    return ret;
  ret = cgroup_apply_writes (dirs, NULL, &w, err);
  cgroup_writes_clear (&w);
  return ret;
}
