/* oci-features.c: writes the runtime-spec features document (and holds the
   yajl_gen helpers berth's other output documents share).  It never decides
   what is supported: the caller fills struct oci_features.  */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci-features.h"

void
oci_gen_string (yajl_gen g, const char *s)
{
  yajl_gen_string (g, (const unsigned char *) s, strlen (s));
}

void
oci_gen_key (yajl_gen g, const char *key)
{
  oci_gen_string (g, key);
}

void
oci_gen_key_string (yajl_gen g, const char *key, const char *value)
{
  if (value == NULL)
    return;
  oci_gen_key (g, key);
  oci_gen_string (g, value);
}

void
oci_gen_key_bool (yajl_gen g, const char *key, bool value)
{
  oci_gen_key (g, key);
  yajl_gen_bool (g, value);
}

void
oci_gen_key_uint (yajl_gen g, const char *key, unsigned long long value)
{
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%llu", value);
  oci_gen_key (g, key);
  /* yajl_gen_integer takes a signed long long: print ourselves so values
     above LLONG_MAX (e.g. rlimit "unlimited") stay exact.  */
  yajl_gen_number (g, buf, n);
}

void
oci_gen_key_strv (yajl_gen g, const char *key, oci_strv list)
{
  if (list == NULL)
    return;
  oci_gen_key (g, key);
  yajl_gen_array_open (g);
  for (; *list; list++)
    oci_gen_string (g, *list);
  yajl_gen_array_close (g);
}

yajl_gen
oci_gen_new (void)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  if (g == NULL)
    abort ();
  yajl_gen_config (g, yajl_gen_beautify, 1);
  yajl_gen_config (g, yajl_gen_indent_string, "\t");
  return g;
}

int
oci_gen_finish (yajl_gen g, const char *what, char **out, size_t *len, char **errmsg)
{
  const unsigned char *buf = NULL;
  size_t n = 0;
  char *r;

  if (yajl_gen_get_buf (g, &buf, &n) != yajl_gen_status_ok || n == 0)
    {
      yajl_gen_free (g);
      if (asprintf (errmsg, "%s: cannot generate JSON", what) < 0)
        abort ();
      return -1;
    }
  r = malloc (n + 2);
  if (r == NULL)
    abort ();
  memcpy (r, buf, n);
  /* yajl's beautifier already ends with a newline; keep exactly one.  */
  if (r[n - 1] != '\n')
    r[n++] = '\n';
  r[n] = '\0';
  yajl_gen_free (g);
  *out = r;
  if (len)
    *len = n;
  return 0;
}

static void
gen_flag (yajl_gen g, const char *key, const struct oci_feature_flag *f)
{
  if (!f->present)
    return;
  oci_gen_key (g, key);
  yajl_gen_map_open (g);
  oci_gen_key_bool (g, "enabled", f->enabled);
  yajl_gen_map_close (g);
}

static void
gen_cgroup (yajl_gen g, const struct oci_features_cgroup *c)
{
  if (!c->present)
    return;
  oci_gen_key (g, "cgroup");
  yajl_gen_map_open (g);
  oci_gen_key_bool (g, "v1", c->v1);
  oci_gen_key_bool (g, "v2", c->v2);
  oci_gen_key_bool (g, "systemd", c->systemd);
  oci_gen_key_bool (g, "systemdUser", c->systemd_user);
  oci_gen_key_bool (g, "rdma", c->rdma);
  yajl_gen_map_close (g);
}

static void
gen_seccomp (yajl_gen g, const struct oci_features_seccomp *s)
{
  if (!s->present)
    return;
  oci_gen_key (g, "seccomp");
  yajl_gen_map_open (g);
  oci_gen_key_bool (g, "enabled", s->enabled);
  oci_gen_key_strv (g, "actions", s->actions);
  oci_gen_key_strv (g, "operators", s->operators);
  oci_gen_key_strv (g, "archs", s->archs);
  oci_gen_key_strv (g, "knownFlags", s->known_flags);
  oci_gen_key_strv (g, "supportedFlags", s->supported_flags);
  yajl_gen_map_close (g);
}

static void
gen_linux (yajl_gen g, const struct oci_features_linux *l)
{
  oci_gen_key (g, "linux");
  yajl_gen_map_open (g);
  oci_gen_key_strv (g, "namespaces", l->namespaces);
  oci_gen_key_strv (g, "capabilities", l->capabilities);
  gen_cgroup (g, &l->cgroup);
  gen_seccomp (g, &l->seccomp);
  gen_flag (g, "apparmor", &l->apparmor);
  gen_flag (g, "selinux", &l->selinux);
  gen_flag (g, "intelRdt", &l->intel_rdt);
  if (l->mount_extensions_idmap.present)
    {
      oci_gen_key (g, "mountExtensions");
      yajl_gen_map_open (g);
      gen_flag (g, "idmap", &l->mount_extensions_idmap);
      yajl_gen_map_close (g);
    }
  gen_flag (g, "netDevices", &l->net_devices);
  yajl_gen_map_close (g);
}

int
oci_features_generate (const struct oci_features *f, char **out, size_t *len, char **errmsg)
{
  yajl_gen g;
  size_t i;

  if (f->oci_version_min == NULL || f->oci_version_max == NULL)
    {
      if (asprintf (errmsg, "features: ociVersionMin and ociVersionMax are required") < 0)
        abort ();
      return -1;
    }
  g = oci_gen_new ();
  yajl_gen_map_open (g);
  oci_gen_key_string (g, "ociVersionMin", f->oci_version_min);
  oci_gen_key_string (g, "ociVersionMax", f->oci_version_max);
  oci_gen_key_strv (g, "hooks", f->hooks);
  oci_gen_key_strv (g, "mountOptions", f->mount_options);
  if (f->linux_)
    gen_linux (g, f->linux_);
  if (f->n_annotations > 0)
    {
      oci_gen_key (g, "annotations");
      yajl_gen_map_open (g);
      for (i = 0; i < f->n_annotations; i++)
        oci_gen_key_string (g, f->annotation_keys[i], f->annotation_values[i]);
      yajl_gen_map_close (g);
    }
  oci_gen_key_strv (g, "potentiallyUnsafeConfigAnnotations",
                    f->potentially_unsafe_config_annotations);
  yajl_gen_map_close (g);
  return oci_gen_finish (g, "features", out, len, errmsg);
}
