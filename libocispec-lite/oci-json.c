/* oci-json.c: yajl callbacks -> a compact tree in one arena, plus the
   allocation helpers of libocispec-lite.  Reading the tree is
   oci-json-read.c.  Never interprets the runtime-spec (that is oci-config.c
   and friends) and never touches anything but memory.
   Why not yajl_tree: it mallocs every node, key and string separately and
   turns uint64 values above INT64_MAX into doubles; here a parse is one
   arena plus a scratch stack, and numbers stay text until a getter reads them.  */
#include <config.h>

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
  const char *text, *text_end; /* the document being parsed */
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

/* Given the whole document in one yajl_parse call, yajl hands out tokens
   in place unless it had to unescape them into its (reused) decode buffer:
   reference the former, copy the latter.  */
static const char *
keep_text (struct builder *b, const unsigned char *s, size_t len, bool *decoded)
{
  const char *p = (const char *) s;
  if (p >= b->text && p + len <= b->text_end)
    {
      *decoded = false;
      return p;
    }
  *decoded = true;
  return arena_strndup (b->doc, s, len);
}

static int
on_number (void *ctx, const char *s, size_t len)
{
  struct builder *b = ctx;
  struct oj *v = push (b, OJ_NUMBER);
  v->str = keep_text (b, (const unsigned char *) s, len, &v->decoded);
  v->len = (uint32_t) len;
  return 1;
}

static int
on_string (void *ctx, const unsigned char *s, size_t len)
{
  struct builder *b = ctx;
  struct oj *v = push (b, OJ_STRING);
  v->str = keep_text (b, s, len, &v->decoded);
  v->len = (uint32_t) len;
  return 1;
}

static int
on_key (void *ctx, const unsigned char *s, size_t len)
{
  struct builder *b = ctx;
  bool decoded;
  b->key = keep_text (b, s, len, &decoded);
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

struct key_ref
{
  const char *key;
  uint32_t len;
  uint32_t index;
};

static int
key_ref_cmp (const void *a, const void *b)
{
  const struct key_ref *x = a, *y = b;
  int r;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  r = memcmp (x->key, y->key, x->len);
  if (r != 0)
    return r;
  return x->index < y->index ? -1 : 1;
}

/* Large objects (annotations can be big) sort their keys instead of
   comparing every pair.  */
static size_t
drop_duplicate_keys_sorted (struct oj *m, size_t n)
{
  struct key_ref *refs = malloc (n * sizeof *refs);
  size_t i, dropped = 0;
  if (refs == NULL)
    abort ();
  for (i = 0; i < n; i++)
    {
      refs[i].key = m[i].key;
      refs[i].len = m[i].key_len;
      refs[i].index = (uint32_t) i;
    }
  qsort (refs, n, sizeof *refs, key_ref_cmp);
  for (i = 0; i + 1 < n; i++)
    if (refs[i].len == refs[i + 1].len && memcmp (refs[i].key, refs[i + 1].key, refs[i].len) == 0)
      {
        m[refs[i].index].type = OJ_DROPPED;
        dropped++;
      }
  free (refs);
  return dropped;
}

static size_t
drop_duplicate_keys (struct oj *m, size_t n)
{
  size_t i, j, dropped = 0;
  if (n > 32)
    return drop_duplicate_keys_sorted (m, n);
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
  b.text = data;
  b.text_end = data + len;
  b.stack = b.stack_buf;
  b.cap = BUILDER_STACK;
  b.n = 0;
  b.opens = b.opens_buf;
  b.cap_opens = sizeof b.opens_buf / sizeof b.opens_buf[0];
  b.n_opens = 0;
  b.key = NULL;
  b.key_len = 0;

  /* One chunk sized for the document's nodes avoids regrowing on typical
     input (about one node per 12 bytes of JSON in real configs).  */
  arena_alloc (doc, len * 3 + 1024);
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
  if (b.n > 0)
    doc->root = b.stack[0];
  if (b.stack != b.stack_buf)
    free (b.stack);
  if (b.opens != b.opens_buf)
    free (b.opens);
  return 0;
}

