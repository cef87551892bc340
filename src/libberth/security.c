/* security.c: capabilities (libcap), the user switch, no_new_privs, LSM exec
   labels and dumpability of the container process.  Names are resolved in
   the runtime (security_plan_build); the child only makes syscalls.  Never
   touches mounts, cgroups or namespaces.  */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "seccomp-filter.h"
#include "security.h"
#include "util.h"

#ifndef SELINUX_MAGIC
#define SELINUX_MAGIC 0xf97cff8c
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* libcap found the kernel's last capability when the binary started (it
   probes with PR_CAPBSET_READ), the value /proc/sys/kernel/cap_last_cap
   holds: no need to read that file again on the start path.  */
static unsigned int
read_last_cap (void)
{
  cap_value_t bits = cap_max_bits ();
  return bits > 0 ? (unsigned int) bits - 1 : CAP_LAST_CAP;
}

/* Returns the bit number, or -1 for a name libcap or this kernel lacks.  */
static int
cap_number (const char *name, unsigned int last_cap)
{
  char lower[64];
  cap_value_t v;
  size_t i;

  if (strncasecmp (name, "CAP_", 4) != 0)
    return -1;
  for (i = 0; name[i] && i + 1 < sizeof lower; i++)
    lower[i] = tolower ((unsigned char) name[i]);
  lower[i] = '\0';
  if (cap_from_name (lower, &v) < 0 || v < 0 || (unsigned int) v > last_cap || v > 63)
    return -1;
  return v;
}

static uint64_t
resolve_set (char **names, size_t n, unsigned int last_cap, char **unknown)
{
  uint64_t mask = 0;
  size_t i;

  for (i = 0; i < n; i++)
    {
      int v = cap_number (names[i], last_cap);
      if (v >= 0)
        {
          mask |= 1ULL << v;
          continue;
        }
      /* Collect each unknown name once, for one warning line.  */
      if (*unknown == NULL)
        *unknown = xstrdup (names[i]);
      else if (strstr (*unknown, names[i]) == NULL)
        {
          char *more = xasprintf ("%s %s", *unknown, names[i]);
          free (*unknown);
          *unknown = more;
        }
    }
  return mask;
}

int
security_caps_resolve (const struct oci_capabilities *c, struct security_caps *out,
                       berth_error_t **err)
{
  cleanup_free char *unknown = NULL;

  memset (out, 0, sizeof *out);
  out->last_cap = read_last_cap ();
  if (c == NULL)
    return 0;
  out->bounding = resolve_set (c->bounding, c->n_bounding, out->last_cap, &unknown);
  out->effective = resolve_set (c->effective, c->n_effective, out->last_cap, &unknown);
  out->permitted = resolve_set (c->permitted, c->n_permitted, out->last_cap, &unknown);
  out->inheritable = resolve_set (c->inheritable, c->n_inheritable, out->last_cap, &unknown);
  out->ambient = resolve_set (c->ambient, c->n_ambient, out->last_cap, &unknown);
  if (unknown)
    fprintf (stderr, "berth: warning: ignoring unknown or unavailable capabilities: [%s]\n",
             unknown);
  return 0;
}

bool
security_apparmor_enabled (void)
{
  char c = 0;
  cleanup_close int fd = open ("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
  return fd >= 0 && read (fd, &c, 1) == 1 && c == 'Y';
}

bool
security_selinux_enabled (void)
{
  struct statfs sfs;
  return statfs ("/sys/fs/selinux", &sfs) == 0 && (unsigned long) sfs.f_type == SELINUX_MAGIC;
}

int
security_plan_build (const struct oci_process *p, const struct oci_linux *l,
                     const char *seccomp_cache_dir, struct security_plan *out,
                     berth_error_t **err)
{
  int ret;

  memset (out, 0, sizeof *out);
  ret = security_caps_resolve (p->capabilities, &out->caps, err);
  if (ret < 0)
    return ret;
  out->switch_user = true;
  out->uid = p->user.uid;
  out->gid = p->user.gid;
  if (p->user.n_additional_gids > 0)
    {
      out->groups = xmalloc (p->user.n_additional_gids * sizeof (gid_t));
      memcpy (out->groups, p->user.additional_gids, p->user.n_additional_gids * sizeof (gid_t));
      out->n_groups = p->user.n_additional_gids;
    }
  out->no_new_privileges = p->no_new_privileges;

  /* A label the kernel cannot enforce would silently run the container
     unconfined: refuse before anything is created.  */
  if (p->apparmor_profile && p->apparmor_profile[0])
    {
      if (!security_apparmor_enabled ())
        return berth_error_make (err, 0, "process.apparmorProfile `%s` is set but AppArmor "
                                              "is not enabled on this host", p->apparmor_profile);
      out->apparmor_profile = xstrdup (p->apparmor_profile);
    }
  if (p->selinux_label && p->selinux_label[0])
    {
      if (!security_selinux_enabled ())
        return berth_error_make (err, 0, "process.selinuxLabel `%s` is set but SELinux is "
                                              "disabled or not supported", p->selinux_label);
      out->selinux_label = xstrdup (p->selinux_label);
    }
  if (l && l->mount_label && l->mount_label[0] && !security_selinux_enabled ())
    return berth_error_make (err, 0, "linux.mountLabel `%s` is set but SELinux is disabled "
                                          "or not supported", l->mount_label);
  if (l && l->seccomp)
    {
      ret = seccomp_plan_build (l->seccomp, seccomp_cache_dir, &out->seccomp, err);
      if (ret < 0)
        return berth_error_wrap (err, "linux.seccomp");
      if (out->seccomp->notify)
        {
          out->listener_path = xstrdup (l->seccomp->listener_path);
          out->listener_metadata = xstrdup (l->seccomp->listener_metadata);
        }
    }
  return 0;
}

void
security_plan_free (struct security_plan *p)
{
  if (p == NULL)
    return;
  free (p->groups);
  free (p->apparmor_profile);
  free (p->selinux_label);
  free (p->listener_path);
  free (p->listener_metadata);
  seccomp_plan_free (p->seccomp);
  memset (p, 0, sizeof *p);
}

/* /proc/thread-self/attr/<lsm>/exec is the per-LSM interface (5.1+); the
   shared attr/exec is what older kernels have.  */
static int
write_exec_attr (const char *lsm, const char *value, berth_error_t **err)
{
  cleanup_free char *path = xasprintf ("/proc/thread-self/attr/%s/exec", lsm);
  cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    {
      free (path);
      path = xstrdup ("/proc/thread-self/attr/exec");
      fd = open (path, O_WRONLY | O_CLOEXEC);
    }
  if (fd < 0)
    return berth_error_make (err, errno, "open %s", path);
  if (write_all_fd (fd, value, strlen (value)) < 0)
    return berth_error_make (err, errno, "write `%s` to %s", value, path);
  return 0;
}

int
security_apply_lsm (const struct security_plan *p, berth_error_t **err)
{
  int ret;

  if (p->apparmor_profile)
    {
      cleanup_free char *v = xasprintf ("exec %s", p->apparmor_profile);
      ret = write_exec_attr ("apparmor", v, err);
      if (ret < 0)
        return berth_error_wrap (err, "apply process.apparmorProfile");
    }
  if (p->selinux_label)
    {
      ret = write_exec_attr ("selinux", p->selinux_label, err);
      if (ret < 0)
        return berth_error_wrap (err, "apply process.selinuxLabel");
    }
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return berth_error_make (err, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
  return 0;
}

static int
drop_bounding (const struct security_caps *c, berth_error_t **err)
{
  unsigned int v;

  for (v = 0; v <= c->last_cap && v < 64; v++)
    {
      if (c->bounding & (1ULL << v))
        continue;
      if (prctl (PR_CAPBSET_DROP, v, 0, 0, 0) < 0 && errno != EINVAL)
        return berth_error_make (err, errno, "prctl(PR_CAPBSET_DROP, %u)", v);
    }
  return 0;
}

static void
set_flag_bits (cap_t caps, cap_flag_t flag, uint64_t mask, unsigned int last_cap)
{
  cap_value_t v;

  for (v = 0; (unsigned int) v <= last_cap && v < 64; v++)
    if (mask & (1ULL << v))
      cap_set_flag (caps, flag, 1, &v, CAP_SET);
}

static int
set_process_caps (const struct security_caps *c, berth_error_t **err)
{
  cap_t caps = cap_init ();
  int ret;

  if (caps == NULL)
    return berth_error_make (err, errno, "cap_init");
  set_flag_bits (caps, CAP_EFFECTIVE, c->effective, c->last_cap);
  set_flag_bits (caps, CAP_PERMITTED, c->permitted, c->last_cap);
  set_flag_bits (caps, CAP_INHERITABLE, c->inheritable, c->last_cap);
  ret = cap_set_proc (caps);
  cap_free (caps);
  if (ret < 0)
    return berth_error_make (err, errno, "capset (effective 0x%llx permitted 0x%llx "
                                         "inheritable 0x%llx)",
                             (unsigned long long) c->effective,
                             (unsigned long long) c->permitted,
                             (unsigned long long) c->inheritable);
  return 0;
}

/* The kernel only raises an ambient capability that is also permitted and
   inheritable.  runc's own default spec lists ambient capabilities without
   inheritable ones and runc runs it, leaving those out: so do we (EPERM).  */
static int
raise_ambient (const struct security_caps *c, berth_error_t **err)
{
  /* What the kernel would refuse anyway is not asked for.  */
  uint64_t raise = c->ambient & c->permitted & c->inheritable;
  unsigned int v;

  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return berth_error_make (err, errno, "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
  for (v = 0; v <= c->last_cap && v < 64; v++)
    if ((raise & (1ULL << v)) && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, v, 0, 0) < 0
        && errno != EPERM)
      return berth_error_make (err, errno, "prctl(PR_CAP_AMBIENT_RAISE, %u)", v);
  return 0;
}

int
security_caps_apply (const struct security_caps *c, berth_error_t **err)
{
  int ret = drop_bounding (c, err);
  if (ret < 0)
    return ret;
  ret = set_process_caps (c, err);
  if (ret < 0)
    return ret;
  return raise_ambient (c, err);
}

/* In a user namespace whose setgroups is "deny" (rootless without
   newgidmap) setgroups fails with EPERM; nothing to clear there then.  */
bool
security_setgroups_denied (void)
{
  char buf[8] = { 0 };
  cleanup_close int fd = open ("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
  return fd >= 0 && read (fd, buf, sizeof buf - 1) > 0 && strncmp (buf, "deny", 4) == 0;
}

static int
switch_user (const struct security_plan *p, berth_error_t **err)
{
  if (setgroups (p->n_groups, p->groups) < 0)
    {
      if (!(errno == EPERM && p->n_groups == 0 && security_setgroups_denied ()))
        return berth_error_make (err, errno, "setgroups (process.user.additionalGids)");
    }
  if (setresgid (p->gid, p->gid, p->gid) < 0)
    return berth_error_make (err, errno, "setresgid %u (process.user.gid)", (unsigned) p->gid);
  if (setresuid (p->uid, p->uid, p->uid) < 0)
    return berth_error_make (err, errno, "setresuid %u (process.user.uid)", (unsigned) p->uid);
  return 0;
}

static int
load_seccomp (const struct security_plan *p, int *listener_fd, berth_error_t **err)
{
  int ret = seccomp_plan_load (p->seccomp, listener_fd, err);
  if (ret < 0)
    return berth_error_wrap (err, "load linux.seccomp");
  return 0;
}

/* After a setuid to non-zero with KEEPCAPS (done by the caller when
   switch_user is false) the effective set is empty: PR_CAPBSET_DROP needs
   CAP_SETPCAP and a filter without no_new_privs CAP_SYS_ADMIN, so bring
   the effective set back to the permitted one first.  */
static int
raise_effective (berth_error_t **err)
{
  cap_t caps = cap_get_proc ();
  cap_value_t v;
  int ret;

  if (caps == NULL)
    return berth_error_make (err, errno, "cap_get_proc");
  for (v = 0; v <= CAP_LAST_CAP || cap_valid (v); v++)
    {
      cap_flag_value_t on = CAP_CLEAR;
      if (cap_get_flag (caps, v, CAP_PERMITTED, &on) < 0)
        break;
      cap_set_flag (caps, CAP_EFFECTIVE, 1, &v, on);
    }
  ret = cap_set_proc (caps);
  cap_free (caps);
  if (ret < 0)
    return berth_error_make (err, errno, "capset (raise effective to permitted)");
  return 0;
}

int
security_apply_identity (const struct security_plan *p, int *listener_fd, berth_error_t **err)
{
  int ret;

  if (!p->switch_user)
    {
      ret = raise_effective (err);
      if (ret < 0)
        return ret;
    }

  /* Without no_new_privs, installing a filter needs CAP_SYS_ADMIN: load it
     while the runtime still has it.  */
  if (p->seccomp && !p->no_new_privileges)
    {
      ret = load_seccomp (p, listener_fd, err);
      if (ret < 0)
        return ret;
    }
  ret = drop_bounding (&p->caps, err);
  if (ret < 0)
    return ret;
  if (p->switch_user)
    {
      /* Keep the permitted set across setuid to a non-zero uid; the effective
         set is rebuilt by capset right after.  */
      if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
        return berth_error_make (err, errno, "prctl(PR_SET_KEEPCAPS, 1)");
      ret = switch_user (p, err);
      if (ret < 0)
        return ret;
      if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
        return berth_error_make (err, errno, "prctl(PR_SET_KEEPCAPS, 0)");
    }
  ret = set_process_caps (&p->caps, err);
  if (ret < 0)
    return ret;
  return raise_ambient (&p->caps, err);
}

int
security_apply_seccomp_late (const struct security_plan *p, int *listener_fd,
                             berth_error_t **err)
{
  if (p->seccomp == NULL || !p->no_new_privileges)
    return 0;
  return load_seccomp (p, listener_fd, err);
}

int
security_set_dumpable (bool dumpable, berth_error_t **err)
{
  if (prctl (PR_SET_DUMPABLE, dumpable ? 1 : 0, 0, 0, 0) < 0)
    return berth_error_make (err, errno, "prctl(PR_SET_DUMPABLE, %d)", dumpable ? 1 : 0);
  return 0;
}
