/* oci-json.h: internal to libocispec-lite.  yajl's event stream becomes a
   compact read-only tree in one arena; typed getters turn tree nodes into
   model fields and report "file: json.path: what was wrong".  Knows JSON and
   error paths, nothing of the runtime-spec.  */
#ifndef OCI_JSON_H
#define OCI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oci-config.h"

enum oj_type
{
  OJ_NULL = 0,
  OJ_BOOL,
  OJ_NUMBER,
  OJ_STRING,
  OJ_OBJECT,
  OJ_ARRAY,
};

/* Strings, numbers and keys usually point straight into the parsed text
   and are NOT NUL-terminated: use len / key_len.  Only text yajl had to
   decode (escapes) is copied, and only that can hold a NUL.  */
struct oj
{
  const char *key;  /* member name when the parent is an object, else NULL */
  const char *str;  /* string or number text (len bytes) */
  struct oj *items; /* object members / array elements (contiguous) */
  uint32_t len;     /* string length or number of items */
  uint32_t key_len;
  uint8_t type;
  bool boolean;
  bool decoded; /* str was unescaped by yajl (may contain a NUL) */
};

struct oj_chunk;

struct oj_doc
{
  struct oj root;
  struct oj_chunk *chunks;
};

/* Parse `data` into doc; the tree points into `data`, which must outlive it.  On broken JSON: "SOURCE:LINE:COL: parse error: ..."
   in *errmsg, -1.  Duplicate object keys: the last one wins.  */
int oj_doc_parse (struct oj_doc *doc, const char *data, size_t len, const char *source,
                  char **errmsg);
void oj_doc_free (struct oj_doc *doc);

/* Walking context: the chain of nodes from the root to the one being read,
   kept only as pointers so that the path costs nothing until an error.  */
#define OJ_MAX_DEPTH 24

struct oj_ctx
{
  const char *source;
  char **errmsg;
  const struct oj *stack[OJ_MAX_DEPTH];
  int depth;
};

void oj_ctx_init (struct oj_ctx *c, const struct oj *root, const char *source, char **errmsg);
/* Descend into v (a member or element of the current top); oj_leave undoes it.  */
void oj_enter (struct oj_ctx *c, const struct oj *v);
void oj_leave (struct oj_ctx *c);

/* Report an error at v (a child of the current top; NULL: at the top itself)
   and return -1.  The message is "SOURCE: PATH: FMT..." (no PATH at the root).  */
int oj_err (struct oj_ctx *c, const struct oj *v, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
/* Same, at the member `name` of the top (present or not).  */
int oj_err_member (struct oj_ctx *c, const char *name, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
/* "SOURCE: PATH.name: missing required field" for a member of the top.  */
int oj_missing (struct oj_ctx *c, const char *name);
/* "expected TYPE, got TYPE".  */
int oj_type_err (struct oj_ctx *c, const struct oj *v, const char *want);
const char *oj_type_name (const struct oj *v);

/* key is a literal, so its length folds to a constant.  */
static inline bool
oj_is (const struct oj *m, const char *key)
{
  return m->key_len == __builtin_strlen (key) && __builtin_memcmp (m->key, key, m->key_len) == 0;
}

/* An empty container has items == NULL, and NULL + 0 is undefined in C
   (UBSan: "applying zero offset to null pointer"): only add a real length.  */
#define OJ_FOREACH(it, container)                                                          \
  for (const struct oj *it = (container)->items,                                           \
                       *it##_end_ = (container)->len ? it + (container)->len : it;         \
       it < it##_end_; it++)

/* Getters.  Each returns 1 when the value was present and stored, 0 when it
   was JSON null (the field stays absent, as Go's decoder does), -1 on error
   (message already set).  */
int oj_object (struct oj_ctx *c, const struct oj *v);
int oj_array (struct oj_ctx *c, const struct oj *v);
int oj_string (struct oj_ctx *c, const struct oj *v, char **out);
int oj_bool (struct oj_ctx *c, const struct oj *v, bool *out);
int oj_int64 (struct oj_ctx *c, const struct oj *v, int64_t *out);
int oj_uint64 (struct oj_ctx *c, const struct oj *v, uint64_t *out);
int oj_int32 (struct oj_ctx *c, const struct oj *v, int32_t *out);
int oj_uint32 (struct oj_ctx *c, const struct oj *v, uint32_t *out);
int oj_uint16 (struct oj_ctx *c, const struct oj *v, uint16_t *out);
/* Array of strings; *out is NULL-terminated as well as counted.  An empty
   array gives a non-NULL *out with *n == 0 (distinct from absent).  */
int oj_strv (struct oj_ctx *c, const struct oj *v, char ***out, size_t *n);
/* Object of string -> string.  */
int oj_map (struct oj_ctx *c, const struct oj *v, struct oci_map *out);
/* Copy the member name of m (refusing an embedded NUL).  */
int oj_key_dup (struct oj_ctx *c, const struct oj *m, char **out);
int oj_uint32v (struct oj_ctx *c, const struct oj *v, uint32_t **out, size_t *n);

/* Structured values.  fn reads the members of obj (already entered, so
   errors and oj_missing name paths below it) into out.  */
typedef int (*oj_fields_fn) (struct oj_ctx *c, const struct oj *obj, void *out);
/* An optional object stored behind a pointer: allocates `size` zeroed bytes,
   stores them in *out BEFORE reading (so the owner's free releases a partly
   read value), then calls fn.  */
int oj_new_object (struct oj_ctx *c, const struct oj *v, size_t size, void **out,
                   oj_fields_fn fn);
/* An object read into existing storage.  */
int oj_fill_object (struct oj_ctx *c, const struct oj *v, void *out, oj_fields_fn fn);
/* An array of objects: *out gets v->len zeroed elements of `size` bytes
   (and *n the count) before any is read, then fn reads each.  */
int oj_object_array (struct oj_ctx *c, const struct oj *v, size_t size, void **out,
                     size_t *n, oj_fields_fn fn);

/* Record presence: `r = oj_has (&x->has_limit, oj_int64 (c, m, &x->limit));`  */
static inline int
oj_has (bool *flag, int r)
{
  if (r > 0)
    *flag = true;
  return r;
}

/* Allocation that cannot fail silently (abort, like the runtime's xmalloc).  */
void *oj_malloc0 (size_t n);
void *oj_calloc (size_t n, size_t size);
char *oj_strdup (const char *s);
char *oj_strndup (const char *s, size_t n);
void oj_strv_free (char **v, size_t n);
void oj_map_free (struct oci_map *m);

#endif
