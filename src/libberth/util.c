/* util.c: helpers every concern uses.  No policy here: only mechanics.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

void
cleanup_freep (void *p)
{
  free (*(void **) p);
}

void
cleanup_closep (int *fd)
{
  if (*fd >= 0)
    {
      int saved = errno;
      close (*fd);
      errno = saved;
    }
}

void
cleanup_fclosep (FILE **f)
{
  if (*f)
    fclose (*f);
}

void
cleanup_strvp (char ***v)
{
  char **p;
  if (*v == NULL)
    return;
  for (p = *v; *p; p++)
    free (*p);
  free (*v);
}

void *
xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xmalloc0 (size_t n)
{
  void *p = calloc (1, n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

char *
xstrdup (const char *s)
{
  char *r;
  if (s == NULL)
    return NULL;
  r = strdup (s);
  if (r == NULL)
    abort ();
  return r;
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *r = NULL;
  va_start (ap, fmt);
  if (vasprintf (&r, fmt, ap) < 0)
    abort ();
  va_end (ap);
  return r;
}

int
read_all_fd (int fd, const char *what, char **out, size_t *len, berth_error_t **err)
{
  size_t cap = 4096, n = 0;
  cleanup_free char *buf = xmalloc (cap);

  for (;;)
    {
      ssize_t r;
      if (n + 1 >= cap)
        {
          cap *= 2;
          buf = xrealloc (buf, cap);
        }
      r = read (fd, buf + n, cap - n - 1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return berth_error_make (err, errno, "read %s", what);
      if (r == 0)
        break;
      n += r;
    }
  buf[n] = '\0';
  if (len)
    *len = n;
  *out = steal_pointer (&buf);
  return 0;
}

int
read_all_file (const char *path, char **out, size_t *len, berth_error_t **err)
{
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  return read_all_fd (fd, path, out, len, err);
}

int
write_all_fd (int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t w = write (fd, p, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        return -1;
      p += w;
      len -= w;
    }
  return 0;
}

int
write_file (const char *path, const void *buf, size_t len, berth_error_t **err)
{
  cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  if (write_all_fd (fd, buf, len) < 0)
    return berth_error_make (err, errno, "write %s", path);
  return 0;
}

int
write_file_atomic (const char *path, const void *buf, size_t len, mode_t mode,
                   berth_error_t **err)
{
  cleanup_free char *tmp = xasprintf ("%s.tmp.%d", path, (int) getpid ());
  cleanup_close int fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", tmp);
  if (write_all_fd (fd, buf, len) < 0)
    {
      int e = errno;
      unlink (tmp);
      return berth_error_make (err, e, "write %s", tmp);
    }
  if (rename (tmp, path) < 0)
    {
      int e = errno;
      unlink (tmp);
      return berth_error_make (err, e, "rename %s to %s", tmp, path);
    }
  return 0;
}

int
mkdir_p (const char *path, mode_t mode, berth_error_t **err)
{
  cleanup_free char *p = xstrdup (path);
  char *s;

  for (s = p + 1; *s; s++)
    {
      if (*s != '/')
        continue;
      *s = '\0';
      if (mkdir (p, mode) < 0 && errno != EEXIST)
        return berth_error_make (err, errno, "mkdir %s", p);
      *s = '/';
    }
  if (mkdir (p, mode) < 0 && errno != EEXIST)
    return berth_error_make (err, errno, "mkdir %s", p);
  return 0;
}

int
fd_move_above (int *fd, int min, berth_error_t **err)
{
  int n;

  if (*fd < 0 || *fd >= min)
    return 0;
  n = fcntl (*fd, F_DUPFD_CLOEXEC, min);
  if (n < 0)
    return berth_error_make (err, errno, "fcntl F_DUPFD_CLOEXEC");
  close (*fd);
  *fd = n;
  return 0;
}

char *
str_escape_control (const char *s)
{
  static const char hex[] = "0123456789abcdef";
  size_t n = 0;
  const unsigned char *p;
  char *out, *o;

  for (p = (const unsigned char *) s; *p; p++)
    n += (*p < 0x20 || *p == 0x7f) ? 4 : 1;
  o = out = xmalloc (n + 1);
  for (p = (const unsigned char *) s; *p; p++)
    {
      if (*p >= 0x20 && *p != 0x7f)
        *o++ = *p;
      else if (*p == '\n' || *p == '\t' || *p == '\r')
        {
          *o++ = '\\';
          *o++ = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
        }
      else
        {
          *o++ = '\\';
          *o++ = 'x';
          *o++ = hex[*p >> 4];
          *o++ = hex[*p & 0xf];
        }
    }
  *o = '\0';
  return out;
}
