/* network.c: orchestrates a container's network: bridge + veth + address +
   default route, NAT, linux.netDevices, and their undoing.  Owns the record
   file <state_dir>/network (written before each thing is made).  Never
   touches a link, rule or lease it did not record.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>

#include "ipam.h"
#include "nat.h"
#include "netdevices.h"
#include "netlink.h"
#include "network-config.h"
#include "network-record.h"
#include "network.h"
#include "util.h"

#define NETNS_PIN "netns"
#define CONTAINER_IFNAME "eth0"

static bool
config_has_new_netns (const struct oci_config *c, bool *has_any)
{
  size_t i;
  *has_any = false;
  if (c->linux_ == NULL)
    return false;
  for (i = 0; i < c->linux_->n_namespaces; i++)
    if (c->linux_->namespaces[i].type == OCI_NS_NETWORK)
      {
        *has_any = true;
        return c->linux_->namespaces[i].path == NULL;
      }
  return false;
}

static size_t
n_net_devices (const struct oci_config *c)
{
  return c->linux_ ? c->linux_->n_net_devices : 0;
}

bool
network_is_needed (const struct oci_config *c)
{
  return n_net_devices (c) > 0 || network_annotations_present (&c->annotations);
}

static const char *
netdev_target_name (const struct oci_net_device *d)
{
  return d->name && d->name[0] ? d->name : d->host_name;
}

static int
validate_with (const struct oci_config *c, struct network_config *nc, berth_error_t **err)
{
  bool has_netns;
  bool new_netns = config_has_new_netns (c, &has_netns);
  size_t i;
  int ret;

  ret = network_config_parse (&c->annotations, nc, err);
  if (ret < 0)
    return ret;
  if (nc->bridge && !new_netns)
    return berth_error_make (err, 0, "berth.network.bridge: the container needs a new network namespace "
                                     "(a `network` entry without `path` in linux.namespaces)");
  if ((nc->nat || nc->n_ports) && !nat_available ())
    return berth_error_make (err, ENOTSUP, "berth.network.nat / berth.network.ports: berth was built without libnftables");
  if (n_net_devices (c) && !has_netns)
    return berth_error_make (err, 0, "linux.netDevices: the container has no network namespace of its own");
  for (i = 0; i < n_net_devices (c); i++)
    {
      const struct oci_net_device *d = &c->linux_->net_devices[i];
      ret = net_ifname_check (d->host_name, "linux.netDevices", err);
      if (ret == 0)
        ret = net_ifname_check (netdev_target_name (d), "linux.netDevices name", err);
      if (ret < 0)
        return ret;
      if (nc->bridge && strcmp (netdev_target_name (d), CONTAINER_IFNAME) == 0)
        return berth_error_make (err, 0, "linux.netDevices: `%s` would take the name `" CONTAINER_IFNAME
                                         "` that berth.network.bridge gives the container's veth", d->host_name);
    }
  return 0;
}

int
network_validate (const struct oci_config *c, berth_error_t **err)
{
  struct network_config nc;
  int ret = validate_with (c, &nc, err);
  network_config_clear (&nc);
  return ret;
}

/* Deterministic per (root, id) so teardown never has to guess, short enough
   for IFNAMSIZ, and free of characters an id may carry but a name may not.  */
static char *
host_veth_name (const char *root, const char *id)
{
  uint64_t h = 0xcbf29ce484222325ull;
  const char *p;
  for (p = root; *p; p++)
    h = (h ^ (unsigned char) *p) * 0x100000001b3ull;
  h = (h ^ 0xff) * 0x100000001b3ull;
  for (p = id; *p; p++)
    h = (h ^ (unsigned char) *p) * 0x100000001b3ull;
  return xasprintf ("vb%012llx", (unsigned long long) (h & 0xffffffffffffull));
}

static int
bridge_create (struct nl_sock *hsk, const struct network_config *nc, int dirfd, berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *br = rtnl_link_bridge_alloc ();
  cleanup_nl_link struct rtnl_link *made = NULL;
  char gw[16];
  cleanup_free char *gw_cidr = xasprintf ("%s/%u", net_addr_format (nc->gateway, gw), nc->subnet.prefix);
  int rc, ret;

  ret = ipam_mark_bridge_created (dirfd, err);
  if (ret < 0)
    return ret;
  rtnl_link_set_name (br, nc->bridge);
  rtnl_link_set_flags (br, IFF_UP);
  rc = rtnl_link_add (hsk, br, NLM_F_CREATE | NLM_F_EXCL);
  if (rc < 0)
    {
      unlinkat (dirfd, "bridge-created", 0);
      return netlink_error (err, rc, "berth.network.bridge: create bridge `%s`", nc->bridge);
    }
  rc = rtnl_link_get_kernel (hsk, 0, nc->bridge, &made);
  if (rc < 0)
    return netlink_error (err, rc, "look up bridge `%s`", nc->bridge);
  ret = netlink_addr_add (hsk, rtnl_link_get_ifindex (made), gw_cidr, err);
  if (ret < 0)
    return berth_error_wrap (err, "bridge `%s`: gateway address", nc->bridge);
  return netlink_link_set_up (hsk, nc->bridge, err);
}

/* Under the bridge's lease lock: the bridge exists, the subnet matches and
   this container holds a lease.  */
static int
bridge_join (struct nl_sock *hsk, const struct network_config *nc, struct net_record *r,
             const char *state_dir, int *bridge_ifindex, uint32_t *addr, berth_error_t **err)
{
  cleanup_close int dirfd = -1;
  cleanup_nl_link struct rtnl_link *br = NULL;
  char a[16];
  int ret;

  ret = ipam_lock (r->root, nc->bridge, &dirfd, err);
  if (ret < 0)
    return ret;
  ret = ipam_check_subnet (dirfd, nc->bridge, &nc->subnet, err);
  if (ret < 0)
    return ret;
  ret = netlink_link_find (hsk, nc->bridge, &br, err);
  if (ret < 0)
    return ret;
  if (br && (rtnl_link_get_type (br) == NULL || strcmp (rtnl_link_get_type (br), "bridge") != 0))
    return berth_error_make (err, 0, "berth.network.bridge: `%s` exists and is not a bridge", nc->bridge);
  if (br == NULL)
    {
      ret = bridge_create (hsk, nc, dirfd, err);
      if (ret < 0)
        return ret;
      ret = netlink_link_find (hsk, nc->bridge, &br, err);
      if (ret < 0)
        return ret;
    }
  *bridge_ifindex = rtnl_link_get_ifindex (br);
  ret = ipam_acquire (dirfd, &nc->subnet, nc->gateway, nc->address, r->id, state_dir, addr, err);
  if (ret < 0)
    return ret;
  return net_record_add (r, err, "lease %s", net_addr_format (*addr, a));
}

static int
veth_create (struct nl_sock *hsk, const struct network_config *nc, const char *host_name,
             int bridge_ifindex, int nsfd, berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *link = rtnl_link_veth_alloc ();
  struct rtnl_link *peer;
  int rc;

  if (link == NULL)
    return berth_error_make (err, ENOMEM, "allocate veth");
  rtnl_link_set_name (link, host_name);
  rtnl_link_set_master (link, bridge_ifindex);
  rtnl_link_set_flags (link, IFF_UP);
  if (nc->mtu)
    rtnl_link_set_mtu (link, nc->mtu);
  /* The peer is born inside the container's namespace as eth0: no rename,
     no window where it sits in the runtime's namespace.  */
  peer = rtnl_link_veth_get_peer (link);
  rtnl_link_set_name (peer, CONTAINER_IFNAME);
  rtnl_link_set_ns_fd (peer, nsfd);
  if (nc->mtu)
    rtnl_link_set_mtu (peer, nc->mtu);
  if (nc->has_mac)
    {
      struct nl_addr *mac = nl_addr_build (AF_LLC, nc->mac, 6);
      rtnl_link_set_addr (peer, mac);
      nl_addr_put (mac);
    }
  rtnl_link_put (peer);
  rc = rtnl_link_add (hsk, link, NLM_F_CREATE | NLM_F_EXCL);
  if (rc < 0)
    return netlink_error (err, rc, "create veth pair `%s`", host_name);
  return 0;
}

static int
route_add_default (struct nl_sock *csk, int ifindex, uint32_t gateway, berth_error_t **err)
{
  struct rtnl_route *route = rtnl_route_alloc ();
  struct rtnl_nexthop *nh = rtnl_route_nh_alloc ();
  struct nl_addr *dst = NULL, *gw;
  uint32_t gw_be = htonl (gateway);
  char g[16];
  int rc;

  if (route == NULL || nh == NULL)
    abort ();
  nl_addr_parse ("0.0.0.0/0", AF_INET, &dst);
  gw = nl_addr_build (AF_INET, &gw_be, 4);
  rtnl_route_set_family (route, AF_INET);
  rtnl_route_set_table (route, RT_TABLE_MAIN);
  rtnl_route_set_scope (route, RT_SCOPE_UNIVERSE);
  rtnl_route_set_protocol (route, RTPROT_BOOT);
  rtnl_route_set_dst (route, dst);
  rtnl_route_nh_set_ifindex (nh, ifindex);
  rtnl_route_nh_set_gateway (nh, gw);
  rtnl_route_add_nexthop (route, nh);
  rc = rtnl_route_add (csk, route, NLM_F_CREATE | NLM_F_EXCL);
  nl_addr_put (dst);
  nl_addr_put (gw);
  rtnl_route_put (route);
  if (rc < 0)
    return netlink_error (err, rc, "add default route via %s", net_addr_format (gateway, g));
  return 0;
}

static int
container_configure (struct nl_sock *csk, const struct network_config *nc, uint32_t addr,
                     berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *eth = NULL;
  char a[16];
  cleanup_free char *cidr = xasprintf ("%s/%u", net_addr_format (addr, a), nc->subnet.prefix);
  int ret;

  ret = netlink_link_set_up (csk, "lo", err);
  if (ret < 0)
    return ret;
  ret = netlink_link_find (csk, CONTAINER_IFNAME, &eth, err);
  if (ret < 0)
    return ret;
  if (eth == NULL)
    return berth_error_make (err, ENODEV, "find " CONTAINER_IFNAME " in the container");
  ret = netlink_addr_add (csk, rtnl_link_get_ifindex (eth), cidr, err);
  if (ret == 0)
    ret = netlink_link_set_up (csk, CONTAINER_IFNAME, err);
  if (ret == 0)
    ret = route_add_default (csk, rtnl_link_get_ifindex (eth), nc->gateway, err);
  return ret;
}

static int
bridge_setup (struct nl_sock *hsk, struct nl_sock **csk, const struct network_config *nc,
              struct net_record *r, const char *state_dir, int nsfd, berth_error_t **err)
{
  cleanup_free char *veth = host_veth_name (r->root, r->id);
  int bridge_ifindex = 0, ret;
  uint32_t addr = 0;

  ret = net_record_add (r, err, "bridge %s", nc->bridge);
  if (ret == 0)
    ret = bridge_join (hsk, nc, r, state_dir, &bridge_ifindex, &addr, err);
  if (ret == 0)
    ret = net_record_add (r, err, "veth %s", veth);
  if (ret == 0)
    ret = veth_create (hsk, nc, veth, bridge_ifindex, nsfd, err);
  if (ret == 0)
    ret = netlink_open_in_netns (nsfd, csk, err);
  if (ret == 0)
    ret = container_configure (*csk, nc, addr, err);
  if (ret < 0)
    return berth_error_wrap (err, "bridge network on `%s`", nc->bridge);
  if (nc->nat || nc->n_ports)
    {
      cleanup_free char *tag = nat_tag_for_id (r->id);
      struct nat_plan plan = {
        .tag = tag, .address = addr, .subnet = nc->subnet, .masquerade = nc->nat,
        .ports = nc->ports, .n_ports = nc->n_ports,
      };
      ret = net_record_add (r, err, "nat %s", tag);
      if (ret == 0)
        ret = nat_apply (r->root, &plan, err);
    }
  return ret;
}

static int
netns_pin (struct net_record *r, const char *state_dir, pid_t pid, berth_error_t **err)
{
  cleanup_free char *src = xasprintf ("/proc/%d/ns/net", (int) pid);
  cleanup_free char *pin = xasprintf ("%s/" NETNS_PIN, state_dir);
  int fd, ret;

  ret = net_record_add (r, err, "netns %s", pin);
  if (ret < 0)
    return ret;
  fd = open (pin, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return berth_error_make (err, errno, "create %s", pin);
  close (fd);
  /* Keeps the namespace (and any virtual device moved into it) alive after
     the container exits, so delete can still move the devices back.  */
  if (mount (src, pin, NULL, MS_BIND, NULL) < 0)
    return berth_error_make (err, errno, "bind mount %s on %s", src, pin);
  return 0;
}

static int
netdevices_setup (const struct oci_config *c, struct nl_sock *hsk, struct nl_sock *csk,
                  struct net_record *r, int nsfd, berth_error_t **err)
{
  size_t i;
  int ret;

  for (i = 0; i < n_net_devices (c); i++)
    {
      const struct oci_net_device *d = &c->linux_->net_devices[i];
      cleanup_free char *addrs = NULL;
      cleanup_free char *target = NULL;
      cleanup_nl_link struct rtnl_link *link = NULL;
      bool up = false;

      ret = netlink_link_find (hsk, d->host_name, &link, err);
      if (ret == 0 && link == NULL)
        ret = berth_error_make (err, ENODEV, "linux.netDevices: move \"%s\" into the container's network namespace",
                                d->host_name);
      if (ret < 0)
        return ret;
      ret = netdevices_save (hsk, d->host_name, &addrs, &up, err);
      if (ret == 0)
        ret = netdevices_resolve_name (csk, netdev_target_name (d), &target, err);
      if (ret == 0)
        ret = net_record_add (r, err, "netdev %s %s %d %s", d->host_name, target, up, addrs);
      if (ret == 0)
        ret = netdevices_move (hsk, d->host_name, nsfd, target, err);
      /* runtime-spec: the device MUST be up after the move.  */
      if (ret == 0)
        ret = netdevices_restore (csk, target, addrs, true, err);
      if (ret < 0)
        return berth_error_wrap (err, "linux.netDevices: move \"%s\" into the container's network namespace",
                                 d->host_name);
    }
  return 0;
}

static int
setup_all (const struct oci_config *c, const struct network_config *nc, struct net_record *r,
           pid_t init_pid, const char *state_dir, berth_error_t **err)
{
  cleanup_nl_sock struct nl_sock *hsk = NULL;
  cleanup_nl_sock struct nl_sock *csk = NULL;
  cleanup_free char *ns_path = xasprintf ("/proc/%d/ns/net", (int) init_pid);
  cleanup_close int nsfd = open (ns_path, O_RDONLY | O_CLOEXEC);
  int ret;

  if (nsfd < 0)
    return berth_error_make (err, errno, "open %s", ns_path);
  ret = netlink_open (&hsk, err);
  if (ret < 0)
    return ret;
  if (nc->bridge)
    {
      ret = bridge_setup (hsk, &csk, nc, r, state_dir, nsfd, err);
      if (ret < 0)
        return ret;
    }
  if (n_net_devices (c) == 0)
    return 0;
  ret = netns_pin (r, state_dir, init_pid, err);
  if (ret == 0 && csk == NULL)
    ret = netlink_open_in_netns (nsfd, &csk, err);
  if (ret == 0)
    ret = netdevices_setup (c, hsk, csk, r, nsfd, err);
  return ret;
}

/* Links, leases and rules live in the namespace berth ran in; a delete run
   from another one must not touch same-named things there.  */
static char *
current_netns_id (void)
{
  struct stat st;
  if (stat ("/proc/thread-self/ns/net", &st) < 0)
    return xstrdup ("?");
  return xasprintf ("%llu:%llu", (unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
}

int
network_setup (const struct oci_config *c, const char *id, pid_t init_pid, const char *state_root,
               const char *state_dir, berth_error_t **err)
{
  struct network_config nc;
  struct net_record r = { 0 };
  cleanup_free char *hostns = NULL;
  cleanup_free char *abs_root = NULL;
  cleanup_free char *abs_dir = NULL;
  int ret;

  ret = validate_with (c, &nc, err);
  if (ret < 0 || (nc.bridge == NULL && n_net_devices (c) == 0))
    {
      network_config_clear (&nc);
      return ret;
    }
  /* Leases name the state dir for the stale check: it must not depend on
     the cwd of a later command.  */
  abs_root = realpath (state_root, NULL);
  abs_dir = realpath (state_dir, NULL);
  if (abs_root == NULL || abs_dir == NULL)
    {
      network_config_clear (&nc);
      return berth_error_make (err, errno, "resolve %s", abs_root ? state_dir : state_root);
    }
  hostns = current_netns_id ();
  r.path = xasprintf ("%s/" RECORD_FILE, abs_dir);
  r.root = xstrdup (abs_root);
  r.id = xstrdup (id);
  ret = net_record_add (&r, err, "hostns %s", hostns);
  if (ret == 0)
    ret = net_record_add (&r, err, "root %s", abs_root);
  if (ret == 0)
    ret = net_record_add (&r, err, "id %s", id);
  if (ret == 0)
    ret = setup_all (c, &nc, &r, init_pid, abs_dir, err);
  network_config_clear (&nc);
  net_record_clear (&r);
  if (ret < 0)
    network_teardown (abs_dir, NULL);
  return ret;
}

/* Keep the first failure, carry on with the rest.  */
static void
keep_first (int *first, berth_error_t **err, int ret, berth_error_t **e)
{
  if (ret >= 0)
    return;
  if (*first == 0)
    {
      *first = ret;
      if (err)
        {
          berth_error_free (err);
          *err = *e;
          *e = NULL;
        }
    }
  berth_error_free (e);
}

static int
netdev_move_back (struct nl_sock *csk, struct nl_sock *hsk, int host_nsfd, const char *line,
                  berth_error_t **err)
{
  char host[IFNAMSIZ + 1], ctr[IFNAMSIZ + 1];
  int up = 0, off = 0, ret;
  cleanup_nl_link struct rtnl_link *link = NULL;

  if (sscanf (line, "%16s %16s %d %n", host, ctr, &up, &off) < 3)
    return 0;
  ret = netlink_link_find (csk, ctr, &link, err);
  if (ret < 0 || link == NULL)
    return ret; /* gone with its namespace, nothing to move */
  ret = netdevices_move (csk, ctr, host_nsfd, host, err);
  if (ret == 0)
    ret = netdevices_restore (hsk, host, line + off, up, err);
  if (ret < 0)
    return berth_error_wrap (err, "linux.netDevices: move \"%s\" back from the container", host);
  return 0;
}

static bool
is_nsfs (int fd)
{
  struct statfs st;
  return fstatfs (fd, &st) == 0 && st.f_type == NSFS_MAGIC;
}

static int
netdevices_teardown (struct net_record *r, struct nl_sock *hsk, berth_error_t **err)
{
  cleanup_close int pin = -1, host_ns = -1;
  cleanup_nl_sock struct nl_sock *csk = NULL;
  cleanup_error berth_error_t *e = NULL;
  int first = 0, ret;
  size_t i;

  pin = open (r->netns_pin, O_RDONLY | O_CLOEXEC);
  host_ns = open ("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  /* Not an nsfs file: the pin was never mounted (crash) or went away with a
     private mount namespace; the kernel already returned physical devices
     to the initial namespace and destroyed virtual ones.  */
  if (pin >= 0 && !is_nsfs (pin))
    {
      close (pin);
      pin = -1;
    }
  if (pin >= 0 && host_ns >= 0 && r->n_netdevs > 0)
    {
      ret = netlink_open_in_netns (pin, &csk, &e);
      keep_first (&first, err, ret, &e);
      for (i = 0; csk && i < r->n_netdevs; i++)
        {
          ret = netdev_move_back (csk, hsk, host_ns, r->netdevs[i], &e);
          keep_first (&first, err, ret, &e);
        }
    }
  if (umount2 (r->netns_pin, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
    keep_first (&first, err, berth_error_make (&e, errno, "umount %s", r->netns_pin), &e);
  if (unlink (r->netns_pin) < 0 && errno != ENOENT)
    keep_first (&first, err, berth_error_make (&e, errno, "unlink %s", r->netns_pin), &e);
  return first;
}

static int
bridge_leave (struct net_record *r, struct nl_sock *hsk, berth_error_t **err)
{
  cleanup_close int dirfd = -1;
  size_t left = 0;
  int ret;

  ret = ipam_lock (r->root, r->bridge, &dirfd, err);
  if (ret < 0)
    return ret;
  if (r->lease)
    {
      ret = ipam_release (dirfd, r->lease, r->id, err);
      if (ret < 0)
        return ret;
    }
  ret = ipam_count_leases (dirfd, &left, err);
  if (ret < 0 || left > 0)
    return ret;
  if (ipam_bridge_created (dirfd))
    {
      ret = netlink_link_delete (hsk, r->bridge, err);
      if (ret < 0)
        return ret;
    }
  return ipam_remove_dir (r->root, r->bridge, dirfd, err);
}

int
network_teardown (const char *state_dir, berth_error_t **err)
{
  struct net_record r;
  cleanup_nl_sock struct nl_sock *hsk = NULL;
  cleanup_error berth_error_t *e = NULL;
  int first = 0, ret;

  ret = net_record_read (state_dir, &r, err);
  if (ret <= 0)
    {
      net_record_clear (&r);
      return ret;
    }
  if (r.root == NULL || r.id == NULL)
    goto done; /* crashed before anything was made */
  if (r.hostns)
    {
      cleanup_free char *here = current_netns_id ();
      if (strcmp (here, r.hostns) != 0)
        {
          ret = berth_error_make (err, 0, "network: the container's network was set up from another network "
                                          "namespace: run delete from that one");
          net_record_clear (&r);
          return ret;
        }
    }
  ret = netlink_open (&hsk, err);
  if (ret < 0)
    {
      net_record_clear (&r);
      return ret;
    }
  if (r.netns_pin)
    keep_first (&first, err, netdevices_teardown (&r, hsk, &e), &e);
  if (r.nat_tag)
    keep_first (&first, err, nat_remove (r.root, r.nat_tag, &e), &e);
  if (r.veth)
    keep_first (&first, err, netlink_link_delete (hsk, r.veth, &e), &e);
  if (r.bridge)
    keep_first (&first, err, bridge_leave (&r, hsk, &e), &e);
done:
  if (first == 0 && unlink (r.path) < 0 && errno != ENOENT)
    first = berth_error_make (err, errno, "unlink %s", r.path);
  net_record_clear (&r);
  return first;
}
