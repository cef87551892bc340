/* oci-state.h: the runtime-spec state document (`berth state` output and
   the runtime's own state file) as a struct, to JSON and back.  Knows the
   document, not where it is stored or how the status is derived.  */
#ifndef OCI_STATE_H
#define OCI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oci-config.h"

struct oci_state
{
  char *oci_version;
  char *id;
  char *status; /* creating, created, running, stopped (validated when read) */
  int64_t pid;  /* 0 when there is no process (stopped), as runc prints */
  char *bundle;
  struct oci_map annotations; /* written only when not empty */
  /* runc's extras, which go-runc and podman read */
  char *rootfs;
  char *created; /* RFC 3339, e.g. "2024-01-02T03:04:05.123456789Z" */
  char *owner;
  /* Runtime-private strings (init start time, cgroup path, ...), written as
     an object under "berth" when not empty.  Not part of `state` output
     unless the caller sets them.  */
  struct oci_map extra;
};

/* Serialize with yajl_gen.  pretty: two-space indentation, as `runc state`
   prints.  *out is malloc'd and NUL-terminated (len without the NUL).  */
int oci_state_to_json (const struct oci_state *s, bool pretty, char **out, size_t *len,
                       char **errmsg);

/* Read a state document back.  Required: ociVersion, id, status, bundle.  */
int oci_state_parse_data (const char *data, size_t len, const char *source,
                          struct oci_state **out, char **errmsg);
int oci_state_parse_file (const char *path, const char *source, struct oci_state **out,
                          char **errmsg);
void oci_state_free (struct oci_state *s);

/* Set or replace one key of a map (copies both strings).  */
void oci_map_set (struct oci_map *m, const char *key, const char *value);
void oci_map_clear (struct oci_map *m);

#endif
