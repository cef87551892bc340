/* test-security.c: capability resolution and application, the user switch,
   no_new_privs, LSM checks, dumpability and the seccomp load order, checked
   in forked children through /proc/self/status.  Checks that need root
   (dropping the bounding set, setuid) are skipped without it.  */
#include <config.h>

#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idmap.h"
#include "sealed-exe.h"
#include "seccomp-filter.h"
#include "security.h"
#include "tap.h"
#include "util.h"

/* Value of FIELD in /proc/self/status, e.g. "0000000000000020".  */
static char *
status_field (const char *field)
{
  cleanup_free char *buf = NULL;
  berth_error_t *err = NULL;
  char *p, *e;
  size_t fl = strlen (field);

  if (read_all_file ("/proc/self/status", &buf, NULL, &err) < 0)
    {
      berth_error_free (&err);
      return NULL;
    }
  for (p = buf; p && *p; p = strchr (p, '\n') ? strchr (p, '\n') + 1 : NULL)
    if (strncmp (p, field, fl) == 0 && p[fl] == ':')
      {
        p += fl + 1;
        while (*p == '\t' || *p == ' ')
          p++;
        e = strchr (p, '\n');
        return e ? strndup (p, e - p) : strdup (p);
      }
  return NULL;
}

static int
field_is (const char *field, const char *want)
{
  cleanup_free char *v = status_field (field);
  return v && strcmp (v, want) == 0;
}

static int
wait_code (pid_t pid)
{
  int status;
  if (waitpid (pid, &status, 0) < 0 || !WIFEXITED (status))
    return -1;
  return WEXITSTATUS (status);
}

static void
test_resolve (void)
{
  static char *bnd[] = { "CAP_KILL", "CAP_CHOWN", "CAP_NOT_A_CAP", "cap_net_raw" };
  static char *amb[] = { "CAP_KILL" };
  struct oci_capabilities c = { 0 };
  struct security_caps caps;
  berth_error_t *err = NULL;

  c.bounding = bnd;
  c.n_bounding = 4;
  c.ambient = amb;
  c.n_ambient = 1;
  TAP_OK (security_caps_resolve (&c, &caps, &err) == 0
              && caps.bounding == ((1ULL << 5) | (1ULL << 0) | (1ULL << 13)),
          "names resolve to bits, an unknown name is ignored (runc warns)");
  TAP_OK (caps.ambient == (1ULL << 5) && caps.effective == 0 && caps.permitted == 0,
          "sets not given stay empty");
  TAP_OK (caps.last_cap >= 36, "last_cap comes from the kernel (%u)", caps.last_cap);
  TAP_OK (security_caps_resolve (NULL, &caps, &err) == 0 && caps.bounding == 0
              && caps.effective == 0 && caps.ambient == 0,
          "absent capabilities: every set empty, as runc");
}

static void
test_apply_caps_root (void)
{
  static char *kill_only[] = { "CAP_KILL" };
  static char *kill_setpcap[] = { "CAP_KILL", "CAP_NET_RAW" };
  struct oci_capabilities c = { 0 };
  struct oci_process proc = { 0 };
  struct security_plan plan;
  berth_error_t *err = NULL;
  pid_t pid;

  if (geteuid () != 0)
    {
      printf ("ok %d - # SKIP capability application needs root\n", ++tap_n);
      return;
    }
  c.bounding = kill_setpcap;
  c.n_bounding = 2;
  c.effective = kill_only;
  c.n_effective = 1;
  c.permitted = kill_setpcap;
  c.n_permitted = 2;
  c.inheritable = kill_only;
  c.n_inheritable = 1;
  c.ambient = kill_only;
  c.n_ambient = 1;
  proc.capabilities = &c;
  if (security_plan_build (&proc, NULL, NULL, &plan, &err) < 0)
    {
      TAP_OK (0, "plan: %s", err->msg);
      return;
    }
  pid = fork ();
  if (pid == 0)
    {
      if (security_apply_identity (&plan, NULL, &err) < 0)
        _exit (10);
      _exit (!(field_is ("CapBnd", "0000000000002020") && field_is ("CapEff", "0000000000000020")
               && field_is ("CapPrm", "0000000000002020") && field_is ("CapInh", "0000000000000020")
               && field_is ("CapAmb", "0000000000000020")));
    }
  TAP_OK (wait_code (pid) == 0, "root: bounding/effective/permitted/inheritable/ambient exactly as given");

  plan.uid = 1000;
  plan.gid = 1000;
  pid = fork ();
  if (pid == 0)
    {
      if (security_apply_identity (&plan, NULL, &err) < 0)
        _exit (10);
      _exit (!(field_is ("Uid", "1000\t1000\t1000\t1000") && field_is ("Gid", "1000\t1000\t1000\t1000")
               && field_is ("Groups", "") && field_is ("CapEff", "0000000000000020")
               && field_is ("CapPrm", "0000000000002020") && field_is ("CapAmb", "0000000000000020")));
    }
  TAP_OK (wait_code (pid) == 0, "uid 1000: caps kept across setuid (KEEPCAPS), groups cleared");

  /* The lifecycle switches the user itself (KEEPCAPS) before the security
     step: the caps must still come out exactly as configured.  */
  plan.switch_user = false;
  pid = fork ();
  if (pid == 0)
    {
      if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setgroups (0, NULL) < 0
          || setresgid (1000, 1000, 1000) < 0 || setresuid (1000, 1000, 1000) < 0
          || prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
        _exit (9);
      if (security_apply_identity (&plan, NULL, &err) < 0)
        _exit (10);
      _exit (!(field_is ("CapBnd", "0000000000002020") && field_is ("CapEff", "0000000000000020")
               && field_is ("CapAmb", "0000000000000020")));
    }
  TAP_OK (wait_code (pid) == 0, "user switched by the caller first: caps still exact");
  plan.switch_user = true;

  plan.caps.inheritable = 0;
  pid = fork ();
  if (pid == 0)
    {
      if (security_apply_identity (&plan, NULL, &err) < 0)
        _exit (10);
      _exit (!(field_is ("CapAmb", "0000000000000000") && field_is ("CapInh", "0000000000000000")));
    }
  TAP_OK (wait_code (pid) == 0, "ambient without inheritable is left out, as runc does");
  security_plan_free (&plan);

  proc.capabilities = NULL;
  security_plan_build (&proc, NULL, NULL, &plan, &err);
  pid = fork ();
  if (pid == 0)
    {
      if (security_apply_identity (&plan, NULL, &err) < 0)
        _exit (10);
      _exit (!(field_is ("CapBnd", "0000000000000000") && field_is ("CapEff", "0000000000000000")));
    }
  TAP_OK (wait_code (pid) == 0, "no capabilities object: everything dropped");
  security_plan_free (&plan);
}

static void
test_nnp_dumpable (void)
{
  struct oci_process proc = { 0 };
  struct security_plan plan;
  berth_error_t *err = NULL;
  pid_t pid;

  proc.no_new_privileges = true;
  security_plan_build (&proc, NULL, NULL, &plan, &err);
  pid = fork ();
  if (pid == 0)
    {
      if (security_apply_lsm (&plan, &err) < 0)
        _exit (10);
      _exit (!field_is ("NoNewPrivs", "1"));
    }
  TAP_OK (wait_code (pid) == 0, "noNewPrivileges sets NoNewPrivs: 1");
  security_plan_free (&plan);

  pid = fork ();
  if (pid == 0)
    {
      if (security_set_dumpable (false, &err) < 0)
        _exit (10);
      _exit (prctl (PR_GET_DUMPABLE) != 0);
    }
  TAP_OK (wait_code (pid) == 0, "security_set_dumpable(false) makes the process non-dumpable");
}

static void
test_lsm_checks (void)
{
  struct oci_process proc = { 0 };
  struct oci_linux lin = { 0 };
  struct security_plan plan;
  berth_error_t *err = NULL;

  if (!security_apparmor_enabled ())
    {
      proc.apparmor_profile = "berth-test";
      TAP_OK (security_plan_build (&proc, NULL, NULL, &plan, &err) < 0 && strstr (err->msg, "AppArmor"),
              "apparmorProfile without AppArmor: clear error (%s)", err ? err->msg : "");
      berth_error_free (&err);
      security_plan_free (&plan);
      proc.apparmor_profile = NULL;
    }
  else
    printf ("ok %d - # SKIP AppArmor is enabled here\n", ++tap_n);
  if (!security_selinux_enabled ())
    {
      proc.selinux_label = "system_u:system_r:container_t:s0";
      TAP_OK (security_plan_build (&proc, NULL, NULL, &plan, &err) < 0 && strstr (err->msg, "SELinux"),
              "selinuxLabel without SELinux: clear error (%s)", err ? err->msg : "");
      berth_error_free (&err);
      security_plan_free (&plan);
      proc.selinux_label = NULL;
      lin.mount_label = "system_u:object_r:container_file_t:s0";
      TAP_OK (security_plan_build (&proc, &lin, NULL, &plan, &err) < 0 && strstr (err->msg, "mountLabel"),
              "mountLabel without SELinux: clear error");
      berth_error_free (&err);
      security_plan_free (&plan);
    }
  else
    printf ("ok %d - # SKIP SELinux is enabled here\n", ++tap_n);
  proc.apparmor_profile = "";
  TAP_OK (security_plan_build (&proc, NULL, NULL, &plan, &err) == 0, "an empty label asks for nothing");
  security_plan_free (&plan);
}

static void
test_seccomp_order (void)
{
  static char *names[] = { "getppid" };
  struct oci_seccomp_syscall sc = { .names = names, .n_names = 1, .action = "SCMP_ACT_ERRNO" };
  struct oci_seccomp s = { .default_action = "SCMP_ACT_ALLOW", .syscalls = &sc, .n_syscalls = 1 };
  struct oci_linux lin = { .seccomp = &s };
  struct oci_process proc = { 0 };
  struct security_plan plan;
  berth_error_t *err = NULL;
  pid_t pid;

  proc.no_new_privileges = true;
  if (security_plan_build (&proc, &lin, NULL, &plan, &err) < 0)
    {
      TAP_OK (0, "plan with seccomp: %s", err->msg);
      return;
    }
  plan.switch_user = false;
  pid = fork ();
  if (pid == 0)
    {
      int before;
      if (security_apply_lsm (&plan, &err) < 0)
        _exit (10);
      /* Unprivileged, apply_identity would fail at capset; the seccomp
         decision happens before it and must not load under NNP.  */
      if (geteuid () == 0 && security_apply_identity (&plan, NULL, &err) < 0)
        _exit (11);
      before = field_is ("Seccomp", "0");
      if (security_apply_seccomp_late (&plan, NULL, &err) < 0)
        _exit (12);
      _exit (!(before && field_is ("Seccomp", "2") && syscall (SYS_getppid) == -1 && errno == EPERM));
    }
  TAP_OK (wait_code (pid) == 0, "noNewPrivileges: the filter loads late, not with the caps");
  security_plan_free (&plan);

  if (geteuid () != 0)
    {
      printf ("ok %d - # SKIP loading without NNP needs CAP_SYS_ADMIN\n", ++tap_n);
      return;
    }
  proc.no_new_privileges = false;
  security_plan_build (&proc, &lin, NULL, &plan, &err);
  plan.switch_user = false;
  pid = fork ();
  if (pid == 0)
    {
      if (security_apply_lsm (&plan, &err) < 0 || security_apply_identity (&plan, NULL, &err) < 0)
        _exit (10);
      _exit (!(field_is ("Seccomp", "2") && field_is ("NoNewPrivs", "0")));
    }
  TAP_OK (wait_code (pid) == 0, "without noNewPrivileges the filter loads before caps drop");
  security_plan_free (&plan);
}

/* Child mode for test_sealed_exe: re-executes itself from the sealed copy,
   then checks what /proc/self/exe is and that it cannot be written.  */
static int
sealed_probe (void)
{
  berth_error_t *err = NULL;
  char link[256] = { 0 };
  int fd;

  if (sealed_exe_ensure (&err) < 0)
    return 10;
  if (readlink ("/proc/self/exe", link, sizeof link - 1) < 0 || strncmp (link, "/memfd:berth", 12) != 0)
    return 11;
  fd = open ("/proc/self/exe", O_WRONLY | O_CLOEXEC);
  if (fd >= 0 && write (fd, "x", 1) == 1)
    return 12;
  return sealed_exe_is_protected () ? 0 : 13;
}

static void
test_sealed_exe (const char *self)
{
  int status = -1;
  pid_t pid = fork ();

  if (pid == 0)
    {
      execl (self, self, "--sealed-probe", (char *) NULL);
      _exit (127);
    }
  waitpid (pid, &status, 0);
  TAP_OK (WIFEXITED (status) && WEXITSTATUS (status) == 0,
          "CVE-2019-5736: the runtime re-runs from a sealed memfd that cannot be written (%d)",
          WIFEXITED (status) ? WEXITSTATUS (status) : -1);
}

/* An idmapped clone of a directory holding a file owned by 1234:1234: with
   containerID 1234 -> hostID 0 the file reads as root's; `ridmap` reads the
   same mapping the other way round.  */
static void
test_idmap (void)
{
  struct oci_id_mapping to_root = { .container_id = 1234, .host_id = 0, .size = 1 };
  struct oci_mount m = { 0 };
  char dir[] = "/tmp/berth-idmap-XXXXXX";
  cleanup_free char *file = NULL;
  berth_error_t *err = NULL;
  struct stat st;
  int fd;

  if (geteuid () != 0 || mkdtemp (dir) == NULL)
    {
      printf ("ok %d - # SKIP idmapped mounts need root\n", ++tap_n);
      return;
    }
  /* The directory's owner (0) is unmapped on the idmapped mount, so root's
     DAC override does not apply there: it must be world-searchable.  */
  chmod (dir, 0755);
  file = xasprintf ("%s/f", dir);
  fd = open (file, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd >= 0)
    close (fd);
  if (chown (file, 1234, 1234) < 0)
    TAP_OK (0, "chown");
  m.uid_mappings = m.gid_mappings = &to_root;
  m.n_uid_mappings = m.n_gid_mappings = 1;
  fd = idmap_open_tree (dir, false, false, &m, NULL, &err);
  TAP_OK (fd >= 0 && fstatat (fd, "f", &st, 0) == 0 && st.st_uid == 0 && st.st_gid == 0,
          "idmap: disk 1234 shows as 0 through the detached mount%s%s", err ? ": " : "",
          err ? err->msg : "");
  if (fd >= 0)
    close (fd);
  berth_error_free (&err);
  fd = idmap_open_tree (dir, true, true, &m, NULL, &err);
  TAP_OK (fd >= 0 && fstatat (fd, "f", &st, 0) == 0 && st.st_uid == 0,
          "ridmap (rbind): the recursive tree is idmapped too%s%s", err ? ": " : "",
          err ? err->msg : "");
  if (fd >= 0)
    close (fd);
  berth_error_free (&err);
  m.n_uid_mappings = m.n_gid_mappings = 0;
  fd = idmap_open_tree (dir, false, false, &m, NULL, &err);
  TAP_OK (fd < 0 && err && strstr (err->msg, "mappings"), "idmap without any mapping: clear error");
  berth_error_free (&err);
  unlink (file);
  rmdir (dir);
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--sealed-probe") == 0)
    return sealed_probe ();
  test_resolve ();
  test_apply_caps_root ();
  test_nnp_dumpable ();
  test_lsm_checks ();
  test_seccomp_order ();
  test_sealed_exe (argv[0]);
  test_idmap ();
  return tap_done ();
}
