/* netlink.h: thin libnl-route-3 helpers shared by network.c and
   netdevices.c: sockets (also inside another network namespace), link
   lookup/up/delete, addresses as strings.  No policy: callers decide what to
   create and where.  */
#ifndef BERTH_NETLINK_H
#define BERTH_NETLINK_H

#include <stdbool.h>

#include "error.h"

struct nl_sock;
struct rtnl_link;

void netlink_sock_freep (struct nl_sock **sk);
void netlink_link_putp (struct rtnl_link **l);
#define cleanup_nl_sock __attribute__ ((cleanup (netlink_sock_freep)))
#define cleanup_nl_link __attribute__ ((cleanup (netlink_link_putp)))

/* Map a libnl error (negative NLE_*) to the closest errno, for messages
   ending in strerror like every other berth error.  */
int netlink_errno (int nlerr);
int netlink_error (berth_error_t **err, int nlerr, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* A NETLINK_ROUTE socket in the caller's network namespace.  */
int netlink_open (struct nl_sock **out, berth_error_t **err);
/* A NETLINK_ROUTE socket bound inside the namespace `nsfd`: a short-lived
   thread setns()es and connects, so the caller never leaves its own
   namespace (a socket keeps the namespace it was created in).  */
int netlink_open_in_netns (int nsfd, struct nl_sock **out, berth_error_t **err);

/* *out is NULL (and 0 returned) when the link does not exist.  */
int netlink_link_find (struct nl_sock *sk, const char *name, struct rtnl_link **out,
                       berth_error_t **err);
int netlink_link_set_up (struct nl_sock *sk, const char *name, berth_error_t **err);
/* Missing links are not an error (teardown after a crash).  */
int netlink_link_delete (struct nl_sock *sk, const char *name, berth_error_t **err);
/* "10.0.0.2/24" or "fd00::2/64" on ifindex.  EEXIST is fine (idempotent).  */
int netlink_addr_add (struct nl_sock *sk, int ifindex, const char *cidr, berth_error_t **err);

#endif
