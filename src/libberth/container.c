/* container.c: create / start / state / kill / delete / list: reading the
   bundle, the state directory, the order of the steps, cleaning up after a
   failure.  Never makes the init itself (process.c) nor interprets config
   sections (each concern's file does).  */
#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "container.h"
#include "faultpoint.h"
#include "sealed-exe.h"
#include "seccomp-filter.h"
#include "cgroup-cmd.h"
#include "hooks.h"
#include "mounts.h"
#include "namespaces.h"
#include "network.h"
#include "oci-config.h"
#include "oci-tables.h"
#include "process.h"
#include "state.h"
#include "terminal.h"
#include "util.h"

static const char *
root_or_default (const char *root)
{
  return root ? root : state_default_root ();
}

/* ---- undoing what was made ---------------------------------------------- */

/* What berth made on the host, recorded with state_record_made before it
   was made.  Each concern that makes something adds its undo here, e.g.
   { "cgroup", cgroup_undo }.  */
struct undo_handler
{
  const char *kind;
  /* EMPTY: the container has no process left (its pid namespace died with
     its init, which we reaped): nothing to kill or wait for.  */
  int (*undo) (struct state_dir *sd, const char *value, bool empty, berth_error_t **err);
  /* The newest record of this kind replaces the older ones (cgroup: a
     correction made once mkdir told what existed).  */
  bool newest_only;
};

static int
network_undo (struct state_dir *sd, const char *value, bool empty, berth_error_t **err)
{
  (void) value;
  (void) empty;
  return network_teardown (sd->path, err);
}

static const struct undo_handler undo_handlers[] = {
  { "cgroup", cgroup_hook_undo, true },
  { "network", network_undo, false },
  { NULL, NULL, false },
};

static void
warn (const char *what, berth_error_t **err)
{
  /* A hook's path and output come from the config: one line, escaped.  */
  cleanup_free char *safe = str_escape_control (*err ? (*err)->msg : "");
  fprintf (stderr, "berth: warning: %s%s%s\n", what, *err ? ": " : "", safe);
  berth_error_free (err);
}

static int
undo_made (struct state_dir *sd, bool empty, berth_error_t **err)
{
  cleanup_strv char **lines = NULL;
  size_t n = 0, i, k;
  int ret, first = 0;
  bool seen[sizeof undo_handlers / sizeof undo_handlers[0]] = { false };

  ret = state_read_made (sd, &lines, &n, err);
  if (ret < 0)
    return ret;
  for (i = 0; i < n; i++)
    {
      char *sp = strchr (lines[i], ' ');
      berth_error_t *e = NULL;
      if (sp == NULL)
        continue;
      *sp = '\0';
      for (k = 0; undo_handlers[k].kind; k++)
        if (strcmp (undo_handlers[k].kind, lines[i]) == 0)
          break;
      if (undo_handlers[k].kind == NULL)
        {
          fprintf (stderr, "berth: warning: do not know how to undo \"%s %s\"\n", lines[i], sp + 1);
          continue;
        }
      if (undo_handlers[k].newest_only && seen[k])
        continue;
      seen[k] = true;
      /* Undo everything we can; report the first failure.  */
      if (undo_handlers[k].undo (sd, sp + 1, empty, &e) < 0)
        {
          if (first == 0)
            first = berth_error_take (err, e->status, xstrdup (e->msg));
          berth_error_free (&e);
        }
    }
  return first;
}

/* ---- the init process --------------------------------------------------- */

static bool
init_is_ours (const struct container_state *st)
{
  bool zombie;
  return st->pid > 0 && state_process_start_time (st->pid, &zombie) == st->start_time && !zombie;
}

/* Signal the container init only if it is still the process create made
   (same start time): through a pidfd opened before the check, so a pid
   reused in between never gets it.  Kernels without pidfd_open (< 5.3)
   get a plain kill() after the check.  Returns 1 when the init is gone.  */
static int
signal_init (const struct container_state *st, int sig, berth_error_t **err)
{
  cleanup_close int pidfd = -1;

  if (st->pid <= 0)
    return 1;
  pidfd = syscall (SYS_pidfd_open, st->pid, 0);
  if (pidfd < 0 && errno == ESRCH)
    return 1;
  if (!init_is_ours (st))
    return 1;
  if (pidfd >= 0 ? syscall (SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 : kill (st->pid, sig) < 0)
    {
      if (errno == ESRCH)
        return 1;
      return berth_error_make (err, errno, "kill container init %d", (int) st->pid);
    }
  return 0;
}

static int
kill_init_and_wait (const struct container_state *st, berth_error_t **err)
{
  int ret = signal_init (st, SIGKILL, err), i;

  if (ret != 0)
    return ret < 0 ? ret : 0;
  /* Dead means gone or a zombie (its parent may not be us to reap it).  */
  for (i = 0; i < 10000 && init_is_ours (st); i++)
    usleep (i < 100 ? 100 : 1000);
  if (init_is_ours (st))
    return berth_error_make (err, 0, "container init %d did not die after SIGKILL", (int) st->pid);
  return 0;
}

/* ---- create --------------------------------------------------------------- */

struct bundle
{
  char *path;     /* absolute */
  char *rootfs;   /* absolute */
  char *raw;      /* config.json as read */
  size_t raw_len;
  struct oci_config *config;
};

static void
bundle_free (struct bundle *b)
{
  free (b->path);
  free (b->rootfs);
  free (b->raw);
  if (b->config)
    oci_config_free (b->config);
}

static bool
plain_name (const char *p)
{
  return *p && strchr (p, '/') == NULL && strcmp (p, ".") != 0 && strcmp (p, "..") != 0;
}

static int
bundle_load (const char *dir, struct bundle *b, berth_error_t **err)
{
  cleanup_free char *config_path = NULL;
  cleanup_free char *rootfs = NULL;
  char *msg = NULL;
  struct stat sb;
  int ret;

  memset (b, 0, sizeof *b);
  b->path = realpath (dir ? dir : ".", NULL);
  if (b->path == NULL)
    return berth_error_make (err, errno, "bundle %s", dir ? dir : ".");
  config_path = xasprintf ("%s/config.json", b->path);
  ret = read_all_file (config_path, &b->raw, &b->raw_len, err);
  if (ret < 0)
    return ret;
  if (oci_config_parse_data (b->raw, b->raw_len, config_path, &b->config, &msg) < 0)
    return berth_error_take (err, 0, msg);
  if (b->config->root == NULL || b->config->root->path == NULL)
    return berth_error_make (err, 0, "%s: root.path: missing", config_path);
  rootfs = b->config->root->path[0] == '/' ? xstrdup (b->config->root->path)
                                           : xasprintf ("%s/%s", b->path, b->config->root->path);
  /* The usual "rootfs": one name under the canonical bundle path, canonical
     already unless it is a symlink (one lstat, not a readlink per level).  */
  if (plain_name (b->config->root->path) && lstat (rootfs, &sb) == 0 && S_ISDIR (sb.st_mode))
    {
      b->rootfs = steal_pointer (&rootfs);
      goto rootfs_ok;
    }
  b->rootfs = realpath (rootfs, NULL);
  if (b->rootfs == NULL)
    return berth_error_make (err, errno, "root.path: rootfs %s", rootfs);
  if (stat (b->rootfs, &sb) < 0 || !S_ISDIR (sb.st_mode))
    return berth_error_make (err, ENOTDIR, "root.path: rootfs %s", rootfs);
rootfs_ok:
  if (b->config->process == NULL)
    return berth_error_make (err, 0, "%s: process: missing", config_path);
  return 0;
}

/* Socket-activation fds are passed on as runc does: only when LISTEN_PID
   names us (or is unset).  */
static int
listen_fds_count (void)
{
  const char *fds = getenv ("LISTEN_FDS"), *pid = getenv ("LISTEN_PID");
  if (fds == NULL || (pid && atoi (pid) != getpid ()))
    return 0;
  return atoi (fds) > 0 ? atoi (fds) : 0;
}

static void
state_fill (struct container_state *st, const char *id, const struct bundle *b,
            const struct ns_plan *ns)
{
  memset (st, 0, sizeof *st);
  st->id = xstrdup (id);
  st->bundle = xstrdup (b->path);
  st->rootfs = xstrdup (b->rootfs);
  st->created = state_now_rfc3339 ();
  st->owner = geteuid ();
  st->own_pid_ns = ns->present[OCI_NS_PID] && ns->join_fds[OCI_NS_PID] < 0;
  st->saved_config = b->config->hooks
                     && (b->config->hooks->poststart.len || b->config->hooks->poststop.len);
  /* Borrowed from the config: state_free is never called on this one.  */
  st->annotations = b->config->annotations;
}

static void
state_fill_free (struct container_state *st)
{
  free (st->id);
  free (st->bundle);
  free (st->rootfs);
  free (st->created);
}

static int
write_pid_file (const char *path, pid_t pid, berth_error_t **err)
{
  char buf[16];
  int n = snprintf (buf, sizeof buf, "%d", (int) pid);
  int ret = write_file_atomic (path, buf, n, 0644, err);
  return ret < 0 ? berth_error_wrap (err, "--pid-file") : 0;
}

/* A new, locked state directory: no reader can see a partial file, so no
   temporary file and rename.  */
static int
save_config (struct state_dir *sd, const struct bundle *b, berth_error_t **err)
{
  cleanup_close int fd = openat (sd->dirfd, STATE_SAVED_CONFIG,
                                 O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || write_all_fd (fd, b->raw, b->raw_len) < 0)
    return berth_error_make (err, errno, "write %s/" STATE_SAVED_CONFIG, sd->path);
  return 0;
}

/* Everything from the bundle to the init waiting on the exec fifo, in a
   locked state directory; any failure removes all of it.  */
static int release_init (struct state_dir *sd, struct container_state *st,
                         const struct oci_config *config, berth_error_t **err);

/* KEEP (run): receives the state (annotations copied: the config's go).  */
static void
state_keep (struct container_state *st, struct container_state *keep)
{
  const struct oci_map *a = &st->annotations;
  size_t i;

  *keep = *st;
  memset (&keep->annotations, 0, sizeof keep->annotations);
  for (i = 0; i < a->len; i++)
    {
      keep->annotations.keys = xrealloc (keep->annotations.keys, (i + 1) * sizeof (char *));
      keep->annotations.values = xrealloc (keep->annotations.values, (i + 1) * sizeof (char *));
      keep->annotations.keys[i] = xstrdup (a->keys[i]);
      keep->annotations.values[i] = xstrdup (a->values[i]);
      keep->annotations.len = i + 1;
    }
  memset (st, 0, sizeof *st);
}

static int
create_in_state_dir (const struct container_create_options *o, struct bundle *b,
                     struct ns_plan *ns, struct state_dir *sd, int console_fd, int trampoline,
                     pid_t *pid, struct container_state *keep, berth_error_t **err)
{
  struct container_state st;
  int listen_fds = listen_fds_count ();
  struct process_init_config pc = {
    .config = b->config, .ns = ns, .rootfs = b->rootfs, .bundle = b->path, .sd = sd,
    .state = &st, .console_fd = console_fd, .extra_fds = listen_fds + o->preserve_fds,
    .listen_fds = listen_fds, .no_pivot = o->no_pivot, .no_new_keyring = o->no_new_keyring,
    .exec_trampoline = trampoline, .start_now = o->start,
  };
  int *idmap_fds = NULL;
  int ret = 0;

  state_fill (&st, o->id, b, ns);
  /* The bytes read at create, not a re-serialization: exec and the
     poststart/poststop hooks act on the container as created even when the
     bundle's config.json changes later.  */
  ret = save_config (sd, b, err);
  if (ret == 0)
    ret = mounts_open_idmapped (b->config, b->path, &idmap_fds, err);
  pc.idmap_fds = idmap_fds;
  if (ret == 0)
    ret = process_create_init (&pc, pid, err);
  mounts_close_idmapped (idmap_fds, b->config->n_mounts);
  faultpoint ("create-after-init");
  if (ret == 0 && o->pid_file)
    ret = write_pid_file (o->pid_file, *pid, err);
  if (ret < 0)
    {
      berth_error_t *e2 = NULL;
      if (*pid > 0)
        kill_init_and_wait (&st, &e2);
      berth_error_free (&e2);
      if (undo_made (sd, false, &e2) < 0 || state_dir_remove (sd, &e2) < 0)
        warn ("clean up after the failed create", &e2);
    }
  /* run: what `start` would do, with what create holds (the locked state
     directory, the state, the config) instead of looking it all up again.
     A failure here leaves a created container for the caller's delete.  */
  else if (o->start && !pc.started)
    ret = release_init (sd, &st, b->config, err);
  if (ret == 0 && keep)
    state_keep (&st, keep);
  state_fill_free (&st);
  return ret;
}

/* CVE-2019-5736: the init is a clone of this process, so until its execve
   /proc/PID/exe is this binary.  The trampoline (sealed-exe.h) protects
   that execve without re-executing the runtime, but only where nothing
   else can reach the init before it: a new pid namespace (the init is
   alone in it and non-dumpable) and an init that execs as soon as it is
   set up (`run`; a `create`d init can wait long for `start` while `exec`
   processes join it).  LSM labels take effect at the next execve (the
   trampoline's), and the seccomp filter is loaded before it, so those
   cases, and a kernel that refuses an executable memfd, re-execute the
   runtime from a sealed copy instead (a no-op on a read-only mount).  */
static bool
trampoline_allowed (const struct oci_config *c, const struct ns_plan *ns)
{
  const struct oci_process *p = c->process;
  const struct oci_linux *l = c->linux_;

  if (!(ns->clone_flags & CLONE_NEWPID) || ns->join_fds[OCI_NS_PID] >= 0)
    return false;
  if (p == NULL || p->apparmor_profile || p->selinux_label)
    return false;
  return l == NULL || seccomp_config_allows (l->seccomp, "execveat");
}

static int
protect_init_exe (const struct oci_config *c, const struct ns_plan *ns, int *trampoline,
                  berth_error_t **err)
{
  berth_error_t *e = NULL;

  if (trampoline_allowed (c, ns))
    {
      *trampoline = sealed_dmz_create (&e);
      if (*trampoline >= 0)
        return 0;
      berth_error_free (&e);
    }
  return sealed_exe_ensure (err);
}

struct container_live
{
  struct state_dir sd; /* open, unlocked */
  struct container_state st;
};

void
container_live_free (struct container_live *live)
{
  if (live == NULL)
    return;
  state_free (&live->st);
  state_dir_close (&live->sd);
  free (live);
}

int
container_create_init (const struct container_create_options *o, int console_fd, pid_t *pid,
                       struct container_live **live, berth_error_t **err)
{
  struct bundle b;
  struct ns_plan ns;
  struct state_dir sd = { .dirfd = -1 };
  struct container_state keep = { 0 };
  cleanup_close int sock = -1;
  cleanup_close int trampoline = -1;
  int ret;

  *pid = 0;
  /* `create`: re-execute before anything else (see protect_init_exe).  */
  ret = o->exec_trampoline ? 0 : sealed_exe_ensure (err);
  if (ret < 0)
    return ret;
  ret = state_validate_id (o->id, err);
  if (ret < 0)
    return ret;
  ret = bundle_load (o->bundle, &b, err);
  if (ret == 0)
    ret = ns_plan_build (b.config, &ns, err);
  else
    memset (&ns, 0, sizeof ns), memset (ns.join_fds, -1, sizeof ns.join_fds);
  if (ret == 0 && o->exec_trampoline)
    ret = protect_init_exe (b.config, &ns, &trampoline, err);
  if (ret == 0 && b.config->process->terminal && console_fd < 0)
    {
      if (o->console_socket == NULL)
        ret = berth_error_make (err, 0, "process.terminal is true: --console-socket is required");
      else
        ret = sock = terminal_connect_socket (o->console_socket, err);
      console_fd = sock;
    }
  if (ret >= 0)
    ret = state_dir_create (root_or_default (o->root), o->id, &sd, err);
  faultpoint ("create-after-state-dir");
  if (ret >= 0)
    ret = create_in_state_dir (o, &b, &ns, &sd, console_fd, trampoline, pid, live ? &keep : NULL,
                               err);
  /* run keeps the directory open for its delete (no lookup by name, which
     could find another container of the same id by then), unlocked while
     the container runs so that kill, pause or delete --force still work.  */
  if (ret >= 0 && live && flock (sd.dirfd, LOCK_UN) == 0)
    {
      *live = xmalloc0 (sizeof **live);
      (*live)->sd = sd;
      (*live)->sd.locked = false;
      (*live)->st = keep;
      memset (&sd, 0, sizeof sd);
      sd.dirfd = -1;
      memset (&keep, 0, sizeof keep);
    }
  state_free (&keep);
  state_dir_close (&sd);
  ns_plan_close (&ns);
  bundle_free (&b);
  return ret < 0 ? ret : 0;
}

int
container_create (const struct container_create_options *o, berth_error_t **err)
{
  pid_t pid;
  return container_create_init (o, -1, &pid, NULL, err);
}

/* ---- start ---------------------------------------------------------------- */

static int
load_saved_config (struct state_dir *sd, struct oci_config **out, berth_error_t **err)
{
  cleanup_free char *path = xasprintf ("%s/" STATE_SAVED_CONFIG, sd->path);
  char *msg = NULL;
  if (oci_config_parse_file (path, path, out, &msg) < 0)
    return berth_error_take (err, 0, msg);
  return 0;
}

/* CONFIG: the one in memory (run), NULL: the one saved at create.  */
static void
run_warning_hooks (struct state_dir *sd, struct container_state *st,
                   const struct oci_config *config, bool poststart, enum container_status status)
{
  struct oci_config *loaded = NULL;
  const struct oci_config *c = config;
  berth_error_t *e = NULL;
  cleanup_free char *json = NULL;
  const char *kind = poststart ? "poststart" : "poststop";

  if (!st->saved_config)
    return;
  if (c == NULL && load_saved_config (sd, &loaded, &e) < 0)
    {
      warn (kind, &e);
      return;
    }
  if (c == NULL)
    c = loaded;
  json = state_format_json (st, status, false);
  /* The spec: a failing poststart/poststop hook is a warning, and the
     remaining hooks still run.  */
  if (c->hooks)
    {
      const struct oci_hook_list *l = poststart ? &c->hooks->poststart : &c->hooks->poststop;
      size_t i;
      for (i = 0; i < l->len; i++)
        {
          struct oci_hook_list one = { .hooks = &l->hooks[i], .len = 1 };
          if (hooks_run (&one, kind, json, &e) < 0)
            warn ("hook failed", &e);
        }
    }
  if (loaded)
    oci_config_free (loaded);
}

static int
open_and_read (const char *root, const char *id, bool lock, struct state_dir *sd,
               struct container_state *st, berth_error_t **err)
{
  int ret = state_dir_open (root_or_default (root), id, lock, sd, err);
  if (ret < 0)
    return ret;
  return state_read (sd, st, err);
}

/* `start` on a container known to be "created": release the init through
   the exec fifo, then the poststart hooks.  */
static int
release_init (struct state_dir *sd, struct container_state *st, const struct oci_config *config,
              berth_error_t **err)
{
  cleanup_close int fd = -1;

  faultpoint ("start-before-fifo");
  /* Non-blocking: ENXIO means nobody holds the read end, the init died.  */
  fd = openat (sd->dirfd, STATE_EXEC_FIFO, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return errno == ENXIO ? berth_error_make (err, 0, "container not running")
                          : berth_error_make (err, errno, "open %s/" STATE_EXEC_FIFO, sd->path);
  /* Unlink before the write (issue #9): the fifo is what makes the status
     "created", so once the init can be released it must be gone.  Killed
     between the two, our write end closes unwritten: the init sees POLLHUP
     and exits, and the status is "stopped", never a running "created".  */
  if (unlinkat (sd->dirfd, STATE_EXEC_FIFO, 0) < 0)
    return berth_error_make (err, errno, "unlink %s/" STATE_EXEC_FIFO, sd->path);
  faultpoint ("start-after-fifo-unlink");
  if (write (fd, "0", 1) != 1)
    return berth_error_make (err, errno, "write %s/" STATE_EXEC_FIFO, sd->path);
  faultpoint ("start-after-fifo");
  run_warning_hooks (sd, st, config, true, STATUS_RUNNING);
  return 0;
}

int
container_start (const char *root, const char *id, berth_error_t **err)
{
  struct state_dir sd = { .dirfd = -1 };
  struct container_state st = { 0 };
  enum container_status s;
  int ret;

  ret = open_and_read (root, id, true, &sd, &st, err);
  if (ret < 0)
    goto out;
  s = state_status (&sd, &st);
  if (s != STATUS_CREATED)
    {
      ret = berth_error_make (err, 0, s == STATUS_STOPPED ? "cannot start a container that has stopped"
                                      : s == STATUS_CREATING ? "cannot start a container that is still being created"
                                      : "cannot start an already running container");
      goto out;
    }
  ret = release_init (&sd, &st, NULL, err);
out:
  state_free (&st);
  state_dir_close (&sd);
  return ret;
}

/* ---- state ---------------------------------------------------------------- */

int
container_state (const char *root, const char *id, FILE *out, berth_error_t **err)
{
  struct state_dir sd = { .dirfd = -1 };
  struct container_state st = { 0 };
  int ret = open_and_read (root, id, false, &sd, &st, err);

  if (ret == 0)
    {
      cleanup_free char *json = state_format_json (&st, state_status (&sd, &st), true);
      fputs (json, out);
    }
  state_free (&st);
  state_dir_close (&sd);
  return ret;
}

/* ---- kill ----------------------------------------------------------------- */

static int
same_pid_ns (pid_t pid, const char *ns)
{
  char path[64], link[64];
  ssize_t n;
  snprintf (path, sizeof path, "/proc/%d/ns/pid", (int) pid);
  n = readlink (path, link, sizeof link - 1);
  if (n < 0)
    return 0;
  link[n] = '\0';
  return strcmp (link, ns) == 0;
}

/* Until the container has a cgroup: every process in the container's own
   pid namespace.  Never used for a container sharing the host's.  */
static int
kill_all_in_pid_ns (const struct container_state *st, int sig, berth_error_t **err)
{
  char path[64], ns[64];
  DIR *d;
  struct dirent *de;
  ssize_t n;

  snprintf (path, sizeof path, "/proc/%d/ns/pid", (int) st->pid);
  n = readlink (path, ns, sizeof ns - 1);
  /* ENOENT: init already died (e.g. the cgroup kill just before), and the
     kernel kills the rest of its pid namespace with it.  */
  if (n < 0)
    return errno == ENOENT ? 0 : berth_error_make (err, errno, "readlink %s", path);
  ns[n] = '\0';
  d = opendir ("/proc");
  if (d == NULL)
    return berth_error_make (err, errno, "open /proc");
  while ((de = readdir (d)) != NULL)
    {
      pid_t pid = (pid_t) atoi (de->d_name);
      if (pid > 0 && pid != st->pid && same_pid_ns (pid, ns))
        kill (pid, sig);
    }
  closedir (d);
  return 0;
}

int
container_kill (const char *root, const char *id, const char *signal, bool all,
                berth_error_t **err)
{
  struct state_dir sd = { .dirfd = -1 };
  struct container_state st = { 0 };
  int sig = oci_signal_parse (signal ? signal : "SIGTERM");
  int ret;

  if (sig <= 0)
    return berth_error_make (err, 0, "invalid signal \"%s\"", signal);
  ret = open_and_read (root, id, false, &sd, &st, err);
  if (ret < 0)
    goto out;
  if (state_status (&sd, &st) == STATUS_STOPPED)
    {
      ret = berth_error_make (err, 0, "container not running");
      goto out;
    }
  if (all)
    ret = cgroup_hook_kill_all (&sd, sig, err);
  if (all && ret == 0 && st.own_pid_ns)
    ret = kill_all_in_pid_ns (&st, sig, err);
  if (ret == 0)
    ret = signal_init (&st, sig, err);
  /* With --all the init may already have died of the signal.  */
  if (ret == 1 && !all)
    ret = berth_error_make (err, 0, "container not running");
  else if (ret == 1)
    ret = 0;
out:
  state_free (&st);
  state_dir_close (&sd);
  return ret;
}

/* ---- delete --------------------------------------------------------------- */

/* REAPED: the caller reaped the init (run): no kill, and with its own pid
   namespace gone no process is left in the container either.  */
static int
delete_locked (struct state_dir *sd, struct container_state *st, bool reaped, berth_error_t **err)
{
  int ret = reaped ? 0 : kill_init_and_wait (st, err);

  if (ret < 0)
    return ret;
  faultpoint ("delete-after-kill");
  run_warning_hooks (sd, st, NULL, false, STATUS_STOPPED);
  ret = undo_made (sd, reaped && st->own_pid_ns, err);
  faultpoint ("delete-after-undo");
  if (ret == 0)
    ret = state_dir_remove (sd, err);
  return ret;
}

int
container_delete (const char *root, const char *id, bool force, berth_error_t **err)
{
  struct state_dir sd = { .dirfd = -1 };
  struct container_state st = { 0 };
  enum container_status s;
  int ret;

  ret = state_dir_open (root_or_default (root), id, true, &sd, err);
  /* runc's `delete --force` of a missing container succeeds; podman calls it
     after every failed create.  ENOENT comes only from a missing state dir.  */
  if (ret < 0 && force && (*err)->status == ENOENT)
    {
      berth_error_free (err);
      ret = 0;
      goto out;
    }
  if (ret == 0)
    ret = state_read (&sd, &st, err);
  if (ret < 0)
    goto out;
  s = state_status (&sd, &st);
  if ((s == STATUS_RUNNING || s == STATUS_PAUSED) && !force)
    {
      ret = berth_error_make (err, 0, "cannot delete container %s that is not stopped: %s", id,
                              state_status_name (s));
      goto out;
    }
  /* A frozen (cgroup v1) init would never see the SIGKILL.  */
  if (s == STATUS_PAUSED)
    cgroup_hook_thaw (&sd);
  ret = delete_locked (&sd, &st, false, err);
out:
  state_free (&st);
  state_dir_close (&sd);
  return ret;
}

int
container_delete_reaped (struct container_live *live, berth_error_t **err)
{
  struct stat sb;
  int ret = 0;

  if (flock (live->sd.dirfd, LOCK_EX) < 0)
    ret = berth_error_make (err, errno, "lock %s", live->sd.path);
  /* Deleted (delete --force) while it ran: nothing left to do.  */
  else if (fstat (live->sd.dirfd, &sb) == 0 && sb.st_nlink == 0)
    ret = 0;
  else
    {
      live->sd.locked = true;
      ret = delete_locked (&live->sd, &live->st, true, err);
    }
  container_live_free (live);
  return ret;
}

/* ---- list ----------------------------------------------------------------- */

static int
list_one (const char *root, const char *id, enum container_list_format format, bool quiet,
          bool first, FILE *out)
{
  struct state_dir sd = { .dirfd = -1 };
  struct container_state st = { 0 };
  berth_error_t *e = NULL;
  enum container_status s;

  if (open_and_read (root, id, false, &sd, &st, &e) < 0)
    {
      berth_error_free (&e);
      state_dir_close (&sd);
      return 0;
    }
  s = state_status (&sd, &st);
  if (quiet)
    fprintf (out, "%s\n", id);
  else if (format == CONTAINER_LIST_JSON)
    {
      cleanup_free char *json = state_format_json (&st, s, false);
      json[strlen (json) - 1] = '\0';
      fprintf (out, "%s%s", first ? "" : ",", json);
    }
  else
    {
      cleanup_free char *owner = state_owner_name (st.owner);
      fprintf (out, "%-12s %-8d %-10s %-40s %-31s %s\n", id, s == STATUS_STOPPED ? 0 : (int) st.pid,
               state_status_name (s), st.bundle ? st.bundle : "", st.created ? st.created : "",
               owner);
    }
  state_free (&st);
  state_dir_close (&sd);
  return 1;
}

int
container_list (const char *root, enum container_list_format format, bool quiet, FILE *out,
                berth_error_t **err)
{
  const char *r = root_or_default (root);
  DIR *d = opendir (r);
  struct dirent *de;
  bool first = true;

  if (d == NULL && errno != ENOENT)
    return berth_error_make (err, errno, "open %s", r);
  if (!quiet && format == CONTAINER_LIST_JSON)
    fputc ('[', out);
  else if (!quiet)
    fprintf (out, "%-12s %-8s %-10s %-40s %-31s %s\n", "ID", "PID", "STATUS", "BUNDLE", "CREATED",
             "OWNER");
  while (d && (de = readdir (d)) != NULL)
    {
      if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || strcmp (de->d_name, "..") == 0))
        continue;
      if (state_validate_id (de->d_name, NULL) < 0)
        continue;
      if (list_one (r, de->d_name, format, quiet, first, out))
        first = false;
    }
  if (!quiet && format == CONTAINER_LIST_JSON)
    fputs ("]\n", out);
  if (d)
    closedir (d);
  return 0;
}
