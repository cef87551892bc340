/* network.h: the container's network beyond `lo`: berth's bridge networking
   (berth.network.* annotations) and linux.netDevices.  Runs in the runtime
   (parent) process after the container init was cloned into its new network
   namespace and before it is released, so hooks and the user program see a
   configured network.  Everything made is recorded in <state_dir>/network
   before it is made, so network_teardown can undo it after a crash.  */
#ifndef BERTH_NETWORK_H
#define BERTH_NETWORK_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

/* Cheap check for the hot path: any berth.network.* annotation or any
   linux.netDevices entry.  When false, skip network_setup/teardown entirely.  */
bool network_is_needed (const struct oci_config *c);

/* Parse and check what network_setup will do, without side effects (call it
   before clone to fail early on bad annotations).  */
int network_validate (const struct oci_config *c, berth_error_t **err);

/* Bridge networking and netDevices for the container whose init is init_pid.
   state_root holds the address leases (<state_root>/network~/), state_dir is
   the container's own state directory (must exist).  On failure everything
   already made is undone before returning.  */
int network_setup (const struct oci_config *c, const char *id, pid_t init_pid,
                   const char *state_root, const char *state_dir, berth_error_t **err);

/* Undo what <state_dir>/network records: netDevices back to the runtime's
   namespace (names and addresses restored), NAT rules, host veth, lease, and
   the bridge when berth made it and this was its last user.  Idempotent:
   missing pieces are skipped; without a record it does nothing.  Best
   effort: continues past failures and reports the first.  */
int network_teardown (const char *state_dir, berth_error_t **err);

#endif
