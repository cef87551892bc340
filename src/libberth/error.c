/* error.c: building and wrapping berth_error_t.  Allocation failures here
   abort: a runtime that cannot report why it failed is worse than one that stops.  */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "util.h"

static int
error_ret (int status)
{
  return status > 0 ? -status : -1;
}

int
berth_error_make (berth_error_t **err, int errno_, const char *fmt, ...)
{
  va_list ap;
  char *msg = NULL;

  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    abort ();
  va_end (ap);

  if (errno_ != 0)
    {
      char *full = xasprintf ("%s: %s", msg, strerror (errno_));
      free (msg);
      msg = full;
    }
  return berth_error_take (err, errno_, msg);
}

/* A message quoting a huge config value (a 1 MiB path) must stay one
   readable line and keep its cause, which comes last: elide the middle.  */
#define ERROR_MSG_MAX 1000
#define ERROR_MSG_KEEP 480

static char *
error_elide (char *msg)
{
  size_t len = strlen (msg);
  char *r;

  if (len <= ERROR_MSG_MAX)
    return msg;
  r = xasprintf ("%.*s [...] %s", ERROR_MSG_KEEP, msg, msg + len - ERROR_MSG_KEEP);
  free (msg);
  return r;
}

int
berth_error_take (berth_error_t **err, int errno_, char *msg)
{
  berth_error_t *e;

  if (err == NULL)
    {
      free (msg);
      return error_ret (errno_);
    }
  berth_error_free (err);
  e = xmalloc (sizeof *e);
  e->status = errno_;
  e->msg = error_elide (msg);
  *err = e;
  return error_ret (errno_);
}

int
berth_error_wrap (berth_error_t **err, const char *fmt, ...)
{
  va_list ap;
  char *ctx = NULL;
  char *full;

  if (err == NULL || *err == NULL)
    return -1;
  va_start (ap, fmt);
  if (vasprintf (&ctx, fmt, ap) < 0)
    abort ();
  va_end (ap);
  full = xasprintf ("%s: %s", ctx, (*err)->msg);
  free (ctx);
  free ((*err)->msg);
  (*err)->msg = error_elide (full);
  return error_ret ((*err)->status);
}

void
berth_error_free (berth_error_t **err)
{
  if (err == NULL || *err == NULL)
    return;
  free ((*err)->msg);
  free (*err);
  *err = NULL;
}
