/* oci-process.c: the "process" object, in config.json and as process.json
   for `exec --process`.  Checks the names the spec constrains (capabilities,
   rlimits, scheduler, ioPriority); never applies anything.  */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "oci-internal.h"
#include "oci-tables.h"

static int
read_console_size (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_console_size *cs = out;
  bool has_h = false, has_w = false;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "height"))
        r = oj_has (&has_h, oj_uint32 (c, m, &cs->height));
      else if (oj_is (m, "width"))
        r = oj_has (&has_w, oj_uint32 (c, m, &cs->width));
      if (r < 0)
        return -1;
    }
  if (!has_h)
    return oj_missing (c, "height");
  if (!has_w)
    return oj_missing (c, "width");
  return 1;
}

static int
read_user (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_user *u = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "uid"))
        r = oj_uint32 (c, m, &u->uid);
      else if (oj_is (m, "gid"))
        r = oj_uint32 (c, m, &u->gid);
      else if (oj_is (m, "umask"))
        r = oj_has (&u->has_umask, oj_uint32 (c, m, &u->umask));
      else if (oj_is (m, "additionalGids"))
        r = oj_uint32v (c, m, &u->additional_gids, &u->n_additional_gids);
      else if (oj_is (m, "username"))
        r = oj_string (c, m, &u->username);
      if (r < 0)
        return -1;
    }
  return 1;
}

/* One capability set; every name must be one Linux knows (crun refuses
   unknown names too: silently dropping one would run with other privileges
   than the caller asked for).  */
static int
read_cap_set (struct oj_ctx *c, const struct oj *v, char ***set, size_t *n)
{
  size_t i;
  int r = oj_strv (c, v, set, n);
  if (r <= 0)
    return r;
  for (i = 0; i < *n; i++)
    if (oci_capability_from_name ((*set)[i]) < 0)
      {
        int ret;
        oj_enter (c, v);
        ret = oj_err (c, &v->items[i], "unknown capability \"%s\"", (*set)[i]);
        oj_leave (c);
        return ret;
      }
  return 1;
}

static int
read_capabilities (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_capabilities *caps = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "bounding"))
        r = read_cap_set (c, m, &caps->bounding, &caps->n_bounding);
      else if (oj_is (m, "effective"))
        r = read_cap_set (c, m, &caps->effective, &caps->n_effective);
      else if (oj_is (m, "inheritable"))
        r = read_cap_set (c, m, &caps->inheritable, &caps->n_inheritable);
      else if (oj_is (m, "permitted"))
        r = read_cap_set (c, m, &caps->permitted, &caps->n_permitted);
      else if (oj_is (m, "ambient"))
        r = read_cap_set (c, m, &caps->ambient, &caps->n_ambient);
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_rlimit (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_rlimit *rl = out;
  bool has_soft = false, has_hard = false;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "type"))
        {
          r = oj_string (c, m, &rl->type);
          if (r > 0 && (rl->resource = oci_rlimit_from_name (rl->type)) < 0)
            return oj_err (c, m, "unknown rlimit \"%s\"", rl->type);
        }
      else if (oj_is (m, "soft"))
        r = oj_has (&has_soft, oj_uint64 (c, m, &rl->soft));
      else if (oj_is (m, "hard"))
        r = oj_has (&has_hard, oj_uint64 (c, m, &rl->hard));
      if (r < 0)
        return -1;
    }
  if (rl->type == NULL)
    return oj_missing (c, "type");
  if (!has_soft)
    return oj_missing (c, "soft");
  if (!has_hard)
    return oj_missing (c, "hard");
  return 1;
}

/* "If rlimits contains duplicated entries with same type, the runtime MUST
   generate an error."  */
static int
read_rlimits (struct oj_ctx *c, const struct oj *v, struct oci_process *p)
{
  size_t i, j;
  int r = oj_object_array (c, v, sizeof *p->rlimits, (void **) &p->rlimits, &p->n_rlimits,
                           read_rlimit);
  if (r <= 0)
    return r;
  for (i = 1; i < p->n_rlimits; i++)
    for (j = 0; j < i; j++)
      if (p->rlimits[i].resource == p->rlimits[j].resource)
        {
          oj_enter (c, v);
          oj_enter (c, &v->items[i]);
          r = oj_err_member (c, "type", "duplicate rlimit \"%s\"", p->rlimits[i].type);
          oj_leave (c);
          oj_leave (c);
          return r;
        }
  return 1;
}

static int
read_scheduler (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_scheduler *s = out;
  size_t i;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "policy"))
        {
          r = oj_string (c, m, &s->policy);
          if (r > 0 && (s->policy_value = oci_sched_policy_from_name (s->policy)) < 0)
            return oj_err (c, m, "unknown scheduler policy \"%s\"", s->policy);
        }
      else if (oj_is (m, "nice"))
        r = oj_int32 (c, m, &s->nice);
      else if (oj_is (m, "priority"))
        r = oj_int32 (c, m, &s->priority);
      else if (oj_is (m, "flags"))
        {
          r = oj_strv (c, m, &s->flags, &s->n_flags);
          for (i = 0; r > 0 && i < s->n_flags; i++)
            if (oci_sched_flag_from_name (s->flags[i]) < 0)
              {
                oj_enter (c, m);
                r = oj_err (c, &m->items[i], "unknown scheduler flag \"%s\"", s->flags[i]);
                oj_leave (c);
              }
        }
      else if (oj_is (m, "runtime"))
        r = oj_uint64 (c, m, &s->runtime);
      else if (oj_is (m, "deadline"))
        r = oj_uint64 (c, m, &s->deadline);
      else if (oj_is (m, "period"))
        r = oj_uint64 (c, m, &s->period);
      if (r < 0)
        return -1;
    }
  if (s->policy == NULL)
    return oj_missing (c, "policy");
  return 1;
}

static int
read_io_priority (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_io_priority *io = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "class"))
        {
          r = oj_string (c, m, &io->class_name);
          if (r > 0 && (io->class_value = oci_ioprio_class_from_name (io->class_name)) < 0)
            return oj_err (c, m, "unknown ioPriority class \"%s\"", io->class_name);
        }
      else if (oj_is (m, "priority"))
        r = oj_int32 (c, m, &io->priority);
      if (r < 0)
        return -1;
    }
  if (io->class_name == NULL)
    return oj_missing (c, "class");
  return 1;
}

/* The schema's pattern ^[0-9, -]*$ for a cpu list.  */
static int
read_cpu_list (struct oj_ctx *c, const struct oj *v, char **out)
{
  const char *p;
  int r = oj_string (c, v, out);
  if (r <= 0)
    return r;
  for (p = *out; *p; p++)
    if (!((*p >= '0' && *p <= '9') || *p == ',' || *p == ' ' || *p == '-'))
      return oj_err (c, v, "invalid CPU list \"%s\"", *out);
  return 1;
}

static int
read_exec_cpu_affinity (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_exec_cpu_affinity *a = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "initial"))
        r = read_cpu_list (c, m, &a->initial);
      else if (oj_is (m, "final"))
        r = read_cpu_list (c, m, &a->final);
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_cwd (struct oj_ctx *c, const struct oj *v, char **out)
{
  int r = oj_string (c, v, out);
  if (r <= 0)
    return r;
  /* "This value MUST be an absolute path."  */
  if (oci_check_absolute (c, v, *out) < 0)
    return -1;
  return 1;
}

static int
read_oom_score_adj (struct oj_ctx *c, const struct oj *v, struct oci_process *p)
{
  int r = oj_has (&p->has_oom_score_adj, oj_int32 (c, v, &p->oom_score_adj));
  /* The kernel's range (OOM_SCORE_ADJ_MIN..MAX): say so now, not at write.  */
  if (r > 0 && (p->oom_score_adj < -1000 || p->oom_score_adj > 1000))
    return oj_err (c, v, "must be between -1000 and 1000, got %d", (int) p->oom_score_adj);
  return r;
}

static int
read_member (struct oj_ctx *c, const struct oj *m, struct oci_process *p)
{
  if (oj_is (m, "terminal"))
    return oj_bool (c, m, &p->terminal);
  if (oj_is (m, "consoleSize"))
    return oj_has (&p->has_console_size,
                   oj_fill_object (c, m, &p->console_size, read_console_size));
  if (oj_is (m, "user"))
    return oj_fill_object (c, m, &p->user, read_user);
  if (oj_is (m, "args"))
    return oj_strv (c, m, &p->args, &p->n_args);
  if (oj_is (m, "commandLine"))
    return oj_string (c, m, &p->command_line);
  if (oj_is (m, "env"))
    return oj_strv (c, m, &p->env, &p->n_env);
  if (oj_is (m, "cwd"))
    return read_cwd (c, m, &p->cwd);
  if (oj_is (m, "capabilities"))
    return oj_new_object (c, m, sizeof *p->capabilities, (void **) &p->capabilities,
                          read_capabilities);
  if (oj_is (m, "rlimits"))
    return read_rlimits (c, m, p);
  if (oj_is (m, "noNewPrivileges"))
    return oj_bool (c, m, &p->no_new_privileges);
  if (oj_is (m, "apparmorProfile"))
    return oj_string (c, m, &p->apparmor_profile);
  if (oj_is (m, "oomScoreAdj"))
    return read_oom_score_adj (c, m, p);
  if (oj_is (m, "scheduler"))
    return oj_new_object (c, m, sizeof *p->scheduler, (void **) &p->scheduler, read_scheduler);
  if (oj_is (m, "selinuxLabel"))
    return oj_string (c, m, &p->selinux_label);
  if (oj_is (m, "ioPriority"))
    return oj_new_object (c, m, sizeof *p->io_priority, (void **) &p->io_priority,
                          read_io_priority);
  if (oj_is (m, "execCPUAffinity"))
    return oj_new_object (c, m, sizeof *p->exec_cpu_affinity, (void **) &p->exec_cpu_affinity,
                          read_exec_cpu_affinity);
  return 0;
}

int
oci_read_process (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_process *p = out;
  OJ_FOREACH (m, obj)
    if (read_member (c, m, p) < 0)
      return -1;
  if (p->cwd == NULL)
    return oj_missing (c, "cwd");
  /* "at least one entry is REQUIRED" (non-Windows).  */
  if (p->args == NULL)
    return oj_missing (c, "args");
  if (p->n_args == 0)
    return oj_err_member (c, "args", "must not be empty");
  return 1;
}

static void
free_process (void *p)
{
  oci_process_free (p);
}

int
oci_process_parse_data (const char *data, size_t len, const char *source,
                        struct oci_process **out, char **errmsg)
{
  return oci_parse_document (data, len, source, sizeof **out, oci_read_process, free_process,
                             (void **) out, errmsg);
}

int
oci_process_parse_file (const char *path, const char *source, struct oci_process **out,
                        char **errmsg)
{
  return oci_parse_document_file (path, source, sizeof **out, oci_read_process, free_process,
                                  (void **) out, errmsg);
}

void
oci_process_clear (struct oci_process *p)
{
  size_t i;
  free (p->user.additional_gids);
  free (p->user.username);
  oj_strv_free (p->args, p->n_args);
  free (p->command_line);
  oj_strv_free (p->env, p->n_env);
  free (p->cwd);
  if (p->capabilities)
    {
      struct oci_capabilities *k = p->capabilities;
      oj_strv_free (k->bounding, k->n_bounding);
      oj_strv_free (k->effective, k->n_effective);
      oj_strv_free (k->inheritable, k->n_inheritable);
      oj_strv_free (k->permitted, k->n_permitted);
      oj_strv_free (k->ambient, k->n_ambient);
      free (k);
    }
  for (i = 0; i < p->n_rlimits; i++)
    free (p->rlimits[i].type);
  free (p->rlimits);
  free (p->apparmor_profile);
  if (p->scheduler)
    {
      free (p->scheduler->policy);
      oj_strv_free (p->scheduler->flags, p->scheduler->n_flags);
      free (p->scheduler);
    }
  free (p->selinux_label);
  if (p->io_priority)
    free (p->io_priority->class_name);
  free (p->io_priority);
  if (p->exec_cpu_affinity)
    {
      free (p->exec_cpu_affinity->initial);
      free (p->exec_cpu_affinity->final);
    }
  free (p->exec_cpu_affinity);
}

void
oci_process_free (struct oci_process *p)
{
  if (p == NULL)
    return;
  oci_process_clear (p);
  free (p);
}
