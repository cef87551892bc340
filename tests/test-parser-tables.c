/* test-parser-tables.c: the name <-> number tables the runtime shares with
   the parser: signals as `kill` takes them, rlimits, capabilities, namespace
   types, seccomp, scheduler, ioprio, mempolicy, personality, propagation.
   Numbers are checked against the system headers.  */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include "oci-config.h"
#include "oci-tables.h"
#include "parser-test-util.h"
#include "tap.h"

static void
test_signals (void)
{
  char buf[32];
  NUM (oci_signal_parse ("SIGTERM"), SIGTERM);
  NUM (oci_signal_parse ("TERM"), SIGTERM);
  NUM (oci_signal_parse ("term"), SIGTERM);
  NUM (oci_signal_parse ("SigKill"), SIGKILL);
  NUM (oci_signal_parse ("15"), 15);
  NUM (oci_signal_parse ("9"), 9);
  NUM (oci_signal_parse ("0"), 0);
  NUM (oci_signal_parse ("SIGHUP"), SIGHUP);
  NUM (oci_signal_parse ("USR1"), SIGUSR1);
  NUM (oci_signal_parse ("SIGCHLD"), SIGCHLD);
  NUM (oci_signal_parse ("CLD"), SIGCHLD);
  NUM (oci_signal_parse ("SIGWINCH"), SIGWINCH);
  NUM (oci_signal_parse ("SIGRTMIN"), SIGRTMIN);
  NUM (oci_signal_parse ("SIGRTMIN+3"), SIGRTMIN + 3);
  NUM (oci_signal_parse ("RTMIN+3"), SIGRTMIN + 3);
  NUM (oci_signal_parse ("SIGRTMAX"), SIGRTMAX);
  NUM (oci_signal_parse ("SIGRTMAX-2"), SIGRTMAX - 2);
  NUM (oci_signal_parse (NULL), -1);
  NUM (oci_signal_parse (""), -1);
  NUM (oci_signal_parse ("SIGFOO"), -1);
  NUM (oci_signal_parse ("SIG"), -1);
  NUM (oci_signal_parse ("-9"), -1);
  NUM (oci_signal_parse ("15x"), -1);
  NUM (oci_signal_parse ("65"), -1);
  NUM (oci_signal_parse ("99999999999999999999"), -1);
  NUM (oci_signal_parse ("SIGRTMIN+31"), -1);
  NUM (oci_signal_parse ("SIGRTMIN-1"), -1);
  NUM (oci_signal_parse ("SIGRTMAX+1"), -1);
  NUM (oci_signal_parse ("SIGRTMIN+"), -1);
  STR (oci_signal_name (SIGTERM, buf, sizeof buf), "SIGTERM");
  STR (oci_signal_name (SIGKILL, NULL, 0), "SIGKILL");
  STR (oci_signal_name (SIGRTMIN + 3, buf, sizeof buf), "SIGRTMIN+3");
  STR (oci_signal_name (SIGRTMAX, buf, sizeof buf), "SIGRTMAX");
  OK (oci_signal_name (0, buf, sizeof buf) == NULL);
  OK (oci_signal_name (SIGRTMAX + 1, buf, sizeof buf) == NULL);
}

static void
test_rlimits (void)
{
  NUM (oci_rlimit_from_name ("RLIMIT_NOFILE"), RLIMIT_NOFILE);
  NUM (oci_rlimit_from_name ("RLIMIT_NPROC"), RLIMIT_NPROC);
  NUM (oci_rlimit_from_name ("RLIMIT_CPU"), RLIMIT_CPU);
  NUM (oci_rlimit_from_name ("RLIMIT_RTTIME"), RLIMIT_RTTIME);
  NUM (oci_rlimit_from_name ("RLIMIT_AS"), RLIMIT_AS);
  NUM (oci_rlimit_from_name ("NOFILE"), -1);
  NUM (oci_rlimit_from_name ("rlimit_nofile"), -1);
  NUM (oci_rlimit_from_name (NULL), -1);
  STR (oci_rlimit_name (RLIMIT_CORE), "RLIMIT_CORE");
  OK (oci_rlimit_name (RLIM_NLIMITS) == NULL);
}

static void
test_capabilities (void)
{
  int i;
  int all_round_trip = 1;
  NUM (oci_capability_from_name ("CAP_CHOWN"), 0);
  NUM (oci_capability_from_name ("CAP_SYS_ADMIN"), 21);
  NUM (oci_capability_from_name ("CAP_AUDIT_READ"), 37);
  NUM (oci_capability_from_name ("CAP_PERFMON"), 38);
  NUM (oci_capability_from_name ("CAP_BPF"), 39);
  NUM (oci_capability_from_name ("CAP_CHECKPOINT_RESTORE"), 40);
  NUM (oci_capability_from_name ("CAP_FOO"), -1);
  NUM (oci_capability_from_name ("SYS_ADMIN"), -1);
  NUM (oci_capability_from_name ("cap_sys_admin"), -1);
  NUM (oci_capability_from_name ("CAP_"), -1);
  for (i = 0; i <= OCI_CAP_LAST; i++)
    if (oci_capability_from_name (oci_capability_name (i)) != i)
      all_round_trip = 0;
  TAP_OK (all_round_trip, "every capability 0..%d round-trips through its name", OCI_CAP_LAST);
  OK (oci_capability_name (41) == NULL && oci_capability_name (-1) == NULL);
}

static void
test_namespaces (void)
{
  static const char *const names[] = { "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time" };
  int i;
  for (i = 0; i < OCI_NS_COUNT; i++)
    {
      STR (oci_namespace_type_name ((enum oci_namespace_type) i), names[i]);
      NUM (oci_namespace_type_from_name (names[i]), i);
    }
  NUM (oci_namespace_type_from_name ("net"), -1);
  NUM (oci_namespace_type_from_name (NULL), -1);
  OK (oci_namespace_type_name (OCI_NS_COUNT) == NULL);
}

static void
test_seccomp (void)
{
  NUM (oci_seccomp_action_from_name ("SCMP_ACT_ALLOW"), OCI_SCMP_ACT_ALLOW);
  NUM (oci_seccomp_action_from_name ("SCMP_ACT_ERRNO"), OCI_SCMP_ACT_ERRNO);
  NUM (oci_seccomp_action_from_name ("SCMP_ACT_KILL_PROCESS"), OCI_SCMP_ACT_KILL_PROCESS);
  NUM (oci_seccomp_action_from_name ("SCMP_ACT_NOTIFY"), OCI_SCMP_ACT_NOTIFY);
  NUM (oci_seccomp_action_from_name ("SCMP_ACT_LOG"), OCI_SCMP_ACT_LOG);
  NUM (oci_seccomp_action_from_name ("SCMP_ACT_NONE"), -1);
  NUM (oci_seccomp_operator_from_name ("SCMP_CMP_NE"), 1);
  NUM (oci_seccomp_operator_from_name ("SCMP_CMP_EQ"), 4);
  NUM (oci_seccomp_operator_from_name ("SCMP_CMP_MASKED_EQ"), 7);
  NUM (oci_seccomp_operator_from_name ("SCMP_CMP_XX"), -1);
  STR (oci_seccomp_arch_short_name (oci_seccomp_arch_from_name ("SCMP_ARCH_X86_64")), "x86_64");
  STR (oci_seccomp_arch_short_name (oci_seccomp_arch_from_name ("SCMP_ARCH_AARCH64")), "aarch64");
  STR (oci_seccomp_arch_short_name (oci_seccomp_arch_from_name ("SCMP_ARCH_RISCV64")), "riscv64");
  NUM (oci_seccomp_arch_from_name ("SCMP_ARCH_PDP11"), -1);
  OK (oci_seccomp_arch_short_name (-1) == NULL);
  NUM (oci_seccomp_flag_from_name ("SECCOMP_FILTER_FLAG_TSYNC"), 1);
  NUM (oci_seccomp_flag_from_name ("SECCOMP_FILTER_FLAG_LOG"), 2);
  NUM (oci_seccomp_flag_from_name ("SECCOMP_FILTER_FLAG_SPEC_ALLOW"), 4);
  NUM (oci_seccomp_flag_from_name ("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"), 32);
  NUM (oci_seccomp_flag_from_name ("SECCOMP_FILTER_FLAG_X"), -1);
}

static void
test_misc (void)
{
  NUM (oci_sched_policy_from_name ("SCHED_OTHER"), 0);
  NUM (oci_sched_policy_from_name ("SCHED_FIFO"), 1);
  NUM (oci_sched_policy_from_name ("SCHED_IDLE"), 5);
  NUM (oci_sched_policy_from_name ("SCHED_DEADLINE"), 6);
  NUM (oci_sched_policy_from_name ("SCHED_X"), -1);
  NUM (oci_sched_flag_from_name ("SCHED_FLAG_RESET_ON_FORK"), 1);
  NUM (oci_sched_flag_from_name ("SCHED_FLAG_UTIL_CLAMP_MAX"), 0x40);
  NUM (oci_ioprio_class_from_name ("IOPRIO_CLASS_RT"), 1);
  NUM (oci_ioprio_class_from_name ("IOPRIO_CLASS_IDLE"), 3);
  NUM (oci_ioprio_class_from_name ("IOPRIO_CLASS_NONE"), -1);
  NUM (oci_mpol_mode_from_name ("MPOL_DEFAULT"), 0);
  NUM (oci_mpol_mode_from_name ("MPOL_BIND"), 2);
  NUM (oci_mpol_mode_from_name ("MPOL_WEIGHTED_INTERLEAVE"), 6);
  NUM (oci_mpol_flag_from_name ("MPOL_F_STATIC_NODES"), 1 << 15);
  NUM (oci_mpol_flag_from_name ("MPOL_F_NUMA_BALANCING"), 1 << 13);
  NUM (oci_personality_domain_from_name ("LINUX"), 0);
  NUM (oci_personality_domain_from_name ("LINUX32"), 8);
  NUM (oci_personality_domain_from_name ("linux"), -1);
  NUM (oci_propagation_from_name ("private"), MS_PRIVATE);
  NUM (oci_propagation_from_name ("rslave"), MS_SLAVE | MS_REC);
  NUM (oci_propagation_from_name ("rshared"), MS_SHARED | MS_REC);
  NUM (oci_propagation_from_name ("unbindable"), MS_UNBINDABLE);
  NUM (oci_propagation_from_name ("recursive"), -1);
}

int
main (void)
{
  test_signals ();
  test_rlimits ();
  test_capabilities ();
  test_namespaces ();
  test_seccomp ();
  test_misc ();
  return tap_done ();
}
