/* test-features.c: the features document writer (libocispec-lite) and the
   default config generator: omitted vs empty fields, required fields, JSON
   escaping, exact numbers, and the shapes berth's own documents take.  */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "berth-features.h"
#include "mount-options.h"
#include "oci-features.h"
#include "spec.h"
#include "tap.h"

static yajl_val
parse (const char *json)
{
  char errbuf[256];
  yajl_val v = yajl_tree_parse (json, errbuf, sizeof errbuf);
  if (v == NULL)
    printf ("# parse error: %s\n", errbuf);
  return v;
}

static yajl_val
get (yajl_val root, const char *a, const char *b, const char *c)
{
  const char *path[] = { a, b, c, NULL };
  return yajl_tree_get (root, path, yajl_t_any);
}

static void
test_generate_minimal (void)
{
  struct oci_features f = { .oci_version_min = "1.0.0", .oci_version_max = "1.3.0" };
  char *json = NULL, *err = NULL;
  size_t len = 0;
  yajl_val v;

  TAP_OK (oci_features_generate (&f, &json, &len, &err) == 0, "minimal document generates");
  TAP_OK (len == strlen (json) && json[len - 1] == '\n', "length and trailing newline");
  v = parse (json);
  TAP_OK (v && YAJL_IS_OBJECT (v) && v->u.object.len == 2, "only the two required fields");
  TAP_STR_EQ (YAJL_GET_STRING (get (v, "ociVersionMax", NULL, NULL)), "1.3.0", "ociVersionMax");
  TAP_OK (get (v, "hooks", NULL, NULL) == NULL, "a NULL list is omitted");
  yajl_tree_free (v);
  free (json);
}

static void
test_generate_required (void)
{
  struct oci_features f = { .oci_version_min = "1.0.0" };
  char *json = NULL, *err = NULL;

  TAP_OK (oci_features_generate (&f, &json, NULL, &err) < 0, "missing ociVersionMax fails");
  TAP_OK (err && strstr (err, "ociVersionMax"), "the error names the field: %s", err ? err : "");
  TAP_OK (json == NULL, "no output on error");
  free (err);
}

static void
test_generate_lists_and_escaping (void)
{
  static const char *const empty[] = { NULL };
  static const char *const hooks[] = { "prestart", "we\"ird\\\n", NULL };
  static const char *const keys[] = { "k" };
  static const char *const values[] = { "v\t" };
  struct oci_features_linux lx = {
    .namespaces = empty,
    .cgroup = { .present = true, .v2 = true },
    .seccomp = { .present = true, .enabled = false },
    .mount_extensions_idmap = { .present = true, .enabled = true },
  };
  struct oci_features f = {
    .oci_version_min = "1.0.0", .oci_version_max = "1.3.0", .hooks = hooks,
    .mount_options = empty, .annotation_keys = keys, .annotation_values = values,
    .n_annotations = 1, .linux_ = &lx,
  };
  char *json = NULL, *err = NULL;
  yajl_val v, h;

  TAP_OK (oci_features_generate (&f, &json, NULL, &err) == 0, "full document generates");
  v = parse (json);
  TAP_OK (v != NULL, "output is valid JSON");
  h = get (v, "hooks", NULL, NULL);
  TAP_OK (YAJL_IS_ARRAY (h) && h->u.array.len == 2, "hooks has two entries");
  TAP_STR_EQ (YAJL_GET_STRING (h->u.array.values[1]), "we\"ird\\\n", "escaping round-trips");
  TAP_OK (YAJL_IS_ARRAY (get (v, "mountOptions", NULL, NULL))
              && get (v, "mountOptions", NULL, NULL)->u.array.len == 0,
          "an empty list is written as []");
  TAP_OK (YAJL_IS_FALSE (get (v, "linux", "cgroup", "v1")), "cgroup.v1 false");
  TAP_OK (YAJL_IS_TRUE (get (v, "linux", "cgroup", "v2")), "cgroup.v2 true");
  TAP_OK (get (v, "linux", "apparmor", NULL) == NULL, "absent flag object omitted");
  TAP_OK (YAJL_IS_TRUE (get (v, "linux", "mountExtensions", "idmap") ? yajl_tree_get (get (v, "linux", "mountExtensions", "idmap"), (const char *[]){ "enabled", NULL }, yajl_t_any) : NULL),
          "mountExtensions.idmap.enabled");
  TAP_STR_EQ (YAJL_GET_STRING (get (v, "annotations", "k", NULL)), "v\t", "annotation value");
  yajl_tree_free (v);
  free (json);
}

static void
test_gen_uint_exact (void)
{
  yajl_gen g = oci_gen_new ();
  char *json = NULL, *err = NULL;

  yajl_gen_map_open (g);
  oci_gen_key_uint (g, "max", 18446744073709551615ULL);
  yajl_gen_map_close (g);
  TAP_OK (oci_gen_finish (g, "t", &json, NULL, &err) == 0, "uint document generates");
  TAP_OK (json && strstr (json, "18446744073709551615"), "UINT64_MAX written exactly");
  free (json);
}

static void
test_berth_features (void)
{
  char *json = NULL;
  berth_error_t *err = NULL;
  yajl_val v, caps;

  TAP_OK (berth_features_json (&json, NULL, &err) == 0, "berth's features document generates");
  v = parse (json);
  TAP_OK (v != NULL, "it is valid JSON");
  caps = get (v, "linux", "capabilities", NULL);
  TAP_OK (YAJL_IS_ARRAY (caps) && caps->u.array.len >= 38, "capabilities listed (%zu)",
          caps ? caps->u.array.len : 0);
  TAP_STR_EQ (caps ? YAJL_GET_STRING (caps->u.array.values[0]) : NULL, "CAP_CHOWN", "first is CAP_CHOWN");
  TAP_OK (YAJL_IS_FALSE (get (v, "linux", "cgroup", "systemd")), "no systemd driver claimed");
  {
    yajl_val opts = get (v, "mountOptions", NULL, NULL);
    size_t i, unknown = 0;
    for (i = 0; opts && i < opts->u.array.len; i++)
      if (mount_option_lookup (YAJL_GET_STRING (opts->u.array.values[i])) == NULL)
        unknown++;
    TAP_OK (opts && opts->u.array.len > 50 && unknown == 0,
            "every reported mount option is in the mounts option table (%zu unknown)", unknown);
  }
  yajl_tree_free (v);
  free (json);
}

static void
test_library_versions (void)
{
  struct berth_library_version libs[8];
  size_t i, n = berth_library_versions (libs, 8);
  bool seen_yajl = false, seen_seccomp = false;

  TAP_OK (n >= 4, "at least four libraries reported");
  for (i = 0; i < n; i++)
    {
      seen_yajl |= strcmp (libs[i].name, "yajl") == 0 && libs[i].version[0] >= '2';
      seen_seccomp |= strcmp (libs[i].name, "libseccomp") == 0 && libs[i].version[0] >= '2';
    }
  TAP_OK (seen_yajl && seen_seccomp, "yajl and libseccomp with versions");
  TAP_OK (berth_library_versions (libs, 1) == 1, "never more than asked for");
}

static void
test_spec (bool rootless)
{
  struct spec_options o = { .rootless = rootless, .uid = 1234, .gid = 5678 };
  char *json = NULL;
  berth_error_t *err = NULL;
  yajl_val v, ns, uid;
  size_t i;
  bool has_net = false, has_user = false;

  TAP_OK (spec_generate (&o, &json, NULL, &err) == 0, "spec (rootless=%d) generates", rootless);
  v = parse (json);
  TAP_OK (v != NULL, "spec (rootless=%d) is valid JSON", rootless);
  ns = get (v, "linux", "namespaces", NULL);
  for (i = 0; ns && i < ns->u.array.len; i++)
    {
      const char *t = YAJL_GET_STRING (yajl_tree_get (ns->u.array.values[i], (const char *[]){ "type", NULL }, yajl_t_string));
      has_net |= t && strcmp (t, "network") == 0;
      has_user |= t && strcmp (t, "user") == 0;
    }
  TAP_OK (has_net == !rootless && has_user == rootless, "network/user namespaces (rootless=%d)", rootless);
  uid = get (v, "linux", "uidMappings", NULL);
  if (rootless)
    TAP_OK (uid && YAJL_IS_ARRAY (uid)
                && YAJL_GET_INTEGER (yajl_tree_get (uid->u.array.values[0], (const char *[]){ "hostID", NULL }, yajl_t_number)) == 1234,
            "uid 1234 mapped to root");
  else
    TAP_OK (uid == NULL && get (v, "linux", "resources", NULL) != NULL, "no mappings, resources present");
  TAP_OK (YAJL_IS_TRUE (get (v, "process", "terminal", NULL)), "terminal true (as runc)");
  yajl_tree_free (v);
  free (json);
}

int
main (void)
{
  test_generate_minimal ();
  test_generate_required ();
  test_generate_lists_and_escaping ();
  test_gen_uint_exact ();
  test_berth_features ();
  test_library_versions ();
  test_spec (false);
  test_spec (true);
  return tap_done ();
}
