/* hooks.h: running one list of OCI hooks (prestart, createRuntime, ...)
   with the state document on stdin.  Where and when each list runs is the
   caller's business (container.c / process.c).  */
#ifndef BERTH_HOOKS_H
#define BERTH_HOOKS_H

#include "error.h"
#include "oci-config.h"

/* Run each hook in order; stop at the first failure (non-zero exit, signal,
   timeout -> SIGKILL), naming the kind, index and path.  */
int hooks_run (const struct oci_hook_list *l, const char *kind, const char *state_json,
               berth_error_t **err);

#endif
