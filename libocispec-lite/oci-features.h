/* oci-features.h: the runtime-spec "features" document as plain C data, and
   its JSON output.  Owns only the model and the writing; what berth supports
   is decided in src/libberth/features.c.  No Linux calls here.  */
#ifndef OCI_FEATURES_H
#define OCI_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

#include <yajl/yajl_gen.h>

/* A NULL list means "not reported" (the field is omitted); an empty list
   (first element NULL) is written as [].  Lists are NULL-terminated.  */
typedef const char *const *oci_strv;

/* An optional {"enabled": bool} object (apparmor, selinux, intelRdt, ...).  */
struct oci_feature_flag
{
  bool present;
  bool enabled;
};

struct oci_features_cgroup
{
  bool present;
  bool v1;
  bool v2;
  bool systemd;
  bool systemd_user;
  bool rdma;
};

struct oci_features_seccomp
{
  bool present;
  bool enabled;
  oci_strv actions;
  oci_strv operators;
  oci_strv archs;
  oci_strv known_flags;
  oci_strv supported_flags;
};

struct oci_features_linux
{
  oci_strv namespaces;
  oci_strv capabilities;
  struct oci_features_cgroup cgroup;
  struct oci_features_seccomp seccomp;
  struct oci_feature_flag apparmor;
  struct oci_feature_flag selinux;
  struct oci_feature_flag intel_rdt;
  struct oci_feature_flag mount_extensions_idmap;
  struct oci_feature_flag net_devices;
};

struct oci_features
{
  const char *oci_version_min; /* required */
  const char *oci_version_max; /* required */
  oci_strv hooks;
  oci_strv mount_options;
  /* annotations: parallel key/value lists, n_annotations entries */
  const char *const *annotation_keys;
  const char *const *annotation_values;
  size_t n_annotations;
  oci_strv potentially_unsafe_config_annotations;
  const struct oci_features_linux *linux_; /* NULL: no "linux" object */
};

/* Write the document as indented JSON (a trailing newline included) into a
   malloc'd *out.  Returns 0, or -1 with a malloc'd message in *errmsg.  */
int oci_features_generate (const struct oci_features *f, char **out, size_t *len,
                           char **errmsg);

/* Small yajl_gen helpers shared by the documents berth writes (the
   features document, the default config.json).  */
void oci_gen_string (yajl_gen g, const char *s);
void oci_gen_key (yajl_gen g, const char *key);
void oci_gen_key_string (yajl_gen g, const char *key, const char *value);
void oci_gen_key_bool (yajl_gen g, const char *key, bool value);
void oci_gen_key_uint (yajl_gen g, const char *key, unsigned long long value);
/* "key": [ ...list... ]; nothing at all when list is NULL.  */
void oci_gen_key_strv (yajl_gen g, const char *key, oci_strv list);
/* A yajl_gen that indents with a tab, as runc's config.json does.  */
yajl_gen oci_gen_new (void);
/* Copy the generated text (plus "\n") into a malloc'd string and free g.
   Returns 0, or -1 with *errmsg set when the generator reported an error.  */
int oci_gen_finish (yajl_gen g, const char *what, char **out, size_t *len, char **errmsg);

#endif
