/* network-config.c: berth.network.* annotations -> struct network_config.
   Pure string work and validation; never opens a socket or a file, so the
   start path of a container without these annotations costs one prefix scan.  */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network-config.h"
#include "util.h"

#define IFNAMSIZ_ 16

static const char *const known_keys[] = {
  "bridge", "address", "subnet", "gateway", "mtu", "mac", "nat", "ports", NULL,
};

/* A local lookup keeps this file free of any dependency beyond the struct.  */
static const char *
annotation_get (const struct oci_map *a, const char *key)
{
  size_t i;
  for (i = 0; i < a->len; i++)
    if (strcmp (a->keys[i], key) == 0)
      return a->values[i];
  return NULL;
}

bool
network_annotations_present (const struct oci_map *a)
{
  size_t i;
  for (i = 0; i < a->len; i++)
    if (strncmp (a->keys[i], NETWORK_ANNOTATION_PREFIX, sizeof (NETWORK_ANNOTATION_PREFIX) - 1) == 0)
      return true;
  return false;
}

uint32_t
net_prefix_mask (unsigned prefix)
{
  return prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
}

bool
net_cidr_contains (const struct net_cidr *subnet, uint32_t addr)
{
  uint32_t m = net_prefix_mask (subnet->prefix);
  return (addr & m) == (subnet->addr & m);
}

uint32_t
net_subnet_first_host (const struct net_cidr *s)
{
  uint32_t net = s->addr & net_prefix_mask (s->prefix);
  return s->prefix >= 31 ? net : net + 1;
}

uint32_t
net_subnet_last_host (const struct net_cidr *s)
{
  uint32_t bcast = s->addr | ~net_prefix_mask (s->prefix);
  return s->prefix >= 31 ? bcast : bcast - 1;
}

char *
net_addr_format (uint32_t a, char *buf)
{
  sprintf (buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
  return buf;
}

/* Strict decimal 0..max, no sign, no leading zeros beyond "0" (so "010" is
   not silently octal or decimal: inet_aton would read it as 8).  */
static bool
parse_decimal (const char **p, unsigned max, unsigned *out)
{
  const char *s = *p;
  unsigned v = 0;
  if (!isdigit ((unsigned char) *s))
    return false;
  if (*s == '0' && isdigit ((unsigned char) s[1]))
    return false;
  while (isdigit ((unsigned char) *s))
    {
      v = v * 10 + (*s - '0');
      if (v > max)
        return false;
      s++;
    }
  *p = s;
  *out = v;
  return true;
}

static bool
parse_ipv4 (const char **p, uint32_t *out)
{
  uint32_t a = 0;
  int i;
  for (i = 0; i < 4; i++)
    {
      unsigned octet;
      if (i > 0 && *(*p)++ != '.')
        return false;
      if (!parse_decimal (p, 255, &octet))
        return false;
      a = (a << 8) | octet;
    }
  *out = a;
  return true;
}

int
net_cidr_parse (const char *s, bool need_prefix, const char *what, struct net_cidr *out,
                berth_error_t **err)
{
  const char *p = s;
  unsigned prefix = 32;

  if (strchr (s, ':'))
    return berth_error_make (err, 0, "%s: `%s`: IPv6 is not supported (IPv4 CIDR expected)", what, s);
  if (!parse_ipv4 (&p, &out->addr))
    return berth_error_make (err, 0, "%s: invalid IPv4 address `%s`", what, s);
  if (*p == '/')
    {
      p++;
      if (!parse_decimal (&p, 32, &prefix))
        return berth_error_make (err, 0, "%s: invalid prefix length in `%s` (0-32)", what, s);
    }
  else if (need_prefix)
    return berth_error_make (err, 0, "%s: `%s` is not a CIDR (expected a.b.c.d/len)", what, s);
  if (*p != '\0')
    return berth_error_make (err, 0, "%s: invalid CIDR `%s`", what, s);
  out->prefix = prefix;
  return 0;
}

int
net_ifname_check (const char *name, const char *what, berth_error_t **err)
{
  const char *p;
  if (name[0] == '\0')
    return berth_error_make (err, 0, "%s: empty interface name", what);
  if (strlen (name) >= IFNAMSIZ_)
    return berth_error_make (err, 0, "%s: interface name `%s` is too long (at most %d bytes)",
                             what, name, IFNAMSIZ_ - 1);
  if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return berth_error_make (err, 0, "%s: invalid interface name `%s`", what, name);
  for (p = name; *p; p++)
    if (*p == '/' || *p == ':' || isspace ((unsigned char) *p))
      return berth_error_make (err, 0, "%s: invalid character in interface name `%s`", what, name);
  return 0;
}

static int
parse_one_port (const char *s, struct net_port *out, berth_error_t **err)
{
  const char *p = s;
  unsigned host, ctr;

  if (!parse_decimal (&p, 65535, &host) || host == 0 || *p++ != ':'
      || !parse_decimal (&p, 65535, &ctr) || ctr == 0)
    return berth_error_make (err, 0,
                             "berth.network.ports: invalid entry `%s` (expected HOSTPORT:PORT[/tcp|/udp])", s);
  out->proto = "tcp";
  if (*p == '/')
    {
      p++;
      if (strcmp (p, "tcp") == 0)
        out->proto = "tcp";
      else if (strcmp (p, "udp") == 0)
        out->proto = "udp";
      else
        return berth_error_make (err, 0, "berth.network.ports: unknown protocol in `%s` (tcp or udp)", s);
      p += 3;
    }
  if (*p != '\0')
    return berth_error_make (err, 0,
                             "berth.network.ports: invalid entry `%s` (expected HOSTPORT:PORT[/tcp|/udp])", s);
  out->host_port = host;
  out->container_port = ctr;
  return 0;
}

int
net_ports_parse (const char *s, struct net_port **out, size_t *n, berth_error_t **err)
{
  cleanup_free char *copy = xstrdup (s);
  cleanup_free struct net_port *ports = NULL;
  size_t count = 0, i;
  char *save = NULL, *tok;

  for (tok = strtok_r (copy, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      int ret;
      while (*tok == ' ')
        tok++;
      ports = xrealloc (ports, (count + 1) * sizeof (*ports));
      ret = parse_one_port (tok, &ports[count], err);
      if (ret < 0)
        return ret;
      for (i = 0; i < count; i++)
        if (ports[i].host_port == ports[count].host_port
            && strcmp (ports[i].proto, ports[count].proto) == 0)
          return berth_error_make (err, 0, "berth.network.ports: host port %u/%s is listed twice",
                                   ports[count].host_port, ports[count].proto);
      count++;
    }
  if (count == 0)
    return berth_error_make (err, 0, "berth.network.ports: empty list");
  *out = steal_pointer (&ports);
  *n = count;
  return 0;
}

static int
parse_mac (const char *s, uint8_t mac[6], berth_error_t **err)
{
  unsigned b[6];
  char tail;
  int i;

  if (strlen (s) != 17
      || sscanf (s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &tail) != 6)
    return berth_error_make (err, 0, "berth.network.mac: invalid MAC address `%s` (expected xx:xx:xx:xx:xx:xx)", s);
  for (i = 0; i < 6; i++)
    if (!isxdigit ((unsigned char) s[i * 3]) || !isxdigit ((unsigned char) s[i * 3 + 1]))
      return berth_error_make (err, 0, "berth.network.mac: invalid MAC address `%s`", s);
  if (b[0] & 1)
    return berth_error_make (err, 0, "berth.network.mac: `%s` is a multicast address", s);
  if ((b[0] | b[1] | b[2] | b[3] | b[4] | b[5]) == 0)
    return berth_error_make (err, 0, "berth.network.mac: `%s` is the zero address", s);
  for (i = 0; i < 6; i++)
    mac[i] = b[i];
  return 0;
}

static int
parse_bool (const char *key, const char *v, bool *out, berth_error_t **err)
{
  if (strcmp (v, "true") == 0)
    *out = true;
  else if (strcmp (v, "false") == 0)
    *out = false;
  else
    return berth_error_make (err, 0, "%s: expected `true` or `false`, got `%s`", key, v);
  return 0;
}

static int
check_known_keys (const struct oci_map *a, berth_error_t **err)
{
  const size_t plen = sizeof (NETWORK_ANNOTATION_PREFIX) - 1;
  size_t i, k;
  for (i = 0; i < a->len; i++)
    {
      bool known = false;
      if (strncmp (a->keys[i], NETWORK_ANNOTATION_PREFIX, plen) != 0)
        continue;
      for (k = 0; known_keys[k]; k++)
        known = known || strcmp (a->keys[i] + plen, known_keys[k]) == 0;
      if (!known)
        return berth_error_make (err, 0, "annotation `%s`: unknown berth.network key", a->keys[i]);
    }
  return 0;
}

/* subnet: berth.network.subnet, else the network of a CIDR address, else the
   default.  Host bits in the subnet are a typo more often than not: refuse.  */
static int
resolve_subnet (const char *subnet_s, const struct net_cidr *addr, bool addr_has_prefix,
                struct network_config *out, berth_error_t **err)
{
  int ret;
  if (subnet_s)
    {
      ret = net_cidr_parse (subnet_s, true, "berth.network.subnet", &out->subnet, err);
      if (ret < 0)
        return ret;
      if (out->subnet.addr & ~net_prefix_mask (out->subnet.prefix))
        return berth_error_make (err, 0, "berth.network.subnet: `%s` has host bits set", subnet_s);
    }
  else if (addr_has_prefix)
    {
      out->subnet.prefix = addr->prefix;
      out->subnet.addr = addr->addr & net_prefix_mask (addr->prefix);
    }
  else
    net_cidr_parse (NETWORK_DEFAULT_SUBNET, true, "default subnet", &out->subnet, NULL);
  if (out->subnet.prefix < 8 || out->subnet.prefix > 30)
    return berth_error_make (err, 0, "berth.network.subnet: prefix /%u out of range (8-30)", out->subnet.prefix);
  return 0;
}

static int
check_host_address (const struct network_config *c, uint32_t a, const char *key, const char *s,
                    berth_error_t **err)
{
  char sub[16];
  if (!net_cidr_contains (&c->subnet, a))
    return berth_error_make (err, 0, "%s: %s is outside the subnet %s/%u", key, s,
                             net_addr_format (c->subnet.addr, sub), c->subnet.prefix);
  if (a < net_subnet_first_host (&c->subnet) || a > net_subnet_last_host (&c->subnet))
    return berth_error_make (err, 0, "%s: %s is the network or broadcast address of %s/%u", key, s,
                             net_addr_format (c->subnet.addr, sub), c->subnet.prefix);
  return 0;
}

static int
resolve_addresses (const struct oci_map *a, struct network_config *out, berth_error_t **err)
{
  const char *addr_s = annotation_get (a, NETWORK_ANNOTATION_PREFIX "address");
  const char *gw_s = annotation_get (a, NETWORK_ANNOTATION_PREFIX "gateway");
  struct net_cidr addr = { 0, 32 }, gw;
  bool addr_has_prefix = addr_s && strchr (addr_s, '/');
  int ret;

  if (addr_s)
    {
      ret = net_cidr_parse (addr_s, false, "berth.network.address", &addr, err);
      if (ret < 0)
        return ret;
    }
  ret = resolve_subnet (annotation_get (a, NETWORK_ANNOTATION_PREFIX "subnet"), &addr, addr_has_prefix, out, err);
  if (ret < 0)
    return ret;
  if (addr_has_prefix && addr.prefix != out->subnet.prefix)
    return berth_error_make (err, 0, "berth.network.address: prefix /%u of `%s` differs from the subnet's /%u",
                             addr.prefix, addr_s, out->subnet.prefix);

  out->gateway = net_subnet_first_host (&out->subnet);
  if (gw_s)
    {
      ret = net_cidr_parse (gw_s, false, "berth.network.gateway", &gw, err);
      if (ret < 0)
        return ret;
      if (strchr (gw_s, '/'))
        return berth_error_make (err, 0, "berth.network.gateway: `%s`: expected an address without a prefix", gw_s);
      ret = check_host_address (out, gw.addr, "berth.network.gateway", gw_s, err);
      if (ret < 0)
        return ret;
      out->gateway = gw.addr;
    }
  if (addr_s)
    {
      ret = check_host_address (out, addr.addr, "berth.network.address", addr_s, err);
      if (ret < 0)
        return ret;
      if (addr.addr == out->gateway)
        return berth_error_make (err, 0, "berth.network.address: %s is the gateway's address", addr_s);
      out->address = addr.addr;
    }
  return 0;
}

static int
resolve_link_options (const struct oci_map *a, struct network_config *out, berth_error_t **err)
{
  const char *mtu_s = annotation_get (a, NETWORK_ANNOTATION_PREFIX "mtu");
  const char *mac_s = annotation_get (a, NETWORK_ANNOTATION_PREFIX "mac");
  const char *nat_s = annotation_get (a, NETWORK_ANNOTATION_PREFIX "nat");
  const char *ports_s = annotation_get (a, NETWORK_ANNOTATION_PREFIX "ports");
  int ret;

  if (mtu_s)
    {
      const char *p = mtu_s;
      unsigned mtu;
      if (!parse_decimal (&p, 65535, &mtu) || *p != '\0' || mtu < 68)
        return berth_error_make (err, 0, "berth.network.mtu: `%s` is not an MTU (68-65535)", mtu_s);
      out->mtu = mtu;
    }
  if (mac_s)
    {
      ret = parse_mac (mac_s, out->mac, err);
      if (ret < 0)
        return ret;
      out->has_mac = true;
    }
  if (nat_s)
    {
      ret = parse_bool ("berth.network.nat", nat_s, &out->nat, err);
      if (ret < 0)
        return ret;
    }
  if (ports_s)
    {
      ret = net_ports_parse (ports_s, &out->ports, &out->n_ports, err);
      if (ret < 0)
        return ret;
    }
  return 0;
}

int
network_config_parse (const struct oci_map *a, struct network_config *out, berth_error_t **err)
{
  const char *bridge = annotation_get (a, NETWORK_ANNOTATION_PREFIX "bridge");
  size_t i;
  int ret;

  memset (out, 0, sizeof (*out));
  ret = check_known_keys (a, err);
  if (ret < 0)
    return ret;
  if (bridge == NULL)
    {
      for (i = 0; i < a->len; i++)
        if (strncmp (a->keys[i], NETWORK_ANNOTATION_PREFIX, sizeof (NETWORK_ANNOTATION_PREFIX) - 1) == 0)
          return berth_error_make (err, 0, "annotation `%s` needs berth.network.bridge", a->keys[i]);
      return 0;
    }
  ret = net_ifname_check (bridge, "berth.network.bridge", err);
  if (ret < 0)
    return ret;
  ret = resolve_addresses (a, out, err);
  if (ret == 0)
    ret = resolve_link_options (a, out, err);
  if (ret < 0)
    {
      network_config_clear (out);
      return ret;
    }
  out->bridge = xstrdup (bridge);
  return 0;
}

void
network_config_clear (struct network_config *c)
{
  free (c->bridge);
  free (c->ports);
  memset (c, 0, sizeof (*c));
}
