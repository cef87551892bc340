/* netdevices.h: linux.netDevices: moving existing host interfaces into the
   container's network namespace and back, keeping their addresses (a move
   between namespaces drops them).  Never creates or destroys an interface.  */
#ifndef BERTH_NETDEVICES_H
#define BERTH_NETDEVICES_H

#include <stdbool.h>

#include "error.h"

struct nl_sock;

/* The permanent, global-scope addresses of `name` as a space-separated list
   of CIDRs (runtime-spec: IFA_F_PERMANENT with RT_SCOPE_UNIVERSE), and
   whether it is up.  A missing device is ENODEV.  */
int netdevices_save (struct nl_sock *sk, const char *name, char **addrs, bool *up,
                     berth_error_t **err);

/* The name the device will have in the namespace of `dst`: `name` itself, or
   for a template with "%d" the first free instance.  EEXIST when taken.  */
int netdevices_resolve_name (struct nl_sock *dst, const char *name, char **out,
                             berth_error_t **err);

/* Move `name` (seen through `src`) into the namespace `nsfd`, renamed to
   `new_name` in the same request.  */
int netdevices_move (struct nl_sock *src, const char *name, int nsfd, const char *new_name,
                     berth_error_t **err);

/* Re-add `addrs` to `name` (seen through `sk`) and set it up when `up`.  */
int netdevices_restore (struct nl_sock *sk, const char *name, const char *addrs, bool up,
                        berth_error_t **err);

#endif
