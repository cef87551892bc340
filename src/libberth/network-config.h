/* network-config.h: the berth.network.* annotations as plain data.
   Owns parsing and validating them (CIDR, ports, MAC, names); never makes a
   Linux call, so every rule here is unit-tested without root.  */
#ifndef BERTH_NETWORK_CONFIG_H
#define BERTH_NETWORK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "oci-config.h"

#define NETWORK_ANNOTATION_PREFIX "berth.network."
/* Used when a bridge is named without berth.network.subnet or a CIDR address
   (the same default podman's netavark uses).  */
#define NETWORK_DEFAULT_SUBNET "10.88.0.0/16"

/* IPv4 only; addresses are kept in host byte order.  */
struct net_cidr
{
  uint32_t addr;
  unsigned prefix;
};

struct net_port
{
  uint16_t host_port;
  uint16_t container_port;
  const char *proto; /* "tcp" or "udp" (static strings) */
};

struct network_config
{
  char *bridge;             /* NULL: no bridge networking */
  struct net_cidr subnet;   /* network address + prefix length */
  uint32_t gateway;
  uint32_t address;         /* 0: allocate from the subnet */
  unsigned mtu;             /* 0: kernel default */
  bool has_mac;
  uint8_t mac[6];
  bool nat;
  struct net_port *ports;
  size_t n_ports;
};

/* True when any annotation starts with "berth.network." (cheap: no parsing).  */
bool network_annotations_present (const struct oci_map *annotations);

/* "a.b.c.d/len" (or "a.b.c.d" when !need_prefix: prefix is then 32).
   `what` names the field in the error.  */
int net_cidr_parse (const char *s, bool need_prefix, const char *what,
                    struct net_cidr *out, berth_error_t **err);
uint32_t net_prefix_mask (unsigned prefix);
bool net_cidr_contains (const struct net_cidr *subnet, uint32_t addr);
/* First and last usable host of the subnet (no network/broadcast).  */
uint32_t net_subnet_first_host (const struct net_cidr *subnet);
uint32_t net_subnet_last_host (const struct net_cidr *subnet);
/* Dotted quad into buf (>= 16 bytes); returns buf.  */
char *net_addr_format (uint32_t addr, char *buf);

/* Kernel rules for an interface name: 1..15 bytes, not "." or "..", no '/',
   ':' or whitespace.  */
int net_ifname_check (const char *name, const char *what, berth_error_t **err);

/* "8080:80/tcp,53:53/udp" (proto defaults to tcp).  */
int net_ports_parse (const char *s, struct net_port **out, size_t *n, berth_error_t **err);

/* Parse and cross-check all berth.network.* keys.  With no bridge named,
   out->bridge is NULL and any other berth.network.* key is an error.  */
int network_config_parse (const struct oci_map *annotations, struct network_config *out,
                          berth_error_t **err);
void network_config_clear (struct network_config *c);

#endif
