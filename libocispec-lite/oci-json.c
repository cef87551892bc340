/* oci-json.c: yajl callbacks -> a compact tree in one arena, and the typed
   getters with JSON-path error messages.  Never interprets the runtime-spec
   (that is oci-config.c and friends) and never touches anything but memory.
   Why not yajl_tree: it mallocs every node, key and string separately and
   turns uint64 values above INT64_MAX into doubles; here a parse is one
   arena plus a scratch stack, and numbers stay text until a getter reads them.  */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "oci-json.h"

/* ---- allocation ---- */

void *
oj_malloc0 (size_t n)
{
  void *p = calloc (1, n ? n : 1);
  if (p == NULL)
    abort ();
  return p;
}

void *
oj_calloc (size_t n, size_t size)
{
  void *p = calloc (n ? n : 1, size ? size : 1);
  if (p == NULL)
    abort ();
  return p;
}

char *
oj_strndup (const char *s, size_t n)
{
  char *p = malloc (n + 1);
  if (p == NULL)
    abort ();
  memcpy (p, s, n);
  p[n] = '\0';
  return p;
}

char *
oj_strdup (const char *s)
{
  return s ? oj_strndup (s, strlen (s)) : NULL;
}

void
oj_strv_free (char **v, size_t n)
{
  size_t i;
  if (v == NULL)
    return;
  for (i = 0; i < n; i++)
    free (v[i]);
  free (v);
}

void
oj_map_free (struct oci_map *m)
{
  oj_strv_free (m->keys, m->len);
  oj_strv_free (m->values, m->len);
  m->keys = m->values = NULL;
  m->len = 0;
}

/* ---- arena ---- */

struct oj_chunk
{
  struct oj_chunk *next;
  size_t used;
  size_t size;
  max_align_t data[];
};

static void *
arena_alloc (struct oj_doc *doc, size_t n)
{
  struct oj_chunk *c = doc->chunks;
  void *p;

  n = (n + 7) & ~(size_t) 7;
  if (c == NULL || c->size - c->used < n)
    {
      size_t size = c ? c->size * 2 : 4096;
      if (size < n)
        size = n;
      c = malloc (sizeof *c + size);
      if (c == NULL)
        abort ();
      c->next = doc->chunks;
      c->used = 0;
      c->size = size;
      doc->chunks = c;
    }
  p = (char *) c->data + c->used;
  c->used += n;
  return p;
}

static const char *
arena_strndup (struct oj_doc *doc, const unsigned char *s, size_t n)
{
  char *p = arena_alloc (doc, n + 1);
  memcpy (p, s, n);
  p[n] = '\0';
  return p;
}

void
oj_doc_free (struct oj_doc *doc)
{
  struct oj_chunk *c = doc->chunks, *next;
  for (; c; c = next)
    {
      next = c->next;
      free (c);
    }
  doc->chunks = NULL;
}

/* ---- building the tree from yajl events ---- */

#define BUILDER_STACK 256

struct builder
{
  struct oj_doc *doc;
  struct oj *stack; /* values of the containers still open, in order */
  size_t n, cap;
  size_t *opens; /* index of each open container's first child */
  size_t n_opens, cap_opens;
  const char *key;
  uint32_t key_len;
  struct oj stack_buf[BUILDER_STACK];
  size_t opens_buf[64];
};

static void *
grow (void *buf, void *inline_buf, size_t *cap, size_t elem)
{
  size_t ncap = *cap * 2;
  void *p;
  if (buf == inline_buf)
    {
      p = malloc (ncap * elem);
      if (p == NULL)
        abort ();
      memcpy (p, buf, *cap * elem);
    }
  else
    {
      p = realloc (buf, ncap * elem);
      if (p == NULL)
        abort ();
    }
  *cap = ncap;
  return p;
}

static struct oj *
push (struct builder *b, uint8_t type)
{
  struct oj *v;
  if (b->n == b->cap)
    b->stack = grow (b->stack, b->stack_buf, &b->cap, sizeof *b->stack);
  v = &b->stack[b->n++];
  memset (v, 0, sizeof *v);
  v->type = type;
  v->key = b->key;
  v->key_len = b->key_len;
  b->key = NULL;
  b->key_len = 0;
  return v;
}

static int
on_null (void *ctx)
{
  push (ctx, OJ_NULL);
  return 1;
}

static int
on_boolean (void *ctx, int val)
{
  push (ctx, OJ_BOOL)->boolean = val != 0;
  return 1;
}

static int
on_number (void *ctx, const char *s, size_t len)
{
  struct builder *b = ctx;
  struct oj *v = push (b, OJ_NUMBER);
  v->str = arena_strndup (b->doc, (const unsigned char *) s, len);
  v->len = (uint32_t) len;
  return 1;
}

static int
on_string (void *ctx, const unsigned char *s, size_t len)
{
  struct builder *b = ctx;
  struct oj *v = push (b, OJ_STRING);
  v->str = arena_strndup (b->doc, s, len);
  v->len = (uint32_t) len;
  return 1;
}

static int
on_key (void *ctx, const unsigned char *s, size_t len)
{
  struct builder *b = ctx;
  b->key = arena_strndup (b->doc, s, len);
  b->key_len = (uint32_t) len;
  return 1;
}

static int
open_container (struct builder *b, uint8_t type)
{
  push (b, type);
  if (b->n_opens == b->cap_opens)
    b->opens = grow (b->opens, b->opens_buf, &b->cap_opens, sizeof *b->opens);
  b->opens[b->n_opens++] = b->n;
  return 1;
}

static int
on_start_map (void *ctx)
{
  return open_container (ctx, OJ_OBJECT);
}

static int
on_start_array (void *ctx)
{
  return open_container (ctx, OJ_ARRAY);
}

/* Go's decoder (runc) keeps the last of duplicate keys: mark the earlier ones.  */
#define OJ_DROPPED 0xff

static size_t
drop_duplicate_keys (struct oj *m, size_t n)
{
  size_t i, j, dropped = 0;
  for (i = 0; i + 1 < n; i++)
    for (j = i + 1; j < n; j++)
      if (m[i].key_len == m[j].key_len && memcmp (m[i].key, m[j].key, m[i].key_len) == 0)
        {
          m[i].type = OJ_DROPPED;
          dropped++;
          break;
        }
  return dropped;
}

static int
close_container (void *ctx)
{
  struct builder *b = ctx;
  size_t start = b->opens[--b->n_opens];
  struct oj *parent = &b->stack[start - 1];
  size_t count = b->n - start, kept = count, i, k = 0;
  struct oj *items = NULL;

  if (parent->type == OJ_OBJECT && count > 1)
    kept -= drop_duplicate_keys (&b->stack[start], count);
  if (kept > 0)
    {
      items = arena_alloc (b->doc, kept * sizeof *items);
      if (kept == count)
        memcpy (items, &b->stack[start], count * sizeof *items);
      else
        for (i = start; i < b->n; i++)
          if (b->stack[i].type != OJ_DROPPED)
            items[k++] = b->stack[i];
    }
  parent->items = items;
  parent->len = (uint32_t) kept;
  b->n = start;
  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_key,
  .yajl_end_map = close_container,
  .yajl_start_array = on_start_array,
  .yajl_end_array = close_container,
};

/* yajl says "parse error: invalid object key (must be a string)\n" or
   "lexical error: ...": keep the reason, prefix the position like a compiler.  */
static char *
format_parse_error (yajl_handle h, const char *data, size_t len, size_t offset,
                    const char *source)
{
  unsigned char *e = yajl_get_error (h, 0, (const unsigned char *) data, len);
  const char *reason = e ? (const char *) e : "invalid JSON";
  size_t line = 1, col = 1, i, rlen;
  char *msg;

  if (offset > len)
    offset = len;
  for (i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          line++;
          col = 1;
        }
      else
        col++;
    }
  if (strncmp (reason, "parse error: ", 13) == 0)
    reason += 13;
  else if (strncmp (reason, "lexical error: ", 15) == 0)
    reason += 15;
  rlen = strlen (reason);
  while (rlen > 0 && (reason[rlen - 1] == '\n' || reason[rlen - 1] == ' ' || reason[rlen - 1] == '.'))
    rlen--;
  if (asprintf (&msg, "%s:%zu:%zu: parse error: %.*s", source, line, col, (int) rlen, reason) < 0)
    abort ();
  if (e)
    yajl_free_error (h, e);
  return msg;
}

int
oj_doc_parse (struct oj_doc *doc, const char *data, size_t len, const char *source,
              char **errmsg)
{
  struct builder b;
  yajl_handle h;
  yajl_status st;
  size_t offset = len;

  memset (doc, 0, sizeof *doc);
  b.doc = doc;
  b.stack = b.stack_buf;
  b.cap = BUILDER_STACK;
  b.n = 0;
  b.opens = b.opens_buf;
  b.cap_opens = sizeof b.opens_buf / sizeof b.opens_buf[0];
  b.n_opens = 0;
  b.key = NULL;
  b.key_len = 0;

  /* One chunk sized for the document avoids regrowing on typical input.  */
  arena_alloc (doc, len * 4 + 1024);
  doc->chunks->used = 0;

  h = yajl_alloc (&callbacks, NULL, &b);
  if (h == NULL)
    abort ();
  st = yajl_parse (h, (const unsigned char *) data, len);
  if (st == yajl_status_ok)
    st = yajl_complete_parse (h);
  else
    {
      /* yajl has consumed the offending token: point at its last byte.  */
      offset = yajl_get_bytes_consumed (h);
      if (offset > 0)
        offset--;
    }
  if (st != yajl_status_ok)
    {
      *errmsg = format_parse_error (h, data, len, offset, source);
      yajl_free (h);
      if (b.stack != b.stack_buf)
        free (b.stack);
      if (b.opens != b.opens_buf)
        free (b.opens);
      oj_doc_free (doc);
      return -1;
    }
  yajl_free (h);
  doc->root = b.stack[0];
  if (b.stack != b.stack_buf)
    free (b.stack);
  if (b.opens != b.opens_buf)
    free (b.opens);
  return 0;
}

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
key_is_plain (const char *k)
{
  if (*k == '\0')
    return false;
  for (; *k; k++)
    if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9')
          || *k == '_' || *k == '-'))
      return false;
  return true;
}

static void
path_component (FILE *f, const struct oj *parent, const struct oj *v, const char *name,
                bool first)
{
  if (name == NULL && parent->type == OJ_ARRAY)
    {
      fprintf (f, "[%zu]", (size_t) (v - parent->items));
      return;
    }
  if (name == NULL)
    name = v->key ? v->key : "";
  if (key_is_plain (name))
    fprintf (f, "%s%s", first ? "" : ".", name);
  else
    fprintf (f, "[\"%s\"]", name);
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
      return (strpbrk (v->str, ".eE") != NULL) ? "number" : "integer";
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
  /* A C string would silently end at an embedded NUL: "a\u0000b" is not "a".  */
  if (memchr (v->str, '\0', v->len) != NULL)
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
number_parse (const char *s, bool *neg, uint64_t *mag)
{
  uint64_t m = 0;
  *neg = false;
  if (*s == '-')
    {
      *neg = true;
      s++;
    }
  for (; *s; s++)
    {
      unsigned d;
      if (*s < '0' || *s > '9')
        return -1;
      d = (unsigned) (*s - '0');
      if (m > (UINT64_MAX - d) / 10)
        {
          for (s++; *s; s++)
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
  r = number_parse (v->str, neg, mag);
  if (r == -1)
    return oj_err (c, v, "expected integer, got %s", v->str);
  if (r == -2)
    return oj_err (c, v, "value %s is out of range for %s", v->str, type_name);
  return 1;
}

static int
range_err (struct oj_ctx *c, const struct oj *v, const char *type_name)
{
  return oj_err (c, v, "value %s is out of range for %s", v->str, type_name);
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
      r = oj_string (c, m, &out->values[i]);
      if (r < 0)
        break;
      out->keys[i++] = oj_strndup (m->key, m->key_len);
    }
  oj_leave (c);
  out->len = i;
  if (r < 0)
    {
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
