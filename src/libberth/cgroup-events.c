/* cgroup-events.c: `berth events` (stats and OOM notifications: the v1
   memory.oom_control eventfd, or inotify on v2 memory.events) and `berth ps`.
   Reads cgroup files; registers an eventfd in the container's own cgroup only.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "util.h"

static long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
emit (FILE *out, const char *type, const char *id, const struct cgroup_manager *stats_of)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  size_t len;

  yajl_gen_map_open (g);
  yajl_gen_string (g, (const unsigned char *) "type", 4);
  yajl_gen_string (g, (const unsigned char *) type, strlen (type));
  yajl_gen_string (g, (const unsigned char *) "id", 2);
  yajl_gen_string (g, (const unsigned char *) id, strlen (id));
  if (stats_of)
    {
      yajl_gen_string (g, (const unsigned char *) "data", 4);
      cgroup_manager_gen_stats (stats_of, g);
    }
  yajl_gen_map_close (g);
  yajl_gen_get_buf (g, &buf, &len);
  fwrite (buf, 1, len, out);
  fputc ('\n', out);
  fflush (out);
  yajl_gen_free (g);
}

struct oom_watch
{
  int fd;         /* eventfd (v1) or inotify (v2); -1 without memory controller */
  bool v2;
  const char *dir;
  unsigned long long kills; /* v2: last oom_kill count seen */
};

static unsigned long long
oom_kills (const char *dir)
{
  cleanup_free char *buf = NULL;
  const char *p;
  if (cgroup_read (dir, "memory.events", &buf, NULL) < 0)
    return 0;
  p = strstr (buf, "oom_kill ");
  return p ? strtoull (p + 9, NULL, 10) : 0;
}

static int
oom_watch_open (const struct cgroup_manager *m, struct oom_watch *w, berth_error_t **err)
{
  char path[4096], line[64];
  cleanup_close int ctl = -1;

  w->fd = -1;
  w->dir = cgroup_manager_path (m, CGROUP_MEMORY);
  w->v2 = m->layout == CGROUP_LAYOUT_UNIFIED;
  if (w->dir == NULL)
    return 0;
  if (w->v2)
    {
      w->fd = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
      if (w->fd < 0)
        return berth_error_make (err, errno, "inotify_init1");
      snprintf (path, sizeof path, "%s/memory.events", w->dir);
      if (inotify_add_watch (w->fd, path, IN_MODIFY) < 0)
        return berth_error_make (err, errno, "inotify_add_watch %s", path);
      w->kills = oom_kills (w->dir);
      return 0;
    }
  /* v1: an eventfd registered on memory.oom_control via cgroup.event_control.  */
  w->fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (w->fd < 0)
    return berth_error_make (err, errno, "eventfd");
  snprintf (path, sizeof path, "%s/memory.oom_control", w->dir);
  ctl = open (path, O_RDONLY | O_CLOEXEC);
  if (ctl < 0)
    return berth_error_make (err, errno, "open %s", path);
  snprintf (line, sizeof line, "%d %d", w->fd, ctl);
  return cgroup_write (w->dir, "cgroup.event_control", line, err);
}

/* How many OOM kills since the last call.  */
static unsigned long long
oom_watch_read (struct oom_watch *w)
{
  if (w->v2)
    {
      char buf[4096];
      unsigned long long now;
      while (read (w->fd, buf, sizeof buf) > 0)
        ;
      now = oom_kills (w->dir);
      if (now <= w->kills)
        return 0;
      now -= w->kills;
      w->kills += now;
      return now;
    }
  {
    uint64_t v = 0;
    char probe[4096];
    if (read (w->fd, &v, sizeof v) != sizeof v)
      return 0;
    /* The eventfd also fires when the cgroup goes away: not an OOM.  */
    snprintf (probe, sizeof probe, "%s/memory.oom_control", w->dir);
    if (access (probe, F_OK) < 0)
      return 0;
    return v;
  }
}

static bool
cgroup_empty (const struct cgroup_manager *m)
{
  cleanup_free pid_t *pids = NULL;
  size_t n = 0;
  if (cgroup_manager_pids (m, &pids, &n, NULL) < 0)
    return true;
  return n == 0;
}

int
cgroup_events_run (const struct cgroup_manager *m, const struct cgroup_events_options *o,
                   berth_error_t **err)
{
  struct oom_watch w = { -1, false, NULL, 0 };
  long interval = o->interval_ms > 0 ? o->interval_ms : 5000;
  long next_stats;
  int ret;

  if (o->stats_only)
    {
      emit (o->out, "stats", o->id, m);
      return 0;
    }
  ret = oom_watch_open (m, &w, err);
  if (ret < 0)
    {
      if (w.fd >= 0)
        close (w.fd);
      return berth_error_wrap (err, "watch OOM events");
    }
  next_stats = now_ms () + interval;
  for (;;)
    {
      struct pollfd pfd = { w.fd, POLLIN, 0 };
      long wait = next_stats - now_ms ();
      unsigned long long kills;

      /* Wake at least every 200 ms to notice the container stopped.  */
      if (wait > 200)
        wait = 200;
      if (wait < 0)
        wait = 0;
      if (poll (&pfd, w.fd >= 0 ? 1 : 0, (int) wait) < 0 && errno != EINTR)
        {
          ret = berth_error_make (err, errno, "poll");
          break;
        }
      if (w.fd >= 0 && (pfd.revents & POLLIN))
        for (kills = oom_watch_read (&w); kills > 0; kills--)
          emit (o->out, "oom", o->id, NULL);
      if (now_ms () >= next_stats)
        {
          emit (o->out, "stats", o->id, m);
          next_stats = now_ms () + interval;
        }
      if (cgroup_empty (m))
        {
          /* A kill that raced with the exit is still reported.  */
          if (w.fd >= 0)
            for (kills = oom_watch_read (&w); kills > 0; kills--)
              emit (o->out, "oom", o->id, NULL);
          ret = 0;
          break;
        }
    }
  if (w.fd >= 0)
    close (w.fd);
  return ret;
}

static bool
has_pid (const pid_t *pids, size_t n, pid_t p)
{
  size_t lo = 0, hi = n;
  while (lo < hi)
    {
      size_t mid = (lo + hi) / 2;
      if (pids[mid] == p)
        return true;
      if (pids[mid] < p)
        lo = mid + 1;
      else
        hi = mid;
    }
  return false;
}

/* Run ps ARGS (default -ef), keep the header and the lines whose PID column
   is one of the container's pids, as runc does.  */
static int
ps_table (const pid_t *pids, size_t n, char *const *args, size_t n_args, FILE *out,
          berth_error_t **err)
{
  cleanup_free char **argv = xmalloc0 ((n_args + 3) * sizeof *argv);
  cleanup_free char *buf = NULL;
  int pipefd[2], status, col = -1;
  size_t i, len = 0;
  char *line, *saveptr = NULL;
  pid_t child;
  int ret;

  argv[0] = (char *) "ps";
  if (n_args == 0)
    argv[1] = (char *) "-ef";
  for (i = 0; i < n_args; i++)
    argv[1 + i] = args[i];
  if (pipe2 (pipefd, O_CLOEXEC) < 0)
    return berth_error_make (err, errno, "pipe2");
  child = fork ();
  if (child < 0)
    return berth_error_make (err, errno, "fork");
  if (child == 0)
    {
      dup2 (pipefd[1], 1);
      execvp ("ps", argv);
      _exit (127);
    }
  close (pipefd[1]);
  ret = read_all_fd (pipefd[0], "ps output", &buf, &len, err);
  close (pipefd[0]);
  while (waitpid (child, &status, 0) < 0 && errno == EINTR)
    ;
  if (ret < 0)
    return ret;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return berth_error_make (err, 0, "ps %s failed (exit status %d)", n_args ? args[0] : "-ef",
                             WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  for (line = strtok_r (buf, "\n", &saveptr); line; line = strtok_r (NULL, "\n", &saveptr))
    {
      cleanup_free char *copy = xstrdup (line);
      char *sp = NULL, *tok;
      int k = 0;
      if (col < 0)
        {
          for (tok = strtok_r (copy, " \t", &sp); tok; tok = strtok_r (NULL, " \t", &sp), k++)
            if (strcmp (tok, "PID") == 0)
              col = k;
          if (col < 0)
            return berth_error_make (err, 0, "ps output has no PID column");
          fprintf (out, "%s\n", line);
          continue;
        }
      for (tok = strtok_r (copy, " \t", &sp); tok && k < col; tok = strtok_r (NULL, " \t", &sp))
        k++;
      if (tok && has_pid (pids, n, (pid_t) atoi (tok)))
        fprintf (out, "%s\n", line);
    }
  return 0;
}

int
cgroup_ps (const struct cgroup_manager *m, bool json, char *const *args, size_t n_args, FILE *out,
           berth_error_t **err)
{
  cleanup_free pid_t *pids = NULL;
  size_t n = 0, i;
  int ret;

  ret = cgroup_manager_pids (m, &pids, &n, err);
  if (ret < 0)
    return ret;
  if (!json)
    return ps_table (pids, n, args, n_args, out, err);
  fputc ('[', out);
  for (i = 0; i < n; i++)
    fprintf (out, "%s%d", i ? "," : "", (int) pids[i]);
  fputs ("]\n", out);
  return 0;
}
