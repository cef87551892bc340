/* oci-resources.c: linux.resources (config.json) and the bare LinuxResources
   document of `update --resources`.  Reads values and checks their types and
   ranges; what they mean for cgroup v1/v2 is the cgroup code's business.  */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "oci-internal.h"

static int
read_device_cgroup (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_device_cgroup *d = out;
  bool has_allow = false;
  d->type = 'a';
  d->major = -1;
  d->minor = -1;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "allow"))
        r = oj_has (&has_allow, oj_bool (c, m, &d->allow));
      else if (oj_is (m, "type"))
        {
          if (m->type == OJ_NULL)
            continue;
          if (m->type != OJ_STRING)
            return oj_type_err (c, m, "string");
          /* runc treats "" like "a" (all devices).  */
          if (m->len > 1
              || (m->len == 1 && (m->str[0] == '\0' || strchr ("abc", m->str[0]) == NULL)))
            return oj_err (c, m, "unknown device type \"%.*s\"", (int) m->len, m->str);
          d->type = m->len ? m->str[0] : 'a';
        }
      else if (oj_is (m, "major"))
        r = oj_has (&d->has_major, oj_int64 (c, m, &d->major));
      else if (oj_is (m, "minor"))
        r = oj_has (&d->has_minor, oj_int64 (c, m, &d->minor));
      else if (oj_is (m, "access"))
        {
          r = oj_string (c, m, &d->access);
          if (r > 0 && d->access[strspn (d->access, "rwm")] != '\0')
            return oj_err (c, m, "invalid access \"%s\": only r, w and m are allowed",
                           d->access);
        }
      if (r < 0)
        return -1;
    }
  if (!has_allow)
    return oj_missing (c, "allow");
  return 1;
}

static int
read_memory (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_memory *mem = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "limit"))
        r = oj_has (&mem->has_limit, oj_int64 (c, m, &mem->limit));
      else if (oj_is (m, "reservation"))
        r = oj_has (&mem->has_reservation, oj_int64 (c, m, &mem->reservation));
      else if (oj_is (m, "swap"))
        r = oj_has (&mem->has_swap, oj_int64 (c, m, &mem->swap));
      else if (oj_is (m, "kernel"))
        r = oj_has (&mem->has_kernel, oj_int64 (c, m, &mem->kernel));
      else if (oj_is (m, "kernelTCP"))
        r = oj_has (&mem->has_kernel_tcp, oj_int64 (c, m, &mem->kernel_tcp));
      else if (oj_is (m, "swappiness"))
        r = oj_has (&mem->has_swappiness, oj_uint64 (c, m, &mem->swappiness));
      else if (oj_is (m, "disableOOMKiller"))
        r = oj_has (&mem->has_disable_oom_killer, oj_bool (c, m, &mem->disable_oom_killer));
      else if (oj_is (m, "useHierarchy"))
        r = oj_has (&mem->has_use_hierarchy, oj_bool (c, m, &mem->use_hierarchy));
      else if (oj_is (m, "checkBeforeUpdate"))
        r = oj_has (&mem->has_check_before_update, oj_bool (c, m, &mem->check_before_update));
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_cpu (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_cpu *cpu = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "shares"))
        r = oj_has (&cpu->has_shares, oj_uint64 (c, m, &cpu->shares));
      else if (oj_is (m, "quota"))
        r = oj_has (&cpu->has_quota, oj_int64 (c, m, &cpu->quota));
      else if (oj_is (m, "burst"))
        r = oj_has (&cpu->has_burst, oj_uint64 (c, m, &cpu->burst));
      else if (oj_is (m, "period"))
        r = oj_has (&cpu->has_period, oj_uint64 (c, m, &cpu->period));
      else if (oj_is (m, "realtimeRuntime"))
        r = oj_has (&cpu->has_realtime_runtime, oj_int64 (c, m, &cpu->realtime_runtime));
      else if (oj_is (m, "realtimePeriod"))
        r = oj_has (&cpu->has_realtime_period, oj_uint64 (c, m, &cpu->realtime_period));
      else if (oj_is (m, "cpus"))
        r = oj_string (c, m, &cpu->cpus);
      else if (oj_is (m, "mems"))
        r = oj_string (c, m, &cpu->mems);
      else if (oj_is (m, "idle"))
        r = oj_has (&cpu->has_idle, oj_int64 (c, m, &cpu->idle));
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_pids (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_resources *res = out;
  OJ_FOREACH (m, obj)
    if (oj_is (m, "limit")
        && oj_has (&res->has_pids_limit, oj_int64 (c, m, &res->pids_limit)) < 0)
      return -1;
  if (!res->has_pids_limit)
    return oj_missing (c, "limit");
  return 1;
}

/* major and minor are REQUIRED in every blockIO device entry.  */
static int
read_block_device (struct oj_ctx *c, const struct oj *m, int64_t *major, int64_t *minor,
                   bool *has_major, bool *has_minor)
{
  if (oj_is (m, "major"))
    return oj_has (has_major, oj_int64 (c, m, major));
  if (oj_is (m, "minor"))
    return oj_has (has_minor, oj_int64 (c, m, minor));
  return 0;
}

static int
check_block_device (struct oj_ctx *c, bool has_major, bool has_minor)
{
  if (!has_major)
    return oj_missing (c, "major");
  if (!has_minor)
    return oj_missing (c, "minor");
  return 1;
}

static int
read_weight_device (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_block_io_weight_device *w = out;
  bool has_major = false, has_minor = false;
  OJ_FOREACH (m, obj)
    {
      int r;
      if (oj_is (m, "weight"))
        r = oj_has (&w->has_weight, oj_uint16 (c, m, &w->weight));
      else if (oj_is (m, "leafWeight"))
        r = oj_has (&w->has_leaf_weight, oj_uint16 (c, m, &w->leaf_weight));
      else
        r = read_block_device (c, m, &w->major, &w->minor, &has_major, &has_minor);
      if (r < 0)
        return -1;
    }
  return check_block_device (c, has_major, has_minor);
}

static int
read_throttle (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_block_io_throttle *t = out;
  bool has_major = false, has_minor = false;
  OJ_FOREACH (m, obj)
    {
      int r;
      if (oj_is (m, "rate"))
        r = oj_uint64 (c, m, &t->rate);
      else
        r = read_block_device (c, m, &t->major, &t->minor, &has_major, &has_minor);
      if (r < 0)
        return -1;
    }
  return check_block_device (c, has_major, has_minor);
}

static int
read_throttle_list (struct oj_ctx *c, const struct oj *v, struct oci_block_io_throttle **out,
                    size_t *n)
{
  return oj_object_array (c, v, sizeof **out, (void **) out, n, read_throttle);
}

static int
read_block_io (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_block_io *b = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "weight"))
        r = oj_has (&b->has_weight, oj_uint16 (c, m, &b->weight));
      else if (oj_is (m, "leafWeight"))
        r = oj_has (&b->has_leaf_weight, oj_uint16 (c, m, &b->leaf_weight));
      else if (oj_is (m, "weightDevice"))
        r = oj_object_array (c, m, sizeof *b->weight_device, (void **) &b->weight_device,
                             &b->n_weight_device, read_weight_device);
      else if (oj_is (m, "throttleReadBpsDevice"))
        r = read_throttle_list (c, m, &b->throttle_read_bps_device,
                                &b->n_throttle_read_bps_device);
      else if (oj_is (m, "throttleWriteBpsDevice"))
        r = read_throttle_list (c, m, &b->throttle_write_bps_device,
                                &b->n_throttle_write_bps_device);
      else if (oj_is (m, "throttleReadIOPSDevice"))
        r = read_throttle_list (c, m, &b->throttle_read_iops_device,
                                &b->n_throttle_read_iops_device);
      else if (oj_is (m, "throttleWriteIOPSDevice"))
        r = read_throttle_list (c, m, &b->throttle_write_iops_device,
                                &b->n_throttle_write_iops_device);
      if (r < 0)
        return -1;
    }
  return 1;
}

/* The schema's pattern ^[1-9][0-9]*[KMG]B$ ("2MB", "1GB"; not "64kB").  */
static bool
page_size_valid (const char *s)
{
  if (*s < '1' || *s > '9')
    return false;
  while (*s >= '0' && *s <= '9')
    s++;
  return (s[0] == 'K' || s[0] == 'M' || s[0] == 'G') && s[1] == 'B' && s[2] == '\0';
}

static int
read_hugepage_limit (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_hugepage_limit *h = out;
  bool has_limit = false;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "pageSize"))
        {
          r = oj_string (c, m, &h->page_size);
          if (r > 0 && !page_size_valid (h->page_size))
            return oj_err (c, m, "invalid page size \"%s\" (want a number and KB, MB or GB)",
                           h->page_size);
        }
      else if (oj_is (m, "limit"))
        r = oj_has (&has_limit, oj_uint64 (c, m, &h->limit));
      if (r < 0)
        return -1;
    }
  if (h->page_size == NULL)
    return oj_missing (c, "pageSize");
  if (!has_limit)
    return oj_missing (c, "limit");
  return 1;
}

static int
read_net_priority (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_net_priority *p = out;
  bool has_priority = false;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "name"))
        r = oj_string (c, m, &p->name);
      else if (oj_is (m, "priority"))
        r = oj_has (&has_priority, oj_uint32 (c, m, &p->priority));
      if (r < 0)
        return -1;
    }
  if (p->name == NULL)
    return oj_missing (c, "name");
  if (!has_priority)
    return oj_missing (c, "priority");
  return 1;
}

static int
read_network (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_network_resources *n = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "classID"))
        r = oj_has (&n->has_class_id, oj_uint32 (c, m, &n->class_id));
      else if (oj_is (m, "priorities"))
        r = oj_object_array (c, m, sizeof *n->priorities, (void **) &n->priorities,
                             &n->n_priorities, read_net_priority);
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_rdma_entry (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_rdma *rd = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "hcaHandles"))
        r = oj_has (&rd->has_hca_handles, oj_uint32 (c, m, &rd->hca_handles));
      else if (oj_is (m, "hcaObjects"))
        r = oj_has (&rd->has_hca_objects, oj_uint32 (c, m, &rd->hca_objects));
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_rdma (struct oj_ctx *c, const struct oj *v, struct oci_resources *res)
{
  int r = oj_object (c, v);
  if (r <= 0)
    return r;
  res->rdma = oj_calloc (v->len, sizeof *res->rdma);
  res->n_rdma = v->len;
  oj_enter (c, v);
  OJ_FOREACH (m, v)
    {
      struct oci_rdma *rd = &res->rdma[m - v->items];
      if (oj_key_dup (c, m, &rd->device) < 0)
        r = -1;
      else if (m->type != OJ_OBJECT)
        r = oj_type_err (c, m, "object");
      else
        r = oj_fill_object (c, m, rd, read_rdma_entry);
      if (r < 0)
        break;
    }
  oj_leave (c);
  return r < 0 ? -1 : 1;
}

int
oci_read_resources (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_resources *res = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "devices"))
        r = oj_object_array (c, m, sizeof *res->devices, (void **) &res->devices,
                             &res->n_devices, read_device_cgroup);
      else if (oj_is (m, "memory"))
        r = oj_new_object (c, m, sizeof *res->memory, (void **) &res->memory, read_memory);
      else if (oj_is (m, "cpu"))
        r = oj_new_object (c, m, sizeof *res->cpu, (void **) &res->cpu, read_cpu);
      else if (oj_is (m, "pids"))
        r = oj_fill_object (c, m, res, read_pids);
      else if (oj_is (m, "blockIO"))
        r = oj_new_object (c, m, sizeof *res->block_io, (void **) &res->block_io,
                           read_block_io);
      else if (oj_is (m, "hugepageLimits"))
        r = oj_object_array (c, m, sizeof *res->hugepage_limits,
                             (void **) &res->hugepage_limits, &res->n_hugepage_limits,
                             read_hugepage_limit);
      else if (oj_is (m, "network"))
        r = oj_new_object (c, m, sizeof *res->network, (void **) &res->network, read_network);
      else if (oj_is (m, "rdma"))
        r = read_rdma (c, m, res);
      else if (oj_is (m, "unified"))
        r = oj_map (c, m, &res->unified);
      if (r < 0)
        return -1;
    }
  return 1;
}

static void
free_resources (void *p)
{
  oci_resources_free (p);
}

int
oci_resources_parse_data (const char *data, size_t len, const char *source,
                          struct oci_resources **out, char **errmsg)
{
  return oci_parse_document (data, len, source, sizeof **out, oci_read_resources,
                             free_resources, (void **) out, errmsg);
}

void
oci_resources_clear (struct oci_resources *r)
{
  size_t i;
  for (i = 0; i < r->n_devices; i++)
    free (r->devices[i].access);
  free (r->devices);
  free (r->memory);
  if (r->cpu)
    {
      free (r->cpu->cpus);
      free (r->cpu->mems);
      free (r->cpu);
    }
  if (r->block_io)
    {
      struct oci_block_io *b = r->block_io;
      free (b->weight_device);
      free (b->throttle_read_bps_device);
      free (b->throttle_write_bps_device);
      free (b->throttle_read_iops_device);
      free (b->throttle_write_iops_device);
      free (b);
    }
  for (i = 0; i < r->n_hugepage_limits; i++)
    free (r->hugepage_limits[i].page_size);
  free (r->hugepage_limits);
  if (r->network)
    {
      for (i = 0; i < r->network->n_priorities; i++)
        free (r->network->priorities[i].name);
      free (r->network->priorities);
      free (r->network);
    }
  for (i = 0; i < r->n_rdma; i++)
    free (r->rdma[i].device);
  free (r->rdma);
  oj_map_free (&r->unified);
}

void
oci_resources_free (struct oci_resources *r)
{
  if (r == NULL)
    return;
  oci_resources_clear (r);
  free (r);
}
