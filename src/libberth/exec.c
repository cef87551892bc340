/* exec.c: a new process in a running container.  The runtime forks a
   joiner that enters the init's cgroups (itself, cgroup.h), then every
   namespace of the init in one setns(pidfd) (the kernel joins the user
   namespace first) and its root; a pid namespace only applies to children,
   so the joiner clones the real process with CLONE_PARENT and exits.  That
   process applies rlimits, LSM, user, capabilities and seccomp like the
   init and execs.  Both stay non-dumpable until exec (CVE-2019-5736: no
   container process may open /proc/PID/exe of the runtime), close every
   fd but stdio and --preserve-fds, and end with a cwd inside the container
   (CVE-2024-21626).  Never writes the container's state.  */
#include <config.h>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cgroup-cmd.h"
#include "exec.h"
#include "faultpoint.h"
#include "process-attrs.h"
#include "sealed-exe.h"
#include "seccomp-filter.h"
#include "security.h"
#include "state.h"
#include "terminal.h"
#include "util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* ---- the process description ------------------------------------------ */

static char **
strv_concat (char **a, size_t na, char **b, size_t nb, size_t *n)
{
  char **v = xmalloc0 ((na + nb + 1) * sizeof (char *));
  if (na)
    memcpy (v, a, na * sizeof (char *));
  if (nb)
    memcpy (v + na, b, nb * sizeof (char *));
  *n = na + nb;
  return v;
}

static int
parse_user (const char *s, struct oci_user *u, berth_error_t **err)
{
  char *end;
  unsigned long v = strtoul (s, &end, 10);

  if (end == s || (*end && *end != ':'))
    return berth_error_make (err, 0, "--user `%s`: expected UID[:GID]", s);
  u->uid = v;
  if (*end == ':')
    {
      const char *g = end + 1;
      v = strtoul (g, &end, 10);
      if (end == g || *end)
        return berth_error_make (err, 0, "--user `%s`: expected UID[:GID]", s);
      u->gid = v;
    }
  return 0;
}

/* --cap adds to bounding, effective and permitted, as runc does.  */
static void
add_caps (struct exec_process *x, const struct oci_capabilities *c, const struct exec_options *o)
{
  struct oci_capabilities empty = { 0 };
  if (c == NULL)
    c = &empty;
  x->caps = *c;
  x->caps.bounding = x->owned[1] = strv_concat (c->bounding, c->n_bounding, o->caps, o->n_caps,
                                                &x->caps.n_bounding);
  x->caps.effective = x->owned[2] = strv_concat (c->effective, c->n_effective, o->caps, o->n_caps,
                                                 &x->caps.n_effective);
  x->caps.permitted = x->owned[3] = strv_concat (c->permitted, c->n_permitted, o->caps, o->n_caps,
                                                 &x->caps.n_permitted);
  x->p.capabilities = &x->caps;
}

int
exec_process_build (const struct oci_process *base, const struct exec_options *o,
                    struct exec_process *x, berth_error_t **err)
{
  int ret;

  memset (x, 0, sizeof *x);
  if (o->process_file)
    {
      char *msg = NULL;
      if (oci_process_parse_file (o->process_file, o->process_file, &x->parsed, &msg) < 0)
        return berth_error_take (err, 0, msg);
      x->p = *x->parsed;
    }
  else
    {
      if (base == NULL)
        return berth_error_make (err, 0, "the container has no process section to exec from");
      x->p = *base;
      x->p.args = x->owned[0] = strv_concat (o->args, o->n_args, NULL, 0, &x->p.n_args);
      x->p.terminal = o->tty;
      x->p.has_console_size = false;
      if (o->cwd)
        x->p.cwd = (char *) o->cwd;
      if (o->n_env)
        x->p.env = x->owned[4] = strv_concat (base->env, base->n_env, o->env, o->n_env,
                                              &x->p.n_env);
      if (o->user)
        {
          ret = parse_user (o->user, &x->p.user, err);
          if (ret < 0)
            return ret;
          x->p.user.n_additional_gids = 0;
        }
      if (o->n_additional_gids)
        {
          x->gids = xmalloc (o->n_additional_gids * sizeof (gid_t));
          memcpy (x->gids, o->additional_gids, o->n_additional_gids * sizeof (gid_t));
          x->p.user.additional_gids = (uint32_t *) x->gids;
          x->p.user.n_additional_gids = o->n_additional_gids;
        }
      if (o->n_caps)
        add_caps (x, base->capabilities, o);
      if (o->no_new_privs)
        x->p.no_new_privileges = true;
      if (o->apparmor)
        x->p.apparmor_profile = (char *) o->apparmor;
      if (o->process_label)
        x->p.selinux_label = (char *) o->process_label;
    }
  if (x->p.n_args == 0)
    return berth_error_make (err, 0, "process args cannot be empty");
  return 0;
}

void
exec_process_free (struct exec_process *x)
{
  size_t i;
  for (i = 0; i < sizeof x->owned / sizeof x->owned[0]; i++)
    free (x->owned[i]);
  free (x->gids);
  if (x->parsed)
    oci_process_free (x->parsed);
  memset (x, 0, sizeof *x);
}

/* ---- the target container ---------------------------------------------- */

struct exec_target
{
  struct state_dir sd;
  struct container_state st;
  struct oci_config *config;
  struct cgroup_manager *cgroup; /* NULL when berth made none (rootless) */
};

static void
target_free (struct exec_target *t)
{
  if (t->config)
    oci_config_free (t->config);
  if (t->cgroup)
    cgroup_manager_free (t->cgroup);
  state_free (&t->st);
  state_dir_close (&t->sd);
}

static int
load_config (struct exec_target *t, berth_error_t **err)
{
  cleanup_free char *path = NULL;
  char *msg = NULL;

  /* The copy made at create: the bundle may have changed since.  A
     container created before berth kept one falls back to the bundle.  */
  path = xasprintf ("%s/" STATE_SAVED_CONFIG, t->sd.path);
  if (faccessat (t->sd.dirfd, STATE_SAVED_CONFIG, F_OK, 0) < 0 && errno == ENOENT)
    {
      free (path);
      path = xasprintf ("%s/config.json", t->st.bundle);
    }
  if (oci_config_parse_file (path, path, &t->config, &msg) < 0)
    return berth_error_take (err, 0, msg);
  return 0;
}

/* containerd matches "container not running"; runc says "cannot exec in a
   stopped container": the message carries both.  */
static int
load_target (const struct exec_options *o, struct exec_target *t, berth_error_t **err)
{
  enum container_status s;
  bool frozen = false;
  int ret;

  ret = state_dir_open (o->root ? o->root : state_default_root (), o->id, false, &t->sd, err);
  if (ret < 0)
    return ret;
  ret = state_read (&t->sd, &t->st, err);
  if (ret < 0)
    return ret;
  s = state_status (&t->sd, &t->st);
  if (s == STATUS_STOPPED || s == STATUS_CREATING)
    return berth_error_make (err, 0, "cannot exec in a %s container: container not running",
                             s == STATUS_STOPPED ? "stopped" : "creating");
  ret = cgroup_hook_manager (&t->sd, &t->cgroup, err);
  if (ret < 0)
    return ret;
  if (t->cgroup && cgroup_manager_is_frozen (t->cgroup, &frozen, NULL) == 0 && frozen
      && !o->ignore_paused)
    return berth_error_make (err, 0, "cannot exec in a paused container (use --ignore-paused "
                                     "to override)");
  return load_config (t, err);
}

/* ---- sync between the runtime, the joiner and the process --------------- */

enum exec_sync
{
  EXEC_SYNC_GO = 1,
  EXEC_SYNC_PID,
  EXEC_SYNC_ERROR,
};

struct exec_msg
{
  int32_t type;
  int32_t value;
  char text[4088];
};

static int
sync_send (int fd, int type, int value, const char *text)
{
  struct exec_msg m = { .type = type, .value = value };
  if (text)
    snprintf (m.text, sizeof m.text, "%s", text);
  return send (fd, &m, sizeof m, MSG_NOSIGNAL) == (ssize_t) sizeof m ? 0 : -1;
}

/* 1: got a message; 0: EOF (the other side exec'd or died).  */
static int
sync_recv (int fd, struct exec_msg *m, berth_error_t **err)
{
  ssize_t n;
  do
    n = recv (fd, m, sizeof *m, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return berth_error_make (err, errno, "read from the exec process");
  if (n == 0)
    return 0;
  m->text[sizeof m->text - 1] = '\0';
  return 1;
}

static void __attribute__ ((noreturn))
child_fail (int sync, berth_error_t **err)
{
  sync_send (sync, EXEC_SYNC_ERROR, (*err) ? (*err)->status : 0,
             (*err) ? (*err)->msg : "exec process failed");
  _exit (255);
}

/* ---- the process in the container --------------------------------------- */

struct exec_ctx
{
  const struct exec_options *o;
  const struct exec_process *x;
  const struct security_plan *plan;
  struct exec_target *t;
  int sync;
  int console;     /* connected --console-socket, or -1 */
  int listener;    /* connected listenerPath, or -1 */
  int pidfd;       /* the init */
  int root;        /* O_PATH /proc/PID/root of the init */
  int ns_flags;    /* namespaces the init does not share with us */
  struct cgroup_join *cgroups; /* opened by the runtime, joined by the joiner */
};

/* In the container's mount namespace and root: a pty from its devpts, the
   slave as controlling terminal and stdio, the master to the socket.  */
static int
setup_tty (struct exec_ctx *c, berth_error_t **err)
{
  cleanup_close int master = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  cleanup_close int slave = -1;
  int unlock = 0;

  if (master < 0)
    return berth_error_make (err, errno, "open /dev/ptmx in the container");
  if (ioctl (master, TIOCSPTLCK, &unlock) < 0)
    return berth_error_make (err, errno, "unlock the pty");
  slave = ioctl (master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    return berth_error_make (err, errno, "open the pty slave");
  if (setsid () < 0 || ioctl (slave, TIOCSCTTY, 0) < 0)
    return berth_error_make (err, errno, "make the pty the controlling terminal");
  if (c->x->p.has_console_size)
    {
      struct winsize ws = { .ws_row = c->x->p.console_size.height,
                            .ws_col = c->x->p.console_size.width };
      ioctl (slave, TIOCSWINSZ, &ws);
    }
  if (dup2 (slave, 0) < 0 || dup2 (slave, 1) < 0 || dup2 (slave, 2) < 0)
    return berth_error_make (err, errno, "dup2 the pty slave to stdio");
  return terminal_send_fd (c->console, master, "/dev/ptmx", err);
}

static int
apply_rlimits (const struct oci_process *p, berth_error_t **err)
{
  size_t i;
  for (i = 0; i < p->n_rlimits; i++)
    {
      struct rlimit rl = { .rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard };
      if (setrlimit (p->rlimits[i].resource, &rl) < 0)
        return berth_error_make (err, errno, "setrlimit %s", p->rlimits[i].type);
    }
  return 0;
}

/* CVE-2024-21626: a cwd reached through a leaked fd or ".." can sit
   outside the container root; getcwd() then says "(unreachable)".  */
static int
enter_cwd (const struct oci_process *p, berth_error_t **err)
{
  char buf[4096];
  const char *cwd = p->cwd && *p->cwd ? p->cwd : "/";

  if (chdir (cwd) < 0)
    return berth_error_make (err, errno, "process.cwd: chdir to `%s`", cwd);
  if (getcwd (buf, sizeof buf) == NULL || buf[0] != '/')
    return berth_error_make (err, 0, "process.cwd `%s` is outside the container", cwd);
  return 0;
}

static int
send_listener (struct exec_ctx *c, int listener_fd, berth_error_t **err)
{
  struct exec_msg m;
  struct seccomp_listener_state st = { .oci_version = c->t->config->oci_version,
                                       .id = c->t->st.id, .status = "running",
                                       .bundle = c->t->st.bundle,
                                       .annotations = &c->t->st.annotations,
                                       .metadata = c->plan->listener_metadata };
  int ret;

  /* Our host pid: only the runtime knows it (we are in the container's
     pid namespace).  */
  ret = sync_recv (c->sync, &m, err);
  if (ret <= 0 || m.type != EXEC_SYNC_PID)
    return ret < 0 ? ret : berth_error_make (err, 0, "no pid from the runtime");
  st.pid = m.value;
  ret = seccomp_listener_send_on (c->listener, listener_fd, &st, err);
  close (listener_fd);
  close (c->listener);
  c->listener = -1;
  return ret;
}

static void __attribute__ ((noreturn))
process_main (struct exec_ctx *c)
{
  const struct oci_process *p = &c->x->p;
  berth_error_t *err = NULL;
  cleanup_free char *exe = NULL;
  char **env;
  int min = 3 + c->o->preserve_fds, listener_fd = -1;

  if (fd_move_above (&c->sync, min, &err) < 0 || fd_move_above (&c->console, min, &err) < 0
      || fd_move_above (&c->listener, min, &err) < 0)
    child_fail (c->sync, &err);
  if (p->terminal && setup_tty (c, &err) < 0)
    child_fail (c->sync, &err);
  if (c->console >= 0)
    close (c->console);
  /* The listener goes to the agent right after whichever step loaded the
     filter: a notified syscall blocks until the agent holds it.  */
  if (apply_rlimits (p, &err) < 0 || security_apply_lsm (c->plan, &err) < 0
      || security_apply_identity (c->plan, &listener_fd, &err) < 0
      || (listener_fd >= 0 && send_listener (c, listener_fd, &err) < 0))
    child_fail (c->sync, &err);
  listener_fd = -1;
  umask (p->user.has_umask ? p->user.umask : 0022);
  if (enter_cwd (p, &err) < 0)
    child_fail (c->sync, &err);
  env = attrs_build_env (p, 0);
  if (attrs_find_executable (p->args[0], env, &exe, &err) < 0
      || attrs_close_fds (c->o->preserve_fds, &err) < 0
      || security_apply_seccomp_late (c->plan, &listener_fd, &err) < 0)
    child_fail (c->sync, &err);
  if (listener_fd >= 0 && send_listener (c, listener_fd, &err) < 0)
    child_fail (c->sync, &err);
  execve (exe, p->args, env);
  berth_error_make (&err, errno, "exec `%s`", exe);
  child_fail (c->sync, &err);
}

/* ---- the joiner ---------------------------------------------------------- */

static const struct
{
  const char *name;
  int flag;
} ns_files[] = {
  { "user", CLONE_NEWUSER }, { "mnt", CLONE_NEWNS },     { "pid", CLONE_NEWPID },
  { "net", CLONE_NEWNET },   { "ipc", CLONE_NEWIPC },    { "uts", CLONE_NEWUTS },
  { "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
};

/* Only namespaces the init does not share with us: setns into our own
   user namespace is EINVAL, and a shared one needs no join.  */
static int
ns_flags_of (pid_t pid)
{
  int flags = 0;
  size_t i;
  for (i = 0; i < sizeof ns_files / sizeof ns_files[0]; i++)
    {
      char path[64];
      struct stat a, b;
      snprintf (path, sizeof path, "/proc/%d/ns/%s", pid, ns_files[i].name);
      if (stat (path, &a) < 0)
        continue;
      snprintf (path, sizeof path, "/proc/self/ns/%s", ns_files[i].name);
      if (stat (path, &b) < 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev)
        flags |= ns_files[i].flag;
    }
  return flags;
}

/* Kernels before 5.8 take one namespace fd per setns: user first.  */
static int
join_one_by_one (pid_t pid, int flags, berth_error_t **err)
{
  size_t i;
  for (i = 0; i < sizeof ns_files / sizeof ns_files[0]; i++)
    {
      cleanup_close int fd = -1;
      char path[64];
      if (!(flags & ns_files[i].flag))
        continue;
      snprintf (path, sizeof path, "/proc/%d/ns/%s", pid, ns_files[i].name);
      fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0 || setns (fd, ns_files[i].flag) < 0)
        return berth_error_make (err, errno, "setns %s", path);
    }
  return 0;
}

static int
join_namespaces (struct exec_ctx *c, berth_error_t **err)
{
  if (c->ns_flags == 0)
    return 0;
  if (setns (c->pidfd, c->ns_flags) == 0)
    return 0;
  if (errno != EINVAL)
    return berth_error_make (err, errno, "setns into the namespaces of pid %d (flags 0x%x)",
                             c->t->st.pid, c->ns_flags);
  return join_one_by_one (c->t->st.pid, c->ns_flags, err);
}

static void __attribute__ ((noreturn))
joiner_main (struct exec_ctx *c)
{
  berth_error_t *err = NULL;
  struct exec_msg m;
  pid_t pid;

  /* Inherited by the process we clone: nothing in the container can
     ptrace it or open its /proc/PID/{exe,fd,mem} until it execs.  */
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (sync_recv (c->sync, &m, &err) <= 0 || m.type != EXEC_SYNC_GO)
    _exit (255);
  /* Still single-threaded and on the host: the cheap join (cgroup.h).  */
  if (cgroup_join_self (c->cgroups, &err) < 0)
    child_fail (c->sync, &err);
  if (join_namespaces (c, &err) < 0)
    child_fail (c->sync, &err);
  /* The container's root, also with --no-pivot (the mount namespace root
     is then still the host's).  */
  if (fchdir (c->root) < 0 || chroot (".") < 0 || chdir ("/") < 0)
    {
      berth_error_make (&err, errno, "enter the container root");
      child_fail (c->sync, &err);
    }
  close (c->root);
  close (c->pidfd);
  pid = (pid_t) syscall (SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0)
    {
      berth_error_make (&err, errno, "clone the exec process");
      child_fail (c->sync, &err);
    }
  if (pid == 0)
    process_main (c);
  sync_send (c->sync, EXEC_SYNC_PID, pid, NULL);
  _exit (0);
}

/* ---- the runtime side ---------------------------------------------------- */

static int
exit_code_of (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 255;
}

static void
copy_some (int from, int to, bool *open_)
{
  char buf[8192];
  ssize_t n = read (from, buf, sizeof buf);
  /* EIO on the master: the last slave fd was closed.  */
  if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
    *open_ = false;
  else if (n > 0)
    write_all_fd (to, buf, n);
}

/* Wait for the process, forwarding the signals a shell user sends; with a
   pty master (--tty without --console-socket) also copy between it and our
   stdio, stdin in raw mode, and pass window size changes on.  */
static int
wait_forwarding (pid_t pid, int master, int *exit_code, berth_error_t **err)
{
  static const int fwd[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };
  cleanup_close int sfd = -1;
  cleanup_close int pfd = (int) syscall (SYS_pidfd_open, pid, 0);
  bool master_open = master >= 0, stdin_open = master >= 0, raw = false;
  struct termios saved, t;
  sigset_t set, old;
  size_t i;
  int status;

  if (master >= 0 && isatty (0) && tcgetattr (0, &saved) == 0)
    {
      t = saved;
      cfmakeraw (&t);
      t.c_oflag = saved.c_oflag;
      raw = tcsetattr (0, TCSANOW, &t) == 0;
    }
  sigemptyset (&set);
  for (i = 0; i < sizeof fwd / sizeof fwd[0]; i++)
    sigaddset (&set, fwd[i]);
  sigprocmask (SIG_BLOCK, &set, &old);
  sfd = signalfd (-1, &set, SFD_CLOEXEC);
  while (pfd >= 0 && sfd >= 0)
    {
      struct pollfd pf[4] = { { .fd = pfd, .events = POLLIN }, { .fd = sfd, .events = POLLIN },
                              { .fd = master_open ? master : -1, .events = POLLIN },
                              { .fd = stdin_open ? 0 : -1, .events = POLLIN } };
      struct signalfd_siginfo si;
      if (poll (pf, 4, -1) < 0 && errno != EINTR)
        break;
      if (pf[2].revents)
        copy_some (master, 1, &master_open);
      if (pf[3].revents)
        copy_some (0, master, &stdin_open);
      if (pf[0].revents)
        break;
      if ((pf[1].revents & POLLIN) && read (sfd, &si, sizeof si) == (ssize_t) sizeof si)
        {
          struct winsize ws;
          if (si.ssi_signo == SIGWINCH && master >= 0 && ioctl (0, TIOCGWINSZ, &ws) == 0)
            ioctl (master, TIOCSWINSZ, &ws);
          else
            kill (pid, si.ssi_signo);
        }
    }
  while (master_open)
    copy_some (master, 1, &master_open);
  if (raw)
    tcsetattr (0, TCSANOW, &saved);
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      {
        sigprocmask (SIG_SETMASK, &old, NULL);
        return berth_error_make (err, errno, "waitpid %d", pid);
      }
  sigprocmask (SIG_SETMASK, &old, NULL);
  *exit_code = exit_code_of (status);
  return 0;
}

static int
open_init (struct exec_ctx *c, berth_error_t **err)
{
  cleanup_free char *root = xasprintf ("/proc/%d/root", c->t->st.pid);
  bool zombie;

  c->pidfd = (int) syscall (SYS_pidfd_open, c->t->st.pid, 0);
  if (c->pidfd < 0)
    return berth_error_make (err, errno, "pidfd_open %d", c->t->st.pid);
  /* The pid may have been reused between the status check and the open.  */
  if (state_process_start_time (c->t->st.pid, &zombie) != c->t->st.start_time || zombie)
    return berth_error_make (err, 0, "cannot exec in a stopped container: container not running");
  c->root = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (c->root < 0)
    return berth_error_make (err, errno, "open %s", root);
  c->ns_flags = ns_flags_of (c->t->st.pid);
  return 0;
}

/* Fork the joiner, move it into the cgroups, collect the process pid and
   wait until it exec'd (EOF on the sync socket) or failed.  */
static int
spawn (struct exec_ctx *c, pid_t *pid, berth_error_t **err)
{
  int sp[2], ret, status;
  cleanup_close int sync = -1;
  struct cgroup_join join = CGROUP_JOIN_INIT;
  struct exec_msg m;
  pid_t joiner;

  if (c->t->cgroup && (ret = cgroup_manager_open_join (c->t->cgroup, &join, err)) < 0)
    return ret;
  c->cgroups = &join;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
    {
      cgroup_join_close (&join);
      return berth_error_make (err, errno, "socketpair");
    }
  sync = sp[0];
  c->sync = sp[1];
  joiner = cgroup_join_clone (0, &join);
  if (joiner < 0)
    joiner = fork ();
  if (joiner != 0)
    cgroup_join_close (&join);
  if (joiner < 0)
    return berth_error_make (err, errno, "fork");
  if (joiner == 0)
    {
      close (sync);
      joiner_main (c);
    }
  close (c->sync);
  c->sync = -1;
  faultpoint ("exec-after-fork");
  /* The joiner joins its cgroups itself (cgroup_join_self).  */
  ret = 0;
  faultpoint ("exec-after-cgroup");
  if (sync_send (sync, EXEC_SYNC_GO, 0, NULL) < 0)
    ret = berth_error_make (err, errno, "write to the exec process");
  if (ret == 0 && (ret = sync_recv (sync, &m, err)) == 0)
    ret = berth_error_make (err, 0, "the exec process died while joining the container");
  while (waitpid (joiner, &status, 0) < 0 && errno == EINTR)
    ;
  if (ret < 0)
    return ret;
  if (m.type == EXEC_SYNC_ERROR)
    return berth_error_make (err, m.value, "%s", m.text);
  *pid = m.value;
  if (c->plan->listener_path && sync_send (sync, EXEC_SYNC_PID, *pid, NULL) < 0)
    return berth_error_make (err, errno, "write to the exec process");
  ret = sync_recv (sync, &m, err);
  if (ret != 0)
    {
      while (waitpid (*pid, NULL, 0) < 0 && errno == EINTR)
        ;
      if (ret > 0)
        return berth_error_make (err, m.value, "%s", m.text);
      return ret;
    }
  return 0;
}

static int
exec_in_target (const struct exec_options *o, struct exec_target *t, int *exit_code,
                berth_error_t **err)
{
  struct exec_process x;
  struct security_plan plan = { 0 };
  struct exec_ctx c = { .o = o, .x = &x, .plan = &plan, .t = t, .sync = -1, .console = -1,
                        .listener = -1, .pidfd = -1, .root = -1 };
  cleanup_free char *cache = NULL;
  cleanup_close int proxy0 = -1;
  cleanup_close int master = -1;
  int proxy[2] = { -1, -1 };
  pid_t pid = 0;
  int ret;

  ret = exec_process_build (t->config->process, o, &x, err);
  if (ret < 0)
    return ret;
  cache = xasprintf ("%s/seccomp-cache", t->sd.root);
  ret = security_plan_build (&x.p, t->config->linux_, cache, &plan, err);
  /* --tty without --console-socket in the foreground: berth itself takes
     the master and proxies it to its stdio, as runc.  */
  if (ret == 0 && x.p.terminal && o->console_socket == NULL && o->detach)
    ret = berth_error_make (err, 0, "--tty with --detach needs --console-socket");
  else if (ret == 0 && x.p.terminal && o->console_socket == NULL)
    {
      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, proxy) < 0)
        ret = berth_error_make (err, errno, "socketpair");
      c.console = proxy[1];
      proxy[1] = -1;
    }
  else if (ret == 0 && x.p.terminal)
    ret = c.console = terminal_connect_socket (o->console_socket, err);
  if (ret >= 0 && plan.listener_path)
    ret = c.listener = seccomp_listener_connect (plan.listener_path, err);
  if (ret >= 0)
    ret = open_init (&c, err);
  if (ret >= 0)
    ret = spawn (&c, &pid, err);
  faultpoint ("exec-after-spawn");
  if (c.console >= 0)
    close (c.console);
  proxy0 = proxy[0];
  if (ret >= 0 && proxy0 >= 0)
    ret = master = terminal_recv_fd (proxy0, err);
  if (c.listener >= 0)
    close (c.listener);
  if (c.pidfd >= 0)
    close (c.pidfd);
  if (c.root >= 0)
    close (c.root);
  if (ret >= 0 && o->pid_file)
    {
      char buf[32];
      int n = snprintf (buf, sizeof buf, "%d", pid);
      ret = write_file_atomic (o->pid_file, buf, n, 0644, err);
    }
  if (ret >= 0 && !o->detach)
    ret = wait_forwarding (pid, master, exit_code, err);
  else if (ret < 0 && pid > 0 && !o->detach)
    {
      kill (pid, SIGKILL);
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
  else if (ret >= 0)
    *exit_code = 0;
  security_plan_free (&plan);
  exec_process_free (&x);
  return ret < 0 ? ret : 0;
}

int
exec_container (const struct exec_options *o, int *exit_code, berth_error_t **err)
{
  struct exec_target t = { .sd = { .dirfd = -1 } };
  int ret;

  *exit_code = 255;
  ret = sealed_exe_ensure (err);
  if (ret == 0)
    ret = load_target (o, &t, err);
  if (ret == 0)
    ret = exec_in_target (o, &t, exit_code, err);
  target_free (&t);
  return ret;
}
