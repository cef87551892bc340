/* hooks.c: fork + exec of one hook with the state on stdin, its timeout,
   and how its failure is told.  Decides nothing about which hooks run when,
   or whether a failure is fatal (the spec makes poststart/poststop warn).  */
#include <config.h>

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "util.h"

/* The state goes into a memfd: the hook may not read stdin at all, and a
   pipe would then block us or raise SIGPIPE.  */
static int
hook_stdin (const char *state_json, berth_error_t **err)
{
  cleanup_close int fd = memfd_create ("berth-hook-state", MFD_CLOEXEC);
  size_t len = strlen (state_json);

  if (fd < 0)
    return berth_error_make (err, errno, "memfd_create");
  if (write_all_fd (fd, state_json, len) < 0 || lseek (fd, 0, SEEK_SET) < 0)
    return berth_error_make (err, errno, "write hook state");
  return steal_fd (&fd);
}

static void
hook_exec (const struct oci_hook *h, int in_fd)
{
  char *default_args[] = { h->path, NULL };
  char *empty_env[] = { NULL };
  char **args = h->n_args ? h->args : default_args;
  char **env = h->n_env ? h->env : empty_env;
  sigset_t none;

  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (dup2 (in_fd, 0) < 0)
    _exit (127);
  execve (h->path, args, env);
  _exit (127);
}

/* Wait for the hook, at most `timeout` seconds (0: no limit).  Returns 1
   after killing it on timeout, 0 with *status filled.  */
static int
hook_wait (pid_t pid, int timeout, int *status, berth_error_t **err)
{

  if (timeout > 0)
    {
      cleanup_close int pidfd = syscall (SYS_pidfd_open, pid, 0);
      struct pollfd p = { .fd = pidfd, .events = POLLIN };
      int r;
      if (pidfd >= 0)
        {
          do
            r = poll (&p, 1, timeout * 1000);
          while (r < 0 && errno == EINTR);
          if (r == 0)
            {
              kill (pid, SIGKILL);
              waitpid (pid, status, 0);
              return 1;
            }
        }
    }
  while (waitpid (pid, status, 0) < 0)
    if (errno != EINTR)
      return berth_error_make (err, errno, "waitpid hook");
  return 0;
}

static int
hook_run_one (const struct oci_hook *h, const char *kind, size_t index, const char *state_json,
              berth_error_t **err)
{
  cleanup_close int in_fd = -1;
  pid_t pid;
  int status = 0, ret;

  in_fd = hook_stdin (state_json, err);
  if (in_fd < 0)
    return in_fd;
  pid = fork ();
  if (pid < 0)
    return berth_error_make (err, errno, "%s hook #%zu (%s): fork", kind, index, h->path);
  if (pid == 0)
    hook_exec (h, in_fd);

  ret = hook_wait (pid, h->has_timeout ? h->timeout : 0, &status, err);
  if (ret < 0)
    return ret;
  if (ret == 1)
    return berth_error_make (err, 0, "error running %s hook #%zu (%s): timed out after %d seconds",
                             kind, index, h->path, h->timeout);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (WIFEXITED (status))
    return berth_error_make (err, 0, "error running %s hook #%zu (%s): exit status %d", kind,
                             index, h->path, WEXITSTATUS (status));
  return berth_error_make (err, 0, "error running %s hook #%zu (%s): killed by signal %d", kind,
                           index, h->path, WTERMSIG (status));
}

int
hooks_run (const struct oci_hook_list *l, const char *kind, const char *state_json,
           berth_error_t **err)
{
  size_t i;
  int ret;

  for (i = 0; i < l->len; i++)
    {
      ret = hook_run_one (&l->hooks[i], kind, i, state_json, err);
      if (ret < 0)
        return ret;
    }
  return 0;
}
