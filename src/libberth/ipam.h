/* ipam.h: IPv4 address leases for berth's bridges.  One directory per bridge
   under <state root>/network~/<bridge>/, one file per leased address.  Callers
   hold the directory's flock across check-and-create; nothing here touches a
   network device.  */
#ifndef BERTH_IPAM_H
#define BERTH_IPAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "network-config.h"

/* Create <state_root>/network~/<bridge>/ if needed, open it and take an
   exclusive flock on it (blocking).  Closing *dirfd releases the lock.  */
int ipam_lock (const char *state_root, const char *bridge, int *dirfd, berth_error_t **err);

/* Leases of one bridge must all come from one subnet: the first lease records
   it, later ones must match.  */
int ipam_check_subnet (int dirfd, const char *bridge, const struct net_cidr *subnet,
                       berth_error_t **err);

/* Lease `wanted` (or, when 0, the lowest free host address other than the
   gateway) to container `id` whose state lives in `state_dir`.  A lease whose
   state_dir no longer exists is stale and reclaimed.  */
int ipam_acquire (int dirfd, const struct net_cidr *subnet, uint32_t gateway, uint32_t wanted,
                  const char *id, const char *state_dir, uint32_t *out, berth_error_t **err);

/* Drop `addr`'s lease if it still belongs to `id`.  Missing is not an error.  */
int ipam_release (int dirfd, uint32_t addr, const char *id, berth_error_t **err);

/* Live leases left (stale ones are reclaimed on the way).  */
int ipam_count_leases (int dirfd, size_t *n, berth_error_t **err);

/* Whether berth created the bridge (so the last user removes it).  */
bool ipam_bridge_created (int dirfd);
int ipam_mark_bridge_created (int dirfd, berth_error_t **err);

/* With no lease left: remove the bookkeeping (subnet, marker, directory).  */
int ipam_remove_dir (const char *state_root, const char *bridge, int dirfd, berth_error_t **err);

#endif
