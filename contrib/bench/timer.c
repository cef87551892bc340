/* timer.c: the benchmark's measuring process (contrib/bench/run drives it).
   It owns timing: spawn a command, wait for it, report wall time
   (CLOCK_MONOTONIC), cpu time (user+sys of every descendant reaped meanwhile)
   and peak RSS; it never interprets what it runs.  The driver talks to it over
   stdin/stdout so that no interpreter start-up lands inside a measurement.

   Protocol, one request per line, fields separated by TAB:
     R <timeout_s> ARG0 ARG1 ...   spawn ARGV, wait for it
       -> "ok STATUS WALL_NS USER_US SYS_US MAXRSS_KB"
     W <timeout_s> PIDFILE         wait until the pid in PIDFILE has exited
       -> "ok STATUS WALL_NS USER_US SYS_US 0"
     Q                             reap everything left and exit
   STATUS is the wait status as "exit:N", "signal:N" or "timeout".

   The timer is a child subreaper (like conmon or containerd-shim): a
   container process that a runtime daemonizes at `create` is re-parented to
   it, so `W` waits for it with wait4 -- the way an engine learns that a
   container stopped -- instead of polling `state`.  While waiting for one
   process it reaps every other child so that zombies never block a runtime's
   `delete` or `kill`.

   Build it static: a posix_spawn child runs on the timer's memory until it
   execs, and exec records that memory's peak in the child's ru_maxrss, so the
   timer's own RSS is a lower bound on every peak RSS it reports (static
   glibc: 0.7 MiB; dynamic: 1.4 MiB, above a static runtime's real peak).  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_ARGS 256
#define MAX_REAPED 8192

/* Children reaped while waiting for another one, so that a later `W` for
   them answers at once.  */
static struct
{
  pid_t pid;
  int status;
} reaped[MAX_REAPED];
static size_t n_reaped;
static volatile sig_atomic_t timed_out;
static int log_fd = 2;

static void
on_alarm (int sig)
{
  (void) sig;
  timed_out = 1;
}

static long long
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long
tv_us (const struct timeval *tv)
{
  return (long long) tv->tv_sec * 1000000LL + tv->tv_usec;
}

static void
remember (pid_t pid, int status)
{
  if (n_reaped == MAX_REAPED)
    n_reaped = 0; /* oldest entries are long stale by then */
  reaped[n_reaped].pid = pid;
  reaped[n_reaped].status = status;
  n_reaped++;
}

static int
forget (pid_t pid, int *status)
{
  size_t i;
  for (i = 0; i < n_reaped; i++)
    if (reaped[i].pid == pid)
      {
        *status = reaped[i].status;
        reaped[i] = reaped[--n_reaped];
        return 1;
      }
  return 0;
}

static void
format_status (char *buf, size_t len, int status, int timeout)
{
  if (timeout)
    snprintf (buf, len, "timeout");
  else if (WIFEXITED (status))
    snprintf (buf, len, "exit:%d", WEXITSTATUS (status));
  else if (WIFSIGNALED (status))
    snprintf (buf, len, "signal:%d", WTERMSIG (status));
  else
    snprintf (buf, len, "unknown:%d", status);
}

/* Block until PID is reaped, reaping (and remembering) any other child on
   the way.  Returns 0, or -1 when PID is not (or no longer) our child.  On
   timeout, PID is killed and still reaped.  */
static int
wait_for (pid_t pid, int *status, struct rusage *ru, int timeout_s)
{
  int killed = 0;
  timed_out = 0;
  alarm (timeout_s);
  for (;;)
    {
      int st;
      struct rusage r;
      pid_t got = wait4 (-1, &st, __WALL, &r);
      if (got < 0 && errno == EINTR)
        {
          if (timed_out && !killed)
            {
              kill (pid, SIGKILL);
              killed = 1;
            }
          continue;
        }
      if (got < 0)
        {
          alarm (0);
          return -1;
        }
      if (got == pid)
        {
          alarm (0);
          *status = st;
          if (ru)
            *ru = r;
          return killed ? 1 : 0;
        }
      remember (got, st);
    }
}

static void
cmd_run (char **argv, int timeout_s)
{
  posix_spawn_file_actions_t fa;
  struct rusage before, after, self;
  long long t0, t1;
  pid_t pid;
  int status = 0, ret, err;
  char st[32];

  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_addopen (&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&fa, log_fd, 1);
  posix_spawn_file_actions_adddup2 (&fa, log_fd, 2);

  getrusage (RUSAGE_CHILDREN, &before);
  t0 = now_ns ();
  err = posix_spawn (&pid, argv[0], &fa, NULL, argv, environ);
  if (err != 0)
    {
      posix_spawn_file_actions_destroy (&fa);
      printf ("err spawn %s: %s\n", argv[0], strerror (err));
      return;
    }
  ret = wait_for (pid, &status, &self, timeout_s);
  t1 = now_ns ();
  getrusage (RUSAGE_CHILDREN, &after);
  posix_spawn_file_actions_destroy (&fa);
  if (ret < 0)
    {
      printf ("err wait4 %d: %s\n", (int) pid, strerror (errno));
      return;
    }
  format_status (st, sizeof st, status, ret == 1);
  printf ("ok %s %lld %lld %lld %ld\n", st, t1 - t0,
          tv_us (&after.ru_utime) - tv_us (&before.ru_utime),
          tv_us (&after.ru_stime) - tv_us (&before.ru_stime), self.ru_maxrss);
}

static pid_t
read_pid (const char *path)
{
  char buf[32];
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  return (pid_t) strtol (buf, NULL, 10);
}

/* A process that is not our child (a runtime kept it elsewhere) can only be
   polled; say so in the status so the driver can flag it.  */
static int
poll_gone (pid_t pid, int timeout_s)
{
  long long deadline = now_ns () + (long long) timeout_s * 1000000000LL;
  struct timespec ts = { 0, 200000 };
  while (kill (pid, 0) == 0 || errno != ESRCH)
    {
      char path[64], state = 0;
      FILE *f;
      snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
      f = fopen (path, "re");
      if (f)
        {
          if (fscanf (f, "%*d %*s %c", &state) != 1)
            state = 0;
          fclose (f);
        }
      if (state == 'Z')
        break;
      if (now_ns () > deadline)
        return -1;
      nanosleep (&ts, NULL);
    }
  return 0;
}

static void
cmd_wait (const char *pidfile, int timeout_s)
{
  struct rusage before, after;
  long long t0, t1;
  int status = 0, ret;
  char st[32];
  const char *how = "";
  pid_t pid = read_pid (pidfile);

  if (pid <= 0)
    {
      printf ("err read pid file %s\n", pidfile);
      return;
    }
  getrusage (RUSAGE_CHILDREN, &before);
  t0 = now_ns ();
  if (forget (pid, &status))
    ret = 0;
  else
    {
      ret = wait_for (pid, &status, NULL, timeout_s);
      if (ret < 0)
        {
          how = "polled-";
          ret = poll_gone (pid, timeout_s) < 0 ? 1 : 0;
          status = 0;
        }
    }
  t1 = now_ns ();
  getrusage (RUSAGE_CHILDREN, &after);
  format_status (st, sizeof st, status, ret == 1);
  printf ("ok %s%s %lld %lld %lld 0\n", how, st, t1 - t0,
          tv_us (&after.ru_utime) - tv_us (&before.ru_utime),
          tv_us (&after.ru_stime) - tv_us (&before.ru_stime));
}

static void
reap_all (void)
{
  struct timespec ts = { 0, 20000000 };
  int i;
  /* Children that are still running belong to containers the driver failed
     to delete; give them a moment, never block forever.  */
  for (i = 0; i < 50; i++)
    {
      pid_t got;
      while ((got = waitpid (-1, NULL, WNOHANG | __WALL)) > 0)
        ;
      if (got < 0)
        return;
      nanosleep (&ts, NULL);
    }
}

int
main (int argc, char **argv)
{
  struct sigaction sa;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;

  if (argc > 1)
    {
      log_fd = open (argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (log_fd < 0)
        {
          perror (argv[1]);
          return 1;
        }
    }
  if (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    {
      perror ("prctl PR_SET_CHILD_SUBREAPER");
      return 1;
    }
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART: wait4 must return EINTR */
  sigaction (SIGALRM, &sa, NULL);
  setvbuf (stdout, NULL, _IOLBF, 0);

  while ((len = getline (&line, &cap, stdin)) > 0)
    {
      char *args[MAX_ARGS + 1];
      int n = 0, timeout_s;
      char *save = NULL, *tok;

      if (line[len - 1] == '\n')
        line[len - 1] = '\0';
      for (tok = strtok_r (line, "\t", &save); tok && n < MAX_ARGS; tok = strtok_r (NULL, "\t", &save))
        args[n++] = tok;
      args[n] = NULL;
      if (n == 0)
        continue;
      if (strcmp (args[0], "Q") == 0)
        break;
      if (n < 3)
        {
          printf ("err bad request\n");
          continue;
        }
      timeout_s = atoi (args[1]);
      if (strcmp (args[0], "R") == 0)
        cmd_run (args + 2, timeout_s);
      else if (strcmp (args[0], "W") == 0)
        cmd_wait (args[2], timeout_s);
      else
        printf ("err unknown request %s\n", args[0]);
    }
  free (line);
  reap_all ();
  return 0;
}
