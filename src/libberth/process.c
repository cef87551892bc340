/* process.c: the container init from clone to exec, and the parent's side
   of its birth.  Never decides what a config section means (namespaces.c,
   mounts.c, process-attrs.c, terminal.c, hooks.c do); only when it happens.

   Birth (fast path): the runtime clones the init directly with the clone
   flags of the new namespaces.  General path, when a namespace is joined
   by path or a time namespace is new: an intermediate process setns()es
   (user namespace first), unshares the time namespace and writes its
   offsets, then clones the init with CLONE_PARENT so the runtime is its
   parent, reports the init's pid (SYNC_PID) and exits.

   Sync protocol over a SOCK_SEQPACKET socketpair (one message per step;
   any side may instead send SYNC_ERROR with a message the runtime prints
   verbatim; EOF means the other side died):

     runtime                               init
     -------                               ----
     cgroups: record, create, resources,
     open the join files; clone (cgroup2:
       CLONE_INTO_CGROUP)
     uid/gid maps (new user ns)            waits
     state file (pid, start time)
     HOOK POINT parent_configure_container:
       network
     --- SYNC_GO (host pid) -------------> joins its v1 cgroups itself,
                                           root in the user ns, setsid,
                                           cgroup ns, lo, keyring,
                                           mounts_prepare_rootfs
     <-- SYNC_HOOKS (only if any) -------
     prestart + createRuntime hooks
     --- SYNC_HOOKS_DONE ---------------->
                                           createContainer hooks, pivot_root,
                                           terminal, hostname, sysctl,
                                           mounts_finish_rootfs, rlimits...,
                                           executable lookup, user switch
     <-- SYNC_READY ----------------------
     create returns                        waits on the exec fifo (`start`)
                                           startContainer hooks
                                           HOOK POINT init_apply_security:
                                             noNewPrivileges, then caps,
                                             seccomp, LSM right before exec
                                           execve

   `run` with nothing for the runtime to do between clone and exec (see
   init_vfork_allowed) skips all of that waiting: the init is cloned with
   CLONE_VM | CLONE_VFORK, joins its cgroups itself, sets up, sends
   SYNC_READY and execs without a fifo; the runtime, asleep until that
   execve, then writes the state file and the container is running.  */
#include <config.h>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hooks.h"
#include "mounts.h"
#include "network.h"
#include "process-attrs.h"
#include "process.h"
#include "sealed-exe.h"
#include "faultpoint.h"
#include "seccomp-filter.h"
#include "security.h"
#include "cgroup-cmd.h"
#include "terminal.h"
#include "util.h"

enum sync_type
{
  SYNC_PID = 1,
  SYNC_GO,
  SYNC_HOOKS,
  SYNC_HOOKS_DONE,
  SYNC_READY,
  SYNC_ERROR,
};

struct sync_msg
{
  int32_t type;
  int32_t value;   /* pid for SYNC_PID / SYNC_GO, errno for SYNC_ERROR */
  char text[4088]; /* SYNC_ERROR: the message */
};

static int
sync_send (int fd, int type, int value)
{
  struct sync_msg m = { .type = type, .value = value };
  if (send (fd, &m, offsetof (struct sync_msg, text), MSG_NOSIGNAL) < 0)
    return -1;
  return 0;
}

static void
sync_send_error (int fd, berth_error_t *err)
{
  struct sync_msg m = { .type = SYNC_ERROR, .value = err ? err->status : 0 };
  size_t len;
  snprintf (m.text, sizeof m.text, "%s", err && err->msg ? err->msg : "unknown error");
  len = strlen (m.text);
  send (fd, &m, offsetof (struct sync_msg, text) + len + 1, MSG_NOSIGNAL);
}

/* Receive the next message; it must be `want`.  A SYNC_ERROR becomes *err
   verbatim; EOF is reported as `who` dying.  */
static int
sync_expect (int fd, int want, const char *who, int *value, berth_error_t **err)
{
  struct sync_msg m;
  ssize_t r;

  do
    r = recv (fd, &m, sizeof m - 1, 0);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return berth_error_make (err, errno, "read from %s", who);
  if (r == 0)
    return berth_error_make (err, 0, "%s exited unexpectedly", who);
  if (m.type == SYNC_ERROR)
    {
      ((char *) &m)[r] = '\0';
      return berth_error_take (err, m.value, xstrdup (m.text));
    }
  if (m.type != want)
    return berth_error_make (err, 0, "%s: unexpected sync message %d (wanted %d)", who,
                             m.type, want);
  if (value)
    *value = m.value;
  return 0;
}

static pid_t
clone_raw (int flags)
{
  /* fork() semantics (same stack, copy-on-write) with namespace flags.  */
  return (pid_t) syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

static bool
have_runtime_hooks (const struct oci_config *c)
{
  return c->hooks && (c->hooks->prestart.len || c->hooks->create_runtime.len);
}

static char *
hook_state (struct process_init_config *pc, enum container_status s)
{
  return state_format_json (pc->state, s, false);
}

/* ---- the init ---------------------------------------------------------- */

struct init_fds
{
  int sync;
  int fifo;
  int console;
  struct cgroup_join *cgroups;
};

static int
init_join_keyring (struct process_init_config *pc, berth_error_t **err)
{
  /* A session keyring per container, so containers do not share keys
     (KEYCTL_JOIN_SESSION_KEYRING = 1).  */
  if (pc->no_new_keyring)
    return 0;
  if (syscall (SYS_keyctl, 1, pc->state->id) < 0 && errno != ENOSYS && errno != EACCES
      && errno != EDQUOT)
    return berth_error_make (err, errno, "join session keyring");
  return 0;
}

/* From SYNC_GO to the end of mounts_prepare_rootfs.  */
static int
init_enter (struct process_init_config *pc, struct init_fds *fds, berth_error_t **err)
{
  struct mounts_options mo = { .rootfs = pc->rootfs, .bundle = pc->bundle,
                               .no_pivot = pc->no_pivot, .in_user_ns = pc->ns->in_user_ns,
                               .idmap_fds = pc->idmap_fds };
  int pid = 0, ret;

  /* Born by vfork (init_vfork_allowed): the runtime waits for our exec and
     has nothing to do before we go on.  */
  if (!pc->started)
    {
      ret = sync_expect (fds->sync, SYNC_GO, "runtime", &pid, err);
      if (ret < 0)
        return ret;
      pc->state->pid = pid;
    }
  /* Joining from here (single-threaded, through files the runtime opened)
     avoids the RCU grace period a write of our pid by the runtime costs.  */
  ret = cgroup_join_self (fds->cgroups, err);
  if (ret < 0)
    return ret;
  /* CVE-2019-5736: until execve nothing in the container may ptrace us or
     open /proc/PID/exe; only now, the runtime has written our id maps.  */
  ret = security_set_dumpable (false, err);
  if (ret < 0)
    return ret;
  /* The maps exist now: become root of the new user namespace.  */
  if (pc->ns->new_user_ns && (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0))
    return berth_error_make (err, errno, "become root in the user namespace");
  if (setsid () < 0)
    return berth_error_make (err, errno, "setsid");
  /* After we joined the container's cgroup: that cgroup is the root of the
     new cgroup namespace.  */
  if (pc->ns->new_cgroup_ns && unshare (CLONE_NEWCGROUP) < 0)
    return berth_error_make (err, errno, "unshare cgroup namespace");
  if ((pc->ns->clone_flags & CLONE_NEWNET) && (ret = ns_bring_up_loopback (err)) < 0)
    return ret;
  ret = init_join_keyring (pc, err);
  if (ret < 0)
    return ret;
  ret = attrs_apply_early (pc->config->process, err);
  if (ret < 0)
    return ret;
  return mounts_prepare_rootfs (pc->config, &mo, err);
}

static int
init_run_hooks_in_child (struct process_init_config *pc, const struct oci_hook_list *l,
                         const char *kind, enum container_status s, berth_error_t **err)
{
  cleanup_free char *json = NULL;
  if (l->len == 0)
    return 0;
  json = hook_state (pc, s);
  return hooks_run (l, kind, json, err);
}

/* From the runtime hooks to just before SYNC_READY; *exe and *env are what
   execve gets.  */
static int
init_setup (struct process_init_config *pc, struct init_fds *fds, char **exe, char ***env,
            berth_error_t **err)
{
  const struct oci_config *c = pc->config;
  struct mounts_options mo = { .rootfs = pc->rootfs, .bundle = pc->bundle,
                               .no_pivot = pc->no_pivot, .in_user_ns = pc->ns->in_user_ns };
  int ret;

  ret = init_enter (pc, fds, err);
  if (ret < 0)
    return ret;
  if (have_runtime_hooks (c))
    {
      if (sync_send (fds->sync, SYNC_HOOKS, 0) < 0)
        return berth_error_make (err, errno, "write to runtime");
      ret = sync_expect (fds->sync, SYNC_HOOKS_DONE, "runtime", NULL, err);
      if (ret < 0)
        return ret;
    }
  if (c->hooks)
    {
      ret = init_run_hooks_in_child (pc, &c->hooks->create_container, "createContainer",
                                     STATUS_CREATING, err);
      if (ret < 0)
        return ret;
    }
  ret = mounts_pivot_root (&mo, err);
  if (ret < 0)
    return ret;
  if (c->process->terminal)
    {
      ret = terminal_setup (fds->console, c->process, err);
      if (ret < 0)
        return ret;
      close (fds->console);
      fds->console = -1;
    }
  ret = ns_set_names (c, err);
  if (ret == 0)
    ret = ns_write_sysctl (c, err);
  if (ret == 0)
    ret = attrs_make_cwd (c->process, err);
  if (ret == 0)
    ret = mounts_finish_rootfs (c, err);
  if (ret == 0)
    ret = attrs_apply_privileged (c, err);
  if (ret < 0)
    return ret;
  *env = attrs_build_env (c->process, pc->listen_fds);
  ret = attrs_switch_user (c->process, err);
  if (ret < 0)
    return ret;
  return attrs_find_executable (c->process->args[0], *env, exe, err);
}

/* `start` opens the fifo for writing and writes one byte.  poll() on a
   FIFO read end that never had a writer blocks (no POLLHUP), so the init
   needs no path to the fifo after pivot_root.  */
static int
init_wait_start (int fifo, berth_error_t **err)
{
  struct pollfd p = { .fd = fifo, .events = POLLIN };
  char c;
  int r;

  do
    r = poll (&p, 1, -1);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    return berth_error_make (err, errno, "wait on the exec fifo");
  if (read (fifo, &c, 1) != 1)
    return berth_error_make (err, 0, "the exec fifo was closed without a start");
  close (fifo);
  return 0;
}

/* HOOK POINT (init, last step before exec): LSM labels and
   noNewPrivileges, capabilities (the user was switched before), then the
   seccomp filter as late as possible (security.c decides which comes
   first); a SCMP_ACT_NOTIFY listener goes to linux.seccomp.listenerPath.  */
static int
init_send_listener (struct process_init_config *pc, int *listener, berth_error_t **err)
{
  struct seccomp_listener_state st = { .oci_version = pc->config->oci_version,
                                       .id = pc->state->id, .status = "creating",
                                       .pid = pc->state->pid, .bundle = pc->state->bundle,
                                       .annotations = &pc->config->annotations,
                                       .metadata = pc->security->listener_metadata };
  int ret = seccomp_listener_send_on (pc->seccomp_listener, *listener, &st, err);
  close (*listener);
  *listener = -1;
  close (pc->seccomp_listener);
  pc->seccomp_listener = -1;
  return ret;
}

static int
init_apply_security (struct process_init_config *pc, berth_error_t **err)
{
  int listener = -1, ret;

  /* The listener goes to the agent right after whichever step loaded the
     filter: a notified syscall blocks until the agent holds it.  */
  ret = security_apply_lsm (pc->security, err);
  if (ret == 0)
    ret = security_apply_identity (pc->security, &listener, err);
  if (ret == 0 && listener >= 0)
    ret = init_send_listener (pc, &listener, err);
  if (ret == 0)
    ret = security_apply_seccomp_late (pc->security, &listener, err);
  if (ret == 0 && listener >= 0)
    ret = init_send_listener (pc, &listener, err);
  return ret;
}

static int
init_start_and_exec (struct process_init_config *pc, struct init_fds *fds, const char *exe,
                     char **env, berth_error_t **err)
{
  const struct oci_config *c = pc->config;
  int ret;

  ret = fds->fifo >= 0 ? init_wait_start (fds->fifo, err) : 0;
  if (ret < 0)
    return ret;
  if (c->hooks)
    {
      ret = init_run_hooks_in_child (pc, &c->hooks->start_container, "startContainer",
                                     STATUS_CREATED, err);
      if (ret < 0)
        return ret;
    }
  ret = attrs_apply_final (c->process, err);
  if (ret == 0)
    ret = attrs_close_fds (pc->extra_fds, err);
  if (ret == 0)
    ret = init_apply_security (pc, err);
  if (ret < 0)
    return ret;
  if (pc->exec_trampoline < 0)
    execve (exe, c->process->args, env);
  else
    sealed_dmz_exec (pc->exec_trampoline, exe, c->process->args, env);
  return berth_error_make (err, errno, "exec `%s`%s", exe,
                           pc->exec_trampoline < 0 ? "" : " through the trampoline");
}

static void __attribute__ ((noreturn))
init_main (struct process_init_config *pc, struct init_fds *fds)
{
  berth_error_t *err = NULL;
  cleanup_free char *exe = NULL;
  char **env = NULL;
  sigset_t none;
  int min = 3 + pc->extra_fds;

  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  /* flock() locks belong to the open file: our copy of the state dir fd
     would keep the container locked until exec.  */
  close (pc->sd->dirfd);
  if (!pc->config->process->terminal && fds->console >= 0)
    {
      close (fds->console);
      fds->console = -1;
    }
  /* Die with the runtime until the init is ready: a killed `create` must
     not leave a half-made container running.  */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (fd_move_above (&fds->sync, min, &err) < 0 || fd_move_above (&fds->fifo, min, &err) < 0
      || fd_move_above (&fds->console, min, &err) < 0
      || fd_move_above (&pc->seccomp_listener, min, &err) < 0
      || fd_move_above (&pc->exec_trampoline, min, &err) < 0)
    goto fail;
  if (init_setup (pc, fds, &exe, &env, &err) < 0)
    goto fail;
  prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (sync_send (fds->sync, SYNC_READY, 0) < 0)
    _exit (1);
  close (fds->sync);
  fds->sync = -1;
  init_start_and_exec (pc, fds, exe, env, &err);
  /* After SYNC_READY nobody listens on the socket any more.  */
  {
    /* The message quotes args[0] from the config: never raw control bytes.  */
    cleanup_free char *msg = str_escape_control (err ? err->msg : "exec failed");
    fprintf (stderr, "berth: %s\n", msg);
  }
  _exit (127);
fail:
  sync_send_error (fds->sync, err);
  _exit (1);
}

/* ---- the intermediate (general path) ----------------------------------- */

static void __attribute__ ((noreturn))
intermediate_main (struct process_init_config *pc, struct init_fds *fds)
{
  berth_error_t *err = NULL;
  pid_t pid;

  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  close (pc->sd->dirfd);
  if (ns_join (pc->ns, &err) < 0)
    goto fail;
  if (pc->ns->new_time_ns && ns_unshare_time (pc->config->linux_, &err) < 0)
    goto fail;
  pid = clone_raw (CLONE_PARENT | pc->ns->clone_flags);
  if (pid < 0)
    {
      berth_error_make (&err, errno, "clone the container init");
      goto fail;
    }
  if (pid == 0)
    init_main (pc, fds);
  sync_send (fds->sync, SYNC_PID, pid);
  _exit (0);
fail:
  sync_send_error (fds->sync, err);
  _exit (1);
}

/* ---- the runtime side -------------------------------------------------- */

/* HOOK POINT (runtime, after clone, before SYNC_GO): the init exists with
   its namespaces and waits (its cgroups were made before the clone, see
   create_init).  The network work configures the network namespace of
   `pid`; it records what it makes with state_record_made (pc->sd, ...)
   BEFORE making it.  */
static int
parent_configure_container (struct process_init_config *pc, pid_t pid, berth_error_t **err)
{
  int ret;

  /* network: bridge/veth/NAT and linux.netDevices; nothing at all (not even
     a netlink socket) for a container that asks for neither.  */
  if (network_is_needed (pc->config))
    {
      ret = state_record_made (pc->sd, "network", pc->sd->path, err);
      if (ret == 0)
        ret = network_setup (pc->config, pc->sd->id, pid, pc->sd->root, pc->sd->path, err);
      if (ret < 0)
        return ret;
    }
  return 0;
}

static int
parent_run_runtime_hooks (struct process_init_config *pc, int sync, berth_error_t **err)
{
  const struct oci_hooks *h = pc->config->hooks;
  cleanup_free char *json = NULL;
  int ret;

  ret = sync_expect (sync, SYNC_HOOKS, "container init", NULL, err);
  if (ret < 0)
    return ret;
  json = hook_state (pc, STATUS_CREATING);
  ret = hooks_run (&h->prestart, "prestart", json, err);
  if (ret == 0)
    ret = hooks_run (&h->create_runtime, "createRuntime", json, err);
  if (ret < 0)
    return ret;
  if (sync_send (sync, SYNC_HOOKS_DONE, 0) < 0)
    return berth_error_make (err, errno, "write to container init");
  return 0;
}

/* The state file with the init's pid and start time (pid reuse check).  */
static int
parent_write_state (struct process_init_config *pc, pid_t pid, berth_error_t **err)
{
  bool zombie;

  pc->state->pid = pid;
  pc->state->start_time = state_process_start_time (pid, &zombie);
  return state_write (pc->sd, pc->state, err);
}

static int
parent_drive_init (struct process_init_config *pc, pid_t pid, int sync, berth_error_t **err)
{
  int ret;

  if (pc->ns->new_user_ns)
    {
      ret = ns_write_id_maps (pid, pc->config->linux_, err);
      if (ret < 0)
        return ret;
    }
  faultpoint ("create-after-clone");
  ret = parent_write_state (pc, pid, err);
  if (ret < 0)
    return ret;
  faultpoint ("create-after-state-write");
  ret = parent_configure_container (pc, pid, err);
  if (ret < 0)
    return ret;
  faultpoint ("create-after-cgroup");
  if (sync_send (sync, SYNC_GO, pid) < 0)
    return berth_error_make (err, errno, "write to container init");
  if (have_runtime_hooks (pc->config))
    {
      ret = parent_run_runtime_hooks (pc, sync, err);
      if (ret < 0)
        return ret;
    }
  return sync_expect (sync, SYNC_READY, "container init", NULL, err);
}

static int
parent_clone (struct process_init_config *pc, struct init_fds *fds, int sync, pid_t *pid,
              berth_error_t **err)
{
  if (!pc->ns->joins && !pc->ns->new_time_ns)
    {
      *pid = -1;
      if (fds->cgroups->v2_dir >= 0)
        *pid = cgroup_join_clone (pc->ns->clone_flags, fds->cgroups);
      if (*pid < 0)
        *pid = clone_raw (pc->ns->clone_flags);
      if (*pid < 0)
        return berth_error_make (err, errno, "clone the container init");
      if (*pid == 0)
        {
          close (sync);
          init_main (pc, fds);
        }
      return 0;
    }
  {
    pid_t mid = fork ();
    int status, value = 0, ret;
    if (mid < 0)
      return berth_error_make (err, errno, "fork");
    if (mid == 0)
      {
        close (sync);
        intermediate_main (pc, fds);
      }
    ret = sync_expect (sync, SYNC_PID, "namespace setup process", &value, err);
    while (waitpid (mid, &status, 0) < 0 && errno == EINTR)
      ;
    if (ret < 0)
      return ret;
    *pid = value;
  }
  return 0;
}

/* Before any fork: resolve names, check the LSMs, compile (or reuse) the
   seccomp filter, connect to a notify agent (a host path).  */
static int
process_prepare_security (struct process_init_config *pc, struct security_plan *plan,
                          berth_error_t **err)
{
  cleanup_free char *cache = xasprintf ("%s/seccomp-cache", pc->sd->root);
  int ret;

  ret = security_plan_build (pc->config->process, pc->config->linux_, cache, plan, err);
  if (ret < 0)
    return ret;
  plan->switch_user = false; /* attrs_switch_user did it */
  pc->security = plan;
  pc->seccomp_listener = -1;
  if (plan->listener_path)
    {
      pc->seccomp_listener = ret = seccomp_listener_connect (plan->listener_path, err);
      if (ret < 0)
        return ret;
    }
  return 0;
}

/* ---- the vfork birth (`run`) ------------------------------------------ */

/* `run` with nothing for the runtime to do between clone and exec (no user
   namespace maps, network, hooks, terminal, seccomp agent, joined
   namespaces): the init is cloned with CLONE_VM | CLONE_VFORK, so neither
   the page tables nor the pages this process touched are copied, the init
   takes no copy-on-write faults, and its execve has no address space to
   tear down; we sleep until that execve (or its death).  Sanitizer builds
   keep the copy: their run-time cannot follow a second task in our memory.  */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define BERTH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define BERTH_SANITIZED 1
#endif

static bool
init_vfork_allowed (const struct process_init_config *pc)
{
#ifdef BERTH_SANITIZED
  (void) pc;
  return false;
#else
  const struct oci_config *c = pc->config;
  const struct oci_hooks *h = c->hooks;

  if (!pc->start_now || pc->ns->joins || pc->ns->new_time_ns || pc->ns->new_user_ns)
    return false;
  if (c->process->terminal || pc->seccomp_listener >= 0)
    return false;
  if (h && (h->prestart.len || h->create_runtime.len || h->create_container.len
            || h->start_container.len || h->poststart.len))
    return false;
  /* Tests that stop berth at a point of the classic birth keep getting it.  */
  return !network_is_needed (c) && !faultpoint_armed ();
#endif
}

struct vfork_arg
{
  struct process_init_config *pc;
  struct init_fds *fds;
  int runtime_end;
};

/* The init's first frame, on its own stack, in our memory: what init_main
   changes (fd numbers, the cgroup join files, the state's pid) it changes
   in copies, so that we find our own structures as we left them.  What it
   allocates stays in our heap until we exit: a few KiB, once.  */
static int
init_vfork_main (void *p)
{
  const struct vfork_arg *a = p;
  struct process_init_config pc = *a->pc;
  struct init_fds fds = *a->fds;
  struct cgroup_join join = *a->fds->cgroups;
  struct container_state st = *a->pc->state;

  close (a->runtime_end);
  fds.cgroups = &join;
  pc.state = &st;
  pc.started = true;
  init_main (&pc, &fds);
}

/* The init's stack: as deep as any path of init_main needs, and only the
   pages it touches become memory.  */
#define INIT_VFORK_STACK (1024 * 1024)

static int
parent_vfork (struct process_init_config *pc, struct init_fds *fds, int sync, pid_t *pid,
              berth_error_t **err)
{
  struct vfork_arg a = { .pc = pc, .fds = fds, .runtime_end = sync };
  void *stack = mmap (NULL, INIT_VFORK_STACK, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  int e;

  if (stack == MAP_FAILED)
    return berth_error_make (err, errno, "mmap the container init's stack");
  *pid = clone (init_vfork_main, (char *) stack + INIT_VFORK_STACK,
                CLONE_VM | CLONE_VFORK | pc->ns->clone_flags | SIGCHLD, &a);
  e = errno;
  munmap (stack, INIT_VFORK_STACK);
  if (*pid < 0)
    return berth_error_make (err, e, "clone the container init");
  return 0;
}

/* The init has exec'd (or died: then its SYNC_ERROR, or EOF, is waiting).  */
static int
parent_after_vfork (struct process_init_config *pc, pid_t pid, int sync, berth_error_t **err)
{
  int ret;

  ret = sync_expect (sync, SYNC_READY, "container init", NULL, err);
  if (ret == 0)
    ret = parent_write_state (pc, pid, err);
  if (ret == 0)
    pc->started = true;
  return ret;
}

static int
create_init (struct process_init_config *pc, pid_t *pid, berth_error_t **err)
{
  int sp[2];
  cleanup_close int sync = -1;
  struct cgroup_join join = CGROUP_JOIN_INIT;
  struct init_fds fds = { .sync = -1, .fifo = -1, .console = pc->console_fd, .cgroups = &join };

  bool vfork;
  int ret;

  *pid = 0;
  if (pc->config->process == NULL || pc->config->process->n_args == 0)
    return berth_error_make (err, 0, "process.args: must not be empty");
  vfork = init_vfork_allowed (pc);
  if (!vfork)
    {
      if (mkfifoat (pc->sd->dirfd, STATE_EXEC_FIFO, 0600) < 0)
        return berth_error_make (err, errno, "mkfifo %s/" STATE_EXEC_FIFO, pc->sd->path);
      fds.fifo = openat (pc->sd->dirfd, STATE_EXEC_FIFO, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      if (fds.fifo < 0)
        return berth_error_make (err, errno, "open %s/" STATE_EXEC_FIFO, pc->sd->path);
    }
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
    {
      if (fds.fifo >= 0)
        close (fds.fifo);
      return berth_error_make (err, errno, "socketpair");
    }
  sync = sp[0];
  fds.sync = sp[1];

  /* Made before the clone, so the init can join them itself (cheaply).  */
  ret = cgroup_hook_setup (pc->sd, pc->config, pc->state->id, &join, false, err);
  if (ret == 0)
    ret = vfork ? parent_vfork (pc, &fds, sync, pid, err) : parent_clone (pc, &fds, sync, pid, err);
  cgroup_join_close (&join);
  close (fds.sync);
  if (fds.fifo >= 0)
    close (fds.fifo);
  if (ret == 0)
    ret = vfork ? parent_after_vfork (pc, *pid, sync, err) : parent_drive_init (pc, *pid, sync, err);
  if (ret < 0 && *pid > 0)
    {
      kill (*pid, SIGKILL);
      while (waitpid (*pid, NULL, 0) < 0 && errno == EINTR)
        ;
      *pid = 0;
    }
  return ret;
}

int
process_create_init (struct process_init_config *pc, pid_t *pid, berth_error_t **err)
{
  struct security_plan plan = { 0 };
  int ret;

  *pid = 0;
  pc->seccomp_listener = -1;
  ret = process_prepare_security (pc, &plan, err);
  if (ret == 0)
    ret = create_init (pc, pid, err);
  if (pc->seccomp_listener >= 0)
    close (pc->seccomp_listener);
  pc->security = NULL;
  security_plan_free (&plan);
  return ret;
}
