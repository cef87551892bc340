/* oci-config.c: config.json -> struct oci_config: the top level, root,
   mounts, hooks, annotations, and freeing.  process, linux, resources and
   seccomp live in their own files.  Reads the one file it is given; never
   any other system call.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci-internal.h"

/* ---- shared helpers ---- */

int
oci_check_absolute (struct oj_ctx *c, const struct oj *v, const char *value)
{
  if (value != NULL && value[0] != '/')
    return oj_err (c, v, "\"%s\" is not an absolute path", value);
  return 0;
}

int
oci_read_id_mapping (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_id_mapping *m = out;
  bool has_c = false, has_h = false, has_s = false;
  OJ_FOREACH (f, obj)
    {
      int r = 0;
      if (oj_is (f, "containerID"))
        r = oj_has (&has_c, oj_uint32 (c, f, &m->container_id));
      else if (oj_is (f, "hostID"))
        r = oj_has (&has_h, oj_uint32 (c, f, &m->host_id));
      else if (oj_is (f, "size"))
        r = oj_has (&has_s, oj_uint32 (c, f, &m->size));
      if (r < 0)
        return -1;
    }
  if (!has_c)
    return oj_missing (c, "containerID");
  if (!has_h)
    return oj_missing (c, "hostID");
  if (!has_s)
    return oj_missing (c, "size");
  return 1;
}

static int
read_file (const char *path, const char *source, char **data, size_t *len, char **errmsg)
{
  struct stat st;
  size_t cap, n = 0;
  char *buf;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 || fstat (fd, &st) < 0)
    goto fail;
  /* Files in /proc report size 0: start small and grow.  */
  cap = st.st_size > 0 ? (size_t) st.st_size + 1 : 4096;
  buf = malloc (cap);
  if (buf == NULL)
    abort ();
  for (;;)
    {
      ssize_t r;
      if (n + 1 >= cap)
        {
          char *nbuf = realloc (buf, cap * 2);
          if (nbuf == NULL)
            abort ();
          buf = nbuf;
          cap *= 2;
        }
      r = read (fd, buf + n, cap - n - 1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          free (buf);
          goto fail;
        }
      if (r == 0)
        break;
      n += (size_t) r;
    }
  close (fd);
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 0;

fail:
  {
    int saved = errno;
    if (fd >= 0)
      close (fd);
    if (asprintf (errmsg, "%s: open %s: %s", source, path, strerror (saved)) < 0)
      abort ();
    errno = saved;
    return -1;
  }
}

int
oci_parse_document (const char *data, size_t len, const char *source, size_t size,
                    oj_fields_fn read, void (*free_fn) (void *), void **out, char **errmsg)
{
  struct oj_doc doc;
  struct oj_ctx c;
  char *ignored = NULL;
  void *result;
  int r;

  *out = NULL;
  if (errmsg == NULL)
    errmsg = &ignored;
  *errmsg = NULL;
  if (oj_doc_parse (&doc, data, len, source, errmsg) < 0)
    goto fail;
  oj_ctx_init (&c, &doc.root, source, errmsg);
  if (doc.root.type != OJ_OBJECT)
    {
      oj_type_err (&c, &doc.root, "object");
      oj_doc_free (&doc);
      goto fail;
    }
  result = oj_malloc0 (size);
  r = read (&c, &doc.root, result);
  oj_doc_free (&doc);
  if (r < 0)
    {
      free_fn (result);
      goto fail;
    }
  *out = result;
  return 0;

fail:
  free (ignored);
  return -1;
}

int
oci_parse_document_file (const char *path, const char *source, size_t size,
                         oj_fields_fn read, void (*free_fn) (void *), void **out,
                         char **errmsg)
{
  char *data, *ignored = NULL;
  size_t len;
  int r;

  *out = NULL;
  if (errmsg == NULL)
    errmsg = &ignored;
  *errmsg = NULL;
  if (read_file (path, source, &data, &len, errmsg) < 0)
    {
      free (ignored);
      return -1;
    }
  r = oci_parse_document (data, len, source, size, read, free_fn, out, errmsg);
  free (data);
  free (ignored);
  return r;
}

/* ---- root, mounts, hooks ---- */

static int
read_root (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_root *root = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "path"))
        r = oj_string (c, m, &root->path);
      else if (oj_is (m, "readonly"))
        r = oj_bool (c, m, &root->readonly);
      if (r < 0)
        return -1;
    }
  if (root->path == NULL)
    return oj_missing (c, "path");
  return 1;
}

static int
read_mount (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_mount *mnt = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "destination"))
        r = oj_string (c, m, &mnt->destination);
      else if (oj_is (m, "source"))
        r = oj_string (c, m, &mnt->source);
      else if (oj_is (m, "type"))
        r = oj_string (c, m, &mnt->type);
      else if (oj_is (m, "options"))
        r = oj_strv (c, m, &mnt->options, &mnt->n_options);
      else if (oj_is (m, "uidMappings"))
        r = oj_object_array (c, m, sizeof (struct oci_id_mapping), (void **) &mnt->uid_mappings,
                             &mnt->n_uid_mappings, oci_read_id_mapping);
      else if (oj_is (m, "gidMappings"))
        r = oj_object_array (c, m, sizeof (struct oci_id_mapping), (void **) &mnt->gid_mappings,
                             &mnt->n_gid_mappings, oci_read_id_mapping);
      if (r < 0)
        return -1;
    }
  /* A relative destination is accepted, as runc does (it is taken relative
     to the rootfs); only a missing or empty one is an error.  */
  if (mnt->destination == NULL)
    return oj_missing (c, "destination");
  if (mnt->destination[0] == '\0')
    return oj_err_member (c, "destination", "must not be empty");
  return 1;
}

static int
read_hook (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_hook *h = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "path"))
        {
          r = oj_string (c, m, &h->path);
          /* The spec extends execv's path: it MUST be absolute.  */
          if (r > 0 && oci_check_absolute (c, m, h->path) < 0)
            return -1;
        }
      else if (oj_is (m, "args"))
        r = oj_strv (c, m, &h->args, &h->n_args);
      else if (oj_is (m, "env"))
        r = oj_strv (c, m, &h->env, &h->n_env);
      else if (oj_is (m, "timeout"))
        {
          r = oj_has (&h->has_timeout, oj_int32 (c, m, &h->timeout));
          if (r > 0 && h->timeout < 1)
            return oj_err (c, m, "must be greater than zero, got %d", (int) h->timeout);
        }
      if (r < 0)
        return -1;
    }
  if (h->path == NULL)
    return oj_missing (c, "path");
  return 1;
}

static int
read_hook_list (struct oj_ctx *c, const struct oj *v, struct oci_hook_list *l)
{
  return oj_object_array (c, v, sizeof (struct oci_hook), (void **) &l->hooks, &l->len,
                          read_hook);
}

static int
read_hooks (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_hooks *h = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "prestart"))
        r = read_hook_list (c, m, &h->prestart);
      else if (oj_is (m, "createRuntime"))
        r = read_hook_list (c, m, &h->create_runtime);
      else if (oj_is (m, "createContainer"))
        r = read_hook_list (c, m, &h->create_container);
      else if (oj_is (m, "startContainer"))
        r = read_hook_list (c, m, &h->start_container);
      else if (oj_is (m, "poststart"))
        r = read_hook_list (c, m, &h->poststart);
      else if (oj_is (m, "poststop"))
        r = read_hook_list (c, m, &h->poststop);
      if (r < 0)
        return -1;
    }
  return 1;
}

/* SemVer v2: MAJOR.MINOR.PATCH[-pre][+build].  Major 0 (pre-1.0 drafts, as
   in the spec's own example) and 1 are read; a later major may change
   meaning, so it is refused rather than misread.  */
static int
check_oci_version (struct oj_ctx *c, const char *v)
{
  unsigned long major;
  const char *p = v;
  char *end;
  int part;

  for (part = 0; part < 3; part++)
    {
      if (*p < '0' || *p > '9')
        return oj_err (c, NULL, "ociVersion \"%s\": not a semantic version", v);
      while (*p >= '0' && *p <= '9')
        p++;
      if (part < 2 && *p++ != '.')
        return oj_err (c, NULL, "ociVersion \"%s\": not a semantic version", v);
    }
  if (*p != '\0' && *p != '-' && *p != '+')
    return oj_err (c, NULL, "ociVersion \"%s\": not a semantic version", v);
  errno = 0;
  major = strtoul (v, &end, 10);
  if (errno != 0 || major > 1)
    return oj_err (c, NULL, "ociVersion \"%s\": unsupported major version", v);
  return 0;
}

static int
read_config (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_config *cfg = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (oj_is (m, "ociVersion"))
        r = oj_string (c, m, &cfg->oci_version);
      else if (oj_is (m, "root"))
        r = oj_new_object (c, m, sizeof *cfg->root, (void **) &cfg->root, read_root);
      else if (oj_is (m, "mounts"))
        r = oj_object_array (c, m, sizeof *cfg->mounts, (void **) &cfg->mounts, &cfg->n_mounts,
                             read_mount);
      else if (oj_is (m, "process"))
        r = oj_new_object (c, m, sizeof *cfg->process, (void **) &cfg->process,
                           oci_read_process);
      else if (oj_is (m, "hostname"))
        r = oj_string (c, m, &cfg->hostname);
      else if (oj_is (m, "domainname"))
        r = oj_string (c, m, &cfg->domainname);
      else if (oj_is (m, "hooks"))
        r = oj_new_object (c, m, sizeof *cfg->hooks, (void **) &cfg->hooks, read_hooks);
      else if (oj_is (m, "annotations"))
        r = oj_map (c, m, &cfg->annotations);
      else if (oj_is (m, "linux"))
        r = oj_new_object (c, m, sizeof *cfg->linux_, (void **) &cfg->linux_, oci_read_linux);
      if (r < 0)
        return -1;
    }
  if (cfg->oci_version == NULL)
    return oj_missing (c, "ociVersion");
  if (check_oci_version (c, cfg->oci_version) < 0)
    return -1;
  /* "On all other platforms [than Windows], this field is REQUIRED."  */
  if (cfg->root == NULL)
    return oj_missing (c, "root");
  return 0;
}

static void
free_config (void *p)
{
  oci_config_free (p);
}

int
oci_config_parse_data (const char *data, size_t len, const char *source,
                       struct oci_config **out, char **errmsg)
{
  return oci_parse_document (data, len, source, sizeof **out, read_config, free_config,
                             (void **) out, errmsg);
}

int
oci_config_parse_file (const char *path, const char *source, struct oci_config **out,
                       char **errmsg)
{
  return oci_parse_document_file (path, source, sizeof **out, read_config, free_config,
                                  (void **) out, errmsg);
}

/* ---- freeing ---- */

static void
free_hook_list (struct oci_hook_list *l)
{
  size_t i;
  for (i = 0; i < l->len; i++)
    {
      free (l->hooks[i].path);
      oj_strv_free (l->hooks[i].args, l->hooks[i].n_args);
      oj_strv_free (l->hooks[i].env, l->hooks[i].n_env);
    }
  free (l->hooks);
}

static void
free_hooks (struct oci_hooks *h)
{
  if (h == NULL)
    return;
  free_hook_list (&h->prestart);
  free_hook_list (&h->create_runtime);
  free_hook_list (&h->create_container);
  free_hook_list (&h->start_container);
  free_hook_list (&h->poststart);
  free_hook_list (&h->poststop);
  free (h);
}

void
oci_config_free (struct oci_config *cfg)
{
  size_t i;
  if (cfg == NULL)
    return;
  free (cfg->oci_version);
  if (cfg->root)
    free (cfg->root->path);
  free (cfg->root);
  for (i = 0; i < cfg->n_mounts; i++)
    {
      struct oci_mount *m = &cfg->mounts[i];
      free (m->destination);
      free (m->source);
      free (m->type);
      oj_strv_free (m->options, m->n_options);
      free (m->uid_mappings);
      free (m->gid_mappings);
    }
  free (cfg->mounts);
  oci_process_free (cfg->process);
  free (cfg->hostname);
  free (cfg->domainname);
  free_hooks (cfg->hooks);
  oj_map_free (&cfg->annotations);
  oci_linux_free (cfg->linux_);
  free (cfg);
}

const char *
oci_map_get (const struct oci_map *m, const char *key)
{
  size_t i;
  if (m == NULL || key == NULL)
    return NULL;
  for (i = 0; i < m->len; i++)
    if (strcmp (m->keys[i], key) == 0)
      return m->values[i];
  return NULL;
}

const struct oci_namespace *
oci_config_namespace (const struct oci_config *c, enum oci_namespace_type t)
{
  size_t i;
  if (c == NULL || c->linux_ == NULL)
    return NULL;
  for (i = 0; i < c->linux_->n_namespaces; i++)
    if (c->linux_->namespaces[i].type == t)
      return &c->linux_->namespaces[i];
  return NULL;
}
