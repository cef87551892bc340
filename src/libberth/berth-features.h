/* berth-features.h: what this berth build supports (the runtime-spec features
   document) and the versions of the libraries it runs with.  The one place
   where a concern declares a newly supported feature.  */
#ifndef BERTH_FEATURES_H
#define BERTH_FEATURES_H

#include <stddef.h>

#include "error.h"

/* The runtime-spec version berth implements (and writes in `berth spec`).  */
#define BERTH_OCI_VERSION "1.3.0"

struct berth_library_version
{
  const char *name;    /* "yajl", "libseccomp", ... */
  char version[32];    /* "2.1.0"; from the library at run time where it tells */
};

/* Fill up to `max` entries; returns how many were filled.  */
size_t berth_library_versions (struct berth_library_version *out, size_t max);

/* The features document as indented JSON, malloc'd into *json.  */
int berth_features_json (char **json, size_t *len, berth_error_t **err);

#endif
