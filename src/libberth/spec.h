/* spec.h: berth's default config.json (`berth spec`), runc-compatible,
   for root or rootless containers.  */
#ifndef BERTH_SPEC_H
#define BERTH_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

struct spec_options
{
  bool rootless; /* user namespace mapping uid/gid below, no netns, /sys rbind, no resources */
  uid_t uid;     /* host ids mapped to root in the rootless container */
  gid_t gid;
};

/* The default config as indented JSON, malloc'd into *json.  */
int spec_generate (const struct spec_options *o, char **json, size_t *len, berth_error_t **err);

/* Write BUNDLE/config.json, refusing to replace an existing one.  */
int spec_write (const char *bundle, const struct spec_options *o, berth_error_t **err);

#endif
