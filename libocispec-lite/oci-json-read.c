/* oci-json-read.c: walking the tree built by oci-json.c: JSON paths for
   error messages ("linux.namespaces[2].type") and the typed getters that
   turn nodes into model fields.  Knows JSON types and ranges, nothing of
   the runtime-spec.  */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci-json.h"

/* ---- paths and errors ---- */

void
oj_ctx_init (struct oj_ctx *c, const struct oj *root, const char *source, char **errmsg)
{
  c->source = source;
  c->errmsg = errmsg;
  c->stack[0] = root;
  c->depth = 1;
}

void
oj_enter (struct oj_ctx *c, const struct oj *v)
{
  /* The walkers follow the schema, which is far shallower than the limit;
     the last slot is reused rather than overflowing.  */
  if (c->depth < OJ_MAX_DEPTH)
    c->stack[c->depth++] = v;
}

void
oj_leave (struct oj_ctx *c)
{
  if (c->depth > 1)
    c->depth--;
}

static bool
key_is_plain (const char *k, size_t len)
{
  size_t i;
  if (len == 0)
    return false;
  for (i = 0; i < len; i++)
    if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z')
          || (k[i] >= '0' && k[i] <= '9') || k[i] == '_' || k[i] == '-'))
      return false;
  return true;
}

static void
path_component (FILE *f, const struct oj *parent, const struct oj *v, const char *name,
                bool first)
{
  size_t len;
  if (name == NULL && parent->type == OJ_ARRAY)
    {
      fprintf (f, "[%zu]", (size_t) (v - parent->items));
      return;
    }
  if (name != NULL)
    len = strlen (name);
  else
    {
      name = v->key ? v->key : "";
      len = v->key ? v->key_len : 0;
    }
  if (key_is_plain (name, len))
    fprintf (f, "%s%.*s", first ? "" : ".", (int) len, name);
  else
    fprintf (f, "[\"%.*s\"]", (int) len, name);
}

/* v: a child of the top, or NULL; name: a member of the top, or NULL.  */
static char *
format_path (struct oj_ctx *c, const struct oj *v, const char *name)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *f = open_memstream (&buf, &size);
  int i;
  bool first = true;

  if (f == NULL)
    abort ();
  for (i = 1; i < c->depth; i++, first = false)
    path_component (f, c->stack[i - 1], c->stack[i], NULL, first);
  if (v != NULL && v != c->stack[c->depth - 1])
    {
      path_component (f, c->stack[c->depth - 1], v, NULL, first);
      first = false;
    }
  if (name != NULL)
    path_component (f, c->stack[c->depth - 1], NULL, name, first);
  if (fclose (f) != 0)
    abort ();
  return buf;
}

static int
set_error (struct oj_ctx *c, const struct oj *v, const char *name, const char *fmt,
           va_list ap)
{
  char *path = format_path (c, v, name);
  char *what = NULL;
  char *msg;

  if (vasprintf (&what, fmt, ap) < 0)
    abort ();
  if (*path)
    {
      if (asprintf (&msg, "%s: %s: %s", c->source, path, what) < 0)
        abort ();
    }
  else if (asprintf (&msg, "%s: %s", c->source, what) < 0)
    abort ();
  free (path);
  free (what);
  if (c->errmsg)
    {
      free (*c->errmsg);
      *c->errmsg = msg;
    }
  else
    free (msg);
  return -1;
}

int
oj_err (struct oj_ctx *c, const struct oj *v, const char *fmt, ...)
{
  va_list ap;
  int ret;
  va_start (ap, fmt);
  ret = set_error (c, v, NULL, fmt, ap);
  va_end (ap);
  return ret;
}

int
oj_err_member (struct oj_ctx *c, const char *name, const char *fmt, ...)
{
  va_list ap;
  int ret;
  va_start (ap, fmt);
  ret = set_error (c, NULL, name, fmt, ap);
  va_end (ap);
  return ret;
}

int
oj_missing (struct oj_ctx *c, const char *name)
{
  return oj_err_member (c, name, "missing required field");
}

static bool
number_is_integer (const struct oj *v)
{
  return memchr (v->str, '.', v->len) == NULL && memchr (v->str, 'e', v->len) == NULL
         && memchr (v->str, 'E', v->len) == NULL;
}

const char *
oj_type_name (const struct oj *v)
{
  switch (v->type)
    {
    case OJ_NULL:
      return "null";
    case OJ_BOOL:
      return "boolean";
    case OJ_NUMBER:
      return number_is_integer (v) ? "integer" : "number";
    case OJ_STRING:
      return "string";
    case OJ_OBJECT:
      return "object";
    case OJ_ARRAY:
      return "array";
    }
  return "value";
}

int
oj_type_err (struct oj_ctx *c, const struct oj *v, const char *want)
{
  return oj_err (c, v, "expected %s, got %s", want, oj_type_name (v));
}

/* ---- getters ---- */

int
oj_object (struct oj_ctx *c, const struct oj *v)
{
  if (v->type == OJ_OBJECT)
    return 1;
  if (v->type == OJ_NULL)
    return 0;
  return oj_type_err (c, v, "object");
}

int
oj_array (struct oj_ctx *c, const struct oj *v)
{
  if (v->type == OJ_ARRAY)
    return 1;
  if (v->type == OJ_NULL)
    return 0;
  return oj_type_err (c, v, "array");
}

int
oj_string (struct oj_ctx *c, const struct oj *v, char **out)
{
  if (v->type == OJ_NULL)
    return 0;
  if (v->type != OJ_STRING)
    return oj_type_err (c, v, "string");
  /* A C string would silently end at an embedded NUL: "a\u0000b" is not "a".
     Only an escape can produce one, and escaped text is always decoded.  */
  if (v->decoded && memchr (v->str, '\0', v->len) != NULL)
    return oj_err (c, v, "string contains a NUL character");
  free (*out);
  *out = oj_strndup (v->str, v->len);
  return 1;
}

int
oj_bool (struct oj_ctx *c, const struct oj *v, bool *out)
{
  if (v->type == OJ_NULL)
    return 0;
  if (v->type != OJ_BOOL)
    return oj_type_err (c, v, "boolean");
  *out = v->boolean;
  return 1;
}

/* Integer text -> sign and magnitude.  -1: not an integer (fraction or
   exponent, as Go refuses 1.0 for an int field), -2: magnitude > UINT64_MAX.  */
static int
number_parse (const char *s, size_t len, bool *neg, uint64_t *mag)
{
  const char *end = s + len;
  uint64_t m = 0;
  *neg = false;
  if (s < end && *s == '-')
    {
      *neg = true;
      s++;
    }
  for (; s < end; s++)
    {
      unsigned d;
      if (*s < '0' || *s > '9')
        return -1;
      d = (unsigned) (*s - '0');
      if (m > (UINT64_MAX - d) / 10)
        {
          for (s++; s < end; s++)
            if (*s < '0' || *s > '9')
              return -1;
          return -2;
        }
      m = m * 10 + d;
    }
  *mag = m;
  return 0;
}

static int
get_integer (struct oj_ctx *c, const struct oj *v, bool *neg, uint64_t *mag,
             const char *type_name)
{
  int r;
  if (v->type == OJ_NULL)
    return 0;
  if (v->type != OJ_NUMBER)
    return oj_type_err (c, v, "integer");
  r = number_parse (v->str, v->len, neg, mag);
  if (r == -1)
    return oj_err (c, v, "expected integer, got %.*s", (int) v->len, v->str);
  if (r == -2)
    return oj_err (c, v, "value %.*s is out of range for %s", (int) v->len, v->str, type_name);
  return 1;
}

static int
range_err (struct oj_ctx *c, const struct oj *v, const char *type_name)
{
  return oj_err (c, v, "value %.*s is out of range for %s", (int) v->len, v->str, type_name);
}

int
oj_int64 (struct oj_ctx *c, const struct oj *v, int64_t *out)
{
  bool neg;
  uint64_t m;
  int r = get_integer (c, v, &neg, &m, "int64");
  if (r <= 0)
    return r;
  if (neg ? m > (uint64_t) INT64_MAX + 1 : m > (uint64_t) INT64_MAX)
    return range_err (c, v, "int64");
  *out = neg ? (int64_t) (0 - m) : (int64_t) m;
  return 1;
}

int
oj_uint64 (struct oj_ctx *c, const struct oj *v, uint64_t *out)
{
  bool neg;
  uint64_t m;
  int r = get_integer (c, v, &neg, &m, "uint64");
  if (r <= 0)
    return r;
  if (neg && m != 0)
    return range_err (c, v, "uint64");
  *out = m;
  return 1;
}

int
oj_int32 (struct oj_ctx *c, const struct oj *v, int32_t *out)
{
  int64_t x = 0;
  int r = oj_int64 (c, v, &x);
  if (r <= 0)
    return r;
  if (x < INT32_MIN || x > INT32_MAX)
    return range_err (c, v, "int32");
  *out = (int32_t) x;
  return 1;
}

int
oj_uint32 (struct oj_ctx *c, const struct oj *v, uint32_t *out)
{
  uint64_t x = 0;
  bool neg;
  int r = get_integer (c, v, &neg, &x, "uint32");
  if (r <= 0)
    return r;
  if ((neg && x != 0) || x > UINT32_MAX)
    return range_err (c, v, "uint32");
  *out = (uint32_t) x;
  return 1;
}

int
oj_uint16 (struct oj_ctx *c, const struct oj *v, uint16_t *out)
{
  uint64_t x = 0;
  bool neg;
  int r = get_integer (c, v, &neg, &x, "uint16");
  if (r <= 0)
    return r;
  if ((neg && x != 0) || x > UINT16_MAX)
    return range_err (c, v, "uint16");
  *out = (uint16_t) x;
  return 1;
}

int
oj_strv (struct oj_ctx *c, const struct oj *v, char ***out, size_t *n)
{
  char **strv;
  size_t i = 0;
  int r = oj_array (c, v);
  if (r <= 0)
    return r;
  oj_strv_free (*out, *n);
  *out = NULL;
  *n = 0;
  strv = oj_calloc (v->len + 1, sizeof *strv);
  oj_enter (c, v);
  OJ_FOREACH (e, v)
    {
      if (e->type != OJ_STRING)
        {
          oj_strv_free (strv, i);
          r = oj_type_err (c, e, "string");
          oj_leave (c);
          return r;
        }
      if (oj_string (c, e, &strv[i]) < 0)
        {
          oj_strv_free (strv, i);
          oj_leave (c);
          return -1;
        }
      i++;
    }
  oj_leave (c);
  *out = strv;
  *n = i;
  return 1;
}

int
oj_key_dup (struct oj_ctx *c, const struct oj *m, char **out)
{
  if (memchr (m->key, '\0', m->key_len) != NULL)
    return oj_err (c, m, "key contains a NUL character");
  *out = oj_strndup (m->key, m->key_len);
  return 1;
}

int
oj_map (struct oj_ctx *c, const struct oj *v, struct oci_map *out)
{
  size_t i = 0;
  int r = oj_object (c, v);
  if (r <= 0)
    return r;
  oj_map_free (out);
  out->keys = oj_calloc (v->len + 1, sizeof *out->keys);
  out->values = oj_calloc (v->len + 1, sizeof *out->values);
  oj_enter (c, v);
  OJ_FOREACH (m, v)
    {
      if (m->type != OJ_STRING)
        {
          r = oj_type_err (c, m, "string");
          break;
        }
      r = oj_key_dup (c, m, &out->keys[i]);
      if (r < 0)
        break;
      r = oj_string (c, m, &out->values[i]);
      if (r < 0)
        break;
      i++;
    }
  oj_leave (c);
  out->len = i;
  if (r < 0)
    {
      free (out->keys[i]);
      free (out->values[i]);
      oj_map_free (out);
      return -1;
    }
  return 1;
}

int
oj_uint32v (struct oj_ctx *c, const struct oj *v, uint32_t **out, size_t *n)
{
  uint32_t *a;
  size_t i = 0;
  int r = oj_array (c, v);
  if (r <= 0)
    return r;
  a = oj_calloc (v->len, sizeof *a);
  oj_enter (c, v);
  OJ_FOREACH (e, v)
    {
      if (e->type != OJ_NUMBER)
        r = oj_type_err (c, e, "integer");
      else
        r = oj_uint32 (c, e, &a[i++]);
      if (r < 0)
        {
          free (a);
          oj_leave (c);
          return -1;
        }
    }
  oj_leave (c);
  free (*out);
  *out = a;
  *n = i;
  return 1;
}

int
oj_fill_object (struct oj_ctx *c, const struct oj *v, void *out, oj_fields_fn fn)
{
  int r = oj_object (c, v);
  if (r <= 0)
    return r;
  oj_enter (c, v);
  r = fn (c, v, out);
  oj_leave (c);
  return r < 0 ? -1 : 1;
}

int
oj_new_object (struct oj_ctx *c, const struct oj *v, size_t size, void **out,
               oj_fields_fn fn)
{
  int r = oj_object (c, v);
  if (r <= 0)
    return r;
  *out = oj_malloc0 (size);
  oj_enter (c, v);
  r = fn (c, v, *out);
  oj_leave (c);
  return r < 0 ? -1 : 1;
}

int
oj_object_array (struct oj_ctx *c, const struct oj *v, size_t size, void **out, size_t *n,
                 oj_fields_fn fn)
{
  char *items;
  int r = oj_array (c, v);
  if (r <= 0)
    return r;
  items = oj_calloc (v->len, size);
  *out = items;
  *n = v->len;
  oj_enter (c, v);
  OJ_FOREACH (e, v)
    {
      if (e->type != OJ_OBJECT)
        r = oj_type_err (c, e, "object");
      else
        {
          oj_enter (c, e);
          r = fn (c, e, items + (size_t) (e - v->items) * size);
          oj_leave (c);
        }
      if (r < 0)
        break;
    }
  oj_leave (c);
  return r < 0 ? -1 : 1;
}
