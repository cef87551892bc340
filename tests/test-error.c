/* test-error.c: the error idiom: make, wrap, take, and the elision that keeps
   a message quoting a huge value to one readable line with its cause.  */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "tap.h"
#include "util.h"

int
main (void)
{
  berth_error_t *err = NULL;
  char *big;
  int ret;

  ret = berth_error_make (&err, EPERM, "mount %s on %s", "proc", "/proc");
  TAP_OK (ret == -EPERM, "make returns -errno");
  TAP_STR_EQ (err->msg, "mount proc on /proc: Operation not permitted", "make appends strerror");
  ret = berth_error_wrap (&err, "apply %s", "mounts[0]");
  TAP_OK (ret == -EPERM && err->status == EPERM, "wrap keeps the status");
  TAP_STR_EQ (err->msg, "apply mounts[0]: mount proc on /proc: Operation not permitted",
              "wrap prefixes the context");
  berth_error_free (&err);
  TAP_OK (err == NULL, "free clears the pointer");

  ret = berth_error_make (&err, 0, "container \"%s\" does not exist", "x");
  TAP_OK (ret == -1 && err->status == 0, "errno 0: returns -1, no strerror");
  TAP_STR_EQ (err->msg, "container \"x\" does not exist", "errno 0: message as given");
  berth_error_free (&err);

  big = xmalloc (1 << 20);
  memset (big, 'x', (1 << 20) - 1);
  big[(1 << 20) - 1] = '\0';
  berth_error_make (&err, ENAMETOOLONG, "chdir to process.cwd %s", big);
  TAP_OK (strlen (err->msg) <= 1000, "a 1 MiB value is elided (%zu bytes)", strlen (err->msg));
  TAP_OK (strncmp (err->msg, "chdir to process.cwd xxx", 24) == 0, "the head (the field) is kept");
  TAP_OK (strstr (err->msg, " [...] ") != NULL, "the elision is marked");
  TAP_OK (strlen (err->msg) > 30
              && strcmp (err->msg + strlen (err->msg) - 20, ": File name too long") == 0,
          "the cause (strerror) is kept");
  berth_error_wrap (&err, "create %s", big);
  TAP_OK (strlen (err->msg) <= 1000, "wrap with a huge context stays short");
  TAP_OK (strcmp (err->msg + strlen (err->msg) - 20, ": File name too long") == 0,
          "wrap keeps the cause");
  berth_error_free (&err);
  free (big);

  TAP_OK (berth_error_make (NULL, EIO, "no error object") == -EIO, "a NULL err is allowed");
  return tap_done ();
}
