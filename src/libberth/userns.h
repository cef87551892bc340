/* userns.h: uid/gid maps a non-root runtime cannot write itself.  An
   unprivileged process may only map its own uid and gid (and only after
   denying setgroups); anything more goes through the setuid helpers
   newuidmap/newgidmap (package uidmap), which check /etc/subuid and
   /etc/subgid.  Never creates a namespace.  */
#ifndef BERTH_USERNS_H
#define BERTH_USERNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

/* True when the maps of linux.uidMappings/gidMappings need the helpers:
   not root, and more than the caller's own single uid/gid mapping.  */
bool userns_needs_helpers (const struct oci_linux *l);

/* Run newuidmap PID and newgidmap PID with the mappings; the error names
   the helper and quotes what it printed.  */
int userns_write_maps_with_helpers (pid_t pid, const struct oci_linux *l, berth_error_t **err);

#endif
