/* resources.c: linux.resources -> the list of (controller, file, value) writes,
   for cgroup v1 and for cgroup v2 (with runc's v1->v2 conversions).  Pure:
   never opens a cgroup file; cgroup-v1.c / cgroup-v2.c apply the list.  */
#include <config.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "util.h"

void
cgroup_writes_clear (struct cgroup_writes *w)
{
  size_t i;
  for (i = 0; i < w->n; i++)
    {
      free (w->w[i].file);
      free (w->w[i].value);
    }
  free (w->w);
  w->w = NULL;
  w->n = 0;
}

static struct cgroup_write *
add_write (struct cgroup_writes *w, int controller, char *file, char *value)
{
  struct cgroup_write *e;
  w->w = xrealloc (w->w, (w->n + 1) * sizeof *w->w);
  e = &w->w[w->n++];
  memset (e, 0, sizeof *e);
  e->controller = controller;
  e->file = file;
  e->value = value;
  return e;
}

#define ADD(w, ctl, file, ...) add_write ((w), (ctl), xstrdup (file), xasprintf (__VA_ARGS__))

/* cpu.weight = 1 + (shares - 2) * 9999 / 262142: maps [2, 262144] onto
   [1, 10000], as runc and crun (before 1.23) convert.  */
uint64_t
cgroup_convert_shares_to_weight (uint64_t shares)
{
  if (shares == 0)
    return 0;
  if (shares < 2)
    shares = 2;
  if (shares > 262144)
    shares = 262144;
  return 1 + ((shares - 2) * 9999) / 262142;
}

/* io.weight = 1 + (weight - 10) * 9999 / 990: blkio [10, 1000] onto [1, 10000].  */
uint64_t
cgroup_convert_blkio_to_io_weight (uint64_t weight)
{
  if (weight == 0)
    return 0;
  if (weight < 10)
    weight = 10;
  if (weight > 1000)
    weight = 1000;
  return 1 + ((weight - 10) * 9999) / 990;
}

/* OCI memory.swap is memory+swap (v1 memsw); v2 memory.swap.max is swap
   alone, so it is swap - limit.  -1 means max; 0 means "not set".  */
int
cgroup_convert_swap_to_v2 (int64_t swap, int64_t limit, int64_t *out, berth_error_t **err)
{
  if (limit == -1 && swap == 0)
    {
      /* memory unlimited and swap unset: unlimited too, as v1 would behave.  */
      *out = -1;
      return 0;
    }
  if (swap == -1 || swap == 0)
    {
      *out = swap;
      return 0;
    }
  if (limit == 0 || limit == -1)
    return berth_error_make (err, EINVAL, "linux.resources.memory.swap: a swap limit needs a memory limit");
  if (limit < 0)
    return berth_error_make (err, EINVAL, "linux.resources.memory.limit: invalid value %" PRId64, limit);
  if (swap < limit)
    return berth_error_make (err, EINVAL,
                             "linux.resources.memory.swap (%" PRId64 ") must be >= memory.limit (%" PRId64
                             "): it is the memory+swap limit",
                             swap, limit);
  *out = swap - limit;
  return 0;
}

static char *
v2_max (int64_t v)
{
  return v < 0 ? xstrdup ("max") : xasprintf ("%" PRId64, v);
}

/* Names that become part of a cgroup file name or a line must not escape the
   directory or inject a second line.  */
static int
check_token (const char *what, const char *s, const char *bad, berth_error_t **err)
{
  if (s == NULL || *s == '\0' || strpbrk (s, bad) != NULL || strcmp (s, "..") == 0)
    return berth_error_make (err, EINVAL, "%s: invalid value \"%s\"", what, s ? s : "");
  return 0;
}

static int
v1_memory (const struct oci_memory *m, struct cgroup_writes *w, berth_error_t **err)
{
  struct cgroup_write *e;
  int64_t swap = m->has_swap ? m->swap : 0;

  if (m->has_limit && m->limit > 0 && swap > 0 && swap < m->limit)
    return berth_error_make (err, EINVAL,
                             "linux.resources.memory.swap (%" PRId64 ") must be >= memory.limit (%" PRId64
                             "): it is the memory+swap limit",
                             swap, m->limit);
  /* Since Linux 5.x hierarchy is always on and writing 0 fails with EINVAL:
     only an explicit true is written.  */
  if (m->has_use_hierarchy && m->use_hierarchy)
    ADD (w, CGROUP_MEMORY, "memory.use_hierarchy", "1");
  /* Unlimited memory with swap unset means unlimited memory+swap too.  */
  if (m->has_limit && m->limit == -1 && swap == 0)
    swap = -1;
  if (m->has_limit)
    {
      e = ADD (w, CGROUP_MEMORY, "memory.limit_in_bytes", "%" PRId64, m->limit);
      /* memsw must stay >= limit: raising both needs memsw first.  */
      e->swap_on_einval = swap != 0;
    }
  if (swap != 0)
    {
      e = ADD (w, CGROUP_MEMORY, "memory.memsw.limit_in_bytes", "%" PRId64, swap);
      /* Without swap accounting the file is absent; unlimited is then a no-op.  */
      e->optional = swap == -1;
    }
  if (m->has_reservation)
    ADD (w, CGROUP_MEMORY, "memory.soft_limit_in_bytes", "%" PRId64, m->reservation);
  if (m->has_kernel)
    ADD (w, CGROUP_MEMORY, "memory.kmem.limit_in_bytes", "%" PRId64, m->kernel);
  if (m->has_kernel_tcp)
    ADD (w, CGROUP_MEMORY, "memory.kmem.tcp.limit_in_bytes", "%" PRId64, m->kernel_tcp);
  if (m->has_swappiness)
    {
      if (m->swappiness > 100)
        return berth_error_make (err, EINVAL, "linux.resources.memory.swappiness: %" PRIu64
                                 " is out of range (0-100)", m->swappiness);
      ADD (w, CGROUP_MEMORY, "memory.swappiness", "%" PRIu64, m->swappiness);
    }
  if (m->has_disable_oom_killer && m->disable_oom_killer)
    ADD (w, CGROUP_MEMORY, "memory.oom_control", "1");
  return 0;
}

/* A period goes before its quota (or runtime), but a shorter period can
   break the current quota's bounds: on EINVAL the writer swaps the pair.  */
static void
v1_add_period_pair (struct cgroup_writes *w, const char *period_file, bool has_period,
                    uint64_t period, const char *quota_file, bool has_quota, int64_t quota)
{
  struct cgroup_write *e;
  if (has_period)
    {
      e = ADD (w, CGROUP_CPU, period_file, "%" PRIu64, period);
      e->swap_on_einval = has_quota;
    }
  if (has_quota)
    ADD (w, CGROUP_CPU, quota_file, "%" PRId64, quota);
}

/* cpuset.cpus and cpuset.mems have the same name and format on v1 and v2.  */
static void
add_cpuset (const struct oci_cpu *c, struct cgroup_writes *w)
{
  if (c->cpus && *c->cpus)
    ADD (w, CGROUP_CPUSET, "cpuset.cpus", "%s", c->cpus);
  if (c->mems && *c->mems)
    ADD (w, CGROUP_CPUSET, "cpuset.mems", "%s", c->mems);
}

static void
v1_cpu (const struct oci_cpu *c, struct cgroup_writes *w)
{
  if (c->has_shares)
    ADD (w, CGROUP_CPU, "cpu.shares", "%" PRIu64, c->shares);
  v1_add_period_pair (w, "cpu.cfs_period_us", c->has_period, c->period, "cpu.cfs_quota_us",
                      c->has_quota, c->quota);
  if (c->has_burst)
    ADD (w, CGROUP_CPU, "cpu.cfs_burst_us", "%" PRIu64, c->burst);
  v1_add_period_pair (w, "cpu.rt_period_us", c->has_realtime_period, c->realtime_period,
                      "cpu.rt_runtime_us", c->has_realtime_runtime, c->realtime_runtime);
  if (c->has_idle)
    ADD (w, CGROUP_CPU, "cpu.idle", "%" PRId64, c->idle);
  add_cpuset (c, w);
}

static void
add_throttles (struct cgroup_writes *w, int ctl, const char *file, const char *v2key,
               const struct oci_block_io_throttle *t, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    {
      if (v2key)
        ADD (w, ctl, file, "%" PRId64 ":%" PRId64 " %s=%" PRIu64, t[i].major, t[i].minor, v2key,
             t[i].rate);
      else
        ADD (w, ctl, file, "%" PRId64 ":%" PRId64 " %" PRIu64, t[i].major, t[i].minor, t[i].rate);
    }
}

static void
v1_blkio (const struct oci_block_io *b, struct cgroup_writes *w)
{
  struct cgroup_write *e;
  size_t i;

  if (b->has_weight)
    {
      e = ADD (w, CGROUP_BLKIO, "blkio.weight", "%u", (unsigned) b->weight);
      e->alt = "blkio.bfq.weight"; /* CFQ is gone; BFQ carries the same scale */
    }
  if (b->has_leaf_weight)
    ADD (w, CGROUP_BLKIO, "blkio.leaf_weight", "%u", (unsigned) b->leaf_weight);
  for (i = 0; i < b->n_weight_device; i++)
    {
      const struct oci_block_io_weight_device *d = &b->weight_device[i];
      if (d->has_weight)
        {
          e = ADD (w, CGROUP_BLKIO, "blkio.weight_device", "%" PRId64 ":%" PRId64 " %u", d->major,
                   d->minor, (unsigned) d->weight);
          e->alt = "blkio.bfq.weight_device";
        }
      if (d->has_leaf_weight)
        ADD (w, CGROUP_BLKIO, "blkio.leaf_weight_device", "%" PRId64 ":%" PRId64 " %u", d->major,
             d->minor, (unsigned) d->leaf_weight);
    }
  add_throttles (w, CGROUP_BLKIO, "blkio.throttle.read_bps_device", NULL,
                 b->throttle_read_bps_device, b->n_throttle_read_bps_device);
  add_throttles (w, CGROUP_BLKIO, "blkio.throttle.write_bps_device", NULL,
                 b->throttle_write_bps_device, b->n_throttle_write_bps_device);
  add_throttles (w, CGROUP_BLKIO, "blkio.throttle.read_iops_device", NULL,
                 b->throttle_read_iops_device, b->n_throttle_read_iops_device);
  add_throttles (w, CGROUP_BLKIO, "blkio.throttle.write_iops_device", NULL,
                 b->throttle_write_iops_device, b->n_throttle_write_iops_device);
}

static int
add_hugetlb (const struct oci_resources *r, const char *suffix, struct cgroup_writes *w,
             berth_error_t **err)
{
  size_t i;
  int ret;
  for (i = 0; i < r->n_hugepage_limits; i++)
    {
      const struct oci_hugepage_limit *h = &r->hugepage_limits[i];
      ret = check_token ("linux.resources.hugepageLimits.pageSize", h->page_size, "/ \t\n.", err);
      if (ret < 0)
        return ret;
      add_write (w, CGROUP_HUGETLB, xasprintf ("hugetlb.%s.%s", h->page_size, suffix),
                 xasprintf ("%" PRIu64, h->limit));
    }
  return 0;
}

static int
add_rdma (const struct oci_resources *r, struct cgroup_writes *w, berth_error_t **err)
{
  size_t i;
  int ret;
  for (i = 0; i < r->n_rdma; i++)
    {
      const struct oci_rdma *d = &r->rdma[i];
      char handles[32] = "", objects[32] = "";
      ret = check_token ("linux.resources.rdma", d->device, "/ \t\n", err);
      if (ret < 0)
        return ret;
      if (!d->has_hca_handles && !d->has_hca_objects)
        continue;
      if (d->has_hca_handles)
        snprintf (handles, sizeof handles, " hca_handle=%" PRIu32, d->hca_handles);
      if (d->has_hca_objects)
        snprintf (objects, sizeof objects, " hca_object=%" PRIu32, d->hca_objects);
      ADD (w, CGROUP_RDMA, "rdma.max", "%s%s%s", d->device, handles, objects);
    }
  return 0;
}

static int
v1_network (const struct oci_network_resources *n, struct cgroup_writes *w, berth_error_t **err)
{
  size_t i;
  int ret;
  if (n->has_class_id)
    ADD (w, CGROUP_NET_CLS, "net_cls.classid", "%" PRIu32, n->class_id);
  for (i = 0; i < n->n_priorities; i++)
    {
      ret = check_token ("linux.resources.network.priorities.name", n->priorities[i].name,
                         "/ \t\n", err);
      if (ret < 0)
        return ret;
      ADD (w, CGROUP_NET_PRIO, "net_prio.ifpriomap", "%s %" PRIu32, n->priorities[i].name,
           n->priorities[i].priority);
    }
  return 0;
}

static void
add_pids (const struct oci_resources *r, struct cgroup_writes *w)
{
  if (r->has_pids_limit)
    add_write (w, CGROUP_PIDS, xstrdup ("pids.max"), v2_max (r->pids_limit > 0 ? r->pids_limit : -1));
}

int
resources_v1_writes (const struct oci_resources *r, struct cgroup_writes *out, berth_error_t **err)
{
  struct cgroup_writes w = { NULL, 0 };
  int ret = 0;

  if (r->memory)
    ret = v1_memory (r->memory, &w, err);
  if (ret == 0 && r->cpu)
    v1_cpu (r->cpu, &w);
  if (ret == 0)
    add_pids (r, &w);
  if (ret == 0 && r->block_io)
    v1_blkio (r->block_io, &w);
  if (ret == 0)
    ret = add_hugetlb (r, "limit_in_bytes", &w, err);
  if (ret == 0 && r->network)
    ret = v1_network (r->network, &w, err);
  if (ret == 0)
    ret = add_rdma (r, &w, err);
  if (ret < 0)
    {
      cgroup_writes_clear (&w);
      return berth_error_wrap (err, "cgroup v1");
    }
  *out = w;
  return 0;
}

static int
v2_memory (const struct oci_memory *m, struct cgroup_writes *w, berth_error_t **err)
{
  int64_t limit = m->has_limit ? m->limit : 0, swap = 0;
  /* swap 0 means "not set" (runc); unlimited memory with swap unset means
     unlimited swap too.  swap == limit is a real value: no swap (0).  */
  bool set_swap = (m->has_swap && m->swap != 0) || (limit == -1 && !(m->has_swap && m->swap != 0));
  int ret;

  if (set_swap)
    {
      ret = cgroup_convert_swap_to_v2 (m->has_swap ? m->swap : 0, limit, &swap, err);
      if (ret < 0)
        return ret;
    }
  if (m->has_limit)
    add_write (w, CGROUP_MEMORY, xstrdup ("memory.max"), v2_max (m->limit));
  if (set_swap)
    {
      struct cgroup_write *e = add_write (w, CGROUP_MEMORY, xstrdup ("memory.swap.max"), v2_max (swap));
      /* No swap accounting (CONFIG_MEMCG_SWAP off): unlimited is then a no-op.  */
      e->optional = swap == -1;
    }
  if (m->has_reservation)
    add_write (w, CGROUP_MEMORY, xstrdup ("memory.low"), v2_max (m->reservation));
  /* kernel, kernelTCP, swappiness, disableOOMKiller and useHierarchy have no
     v2 file; runc ignores them there, and so do we.  */
  return 0;
}

static int
v2_cpu (const struct oci_cpu *c, struct cgroup_writes *w, berth_error_t **err)
{
  if (c->has_realtime_period || c->has_realtime_runtime)
    return berth_error_make (err, EOPNOTSUPP,
                             "linux.resources.cpu.realtimePeriod/realtimeRuntime: cgroup v2 has no "
                             "real-time group scheduling");
  if (c->has_shares && c->shares != 0)
    ADD (w, CGROUP_CPU, "cpu.weight", "%" PRIu64, cgroup_convert_shares_to_weight (c->shares));
  if ((c->has_quota && c->quota != 0) || (c->has_period && c->period != 0))
    {
      char *q = (c->has_quota && c->quota > 0) ? xasprintf ("%" PRId64, c->quota) : xstrdup ("max");
      /* Without a period the kernel keeps the current one.  */
      if (c->has_period && c->period != 0)
        add_write (w, CGROUP_CPU, xstrdup ("cpu.max"), xasprintf ("%s %" PRIu64, q, c->period));
      else
        add_write (w, CGROUP_CPU, xstrdup ("cpu.max"), xstrdup (q));
      free (q);
    }
  if (c->has_burst)
    ADD (w, CGROUP_CPU, "cpu.max.burst", "%" PRIu64, c->burst);
  if (c->has_idle)
    ADD (w, CGROUP_CPU, "cpu.idle", "%" PRId64, c->idle);
  add_cpuset (c, w);
  return 0;
}

static void
v2_io (const struct oci_block_io *b, bool has_bfq, struct cgroup_writes *w)
{
  const char *wfile = has_bfq ? "io.bfq.weight" : "io.weight";
  size_t i;

  /* io.bfq.weight takes blkio's own scale; io.weight needs the conversion.  */
  if (b->has_weight && b->weight != 0)
    ADD (w, CGROUP_BLKIO, wfile, "%" PRIu64,
         has_bfq ? (uint64_t) b->weight : cgroup_convert_blkio_to_io_weight (b->weight));
  for (i = 0; i < b->n_weight_device; i++)
    {
      const struct oci_block_io_weight_device *d = &b->weight_device[i];
      if (d->has_weight && d->weight != 0)
        ADD (w, CGROUP_BLKIO, wfile, "%" PRId64 ":%" PRId64 " %" PRIu64, d->major, d->minor,
             has_bfq ? (uint64_t) d->weight : cgroup_convert_blkio_to_io_weight (d->weight));
    }
  add_throttles (w, CGROUP_BLKIO, "io.max", "rbps", b->throttle_read_bps_device,
                 b->n_throttle_read_bps_device);
  add_throttles (w, CGROUP_BLKIO, "io.max", "wbps", b->throttle_write_bps_device,
                 b->n_throttle_write_bps_device);
  add_throttles (w, CGROUP_BLKIO, "io.max", "riops", b->throttle_read_iops_device,
                 b->n_throttle_read_iops_device);
  add_throttles (w, CGROUP_BLKIO, "io.max", "wiops", b->throttle_write_iops_device,
                 b->n_throttle_write_iops_device);
}

static int
v2_unified (const struct oci_map *u, struct cgroup_writes *w, berth_error_t **err)
{
  size_t i;
  int ret;
  for (i = 0; i < u->len; i++)
    {
      /* A key is a file of the container's own cgroup: no path, no dot-files,
         and not the membership files a raw write could use to escape.  */
      ret = check_token ("linux.resources.unified key", u->keys[i], "/ \t\n", err);
      if (ret < 0)
        return ret;
      if (u->keys[i][0] == '.' || strchr (u->keys[i], '.') == NULL
          || strcmp (u->keys[i], "cgroup.procs") == 0 || strcmp (u->keys[i], "cgroup.threads") == 0)
        return berth_error_make (err, EINVAL, "linux.resources.unified: \"%s\" is not a settable "
                                 "cgroup file", u->keys[i]);
      add_write (w, -1, xstrdup (u->keys[i]), xstrdup (u->values[i]));
    }
  return 0;
}

int
resources_v2_writes (const struct oci_resources *r, bool has_bfq, struct cgroup_writes *out,
                     berth_error_t **err)
{
  struct cgroup_writes w = { NULL, 0 };
  int ret = 0;

  if (r->memory)
    ret = v2_memory (r->memory, &w, err);
  if (ret == 0 && r->cpu)
    ret = v2_cpu (r->cpu, &w, err);
  if (ret == 0)
    add_pids (r, &w);
  if (ret == 0 && r->block_io)
    v2_io (r->block_io, has_bfq, &w);
  if (ret == 0)
    ret = add_hugetlb (r, "max", &w, err);
  if (ret == 0 && r->network && (r->network->has_class_id || r->network->n_priorities > 0))
    ret = berth_error_make (err, EOPNOTSUPP, "linux.resources.network: net_cls and net_prio do "
                            "not exist on cgroup v2");
  if (ret == 0)
    ret = add_rdma (r, &w, err);
  /* unified last: raw keys override what the structured fields wrote.  */
  if (ret == 0)
    ret = v2_unified (&r->unified, &w, err);
  if (ret < 0)
    {
      cgroup_writes_clear (&w);
      return berth_error_wrap (err, "cgroup v2");
    }
  *out = w;
  return 0;
}

/* runc's standard allowed devices: mknod of anything, the pseudo devices a
   program expects, ttys and tun.  /dev/console is not here: berth binds the
   pty slave (136:N) on it.  */
static const struct cgroup_device_rule standard_devices[] = {
  { true, 'c', -1, -1, "m" },  { true, 'b', -1, -1, "m" },
  { true, 'c', 1, 3, "rwm" },  /* null */
  { true, 'c', 1, 8, "rwm" },  /* random */
  { true, 'c', 1, 7, "rwm" },  /* full */
  { true, 'c', 5, 0, "rwm" },  /* tty */
  { true, 'c', 1, 5, "rwm" },  /* zero */
  { true, 'c', 1, 9, "rwm" },  /* urandom */
  { true, 'c', 136, -1, "rwm" }, /* pts */
  { true, 'c', 5, 2, "rwm" },  /* ptmx */
  { true, 'c', 10, 200, "rwm" }, /* net/tun */
};

static int
set_access (struct cgroup_device_rule *rule, const char *access, berth_error_t **err)
{
  size_t n = 0;
  const char *p;
  bool seen[3] = { false, false, false };

  if (access == NULL || *access == '\0')
    access = "rwm";
  for (p = access; *p; p++)
    {
      const char *pos = strchr ("rwm", *p);
      if (pos == NULL || *p == '\0')
        return berth_error_make (err, EINVAL, "linux.resources.devices.access `%s`: only r, w, m",
                                 access);
      if (!seen[pos - "rwm"])
        rule->access[n++] = *p;
      seen[pos - "rwm"] = true;
    }
  rule->access[n] = '\0';
  return 0;
}

int
cgroup_device_rules (const struct oci_config *c, const struct oci_resources *r,
                     struct cgroup_device_rule **out, size_t *n_out, berth_error_t **err)
{
  size_t n_linux = (c && c->linux_) ? c->linux_->n_devices : 0;
  size_t n_res = r ? r->n_devices : 0;
  size_t n_std = sizeof standard_devices / sizeof standard_devices[0];
  cleanup_free struct cgroup_device_rule *rules = xmalloc0 ((1 + n_res + n_linux + n_std) * sizeof *rules);
  size_t n = 0, i;
  int ret;

  rules[n++] = (struct cgroup_device_rule){ false, 'a', -1, -1, "rwm" };
  for (i = 0; i < n_res; i++)
    {
      const struct oci_device_cgroup *d = &r->devices[i];
      struct cgroup_device_rule *rule = &rules[n++];
      rule->allow = d->allow;
      rule->type = d->type ? d->type : 'a';
      if (rule->type != 'a' && rule->type != 'c' && rule->type != 'b')
        return berth_error_make (err, EINVAL, "linux.resources.devices[%zu].type `%c`: expected a, "
                                 "c or b", i, d->type);
      rule->major = d->has_major ? d->major : -1;
      rule->minor = d->has_minor ? d->minor : -1;
      ret = set_access (rule, d->access, err);
      if (ret < 0)
        return ret;
      /* "a *:* rwm" decides every access itself (the last match wins; on v1
         it also clears the list): the rules before it are dead.  The
         default config starts with a deny-all, like ours: one write.  */
      if (rule->type == 'a' && rule->major < 0 && rule->minor < 0
          && strcmp (rule->access, "rwm") == 0)
        {
          rules[0] = *rule;
          n = 1;
        }
    }
  for (i = 0; i < n_linux; i++)
    {
      const struct oci_device *d = &c->linux_->devices[i];
      if (d->type != 'c' && d->type != 'b' && d->type != 'u')
        continue; /* fifos are not device-cgroup controlled */
      rules[n++] = (struct cgroup_device_rule){ true, d->type == 'b' ? 'b' : 'c', d->major, d->minor,
                                                "rwm" };
    }
  memcpy (rules + n, standard_devices, sizeof standard_devices);
  n += n_std;
  *n_out = n;
  *out = steal_pointer (&rules);
  return 0;
}

void
cgroup_device_rule_line (const struct cgroup_device_rule *rule, char *buf, size_t len)
{
  char major[24] = "*", minor[24] = "*";
  if (rule->type == 'a')
    {
      /* "a" alone: the kernel reads "a *:* rwm" into it.  */
      snprintf (buf, len, "a");
      return;
    }
  if (rule->major >= 0)
    snprintf (major, sizeof major, "%" PRId64, rule->major);
  if (rule->minor >= 0)
    snprintf (minor, sizeof minor, "%" PRId64, rule->minor);
  snprintf (buf, len, "%c %s:%s %s", rule->type, major, minor, rule->access);
}
