/* oci-state.c: struct oci_state <-> the state JSON document (yajl_gen out,
   the arena tree in).  Pure data: the caller decides the status and where
   the file lives.  */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "oci-internal.h"
#include "oci-state.h"

void
oci_map_set (struct oci_map *m, const char *key, const char *value)
{
  size_t i;
  for (i = 0; i < m->len; i++)
    if (strcmp (m->keys[i], key) == 0)
      {
        free (m->values[i]);
        m->values[i] = oj_strdup (value);
        return;
      }
  m->keys = realloc (m->keys, (m->len + 2) * sizeof *m->keys);
  m->values = realloc (m->values, (m->len + 2) * sizeof *m->values);
  if (m->keys == NULL || m->values == NULL)
    abort ();
  m->keys[m->len] = oj_strdup (key);
  m->values[m->len] = oj_strdup (value);
  m->len++;
  m->keys[m->len] = NULL;
  m->values[m->len] = NULL;
}

void
oci_map_clear (struct oci_map *m)
{
  oj_map_free (m);
}

/* ---- output ---- */

static int
gen_str (yajl_gen g, const char *s)
{
  return yajl_gen_string (g, (const unsigned char *) s, strlen (s)) != yajl_gen_status_ok;
}

static int
gen_member (yajl_gen g, const char *key, const char *value)
{
  if (value == NULL)
    return 0;
  return gen_str (g, key) | gen_str (g, value);
}

static int
gen_map (yajl_gen g, const char *key, const struct oci_map *m)
{
  size_t i;
  int bad;
  if (m->len == 0)
    return 0;
  bad = gen_str (g, key) | (yajl_gen_map_open (g) != yajl_gen_status_ok);
  for (i = 0; i < m->len; i++)
    bad |= gen_member (g, m->keys[i], m->values[i]);
  return bad | (yajl_gen_map_close (g) != yajl_gen_status_ok);
}

int
oci_state_to_json (const struct oci_state *s, bool pretty, char **out, size_t *len,
                   char **errmsg)
{
  const unsigned char *buf;
  size_t buf_len;
  int bad = 0;
  yajl_gen g = yajl_gen_alloc (NULL);

  *out = NULL;
  if (g == NULL)
    abort ();
  if (pretty)
    {
      yajl_gen_config (g, yajl_gen_beautify, 1);
      yajl_gen_config (g, yajl_gen_indent_string, "  ");
    }
  /* runc's field order, which people diff against.  */
  bad |= yajl_gen_map_open (g) != yajl_gen_status_ok;
  bad |= gen_member (g, "ociVersion", s->oci_version ? s->oci_version : "");
  bad |= gen_member (g, "id", s->id ? s->id : "");
  bad |= gen_str (g, "pid") | (yajl_gen_integer (g, (long long) s->pid) != yajl_gen_status_ok);
  bad |= gen_member (g, "status", s->status ? s->status : "");
  bad |= gen_member (g, "bundle", s->bundle ? s->bundle : "");
  bad |= gen_member (g, "rootfs", s->rootfs);
  bad |= gen_member (g, "created", s->created);
  bad |= gen_member (g, "owner", s->owner);
  bad |= gen_map (g, "annotations", &s->annotations);
  bad |= gen_map (g, "berth", &s->extra);
  bad |= yajl_gen_map_close (g) != yajl_gen_status_ok;
  if (bad || yajl_gen_get_buf (g, &buf, &buf_len) != yajl_gen_status_ok)
    {
      yajl_gen_free (g);
      if (errmsg)
        *errmsg = oj_strdup ("state: cannot generate JSON");
      return -1;
    }
  *out = oj_strndup ((const char *) buf, buf_len);
  *len = buf_len;
  yajl_gen_free (g);
  return 0;
}

/* ---- input ---- */

static int
read_status (struct oj_ctx *c, const struct oj *v, char **out)
{
  static const char *const statuses[] = { "creating", "created", "running", "stopped" };
  size_t i;
  int r = oj_string (c, v, out);
  if (r <= 0)
    return r;
  for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
    if (strcmp (*out, statuses[i]) == 0)
      return 1;
  return oj_err (c, v, "unknown status \"%s\"", *out);
}

static int
read_state (struct oj_ctx *c, const struct oj *obj, void *out)
{
  struct oci_state *s = out;
  OJ_FOREACH (m, obj)
    {
      int r = 0;
      if (m->key_len == 0)
        continue;
      switch (m->key[0])
        {
        case 'o':
          if (oj_is (m, "ociVersion"))
            r = oj_string (c, m, &s->oci_version);
          else if (oj_is (m, "owner"))
            r = oj_string (c, m, &s->owner);
          break;
        case 'i':
          if (oj_is (m, "id"))
            r = oj_string (c, m, &s->id);
          break;
        case 's':
          if (oj_is (m, "status"))
            r = read_status (c, m, &s->status);
          break;
        case 'p':
          if (oj_is (m, "pid"))
            {
              r = oj_int64 (c, m, &s->pid);
              if (r > 0 && s->pid < 0)
                return oj_err (c, m, "must not be negative");
            }
          break;
        case 'b':
          if (oj_is (m, "bundle"))
            r = oj_string (c, m, &s->bundle);
          else if (oj_is (m, "berth"))
            r = oj_map (c, m, &s->extra);
          break;
        case 'r':
          if (oj_is (m, "rootfs"))
            r = oj_string (c, m, &s->rootfs);
          break;
        case 'c':
          if (oj_is (m, "created"))
            r = oj_string (c, m, &s->created);
          break;
        case 'a':
          if (oj_is (m, "annotations"))
            r = oj_map (c, m, &s->annotations);
          break;
        }
      if (r < 0)
        return -1;
    }
  if (s->oci_version == NULL)
    return oj_missing (c, "ociVersion");
  if (s->id == NULL)
    return oj_missing (c, "id");
  if (s->status == NULL)
    return oj_missing (c, "status");
  if (s->bundle == NULL)
    return oj_missing (c, "bundle");
  return 0;
}

static void
free_state (void *p)
{
  oci_state_free (p);
}

int
oci_state_parse_data (const char *data, size_t len, const char *source, struct oci_state **out,
                      char **errmsg)
{
  return oci_parse_document (data, len, source, sizeof **out, read_state, free_state,
                             (void **) out, errmsg);
}

int
oci_state_parse_file (const char *path, const char *source, struct oci_state **out,
                      char **errmsg)
{
  return oci_parse_document_file (path, source, sizeof **out, read_state, free_state,
                                  (void **) out, errmsg);
}

void
oci_state_free (struct oci_state *s)
{
  if (s == NULL)
    return;
  free (s->oci_version);
  free (s->id);
  free (s->status);
  free (s->bundle);
  oj_map_free (&s->annotations);
  free (s->rootfs);
  free (s->created);
  free (s->owner);
  oj_map_free (&s->extra);
  free (s);
}
