/* test-cgroup.c: the cgroup placement, the v1/v2 writers and their
   conversions, on a FAKE cgroupfs (plain directories and files under /tmp),
   and the eBPF device filter run through a small interpreter.  No root.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "cgroup.h"
#include "tap.h"
#include "util.h"

static char tmp[] = "/tmp/berth-test-cgroup.XXXXXX";

static char *
pathf (const char *fmt, ...)
{
  va_list ap;
  char *rel = NULL, *p;
  va_start (ap, fmt);
  if (vasprintf (&rel, fmt, ap) < 0)
    abort ();
  va_end (ap);
  p = xasprintf ("%s/%s", tmp, rel);
  free (rel);
  return p;
}

static void
mkdirs (const char *rel)
{
  cleanup_free char *p = pathf ("%s", rel);
  mkdir_p (p, 0755, NULL);
}

/* Create (empty, or with CONTENT) the file REL under the fake tree.  */
static void
touch (const char *rel, const char *content)
{
  cleanup_free char *p = pathf ("%s", rel);
  FILE *f = fopen (p, "w");
  if (f == NULL)
    abort ();
  if (content)
    fputs (content, f);
  fclose (f);
}

static char *
slurp (const char *rel)
{
  cleanup_free char *p = pathf ("%s", rel);
  char *buf = NULL;
  if (read_all_file (p, &buf, NULL, NULL) < 0)
    return NULL;
  return buf;
}

#define FILE_EQ(rel, want, ...)                                                \
  do                                                                           \
    {                                                                          \
      cleanup_free char *got_ = slurp (rel);                                   \
      TAP_STR_EQ (got_, want, __VA_ARGS__);                                    \
    }                                                                          \
  while (0)

static const char *const v1_files[][2] = {
  { "memory", "memory.use_hierarchy" },       { "memory", "memory.limit_in_bytes" },
  { "memory", "memory.memsw.limit_in_bytes" }, { "memory", "memory.soft_limit_in_bytes" },
  { "memory", "memory.kmem.limit_in_bytes" }, { "memory", "memory.kmem.tcp.limit_in_bytes" },
  { "memory", "memory.swappiness" },          { "memory", "memory.oom_control" },
  { "memory", "memory.usage_in_bytes" },      { "cpu,cpuacct", "cpu.shares" },
  { "cpu,cpuacct", "cpu.cfs_period_us" },     { "cpu,cpuacct", "cpu.cfs_quota_us" },
  { "cpu,cpuacct", "cpu.cfs_burst_us" },      { "cpu,cpuacct", "cpu.rt_period_us" },
  { "cpu,cpuacct", "cpu.rt_runtime_us" },     { "cpu,cpuacct", "cpu.idle" },
  { "cpuset", "cpuset.cpus" },                { "cpuset", "cpuset.mems" },
  { "pids", "pids.max" },                     { "blkio", "blkio.bfq.weight" },
  { "blkio", "blkio.leaf_weight" },           { "blkio", "blkio.throttle.read_bps_device" },
  { "hugetlb", "hugetlb.2MB.limit_in_bytes" }, { "net_cls", "net_cls.classid" },
  { "devices", "devices.allow" },             { "devices", "devices.deny" },
  { "freezer", "freezer.state" },
};

/* A v1 host: one hierarchy per controller, cpu+cpuacct co-mounted, net_prio
   listed by the kernel but not mounted; the container dir already exists.  */
static void
make_fake_v1 (void)
{
  size_t i;
  mkdirs ("v1");
  touch ("self-v1", "12:name=systemd:/user.slice\n11:net_prio:/\n10:rdma:/\n9:pids:/\n8:blkio:/\n"
                    "7:freezer:/\n6:devices:/\n5:memory:/process_api/abc\n4:cpuset:/\n"
                    "3:cpu,cpuacct:/\n2:hugetlb:/\n1:net_cls:/\n0::/\n");
  for (i = 0; i < sizeof v1_files / sizeof v1_files[0]; i++)
    {
      cleanup_free char *d = xasprintf ("v1/%s/t/c1", v1_files[i][0]);
      cleanup_free char *f = xasprintf ("%s/%s", d, v1_files[i][1]);
      mkdirs (d);
      touch (f, NULL);
    }
  mkdirs ("v1/systemd/t/c1");
  touch ("v1/systemd/t/c1/cgroup.procs", NULL);
  mkdirs ("v1/rdma/t/c1");
}

static struct cgroup_manager *
fake_manager (const char *layout_dir, const char *self, enum cgroup_layout layout,
              const char *cgroups_path, const char *id)
{
  struct oci_linux lx = { 0 };
  struct oci_config c = { 0 };
  cleanup_free char *root = pathf ("%s", layout_dir);
  cleanup_free char *selfp = pathf ("%s", self);
  struct cgroup_options o = { root, selfp, layout, false };
  struct cgroup_manager *m = NULL;
  cleanup_error berth_error_t *err = NULL;

  lx.cgroups_path = (char *) cgroups_path;
  c.linux_ = &lx;
  if (cgroup_manager_new (&c, id, &o, &m, &err) < 0)
    printf ("# cgroup_manager_new: %s\n", err->msg);
  return m;
}

static const char *
rel_path (const struct cgroup_manager *m, enum cgroup_controller c)
{
  const char *p = cgroup_manager_path (m, c);
  return p ? p + strlen (tmp) : "(none)";
}

static void
test_placement (void)
{
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  cleanup_cgroup_manager struct cgroup_manager *rel = NULL;
  cleanup_cgroup_manager struct cgroup_manager *def = NULL;
  cleanup_cgroup_manager struct cgroup_manager *back = NULL;
  cleanup_error berth_error_t *err = NULL;
  cleanup_free char *record = NULL;
  enum cgroup_layout layout = CGROUP_LAYOUT_UNKNOWN;
  struct cgroup_options sysd = { .systemd = true };
  cleanup_free char *v1root = pathf ("v1");

  TAP_OK (cgroup_detect_layout (v1root, &layout, NULL) == 0 && layout == CGROUP_LAYOUT_LEGACY,
          "a plain directory as root is a legacy (v1) layout");

  m = fake_manager ("v1", "self-v1", CGROUP_LAYOUT_LEGACY, "/t/c1", "c1");
  TAP_OK (m != NULL, "absolute cgroupsPath plans");
  if (m == NULL)
    return;
  TAP_STR_EQ (rel_path (m, CGROUP_MEMORY), "/v1/memory/t/c1", "absolute: memory under the hierarchy root, not our own cgroup");
  TAP_STR_EQ (rel_path (m, CGROUP_CPUACCT), "/v1/cpu,cpuacct/t/c1", "co-mounted cpu,cpuacct share one directory");
  TAP_OK (m->by_controller[CGROUP_CPU] == m->by_controller[CGROUP_CPUACCT], "cpu and cpuacct map to the same dir");
  TAP_OK (m->by_controller[CGROUP_NET_PRIO] < 0, "a hierarchy that is not mounted is skipped");
  TAP_OK (m->dirs[m->by_controller[CGROUP_MEMORY]].owned == strlen (m->dirs[m->by_controller[CGROUP_MEMORY]].path),
          "a leaf under an existing parent is planned as new, without a stat (mkdir checks)");
  TAP_OK (m->unified < 0, "legacy layout: no cgroup2 directory");

  rel = fake_manager ("v1", "self-v1", CGROUP_LAYOUT_HYBRID, "ctr/x", "x");
  TAP_OK (rel != NULL, "relative cgroupsPath plans");
  if (rel)
    {
      const struct cgroup_dir *d = &rel->dirs[rel->by_controller[CGROUP_MEMORY]];
      TAP_STR_EQ (rel_path (rel, CGROUP_MEMORY), "/v1/memory/process_api/abc/ctr/x",
                  "relative: under the caller's own memory cgroup");
      TAP_OK (d->owned == strlen (tmp) + strlen ("/v1/memory/process_api/abc/ctr"),
              "owned starts at the first missing level (ctr), never at process_api");
      TAP_OK (rel->unified >= 0, "hybrid: a cgroup2 directory is planned too");
      if (rel->unified >= 0)
        TAP_STR_EQ (rel->dirs[rel->unified].path + strlen (tmp), "/v1/unified/ctr/x",
                    "hybrid: the unified dir is under ROOT/unified");
    }

  def = fake_manager ("v1", "self-v1", CGROUP_LAYOUT_LEGACY, NULL, "id9");
  TAP_OK (def != NULL, "unset cgroupsPath plans");
  if (def)
    {
      const struct cgroup_dir *d = &def->dirs[def->by_controller[CGROUP_PIDS]];
      TAP_STR_EQ (d->path + strlen (tmp), "/v1/pids/berth/id9", "unset: /berth/ID");
      TAP_OK (d->owned == strlen (tmp) + strlen ("/v1/pids/berth"), "unset: /berth is berth's own");
    }

  TAP_OK (fake_manager ("v1", "self-v1", CGROUP_LAYOUT_LEGACY, "/t/../../etc", "x") == NULL,
          "`..` in cgroupsPath is refused");
  TAP_OK (fake_manager ("v1", "self-v1", CGROUP_LAYOUT_LEGACY, "/t/a\tb", "x") == NULL,
          "a control character in cgroupsPath is refused");
  TAP_OK (cgroup_manager_new (NULL, "x", &sysd, &back, &err) < 0 && strstr (err->msg, "systemd"),
          "--systemd-cgroup fails with a message naming systemd");
  berth_error_free (&err);

  record = cgroup_manager_record (m);
  TAP_OK (cgroup_manager_from_record (record, &back, &err) == 0, "the record parses back");
  if (back)
    {
      cleanup_free char *again = cgroup_manager_record (back);
      TAP_STR_EQ (again, record, "record round trip is exact");
      TAP_OK (back->by_controller[CGROUP_CPUACCT] == m->by_controller[CGROUP_CPUACCT],
              "controllers are rebuilt from the record");
    }
  TAP_OK (strchr (record, '\n') == NULL, "the record is one line (one \"KIND VALUE\" line of the state)");
  TAP_OK (cgroup_manager_from_record ("berth-cgroup-1 v1\t0\t0\tmemory\t/x/../y", &back, &err) < 0,
          "a malformed record is refused");
  berth_error_free (&err);
}

static void
test_v1_writes (void)
{
  cleanup_cgroup_manager struct cgroup_manager *m = fake_manager ("v1", "self-v1", CGROUP_LAYOUT_LEGACY, "/t/c1", "c1");
  cleanup_error berth_error_t *err = NULL;
  struct oci_memory mem = { 0 };
  struct oci_cpu cpu = { 0 };
  struct oci_block_io bio = { 0 };
  struct oci_block_io_throttle thr = { 8, 0, 1048576 };
  struct oci_hugepage_limit huge = { (char *) "2MB", 4194304 };
  struct oci_network_resources net = { 0 };
  struct oci_resources r = { 0 };
  struct oci_map unified = { 0 };
  char *ukeys[] = { (char *) "memory.high" }, *uvals[] = { (char *) "1M" };

  if (m == NULL)
    return;
  mem.has_limit = true, mem.limit = 67108864;
  mem.has_swap = true, mem.swap = 134217728;
  mem.has_reservation = true, mem.reservation = 33554432;
  mem.has_kernel = true, mem.kernel = 16777216;
  mem.has_kernel_tcp = true, mem.kernel_tcp = 8388608;
  mem.has_swappiness = true, mem.swappiness = 10;
  mem.has_disable_oom_killer = true, mem.disable_oom_killer = true;
  mem.has_use_hierarchy = true, mem.use_hierarchy = true;
  cpu.has_shares = true, cpu.shares = 512;
  cpu.has_quota = true, cpu.quota = 50000;
  cpu.has_period = true, cpu.period = 100000;
  cpu.has_burst = true, cpu.burst = 1000;
  cpu.has_realtime_period = true, cpu.realtime_period = 1000000;
  cpu.has_realtime_runtime = true, cpu.realtime_runtime = 950000;
  cpu.has_idle = true, cpu.idle = 1;
  cpu.cpus = (char *) "0-1";
  cpu.mems = (char *) "0";
  bio.has_weight = true, bio.weight = 300;
  bio.has_leaf_weight = true, bio.leaf_weight = 200;
  bio.throttle_read_bps_device = &thr, bio.n_throttle_read_bps_device = 1;
  net.has_class_id = true, net.class_id = 0x100001;
  r.memory = &mem, r.cpu = &cpu, r.block_io = &bio, r.network = &net;
  r.has_pids_limit = true, r.pids_limit = 42;
  r.hugepage_limits = &huge, r.n_hugepage_limits = 1;

  TAP_OK (cgroup_v1_write_resources (m, &r, false, &err) == 0, "v1: every resource applies");
  if (err)
    printf ("# %s\n", err->msg);
  berth_error_free (&err);
  FILE_EQ ("v1/memory/t/c1/memory.limit_in_bytes", "67108864", "v1 memory.limit -> memory.limit_in_bytes");
  FILE_EQ ("v1/memory/t/c1/memory.memsw.limit_in_bytes", "134217728",
           "v1 memory.swap is memory+swap: written as is to memsw");
  FILE_EQ ("v1/memory/t/c1/memory.soft_limit_in_bytes", "33554432", "v1 reservation -> soft_limit_in_bytes");
  FILE_EQ ("v1/memory/t/c1/memory.kmem.limit_in_bytes", "16777216", "v1 kernel -> kmem.limit_in_bytes");
  FILE_EQ ("v1/memory/t/c1/memory.kmem.tcp.limit_in_bytes", "8388608", "v1 kernelTCP -> kmem.tcp");
  FILE_EQ ("v1/memory/t/c1/memory.swappiness", "10", "v1 swappiness");
  FILE_EQ ("v1/memory/t/c1/memory.oom_control", "1", "v1 disableOOMKiller -> oom_control 1");
  FILE_EQ ("v1/memory/t/c1/memory.use_hierarchy", "1", "v1 useHierarchy");
  FILE_EQ ("v1/cpu,cpuacct/t/c1/cpu.shares", "512", "v1 cpu.shares as is");
  FILE_EQ ("v1/cpu,cpuacct/t/c1/cpu.cfs_quota_us", "50000", "v1 quota -> cfs_quota_us");
  FILE_EQ ("v1/cpu,cpuacct/t/c1/cpu.cfs_period_us", "100000", "v1 period -> cfs_period_us");
  FILE_EQ ("v1/cpu,cpuacct/t/c1/cpu.cfs_burst_us", "1000", "v1 burst -> cfs_burst_us");
  FILE_EQ ("v1/cpu,cpuacct/t/c1/cpu.rt_period_us", "1000000", "v1 realtimePeriod");
  FILE_EQ ("v1/cpu,cpuacct/t/c1/cpu.rt_runtime_us", "950000", "v1 realtimeRuntime");
  FILE_EQ ("v1/cpu,cpuacct/t/c1/cpu.idle", "1", "v1 cpu.idle");
  FILE_EQ ("v1/cpuset/t/c1/cpuset.cpus", "0-1", "v1 cpus -> cpuset.cpus");
  FILE_EQ ("v1/cpuset/t/c1/cpuset.mems", "0", "v1 mems -> cpuset.mems");
  FILE_EQ ("v1/pids/t/c1/pids.max", "42", "v1 pids.limit -> pids.max");
  FILE_EQ ("v1/blkio/t/c1/blkio.bfq.weight", "300", "v1 blkio.weight falls back to blkio.bfq.weight when CFQ is absent");
  FILE_EQ ("v1/blkio/t/c1/blkio.leaf_weight", "200", "v1 leafWeight");
  FILE_EQ ("v1/blkio/t/c1/blkio.throttle.read_bps_device", "8:0 1048576", "v1 throttle read bps line");
  FILE_EQ ("v1/hugetlb/t/c1/hugetlb.2MB.limit_in_bytes", "4194304", "v1 hugepageLimits -> hugetlb.2MB.limit_in_bytes");
  FILE_EQ ("v1/net_cls/t/c1/net_cls.classid", "1048577", "v1 network.classID -> net_cls.classid");

  /* pids: -1 or 0 means unlimited */
  {
    struct oci_resources p = { 0 };
    p.has_pids_limit = true, p.pids_limit = -1;
    TAP_OK (cgroup_v1_write_resources (m, &p, true, NULL) == 0, "v1 pids -1 applies");
    FILE_EQ ("v1/pids/t/c1/pids.max", "max", "v1 pids.limit -1 -> max");
  }
  /* net_prio is listed but not mounted: asking for it names it.  */
  {
    struct oci_net_priority prio = { (char *) "eth0", 5 };
    struct oci_network_resources n2 = { 0 };
    struct oci_resources p = { 0 };
    n2.priorities = &prio, n2.n_priorities = 1;
    p.network = &n2;
    TAP_OK (cgroup_v1_write_resources (m, &p, false, &err) < 0 && strstr (err->msg, "net_prio")
            && strstr (err->msg, "not mounted"), "a limit on an unmounted controller names it");
    if (err)
      printf ("# %s\n", err->msg);
    berth_error_free (&err);
  }
  /* unified keys need cgroup v2 */
  {
    struct oci_resources p = { 0 };
    unified.keys = ukeys, unified.values = uvals, unified.len = 1;
    p.unified = unified;
    TAP_OK (cgroup_manager_update (m, &p, &err) < 0 && strstr (err->msg, "unified"),
            "linux.resources.unified is refused on pure v1 with a clear error");
    berth_error_free (&err);
  }
  /* memory -1 with swap unset: memsw unlimited as well */
  {
    struct oci_memory m2 = { 0 };
    struct oci_resources p = { 0 };
    m2.has_limit = true, m2.limit = -1;
    p.memory = &m2;
    touch ("v1/memory/t/c1/memory.memsw.limit_in_bytes", NULL);
    TAP_OK (cgroup_v1_write_resources (m, &p, true, NULL) == 0, "v1 memory -1 applies");
    FILE_EQ ("v1/memory/t/c1/memory.memsw.limit_in_bytes", "-1", "v1 unlimited memory, swap unset -> memsw -1");
  }
  /* checkBeforeUpdate */
  {
    struct oci_memory m2 = { 0 };
    struct oci_resources p = { 0 };
    touch ("v1/memory/t/c1/memory.usage_in_bytes", "5000000\n");
    m2.has_limit = true, m2.limit = 1000000;
    m2.has_check_before_update = true, m2.check_before_update = true;
    p.memory = &m2;
    TAP_OK (cgroup_v1_write_resources (m, &p, true, &err) < 0 && strstr (err->msg, "checkBeforeUpdate"),
            "checkBeforeUpdate refuses a limit below the current usage");
    berth_error_free (&err);
  }
  /* memory+swap below memory */
  {
    struct oci_memory m2 = { 0 };
    struct oci_resources p = { 0 };
    m2.has_limit = true, m2.limit = 20971520;
    m2.has_swap = true, m2.swap = 10485760;
    p.memory = &m2;
    TAP_OK (cgroup_v1_write_resources (m, &p, true, &err) < 0 && strstr (err->msg, "memory+swap"),
            "v1 swap below limit is refused before any write, naming memory+swap");
    berth_error_free (&err);
  }
  /* swappiness out of range */
  {
    struct oci_memory m2 = { 0 };
    struct oci_resources p = { 0 };
    m2.has_swappiness = true, m2.swappiness = 200;
    p.memory = &m2;
    TAP_OK (cgroup_v1_write_resources (m, &p, true, &err) < 0 && strstr (err->msg, "swappiness"),
            "swappiness > 100 is refused naming the field");
    berth_error_free (&err);
  }
}

static void
test_stats (void)
{
  cleanup_cgroup_manager struct cgroup_manager *m = fake_manager ("v1", "self-v1", CGROUP_LAYOUT_LEGACY, "/t/c1", "c1");
  yajl_gen g = yajl_gen_alloc (NULL);
  const unsigned char *buf;
  size_t len;

  if (m == NULL)
    return;
  touch ("v1/pids/t/c1/pids.current", "3\n");
  touch ("v1/pids/t/c1/pids.max", "42\n");
  touch ("v1/memory/t/c1/memory.usage_in_bytes", "5000000\n");
  touch ("v1/memory/t/c1/memory.limit_in_bytes", "67108864\n");
  touch ("v1/memory/t/c1/memory.failcnt", "7\n");
  touch ("v1/memory/t/c1/memory.stat", "cache 4096\nrss 8192\n");
  touch ("v1/cpu,cpuacct/t/c1/cpuacct.usage", "123456789\n");
  touch ("v1/cpu,cpuacct/t/c1/cpuacct.usage_percpu", "100 200 \n");
  touch ("v1/cpu,cpuacct/t/c1/cpu.stat", "nr_periods 10\nnr_throttled 4\nthrottled_time 999\n");
  touch ("v1/blkio/t/c1/blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 512\nTotal 4608\n");
  cgroup_manager_gen_stats (m, g);
  yajl_gen_get_buf (g, &buf, &len);
  printf ("# %.*s\n", (int) len, buf);
  TAP_OK (strstr ((const char *) buf, "\"pids\":{\"current\":3,\"limit\":42}") != NULL, "stats: pids current/limit");
  TAP_OK (strstr ((const char *) buf, "\"usage\":{\"limit\":67108864,\"usage\":5000000,\"max\":0,\"failcnt\":7}") != NULL,
          "stats: memory usage entry (runc's names)");
  TAP_OK (strstr ((const char *) buf, "\"raw\":{\"cache\":4096,\"rss\":8192}") != NULL, "stats: memory.stat as raw");
  TAP_OK (strstr ((const char *) buf, "\"total\":123456789,\"percpu\":[100,200]") != NULL, "stats: cpuacct usage and percpu");
  TAP_OK (strstr ((const char *) buf, "\"throttling\":{\"periods\":10,\"throttledPeriods\":4,\"throttledTime\":999}") != NULL,
          "stats: cpu throttling");
  TAP_OK (strstr ((const char *) buf, "{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":4096}") != NULL,
          "stats: blkio service bytes per device and op");
  yajl_gen_free (g);
}

static bool
has_write (const struct cgroup_writes *w, const char *file, const char *value)
{
  size_t i;
  for (i = 0; i < w->n; i++)
    if (strcmp (w->w[i].file, file) == 0 && strcmp (w->w[i].value, value) == 0)
      return true;
  return false;
}

static long
index_of (const struct cgroup_writes *w, const char *file)
{
  size_t i;
  for (i = 0; i < w->n; i++)
    if (strcmp (w->w[i].file, file) == 0)
      return (long) i;
  return -1;
}

static void
test_write_lists (void)
{
  struct oci_block_io_weight_device wd = { 8, 16, true, 500, true, 100 };
  struct oci_block_io_throttle thr[2] = { { 8, 0, 1000 }, { 8, 16, 2000 } };
  struct oci_block_io bio = { 0 };
  struct oci_rdma rdma = { (char *) "mlx5_1", true, 3, true, 10 };
  struct oci_net_priority prio[2] = { { (char *) "eth0", 5 }, { (char *) "lo", 2 } };
  struct oci_network_resources net = { 0 };
  struct oci_memory mem = { 0 };
  struct oci_resources r = { 0 };
  struct cgroup_writes w = { NULL, 0 };

  bio.weight_device = &wd, bio.n_weight_device = 1;
  bio.throttle_write_iops_device = thr, bio.n_throttle_write_iops_device = 2;
  net.priorities = prio, net.n_priorities = 2;
  mem.has_limit = true, mem.limit = 1000, mem.has_swap = true, mem.swap = 3000;
  r.block_io = &bio, r.rdma = &rdma, r.n_rdma = 1, r.network = &net, r.memory = &mem;

  TAP_OK (resources_v1_writes (&r, &w, NULL) == 0, "v1 write list builds");
  TAP_OK (has_write (&w, "blkio.weight_device", "8:16 500"), "v1 weightDevice line");
  TAP_OK (has_write (&w, "blkio.leaf_weight_device", "8:16 100"), "v1 leafWeight device line");
  TAP_OK (has_write (&w, "blkio.throttle.write_iops_device", "8:0 1000")
          && has_write (&w, "blkio.throttle.write_iops_device", "8:16 2000"),
          "v1 one throttle line per device");
  TAP_OK (has_write (&w, "net_prio.ifpriomap", "eth0 5") && has_write (&w, "net_prio.ifpriomap", "lo 2"),
          "v1 network priorities -> ifpriomap lines");
  TAP_OK (has_write (&w, "rdma.max", "mlx5_1 hca_handle=3 hca_object=10"), "v1 rdma.max line");
  TAP_OK (index_of (&w, "memory.limit_in_bytes") < index_of (&w, "memory.memsw.limit_in_bytes")
          && w.w[index_of (&w, "memory.limit_in_bytes")].swap_on_einval,
          "v1 limit then memsw, swapped on EINVAL (raising both needs memsw first)");
  cgroup_writes_clear (&w);

  TAP_OK (resources_v2_writes (&r, false, &w, NULL) < 0, "v2 refuses network (no net_cls/net_prio)");
  r.network = NULL;
  TAP_OK (resources_v2_writes (&r, false, &w, NULL) == 0, "v2 write list builds");
  TAP_OK (has_write (&w, "io.weight", "8:16 4950"), "v2 weightDevice: blkio 500 -> io.weight 4950");
  TAP_OK (has_write (&w, "io.max", "8:0 wiops=1000") && has_write (&w, "io.max", "8:16 wiops=2000"),
          "v2 throttle -> io.max wiops lines");
  TAP_OK (has_write (&w, "rdma.max", "mlx5_1 hca_handle=3 hca_object=10"), "v2 rdma.max line");
  TAP_OK (has_write (&w, "memory.swap.max", "2000"), "v2 memory.swap.max = swap - limit (3000 - 1000)");
  cgroup_writes_clear (&w);
  mem.swap = 1000;
  TAP_OK (resources_v2_writes (&r, false, &w, NULL) == 0 && has_write (&w, "memory.swap.max", "0"),
          "v2 swap == limit -> memory.swap.max 0 (no swap), not left unset");
  cgroup_writes_clear (&w);
  mem.has_swap = false, mem.limit = -1;
  TAP_OK (resources_v2_writes (&r, false, &w, NULL) == 0 && has_write (&w, "memory.swap.max", "max"),
          "v2 memory -1 with swap unset -> swap.max max");
  cgroup_writes_clear (&w);
  mem.has_limit = false;
  TAP_OK (resources_v2_writes (&r, false, &w, NULL) == 0 && index_of (&w, "memory.swap.max") < 0,
          "v2 neither limit nor swap: swap.max untouched");
  cgroup_writes_clear (&w);
  TAP_OK (resources_v2_writes (&r, true, &w, NULL) == 0 && has_write (&w, "io.bfq.weight", "8:16 500"),
          "v2 with BFQ: io.bfq.weight keeps blkio's scale");
  cgroup_writes_clear (&w);
}

static void
test_conversions (void)
{
  int64_t v = 0;
  cleanup_error berth_error_t *err = NULL;

  TAP_OK (cgroup_convert_shares_to_weight (2) == 1, "shares 2 -> weight 1");
  TAP_OK (cgroup_convert_shares_to_weight (1024) == 39, "shares 1024 -> weight 39");
  TAP_OK (cgroup_convert_shares_to_weight (262144) == 10000, "shares 262144 -> weight 10000");
  TAP_OK (cgroup_convert_shares_to_weight (0) == 0, "shares 0 -> unset");
  TAP_OK (cgroup_convert_blkio_to_io_weight (10) == 1, "blkio 10 -> io.weight 1");
  TAP_OK (cgroup_convert_blkio_to_io_weight (1000) == 10000, "blkio 1000 -> io.weight 10000");
  TAP_OK (cgroup_convert_blkio_to_io_weight (500) == 4950, "blkio 500 -> io.weight 4950");
  TAP_OK (cgroup_convert_swap_to_v2 (200, 100, &v, NULL) == 0 && v == 100, "swap 200, limit 100 -> swap.max 100");
  TAP_OK (cgroup_convert_swap_to_v2 (-1, 100, &v, NULL) == 0 && v == -1, "swap -1 -> max");
  TAP_OK (cgroup_convert_swap_to_v2 (0, -1, &v, NULL) == 0 && v == -1, "limit -1, swap unset -> max");
  TAP_OK (cgroup_convert_swap_to_v2 (100, 100, &v, NULL) == 0 && v == 0, "swap == limit -> no swap");
  TAP_OK (cgroup_convert_swap_to_v2 (50, 100, &v, &err) < 0 && strstr (err->msg, "swap"),
          "swap < limit is an error naming swap");
  berth_error_free (&err);
  TAP_OK (cgroup_convert_swap_to_v2 (50, 0, &v, &err) < 0, "swap without a memory limit is an error");
}

static const char *const v2_files[] = {
  "memory.max", "memory.swap.max", "memory.low", "cpu.weight", "cpu.max", "cpu.max.burst",
  "cpu.idle", "cpuset.cpus", "cpuset.mems", "pids.max", "io.weight", "hugetlb.1GB.max",
  "memory.high", "cgroup.procs", "cgroup.freeze", "cgroup.events", "memory.current",
};

static void
test_v2 (void)
{
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  cleanup_error berth_error_t *err = NULL;
  cleanup_free char *record = NULL;
  cleanup_free char *leaf = pathf ("v2/a/b");
  struct oci_memory mem = { 0 };
  struct oci_cpu cpu = { 0 };
  struct oci_block_io bio = { 0 };
  struct oci_hugepage_limit huge = { (char *) "1GB", 1073741824 };
  struct oci_resources r = { 0 };
  char *ukeys[] = { (char *) "memory.high" }, *uvals[] = { (char *) "50M" };
  size_t i;
  bool frozen = true;

  mkdirs ("v2/a/b");
  touch ("v2/cgroup.controllers", "cpuset cpu io memory pids\n");
  touch ("v2/cgroup.subtree_control", "cpu\n");
  touch ("v2/a/cgroup.controllers", "cpuset cpu io memory pids\n");
  touch ("v2/a/cgroup.subtree_control", NULL);
  touch ("v2/a/b/cgroup.controllers", "cpuset cpu io memory pids\n");
  touch ("v2/a/b/cgroup.subtree_control", NULL);
  for (i = 0; i < sizeof v2_files / sizeof v2_files[0]; i++)
    {
      cleanup_free char *f = xasprintf ("v2/a/b/%s", v2_files[i]);
      touch (f, NULL);
    }
  touch ("v2/a/b/cgroup.events", "populated 1\nfrozen 1\n");
  /* A manager that created /a and /a/b (owned from /a), as a record says.  */
  record = xasprintf ("berth-cgroup-1 v2\t%zu\t%zu\t\t%s", strlen (tmp) + strlen ("/v2/a"),
                      strlen (tmp) + strlen ("/v2"), leaf);
  TAP_OK (cgroup_manager_from_record (record, &m, &err) == 0, "v2 record parses");
  if (m == NULL)
    return;
  TAP_OK (cgroup_v2_enable_controllers (&m->dirs[0], &err) == 0, "v2 controllers enable");
  FILE_EQ ("v2/cgroup.subtree_control", "+cpuset +io +memory +pids",
           "root: only the controllers missing there are enabled");
  FILE_EQ ("v2/a/cgroup.subtree_control", "+cpuset +cpu +io +memory +pids",
           "a level berth created gets every available controller");
  FILE_EQ ("v2/a/b/cgroup.subtree_control", "", "the leaf's subtree_control is left alone (it holds the processes)");

  mem.has_limit = true, mem.limit = 104857600;
  mem.has_swap = true, mem.swap = 209715200;
  mem.has_reservation = true, mem.reservation = 52428800;
  mem.has_swappiness = true, mem.swappiness = 60; /* no v2 file: ignored */
  cpu.has_shares = true, cpu.shares = 1024;
  cpu.has_quota = true, cpu.quota = 25000;
  cpu.has_period = true, cpu.period = 50000;
  cpu.has_burst = true, cpu.burst = 500;
  cpu.has_idle = true, cpu.idle = 0;
  cpu.cpus = (char *) "0";
  cpu.mems = (char *) "0";
  bio.has_weight = true, bio.weight = 1000;
  r.memory = &mem, r.cpu = &cpu, r.block_io = &bio;
  r.has_pids_limit = true, r.pids_limit = 0;
  r.hugepage_limits = &huge, r.n_hugepage_limits = 1;
  r.unified.keys = ukeys, r.unified.values = uvals, r.unified.len = 1;
  TAP_OK (cgroup_v2_write_resources (leaf, &r, false, &err) == 0, "v2: every resource applies");
  if (err)
    printf ("# %s\n", err->msg);
  berth_error_free (&err);
  FILE_EQ ("v2/a/b/memory.max", "104857600", "v2 memory.limit -> memory.max");
  FILE_EQ ("v2/a/b/memory.swap.max", "104857600", "v2 memory.swap.max = swap - limit");
  FILE_EQ ("v2/a/b/memory.low", "52428800", "v2 reservation -> memory.low");
  FILE_EQ ("v2/a/b/cpu.weight", "39", "v2 shares 1024 -> cpu.weight 39");
  FILE_EQ ("v2/a/b/cpu.max", "25000 50000", "v2 quota/period -> cpu.max");
  FILE_EQ ("v2/a/b/cpu.max.burst", "500", "v2 burst -> cpu.max.burst");
  FILE_EQ ("v2/a/b/cpu.idle", "0", "v2 cpu.idle");
  FILE_EQ ("v2/a/b/cpuset.cpus", "0", "v2 cpuset.cpus");
  FILE_EQ ("v2/a/b/pids.max", "max", "v2 pids.limit 0 -> max");
  FILE_EQ ("v2/a/b/io.weight", "10000", "v2 blkio weight 1000 -> io.weight 10000 (no BFQ)");
  FILE_EQ ("v2/a/b/hugetlb.1GB.max", "1073741824", "v2 hugepageLimits -> hugetlb.1GB.max");
  FILE_EQ ("v2/a/b/memory.high", "50M", "v2 unified key written raw");

  {
    struct oci_cpu c2 = { 0 };
    struct oci_resources p = { 0 };
    c2.has_quota = true, c2.quota = -1;
    p.cpu = &c2;
    touch ("v2/a/b/cpu.max", NULL);
    TAP_OK (cgroup_v2_write_resources (leaf, &p, true, NULL) == 0, "v2 quota -1 applies");
    FILE_EQ ("v2/a/b/cpu.max", "max", "v2 quota -1 without period -> `max` (period kept)");
    c2.has_realtime_runtime = true, c2.realtime_runtime = 1000;
    TAP_OK (cgroup_v2_write_resources (leaf, &p, true, &err) < 0 && strstr (err->msg, "realtime"),
            "v2 realtime is refused naming the field");
    berth_error_free (&err);
  }
  {
    struct oci_resources p = { 0 };
    char *bad[] = { (char *) "../../etc/x" }, *procs[] = { (char *) "cgroup.procs" };
    p.unified.keys = bad, p.unified.values = uvals, p.unified.len = 1;
    TAP_OK (cgroup_v2_write_resources (leaf, &p, true, &err) < 0, "v2 unified key with a path is refused");
    berth_error_free (&err);
    p.unified.keys = procs;
    TAP_OK (cgroup_v2_write_resources (leaf, &p, true, &err) < 0, "v2 unified cgroup.procs is refused");
    berth_error_free (&err);
  }
  {
    struct oci_rdma rd = { (char *) "mlx", true, 1, false, 0 };
    struct oci_resources p = { 0 };
    p.rdma = &rd, p.n_rdma = 1;
    TAP_OK (cgroup_v2_write_resources (leaf, &p, true, &err) < 0 && strstr (err->msg, "rdma"),
            "v2 rdma without the controller names rdma");
    berth_error_free (&err);
  }
  TAP_OK (cgroup_manager_is_frozen (m, &frozen, NULL) == 0 && !frozen, "v2 not frozen: cgroup.freeze empty");
  TAP_OK (cgroup_manager_freeze (m, true, &err) == 0, "v2 freeze waits for `frozen 1` in cgroup.events");
  FILE_EQ ("v2/a/b/cgroup.freeze", "1", "v2 freeze writes cgroup.freeze");
  TAP_OK (cgroup_manager_is_frozen (m, &frozen, NULL) == 0 && frozen, "v2 frozen is read back");
  touch ("v2/a/b/cgroup.procs", "300\n12\n");
  {
    cleanup_free pid_t *pids = NULL;
    size_t n = 0;
    TAP_OK (cgroup_manager_pids (m, &pids, &n, NULL) == 0 && n == 2 && pids[0] == 12 && pids[1] == 300,
            "pids come from cgroup.procs, sorted");
  }
}

static void
test_cpuset_init (void)
{
  cleanup_free char *child = pathf ("cs/parent/child");
  cleanup_free char *grandchild = pathf ("cs/parent/child/g");
  struct cgroup_cpuset cs = { NULL, NULL };
  mkdirs ("cs/parent/child/g");
  touch ("cs/parent/cpuset.cpus", "0-3\n");
  touch ("cs/parent/cpuset.mems", "0\n");
  touch ("cs/parent/child/cpuset.cpus", "\n");
  touch ("cs/parent/child/cpuset.mems", "");
  touch ("cs/parent/child/g/cpuset.cpus", "");
  touch ("cs/parent/child/g/cpuset.mems", "");
  TAP_OK (cgroup_v1_init_cpuset (child, &cs, NULL) == 0, "v1 cpuset init runs");
  FILE_EQ ("cs/parent/child/cpuset.cpus", "0-3\n", "a new v1 cpuset gets the parent's cpus");
  FILE_EQ ("cs/parent/child/cpuset.mems", "0\n", "a new v1 cpuset gets the parent's mems");
  /* A level below, made in the same create: the values read once.  */
  {
    cleanup_free char *pc = pathf ("cs/parent/cpuset.cpus");
    unlink (pc);
  }
  TAP_OK (cgroup_v1_init_cpuset (grandchild, &cs, NULL) == 0, "the level below reuses them");
  FILE_EQ ("cs/parent/child/g/cpuset.cpus", "0-3\n", "a new level below gets the same cpus");
  cgroup_cpuset_clear (&cs);
  /* Seen with 50 parallel creates: another create made the shared parent
     and has not filled it yet.  The blank parent is filled from the
     nearest ancestor with values, then the new cgroup.  */
  {
    cleanup_free char *leaf = pathf ("cs2/root/shared/leaf");
    struct cgroup_cpuset cs2 = { NULL, NULL };
    mkdirs ("cs2/root/shared/leaf");
    touch ("cs2/root/cpuset.cpus", "0-1\n");
    touch ("cs2/root/cpuset.mems", "0\n");
    touch ("cs2/root/shared/cpuset.cpus", "\n");
    touch ("cs2/root/shared/cpuset.mems", "");
    touch ("cs2/root/shared/leaf/cpuset.cpus", "");
    touch ("cs2/root/shared/leaf/cpuset.mems", "");
    TAP_OK (cgroup_v1_init_cpuset (leaf, &cs2, NULL) == 0, "v1 cpuset init under a blank parent runs");
    FILE_EQ ("cs2/root/shared/cpuset.cpus", "0-1\n", "the blank parent is filled from its own parent");
    FILE_EQ ("cs2/root/shared/leaf/cpuset.cpus", "0-1\n", "and the new cgroup gets the same cpus");
    FILE_EQ ("cs2/root/shared/leaf/cpuset.mems", "0\n", "and mems");
    cgroup_cpuset_clear (&cs2);
  }
}

struct rerecorded
{
  int calls;
  char *last;
};

static int
rerecord (void *ctx, const struct cgroup_manager *m, berth_error_t **err)
{
  struct rerecorded *r = ctx;
  (void) err;
  r->calls++;
  free (r->last);
  r->last = cgroup_manager_record (m);
  return 0;
}

/* The plan guesses "new leaf under an existing parent"; mkdir's answer
   corrects it, and the correction is recorded before more is made.  */
static void
test_create_corrects_plan (void)
{
  struct rerecorded rr = { 0, NULL };
  cleanup_error berth_error_t *err = NULL;
  cleanup_cgroup_manager struct cgroup_manager *m = NULL;
  cleanup_cgroup_manager struct cgroup_manager *gone = NULL;
  cleanup_cgroup_manager struct cgroup_manager *fresh = NULL;
  cleanup_free char *mid = NULL;
  struct cgroup_dir *d;

  mkdirs ("small/memory/q/mid");
  mkdirs ("small/pids/q/mid");
  touch ("self-small", "2:pids:/\n1:memory:/\n0::/\n");
  /* /q exists: the guess (owned = /q) is wrong.  */
  m = fake_manager ("small", "self-small", CGROUP_LAYOUT_LEGACY, "/q", "x");
  TAP_OK (m && cgroup_manager_create (m, NULL, rerecord, &rr, &err) == 0,
          "create on an existing leaf succeeds");
  if (m)
    TAP_OK (m->dirs[0].owned == 0 && m->dirs[1].owned == 0 && rr.calls == 2
            && strstr (rr.last, "\t0\t") != NULL,
            "an existing leaf is not berth's (owned 0), and that is recorded");

  rr.calls = 0;
  gone = fake_manager ("small", "self-small", CGROUP_LAYOUT_LEGACY, "/q/mid/leaf", "x");
  mid = pathf ("small/memory/q/mid");
  rmdir (mid); /* its parent vanished after the plan */
  TAP_OK (gone && cgroup_manager_create (gone, NULL, rerecord, &rr, &err) == 0,
          "create makes a parent that vanished after the plan");
  d = gone ? &gone->dirs[gone->by_controller[CGROUP_MEMORY]] : NULL;
  TAP_OK (d && d->owned == strlen (mid) && rr.calls == 1 && strstr (rr.last, mid) != NULL,
          "the parent berth made is owned, and recorded before it was made");
  d = gone ? &gone->dirs[gone->by_controller[CGROUP_PIDS]] : NULL;
  TAP_OK (d && d->owned == strlen (d->path), "the other hierarchy keeps owning only its new leaf");
  {
    cleanup_free char *leaf = pathf ("small/memory/q/mid/leaf");
    TAP_OK (access (leaf, F_OK) == 0, "the leaf is made");
  }

  rr.calls = 0;
  fresh = fake_manager ("small", "self-small", CGROUP_LAYOUT_LEGACY, "/q/new", "x");
  TAP_OK (fresh && cgroup_manager_create (fresh, NULL, rerecord, &rr, &err) == 0 && rr.calls == 0,
          "a new leaf under an existing parent: one mkdir, nothing to re-record");
  free (rr.last);
}

/* A tiny interpreter for the instructions the device filter uses.  */
static int
run_filter (const struct bpf_insn *p, size_t n, char type, const char *acc, uint32_t major,
            uint32_t minor)
{
  uint64_t r[11] = { 0 };
  uint32_t ctx[3];
  size_t pc = 0;
  int a = 0;

  if (strchr (acc, 'm'))
    a |= BPF_DEVCG_ACC_MKNOD;
  if (strchr (acc, 'r'))
    a |= BPF_DEVCG_ACC_READ;
  if (strchr (acc, 'w'))
    a |= BPF_DEVCG_ACC_WRITE;
  ctx[0] = (uint32_t) (a << 16) | (type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
  ctx[1] = major;
  ctx[2] = minor;
  while (pc < n)
    {
      const struct bpf_insn *i = &p[pc++];
      switch (i->code)
        {
        case BPF_LDX | BPF_MEM | BPF_W:
          r[i->dst_reg] = ctx[i->off / 4];
          break;
        case BPF_ALU | BPF_MOV | BPF_X:
          r[i->dst_reg] = (uint32_t) r[i->src_reg];
          break;
        case BPF_ALU | BPF_AND | BPF_K:
          r[i->dst_reg] = (uint32_t) (r[i->dst_reg] & (uint32_t) i->imm);
          break;
        case BPF_ALU | BPF_RSH | BPF_K:
          r[i->dst_reg] = (uint32_t) r[i->dst_reg] >> i->imm;
          break;
        case BPF_ALU64 | BPF_MOV | BPF_K:
          r[i->dst_reg] = (uint64_t) (int64_t) i->imm;
          break;
        case BPF_JMP | BPF_JNE | BPF_K:
          if (r[i->dst_reg] != (uint64_t) (int64_t) i->imm)
            pc += i->off;
          break;
        case BPF_JMP | BPF_JEQ | BPF_K:
          if (r[i->dst_reg] == (uint64_t) (int64_t) i->imm)
            pc += i->off;
          break;
        case BPF_JMP | BPF_EXIT:
          return (int) r[0];
        default:
          return -1;
        }
    }
  return -2; /* fell off the end: the verifier would refuse it */
}

static void
test_devices (void)
{
  struct oci_device_cgroup res[3] = {
    { true, 'c', true, 4, true, 64, (char *) "r" },   /* allow read of 4:64 */
    { true, 'b', true, 8, false, -1, (char *) "rw" }, /* allow block 8:* */
    { false, 'b', true, 8, true, 1, (char *) "w" },   /* but no writes to 8:1 */
  };
  struct oci_device fuse = { 'c', (char *) "/dev/fuse", 10, 229 };
  struct oci_linux lx = { 0 };
  struct oci_config c = { 0 };
  struct oci_resources r = { 0 };
  cleanup_free struct cgroup_device_rule *rules = NULL;
  cleanup_free struct bpf_insn *prog = NULL;
  size_t n = 0, n_insns;
  char line[64];

  lx.devices = &fuse, lx.n_devices = 1;
  c.linux_ = &lx;
  r.devices = res, r.n_devices = 3;
  TAP_OK (cgroup_device_rules (&c, &r, &rules, &n, NULL) == 0 && n == 1 + 3 + 1 + 11,
          "rules: deny-all, resources.devices, linux.devices, 11 standard");
  cgroup_device_rule_line (&rules[0], line, sizeof line);
  TAP_STR_EQ (line, "a", "v1: first line denies all (`a` to devices.deny)");
  TAP_OK (!rules[0].allow, "the first rule is a deny");
  cgroup_device_rule_line (&rules[2], line, sizeof line);
  TAP_STR_EQ (line, "b 8:* rw", "v1 line with a wildcard minor");
  cgroup_device_rule_line (&rules[4], line, sizeof line);
  TAP_STR_EQ (line, "c 10:229 rwm", "linux.devices entry becomes an allow rwm");
  cgroup_device_rule_line (&rules[n - 1], line, sizeof line);
  TAP_STR_EQ (line, "c 10:200 rwm", "standard set ends with tun");

  n_insns = cgroup_ebpf_assemble (rules, n, &prog);
  TAP_OK (run_filter (prog, n_insns, 'c', "rw", 1, 3) == 1, "ebpf: /dev/null rw allowed");
  TAP_OK (run_filter (prog, n_insns, 'c', "rw", 1, 1) == 0, "ebpf: /dev/mem denied");
  TAP_OK (run_filter (prog, n_insns, 'c', "m", 1, 1) == 1, "ebpf: mknod of any char device allowed");
  TAP_OK (run_filter (prog, n_insns, 'c', "r", 4, 64) == 1, "ebpf: allowed read of 4:64");
  TAP_OK (run_filter (prog, n_insns, 'c', "rw", 4, 64) == 0, "ebpf: rw of 4:64 denied (rule allows r only)");
  TAP_OK (run_filter (prog, n_insns, 'b', "r", 8, 1) == 1, "ebpf: read of block 8:1 allowed");
  TAP_OK (run_filter (prog, n_insns, 'b', "rw", 8, 1) == 0, "ebpf: a later deny w wins over the earlier allow");
  TAP_OK (run_filter (prog, n_insns, 'b', "w", 8, 2) == 1, "ebpf: block 8:2 write allowed");
  TAP_OK (run_filter (prog, n_insns, 'c', "rwm", 136, 7) == 1, "ebpf: /dev/pts/7 allowed");
  TAP_OK (run_filter (prog, n_insns, 'c', "rw", 10, 229) == 1, "ebpf: linux.devices /dev/fuse allowed");
  TAP_OK (run_filter (prog, n_insns, 'b', "r", 7, 0) == 0, "ebpf: loop device denied");
  free (prog);
  prog = NULL;
  /* The default config's {"allow":false,"access":"rwm"}: the same deny-all
     as ours, written once (it makes every rule before it dead).  */
  {
    struct oci_device_cgroup deny_all = { false, 0, false, 0, false, 0, (char *) "rwm" };
    cleanup_free struct cgroup_device_rule *dr = NULL;
    size_t dn = 0;
    struct oci_resources dres = { 0 };
    dres.devices = &deny_all, dres.n_devices = 1;
    TAP_OK (cgroup_device_rules (&c, &dres, &dr, &dn, NULL) == 0 && dn == 1 + 1 + 11 && !dr[0].allow
            && dr[0].type == 'a' && dr[1].allow,
            "a config deny-all replaces ours: one `a` to devices.deny, then the allows");
  }
  /* allow-all then a deny: the deny-all at index 0 becomes unreachable and is
     not emitted (the verifier refuses dead code).  */
  {
    struct cgroup_device_rule two[2] = { { false, 'a', -1, -1, "rwm" }, { true, 'a', -1, -1, "rwm" } };
    n_insns = cgroup_ebpf_assemble (two, 2, &prog);
    TAP_OK (n_insns == 7 + 2 && run_filter (prog, n_insns, 'b', "rw", 8, 0) == 1,
            "ebpf: allow-all last: every device allowed, no dead code");
  }
}

/* The configs podman and containerd really hand the runtime
   (../shared/fixtures), with podman's `--memory 64m --pids-limit 50`.  */
static void
test_fixtures (void)
{
  static const char *const dirs[] = { "../shared/fixtures", "../../shared/fixtures",
                                      "../../../shared/fixtures" };
  cleanup_free char *podman = NULL, *containerd = NULL;
  struct oci_config *pc = NULL, *cc = NULL;
  struct cgroup_writes w = { NULL, 0 };
  cleanup_free struct cgroup_device_rule *rules = NULL;
  cleanup_free struct bpf_insn *prog = NULL;
  char *msg = NULL;
  size_t i, n = 0, n_insns;

  for (i = 0; i < sizeof dirs / sizeof dirs[0] && podman == NULL; i++)
    {
      cleanup_free char *p = xasprintf ("%s/podman-config.json", dirs[i]);
      if (access (p, R_OK) == 0)
        {
          podman = xstrdup (p);
          containerd = xasprintf ("%s/containerd-config.json", dirs[i]);
        }
    }
  if (podman == NULL)
    {
      printf ("ok %d - # skip ../shared/fixtures not found\n", ++tap_n);
      return;
    }
  TAP_OK (oci_config_parse_file (podman, "podman-config.json", &pc, &msg) == 0, "podman's config parses");
  TAP_OK (oci_config_parse_file (containerd, "containerd-config.json", &cc, &msg) == 0,
          "containerd's config parses");
  if (pc == NULL || cc == NULL)
    {
      printf ("# %s\n", msg ? msg : "");
      free (msg);
      oci_config_free (pc);
      oci_config_free (cc);
      return;
    }
  /* podman run --memory 64m --pids-limit 50: limit 64m, swap 2 x limit.  */
  if (pc->linux_->resources->memory == NULL)
    pc->linux_->resources->memory = xmalloc0 (sizeof (struct oci_memory));
  pc->linux_->resources->memory->has_limit = true;
  pc->linux_->resources->memory->limit = 67108864;
  pc->linux_->resources->memory->has_swap = true;
  pc->linux_->resources->memory->swap = 134217728;
  pc->linux_->resources->pids_limit = 50;
  TAP_OK (resources_v1_writes (pc->linux_->resources, &w, NULL) == 0
          && has_write (&w, "memory.limit_in_bytes", "67108864")
          && has_write (&w, "memory.memsw.limit_in_bytes", "134217728") && has_write (&w, "pids.max", "50"),
          "podman --memory 64m --pids-limit 50 on v1: limit_in_bytes, memsw, pids.max");
  cgroup_writes_clear (&w);
  TAP_OK (resources_v2_writes (pc->linux_->resources, false, &w, NULL) == 0
          && has_write (&w, "memory.max", "67108864") && has_write (&w, "memory.swap.max", "67108864")
          && has_write (&w, "pids.max", "50"),
          "podman --memory 64m --pids-limit 50 on v2: memory.max, swap.max = 64m, pids.max");
  cgroup_writes_clear (&w);
  TAP_OK (resources_v2_writes (cc->linux_->resources, false, &w, NULL) == 0
          && has_write (&w, "cpu.weight", "39"), "containerd cpu.shares 1024 -> cpu.weight 39");
  cgroup_writes_clear (&w);
  TAP_OK (resources_v1_writes (cc->linux_->resources, &w, NULL) == 0 && has_write (&w, "cpu.shares", "1024"),
          "containerd cpu.shares 1024 on v1");
  cgroup_writes_clear (&w);
  TAP_OK (cgroup_device_rules (cc, cc->linux_->resources, &rules, &n, NULL) == 0, "containerd's device rules build");
  n_insns = cgroup_ebpf_assemble (rules, n, &prog);
  TAP_OK (run_filter (prog, n_insns, 'c', "rw", 5, 1) == 1 && run_filter (prog, n_insns, 'c', "rw", 136, 3) == 1
          && run_filter (prog, n_insns, 'b', "r", 8, 0) == 0,
          "containerd's rules: console and pts allowed, a disk denied");
  {
    cleanup_cgroup_manager struct cgroup_manager *m = NULL;
    cleanup_free char *root = pathf ("v1");
    cleanup_free char *self = pathf ("self-v1");
    struct cgroup_options o = { root, self, CGROUP_LAYOUT_LEGACY, false };
    TAP_OK (cgroup_manager_new (pc, "x", &o, &m, NULL) == 0
            && strstr (cgroup_manager_path (m, CGROUP_MEMORY), "/v1/memory/libpod_parent/libpod-7ed071") != NULL,
            "podman's cgroupsPath is absolute: under the memory hierarchy root");
  }
  oci_config_free (pc);
  oci_config_free (cc);
}

static void
remove_tree (void)
{
  cleanup_free char *cmd = xasprintf ("rm -rf '%s'", tmp);
  if (system (cmd) != 0)
    printf ("# could not remove %s\n", tmp);
}

int
main (void)
{
  if (mkdtemp (tmp) == NULL)
    return 1;
  make_fake_v1 ();
  test_placement ();
  test_v1_writes ();
  test_write_lists ();
  test_stats ();
  test_conversions ();
  test_v2 ();
  test_cpuset_init ();
  test_create_corrects_plan ();
  test_devices ();
  test_fixtures ();
  remove_tree ();
  return tap_done ();
}
