/* process-attrs.c: the `process` section turned into syscalls on the
   container init (rlimits, scheduling, user, env, fds, the executable).
   Runs only in the init; never touches mounts, namespaces or capabilities.  */
#include <config.h>

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "oci-tables.h"
#include "process-attrs.h"
#include "security.h"
#include "util.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static int
parse_cpu_list (const char *list, cpu_set_t *set, const char *field, berth_error_t **err)
{
  const char *p = list;
  CPU_ZERO (set);
  while (*p)
    {
      char *end;
      unsigned long a = strtoul (p, &end, 10), b;
      if (end == p)
        return berth_error_make (err, 0, "%s: invalid CPU list \"%s\"", field, list);
      b = a;
      if (*end == '-')
        {
          p = end + 1;
          b = strtoul (p, &end, 10);
          if (end == p || b < a)
            return berth_error_make (err, 0, "%s: invalid CPU list \"%s\"", field, list);
        }
      if (b >= CPU_SETSIZE)
        return berth_error_make (err, 0, "%s: CPU %lu out of range", field, b);
      for (; a <= b; a++)
        CPU_SET (a, set);
      p = end;
      if (*p == ',')
        p++;
      else if (*p)
        return berth_error_make (err, 0, "%s: invalid CPU list \"%s\"", field, list);
    }
  return 0;
}

static int
set_affinity (const char *list, const char *field, berth_error_t **err)
{
  cpu_set_t set;
  int ret;
  if (list == NULL || *list == '\0')
    return 0;
  ret = parse_cpu_list (list, &set, field, err);
  if (ret < 0)
    return ret;
  if (sched_setaffinity (0, sizeof set, &set) < 0)
    return berth_error_make (err, errno, "%s: sched_setaffinity `%s`", field, list);
  return 0;
}

int
attrs_apply_early (const struct oci_process *p, berth_error_t **err)
{
  if (p->has_oom_score_adj)
    {
      char buf[16];
      int n = snprintf (buf, sizeof buf, "%d", (int) p->oom_score_adj);
      int ret = write_file ("/proc/self/oom_score_adj", buf, n, err);
      if (ret < 0)
        return berth_error_wrap (err, "process.oomScoreAdj");
    }
  if (p->exec_cpu_affinity)
    return set_affinity (p->exec_cpu_affinity->initial, "process.execCPUAffinity.initial", err);
  return 0;
}

int
attrs_apply_final (const struct oci_process *p, berth_error_t **err)
{
  if (p->exec_cpu_affinity)
    return set_affinity (p->exec_cpu_affinity->final, "process.execCPUAffinity.final", err);
  return 0;
}

static int
apply_rlimits (const struct oci_process *p, berth_error_t **err)
{
  size_t i;
  for (i = 0; i < p->n_rlimits; i++)
    {
      struct rlimit rl = { .rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard };
      if (setrlimit (p->rlimits[i].resource, &rl) < 0)
        return berth_error_make (err, errno, "process.rlimits: setrlimit %s (soft %llu, hard %llu)",
                                 p->rlimits[i].type, (unsigned long long) rl.rlim_cur,
                                 (unsigned long long) rl.rlim_max);
    }
  return 0;
}

static int
apply_io_priority (const struct oci_io_priority *io, berth_error_t **err)
{
  if (io == NULL)
    return 0;
  /* IOPRIO_WHO_PROCESS, this process; the class in the top 3 bits of 16.  */
  if (syscall (SYS_ioprio_set, 1, 0, (io->class_value << 13) | (io->priority & 0x1fff)) < 0)
    return berth_error_make (err, errno, "process.ioPriority: ioprio_set %s %d", io->class_name,
                             (int) io->priority);
  return 0;
}

struct sched_attr_
{
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
};

static int
apply_scheduler (const struct oci_scheduler *s, berth_error_t **err)
{
  struct sched_attr_ a = { .size = sizeof a };
  size_t i;

  if (s == NULL)
    return 0;
  a.sched_policy = s->policy_value;
  for (i = 0; i < s->n_flags; i++)
    {
      long v = oci_sched_flag_from_name (s->flags[i]);
      if (v < 0)
        return berth_error_make (err, 0, "process.scheduler.flags: unknown flag \"%s\"", s->flags[i]);
      a.sched_flags |= v;
    }
  a.sched_nice = s->nice;
  a.sched_priority = s->priority;
  a.sched_runtime = s->runtime;
  a.sched_deadline = s->deadline;
  a.sched_period = s->period;
  if (syscall (SYS_sched_setattr, 0, &a, 0) < 0)
    return berth_error_make (err, errno, "process.scheduler: sched_setattr %s", s->policy);
  return 0;
}

static int
apply_personality (const struct oci_personality *p, berth_error_t **err)
{
  int persona;
  if (p == NULL)
    return 0;
  persona = oci_personality_domain_from_name (p->domain);
  if (persona < 0)
    return berth_error_make (err, 0, "linux.personality.domain: unknown domain \"%s\"", p->domain);
  if (personality (persona) < 0)
    return berth_error_make (err, errno, "linux.personality: personality %s", p->domain);
  return 0;
}

int
attrs_apply_privileged (const struct oci_config *c, berth_error_t **err)
{
  const struct oci_process *p = c->process;
  int ret;

  ret = apply_rlimits (p, err);
  if (ret == 0)
    ret = apply_io_priority (p->io_priority, err);
  if (ret == 0)
    ret = apply_scheduler (p->scheduler, err);
  if (ret == 0 && c->linux_)
    ret = apply_personality (c->linux_->personality, err);
  return ret;
}

static bool
env_has (char **env, size_t n, const char *name)
{
  size_t i, l = strlen (name);
  for (i = 0; i < n; i++)
    if (strncmp (env[i], name, l) == 0 && env[i][l] == '=')
      return true;
  return false;
}

/* The home directory of uid in the container's /etc/passwd, "/" if none.  */
static char *
home_of (uid_t uid)
{
  cleanup_file FILE *f = fopen ("/etc/passwd", "re");
  char line[1024];
  if (f)
    while (fgets (line, sizeof line, f))
      {
        char *save = NULL, *field[7] = { 0 };
        int i;
        field[0] = strtok_r (line, ":\n", &save);
        for (i = 1; i < 7 && field[i - 1]; i++)
          field[i] = strtok_r (NULL, ":\n", &save);
        if (field[5] && strtoul (field[2], NULL, 10) == uid)
          return xasprintf ("HOME=%s", field[5]);
      }
  return xstrdup ("HOME=/");
}

char **
attrs_build_env (const struct oci_process *p, int listen_fds)
{
  char **env = xmalloc ((p->n_env + 4) * sizeof (char *));
  size_t n = 0, i;

  for (i = 0; i < p->n_env; i++)
    env[n++] = p->env[i];
  if (listen_fds > 0)
    {
      env[n++] = xasprintf ("LISTEN_FDS=%d", listen_fds);
      env[n++] = xstrdup ("LISTEN_PID=1");
    }
  if (!env_has (env, n, "HOME"))
    env[n++] = home_of (p->user.uid);
  env[n] = NULL;
  return env;
}

static const char *
env_get (char **env, const char *name)
{
  size_t l = strlen (name);
  for (; *env; env++)
    if (strncmp (*env, name, l) == 0 && (*env)[l] == '=')
      return *env + l + 1;
  return NULL;
}

static bool
is_executable_file (const char *path, int *why)
{
  struct stat st;
  if (stat (path, &st) < 0)
    {
      *why = errno;
      return false;
    }
  if (S_ISDIR (st.st_mode) || (st.st_mode & 0111) == 0)
    {
      *why = EACCES;
      return false;
    }
  return true;
}

int
attrs_find_executable (const char *arg0, char **env, char **out, berth_error_t **err)
{
  const char *path;
  int why = 0;

  if (arg0 == NULL || *arg0 == '\0')
    return berth_error_make (err, 0, "process.args: must not be empty");
  if (strchr (arg0, '/'))
    {
      if (is_executable_file (arg0, &why))
        {
          *out = xstrdup (arg0);
          return 0;
        }
      if (why == EACCES)
        return berth_error_make (err, 0, "exec: \"%s\": permission denied", arg0);
      return berth_error_make (err, 0, "exec: \"%s\": stat %s: %s", arg0, arg0, strerror (why));
    }
  path = env_get (env, "PATH");
  if (path == NULL)
    path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  while (path)
    {
      const char *colon = strchr (path, ':');
      size_t len = colon ? (size_t) (colon - path) : strlen (path);
      cleanup_free char *cand = xasprintf ("%.*s/%s", (int) len, len ? path : ".", arg0);
      if (is_executable_file (cand, &why))
        {
          *out = steal_pointer (&cand);
          return 0;
        }
      path = colon ? colon + 1 : NULL;
    }
  return berth_error_make (err, 0, "exec: \"%s\": executable file not found in $PATH", arg0);
}

int
attrs_make_cwd (const struct oci_process *p, berth_error_t **err)
{
  if (p->cwd == NULL || *p->cwd == '\0')
    return 0;
  if (p->cwd[0] != '/')
    return berth_error_make (err, 0, "process.cwd: \"%s\" is not an absolute path", p->cwd);
  return mkdir_p (p->cwd, 0755, err) < 0 ? berth_error_wrap (err, "process.cwd") : 0;
}

int
attrs_switch_user (const struct oci_process *p, berth_error_t **err)
{
  const struct oci_user *u = &p->user;

  /* Keep the permitted set across setuid so the security step can still
     set the configured capabilities; exec drops what is not configured.  */
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return berth_error_make (err, errno, "prctl PR_SET_KEEPCAPS");
  if (setgroups (u->n_additional_gids, (const gid_t *) u->additional_gids) < 0
      && !(errno == EPERM && u->n_additional_gids == 0 && security_setgroups_denied ()))
    return berth_error_make (err, errno, "process.user.additionalGids: setgroups");
  if (setresgid (u->gid, u->gid, u->gid) < 0)
    return berth_error_make (err, errno, "process.user.gid: setgid %u", u->gid);
  if (setresuid (u->uid, u->uid, u->uid) < 0)
    return berth_error_make (err, errno, "process.user.uid: setuid %u", u->uid);
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return berth_error_make (err, errno, "prctl PR_SET_KEEPCAPS");
  umask (u->has_umask ? u->umask : 0022);
  if (p->cwd && *p->cwd && chdir (p->cwd) < 0)
    return berth_error_make (err, errno, "process.cwd: chdir to `%s`", p->cwd);
  return 0;
}

int
attrs_close_fds (int n_keep, berth_error_t **err)
{
  int fd;

  /* Kept fds may come from a caller that set FD_CLOEXEC on them.  */
  for (fd = 3; fd < 3 + n_keep; fd++)
    fcntl (fd, F_SETFD, 0);
  if (syscall (SYS_close_range, 3 + n_keep, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    return berth_error_make (err, errno, "close_range");
  return 0;
}
