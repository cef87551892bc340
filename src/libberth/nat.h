/* nat.h: outbound masquerade, forwarding and published ports for bridge
   networking, as rules in berth's own nftables table `ip berth`.  Every rule
   carries the comment "berth:<id>" so a container's rules are found and
   removed by tag, never by guessing.  Never touches another table.  */
#ifndef BERTH_NAT_H
#define BERTH_NAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "network-config.h"

#define NAT_TABLE "berth"

struct nat_plan
{
  const char *tag;         /* nat_tag_for_id () */
  uint32_t address;        /* the container's address */
  struct net_cidr subnet;
  bool masquerade;         /* berth.network.nat=true */
  const struct net_port *ports;
  size_t n_ports;
};

/* "berth:<id>", or "berth:#<hash>" when the id has characters nft comments
   should not carry or is too long.  */
char *nat_tag_for_id (const char *id);

/* The nft script that adds the table/chains (idempotent) and p's rules.  */
char *nat_script_add (const struct nat_plan *p);

/* From `list table ip berth` output with handles: the script deleting every
   rule tagged `tag` (the whole table when no other berth rule is left), or
   NULL when there is nothing to delete.  */
char *nat_script_delete (const char *listing, const char *tag);

/* The tag of the rule that already publishes host port/proto, or NULL.  */
char *nat_find_port_owner (const char *listing, const char *proto, unsigned port);

/* Apply / remove under the flock <state_root>/network~/nat.lock.  Without
   libnftables both fail with a clear error (nat_remove succeeds: nothing can
   have been added).  */
bool nat_available (void);
int nat_apply (const char *state_root, const struct nat_plan *p, berth_error_t **err);
int nat_remove (const char *state_root, const char *tag, berth_error_t **err);

#endif
