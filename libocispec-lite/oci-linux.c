/* oci-linux.c: the "linux" object of config.json: namespaces, id mappings,
   time offsets, devices, netDevices, intelRdt, memoryPolicy, personality,
   propagation, masked/readonly paths.  resources and seccomp have their own
   files.  Validates names and paths; never looks at the running system.  */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "oci-internal.h"
#include "oci-tables.h"

static int
read_namespace (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_namespace *ns = out;
  char *type = NULL;
  bool has_type = false;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "type"))
        {
          int t;
          r = oj_string (c, m, &type);
          if (r > 0)
            {
              t = oci_namespace_type_from_name (type);
              if (t < 0)
                {
                  oj_err (c, m, "unknown namespace type \"%s\"", type);
                  free (type);
                  return -1;
                }
              ns->type = (enum oci_namespace_type) t;
              has_type = true;
            }
          free (type);
          type = NULL;
        }
      else if (oj_is (m, "path"))
        {
          r = oj_string (c, m, &ns->path);
          /* "This value MUST be an absolute path in the runtime mount namespace."  */
          if (r > 0 && oci_check_absolute (c, m, ns->path) < 0)
            return -1;
        }
      if (r < 0)
        return -1;
    }
  if (!has_type)
    return oj_missing (c, "type");
  return 1;
}

static int
read_namespaces (struct oj_ctx *c, const struct oj *v, struct oci_linux *l)
{
  unsigned seen = 0;
  size_t i;
  int r = oj_object_array (c, v, sizeof *l->namespaces, (void **) &l->namespaces,
                           &l->n_namespaces, read_namespace);
  if (r <= 0)
    return r;
  /* "If a namespace type is specified more than once, the runtime MUST
     generate an error."  */
  for (i = 0; i < l->n_namespaces; i++)
    {
      unsigned bit = 1u << l->namespaces[i].type;
      if (seen & bit)
        {
          oj_enter (c, v);
          oj_enter (c, &v->items[i]);
          oj_err_member (c, "type", "duplicate namespace type \"%s\"",
                         oci_namespace_type_name (l->namespaces[i].type));
          oj_leave (c);
          oj_leave (c);
          return -1;
        }
      seen |= bit;
    }
  return 1;
}

static int
read_time_offset (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_time_offset *t = out;
  t->set = true;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "secs"))
        r = oj_int64 (c, m, &t->secs);
      else if (oj_is (m, "nanosecs"))
        {
          r = oj_uint32 (c, m, &t->nanosecs);
          /* The kernel refuses a nanosecond part of a second or more.  */
          if (r > 0 && t->nanosecs >= 1000000000u)
            return oj_err (c, m, "must be less than 1000000000, got %u", t->nanosecs);
        }
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_time_offsets (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_linux *l = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "monotonic"))
        r = oj_fill_object (c, m, &l->time_monotonic, read_time_offset);
      else if (oj_is (m, "boottime"))
        r = oj_fill_object (c, m, &l->time_boottime, read_time_offset);
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_device_type (struct oj_ctx *c, const struct oj *m, char *out)
{
  if (m->type == OJ_NULL)
    return 0;
  if (m->type != OJ_STRING)
    return oj_type_err (c, m, "string");
  if (m->len != 1 || m->str[0] == '\0' || strchr ("cbup", m->str[0]) == NULL)
    return oj_err (c, m, "unknown device type \"%.*s\"", (int) m->len, m->str);
  *out = m->str[0];
  return 1;
}

static int
read_device (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_device *d = out;
  bool has_major = false, has_minor = false;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "type"))
        r = read_device_type (c, m, &d->type);
      else if (oj_is (m, "path"))
        r = oj_string (c, m, &d->path);
      else if (oj_is (m, "major"))
        r = oj_has (&has_major, oj_int64 (c, m, &d->major));
      else if (oj_is (m, "minor"))
        r = oj_has (&has_minor, oj_int64 (c, m, &d->minor));
      else if (oj_is (m, "fileMode"))
        /* The schema caps it at 0777, but callers pass S_IF* bits too and
           runc takes them: the device code keeps the permission bits.  */
        r = oj_has (&d->has_file_mode, oj_uint32 (c, m, &d->file_mode));
      else if (oj_is (m, "uid"))
        r = oj_has (&d->has_uid, oj_uint32 (c, m, &d->uid));
      else if (oj_is (m, "gid"))
        r = oj_has (&d->has_gid, oj_uint32 (c, m, &d->gid));
      if (r < 0)
        return -1;
    }
  if (d->type == 0)
    return oj_missing (c, "type");
  if (d->path == NULL)
    return oj_missing (c, "path");
  /* "major, minor (int64, REQUIRED unless type is p)".  */
  if (d->type != 'p' && !has_major)
    return oj_missing (c, "major");
  if (d->type != 'p' && !has_minor)
    return oj_missing (c, "minor");
  return 1;
}

static int
read_net_device (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_net_device *nd = out;
  OJ_FOREACH (m, obj)
    if (oj_is (m, "name") && oj_string (c, m, &nd->name) < 0)
      return -1;
  return 1;
}

static int
read_net_devices (struct oj_ctx *c, const struct oj *v, struct oci_linux *l)
{
  int r = oj_object (c, v);
  if (r <= 0)
    return r;
  l->net_devices = oj_calloc (v->len, sizeof *l->net_devices);
  l->n_net_devices = v->len;
  oj_enter (c, v);
  OJ_FOREACH (m, v)
    {
      struct oci_net_device *nd = &l->net_devices[m - v->items];
      if (oj_key_dup (c, m, &nd->host_name) < 0)
        r = -1;
      else if (m->type != OJ_OBJECT)
        r = oj_type_err (c, m, "object");
      else
        r = oj_fill_object (c, m, nd, read_net_device);
      if (r < 0)
        break;
    }
  oj_leave (c);
  return r < 0 ? -1 : 1;
}

static int
read_intel_rdt (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_intel_rdt *rdt = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "closID"))
        r = oj_string (c, m, &rdt->clos_id);
      else if (oj_is (m, "schemata"))
        r = oj_strv (c, m, &rdt->schemata, &rdt->n_schemata);
      else if (oj_is (m, "l3CacheSchema"))
        r = oj_string (c, m, &rdt->l3_cache_schema);
      else if (oj_is (m, "memBwSchema"))
        {
          r = oj_string (c, m, &rdt->mem_bw_schema);
          /* The schema's pattern ^MB:[^\n]*$.  */
          if (r > 0
              && (strncmp (rdt->mem_bw_schema, "MB:", 3) != 0
                  || strchr (rdt->mem_bw_schema, '\n') != NULL))
            return oj_err (c, m, "must start with \"MB:\" and be one line");
        }
      else if (oj_is (m, "enableMonitoring"))
        r = oj_bool (c, m, &rdt->enable_monitoring);
      if (r < 0)
        return -1;
    }
  return 1;
}

static int
read_memory_policy (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_memory_policy *mp = out;
  size_t i;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "mode"))
        {
          r = oj_string (c, m, &mp->mode);
          if (r > 0 && (mp->mode_value = oci_mpol_mode_from_name (mp->mode)) < 0)
            return oj_err (c, m, "unknown memory policy mode \"%s\"", mp->mode);
        }
      else if (oj_is (m, "nodes"))
        r = oj_string (c, m, &mp->nodes);
      else if (oj_is (m, "flags"))
        {
          r = oj_strv (c, m, &mp->flags, &mp->n_flags);
          for (i = 0; r > 0 && i < mp->n_flags; i++)
            if (oci_mpol_flag_from_name (mp->flags[i]) < 0)
              {
                oj_enter (c, m);
                r = oj_err (c, &m->items[i], "unknown memory policy flag \"%s\"", mp->flags[i]);
                oj_leave (c);
              }
        }
      if (r < 0)
        return -1;
    }
  if (mp->mode == NULL)
    return oj_missing (c, "mode");
  return 1;
}

static int
read_personality (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_personality *p = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "domain"))
        {
          r = oj_string (c, m, &p->domain);
          if (r > 0 && oci_personality_domain_from_name (p->domain) < 0)
            return oj_err (c, m, "unknown personality domain \"%s\"", p->domain);
        }
      else if (oj_is (m, "flags"))
        /* "Currently no flag values are supported": kept as given.  */
        r = oj_strv (c, m, &p->flags, &p->n_flags);
      if (r < 0)
        return -1;
    }
  if (p->domain == NULL)
    return oj_missing (c, "domain");
  return 1;
}

/* maskedPaths / readonlyPaths: "The values MUST be absolute paths in the
   container namespace."  */
static int
read_abs_paths (struct oj_ctx *c, const struct oj *v, char ***out, size_t *n)
{
  size_t i;
  int r = oj_strv (c, v, out, n);
  if (r <= 0)
    return r;
  for (i = 0; i < *n; i++)
    if ((*out)[i][0] != '/')
      {
        oj_enter (c, v);
        r = oci_check_absolute (c, &v->items[i], (*out)[i]);
        oj_leave (c);
        return r;
      }
  return 1;
}

static int
read_propagation (struct oj_ctx *c, const struct oj *v, char **out)
{
  int r = oj_string (c, v, out);
  /* runc also takes the recursive forms and "" (leave as is).  */
  if (r > 0 && (*out)[0] != '\0' && oci_propagation_from_name (*out) < 0)
    return oj_err (c, v, "unknown propagation \"%s\"", *out);
  return r;
}

static int
read_member (struct oj_ctx *c, const struct oj *m, struct oci_linux *l)
{
  if (oj_is (m, "namespaces"))
    return read_namespaces (c, m, l);
  if (oj_is (m, "uidMappings"))
    return oj_object_array (c, m, sizeof *l->uid_mappings, (void **) &l->uid_mappings,
                            &l->n_uid_mappings, oci_read_id_mapping);
  if (oj_is (m, "gidMappings"))
    return oj_object_array (c, m, sizeof *l->gid_mappings, (void **) &l->gid_mappings,
                            &l->n_gid_mappings, oci_read_id_mapping);
  if (oj_is (m, "timeOffsets"))
    return oj_fill_object (c, m, l, read_time_offsets);
  if (oj_is (m, "devices"))
    return oj_object_array (c, m, sizeof *l->devices, (void **) &l->devices, &l->n_devices,
                            read_device);
  if (oj_is (m, "netDevices"))
    return read_net_devices (c, m, l);
  if (oj_is (m, "cgroupsPath"))
    return oj_string (c, m, &l->cgroups_path);
  if (oj_is (m, "resources"))
    return oj_new_object (c, m, sizeof *l->resources, (void **) &l->resources,
                          oci_read_resources);
  if (oj_is (m, "intelRdt"))
    return oj_new_object (c, m, sizeof *l->intel_rdt, (void **) &l->intel_rdt, read_intel_rdt);
  if (oj_is (m, "memoryPolicy"))
    return oj_new_object (c, m, sizeof *l->memory_policy, (void **) &l->memory_policy,
                          read_memory_policy);
  if (oj_is (m, "sysctl"))
    return oj_map (c, m, &l->sysctl);
  if (oj_is (m, "seccomp"))
    return oj_new_object (c, m, sizeof *l->seccomp, (void **) &l->seccomp, oci_read_seccomp);
  if (oj_is (m, "rootfsPropagation"))
    return read_propagation (c, m, &l->rootfs_propagation);
  if (oj_is (m, "maskedPaths"))
    return read_abs_paths (c, m, &l->masked_paths, &l->n_masked_paths);
  if (oj_is (m, "readonlyPaths"))
    return read_abs_paths (c, m, &l->readonly_paths, &l->n_readonly_paths);
  if (oj_is (m, "mountLabel"))
    return oj_string (c, m, &l->mount_label);
  if (oj_is (m, "personality"))
    return oj_new_object (c, m, sizeof *l->personality, (void **) &l->personality,
                          read_personality);
  return 0;
}

int
oci_read_linux (struct oj_ctx *c, const struct oj *obj, void *out)
{
  OJ_FOREACH (m, obj)
    if (read_member (c, m, out) < 0)
      return -1;
  return 1;
}

void
oci_linux_free (struct oci_linux *l)
{
  size_t i;
  if (l == NULL)
    return;
  for (i = 0; i < l->n_namespaces; i++)
    free (l->namespaces[i].path);
  free (l->namespaces);
  free (l->uid_mappings);
  free (l->gid_mappings);
  for (i = 0; i < l->n_devices; i++)
    free (l->devices[i].path);
  free (l->devices);
  for (i = 0; i < l->n_net_devices; i++)
    {
      free (l->net_devices[i].host_name);
      free (l->net_devices[i].name);
    }
  free (l->net_devices);
  free (l->cgroups_path);
  oci_resources_free (l->resources);
  if (l->intel_rdt)
    {
      free (l->intel_rdt->clos_id);
      oj_strv_free (l->intel_rdt->schemata, l->intel_rdt->n_schemata);
      free (l->intel_rdt->l3_cache_schema);
      free (l->intel_rdt->mem_bw_schema);
      free (l->intel_rdt);
    }
  if (l->memory_policy)
    {
      free (l->memory_policy->mode);
      free (l->memory_policy->nodes);
      oj_strv_free (l->memory_policy->flags, l->memory_policy->n_flags);
      free (l->memory_policy);
    }
  oj_map_free (&l->sysctl);
  oci_seccomp_free (l->seccomp);
  free (l->rootfs_propagation);
  oj_strv_free (l->masked_paths, l->n_masked_paths);
  oj_strv_free (l->readonly_paths, l->n_readonly_paths);
  free (l->mount_label);
  if (l->personality)
    {
      free (l->personality->domain);
      oj_strv_free (l->personality->flags, l->personality->n_flags);
      free (l->personality);
    }
  free (l);
}
