/* state.c: the container directory under --root and what it says.  Owns locking, the state file, the made-records and deriving the
   status from the live process.  Never starts, signals or waits processes.  */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "oci-state.h"
#include "state.h"
#include "cgroup-cmd.h"
#include "util.h"

#define STATE_FILE "state"
#define MADE_FILE "made"
/* Directory names of creates in progress; '~' is not allowed in an id, so
   they never collide with a container and `list` skips them.  */
#define TMP_PREFIX "tmp~"

const char *
state_default_root (void)
{
  return STATE_DEFAULT_ROOT;
}

static int
make_root (const char *root, berth_error_t **err)
{
  /* Only the owner may look at container state (pids, bundles, configs).  */
  if (mkdir (root, 0700) == 0 || errno == EEXIST)
    return 0;
  if (errno != ENOENT)
    return berth_error_make (err, errno, "mkdir %s", root);
  return mkdir_p (root, 0700, err);
}

static void
state_dir_init (struct state_dir *sd, const char *root, const char *id)
{
  sd->root = xstrdup (root);
  sd->id = xstrdup (id);
  sd->path = xasprintf ("%s/%s", root, id);
  sd->dirfd = -1;
}

int
state_dir_create (const char *root, const char *id, struct state_dir *sd, berth_error_t **err)
{
  cleanup_free char *tmp = NULL;
  struct timespec ts;
  int ret;

  ret = state_validate_id (id, err);
  if (ret < 0)
    return ret;
  ret = make_root (root, err);
  if (ret < 0)
    return ret;
  state_dir_init (sd, root, id);

  /* pid + monotonic ns (vDSO, no syscall): unique even when a crashed
     berth left its tmp~ directory and the pid comes round again.  */
  clock_gettime (CLOCK_MONOTONIC, &ts);
  tmp = xasprintf ("%s/" TMP_PREFIX "%d~%lld%09ld", root, (int) getpid (), (long long) ts.tv_sec,
                   ts.tv_nsec);
  if (mkdir (tmp, 0700) < 0)
    return berth_error_make (err, errno, "mkdir %s", tmp);
  sd->dirfd = open (tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (sd->dirfd < 0 || flock (sd->dirfd, LOCK_EX) < 0)
    {
      ret = berth_error_make (err, errno, "lock %s", tmp);
      rmdir (tmp);
      return ret;
    }
  sd->locked = true;
  /* The directory appears under its id already locked: no other command can
     see a half-made container without waiting for us.  */
  if (syscall (SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, sd->path, RENAME_NOREPLACE) < 0)
    {
      int e = errno;
      rmdir (tmp);
      if (e == EEXIST || e == ENOTEMPTY)
        return berth_error_make (err, 0, "container \"%s\" already exists", id);
      return berth_error_make (err, e, "rename %s to %s", tmp, sd->path);
    }
  return 0;
}

/* ENOENT as the status (no strerror suffix): `delete --force` of a missing
   container is a success, as with runc, and engines call it after failed creates.  */
static int
state_error_not_exist (berth_error_t **err, const char *id)
{
  return berth_error_take (err, ENOENT, xasprintf ("container \"%s\" does not exist", id));
}

int
state_dir_open (const char *root, const char *id, bool lock, struct state_dir *sd,
                berth_error_t **err)
{
  int ret = state_validate_id (id, err);
  if (ret < 0)
    return ret;
  state_dir_init (sd, root, id);
  sd->dirfd = open (sd->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (sd->dirfd < 0)
    {
      if (errno == ENOENT)
        return state_error_not_exist (err, id);
      return berth_error_make (err, errno, "open %s", sd->path);
    }
  if (lock && flock (sd->dirfd, LOCK_EX) < 0)
    return berth_error_make (err, errno, "lock %s", sd->path);
  sd->locked = lock;
  /* A concurrent delete may have removed it while we waited for the lock.  */
  if (lock)
    {
      struct stat st;
      if (fstat (sd->dirfd, &st) == 0 && st.st_nlink == 0)
        return state_error_not_exist (err, id);
    }
  return 0;
}

void
state_dir_close (struct state_dir *sd)
{
  if (sd->dirfd >= 0)
    close (sd->dirfd);
  sd->dirfd = -1;
  free (sd->root);
  free (sd->id);
  free (sd->path);
  sd->root = sd->id = sd->path = NULL;
}

/* getdents64 on the directory's own fd (fdopendir would dup, fstat and
   fcntl it), and no read to see the end: the directory holds a few names,
   and rmdir's ENOTEMPTY says when more were left (or came in).  */
int
state_dir_remove (struct state_dir *sd, berth_error_t **err)
{
  char buf[4096] __attribute__ ((aligned (8)));
  int round;

  if (sd->dirfd < 0)
    return 0;
  for (round = 0; round < 64; round++)
    {
      ssize_t n, off;

      if (round > 0 && lseek (sd->dirfd, 0, SEEK_SET) < 0)
        return berth_error_make (err, errno, "read %s", sd->path);
      n = getdents64 (sd->dirfd, buf, sizeof buf);
      if (n < 0)
        return berth_error_make (err, errno, "read %s", sd->path);
      for (off = 0; off < n;)
        {
          struct dirent64 *de = (struct dirent64 *) (buf + off);
          off += de->d_reclen;
          if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
            continue;
          if (unlinkat (sd->dirfd, de->d_name, 0) < 0 && errno != ENOENT)
            return berth_error_make (err, errno, "unlink %s/%s", sd->path, de->d_name);
        }
      if (rmdir (sd->path) == 0 || errno == ENOENT)
        return 0;
      if (errno != ENOTEMPTY && errno != EEXIST)
        break;
    }
  return berth_error_make (err, errno, "rmdir %s", sd->path);
}

/* The state file: one "key value" line per field, values escaped so any
   byte but NUL survives (annotations are free text).  */
static void
put_escaped (FILE *f, const char *s)
{
  for (; *s; s++)
    {
      if (*s == '\\')
        fputs ("\\\\", f);
      else if (*s == '\n')
        fputs ("\\n", f);
      else if (*s == '\t')
        fputs ("\\t", f);
      else
        fputc (*s, f);
    }
}

static char *
unescape (const char *s, size_t len)
{
  char *out = xmalloc (len + 1), *o = out;
  size_t i;
  for (i = 0; i < len; i++)
    {
      if (s[i] == '\\' && i + 1 < len)
        {
          i++;
          *o++ = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
        }
      else
        *o++ = s[i];
    }
  *o = '\0';
  return out;
}

/* Readers (state, list, kill) do not lock: a new file renamed over NAME.
   Only the lock holder writes, so one fixed temporary name will do, and
   everything is relative to the directory's fd (no path walks).  */
static int
write_in_dir (struct state_dir *sd, const char *name, const char *buf, size_t len,
              berth_error_t **err)
{
  cleanup_free char *tmp = xasprintf ("%s.tmp", name);
  cleanup_close int fd = openat (sd->dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int e;

  if (fd < 0)
    return berth_error_make (err, errno, "open %s/%s", sd->path, tmp);
  if (write_all_fd (fd, buf, len) == 0 && renameat (sd->dirfd, tmp, sd->dirfd, name) == 0)
    return 0;
  e = errno;
  unlinkat (sd->dirfd, tmp, 0);
  return berth_error_make (err, e, "write %s/%s", sd->path, name);
}

int
state_write (struct state_dir *sd, const struct container_state *st, berth_error_t **err)
{
  cleanup_free char *buf = NULL;
  size_t len = 0, i;
  FILE *f = open_memstream (&buf, &len);

  if (f == NULL)
    return berth_error_make (err, errno, "open_memstream");
  fprintf (f, "pid %d\nstart_time %llu\nowner %u\nown_pid_ns %d\nsaved_config %d\n",
           (int) st->pid, st->start_time, (unsigned) st->owner, st->own_pid_ns,
           st->saved_config);
  fputs ("bundle ", f);
  put_escaped (f, st->bundle ? st->bundle : "");
  fputs ("\nrootfs ", f);
  put_escaped (f, st->rootfs ? st->rootfs : "");
  fputs ("\ncreated ", f);
  put_escaped (f, st->created ? st->created : "");
  fputc ('\n', f);
  for (i = 0; i < st->annotations.len; i++)
    {
      fputs ("annotation ", f);
      put_escaped (f, st->annotations.keys[i]);
      fputc ('\t', f);
      put_escaped (f, st->annotations.values[i]);
      fputc ('\n', f);
    }
  if (fclose (f) != 0)
    return berth_error_make (err, errno, "format state");
  return write_in_dir (sd, STATE_FILE, buf, len, err);
}

static void
annotation_add (struct oci_map *m, char *k, char *v)
{
  m->keys = xrealloc (m->keys, (m->len + 1) * sizeof (char *));
  m->values = xrealloc (m->values, (m->len + 1) * sizeof (char *));
  m->keys[m->len] = k;
  m->values[m->len] = v;
  m->len++;
}

static void
state_parse_line (struct container_state *st, const char *line, size_t len)
{
  const char *sp = memchr (line, ' ', len);
  size_t klen, vlen;
  const char *v;

  if (sp == NULL)
    return;
  klen = sp - line;
  v = sp + 1;
  vlen = len - klen - 1;
#define KEY(name) (klen == sizeof (name) - 1 && memcmp (line, name, klen) == 0)
  if (KEY ("pid"))
    st->pid = (pid_t) strtol (v, NULL, 10);
  else if (KEY ("start_time"))
    st->start_time = strtoull (v, NULL, 10);
  else if (KEY ("owner"))
    st->owner = (uid_t) strtoul (v, NULL, 10);
  else if (KEY ("own_pid_ns"))
    st->own_pid_ns = *v == '1';
  else if (KEY ("saved_config"))
    st->saved_config = *v == '1';
  else if (KEY ("bundle"))
    st->bundle = unescape (v, vlen);
  else if (KEY ("rootfs"))
    st->rootfs = unescape (v, vlen);
  else if (KEY ("created"))
    st->created = unescape (v, vlen);
  else if (KEY ("annotation"))
    {
      const char *tab = memchr (v, '\t', vlen);
      if (tab)
        annotation_add (&st->annotations, unescape (v, tab - v),
                        unescape (tab + 1, vlen - (tab - v) - 1));
    }
#undef KEY
}

int
state_read (struct state_dir *sd, struct container_state *st, berth_error_t **err)
{
  cleanup_free char *buf = NULL;
  cleanup_close int fd = -1;
  char *p, *nl;
  size_t len = 0;
  int ret;

  memset (st, 0, sizeof *st);
  st->id = xstrdup (sd->id);
  fd = openat (sd->dirfd, STATE_FILE, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return 0;
      return berth_error_make (err, errno, "open %s/" STATE_FILE, sd->path);
    }
  ret = read_all_fd (fd, STATE_FILE, &buf, &len, err);
  if (ret < 0)
    return ret;
  for (p = buf; p < buf + len; p = nl + 1)
    {
      nl = memchr (p, '\n', buf + len - p);
      if (nl == NULL)
        nl = buf + len;
      state_parse_line (st, p, nl - p);
    }
  return 0;
}

void
state_free (struct container_state *st)
{
  size_t i;
  free (st->id);
  free (st->bundle);
  free (st->rootfs);
  free (st->created);
  for (i = 0; i < st->annotations.len; i++)
    {
      free (st->annotations.keys[i]);
      free (st->annotations.values[i]);
    }
  free (st->annotations.keys);
  free (st->annotations.values);
  memset (st, 0, sizeof *st);
}

int
state_record_made (struct state_dir *sd, const char *kind, const char *value,
                   berth_error_t **err)
{
  cleanup_free char *line = xasprintf ("%s %s\n", kind, value);
  cleanup_close int fd = openat (sd->dirfd, MADE_FILE,
                                 O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return berth_error_make (err, errno, "open %s/" MADE_FILE, sd->path);
  /* One write with O_APPEND: a record is either whole or absent.  */
  if (write_all_fd (fd, line, strlen (line)) < 0)
    return berth_error_make (err, errno, "write %s/" MADE_FILE, sd->path);
  return 0;
}

int
state_read_made (struct state_dir *sd, char ***lines, size_t *n, berth_error_t **err)
{
  cleanup_free char *buf = NULL;
  cleanup_close int fd = openat (sd->dirfd, MADE_FILE, O_RDONLY | O_CLOEXEC);
  char **v = NULL;
  size_t count = 0, len = 0;
  char *p, *nl;
  int ret;

  *lines = NULL;
  *n = 0;
  if (fd < 0)
    return errno == ENOENT ? 0 : berth_error_make (err, errno, "open %s/" MADE_FILE, sd->path);
  ret = read_all_fd (fd, MADE_FILE, &buf, &len, err);
  if (ret < 0)
    return ret;
  for (p = buf; p < buf + len; p = nl + 1)
    {
      nl = memchr (p, '\n', buf + len - p);
      if (nl == NULL)
        break; /* a torn last record was never acted on */
      v = xrealloc (v, (count + 2) * sizeof (char *));
      memmove (v + 1, v, count * sizeof (char *));
      v[0] = strndup (p, nl - p);
      count++;
      v[count] = NULL;
    }
  *lines = v;
  *n = count;
  return 0;
}

unsigned long long
state_process_start_time (pid_t pid, bool *zombie)
{
  char path[64], buf[1024];
  cleanup_close int fd = -1;
  ssize_t r;
  char *p;
  int field;

  *zombie = false;
  if (pid <= 0)
    return 0;
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  r = read (fd, buf, sizeof buf - 1);
  if (r <= 0)
    return 0;
  buf[r] = '\0';
  /* comm (field 2) may contain spaces and ')': fields restart after the last ')'.  */
  p = strrchr (buf, ')');
  if (p == NULL || p[1] != ' ')
    return 0;
  p += 2;
  *zombie = (*p == 'Z' || *p == 'X');
  for (field = 3; field < 22 && p; field++)
    {
      p = strchr (p, ' ');
      if (p)
        p++;
    }
  return p ? strtoull (p, NULL, 10) : 0;
}

enum container_status
state_status (struct state_dir *sd, const struct container_state *st)
{
  bool zombie;
  unsigned long long t;

  if (st->pid <= 0)
    {
      /* No state file yet: either create is still before clone (it holds
         the lock) or it died there.  */
      int fd = sd->locked ? -1 : openat (sd->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      enum container_status s = STATUS_STOPPED;
      if (fd >= 0 && flock (fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK)
        s = STATUS_CREATING;
      if (fd >= 0)
        close (fd);
      return s;
    }
  t = state_process_start_time (st->pid, &zombie);
  if (t == 0 || zombie || t != st->start_time)
    return STATUS_STOPPED;
  /* The init deletes nothing: `start` unlinks the fifo before it writes
     the byte that releases the init, so a released init never shows as
     created.  */
  if (faccessat (sd->dirfd, STATE_EXEC_FIFO, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    return STATUS_CREATED;
  if (cgroup_hook_paused (sd))
    return STATUS_PAUSED;
  return STATUS_RUNNING;
}

const char *
state_status_name (enum container_status s)
{
  static const char *names[] = { "creating", "created", "running", "paused", "stopped" };
  return names[s];
}

char *
state_owner_name (uid_t uid)
{
  /* Read /etc/passwd directly: no NSS modules in the runtime.  */
  cleanup_file FILE *f = fopen ("/etc/passwd", "re");
  char line[1024];
  if (f)
    while (fgets (line, sizeof line, f))
      {
        char *name = strtok (line, ":"), *pw, *u;
        if (name && (pw = strtok (NULL, ":")) && (u = strtok (NULL, ":"))
            && strtoul (u, NULL, 10) == uid)
          return xstrdup (name);
      }
  return xasprintf ("#%u", (unsigned) uid);
}

char *
state_format_json (const struct container_state *st, enum container_status status, bool pretty)
{
  cleanup_free char *owner = state_owner_name (st->owner);
  struct oci_state doc = {
    .oci_version = (char *) "1.3.0",
    .id = st->id,
    .status = (char *) state_status_name (status),
    /* runc reports pid 0 for a stopped container: the pid may be reused.  */
    .pid = status == STATUS_STOPPED ? 0 : st->pid,
    .bundle = st->bundle ? st->bundle : (char *) "",
    .annotations = st->annotations,
    .rootfs = st->rootfs,
    .created = st->created,
    .owner = owner,
  };
  char *out = NULL, *msg = NULL;
  size_t len = 0;

  if (oci_state_to_json (&doc, pretty, &out, &len, &msg) < 0)
    {
      /* Only allocation failures end up here.  */
      free (msg);
      abort ();
    }
  out = xrealloc (out, len + 2);
  out[len] = '\n';
  out[len + 1] = '\0';
  return out;
}

/* Days since 1970-01-01 -> civil date (proleptic Gregorian), H. Hinnant's
   algorithm.  Not gmtime_r: glibc's reads /etc/localtime (tzset) on first
   use, six syscalls for a UTC stamp that needs no time zone.  */
static void
civil_from_days (long long z, int *y, unsigned *m, unsigned *d)
{
  long long era, yy;
  unsigned doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned) (z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  yy = (long long) yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int) (yy + (*m <= 2));
}

char *
state_now_rfc3339 (void)
{
  struct timespec ts;
  long long days, secs;
  unsigned mon, day;
  int year;

  clock_gettime (CLOCK_REALTIME, &ts);
  days = ts.tv_sec / 86400;
  secs = ts.tv_sec % 86400;
  if (secs < 0)
    secs += 86400, days--;
  civil_from_days (days, &year, &mon, &day);
  return xasprintf ("%04d-%02u-%02uT%02lld:%02lld:%02lld.%09ldZ", year, mon, day, secs / 3600,
                    secs / 60 % 60, secs % 60, ts.tv_nsec);
}
