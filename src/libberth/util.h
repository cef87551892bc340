/* util.h: cleanup attributes, allocation that cannot fail silently, and
   small file helpers shared by every concern.  */
#ifndef BERTH_UTIL_H
#define BERTH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"

void cleanup_freep (void *p);
void cleanup_closep (int *fd);
void cleanup_fclosep (FILE **f);
void cleanup_strvp (char ***v);

#define cleanup_free __attribute__ ((cleanup (cleanup_freep)))
#define cleanup_close __attribute__ ((cleanup (cleanup_closep)))
#define cleanup_file __attribute__ ((cleanup (cleanup_fclosep)))
#define cleanup_strv __attribute__ ((cleanup (cleanup_strvp)))

/* Hand ownership out of a cleanup variable: `*out = steal_pointer (&p);`  */
static inline void *
steal_pointer_ (void **pp)
{
  void *p = *pp;
  *pp = NULL;
  return p;
}
#define steal_pointer(pp) steal_pointer_ ((void **) (pp))

static inline int
steal_fd (int *fd)
{
  int r = *fd;
  *fd = -1;
  return r;
}

void *xmalloc (size_t n);
void *xmalloc0 (size_t n);
void *xrealloc (void *p, size_t n);
char *xstrdup (const char *s);
char *xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* Read a whole file (NUL-terminated; *len without the NUL).  */
int read_all_file (const char *path, char **out, size_t *len, berth_error_t **err);
int read_all_fd (int fd, const char *what, char **out, size_t *len, berth_error_t **err);
/* Write `len` bytes, retrying on EINTR and short writes.  */
int write_all_fd (int fd, const void *buf, size_t len);
/* open(O_WRONLY|O_CLOEXEC) + write + close; the error names the path.  */
int write_file (const char *path, const void *buf, size_t len, berth_error_t **err);
/* Write to a temp file beside `path` and rename it into place.  */
int write_file_atomic (const char *path, const void *buf, size_t len, mode_t mode,
                       berth_error_t **err);
/* mkdir -p, tolerating existing directories.  */
int mkdir_p (const char *path, mode_t mode, berth_error_t **err);

/* Move *fd (O_CLOEXEC) to a number >= min, so fds the child sets up by
   number (stdio, preserved fds) cannot clobber it.  -1 is left alone.  */
int fd_move_above (int *fd, int min, berth_error_t **err);

/* A malloc'd copy of s for a terminal or a log: control characters
   (< 0x20, 0x7f) become \n, \t, \r or \xHH, so a value from the command
   line or a config (an id with a newline) cannot forge lines or send escape
   sequences.  Everything else, UTF-8 included, is kept.  */
char *str_escape_control (const char *s);

#endif
