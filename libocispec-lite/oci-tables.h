/* oci-tables.h: the names the runtime-spec constrains (namespaces, rlimits,
   signals, capabilities, seccomp, scheduler, ioprio, mempolicy, propagation)
   mapped to their numbers.  Pure lookups: no allocation, no system calls.  */
#ifndef OCI_TABLES_H
#define OCI_TABLES_H

#include <stdbool.h>
#include <stddef.h>

/* Resource limits: "RLIMIT_NOFILE" <-> RLIMIT_NOFILE.  -1 / NULL when unknown.  */
int oci_rlimit_from_name (const char *name);
const char *oci_rlimit_name (int resource);

/* Signals as `kill` accepts them: "SIGTERM", "TERM", "term", "15",
   "SIGRTMIN+3", "RTMAX-1".  Returns the number (0..SIGRTMAX) or -1.  */
int oci_signal_parse (const char *s);
/* "SIGTERM", "SIGRTMIN+3"; NULL when out of range.  Static storage for
   named signals; real-time ones are written to buf (at least 16 bytes).  */
const char *oci_signal_name (int sig, char *buf, size_t len);

/* Capabilities known to Linux up to CAP_CHECKPOINT_RESTORE (40).  */
#define OCI_CAP_LAST 40
int oci_capability_from_name (const char *name); /* "CAP_SYS_ADMIN" -> 21; -1 */
const char *oci_capability_name (int cap);       /* NULL when unknown */

/* Seccomp.  Action and operator numbers are berth's own; the security code
   maps them to libseccomp (libocispec-lite does not link it).  */
enum oci_seccomp_action
{
  OCI_SCMP_ACT_KILL = 0, /* same as KILL_THREAD */
  OCI_SCMP_ACT_KILL_PROCESS,
  OCI_SCMP_ACT_KILL_THREAD,
  OCI_SCMP_ACT_TRAP,
  OCI_SCMP_ACT_ERRNO,
  OCI_SCMP_ACT_TRACE,
  OCI_SCMP_ACT_ALLOW,
  OCI_SCMP_ACT_LOG,
  OCI_SCMP_ACT_NOTIFY,
};
int oci_seccomp_action_from_name (const char *name); /* enum or -1 */

/* Values equal libseccomp's enum scmp_compare (SCMP_CMP_NE = 1 ...).  */
int oci_seccomp_operator_from_name (const char *name);
/* "SCMP_ARCH_X86_64" -> index >= 0; the libseccomp short name ("x86_64",
   what seccomp_arch_resolve_name takes) via oci_seccomp_arch_short_name.  */
int oci_seccomp_arch_from_name (const char *name);
const char *oci_seccomp_arch_short_name (int index);
/* SECCOMP_FILTER_FLAG_* bit value, or -1.  */
long oci_seccomp_flag_from_name (const char *name);

/* Scheduler: SCHED_* policy number and SCHED_FLAG_* bit values.  */
int oci_sched_policy_from_name (const char *name);
long oci_sched_flag_from_name (const char *name);

/* IOPRIO_CLASS_RT = 1, BE = 2, IDLE = 3.  */
int oci_ioprio_class_from_name (const char *name);

/* set_mempolicy(2) modes (MPOL_DEFAULT = 0 ...) and mode flag bits.  */
int oci_mpol_mode_from_name (const char *name);
long oci_mpol_flag_from_name (const char *name);

/* personality(2) domains: LINUX = 0x0000, LINUX32 = 0x0008.  */
int oci_personality_domain_from_name (const char *name);

/* Propagation words as runc accepts them for rootfsPropagation:
   private, rprivate, slave, rslave, shared, rshared, unbindable, runbindable.
   Returns the MS_* flags (MS_REC included for the r* forms) or -1.  */
long oci_propagation_from_name (const char *name);

#endif
