/* oci-tables.c: name <-> number tables for the values the runtime-spec
   constrains.  Pure data and lookups; never allocates, never calls the kernel
   (SIGRTMIN is glibc's, which only reads a libc variable).  */
#include <config.h>

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "oci-config.h"
#include "oci-tables.h"

struct name_value
{
  const char *name;
  long value;
};

#define N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

static long
lookup (const struct name_value *t, size_t n, const char *name)
{
  size_t i;
  if (name == NULL)
    return -1;
  for (i = 0; i < n; i++)
    if (strcmp (t[i].name, name) == 0)
      return t[i].value;
  return -1;
}

/* Namespaces: the order matches enum oci_namespace_type.  */
static const char *const namespace_names[OCI_NS_COUNT] = {
  [OCI_NS_PID] = "pid",       [OCI_NS_NETWORK] = "network", [OCI_NS_MOUNT] = "mount",
  [OCI_NS_IPC] = "ipc",       [OCI_NS_UTS] = "uts",         [OCI_NS_USER] = "user",
  [OCI_NS_CGROUP] = "cgroup", [OCI_NS_TIME] = "time",
};

const char *
oci_namespace_type_name (enum oci_namespace_type t)
{
  if ((int) t < 0 || t >= OCI_NS_COUNT)
    return NULL;
  return namespace_names[t];
}

int
oci_namespace_type_from_name (const char *name)
{
  int i;
  if (name == NULL)
    return -1;
  for (i = 0; i < OCI_NS_COUNT; i++)
    if (strcmp (namespace_names[i], name) == 0)
      return i;
  return -1;
}

static const struct name_value rlimits[] = {
  { "RLIMIT_CPU", RLIMIT_CPU },
  { "RLIMIT_FSIZE", RLIMIT_FSIZE },
  { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_STACK", RLIMIT_STACK },
  { "RLIMIT_CORE", RLIMIT_CORE },
  { "RLIMIT_RSS", RLIMIT_RSS },
  { "RLIMIT_NPROC", RLIMIT_NPROC },
  { "RLIMIT_NOFILE", RLIMIT_NOFILE },
  { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
  { "RLIMIT_AS", RLIMIT_AS },
  { "RLIMIT_LOCKS", RLIMIT_LOCKS },
  { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
  { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
  { "RLIMIT_NICE", RLIMIT_NICE },
  { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
  { "RLIMIT_RTTIME", RLIMIT_RTTIME },
};

int
oci_rlimit_from_name (const char *name)
{
  return (int) lookup (rlimits, N_ELEMENTS (rlimits), name);
}

const char *
oci_rlimit_name (int resource)
{
  size_t i;
  for (i = 0; i < N_ELEMENTS (rlimits); i++)
    if (rlimits[i].value == resource)
      return rlimits[i].name;
  return NULL;
}

/* Signal names.  The numbers come from <signal.h> because they differ
   between architectures (mips, sparc, alpha).  The first name of a number is
   the canonical one.  */
static const struct name_value signals[] = {
  { "SIGHUP", SIGHUP },       { "SIGINT", SIGINT },       { "SIGQUIT", SIGQUIT },
  { "SIGILL", SIGILL },       { "SIGTRAP", SIGTRAP },     { "SIGABRT", SIGABRT },
  { "SIGIOT", SIGIOT },       { "SIGBUS", SIGBUS },       { "SIGFPE", SIGFPE },
  { "SIGKILL", SIGKILL },     { "SIGUSR1", SIGUSR1 },     { "SIGSEGV", SIGSEGV },
  { "SIGUSR2", SIGUSR2 },     { "SIGPIPE", SIGPIPE },     { "SIGALRM", SIGALRM },
  { "SIGTERM", SIGTERM },
#ifdef SIGSTKFLT
  { "SIGSTKFLT", SIGSTKFLT },
#endif
  { "SIGCHLD", SIGCHLD },     { "SIGCLD", SIGCHLD },      { "SIGCONT", SIGCONT },
  { "SIGSTOP", SIGSTOP },     { "SIGTSTP", SIGTSTP },     { "SIGTTIN", SIGTTIN },
  { "SIGTTOU", SIGTTOU },     { "SIGURG", SIGURG },       { "SIGXCPU", SIGXCPU },
  { "SIGXFSZ", SIGXFSZ },     { "SIGVTALRM", SIGVTALRM }, { "SIGPROF", SIGPROF },
  { "SIGWINCH", SIGWINCH },   { "SIGIO", SIGIO },         { "SIGPOLL", SIGPOLL },
#ifdef SIGPWR
  { "SIGPWR", SIGPWR },
#endif
  { "SIGSYS", SIGSYS },
};

static int
parse_decimal (const char *s, long max)
{
  long v = 0;
  if (*s == '\0')
    return -1;
  for (; *s; s++)
    {
      if (!isdigit ((unsigned char) *s))
        return -1;
      v = v * 10 + (*s - '0');
      if (v > max)
        return -1;
    }
  return (int) v;
}

/* "RTMIN", "RTMIN+3", "RTMAX-2" (already without "SIG", upper case).  */
static int
parse_realtime (const char *s)
{
  int base, off = 0, sign = 1;
  if (strncmp (s, "RTMIN", 5) == 0)
    base = SIGRTMIN;
  else if (strncmp (s, "RTMAX", 5) == 0)
    {
      base = SIGRTMAX;
      sign = -1;
    }
  else
    return -1;
  s += 5;
  if (*s != '\0')
    {
      if (*s != (sign > 0 ? '+' : '-'))
        return -1;
      off = parse_decimal (s + 1, SIGRTMAX);
      if (off < 0)
        return -1;
    }
  base += sign * off;
  if (base < SIGRTMIN || base > SIGRTMAX)
    return -1;
  return base;
}

int
oci_signal_parse (const char *s)
{
  char up[32];
  const char *p;
  size_t i;

  if (s == NULL || *s == '\0')
    return -1;
  if (isdigit ((unsigned char) *s))
    return parse_decimal (s, SIGRTMAX);
  if (strlen (s) >= sizeof up)
    return -1;
  for (i = 0; s[i]; i++)
    up[i] = (char) toupper ((unsigned char) s[i]);
  up[i] = '\0';
  p = strncmp (up, "SIG", 3) == 0 ? up + 3 : up;
  for (i = 0; i < N_ELEMENTS (signals); i++)
    if (strcmp (signals[i].name + 3, p) == 0)
      return (int) signals[i].value;
  return parse_realtime (p);
}

const char *
oci_signal_name (int sig, char *buf, size_t len)
{
  size_t i;

  for (i = 0; i < N_ELEMENTS (signals); i++)
    if (signals[i].value == sig)
      return signals[i].name;
  if (sig < SIGRTMIN || sig > SIGRTMAX || buf == NULL)
    return NULL;
  if (sig == SIGRTMAX)
    snprintf (buf, len, "SIGRTMAX");
  else if (sig == SIGRTMIN)
    snprintf (buf, len, "SIGRTMIN");
  else
    snprintf (buf, len, "SIGRTMIN+%d", sig - SIGRTMIN);
  return buf;
}

static const char *const capabilities[OCI_CAP_LAST + 1] = {
  "CAP_CHOWN",           "CAP_DAC_OVERRIDE",    "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
  "CAP_FSETID",          "CAP_KILL",            "CAP_SETGID",          "CAP_SETUID",
  "CAP_SETPCAP",         "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",       "CAP_NET_RAW",         "CAP_IPC_LOCK",        "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",      "CAP_SYS_RAWIO",       "CAP_SYS_CHROOT",      "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",       "CAP_SYS_ADMIN",       "CAP_SYS_BOOT",        "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",    "CAP_SYS_TIME",        "CAP_SYS_TTY_CONFIG",  "CAP_MKNOD",
  "CAP_LEASE",           "CAP_AUDIT_WRITE",     "CAP_AUDIT_CONTROL",   "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",    "CAP_MAC_ADMIN",       "CAP_SYSLOG",          "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",   "CAP_AUDIT_READ",      "CAP_PERFMON",         "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
};

int
oci_capability_from_name (const char *name)
{
  int i;
  /* Every name starts with "CAP_": skip it once instead of per entry.  */
  if (name == NULL || strncmp (name, "CAP_", 4) != 0)
    return -1;
  for (i = 0; i <= OCI_CAP_LAST; i++)
    if (strcmp (capabilities[i] + 4, name + 4) == 0)
      return i;
  return -1;
}

const char *
oci_capability_name (int cap)
{
  if (cap < 0 || cap > OCI_CAP_LAST)
    return NULL;
  return capabilities[cap];
}

static const struct name_value seccomp_actions[] = {
  { "SCMP_ACT_KILL", OCI_SCMP_ACT_KILL },
  { "SCMP_ACT_KILL_PROCESS", OCI_SCMP_ACT_KILL_PROCESS },
  { "SCMP_ACT_KILL_THREAD", OCI_SCMP_ACT_KILL_THREAD },
  { "SCMP_ACT_TRAP", OCI_SCMP_ACT_TRAP },
  { "SCMP_ACT_ERRNO", OCI_SCMP_ACT_ERRNO },
  { "SCMP_ACT_TRACE", OCI_SCMP_ACT_TRACE },
  { "SCMP_ACT_ALLOW", OCI_SCMP_ACT_ALLOW },
  { "SCMP_ACT_LOG", OCI_SCMP_ACT_LOG },
  { "SCMP_ACT_NOTIFY", OCI_SCMP_ACT_NOTIFY },
};

int
oci_seccomp_action_from_name (const char *name)
{
  return (int) lookup (seccomp_actions, N_ELEMENTS (seccomp_actions), name);
}

static const struct name_value seccomp_operators[] = {
  { "SCMP_CMP_NE", 1 }, { "SCMP_CMP_LT", 2 }, { "SCMP_CMP_LE", 3 },        { "SCMP_CMP_EQ", 4 },
  { "SCMP_CMP_GE", 5 }, { "SCMP_CMP_GT", 6 }, { "SCMP_CMP_MASKED_EQ", 7 },
};

int
oci_seccomp_operator_from_name (const char *name)
{
  return (int) lookup (seccomp_operators, N_ELEMENTS (seccomp_operators), name);
}

static const char *const seccomp_arches[][2] = {
  { "SCMP_ARCH_X86", "x86" },
  { "SCMP_ARCH_X86_64", "x86_64" },
  { "SCMP_ARCH_X32", "x32" },
  { "SCMP_ARCH_ARM", "arm" },
  { "SCMP_ARCH_AARCH64", "aarch64" },
  { "SCMP_ARCH_LOONGARCH64", "loongarch64" },
  { "SCMP_ARCH_M68K", "m68k" },
  { "SCMP_ARCH_MIPS", "mips" },
  { "SCMP_ARCH_MIPS64", "mips64" },
  { "SCMP_ARCH_MIPS64N32", "mips64n32" },
  { "SCMP_ARCH_MIPSEL", "mipsel" },
  { "SCMP_ARCH_MIPSEL64", "mipsel64" },
  { "SCMP_ARCH_MIPSEL64N32", "mipsel64n32" },
  { "SCMP_ARCH_PPC", "ppc" },
  { "SCMP_ARCH_PPC64", "ppc64" },
  { "SCMP_ARCH_PPC64LE", "ppc64le" },
  { "SCMP_ARCH_S390", "s390" },
  { "SCMP_ARCH_S390X", "s390x" },
  { "SCMP_ARCH_SH", "sh" },
  { "SCMP_ARCH_SHEB", "sheb" },
  { "SCMP_ARCH_PARISC", "parisc" },
  { "SCMP_ARCH_PARISC64", "parisc64" },
  { "SCMP_ARCH_RISCV64", "riscv64" },
};

int
oci_seccomp_arch_from_name (const char *name)
{
  size_t i;
  if (name == NULL)
    return -1;
  for (i = 0; i < N_ELEMENTS (seccomp_arches); i++)
    if (strcmp (seccomp_arches[i][0], name) == 0)
      return (int) i;
  return -1;
}

const char *
oci_seccomp_arch_short_name (int index)
{
  if (index < 0 || (size_t) index >= N_ELEMENTS (seccomp_arches))
    return NULL;
  return seccomp_arches[index][1];
}

/* Values of <linux/seccomp.h>; spelled out so the table needs no kernel header.  */
static const struct name_value seccomp_flags[] = {
  { "SECCOMP_FILTER_FLAG_TSYNC", 1 },
  { "SECCOMP_FILTER_FLAG_LOG", 2 },
  { "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 4 },
  { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 32 },
};

long
oci_seccomp_flag_from_name (const char *name)
{
  return lookup (seccomp_flags, N_ELEMENTS (seccomp_flags), name);
}

/* Values of <linux/sched.h> / sched_setattr(2).  */
static const struct name_value sched_policies[] = {
  { "SCHED_OTHER", 0 }, { "SCHED_FIFO", 1 }, { "SCHED_RR", 2 },      { "SCHED_BATCH", 3 },
  { "SCHED_ISO", 4 },   { "SCHED_IDLE", 5 }, { "SCHED_DEADLINE", 6 },
};

int
oci_sched_policy_from_name (const char *name)
{
  return (int) lookup (sched_policies, N_ELEMENTS (sched_policies), name);
}

static const struct name_value sched_flags[] = {
  { "SCHED_FLAG_RESET_ON_FORK", 0x01 },  { "SCHED_FLAG_RECLAIM", 0x02 },
  { "SCHED_FLAG_DL_OVERRUN", 0x04 },     { "SCHED_FLAG_KEEP_POLICY", 0x08 },
  { "SCHED_FLAG_KEEP_PARAMS", 0x10 },    { "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20 },
  { "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40 },
};

long
oci_sched_flag_from_name (const char *name)
{
  return lookup (sched_flags, N_ELEMENTS (sched_flags), name);
}

static const struct name_value ioprio_classes[] = {
  { "IOPRIO_CLASS_RT", 1 },
  { "IOPRIO_CLASS_BE", 2 },
  { "IOPRIO_CLASS_IDLE", 3 },
};

int
oci_ioprio_class_from_name (const char *name)
{
  return (int) lookup (ioprio_classes, N_ELEMENTS (ioprio_classes), name);
}

/* Values of <linux/mempolicy.h>.  */
static const struct name_value mpol_modes[] = {
  { "MPOL_DEFAULT", 0 },         { "MPOL_PREFERRED", 1 }, { "MPOL_BIND", 2 },
  { "MPOL_INTERLEAVE", 3 },      { "MPOL_LOCAL", 4 },     { "MPOL_PREFERRED_MANY", 5 },
  { "MPOL_WEIGHTED_INTERLEAVE", 6 },
};

int
oci_mpol_mode_from_name (const char *name)
{
  return (int) lookup (mpol_modes, N_ELEMENTS (mpol_modes), name);
}

static const struct name_value mpol_flags[] = {
  { "MPOL_F_STATIC_NODES", 1L << 15 },
  { "MPOL_F_RELATIVE_NODES", 1L << 14 },
  { "MPOL_F_NUMA_BALANCING", 1L << 13 },
};

long
oci_mpol_flag_from_name (const char *name)
{
  return lookup (mpol_flags, N_ELEMENTS (mpol_flags), name);
}

static const struct name_value personality_domains[] = {
  { "LINUX", 0x0000 },
  { "LINUX32", 0x0008 },
};

int
oci_personality_domain_from_name (const char *name)
{
  return (int) lookup (personality_domains, N_ELEMENTS (personality_domains), name);
}

static const struct name_value propagations[] = {
  { "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
  { "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
  { "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
  { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

long
oci_propagation_from_name (const char *name)
{
  return lookup (propagations, N_ELEMENTS (propagations), name);
}
