/* netdevices.c: linux.netDevices mechanics with libnl-route-3.  Works on
   sockets it is given (one per namespace); never setns()es, never creates or
   deletes an interface.  */
#include <config.h>

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "netdevices.h"
#include "netlink.h"
#include "util.h"

static void
nl_cache_freep (struct nl_cache **c)
{
  if (*c)
    nl_cache_free (*c);
}

int
netdevices_save (struct nl_sock *sk, const char *name, char **addrs, bool *up,
                 berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *link = NULL;
  __attribute__ ((cleanup (nl_cache_freep))) struct nl_cache *cache = NULL;
  struct nl_object *o;
  char *buf = NULL;
  size_t len = 0;
  FILE *f;
  int ifindex, rc;

  rc = netlink_link_find (sk, name, &link, err);
  if (rc < 0)
    return rc;
  if (link == NULL)
    return berth_error_make (err, ENODEV, "find `%s`", name);
  ifindex = rtnl_link_get_ifindex (link);
  *up = (rtnl_link_get_flags (link) & IFF_UP) != 0;
  rc = rtnl_addr_alloc_cache (sk, &cache);
  if (rc < 0)
    return netlink_error (err, rc, "list addresses of `%s`", name);
  f = open_memstream (&buf, &len);
  if (f == NULL)
    abort ();
  for (o = nl_cache_get_first (cache); o; o = nl_cache_get_next (o))
    {
      struct rtnl_addr *a = (struct rtnl_addr *) o;
      char s[128];
      if (rtnl_addr_get_ifindex (a) != ifindex || rtnl_addr_get_scope (a) != RT_SCOPE_UNIVERSE
          || !(rtnl_addr_get_flags (a) & IFA_F_PERMANENT) || rtnl_addr_get_local (a) == NULL)
        continue;
      fprintf (f, "%s%s", len ? " " : "", nl_addr2str (rtnl_addr_get_local (a), s, sizeof (s)));
      fflush (f);
    }
  fclose (f);
  *addrs = buf;
  return 0;
}

int
netdevices_resolve_name (struct nl_sock *dst, const char *name, char **out,
                         berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *link = NULL;
  const char *pct = strstr (name, "%d");
  int i, rc;

  if (pct == NULL)
    {
      rc = netlink_link_find (dst, name, &link, err);
      if (rc < 0)
        return rc;
      if (link)
        return berth_error_make (err, EEXIST, "`%s` already exists in the container's network namespace", name);
      *out = xstrdup (name);
      return 0;
    }
  /* The spec lets the kernel pick "%d"; picking the first free instance
     here ourselves gives the same name and lets teardown find it again.  */
  for (i = 0; i < 1000; i++)
    {
      cleanup_free char *cand = xasprintf ("%.*s%d%s", (int) (pct - name), name, i, pct + 2);
      if (strlen (cand) >= IFNAMSIZ)
        break;
      rc = netlink_link_find (dst, cand, &link, err);
      if (rc < 0)
        return rc;
      if (link == NULL)
        {
          *out = steal_pointer (&cand);
          return 0;
        }
      rtnl_link_put (link);
      link = NULL;
    }
  return berth_error_make (err, ENFILE, "no free name for template `%s`", name);
}

int
netdevices_move (struct nl_sock *src, const char *name, int nsfd, const char *new_name,
                 berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *link = NULL;
  cleanup_nl_link struct rtnl_link *change = rtnl_link_alloc ();
  int rc;

  rc = netlink_link_find (src, name, &link, err);
  if (rc < 0)
    return rc;
  if (link == NULL)
    return berth_error_make (err, ENODEV, "find `%s`", name);
  rtnl_link_set_ns_fd (change, nsfd);
  if (strcmp (name, new_name) != 0)
    rtnl_link_set_name (change, new_name);
  rc = rtnl_link_change (src, link, change, 0);
  if (rc < 0)
    return netlink_error (err, rc, "move `%s`", name);
  return 0;
}

int
netdevices_restore (struct nl_sock *sk, const char *name, const char *addrs, bool up,
                    berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *link = NULL;
  cleanup_free char *copy = xstrdup (addrs ? addrs : "");
  char *save = NULL, *tok;
  int ifindex, rc;

  rc = netlink_link_find (sk, name, &link, err);
  if (rc < 0)
    return rc;
  if (link == NULL)
    return berth_error_make (err, ENODEV, "find `%s` after the move", name);
  ifindex = rtnl_link_get_ifindex (link);
  for (tok = strtok_r (copy, " ", &save); tok; tok = strtok_r (NULL, " ", &save))
    {
      rc = netlink_addr_add (sk, ifindex, tok, err);
      if (rc < 0)
        return berth_error_wrap (err, "restore address on `%s`", name);
    }
  if (up)
    return netlink_link_set_up (sk, name, err);
  return 0;
}
