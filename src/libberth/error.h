/* error.h: the one error idiom of berth.  A fallible function returns a
   negative int and fills *err; callers wrap on the way up, the CLI prints.  */
#ifndef BERTH_ERROR_H
#define BERTH_ERROR_H

#include <errno.h>

typedef struct berth_error_s
{
  int status; /* errno of the failing call, 0 when not a syscall error */
  char *msg;  /* full text, e.g. "mount proc on /proc: Operation not permitted" */
} berth_error_t;

/* Fill *err with the formatted message, plus ": strerror(errno_)" when
   errno_ != 0.  Returns -errno_ (or -1 when errno_ is 0), for `return`.  */
int berth_error_make (berth_error_t **err, int errno_, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* Prefix the existing message: "CONTEXT: old message".  Keeps status.
   Returns the same negative value as berth_error_make did.  */
int berth_error_wrap (berth_error_t **err, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

/* Take ownership of a malloc'd message (e.g. from libocispec-lite).  */
int berth_error_take (berth_error_t **err, int errno_, char *msg);

void berth_error_free (berth_error_t **err);

#define cleanup_error __attribute__ ((cleanup (berth_error_free)))

#endif
