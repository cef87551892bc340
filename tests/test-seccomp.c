/* test-seccomp.c: linux.seccomp compiled by seccomp.c and loaded for real in
   forked children (no_new_privs, so no root needed).  Each check asserts what
   the kernel does to the syscall, not what berth printed.  */
#include <config.h>

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seccomp-filter.h"
#include "tap.h"
#include "util.h"

static char *names_dup[] = { "dup" };
static char *names_getppid[] = { "getppid" };
static char *names_exit[] = { "exit_group", "exit" };
static char *names_unknown[] = { "no_such_syscall_berth", "getppid" };

static struct oci_seccomp
one_rule (const char *def, struct oci_seccomp_syscall *sc, size_t n)
{
  struct oci_seccomp s = { 0 };
  s.default_action = (char *) def;
  s.syscalls = sc;
  s.n_syscalls = n;
  return s;
}

static struct oci_seccomp_syscall
rule (char **names, size_t n, const char *action)
{
  struct oci_seccomp_syscall sc = { 0 };
  sc.names = names;
  sc.n_names = n;
  sc.action = (char *) action;
  return sc;
}

/* Fork; the child sets no_new_privs, loads the plan and runs `body`, whose
   return value is its exit status.  Returns the raw wait status.  */
static int
run_filtered (const struct oci_seccomp *s, int (*body) (int), int arg)
{
  struct seccomp_plan *p = NULL;
  berth_error_t *err = NULL;
  int status = -1;
  pid_t pid;

  if (seccomp_plan_build (s, NULL, &p, &err) < 0)
    {
      printf ("# build: %s\n", err->msg);
      berth_error_free (&err);
      return -1;
    }
  pid = fork ();
  if (pid == 0)
    {
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || seccomp_plan_load (p, NULL, &err) < 0)
        _exit (100);
      _exit (body (arg));
    }
  waitpid (pid, &status, 0);
  seccomp_plan_free (p);
  return status;
}

static int
body_dup_errno (int fd)
{
  /* The fds probed are closed: EBADF unless the filter answered first.  */
  long r;
  close (fd);
  r = syscall (SYS_dup, fd);
  if (r < 0 && errno == EXDEV)
    return 1; /* matched the rule */
  if (r < 0 && errno == EBADF)
    return 0; /* reached the kernel */
  return 2;
}

static int
body_getppid_errno (int want)
{
  long r = syscall (SYS_getppid);
  return (r == -1 && errno == want) ? 0 : 1;
}

static int
body_getppid_ok (int unused)
{
  return syscall (SYS_getppid) > 0 ? 0 : 1;
}

static int
body_status_seccomp (int unused)
{
  char *buf = NULL;
  berth_error_t *err = NULL;
  int ok;
  if (read_all_file ("/proc/self/status", &buf, NULL, &err) < 0)
    return 3;
  ok = strstr (buf, "Seccomp:\t2") != NULL && strstr (buf, "Seccomp_filters:\t1") != NULL;
  free (buf);
  return ok ? 0 : 1;
}

static int
exited (int status, int code)
{
  return status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == code;
}

static int
killed_by (int status, int sig)
{
  return status >= 0 && WIFSIGNALED (status) && WTERMSIG (status) == sig;
}

static void
test_errno_and_default (void)
{
  struct oci_seccomp_syscall sc = rule (names_getppid, 1, "SCMP_ACT_ERRNO");
  struct oci_seccomp s = one_rule ("SCMP_ACT_ALLOW", &sc, 1);
  struct oci_seccomp_syscall allow_exit = rule (names_exit, 2, "SCMP_ACT_ALLOW");
  struct oci_seccomp d = one_rule ("SCMP_ACT_ERRNO", &allow_exit, 1);

  TAP_OK (exited (run_filtered (&s, body_getppid_errno, EPERM), 0),
          "SCMP_ACT_ERRNO without errnoRet returns EPERM");
  sc.has_errno_ret = true;
  sc.errno_ret = ENOTSUP;
  TAP_OK (exited (run_filtered (&s, body_getppid_errno, ENOTSUP), 0),
          "SCMP_ACT_ERRNO with errnoRet returns that errno");

  d.has_default_errno_ret = true;
  d.default_errno_ret = 38;
  TAP_OK (exited (run_filtered (&d, body_getppid_errno, 38), 0),
          "defaultAction ERRNO with defaultErrnoRet 38 answers an unlisted syscall");
  d.has_default_errno_ret = false;
  TAP_OK (exited (run_filtered (&d, body_getppid_errno, EPERM), 0),
          "defaultAction ERRNO defaults to EPERM");
}

static void
test_actions (void)
{
  struct oci_seccomp_syscall sc = rule (names_getppid, 1, "SCMP_ACT_KILL");
  struct oci_seccomp s = one_rule ("SCMP_ACT_ALLOW", &sc, 1);

  TAP_OK (killed_by (run_filtered (&s, body_getppid_ok, 0), SIGSYS), "SCMP_ACT_KILL kills with SIGSYS");
  sc.action = "SCMP_ACT_KILL_THREAD";
  TAP_OK (killed_by (run_filtered (&s, body_getppid_ok, 0), SIGSYS), "SCMP_ACT_KILL_THREAD kills");
  sc.action = "SCMP_ACT_KILL_PROCESS";
  TAP_OK (killed_by (run_filtered (&s, body_getppid_ok, 0), SIGSYS), "SCMP_ACT_KILL_PROCESS kills");
  sc.action = "SCMP_ACT_TRAP";
  TAP_OK (killed_by (run_filtered (&s, body_getppid_ok, 0), SIGSYS), "SCMP_ACT_TRAP raises SIGSYS");
  sc.action = "SCMP_ACT_TRACE";
  /* No tracer attached: the kernel fails the syscall with ENOSYS.  */
  TAP_OK (exited (run_filtered (&s, body_getppid_errno, ENOSYS), 0),
          "SCMP_ACT_TRACE without a tracer fails with ENOSYS");
  sc.action = "SCMP_ACT_LOG";
  TAP_OK (exited (run_filtered (&s, body_getppid_ok, 0), 0), "SCMP_ACT_LOG lets the syscall run");
  s.default_action = "SCMP_ACT_KILL_PROCESS";
  sc.action = "SCMP_ACT_ALLOW";
  {
    struct oci_seccomp_syscall two[2] = { sc, rule (names_exit, 2, "SCMP_ACT_ALLOW") };
    s.syscalls = two;
    s.n_syscalls = 2;
    TAP_OK (exited (run_filtered (&s, body_getppid_ok, 0), 0),
            "SCMP_ACT_ALLOW opens a syscall under a KILL_PROCESS default");
    TAP_OK (killed_by (run_filtered (&s, body_status_seccomp, 0), SIGSYS),
            "an unlisted syscall (openat) is killed under that default");
  }
}

struct op_case
{
  const char *op;
  uint64_t value, value_two;
  int want4, want5, want6; /* 1: the rule matched dup(fd) */
};

static void
test_operators (void)
{
  static const struct op_case cases[] = {
    { "SCMP_CMP_NE", 5, 0, 1, 0, 1 },  { "SCMP_CMP_LT", 5, 0, 1, 0, 0 },
    { "SCMP_CMP_LE", 5, 0, 1, 1, 0 },  { "SCMP_CMP_EQ", 5, 0, 0, 1, 0 },
    { "SCMP_CMP_GE", 5, 0, 0, 1, 1 },  { "SCMP_CMP_GT", 5, 0, 0, 0, 1 },
    { "SCMP_CMP_MASKED_EQ", 6, 4, 1, 1, 0 },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      struct oci_seccomp_arg a = { .index = 0, .value = cases[i].value,
                                   .has_value_two = true, .value_two = cases[i].value_two,
                                   .op = (char *) cases[i].op };
      struct oci_seccomp_syscall sc = rule (names_dup, 1, "SCMP_ACT_ERRNO");
      struct oci_seccomp s = one_rule ("SCMP_ACT_ALLOW", &sc, 1);
      sc.has_errno_ret = true;
      sc.errno_ret = EXDEV;
      sc.args = &a;
      sc.n_args = 1;
      TAP_OK (exited (run_filtered (&s, body_dup_errno, 4), cases[i].want4)
                  && exited (run_filtered (&s, body_dup_errno, 5), cases[i].want5)
                  && exited (run_filtered (&s, body_dup_errno, 6), cases[i].want6),
              "%s: dup(4/5/6) matched %d/%d/%d", cases[i].op, cases[i].want4, cases[i].want5,
              cases[i].want6);
    }

  {
    /* Two conditions on one index: runc splits them into rules (either one
       matches); libseccomp would refuse them in one rule.  */
    struct oci_seccomp_arg a[2] = { { .index = 0, .value = 4, .op = "SCMP_CMP_EQ" },
                                    { .index = 0, .value = 6, .op = "SCMP_CMP_EQ" } };
    struct oci_seccomp_syscall sc = rule (names_dup, 1, "SCMP_ACT_ERRNO");
    struct oci_seccomp s = one_rule ("SCMP_ACT_ALLOW", &sc, 1);
    sc.has_errno_ret = true;
    sc.errno_ret = EXDEV;
    sc.args = a;
    sc.n_args = 2;
    TAP_OK (exited (run_filtered (&s, body_dup_errno, 4), 1)
                && exited (run_filtered (&s, body_dup_errno, 5), 0)
                && exited (run_filtered (&s, body_dup_errno, 6), 1),
            "two conditions on the same arg match either (runc semantics)");
  }
}

static void
test_flags_arches_unknown (void)
{
  static char *flags[] = { "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                           "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
                           "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" };
  static char *arches[] = { "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32" };
  struct oci_seccomp_syscall sc = rule (names_unknown, 2, "SCMP_ACT_ERRNO");
  struct oci_seccomp s = one_rule ("SCMP_ACT_ALLOW", &sc, 1);
  struct seccomp_plan *p = NULL;
  berth_error_t *err = NULL;
  size_t i;

  TAP_OK (exited (run_filtered (&s, body_getppid_errno, EPERM), 0),
          "an unknown syscall name is skipped, the known one in the rule still applies");
  s.architectures = arches;
  s.n_architectures = 3;
  TAP_OK (exited (run_filtered (&s, body_getppid_errno, EPERM), 0),
          "architectures x86_64+x86+x32 build and filter");
  TAP_OK (exited (run_filtered (&s, body_status_seccomp, 0), 0),
          "/proc/self/status shows Seccomp: 2 and one filter");
  for (i = 0; i < 4; i++)
    {
      s.flags = &flags[i];
      s.n_flags = 1;
      p = NULL;
      TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) == 0 && p->flags == (i == 3 ? 0 : 1U << i)
                  && exited (run_filtered (&s, body_getppid_errno, EPERM), 0),
              "flag %s %s and loads", flags[i],
              i == 3 ? "is dropped without a listener" : "is passed to seccomp(2)");
      seccomp_plan_free (p);
      berth_error_free (&err);
    }
}

/* container.c asks this before `run` execs through the trampoline
   (execveat); a wrong "yes" would make the container's exec fail.  */
static void
test_config_allows (void)
{
  static char *names_execveat[] = { "execveat" };
  struct oci_seccomp_syscall sc = rule (names_execveat, 1, "SCMP_ACT_ALLOW");
  struct oci_seccomp s = one_rule ("SCMP_ACT_ERRNO", &sc, 1);
  struct oci_seccomp_arg arg = { 0 };

  TAP_OK (seccomp_config_allows (NULL, "execveat"), "no profile allows every syscall");
  TAP_OK (seccomp_config_allows (&s, "execveat") && !seccomp_config_allows (&s, "getppid"),
          "an allow rule allows under a denying default; unnamed syscalls get the default");
  sc.action = "SCMP_ACT_ERRNO";
  s.default_action = "SCMP_ACT_ALLOW";
  TAP_OK (!seccomp_config_allows (&s, "execveat") && seccomp_config_allows (&s, "getppid"),
          "a denying rule denies under an allowing default");
  sc.action = "SCMP_ACT_ALLOW";
  sc.args = &arg;
  sc.n_args = 1;
  s.default_action = "SCMP_ACT_ERRNO";
  TAP_OK (!seccomp_config_allows (&s, "execveat"), "a rule with argument conditions is no certain yes");
  sc.n_args = 0;
  s.default_action = "SCMP_ACT_LOG";
  sc.action = "SCMP_ACT_NOTIFY";
  TAP_OK (!seccomp_config_allows (&s, "execveat"), "SCMP_ACT_NOTIFY is no certain yes");
}

static void
test_errors (void)
{
  struct oci_seccomp_syscall sc = rule (names_getppid, 1, "SCMP_ACT_ALLOW");
  struct oci_seccomp s = one_rule ("SCMP_ACT_ERRNO", &sc, 1);
  struct seccomp_plan *p = NULL;
  berth_error_t *err = NULL;
  static char *bad_flag[] = { "SECCOMP_FILTER_FLAG_NOPE" };
  static char *bad_arch[] = { "SCMP_ARCH_VAX" };

  sc.has_errno_ret = true;
  sc.errno_ret = 1;
  TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) < 0 && strstr (err->msg, "errnoRet"),
          "errnoRet on SCMP_ACT_ALLOW is an error (spec MUST)");
  berth_error_free (&err);
  sc.has_errno_ret = false;
  sc.action = "SCMP_ACT_BOGUS";
  TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) < 0 && strstr (err->msg, "SCMP_ACT_BOGUS"),
          "an unknown action is named in the error");
  berth_error_free (&err);
  sc.action = "SCMP_ACT_NOTIFY";
  TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) < 0 && strstr (err->msg, "listenerPath"),
          "SCMP_ACT_NOTIFY without listenerPath is an error");
  berth_error_free (&err);
  sc.action = "SCMP_ACT_ALLOW";
  s.flags = bad_flag;
  s.n_flags = 1;
  TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) < 0 && strstr (err->msg, "NOPE"),
          "an unknown flag is an error");
  berth_error_free (&err);
  s.n_flags = 0;
  s.architectures = bad_arch;
  s.n_architectures = 1;
  TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) < 0 && strstr (err->msg, "SCMP_ARCH_VAX"),
          "an unknown architecture is an error");
  berth_error_free (&err);
  s.n_architectures = 0;
  s.default_action = "SCMP_ACT_NOTIFY";
  s.listener_path = "/nonexistent";
  TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) < 0, "SCMP_ACT_NOTIFY as default is an error");
  berth_error_free (&err);
}

static int
recv_state (int conn, char *buf, size_t len, int *fd)
{
  char control[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { .iov_base = buf, .iov_len = len - 1 };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                        .msg_controllen = sizeof control };
  struct cmsghdr *c;
  ssize_t n = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);
  if (n <= 0)
    return -1;
  buf[n] = '\0';
  c = CMSG_FIRSTHDR (&msg);
  if (c == NULL || c->cmsg_type != SCM_RIGHTS)
    return -1;
  memcpy (fd, CMSG_DATA (c), sizeof (int));
  return 0;
}

static void
test_notify (void)
{
  struct oci_seccomp_syscall sc = rule (names_getppid, 1, "SCMP_ACT_NOTIFY");
  struct oci_seccomp s = one_rule ("SCMP_ACT_ALLOW", &sc, 1);
  struct oci_map ann = { 0 };
  static char *k[] = { "io.berth.test" }, *v[] = { "yes" };
  static char *nflags[] = { "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" };
  struct seccomp_plan *p = NULL;
  berth_error_t *err = NULL;
  char dir[] = "/tmp/berth-seccomp-XXXXXX";
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  struct seccomp_notif *req = NULL;
  struct seccomp_notif_resp *resp = NULL;
  char buf[4096];
  int lsock, conn, fd = -1, status = -1, answered = 0;
  pid_t pid;

  ann.keys = k;
  ann.values = v;
  ann.len = 1;
  if (mkdtemp (dir) == NULL)
    return;
  snprintf (addr.sun_path, sizeof addr.sun_path, "%s/agent.sock", dir);
  s.listener_path = addr.sun_path;
  s.listener_metadata = "MKNOD=/dev/null";
  s.flags = nflags;
  s.n_flags = 2;
  lsock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bind (lsock, (struct sockaddr *) &addr, sizeof addr);
  listen (lsock, 1);
  TAP_OK (seccomp_plan_build (&s, NULL, &p, &err) == 0 && p->notify
              && p->flags == (SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC
                              | SECCOMP_FILTER_FLAG_TSYNC_ESRCH | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV),
          "a NOTIFY rule builds: NEW_LISTENER, TSYNC+TSYNC_ESRCH, WAIT_KILLABLE_RECV");
  pid = fork ();
  if (pid == 0)
    {
      struct seccomp_listener_state st = { .id = "ctr", .status = "creating", .pid = getpid (),
                                           .bundle = "/b", .annotations = &ann,
                                           .metadata = s.listener_metadata };
      int lfd = -1;
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || seccomp_plan_load (p, &lfd, &err) < 0
          || lfd < 0 || seccomp_listener_send (s.listener_path, lfd, &st, &err) < 0)
        _exit (100);
      close (lfd);
      _exit (syscall (SYS_getppid) == 4242 ? 0 : 1);
    }
  conn = accept4 (lsock, NULL, NULL, SOCK_CLOEXEC);
  if (conn >= 0 && recv_state (conn, buf, sizeof buf, &fd) == 0)
    {
      TAP_OK (strstr (buf, "\"fds\":[\"seccompFd\"]") && strstr (buf, "\"metadata\":\"MKNOD=/dev/null\"")
                  && strstr (buf, "\"status\":\"creating\"") && strstr (buf, "\"io.berth.test\":\"yes\""),
              "the agent gets the container process state with fds, metadata, annotations");
      if (seccomp_notify_alloc (&req, &resp) == 0 && seccomp_notify_receive (fd, req) == 0)
        {
          answered = req->data.nr == SYS_getppid;
          resp->id = req->id;
          resp->val = 4242;
          resp->error = 0;
          resp->flags = 0;
          seccomp_notify_respond (fd, resp);
        }
      seccomp_notify_free (req, resp);
    }
  else
    TAP_OK (0, "the agent gets the container process state with fds, metadata, annotations");
  waitpid (pid, &status, 0);
  TAP_OK (answered && exited (status, 0), "the listener fd works: the agent answers getppid with 4242");
  if (fd >= 0)
    close (fd);
  if (conn >= 0)
    close (conn);
  close (lsock);
  unlink (addr.sun_path);
  rmdir (dir);
  seccomp_plan_free (p);
  berth_error_free (&err);
}

/* contrib/seccomp/docker-default.json through the real parser: common
   programs (busybox sh, ls, cat, httpd + wget on localhost) still run, what
   Docker denies (unshare, mount) is refused.  */
static int
run_profile_shell (const struct seccomp_plan *p, const char *script)
{
  int status = -1;
  pid_t pid = fork ();
  if (pid == 0)
    {
      berth_error_t *err = NULL;
      char *argv[] = { "/bin/busybox", "sh", "-c", (char *) script, NULL };
      if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || seccomp_plan_load (p, NULL, &err) < 0)
        _exit (100);
      execv (argv[0], argv);
      _exit (101);
    }
  waitpid (pid, &status, 0);
  return status;
}

static double
elapsed_us (const struct timespec *a, const struct timespec *b)
{
  return ((b->tv_sec - a->tv_sec) * 1e9 + (b->tv_nsec - a->tv_nsec)) / 1e3;
}

static int
same_plan (const struct seccomp_plan *a, const struct seccomp_plan *b)
{
  return a && b && a->len == b->len && a->flags == b->flags && a->notify == b->notify
         && memcmp (a->filter, b->filter, a->len * sizeof (struct sock_filter)) == 0;
}

/* The compile cache: a hit gives the very same program, much faster; a
   damaged or foreign-writable cache file is ignored, never trusted.  */
static void
test_cache (const struct oci_seccomp *s, const struct seccomp_plan *ref)
{
  char dir[] = "/tmp/berth-scache-XXXXXX";
  struct seccomp_plan *a = NULL, *b = NULL;
  berth_error_t *err = NULL;
  struct timespec t0, t1, t2;
  char cmd[256];
  int r1, r2;

  if (mkdtemp (dir) == NULL)
    return;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  r1 = seccomp_plan_build (s, dir, &a, &err);
  clock_gettime (CLOCK_MONOTONIC, &t1);
  r2 = seccomp_plan_build (s, dir, &b, &err);
  clock_gettime (CLOCK_MONOTONIC, &t2);
  TAP_OK (r1 == 0 && r2 == 0 && same_plan (a, ref) && same_plan (b, ref),
          "cache: miss then hit give the same program as a plain compile");
  TAP_OK (elapsed_us (&t1, &t2) * 5 < elapsed_us (&t0, &t1),
          "cache: a hit costs %.0f us against %.0f us for the miss", elapsed_us (&t1, &t2),
          elapsed_us (&t0, &t1));
  seccomp_plan_free (b);
  b = NULL;
  /* Flip one byte inside the stored canonical text: must not be used.  */
  snprintf (cmd, sizeof cmd, "f=$(ls %s/*); printf 'X' | dd of=$f bs=1 seek=40 conv=notrunc 2>/dev/null", dir);
  r1 = system (cmd);
  TAP_OK (r1 == 0 && seccomp_plan_build (s, dir, &b, &err) == 0 && same_plan (b, ref),
          "cache: a damaged entry is recompiled, not trusted");
  seccomp_plan_free (b);
  b = NULL;
  snprintf (cmd, sizeof cmd, "chmod 0666 %s/*", dir);
  r1 = system (cmd);
  TAP_OK (r1 == 0 && seccomp_plan_build (s, dir, &b, &err) == 0 && same_plan (b, ref),
          "cache: a world-writable entry is ignored");
  seccomp_plan_free (a);
  seccomp_plan_free (b);
  snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
  r1 = system (cmd);
}

static void
test_docker_default (void)
{
  char *json = NULL, *wrapped, *msg = NULL;
  struct oci_config *c = NULL;
  struct seccomp_plan *p = NULL;
  berth_error_t *err = NULL;
  struct timespec t0, t1;
  int i;

  if (read_all_file (SRCDIR "/contrib/seccomp/docker-default.json", &json, NULL, &err) < 0)
    {
      TAP_OK (0, "read docker-default.json: %s", err->msg);
      berth_error_free (&err);
      return;
    }
  wrapped = xasprintf ("{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":\"r\"},\"linux\":{\"seccomp\":%s}}", json);
  TAP_OK (oci_config_parse_data (wrapped, strlen (wrapped), "docker-default.json", &c, &msg) == 0
              && c->linux_ && c->linux_->seccomp,
          "docker-default.json parses as linux.seccomp%s%s", msg ? ": " : "", msg ? msg : "");
  if (c == NULL || c->linux_ == NULL || c->linux_->seccomp == NULL)
    goto out;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  for (i = 0; i < 20; i++)
    {
      seccomp_plan_free (p);
      p = NULL;
      if (seccomp_plan_build (c->linux_->seccomp, NULL, &p, &err) < 0)
        break;
    }
  clock_gettime (CLOCK_MONOTONIC, &t1);
  TAP_OK (p != NULL, "docker-default.json compiles (%u BPF instructions, %.0f us per build)",
          p ? p->len : 0,
          ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / 20);
  TAP_OK (seccomp_config_allows (c->linux_->seccomp, "execveat")
              && !seccomp_config_allows (c->linux_->seccomp, "kexec_load"),
          "docker-default.json allows execveat (run may use its exec trampoline), not kexec_load");
  if (p == NULL)
    goto out;
  test_cache (c->linux_->seccomp, p);
  TAP_OK (exited (run_profile_shell (p, "busybox ls / >/dev/null && echo hi | busybox cat >/dev/null && "
                                        "grep -q '^Seccomp:.2' /proc/self/status && "
                                        "date >/dev/null && sleep 0 && ps >/dev/null"),
                  0),
          "docker-default: busybox sh, ls, cat, grep, date, ps run");
  /* (busybox 1.35's wget crashes with -q or -T on Debian: plain flags only.)  */
  TAP_OK (exited (run_profile_shell (p, "d=$(busybox mktemp -d); echo berth-ok > $d/index.html; "
                                        "port=$((20000 + $$ % 20000)); "
                                        "busybox httpd -f -p 127.0.0.1:$port -h $d & sleep 0.3; "
                                        "out=$(busybox wget -O - http://127.0.0.1:$port/index.html 2>/dev/null); "
                                        "kill $!; rm -rf $d; [ \"$out\" = berth-ok ]"),
                  0),
          "docker-default: busybox httpd serves and wget fetches from localhost");
  TAP_OK (exited (run_profile_shell (p, "busybox unshare -n true 2>&1 | grep -q 'Operation not permitted'"), 0),
          "docker-default: unshare is denied with EPERM");
  /* An unknown fs type: ENODEV ("No such device") if mount(2) ran, EPERM
     (busybox says "permission denied") if the filter stopped it.  */
  TAP_OK (exited (run_profile_shell (p, "busybox mount -t berthnofs none / 2>&1 | grep -q 'permission denied'"), 0),
          "docker-default: mount is denied with EPERM");
out:
  seccomp_plan_free (p);
  berth_error_free (&err);
  oci_config_free (c);
  free (msg);
  free (wrapped);
  free (json);
}

int
main (void)
{
  /* SIGSYS dumps core by default: none left behind by the kill tests.  */
  struct rlimit no_core = { 0, 0 };
  setrlimit (RLIMIT_CORE, &no_core);
  test_errno_and_default ();
  test_actions ();
  test_operators ();
  test_flags_arches_unknown ();
  test_errors ();
  test_config_allows ();
  test_notify ();
  test_docker_default ();
  return tap_done ();
}
