/* berth-features.c: the truth about what berth supports, as the runtime-spec
   features document reports it.  When a concern lands support for something
   it extends its own section below; nothing else in berth lists features.
   Never claims what the code does not do: engines (containerd, podman) pick
   their behaviour from this document.  */
#include <config.h>

#include <ctype.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <sys/capability.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <yajl/yajl_version.h>
#include <netlink/version.h>

#include "berth-features.h"
#include "mount-options.h"
#include "oci-features.h"
#include "util.h"

#define BERTH_OCI_VERSION_MIN "1.0.0"
#define BERTH_OCI_VERSION_MAX BERTH_OCI_VERSION

/* --- lifecycle (issue 3): namespaces and hooks --- */
static const char *const features_namespaces[] = {
  "cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts", NULL,
};

static const char *const features_hooks[] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop", NULL,
};

/* --- mounts (issue 3): the candidates are runc's option names plus berth's
   extensions; only those the mounts option table (mount-options.c) really
   knows are reported, and idmap/ridmap only once idmapped mounts work.  --- */
static const char *const features_mount_option_candidates[] = {
  "acl", "async", "atime", "bind", "defaults", "dev", "diratime", "dirsync", "exec",
  "idmap", "iversion", "lazytime", "loud", "mand", "noacl", "noatime", "nodev", "nodiratime",
  "noexec", "noiversion", "nolazytime", "nomand", "norelatime", "nostrictatime",
  "nosuid", "nosymfollow", "private", "ratime", "rbind", "rdev", "rdiratime", "relatime",
  "remount", "rexec", "ridmap", "rnoatime", "rnodev", "rnodiratime", "rnoexec", "rnorelatime",
  "rnostrictatime", "rnosuid", "rnosymfollow", "ro", "rprivate", "rrelatime", "rro",
  "rrw", "rshared", "rslave", "rstrictatime", "rsuid", "rsymfollow", "runbindable",
  "rw", "shared", "silent", "slave", "strictatime", "suid", "symfollow", "sync",
  "tmpcopyup", "unbindable", NULL,
};

/* --- cgroups (issue 4): v1, v2 and hybrid through cgroupfs.  No systemd
   driver: --systemd-cgroup is refused on hosts without systemd and not
   claimed here.  --- */
static const struct oci_features_cgroup features_cgroup = {
  .present = true, .v1 = true, .v2 = true, .systemd = false, .systemd_user = false, .rdma = true,
};

/* --- security (issue 5): seccomp, LSMs, idmapped mounts.  Flip `enabled`
   when the filter is really loaded; the lists are what libseccomp names.  --- */
static const bool features_seccomp_enabled = false;
static const char *const features_seccomp_actions[] = {
  "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
  "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", "SCMP_ACT_TRACE",
  "SCMP_ACT_TRAP", NULL,
};
static const char *const features_seccomp_operators[] = {
  "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
  "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE", NULL,
};
/* Candidates; only those the linked libseccomp resolves are reported.  */
static const char *const features_seccomp_arch_candidates[] = {
  "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64",
  "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
  "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64",
  "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64",
  NULL,
};
static const char *const features_seccomp_flags[] = {
  "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL,
};
/* The kernel values of the flags above, to ask the kernel which it knows.
   WAIT_KILLABLE_RECV (32) is only valid with NEW_LISTENER (8).  */
static const unsigned long features_seccomp_flag_values[] = { 1, 2, 4, 32 | 8 };
static const bool features_apparmor_enabled = false;
static const bool features_selinux_enabled = false;
static const bool features_idmap_enabled = true;

/* --- network (issue 6): linux.netDevices --- */
static const bool features_net_devices_enabled = true;

/* --- not planned: Intel RDT --- */
static const bool features_intel_rdt_enabled = false;

/* Annotations berth reads from config.json that can weaken the container
   or change the host ("berth.network." is a prefix: bridges, veths, NAT
   rules and published ports on the host; see berth-network(8)).  */
static const char *const features_unsafe_annotations[] = { "berth.network.", NULL };

size_t
berth_library_versions (struct berth_library_version *out, size_t max)
{
  const struct scmp_version *sv = seccomp_version ();
  int y = yajl_version ();
  size_t n = 0;

#define ADD(NAME, ...)                                                         \
  do                                                                           \
    if (n < max)                                                               \
      {                                                                        \
        out[n].name = NAME;                                                    \
        snprintf (out[n].version, sizeof out[n].version, __VA_ARGS__);         \
        n++;                                                                   \
      }                                                                        \
  while (0)
  ADD ("yajl", "%d.%d.%d", y / 10000, (y / 100) % 100, y % 100);
  ADD ("libseccomp", "%u.%u.%u", sv->major, sv->minor, sv->micro);
  /* libcap has no run-time version call: report the headers built against.  */
  ADD ("libcap", "%d.%d", LIBCAP_MAJOR, LIBCAP_MINOR);
  ADD ("libnl", "%d.%d.%d", nl_ver_maj, nl_ver_min, nl_ver_mic);
#ifdef HAVE_NFTABLES
  ADD ("libnftables", "%s", "yes");
#else
  ADD ("libnftables", "%s", "no");
#endif
#undef ADD
  return n;
}

/* Capabilities the kernel knows and libcap can name, as "CAP_*".  */
static char **
known_capabilities (void)
{
  int n_bits = (int) cap_max_bits ();
  char **caps = xmalloc0 ((n_bits + 1) * sizeof *caps);
  int i, n = 0;

  for (i = 0; i < n_bits; i++)
    {
      char *name = cap_to_name (i);
      char *p;
      if (name == NULL)
        continue;
      /* libcap prints a bare number for a capability it has no name for.  */
      if (isdigit ((unsigned char) name[0]))
        {
          cap_free (name);
          continue;
        }
      for (p = name; *p; p++)
        *p = toupper ((unsigned char) *p);
      caps[n++] = xstrdup (name);
      cap_free (name);
    }
  return caps;
}

static bool
mount_option_supported (const char *name)
{
  if (!features_idmap_enabled && (strcmp (name, "idmap") == 0 || strcmp (name, "ridmap") == 0))
    return false;
  return mount_option_lookup (name) != NULL;
}

static bool
seccomp_arch_supported (const char *name)
{
  /* libseccomp names architectures without the SCMP_ARCH_ prefix, lower case.  */
  char lower[32];
  const char *s = name + strlen ("SCMP_ARCH_");
  size_t j;

  for (j = 0; s[j] && j + 1 < sizeof lower; j++)
    lower[j] = tolower ((unsigned char) s[j]);
  lower[j] = '\0';
  return seccomp_arch_resolve_name (lower) != 0;
}

/* The NULL-terminated sublist of `candidates` that `keep` accepts (the
   strings are borrowed; free only the array).  */
static const char **
filter_names (const char *const *candidates, bool (*keep) (const char *))
{
  size_t i, k = 0, n = 0;
  const char **out;

  while (candidates[n])
    n++;
  out = xmalloc0 ((n + 1) * sizeof *out);
  for (i = 0; i < n; i++)
    if (keep (candidates[i]))
      out[k++] = candidates[i];
  return out;
}

/* A flag the kernel knows fails with EFAULT on the NULL filter; an unknown
   one with EINVAL (the probe runc uses).  Nothing is ever installed.  */
static bool
seccomp_flag_supported (const char *name)
{
  size_t i;
  for (i = 0; features_seccomp_flags[i]; i++)
    if (strcmp (features_seccomp_flags[i], name) == 0)
      return syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, features_seccomp_flag_values[i], NULL) < 0
             && errno == EFAULT;
  return false;
}

int
berth_features_json (char **json, size_t *len, berth_error_t **err)
{
  struct berth_library_version libs[8];
  cleanup_strv char **caps = known_capabilities ();
  cleanup_free const char **archs
      = filter_names (features_seccomp_arch_candidates, seccomp_arch_supported);
  cleanup_free const char **mount_options
      = filter_names (features_mount_option_candidates, mount_option_supported);
  cleanup_free const char **seccomp_flags = NULL;
  cleanup_free char *seccomp_version_str = NULL;
  const char *keys[2], *values[2];
  struct oci_features_linux lx = {
    .namespaces = features_namespaces,
    .capabilities = (oci_strv) caps,
    .cgroup = features_cgroup,
    .seccomp = {
      .present = true,
      .enabled = features_seccomp_enabled,
    },
    .apparmor = { .present = true, .enabled = features_apparmor_enabled },
    .selinux = { .present = true, .enabled = features_selinux_enabled },
    .intel_rdt = { .present = true, .enabled = features_intel_rdt_enabled },
    .mount_extensions_idmap = { .present = true, .enabled = features_idmap_enabled },
    .net_devices = { .present = true, .enabled = features_net_devices_enabled },
  };
  struct oci_features f = {
    .oci_version_min = BERTH_OCI_VERSION_MIN,
    .oci_version_max = BERTH_OCI_VERSION_MAX,
    .hooks = features_hooks,
    .mount_options = (oci_strv) mount_options,
    .annotation_keys = keys,
    .annotation_values = values,
    .potentially_unsafe_config_annotations = features_unsafe_annotations,
    .linux_ = &lx,
  };
  char *msg = NULL;
  size_t i, n_libs = berth_library_versions (libs, sizeof libs / sizeof libs[0]);

  if (features_seccomp_enabled)
    {
      lx.seccomp.actions = features_seccomp_actions;
      lx.seccomp.operators = features_seccomp_operators;
      lx.seccomp.archs = (oci_strv) archs;
      lx.seccomp.known_flags = features_seccomp_flags;
      seccomp_flags = filter_names (features_seccomp_flags, seccomp_flag_supported);
      lx.seccomp.supported_flags = (oci_strv) seccomp_flags;
    }

  keys[f.n_annotations] = "org.opencontainers.berth.version";
  values[f.n_annotations++] = PACKAGE_VERSION;
  for (i = 0; i < n_libs; i++)
    if (strcmp (libs[i].name, "libseccomp") == 0)
      {
        seccomp_version_str = xstrdup (libs[i].version);
        keys[f.n_annotations] = "io.github.seccomp.libseccomp.version";
        values[f.n_annotations++] = seccomp_version_str;
      }

  if (oci_features_generate (&f, json, len, &msg) < 0)
    return berth_error_take (err, 0, msg);
  return 0;
}
