/* oci-config.h: the runtime-spec v1.3.0 (Linux) model as plain C data.
   Owns parsing config.json / process.json into these structs and freeing them.
   Never makes a Linux call beyond reading the file it is given.  */
#ifndef OCI_CONFIG_H
#define OCI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A JSON object of string -> string (annotations, sysctl, unified).  Kept in
   document order; keys are unique (a later duplicate replaces the earlier).  */
struct oci_map
{
  char **keys;
  char **values;
  size_t len;
};

struct oci_id_mapping
{
  uint32_t container_id;
  uint32_t host_id;
  uint32_t size;
};

struct oci_root
{
  char *path;
  bool readonly;
};

struct oci_mount
{
  char *destination;
  char *source;
  char *type;
  char **options;
  size_t n_options;
  struct oci_id_mapping *uid_mappings;
  size_t n_uid_mappings;
  struct oci_id_mapping *gid_mappings;
  size_t n_gid_mappings;
};

struct oci_rlimit
{
  char *type; /* "RLIMIT_NOFILE" ...; validated at parse time */
  int resource; /* the matching RLIMIT_* number */
  uint64_t soft;
  uint64_t hard;
};

struct oci_capabilities
{
  /* Each set is NULL when absent from the document (distinct from empty).  */
  char **bounding;
  size_t n_bounding;
  char **effective;
  size_t n_effective;
  char **inheritable;
  size_t n_inheritable;
  char **permitted;
  size_t n_permitted;
  char **ambient;
  size_t n_ambient;
};

struct oci_user
{
  uint32_t uid;
  uint32_t gid;
  bool has_umask;
  uint32_t umask;
  uint32_t *additional_gids;
  size_t n_additional_gids;
  char *username; /* windows only; kept for completeness */
};

struct oci_console_size
{
  uint32_t height;
  uint32_t width;
};

struct oci_scheduler
{
  char *policy; /* SCHED_OTHER, SCHED_FIFO, ... */
  int policy_value;
  int32_t nice;
  int32_t priority;
  char **flags; /* SCHED_FLAG_RESET_ON_FORK, ... */
  size_t n_flags;
  uint64_t runtime;
  uint64_t deadline;
  uint64_t period;
};

struct oci_io_priority
{
  char *class_name; /* IOPRIO_CLASS_RT, IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE */
  int class_value;
  int32_t priority;
};

struct oci_exec_cpu_affinity
{
  char *initial;
  char *final;
};

struct oci_process
{
  bool terminal;
  bool has_console_size;
  struct oci_console_size console_size;
  struct oci_user user;
  char **args;
  size_t n_args;
  char *command_line;
  char **env;
  size_t n_env;
  char *cwd;
  struct oci_capabilities *capabilities; /* NULL when absent */
  struct oci_rlimit *rlimits;
  size_t n_rlimits;
  bool no_new_privileges;
  char *apparmor_profile;
  bool has_oom_score_adj;
  int32_t oom_score_adj;
  struct oci_scheduler *scheduler;       /* NULL when absent */
  char *selinux_label;
  struct oci_io_priority *io_priority;   /* NULL when absent */
  struct oci_exec_cpu_affinity *exec_cpu_affinity; /* NULL when absent */
};

struct oci_hook
{
  char *path;
  char **args;
  size_t n_args;
  char **env;
  size_t n_env;
  bool has_timeout;
  int32_t timeout; /* seconds, > 0 */
};

struct oci_hook_list
{
  struct oci_hook *hooks;
  size_t len;
};

struct oci_hooks
{
  struct oci_hook_list prestart; /* deprecated, still run */
  struct oci_hook_list create_runtime;
  struct oci_hook_list create_container;
  struct oci_hook_list start_container;
  struct oci_hook_list poststart;
  struct oci_hook_list poststop;
};

enum oci_namespace_type
{
  OCI_NS_PID = 0,
  OCI_NS_NETWORK,
  OCI_NS_MOUNT,
  OCI_NS_IPC,
  OCI_NS_UTS,
  OCI_NS_USER,
  OCI_NS_CGROUP,
  OCI_NS_TIME,
  OCI_NS_COUNT
};

struct oci_namespace
{
  enum oci_namespace_type type;
  char *path; /* NULL: create a new one */
};

struct oci_time_offset
{
  bool set;
  int64_t secs;
  uint32_t nanosecs;
};

struct oci_device
{
  char type; /* 'c', 'b', 'u', 'p' */
  char *path;
  int64_t major;
  int64_t minor;
  bool has_file_mode;
  uint32_t file_mode;
  bool has_uid;
  uint32_t uid;
  bool has_gid;
  uint32_t gid;
};

struct oci_net_device
{
  char *host_name;      /* the key in linux.netDevices */
  char *name;           /* the name inside the container; NULL keeps host_name */
};

struct oci_device_cgroup
{
  bool allow;
  char type; /* 'a', 'c', 'b'; 'a' when absent */
  bool has_major;
  int64_t major; /* -1 (wildcard) when absent */
  bool has_minor;
  int64_t minor;
  char *access; /* "rwm" subset; NULL = all */
};

struct oci_memory
{
  bool has_limit;
  int64_t limit;
  bool has_reservation;
  int64_t reservation;
  bool has_swap;
  int64_t swap;
  bool has_kernel;
  int64_t kernel;
  bool has_kernel_tcp;
  int64_t kernel_tcp;
  bool has_swappiness;
  uint64_t swappiness;
  bool has_disable_oom_killer;
  bool disable_oom_killer;
  bool has_use_hierarchy;
  bool use_hierarchy;
  bool has_check_before_update;
  bool check_before_update;
};

struct oci_cpu
{
  bool has_shares;
  uint64_t shares;
  bool has_quota;
  int64_t quota;
  bool has_burst;
  uint64_t burst;
  bool has_period;
  uint64_t period;
  bool has_realtime_runtime;
  int64_t realtime_runtime;
  bool has_realtime_period;
  uint64_t realtime_period;
  char *cpus;
  char *mems;
  bool has_idle;
  int64_t idle;
};

struct oci_block_io_weight_device
{
  int64_t major;
  int64_t minor;
  bool has_weight;
  uint16_t weight;
  bool has_leaf_weight;
  uint16_t leaf_weight;
};

struct oci_block_io_throttle
{
  int64_t major;
  int64_t minor;
  uint64_t rate;
};

struct oci_block_io
{
  bool has_weight;
  uint16_t weight;
  bool has_leaf_weight;
  uint16_t leaf_weight;
  struct oci_block_io_weight_device *weight_device;
  size_t n_weight_device;
  struct oci_block_io_throttle *throttle_read_bps_device;
  size_t n_throttle_read_bps_device;
  struct oci_block_io_throttle *throttle_write_bps_device;
  size_t n_throttle_write_bps_device;
  struct oci_block_io_throttle *throttle_read_iops_device;
  size_t n_throttle_read_iops_device;
  struct oci_block_io_throttle *throttle_write_iops_device;
  size_t n_throttle_write_iops_device;
};

struct oci_hugepage_limit
{
  char *page_size; /* "2MB" */
  uint64_t limit;
};

struct oci_net_priority
{
  char *name;
  uint32_t priority;
};

struct oci_network_resources
{
  bool has_class_id;
  uint32_t class_id;
  struct oci_net_priority *priorities;
  size_t n_priorities;
};

struct oci_rdma
{
  char *device; /* the key */
  bool has_hca_handles;
  uint32_t hca_handles;
  bool has_hca_objects;
  uint32_t hca_objects;
};

struct oci_resources
{
  struct oci_device_cgroup *devices;
  size_t n_devices;
  struct oci_memory *memory;   /* NULL when absent */
  struct oci_cpu *cpu;         /* NULL when absent */
  bool has_pids_limit;
  int64_t pids_limit;
  struct oci_block_io *block_io; /* NULL when absent */
  struct oci_hugepage_limit *hugepage_limits;
  size_t n_hugepage_limits;
  struct oci_network_resources *network; /* NULL when absent */
  struct oci_rdma *rdma;
  size_t n_rdma;
  struct oci_map unified;
};

struct oci_intel_rdt
{
  char *clos_id;
  char **schemata;
  size_t n_schemata;
  char *l3_cache_schema;
  char *mem_bw_schema;
  bool enable_monitoring;
};

struct oci_memory_policy
{
  char *mode; /* MPOL_DEFAULT ... */
  int mode_value;
  char *nodes;
  char **flags; /* MPOL_F_NUMA_BALANCING, MPOL_F_RELATIVE_NODES, MPOL_F_STATIC_NODES */
  size_t n_flags;
};

struct oci_seccomp_arg
{
  uint32_t index;
  uint64_t value;
  bool has_value_two;
  uint64_t value_two;
  char *op; /* SCMP_CMP_NE ... ; validated */
};

struct oci_seccomp_syscall
{
  char **names;
  size_t n_names;
  char *action; /* SCMP_ACT_... ; validated */
  bool has_errno_ret;
  uint32_t errno_ret;
  struct oci_seccomp_arg *args;
  size_t n_args;
};

struct oci_seccomp
{
  char *default_action;
  bool has_default_errno_ret;
  uint32_t default_errno_ret;
  char **architectures;
  size_t n_architectures;
  char **flags;
  size_t n_flags;
  char *listener_path;
  char *listener_metadata;
  struct oci_seccomp_syscall *syscalls;
  size_t n_syscalls;
};

struct oci_personality
{
  char *domain; /* LINUX, LINUX32 */
  char **flags;
  size_t n_flags;
};

struct oci_linux
{
  struct oci_namespace *namespaces;
  size_t n_namespaces;
  struct oci_id_mapping *uid_mappings;
  size_t n_uid_mappings;
  struct oci_id_mapping *gid_mappings;
  size_t n_gid_mappings;
  struct oci_time_offset time_monotonic;
  struct oci_time_offset time_boottime;
  struct oci_device *devices;
  size_t n_devices;
  struct oci_net_device *net_devices;
  size_t n_net_devices;
  char *cgroups_path;
  struct oci_resources *resources; /* NULL when absent */
  struct oci_intel_rdt *intel_rdt; /* NULL when absent */
  struct oci_memory_policy *memory_policy; /* NULL when absent */
  struct oci_map sysctl;
  struct oci_seccomp *seccomp; /* NULL when absent */
  char *rootfs_propagation; /* validated: shared, slave, private, unbindable (r* too) */
  char **masked_paths;
  size_t n_masked_paths;
  char **readonly_paths;
  size_t n_readonly_paths;
  char *mount_label;
  struct oci_personality *personality; /* NULL when absent */
};

struct oci_config
{
  char *oci_version;
  struct oci_root *root;       /* NULL when absent */
  struct oci_mount *mounts;
  size_t n_mounts;
  struct oci_process *process; /* NULL when absent (allowed for create-only bundles) */
  char *hostname;
  char *domainname;
  struct oci_hooks *hooks;     /* NULL when absent */
  struct oci_map annotations;
  struct oci_linux *linux_;    /* NULL when absent; "linux" is a predefined macro */
};

/* Parse errors are returned as a malloc'd message in *errmsg, already prefixed
   with the file name (as given by `source`) and the JSON path, e.g.
   "config.json: linux.resources.memory.limit: expected integer, got string".
   Return 0 on success, -1 on failure (*out is then NULL).  errmsg may be
   NULL.  The *_parse_file variants leave errno set when the file cannot be
   read ("config.json: open PATH: No such file or directory").  Every string
   and array in the model is its own malloc'd block, freed by the *_free
   function of the document.  */
int oci_config_parse_data (const char *data, size_t len, const char *source,
                           struct oci_config **out, char **errmsg);
int oci_config_parse_file (const char *path, const char *source,
                           struct oci_config **out, char **errmsg);
void oci_config_free (struct oci_config *c);

/* process.json (for `exec --process`): one oci_process.  */
int oci_process_parse_data (const char *data, size_t len, const char *source,
                            struct oci_process **out, char **errmsg);
int oci_process_parse_file (const char *path, const char *source,
                            struct oci_process **out, char **errmsg);
void oci_process_free (struct oci_process *p);

/* LinuxResources JSON (for `update --resources`).  */
int oci_resources_parse_data (const char *data, size_t len, const char *source,
                              struct oci_resources **out, char **errmsg);
void oci_resources_free (struct oci_resources *r);

/* Lookups shared with the runtime (pure tables, no side effects).  */
const char *oci_namespace_type_name (enum oci_namespace_type t);
int oci_namespace_type_from_name (const char *name); /* -1 when unknown */
const char *oci_map_get (const struct oci_map *m, const char *key);
/* The linux.namespaces entry of type t, or NULL when the config does not
   ask for that namespace (types are unique: the parser refuses duplicates).  */
const struct oci_namespace *oci_config_namespace (const struct oci_config *c,
                                                  enum oci_namespace_type t);

#endif
