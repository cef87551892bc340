/* test-parser.c: libocispec-lite reads every field of config.json, process.json
   and LinuxResources into the model, and the official examples and real
   podman/containerd configs parse.  Error messages: test-parser-errors.c.  */
#include <config.h>

#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci-config.h"
#include "oci-tables.h"
#include "tap.h"
#include "parser-test-util.h"

static void
check_root_mounts (const struct oci_config *c)
{
  const struct oci_mount *m;

  STR (c->oci_version, "1.3.0");
  OK (c->root != NULL);
  STR (c->root->path, "rootfs");
  OK (c->root->readonly);
  NUM (c->n_mounts, 2);
  m = &c->mounts[0];
  STR (m->destination, "/proc");
  STR (m->type, "proc");
  STR (m->source, "proc");
  OK (m->options == NULL && m->n_options == 0);
  OK (m->uid_mappings == NULL && m->n_uid_mappings == 0);
  m = &c->mounts[1];
  STR (m->destination, "/data");
  STR (m->type, "bind");
  STR (m->source, "/srv/data");
  NUM (m->n_options, 3);
  STR (m->options[0], "rbind");
  STR (m->options[1], "ro");
  STR (m->options[2], "idmap");
  OK (m->options[3] == NULL);
  NUM (m->n_uid_mappings, 1);
  NUM (m->uid_mappings[0].container_id, 0);
  NUM (m->uid_mappings[0].host_id, 100000);
  NUM (m->uid_mappings[0].size, 65536);
  NUM (m->n_gid_mappings, 2);
  NUM (m->gid_mappings[0].container_id, 1);
  NUM (m->gid_mappings[0].host_id, 200000);
  NUM (m->gid_mappings[0].size, 1000);
  NUM (m->gid_mappings[1].container_id, 2000);
  NUM (m->gid_mappings[1].host_id, 300000);
  NUM (m->gid_mappings[1].size, 10);
  STR (c->hostname, "berth-host");
  STR (c->domainname, "berth.test");
}

static void
check_process (const struct oci_process *p)
{
  const struct oci_capabilities *k;

  OK (p != NULL);
  OK (p->terminal);
  OK (p->has_console_size);
  NUM (p->console_size.height, 25);
  NUM (p->console_size.width, 80);
  NUM (p->user.uid, 1000);
  NUM (p->user.gid, 1001);
  OK (p->user.has_umask);
  NUM (p->user.umask, 18);
  NUM (p->user.n_additional_gids, 3);
  NUM (p->user.additional_gids[0], 5);
  NUM (p->user.additional_gids[1], 6);
  NUM (p->user.additional_gids[2], 4294967295u);
  STR (p->user.username, "alice");
  NUM (p->n_args, 3);
  STR (p->args[0], "sh");
  STR (p->args[1], "-c");
  STR (p->args[2], "echo hi");
  OK (p->args[3] == NULL);
  STR (p->command_line, "sh -c \"echo hi\"");
  NUM (p->n_env, 2);
  STR (p->env[0], "PATH=/usr/bin:/bin");
  STR (p->env[1], "TERM=xterm");
  STR (p->cwd, "/home/alice");
  k = p->capabilities;
  OK (k != NULL);
  NUM (k->n_bounding, 2);
  STR (k->bounding[0], "CAP_CHOWN");
  STR (k->bounding[1], "CAP_CHECKPOINT_RESTORE");
  NUM (k->n_effective, 1);
  STR (k->effective[0], "CAP_KILL");
  OK (k->inheritable != NULL && k->n_inheritable == 0); /* empty, not absent */
  NUM (k->n_permitted, 2);
  STR (k->permitted[1], "CAP_NET_BIND_SERVICE");
  NUM (k->n_ambient, 1);
  STR (k->ambient[0], "CAP_NET_BIND_SERVICE");
  NUM (p->n_rlimits, 2);
  STR (p->rlimits[0].type, "RLIMIT_NOFILE");
  NUM (p->rlimits[0].resource, 7);
  NUM (p->rlimits[0].soft, 1024);
  NUM (p->rlimits[0].hard, 4096);
  STR (p->rlimits[1].type, "RLIMIT_CORE");
  NUM (p->rlimits[1].resource, 4);
  NUM (p->rlimits[1].soft, 0);
  NUM (p->rlimits[1].hard, UINT64_MAX);
  OK (p->no_new_privileges);
  STR (p->apparmor_profile, "berth-default");
  OK (p->has_oom_score_adj);
  NUM (p->oom_score_adj, -500);
  OK (p->scheduler != NULL);
  STR (p->scheduler->policy, "SCHED_DEADLINE");
  NUM (p->scheduler->policy_value, 6);
  NUM (p->scheduler->nice, -5);
  NUM (p->scheduler->priority, 7);
  NUM (p->scheduler->n_flags, 2);
  STR (p->scheduler->flags[0], "SCHED_FLAG_RESET_ON_FORK");
  STR (p->scheduler->flags[1], "SCHED_FLAG_UTIL_CLAMP_MAX");
  NUM (p->scheduler->runtime, 10000000);
  NUM (p->scheduler->deadline, 20000000);
  NUM (p->scheduler->period, 30000000);
  STR (p->selinux_label, "system_u:system_r:container_t:s0:c1,c2");
  OK (p->io_priority != NULL);
  STR (p->io_priority->class_name, "IOPRIO_CLASS_BE");
  NUM (p->io_priority->class_value, 2);
  NUM (p->io_priority->priority, 4);
  OK (p->exec_cpu_affinity != NULL);
  STR (p->exec_cpu_affinity->initial, "0-1, 3");
  STR (p->exec_cpu_affinity->final, "2");
}

static void
check_hook (const struct oci_hook_list *l, size_t i, const char *path, size_t n_args,
            size_t n_env, int timeout)
{
  OK (i < l->len);
  if (i >= l->len)
    return;
  STR (l->hooks[i].path, path);
  NUM (l->hooks[i].n_args, n_args);
  NUM (l->hooks[i].n_env, n_env);
  OK (l->hooks[i].has_timeout == (timeout > 0));
  NUM (l->hooks[i].timeout, timeout > 0 ? timeout : 0);
}

static void
check_hooks_annotations (const struct oci_config *c)
{
  const struct oci_hooks *h = c->hooks;

  OK (h != NULL);
  NUM (h->prestart.len, 1);
  check_hook (&h->prestart, 0, "/usr/bin/prestart", 2, 1, 3);
  STR (h->prestart.hooks[0].args[1], "a");
  STR (h->prestart.hooks[0].env[0], "K=V");
  NUM (h->create_runtime.len, 2);
  check_hook (&h->create_runtime, 0, "/usr/bin/cr1", 0, 0, 0);
  check_hook (&h->create_runtime, 1, "/usr/bin/cr2", 0, 0, 9);
  NUM (h->create_container.len, 1);
  check_hook (&h->create_container, 0, "/usr/bin/cc", 0, 0, 0);
  NUM (h->start_container.len, 1);
  check_hook (&h->start_container, 0, "/usr/bin/sc", 1, 0, 0);
  NUM (h->poststart.len, 1);
  check_hook (&h->poststart, 0, "/usr/bin/ps", 0, 2, 0);
  STR (h->poststart.hooks[0].env[1], "B=2");
  NUM (h->poststop.len, 1);
  check_hook (&h->poststop, 0, "/usr/bin/pst", 0, 0, 60);

  /* A duplicate key: the last one wins (Go's decoder, as runc reads it).  */
  NUM (c->annotations.len, 2);
  STR (oci_map_get (&c->annotations, "org.example.a"), "dup-last-wins");
  STR (oci_map_get (&c->annotations, "org.example.b"), "two");
  OK (oci_map_get (&c->annotations, "org.example.c") == NULL);
}

static void
check_linux_basics (const struct oci_linux *l)
{
  static const enum oci_namespace_type order[] = {
    OCI_NS_PID, OCI_NS_NETWORK, OCI_NS_MOUNT, OCI_NS_IPC,
    OCI_NS_UTS, OCI_NS_USER,    OCI_NS_CGROUP, OCI_NS_TIME,
  };
  size_t i;

  OK (l != NULL);
  NUM (l->n_namespaces, 8);
  for (i = 0; i < 8 && i < l->n_namespaces; i++)
    NUM (l->namespaces[i].type, order[i]);
  STR (l->namespaces[1].path, "/var/run/netns/x");
  OK (l->namespaces[0].path == NULL);
  NUM (l->n_uid_mappings, 1);
  NUM (l->uid_mappings[0].host_id, 1000);
  NUM (l->uid_mappings[0].size, 32000);
  NUM (l->n_gid_mappings, 1);
  NUM (l->gid_mappings[0].host_id, 2000);
  NUM (l->gid_mappings[0].size, 16000);
  OK (l->time_monotonic.set);
  NUM (l->time_monotonic.secs, -172800);
  NUM (l->time_monotonic.nanosecs, 5);
  OK (l->time_boottime.set);
  NUM (l->time_boottime.secs, 604800);
  NUM (l->time_boottime.nanosecs, 0);
  NUM (l->n_devices, 2);
  NUM (l->devices[0].type, 'c');
  STR (l->devices[0].path, "/dev/fuse");
  NUM (l->devices[0].major, 10);
  NUM (l->devices[0].minor, 229);
  OK (l->devices[0].has_file_mode);
  NUM (l->devices[0].file_mode, 0666);
  OK (l->devices[0].has_uid);
  NUM (l->devices[0].uid, 0);
  OK (l->devices[0].has_gid);
  NUM (l->devices[0].gid, 5);
  NUM (l->devices[1].type, 'p');
  OK (!l->devices[1].has_file_mode && !l->devices[1].has_uid && !l->devices[1].has_gid);
  NUM (l->n_net_devices, 2);
  STR (l->net_devices[0].host_name, "eth0");
  STR (l->net_devices[0].name, "ceth0");
  STR (l->net_devices[1].host_name, "ens4");
  OK (l->net_devices[1].name == NULL);
  STR (l->cgroups_path, "/berth/test");
  STR (l->rootfs_propagation, "rslave");
  NUM (l->n_masked_paths, 2);
  STR (l->masked_paths[0], "/proc/kcore");
  STR (l->masked_paths[1], "/sys/firmware");
  NUM (l->n_readonly_paths, 1);
  STR (l->readonly_paths[0], "/proc/sys");
  STR (l->mount_label, "system_u:object_r:container_file_t:s0");
  NUM (l->sysctl.len, 2);
  STR (oci_map_get (&l->sysctl, "net.ipv4.ip_forward"), "1");
  STR (oci_map_get (&l->sysctl, "kernel.shmmax"), "4096");
}

static void
check_linux_more (const struct oci_linux *l)
{
  const struct oci_seccomp *s = l->seccomp;

  OK (l->intel_rdt != NULL);
  STR (l->intel_rdt->clos_id, "guaranteed");
  NUM (l->intel_rdt->n_schemata, 2);
  STR (l->intel_rdt->schemata[1], "MB:0=20");
  STR (l->intel_rdt->l3_cache_schema, "L3:0=7f");
  STR (l->intel_rdt->mem_bw_schema, "MB:0=20");
  OK (l->intel_rdt->enable_monitoring);
  OK (l->memory_policy != NULL);
  STR (l->memory_policy->mode, "MPOL_BIND");
  NUM (l->memory_policy->mode_value, 2);
  STR (l->memory_policy->nodes, "0-3");
  NUM (l->memory_policy->n_flags, 1);
  STR (l->memory_policy->flags[0], "MPOL_F_STATIC_NODES");
  OK (l->personality != NULL);
  STR (l->personality->domain, "LINUX32");
  OK (l->personality->flags != NULL && l->personality->n_flags == 0);

  OK (s != NULL);
  STR (s->default_action, "SCMP_ACT_ERRNO");
  OK (s->has_default_errno_ret);
  NUM (s->default_errno_ret, 38);
  NUM (s->n_architectures, 2);
  STR (s->architectures[0], "SCMP_ARCH_X86_64");
  STR (s->architectures[1], "SCMP_ARCH_AARCH64");
  NUM (s->n_flags, 2);
  STR (s->flags[0], "SECCOMP_FILTER_FLAG_LOG");
  STR (s->flags[1], "SECCOMP_FILTER_FLAG_SPEC_ALLOW");
  STR (s->listener_path, "/run/seccomp.sock");
  STR (s->listener_metadata, "meta");
  NUM (s->n_syscalls, 2);
  NUM (s->syscalls[0].n_names, 2);
  STR (s->syscalls[0].names[1], "write");
  STR (s->syscalls[0].action, "SCMP_ACT_ALLOW");
  OK (!s->syscalls[0].has_errno_ret);
  NUM (s->syscalls[0].n_args, 0);
  STR (s->syscalls[1].names[0], "personality");
  STR (s->syscalls[1].action, "SCMP_ACT_ERRNO");
  OK (s->syscalls[1].has_errno_ret);
  NUM (s->syscalls[1].errno_ret, 1);
  NUM (s->syscalls[1].n_args, 2);
  NUM (s->syscalls[1].args[0].index, 0);
  NUM (s->syscalls[1].args[0].value, 8);
  OK (!s->syscalls[1].args[0].has_value_two);
  STR (s->syscalls[1].args[0].op, "SCMP_CMP_EQ");
  NUM (s->syscalls[1].args[1].index, 1);
  NUM (s->syscalls[1].args[1].value, UINT64_MAX);
  OK (s->syscalls[1].args[1].has_value_two);
  NUM (s->syscalls[1].args[1].value_two, 4);
  STR (s->syscalls[1].args[1].op, "SCMP_CMP_MASKED_EQ");
}

static void
check_resources (const struct oci_resources *r)
{
  const struct oci_block_io *b;

  OK (r != NULL);
  NUM (r->n_devices, 3);
  OK (!r->devices[0].allow);
  NUM (r->devices[0].type, 'a');
  OK (!r->devices[0].has_major && !r->devices[0].has_minor);
  NUM (r->devices[0].major, -1);
  NUM (r->devices[0].minor, -1);
  STR (r->devices[0].access, "rwm");
  OK (r->devices[1].allow);
  NUM (r->devices[1].type, 'c');
  OK (r->devices[1].has_major && r->devices[1].has_minor);
  NUM (r->devices[1].major, 10);
  NUM (r->devices[1].minor, 229);
  STR (r->devices[1].access, "rw");
  NUM (r->devices[2].type, 'b');
  NUM (r->devices[2].major, 8);
  OK (!r->devices[2].has_minor);
  NUM (r->devices[2].minor, -1);
  OK (r->devices[2].access == NULL);

  OK (r->memory != NULL);
  OK (r->memory->has_limit);
  NUM (r->memory->limit, 536870912);
  OK (r->memory->has_reservation);
  NUM (r->memory->reservation, 268435456);
  OK (r->memory->has_swap);
  NUM (r->memory->swap, -1);
  OK (r->memory->has_kernel);
  NUM (r->memory->kernel, -1);
  OK (r->memory->has_kernel_tcp);
  NUM (r->memory->kernel_tcp, 1048576);
  OK (r->memory->has_swappiness);
  NUM (r->memory->swappiness, 60);
  OK (r->memory->has_disable_oom_killer && r->memory->disable_oom_killer);
  OK (r->memory->has_use_hierarchy && !r->memory->use_hierarchy);
  OK (r->memory->has_check_before_update && r->memory->check_before_update);

  OK (r->cpu != NULL);
  OK (r->cpu->has_shares);
  NUM (r->cpu->shares, 1024);
  OK (r->cpu->has_quota);
  NUM (r->cpu->quota, 50000);
  OK (r->cpu->has_burst);
  NUM (r->cpu->burst, 10000);
  OK (r->cpu->has_period);
  NUM (r->cpu->period, 100000);
  OK (r->cpu->has_realtime_runtime);
  NUM (r->cpu->realtime_runtime, 950000);
  OK (r->cpu->has_realtime_period);
  NUM (r->cpu->realtime_period, 1000000);
  STR (r->cpu->cpus, "0-1");
  STR (r->cpu->mems, "0");
  OK (r->cpu->has_idle);
  NUM (r->cpu->idle, 1);

  OK (r->has_pids_limit);
  NUM (r->pids_limit, 32771);

  b = r->block_io;
  OK (b != NULL);
  OK (b->has_weight);
  NUM (b->weight, 500);
  OK (b->has_leaf_weight);
  NUM (b->leaf_weight, 300);
  NUM (b->n_weight_device, 2);
  NUM (b->weight_device[0].major, 8);
  NUM (b->weight_device[0].minor, 0);
  OK (b->weight_device[0].has_weight);
  NUM (b->weight_device[0].weight, 600);
  OK (b->weight_device[0].has_leaf_weight);
  NUM (b->weight_device[0].leaf_weight, 200);
  NUM (b->weight_device[1].minor, 16);
  OK (!b->weight_device[1].has_weight && !b->weight_device[1].has_leaf_weight);
  NUM (b->n_throttle_read_bps_device, 1);
  NUM (b->throttle_read_bps_device[0].rate, 600);
  NUM (b->n_throttle_write_bps_device, 1);
  NUM (b->throttle_write_bps_device[0].minor, 1);
  NUM (b->throttle_write_bps_device[0].rate, 700);
  NUM (b->n_throttle_read_iops_device, 1);
  NUM (b->throttle_read_iops_device[0].minor, 2);
  NUM (b->throttle_read_iops_device[0].rate, 800);
  NUM (b->n_throttle_write_iops_device, 1);
  NUM (b->throttle_write_iops_device[0].major, 8);
  NUM (b->throttle_write_iops_device[0].minor, 3);
  NUM (b->throttle_write_iops_device[0].rate, 900);

  NUM (r->n_hugepage_limits, 2);
  STR (r->hugepage_limits[0].page_size, "2MB");
  NUM (r->hugepage_limits[0].limit, 9223372036854772000ull);
  STR (r->hugepage_limits[1].page_size, "1GB");
  NUM (r->hugepage_limits[1].limit, 0);

  OK (r->network != NULL);
  OK (r->network->has_class_id);
  NUM (r->network->class_id, 1048577);
  NUM (r->network->n_priorities, 1);
  STR (r->network->priorities[0].name, "eth0");
  NUM (r->network->priorities[0].priority, 500);

  NUM (r->n_rdma, 2);
  STR (r->rdma[0].device, "mlx5_1");
  OK (r->rdma[0].has_hca_handles);
  NUM (r->rdma[0].hca_handles, 3);
  OK (r->rdma[0].has_hca_objects);
  NUM (r->rdma[0].hca_objects, 10000);
  STR (r->rdma[1].device, "rxe3");
  OK (!r->rdma[1].has_hca_handles);
  NUM (r->rdma[1].hca_objects, 7);

  NUM (r->unified.len, 2);
  STR (oci_map_get (&r->unified, "memory.high"), "max");
  STR (oci_map_get (&r->unified, "io.weight"), "default 100");
}

static void
test_full_config (void)
{
  struct oci_config *c = NULL;
  char *err = NULL;
  char *path = data_path ("full-config.json");
  int r = oci_config_parse_file (path, "config.json", &c, &err);

  TAP_OK (r == 0, "full-config.json parses%s%s", err ? ": " : "", err ? err : "");
  free (path);
  free (err);
  if (r != 0)
    return;
  check_root_mounts (c);
  check_process (c->process);
  check_hooks_annotations (c);
  check_linux_basics (c->linux_);
  OK (oci_config_namespace (c, OCI_NS_NETWORK) == &c->linux_->namespaces[1]);
  STR (oci_config_namespace (c, OCI_NS_NETWORK)->path, "/var/run/netns/x");
  check_linux_more (c->linux_);
  check_resources (c->linux_->resources);
  oci_config_free (c);
}

/* Absent stays absent: NULL pointers, has_* false, empty maps.  */
static void
test_minimal_config (void)
{
  static const char doc[] = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"/r\"}}";
  struct oci_config *c = NULL;
  char *err = NULL;
  int r = oci_config_parse_data (doc, sizeof doc - 1, "config.json", &c, &err);

  TAP_OK (r == 0 && c != NULL, "minimal config parses");
  if (r != 0)
    {
      free (err);
      return;
    }
  OK (c->process == NULL && c->hooks == NULL && c->linux_ == NULL);
  OK (oci_config_namespace (c, OCI_NS_PID) == NULL);
  OK (c->mounts == NULL && c->n_mounts == 0);
  OK (c->annotations.len == 0 && c->hostname == NULL && c->domainname == NULL);
  OK (!c->root->readonly);
  oci_config_free (c);
}

/* JSON null reads as absent, like Go's decoder (runc).  */
static void
test_nulls (void)
{
  static const char doc[] = "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\",\"readonly\":null},"
                            "\"hostname\":null,\"hooks\":null,\"linux\":{\"resources\":{"
                            "\"memory\":{\"limit\":null},\"cpu\":null},\"namespaces\":null},"
                            "\"process\":{\"cwd\":\"/\",\"args\":[\"a\"],\"oomScoreAdj\":null,"
                            "\"capabilities\":{\"bounding\":null}}}";
  struct oci_config *c = NULL;
  char *err = NULL;
  int r = oci_config_parse_data (doc, sizeof doc - 1, "config.json", &c, &err);

  TAP_OK (r == 0, "nulls read as absent%s%s", err ? ": " : "", err ? err : "");
  free (err);
  if (r != 0)
    return;
  OK (c->hostname == NULL && c->hooks == NULL);
  OK (c->linux_->resources->memory != NULL && !c->linux_->resources->memory->has_limit);
  OK (c->linux_->resources->cpu == NULL && c->linux_->namespaces == NULL);
  OK (!c->process->has_oom_score_adj);
  OK (c->process->capabilities->bounding == NULL);
  oci_config_free (c);
}

static void
test_process_json (void)
{
  struct oci_process *p = NULL;
  char *err = NULL;
  char *path = data_path ("fixtures/podman-exec-process.json");
  int r = oci_process_parse_file (path, "process.json", &p, &err);

  TAP_OK (r == 0, "podman process.json parses%s%s", err ? ": " : "", err ? err : "");
  free (path);
  free (err);
  if (r != 0)
    return;
  OK (p->terminal);
  NUM (p->n_args, 1);
  STR (p->args[0], "tty");
  STR (p->cwd, "/");
  NUM (p->n_env, 4);
  STR (p->env[3], "HOME=/root");
  NUM (p->capabilities->n_bounding, 14);
  OK (p->capabilities->ambient == NULL);
  NUM (p->n_rlimits, 2);
  STR (p->rlimits[1].type, "RLIMIT_NPROC");
  NUM (p->rlimits[1].hard, 32768);
  oci_process_free (p);

  path = data_path ("fixtures/containerd-exec-process.json");
  err = NULL;
  r = oci_process_parse_file (path, "process.json", &p, &err);
  TAP_OK (r == 0, "containerd process.json parses%s%s", err ? ": " : "", err ? err : "");
  free (path);
  free (err);
  if (r != 0)
    return;
  OK (p->no_new_privileges);
  NUM (p->user.n_additional_gids, 1);
  oci_process_free (p);
}

static void
test_resources_json (void)
{
  static const char doc[] = "{\"memory\":{\"limit\":1048576,\"swap\":2097152},"
                            "\"cpu\":{\"quota\":-1,\"cpus\":\"0\"},\"pids\":{\"limit\":-1},"
                            "\"blockIO\":{\"weight\":100},\"unified\":{\"pids.max\":\"10\"}}";
  struct oci_resources *r = NULL;
  char *err = NULL;
  int ret = oci_resources_parse_data (doc, sizeof doc - 1, "resources.json", &r, &err);

  TAP_OK (ret == 0, "update --resources document parses%s%s", err ? ": " : "", err ? err : "");
  free (err);
  if (ret != 0)
    return;
  NUM (r->memory->limit, 1048576);
  NUM (r->memory->swap, 2097152);
  OK (!r->memory->has_reservation);
  NUM (r->cpu->quota, -1);
  STR (r->cpu->cpus, "0");
  OK (r->has_pids_limit);
  NUM (r->pids_limit, -1);
  NUM (r->block_io->weight, 100);
  STR (oci_map_get (&r->unified, "pids.max"), "10");
  OK (r->devices == NULL && r->network == NULL && r->n_rdma == 0);
  oci_resources_free (r);
}

/* The official good examples parse; the bad ones fail for their reason.  */
static void
test_schema_examples (void)
{
  static const char *const good[] = {
    "freebsd-example.json", "freebsd-minimal.json", "linux-netdevice.json",
    "linux-rdma.json",      "minimal-for-start.json", "minimal.json",
    "spec-example.json",    "zos-example.json",       "zos-minimal.json",
  };
  static const struct
  {
    const char *file, *want;
  } bad[] = {
    { "invalid-json.json", "config.json:1:2: parse error: invalid object key (must be a string)" },
    { "linux-hugepage.json", "config.json: linux.resources.hugepageLimits[0].pageSize: invalid "
                             "page size \"64kB\" (want a number and KB, MB or GB)" },
    { "linux-netdevice.json", "config.json: linux.netDevices.eth0.name: expected string, got "
                              "integer" },
    { "linux-rdma.json", "config.json: linux.resources.rdma.mlx5_1.hcaHandles: expected "
                         "integer, got string" },
  };
  size_t i;

  for (i = 0; i < sizeof good / sizeof good[0]; i++)
    {
      char name[128], *path, *err = NULL;
      struct oci_config *c = NULL;
      int r;
      snprintf (name, sizeof name, "schema-good/%s", good[i]);
      path = data_path (name);
      r = oci_config_parse_file (path, "config.json", &c, &err);
      TAP_OK (r == 0, "good example %s parses%s%s", good[i], err ? ": " : "", err ? err : "");
      oci_config_free (c);
      free (err);
      free (path);
    }
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      char name[128], *path, *err = NULL;
      struct oci_config *c = NULL;
      int r;
      snprintf (name, sizeof name, "schema-bad/%s", bad[i].file);
      path = data_path (name);
      r = oci_config_parse_file (path, "config.json", &c, &err);
      TAP_OK (r < 0 && c == NULL, "bad example %s is refused", bad[i].file);
      TAP_STR_EQ (err, bad[i].want, "bad example %s: message", bad[i].file);
      free (err);
      free (path);
    }
  /* bad/freebsd-vnet-disable.json is bad only for its freebsd.jail.vnet
     value: a Linux runtime does not read the freebsd section (as it does
     not read windows or solaris), so it parses here.  */
  {
    char *path = data_path ("schema-bad/freebsd-vnet-disable.json"), *err = NULL;
    struct oci_config *c = NULL;
    int r = oci_config_parse_file (path, "config.json", &c, &err);
    TAP_OK (r == 0, "bad/freebsd-vnet-disable.json: the freebsd section is not read on Linux");
    oci_config_free (c);
    free (err);
    free (path);
  }
}

static void
test_fixtures (void)
{
  struct oci_config *c = NULL;
  char *err = NULL, *path = data_path ("fixtures/podman-config.json");
  int r = oci_config_parse_file (path, "config.json", &c, &err);

  TAP_OK (r == 0, "podman config.json parses%s%s", err ? ": " : "", err ? err : "");
  free (path);
  free (err);
  if (r == 0)
    {
      STR (c->oci_version, "1.0.2-dev");
      STR (c->hostname, "7ed071daccbc");
      NUM (c->process->user.umask, 18);
      OK (c->linux_->seccomp != NULL);
      NUM (c->linux_->seccomp->n_architectures, 3);
      NUM (c->linux_->resources->pids_limit, 2048);
      OK (c->n_mounts > 5);
      oci_config_free (c);
    }

  path = data_path ("fixtures/containerd-config.json");
  err = NULL;
  r = oci_config_parse_file (path, "config.json", &c, &err);
  TAP_OK (r == 0, "containerd config.json parses%s%s", err ? ": " : "", err ? err : "");
  free (path);
  free (err);
  if (r == 0)
    {
      NUM (c->linux_->resources->n_devices, 10);
      OK (!c->linux_->resources->devices[8].has_minor);
      NUM (c->linux_->resources->devices[8].major, 136);
      OK (c->linux_->resources->cpu->has_shares);
      oci_config_free (c);
    }
}

/* Large objects take the sorting path of duplicate detection: 120 members
   over 40 keys keep 40, each with its last value, in document order.  */
static void
test_many_duplicate_keys (void)
{
  char *doc = NULL, *err = NULL;
  size_t size = 0, i;
  struct oci_config *c = NULL;
  FILE *f = open_memstream (&doc, &size);
  int r, last_ok = 1;

  fputs ("{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"r\"},\"annotations\":{", f);
  for (i = 0; i < 120; i++)
    fprintf (f, "%s\"k%zu\":\"v%zu\"", i ? "," : "", i % 40, i);
  fputs ("}}", f);
  fclose (f);
  r = oci_config_parse_data (doc, size, "config.json", &c, &err);
  TAP_OK (r == 0, "120 annotations over 40 keys parse");
  free (doc);
  free (err);
  if (r != 0)
    return;
  NUM (c->annotations.len, 40);
  for (i = 0; i < 40; i++)
    {
      char key[16], want[16];
      snprintf (key, sizeof key, "k%zu", i);
      snprintf (want, sizeof want, "v%zu", i + 80);
      if (strcmp (c->annotations.keys[i], key) != 0
          || strcmp (oci_map_get (&c->annotations, key), want) != 0)
        last_ok = 0;
    }
  TAP_OK (last_ok, "each duplicate key keeps its last value, keys in order");
  oci_config_free (c);
}

/* Whatever the shared corpus holds now ($FIXTURES_DIR, $SCHEMA_DIR as
   tests/run-all.sh exports them): every *config.json and *process.json
   fixture and every good schema example parses.  Skipped when unset.  */
static void
parse_glob (const char *dir, const char *pattern, bool process)
{
  char *pat;
  glob_t g;
  size_t i;

  if (asprintf (&pat, "%s/%s", dir, pattern) < 0)
    abort ();
  if (glob (pat, 0, NULL, &g) != 0)
    {
      printf ("ok %d - %s # SKIP no match\n", ++tap_n, pat);
      free (pat);
      return;
    }
  for (i = 0; i < g.gl_pathc; i++)
    {
      char *err = NULL;
      int r;
      if (process)
        {
          struct oci_process *p = NULL;
          r = oci_process_parse_file (g.gl_pathv[i], "process.json", &p, &err);
          oci_process_free (p);
        }
      else
        {
          struct oci_config *c = NULL;
          r = oci_config_parse_file (g.gl_pathv[i], "config.json", &c, &err);
          oci_config_free (c);
        }
      TAP_OK (r == 0, "shared corpus: %s parses%s%s", g.gl_pathv[i], err ? ": " : "",
              err ? err : "");
      free (err);
    }
  globfree (&g);
  free (pat);
}

static void
test_shared_corpus (void)
{
  const char *fixtures = getenv ("FIXTURES_DIR"), *schema = getenv ("SCHEMA_DIR");
  if (fixtures && *fixtures)
    {
      parse_glob (fixtures, "*config.json", false);
      parse_glob (fixtures, "*process.json", true);
    }
  else
    printf ("ok %d - shared fixtures # SKIP FIXTURES_DIR not set\n", ++tap_n);
  if (schema && *schema)
    parse_glob (schema, "test/config/good/*.json", false);
  else
    printf ("ok %d - shared schema examples # SKIP SCHEMA_DIR not set\n", ++tap_n);
}

/* Escaped strings and keys are decoded (the tree copies only those; plain
   ones are read in place): values, map keys, and keys the walker matches.  */
static void
test_escapes (void)
{
  static const char doc[] = "{\"ociVersion\":\"1.0.0\",\"r\\u006f\\u006ft\":{\"path\":\"r\\u00e9\\/x\"},"
                            "\"hostname\":\"a\\\"b\\\\c\",\"annotations\":{\"k\\u00e9y\":\"v\\nw\","
                            "\"plain\":\"x\\ty\"},\"linux\":{\"sysctl\":{\"net.a\\/b\":\"\\u0031\"}}}";
  struct oci_config *c = NULL;
  char *err = NULL;
  int r = oci_config_parse_data (doc, sizeof doc - 1, "config.json", &c, &err);

  TAP_OK (r == 0, "escaped strings and keys parse%s%s", err ? ": " : "", err ? err : "");
  free (err);
  if (r != 0)
    return;
  OK (c->root != NULL); /* "r\u006f\u006ft" is the key "root" */
  STR (c->root->path, "r\xc3\xa9/x");
  STR (c->hostname, "a\"b\\c");
  STR (oci_map_get (&c->annotations, "k\xc3\xa9y"), "v\nw");
  STR (oci_map_get (&c->annotations, "plain"), "x\ty");
  STR (oci_map_get (&c->linux_->sysctl, "net.a/b"), "1");
  oci_config_free (c);
}

static void
test_open_error (void)
{
  struct oci_config *c = (struct oci_config *) 1;
  char *err = NULL;
  int r = oci_config_parse_file ("/nonexistent/berth/config.json", "config.json", &c, &err);
  TAP_OK (r < 0 && c == NULL, "missing file is an error");
  TAP_STR_EQ (err, "config.json: open /nonexistent/berth/config.json: No such file or directory",
              "missing file: message names the path and errno");
  free (err);
}

int
main (void)
{
  test_full_config ();
  test_minimal_config ();
  test_nulls ();
  test_process_json ();
  test_resources_json ();
  test_schema_examples ();
  test_fixtures ();
  test_escapes ();
  test_many_duplicate_keys ();
  test_shared_corpus ();
  test_open_error ();
  return tap_done ();
}
