/* cgroup.h: where a container's cgroups live and how the lifecycle drives them.
   Owns layout detection (v1, hybrid, v2), placement from cgroupsPath, the record
   kept in the container state, and freeze/kill/remove.  Never writes to, moves or
   removes a cgroup berth did not create (reading is fine).  */
#ifndef BERTH_CGROUP_H
#define BERTH_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <yajl/yajl_gen.h>

#include "error.h"
#include "oci-config.h"

enum cgroup_layout
{
  CGROUP_LAYOUT_UNKNOWN = 0,
  CGROUP_LAYOUT_LEGACY,  /* only v1 hierarchies */
  CGROUP_LAYOUT_HYBRID,  /* v1 hierarchies + cgroup2 at ROOT/unified */
  CGROUP_LAYOUT_UNIFIED, /* cgroup2 at ROOT */
};

/* Controllers berth knows; a v1 hierarchy carries one or more of them.  */
enum cgroup_controller
{
  CGROUP_CPU = 0,
  CGROUP_CPUACCT,
  CGROUP_CPUSET,
  CGROUP_MEMORY,
  CGROUP_DEVICES,
  CGROUP_FREEZER,
  CGROUP_BLKIO,
  CGROUP_PIDS,
  CGROUP_HUGETLB,
  CGROUP_NET_CLS,
  CGROUP_NET_PRIO,
  CGROUP_RDMA,
  CGROUP_PERF_EVENT,
  CGROUP_MISC,
  CGROUP_N_CONTROLLERS
};

const char *cgroup_controller_name (enum cgroup_controller c);

/* One directory the container lives in: one per v1 hierarchy, and the cgroup2
   one (hierarchy "" ) in hybrid and unified layouts.  */
struct cgroup_dir
{
  char *hierarchy;      /* "memory", "cpu,cpuacct", "name=systemd"; "" for cgroup2 */
  uint32_t controllers; /* bit (1 << enum cgroup_controller) for v1 hierarchies */
  char *path;           /* absolute, e.g. /sys/fs/cgroup/memory/berth/ID */
  size_t owned;         /* strlen of the topmost directory berth creates; 0: none */
  size_t mount_len;     /* strlen of the hierarchy's mount point, a prefix of path */
  size_t floor;         /* not recorded: berth never owns a level at or above this
                           strlen (the caller's own cgroup for a relative path) */
};

struct cgroup_manager
{
  enum cgroup_layout layout;
  struct cgroup_dir *dirs;
  size_t n_dirs;
  int unified;                            /* index of the cgroup2 dir, -1 */
  int by_controller[CGROUP_N_CONTROLLERS]; /* v1 dir index, -1 when not mounted */
};

/* Where to look; all NULL/0 means this host (/sys/fs/cgroup, /proc/self/cgroup,
   layout from statfs).  Unit tests point these at a fake cgroupfs.  */
struct cgroup_options
{
  const char *root;
  const char *proc_self_cgroup;
  enum cgroup_layout layout;
  bool systemd; /* --systemd-cgroup: refused, berth has no systemd driver */
};

/* statfs(ROOT) (and ROOT/unified): done once per process, cached by the caller.  */
int cgroup_detect_layout (const char *root, enum cgroup_layout *out, berth_error_t **err);
const char *cgroup_layout_name (enum cgroup_layout l);

/* Plan the container's cgroups from linux.cgroupsPath (runc semantics: absolute
   = under each hierarchy's root, relative = under the caller's own cgroup,
   unset = /berth/ID).  Nothing is created: store cgroup_manager_record() in the
   state first, so that `delete --force` can undo a crash half-way.  */
int cgroup_manager_new (const struct oci_config *config, const char *id,
                        const struct cgroup_options *opts, struct cgroup_manager **out,
                        berth_error_t **err);
/* The plan guesses that each leaf is new under an existing parent (no
   stat per level); create's mkdir corrects M when it is not so, and calls
   RERECORD (if not NULL) to record the corrected M before making anything
   more.  The newest record of a container supersedes the older ones.  */
typedef int (*cgroup_rerecord_fn) (void *ctx, const struct cgroup_manager *m, berth_error_t **err);
/* mkdir every directory (cpuset v1: copy the parent's cpus/mems; v2: enable
   controllers in parents berth created), then apply linux.resources.  */
int cgroup_manager_create (struct cgroup_manager *m, const struct oci_config *config,
                           cgroup_rerecord_fn rerecord, void *ctx, berth_error_t **err);
/* Move PID into every directory.  The parent calls it after clone and before
   releasing the child, so no container code runs outside its cgroups.  */
int cgroup_manager_enter (const struct cgroup_manager *m, pid_t pid, berth_error_t **err);
/* The cheap join (a parent writing a pid into cgroup.procs takes the
   global cgroup_threadgroup_rwsem for writing: an RCU grace period, 8-20 ms
   per container start).  The parent opens, before forking, what the child
   needs: each v1 hierarchy's `tasks` (a single-threaded child writing "0"
   there moves itself without that lock) and the cgroup2 directory for
   clone3 (CLONE_INTO_CGROUP) plus its cgroup.procs as the fallback.  The fds
   carry the opener's (the runtime's) credentials, so the child may already
   be in new user/cgroup namespaces.  */
#define CGROUP_JOIN_MAX (CGROUP_N_CONTROLLERS + 2)
struct cgroup_join
{
  int tasks[CGROUP_JOIN_MAX]; /* v1 DIR/tasks, write-only */
  size_t n_tasks;
  int v2_dir;      /* cgroup2 directory (CLONE_INTO_CGROUP), -1 */
  int v2_procs;    /* its cgroup.procs, write-only, -1 */
  bool v2_joined;  /* set by whoever cloned with CLONE_INTO_CGROUP */
};
#define CGROUP_JOIN_INIT { .n_tasks = 0, .v2_dir = -1, .v2_procs = -1, .v2_joined = false }
int cgroup_manager_open_join (const struct cgroup_manager *m, struct cgroup_join *j,
                              berth_error_t **err);
/* Child side, single-threaded, before any container code: write "0" into
   each opened file (v2 only when not joined at clone), then close all.  No
   allocation (may run in a vfork-like child).  */
int cgroup_join_self (struct cgroup_join *j, berth_error_t **err);
void cgroup_join_close (struct cgroup_join *j);
/* fork()-like clone3 with FLAGS (namespaces) born in the cgroup2 cgroup
   (CLONE_INTO_CGROUP, no migration); -1 + errno when there is none or the
   kernel (< 5.7) refuses: the caller forks/clones and the child joins.  */
pid_t cgroup_join_clone (int flags, struct cgroup_join *j);

/* `update`: apply a LinuxResources document to the live cgroups.  */
int cgroup_manager_update (const struct cgroup_manager *m, const struct oci_resources *r,
                           berth_error_t **err);
/* Freeze (v1 freezer.state / v2 cgroup.freeze) and wait until frozen; or thaw.  */
int cgroup_manager_freeze (const struct cgroup_manager *m, bool freeze, berth_error_t **err);
int cgroup_manager_is_frozen (const struct cgroup_manager *m, bool *frozen, berth_error_t **err);
/* Every pid in the container's cgroup (and sub-cgroups), sorted.  */
int cgroup_manager_pids (const struct cgroup_manager *m, pid_t **pids, size_t *n,
                         berth_error_t **err);
/* Send SIG to every process (frozen while signalled, so no fork escapes).  */
int cgroup_manager_kill (const struct cgroup_manager *m, int sig, berth_error_t **err);
/* SIGKILL what is left, then rmdir bottom-up only what berth created.  Missing
   directories are fine (a crash before mkdir).  */
int cgroup_manager_destroy (const struct cgroup_manager *m, berth_error_t **err);
/* The rmdirs of destroy alone, once, for cgroups known to hold no process:
   no freezer read, no pid scan, no retries.  -1 + errno (EBUSY: something
   is left after all) and the caller goes the destroy way.  */
int cgroup_manager_remove_empty (const struct cgroup_manager *m);
/* Rootless: NULL when the caller may create (or join) every directory of M,
   else the first directory it cannot write (a cgroup not delegated to it).  */
const char *cgroup_manager_not_writable (const struct cgroup_manager *m);
void cgroup_manager_free (struct cgroup_manager *m);
#define cleanup_cgroup_manager __attribute__ ((cleanup (cgroup_manager_freep)))
void cgroup_manager_freep (struct cgroup_manager **m);

/* cgroup-stats.c: the "data" object of runc's stats event.  */
void cgroup_manager_gen_stats (const struct cgroup_manager *m, yajl_gen g);

/* cgroup-events.c: `events`: one stats line with STATS_ONLY; otherwise stats
   every INTERVAL_MS and an {"type":"oom"} line per OOM kill, until the
   container's cgroup is empty.  */
struct cgroup_events_options
{
  const char *id;
  bool stats_only;
  long interval_ms;
  FILE *out;
};
int cgroup_events_run (const struct cgroup_manager *m, const struct cgroup_events_options *o,
                       berth_error_t **err);
/* `ps`: JSON array of host pids, or ps(1) run with ARGS filtered to them.  */
int cgroup_ps (const struct cgroup_manager *m, bool json, char *const *args, size_t n_args,
               FILE *out, berth_error_t **err);

/* The record: a small text (one line per directory) for the state file.  */
char *cgroup_manager_record (const struct cgroup_manager *m);
int cgroup_manager_from_record (const char *record, struct cgroup_manager **out,
                                berth_error_t **err);

/* The directory of controller C (v1) or the cgroup2 one; NULL when absent.  */
const char *cgroup_manager_path (const struct cgroup_manager *m, enum cgroup_controller c);

/* Shared file helpers: the error names DIR/FILE, the value and the syscall.  */
int cgroup_write (const char *dir, const char *file, const char *value, berth_error_t **err);
int cgroup_read (const char *dir, const char *file, char **out, berth_error_t **err);

/* --- layout-specific writers (cgroup-v1.c, cgroup-v2.c) --- */
int cgroup_v1_write_resources (const struct cgroup_manager *m, const struct oci_resources *r,
                               bool update, berth_error_t **err);
int cgroup_v2_write_resources (const char *path, const struct oci_resources *r, bool update,
                               berth_error_t **err);
/* v1 only: a cgroup berth just made has empty cpus/mems (or its parent's,
   with cgroup.clone_children) and would refuse any task: write the
   parent's.  CS caches them (read once from the parent of the first level
   made; the levels below get the same), cgroup_cpuset_clear frees it.  */
struct cgroup_cpuset
{
  char *cpus;
  char *mems;
};
int cgroup_v1_init_cpuset (const char *path, struct cgroup_cpuset *cs, berth_error_t **err);
void cgroup_cpuset_clear (struct cgroup_cpuset *cs);
/* v2: make the controllers of the cgroup2 root available down to PATH, writing
   cgroup.subtree_control only in directories berth created (from d->owned on)
   and in the root when a controller is missing there.  */
int cgroup_v2_enable_controllers (const struct cgroup_dir *d, berth_error_t **err);

/* The device rules berth enforces: a deny-all, linux.resources.devices in
   order, an allow for each linux.devices entry, then runc's standard set.
   The last matching rule wins.  */
struct cgroup_device_rule
{
  bool allow;
  char type; /* 'a', 'c', 'b' */
  int64_t major; /* -1: any */
  int64_t minor; /* -1: any */
  char access[4]; /* subset of "rwm" */
};
int cgroup_device_rules (const struct oci_config *c, const struct oci_resources *r,
                         struct cgroup_device_rule **out, size_t *n, berth_error_t **err);
/* "c 1:3 rwm" (the v1 devices.allow/deny line).  */
void cgroup_device_rule_line (const struct cgroup_device_rule *rule, char *buf, size_t len);

/* cgroup-ebpf.c: BPF_PROG_TYPE_CGROUP_DEVICE program from the rules.  */
struct bpf_insn;
/* Assemble the program; returns the number of instructions (caller frees *out).  */
size_t cgroup_ebpf_assemble (const struct cgroup_device_rule *rules, size_t n,
                             struct bpf_insn **out);
/* Load it and attach it to the cgroup2 directory PATH, replacing the programs
   berth attached before (BPF_F_ALLOW_MULTI, so others' programs stay).  */
int cgroup_ebpf_apply_devices (const char *path, const struct cgroup_device_rule *rules,
                               size_t n, berth_error_t **err);

/* --- resources.c: linux.resources -> cgroup files --- */
struct cgroup_write
{
  int controller;     /* enum cgroup_controller; -1 for raw unified keys */
  char *file;         /* "memory.limit_in_bytes" */
  const char *alt;    /* tried when FILE does not exist (e.g. blkio.bfq.weight); NULL */
  char *value;
  bool swap_on_einval; /* on EINVAL, write the next entry first, then retry this one */
  bool optional;      /* a missing file is not an error (kernel lacks the knob) */
};
struct cgroup_writes
{
  struct cgroup_write *w;
  size_t n;
};
int resources_v1_writes (const struct oci_resources *r, struct cgroup_writes *out,
                         berth_error_t **err);
int resources_v2_writes (const struct oci_resources *r, bool has_bfq, struct cgroup_writes *out,
                         berth_error_t **err);
void cgroup_writes_clear (struct cgroup_writes *w);
/* runc's conversions, exposed for the unit tests.  */
uint64_t cgroup_convert_shares_to_weight (uint64_t shares);
uint64_t cgroup_convert_blkio_to_io_weight (uint64_t weight);
/* Apply a list: entry E goes to DIRS[E.controller] (UNIFIED_DIR for raw keys);
   a NULL directory is an error naming the controller that is not mounted.  */
int cgroup_apply_writes (const char *const dirs[CGROUP_N_CONTROLLERS], const char *unified_dir,
                         const struct cgroup_writes *w, berth_error_t **err);
/* memory.checkBeforeUpdate: refuse a LIMIT below the usage read from DIR/USAGE_FILE.  */
int cgroup_check_memory_usage (const char *dir, const char *usage_file, int64_t limit,
                               berth_error_t **err);
int cgroup_convert_swap_to_v2 (int64_t swap, int64_t limit, int64_t *out, berth_error_t **err);

#endif
