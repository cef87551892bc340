/* faultpoint.c: the test-only crash points of faultpoint.h.  Reads the
   environment only; must never do anything else when the variable is unset
   (the start path calls it).  */
#include <config.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "faultpoint.h"

void
faultpoint (const char *name)
{
  const char *want = getenv ("BERTH_TEST_STOP_AT");

  if (want != NULL && strcmp (want, name) == 0)
    {
      /* SIGKILL cannot be caught or blocked: exactly what an engine's
         kill -9 or the OOM killer does to berth.  */
      raise (SIGKILL);
      abort ();
    }
}

bool
faultpoint_armed (void)
{
  return getenv ("BERTH_TEST_STOP_AT") != NULL;
}
