/* test-network.c: the network concern's pure parts, no root needed:
   annotation parsing and validation, CIDR rules, IPAM on a temp dir, nft
   script generation and parsing.  */
#include <config.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipam.h"
#include "nat.h"
#include "network-config.h"
#include "network-record.h"
#include "util.h"
#include "tap.h"

/* Parse "k=v" pairs (NULL-terminated) as annotations.  */
static int
parse_kv (struct network_config *nc, char **msg, ...)
{
  char *keys[16], *values[16];
  struct oci_map m = { keys, values, 0 };
  cleanup_error berth_error_t *err = NULL;
  va_list ap;
  const char *kv;
  size_t i;
  int ret;

  va_start (ap, msg);
  while ((kv = va_arg (ap, const char *)))
    {
      const char *eq = strchr (kv, '=');
      keys[m.len] = xasprintf ("%.*s", (int) (eq - kv), kv);
      values[m.len++] = xstrdup (eq + 1);
    }
  va_end (ap);
  ret = network_config_parse (&m, nc, &err);
  *msg = ret < 0 && err ? xstrdup (err->msg) : NULL;
  for (i = 0; i < m.len; i++)
    {
      free (keys[i]);
      free (values[i]);
    }
  return ret;
}

static bool
contains (const char *hay, const char *needle)
{
  return hay && strstr (hay, needle);
}

static void
test_cidr (void)
{
  struct net_cidr c;
  char buf[16];

  TAP_OK (net_cidr_parse ("10.1.2.3/24", true, "x", &c, NULL) == 0 && c.addr == 0x0a010203 && c.prefix == 24,
          "CIDR 10.1.2.3/24 parses");
  TAP_OK (net_cidr_parse ("10.1.2.3", false, "x", &c, NULL) == 0 && c.prefix == 32, "bare address gets /32");
  TAP_OK (net_cidr_parse ("10.1.2.3", true, "x", &c, NULL) < 0, "bare address refused where a CIDR is needed");
  TAP_OK (net_cidr_parse ("10.1.2.300/24", true, "x", &c, NULL) < 0, "octet 300 refused");
  TAP_OK (net_cidr_parse ("10.1.2/24", true, "x", &c, NULL) < 0, "three octets refused");
  TAP_OK (net_cidr_parse ("10.1.2.3/33", true, "x", &c, NULL) < 0, "prefix 33 refused");
  TAP_OK (net_cidr_parse ("10.01.2.3/24", true, "x", &c, NULL) < 0, "leading zero (octal ambiguity) refused");
  TAP_OK (net_cidr_parse ("10.1.2.3/24x", true, "x", &c, NULL) < 0, "trailing garbage refused");
  TAP_OK (net_cidr_parse (" 10.1.2.3/24", true, "x", &c, NULL) < 0, "leading space refused");
  TAP_OK (net_cidr_parse ("fd00::1/64", true, "x", &c, NULL) < 0, "IPv6 refused");
  net_cidr_parse ("192.168.7.0/24", true, "x", &c, NULL);
  TAP_OK (net_subnet_first_host (&c) == 0xc0a80701 && net_subnet_last_host (&c) == 0xc0a807fe,
          "first/last host of a /24");
  TAP_OK (net_cidr_contains (&c, 0xc0a807fe) && !net_cidr_contains (&c, 0xc0a80801), "subnet membership");
  TAP_STR_EQ (net_addr_format (0xc0a80701, buf), "192.168.7.1", "address formatting");
}

static void
test_ifname (void)
{
  TAP_OK (net_ifname_check ("br0", "x", NULL) == 0, "br0 is a valid name");
  TAP_OK (net_ifname_check ("abcdefghijklmno", "x", NULL) == 0, "15 bytes is the limit");
  TAP_OK (net_ifname_check ("abcdefghijklmnop", "x", NULL) < 0, "16 bytes is too long");
  TAP_OK (net_ifname_check ("a/b", "x", NULL) < 0 && net_ifname_check ("a b", "x", NULL) < 0
              && net_ifname_check ("a:b", "x", NULL) < 0 && net_ifname_check ("..", "x", NULL) < 0
              && net_ifname_check ("", "x", NULL) < 0,
          "slash, space, colon, .., empty refused");
}

static void
test_annotations (void)
{
  struct network_config nc;
  cleanup_free char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL, *m5 = NULL, *m6 = NULL;
  cleanup_free char *m7 = NULL, *m8 = NULL, *m9 = NULL, *m10 = NULL, *m11 = NULL, *m12 = NULL;
  char *m = NULL;
  int ret;

  ret = parse_kv (&nc, &m, (char *) NULL);
  TAP_OK (ret == 0 && nc.bridge == NULL, "no annotations: no bridge");
  network_config_clear (&nc);

  ret = parse_kv (&nc, &m, "berth.network.bridge=br7", (char *) NULL);
  TAP_OK (ret == 0 && strcmp (nc.bridge, "br7") == 0 && nc.subnet.addr == 0x0a580000 && nc.subnet.prefix == 16
              && nc.gateway == 0x0a580001 && nc.address == 0 && !nc.nat && nc.mtu == 0,
          "bridge alone: default subnet 10.88.0.0/16, gateway .1, address allocated");
  network_config_clear (&nc);

  ret = parse_kv (&nc, &m, "berth.network.bridge=br7", "berth.network.address=172.20.0.9/24",
                  "berth.network.mtu=1400", "berth.network.mac=02:aa:bb:cc:dd:ee", "berth.network.nat=true",
                  "berth.network.ports=8080:80,5353:53/udp", (char *) NULL);
  TAP_OK (ret == 0 && nc.subnet.addr == 0xac140000 && nc.subnet.prefix == 24 && nc.gateway == 0xac140001
              && nc.address == 0xac140009 && nc.mtu == 1400 && nc.has_mac && nc.mac[0] == 2 && nc.mac[5] == 0xee
              && nc.nat && nc.n_ports == 2,
          "full set: subnet from the address CIDR, mtu, mac, nat, ports");
  TAP_OK (ret == 0 && nc.ports[0].host_port == 8080 && nc.ports[0].container_port == 80
              && strcmp (nc.ports[0].proto, "tcp") == 0 && nc.ports[1].host_port == 5353
              && strcmp (nc.ports[1].proto, "udp") == 0,
          "ports: default tcp, explicit udp");
  network_config_clear (&nc);

  ret = parse_kv (&nc, &m, "berth.network.bridge=br7", "berth.network.subnet=10.3.0.0/16",
                  "berth.network.gateway=10.3.255.254", "berth.network.address=10.3.4.5", (char *) NULL);
  TAP_OK (ret == 0 && nc.gateway == 0x0a03fffe && nc.address == 0x0a030405, "explicit gateway and bare address");
  network_config_clear (&nc);

  TAP_OK (parse_kv (&nc, &m1, "berth.network.bridge=br7", "berth.network.address=10.1.2.300/24", (char *) NULL) < 0
              && contains (m1, "berth.network.address") && contains (m1, "10.1.2.300"),
          "invalid CIDR address: error names key and value (%s)", m1);
  TAP_OK (parse_kv (&nc, &m2, "berth.network.bridge=br7", "berth.network.subnet=10.1.0.0/24",
                    "berth.network.address=10.2.0.5", (char *) NULL) < 0
              && contains (m2, "outside the subnet"),
          "address outside the subnet refused (%s)", m2);
  TAP_OK (parse_kv (&nc, &m3, "berth.network.bridge=br-very-long-name", (char *) NULL) < 0 && contains (m3, "too long"),
          "bridge name too long refused (%s)", m3);
  TAP_OK (parse_kv (&nc, &m4, "berth.network.address=10.0.0.2/24", (char *) NULL) < 0
              && contains (m4, "needs berth.network.bridge"),
          "address without bridge refused (%s)", m4);
  TAP_OK (parse_kv (&nc, &m5, "berth.network.bridge=br7", "berth.network.brigde=x", (char *) NULL) < 0
              && contains (m5, "unknown"),
          "misspelt key refused (%s)", m5);
  TAP_OK (parse_kv (&nc, &m6, "berth.network.bridge=br7", "berth.network.subnet=10.1.0.5/24", (char *) NULL) < 0
              && contains (m6, "host bits"),
          "subnet with host bits refused (%s)", m6);
  TAP_OK (parse_kv (&nc, &m7, "berth.network.bridge=br7", "berth.network.address=10.1.0.255/24", (char *) NULL) < 0
              && contains (m7, "broadcast"),
          "broadcast address refused (%s)", m7);
  TAP_OK (parse_kv (&nc, &m8, "berth.network.bridge=br7", "berth.network.address=10.1.0.1/24", (char *) NULL) < 0
              && contains (m8, "gateway"),
          "gateway's address refused as container address (%s)", m8);
  TAP_OK (parse_kv (&nc, &m9, "berth.network.bridge=br7", "berth.network.mtu=40", (char *) NULL) < 0
              && parse_kv (&nc, &m, "berth.network.bridge=br7", "berth.network.mtu=1500x", (char *) NULL) < 0,
          "bad MTU refused (%s)", m9);
  free (m);
  m = NULL;
  TAP_OK (parse_kv (&nc, &m10, "berth.network.bridge=br7", "berth.network.mac=01:00:5e:00:00:01", (char *) NULL) < 0
              && contains (m10, "multicast"),
          "multicast MAC refused (%s)", m10);
  TAP_OK (parse_kv (&nc, &m11, "berth.network.bridge=br7", "berth.network.ports=8080:80/sctp", (char *) NULL) < 0
              && parse_kv (&nc, &m, "berth.network.bridge=br7", "berth.network.ports=0:80", (char *) NULL) < 0,
          "bad port entries refused (%s)", m11);
  free (m);
  m = NULL;
  TAP_OK (parse_kv (&nc, &m12, "berth.network.bridge=br7", "berth.network.ports=8080:80,8080:81", (char *) NULL) < 0
              && contains (m12, "twice"),
          "duplicate host port refused (%s)", m12);
  TAP_OK (parse_kv (&nc, &m, "berth.network.bridge=br7", "berth.network.nat=yes", (char *) NULL) < 0,
          "nat must be true/false");
  free (m);
}

static char *
make_tmpdir (void)
{
  char tmpl[] = "/tmp/berth-test-network.XXXXXX";
  return xstrdup (mkdtemp (tmpl));
}

static void
test_ipam (void)
{
  cleanup_free char *root = make_tmpdir ();
  cleanup_free char *sd1 = xasprintf ("%s/c1", root), *sd2 = xasprintf ("%s/c2", root), *sd3 = xasprintf ("%s/c3", root);
  cleanup_error berth_error_t *err = NULL;
  struct net_cidr sub = { 0x0a000000, 29 }, other = { 0x0a010000, 24 };
  uint32_t a1 = 0, a2 = 0, a3 = 0, ax = 0;
  size_t n = 99;
  int fd = -1, ret, i;

  mkdir (sd1, 0700);
  mkdir (sd2, 0700);
  mkdir (sd3, 0700);
  TAP_OK (ipam_lock (root, "br0", &fd, &err) == 0 && fd >= 0, "lock creates the lease directory");
  TAP_OK (ipam_check_subnet (fd, "br0", &sub, &err) == 0, "first subnet recorded");
  TAP_OK (ipam_check_subnet (fd, "br0", &other, &err) < 0 && contains (err->msg, "already serves"),
          "a second subnet on the same bridge refused");
  TAP_OK (ipam_acquire (fd, &sub, 0x0a000001, 0, "c1", sd1, &a1, &err) == 0 && a1 == 0x0a000002,
          "first allocation skips the gateway");
  TAP_OK (ipam_acquire (fd, &sub, 0x0a000001, 0, "c2", sd2, &a2, &err) == 0 && a2 == 0x0a000003,
          "second allocation is the next address");
  ret = ipam_acquire (fd, &sub, 0x0a000001, 0x0a000003, "c3", sd3, &ax, &err);
  TAP_OK (ret < 0 && contains (err->msg, "already leased to container `c2`"), "taken address refused, names owner");
  TAP_OK (ipam_acquire (fd, &sub, 0x0a000001, 0x0a000006, "c3", sd3, &a3, &err) == 0 && a3 == 0x0a000006,
          "explicit free address leased");
  /* /29: hosts .1-.6, gateway .1, leased .2 .3 .6 -> .4 .5 free */
  TAP_OK (ipam_acquire (fd, &sub, 0x0a000001, 0, "c4", sd3, &ax, &err) == 0 && ax == 0x0a000004, "fills the hole");
  TAP_OK (ipam_acquire (fd, &sub, 0x0a000001, 0, "c5", sd3, &ax, &err) == 0 && ax == 0x0a000005, "last free");
  TAP_OK (ipam_acquire (fd, &sub, 0x0a000001, 0, "c6", sd3, &ax, &err) < 0 && err->status == ENOSPC,
          "full subnet: ENOSPC (%s)", err ? err->msg : "");
  TAP_OK (ipam_release (fd, 0x0a000002, "someone-else", &err) == 0 && faccessat (fd, "10.0.0.2", F_OK, 0) == 0,
          "release by another id keeps the lease");
  TAP_OK (ipam_release (fd, 0x0a000002, "c1", &err) == 0 && faccessat (fd, "10.0.0.2", F_OK, 0) < 0,
          "release by the owner removes it");
  rmdir (sd2); /* c2 "crashed": its state dir vanished */
  TAP_OK (ipam_acquire (fd, &sub, 0x0a000001, 0x0a000003, "c7", sd1, &ax, &err) == 0,
          "stale lease (state dir gone) reclaimed");
  TAP_OK (ipam_count_leases (fd, &n, &err) == 0 && n == 4, "count leases (%zu)", n);
  TAP_OK (!ipam_bridge_created (fd) && ipam_mark_bridge_created (fd, &err) == 0 && ipam_bridge_created (fd),
          "bridge-created marker");
  rmdir (sd1);
  rmdir (sd3);
  TAP_OK (ipam_count_leases (fd, &n, &err) == 0 && n == 0, "all stale leases reclaimed by count");
  TAP_OK (ipam_remove_dir (root, "br0", fd, &err) == 0, "remove bookkeeping");
  close (fd);
  {
    cleanup_free char *d = xasprintf ("%s/network~/br0", root);
    TAP_OK (access (d, F_OK) < 0, "lease directory gone");
  }

  /* Concurrency: 20 processes allocate at once, all distinct.  */
  {
    cleanup_free char *sd = xasprintf ("%s/live", root);
    struct net_cidr big = { 0x0a140000, 24 };
    int status, ok = 1, pids[20];
    size_t count = 0;
    mkdir (sd, 0700);
    for (i = 0; i < 20; i++)
      {
        pids[i] = fork ();
        if (pids[i] == 0)
          {
            int dfd;
            uint32_t a;
            cleanup_free char *id = xasprintf ("p%d", i);
            if (ipam_lock (root, "brc", &dfd, NULL) < 0
                || ipam_acquire (dfd, &big, 0x0a140001, 0, id, sd, &a, NULL) < 0)
              _exit (1);
            _exit (0);
          }
      }
    for (i = 0; i < 20; i++)
      ok &= waitpid (pids[i], &status, 0) == pids[i] && WIFEXITED (status) && WEXITSTATUS (status) == 0;
    TAP_OK (ipam_lock (root, "brc", &fd, &err) == 0 && ipam_count_leases (fd, &count, &err) == 0, "lock again");
    TAP_OK (ok && count == 20, "20 concurrent allocations: 20 distinct leases (%zu)", count);
    close (fd);
  }
  {
    cleanup_free char *cmd = xasprintf ("rm -rf '%s'", root);
    TAP_OK (system (cmd) == 0, "cleanup temp dir");
  }
}

static void
test_nat (void)
{
  struct net_port ports[] = { { 8080, 80, "tcp" }, { 5353, 53, "udp" } };
  struct nat_plan p = { "berth:c1", 0x0a580002, { 0x0a580000, 16 }, true, ports, 2 };
  cleanup_free char *script = nat_script_add (&p);
  cleanup_free char *t1 = nat_tag_for_id ("c1");
  cleanup_free char *t2 = nat_tag_for_id ("has \"quote");
  const char *listing =
      "table ip berth {\n"
      "\tchain prerouting { # handle 1\n"
      "\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
      "\t\tfib daddr type local tcp dport 8080 dnat to 10.88.0.2:80 comment \"berth:c1\" # handle 5\n"
      "\t\tfib daddr type local tcp dport 9090 dnat to 10.88.0.3:80 comment \"berth:c10\" # handle 6\n"
      "\t}\n"
      "\tchain postrouting { # handle 3\n"
      "\t\tip saddr 10.88.0.2 ip daddr != 10.88.0.0/16 masquerade comment \"berth:c1\" # handle 7\n"
      "\t}\n"
      "}\n";
  const char *only_mine =
      "table ip berth {\n"
      "\tchain postrouting { # handle 3\n"
      "\t\tip saddr 10.88.0.2 ip daddr != 10.88.0.0/16 masquerade comment \"berth:c1\" # handle 7\n"
      "\t}\n"
      "}\n";
  cleanup_free char *del = nat_script_delete (listing, "berth:c1");
  cleanup_free char *del_last = nat_script_delete (only_mine, "berth:c1");
  cleanup_free char *del_none = nat_script_delete (listing, "berth:zz");
  cleanup_free char *owner = nat_find_port_owner (listing, "tcp", 9090);
  cleanup_free char *no_owner = nat_find_port_owner (listing, "udp", 9090);

  TAP_STR_EQ (t1, "berth:c1", "tag from a plain id");
  TAP_OK (strncmp (t2, "berth:#", 7) == 0 && !strchr (t2, '"'), "unsafe id hashed into the tag (%s)", t2);
  TAP_OK (contains (script, "add table ip berth\n"), "script creates berth's table");
  TAP_OK (contains (script, "add rule ip berth postrouting ip saddr 10.88.0.2 ip daddr != 10.88.0.0/16 masquerade comment \"berth:c1\"\n"),
          "masquerade rule for the container, not for its own subnet");
  TAP_OK (contains (script, "add rule ip berth prerouting fib daddr type local tcp dport 8080 dnat to 10.88.0.2:80 comment \"berth:c1\"\n")
              && contains (script, "add rule ip berth output fib daddr type local udp dport 5353 dnat to 10.88.0.2:53"),
          "DNAT rules for published ports (prerouting and output)");
  TAP_OK (contains (script, "add rule ip berth forward ip daddr 10.88.0.2 accept"), "forward accept");
  p.masquerade = false;
  {
    cleanup_free char *s2 = nat_script_add (&p);
    TAP_OK (!contains (s2, "masquerade"), "no masquerade without nat=true");
  }
  TAP_STR_EQ (del, "delete rule ip berth prerouting handle 5\ndelete rule ip berth postrouting handle 7\n",
              "delete only this container's rules (not berth:c10)");
  TAP_STR_EQ (del_last, "delete table ip berth\n", "last container's rules: drop the table");
  TAP_OK (del_none == NULL, "nothing of ours: no script");
  TAP_STR_EQ (owner, "berth:c10", "port owner found");
  TAP_OK (no_owner == NULL, "other protocol is not a conflict");
}

static void
test_record (void)
{
  cleanup_free char *dir = make_tmpdir ();
  cleanup_free char *cmd = xasprintf ("rm -rf '%s'", dir);
  struct net_record w = { 0 }, r = { 0 };
  cleanup_error berth_error_t *err = NULL;

  w.path = xasprintf ("%s/" RECORD_FILE, dir);
  TAP_OK (net_record_read (dir, &r, &err) == 0, "no record: nothing to undo");
  net_record_clear (&r);
  TAP_OK (net_record_add (&w, &err, "root %s", "/run/berth") == 0 && net_record_add (&w, &err, "id c1") == 0
              && net_record_add (&w, &err, "bridge br0") == 0 && net_record_add (&w, &err, "lease 10.88.0.7") == 0
              && net_record_add (&w, &err, "veth vb0123456789ab") == 0 && net_record_add (&w, &err, "nat berth:c1") == 0
              && net_record_add (&w, &err, "netdev nd0 ctr0 1 10.1.0.5/24 fd00::5/64") == 0,
          "record written line by line");
  TAP_OK (net_record_read (dir, &r, &err) == 1, "record read back");
  TAP_OK (r.root && strcmp (r.root, "/run/berth") == 0 && strcmp (r.id, "c1") == 0 && strcmp (r.bridge, "br0") == 0
              && r.lease == 0x0a580007 && strcmp (r.veth, "vb0123456789ab") == 0 && strcmp (r.nat_tag, "berth:c1") == 0
              && r.n_netdevs == 1 && strcmp (r.netdevs[0], "nd0 ctr0 1 10.1.0.5/24 fd00::5/64") == 0,
          "every field round-trips");
  net_record_clear (&w);
  net_record_clear (&r);
  TAP_OK (system (cmd) == 0, "cleanup record temp dir");
}

int
main (void)
{
  test_record ();
  test_cidr ();
  test_ifname ();
  test_annotations ();
  test_ipam ();
  test_nat ();
  return tap_done ();
}
