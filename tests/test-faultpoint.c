/* test-faultpoint.c: faultpoint() kills the caller with SIGKILL when
   BERTH_TEST_STOP_AT names the point, and does nothing otherwise.  */
#include <config.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faultpoint.h"
#include "tap.h"

/* Run faultpoint(name) in a child with BERTH_TEST_STOP_AT=want (unset when
   NULL); return its wait status.  */
static int
status_of (const char *want, const char *name)
{
  int status = -1;
  pid_t pid = fork ();

  if (pid == 0)
    {
      if (want)
        setenv ("BERTH_TEST_STOP_AT", want, 1);
      else
        unsetenv ("BERTH_TEST_STOP_AT");
      faultpoint (name);
      _exit (7);
    }
  if (pid < 0 || waitpid (pid, &status, 0) != pid)
    return -1;
  return status;
}

int
main (void)
{
  int st;

  st = status_of ("create-after-state-dir", "create-after-state-dir");
  TAP_OK (WIFSIGNALED (st) && WTERMSIG (st) == SIGKILL, "the named point dies of SIGKILL");
  st = status_of ("create-after-state-dir", "create-after-cgroup");
  TAP_OK (WIFEXITED (st) && WEXITSTATUS (st) == 7, "another point goes on");
  st = status_of (NULL, "create-after-state-dir");
  TAP_OK (WIFEXITED (st) && WEXITSTATUS (st) == 7, "unset: every point goes on");
  st = status_of ("create-after", "create-after-state-dir");
  TAP_OK (WIFEXITED (st) && WEXITSTATUS (st) == 7, "a prefix does not match");
  return tap_done ();
}
