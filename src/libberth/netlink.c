/* netlink.c: libnl-route-3 plumbing.  Never decides names, addresses or
   namespaces itself; never changes the calling thread's namespace.  */
#include <config.h>

#include <errno.h>
#include <net/if.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "netlink.h"
#include "util.h"

void
netlink_sock_freep (struct nl_sock **sk)
{
  if (*sk)
    nl_socket_free (*sk);
}

void
netlink_link_putp (struct rtnl_link **l)
{
  if (*l)
    rtnl_link_put (*l);
}

int
netlink_errno (int nlerr)
{
  switch (nlerr < 0 ? -nlerr : nlerr)
    {
    case NLE_NODEV:
    case NLE_OBJ_NOTFOUND:
      return ENODEV;
    case NLE_EXIST:
      return EEXIST;
    case NLE_PERM:
      return EPERM;
    case NLE_NOACCESS:
      return EACCES;
    case NLE_INVAL:
      return EINVAL;
    case NLE_BUSY:
      return EBUSY;
    case NLE_NOMEM:
      return ENOMEM;
    case NLE_RANGE:
      return ERANGE;
    case NLE_NOADDR:
      return EADDRNOTAVAIL;
    case NLE_OPNOTSUPP:
      return EOPNOTSUPP;
    case NLE_AF_NOSUPPORT:
      return EAFNOSUPPORT;
    case NLE_AGAIN:
      return EAGAIN;
    default:
      return EIO;
    }
}

int
netlink_error (berth_error_t **err, int nlerr, const char *fmt, ...)
{
  cleanup_free char *msg = NULL;
  va_list ap;
  int e = netlink_errno (nlerr);

  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    abort ();
  va_end (ap);
  if (e == EIO)
    return berth_error_make (err, EIO, "%s (netlink: %s)", msg, nl_geterror (nlerr));
  return berth_error_make (err, e, "%s", msg);
}

int
netlink_open (struct nl_sock **out, berth_error_t **err)
{
  cleanup_nl_sock struct nl_sock *sk = nl_socket_alloc ();
  int rc;
  if (sk == NULL)
    return berth_error_make (err, ENOMEM, "allocate netlink socket");
  rc = nl_connect (sk, NETLINK_ROUTE);
  if (rc < 0)
    return netlink_error (err, rc, "connect netlink socket");
  *out = steal_pointer (&sk);
  return 0;
}

struct netns_open_request
{
  int nsfd;
  struct nl_sock *sk;
  int setns_errno;
  berth_error_t *err;
};

static void *
netns_open_thread (void *arg)
{
  struct netns_open_request *r = arg;
  /* Only this thread joins the namespace and it exits right after: the
     runtime's other threads (and its own later work) stay where they are.  */
  if (setns (r->nsfd, CLONE_NEWNET) < 0)
    {
      r->setns_errno = errno;
      return NULL;
    }
  netlink_open (&r->sk, &r->err);
  return NULL;
}

int
netlink_open_in_netns (int nsfd, struct nl_sock **out, berth_error_t **err)
{
  struct netns_open_request r = { .nsfd = nsfd };
  pthread_t t;
  int rc;

  rc = pthread_create (&t, NULL, netns_open_thread, &r);
  if (rc != 0)
    return berth_error_make (err, rc, "pthread_create");
  pthread_join (t, NULL);
  if (r.setns_errno)
    return berth_error_make (err, r.setns_errno, "setns into the container's network namespace");
  if (r.err)
    {
      berth_error_free (err);
      if (err)
        *err = r.err;
      else
        berth_error_free (&r.err);
      return -1;
    }
  *out = r.sk;
  return 0;
}

int
netlink_link_find (struct nl_sock *sk, const char *name, struct rtnl_link **out,
                   berth_error_t **err)
{
  int rc = rtnl_link_get_kernel (sk, 0, name, out);
  if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV)
    {
      *out = NULL;
      return 0;
    }
  if (rc < 0)
    return netlink_error (err, rc, "look up link `%s`", name);
  return 0;
}

int
netlink_link_set_up (struct nl_sock *sk, const char *name, berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *link = NULL;
  cleanup_nl_link struct rtnl_link *change = rtnl_link_alloc ();
  int rc = rtnl_link_get_kernel (sk, 0, name, &link);
  if (rc < 0)
    return netlink_error (err, rc, "look up link `%s`", name);
  rtnl_link_set_flags (change, IFF_UP);
  rc = rtnl_link_change (sk, link, change, 0);
  if (rc < 0)
    return netlink_error (err, rc, "set link `%s` up", name);
  return 0;
}

int
netlink_link_delete (struct nl_sock *sk, const char *name, berth_error_t **err)
{
  cleanup_nl_link struct rtnl_link *link = NULL;
  int rc = netlink_link_find (sk, name, &link, err);
  if (rc < 0 || link == NULL)
    return rc;
  rc = rtnl_link_delete (sk, link);
  if (rc < 0 && rc != -NLE_NODEV && rc != -NLE_OBJ_NOTFOUND)
    return netlink_error (err, rc, "delete link `%s`", name);
  return 0;
}

int
netlink_addr_add (struct nl_sock *sk, int ifindex, const char *cidr, berth_error_t **err)
{
  struct rtnl_addr *addr = rtnl_addr_alloc ();
  struct nl_addr *local = NULL;
  int rc;

  if (addr == NULL)
    return berth_error_make (err, ENOMEM, "allocate address");
  rc = nl_addr_parse (cidr, AF_UNSPEC, &local);
  if (rc < 0)
    {
      rtnl_addr_put (addr);
      return netlink_error (err, rc, "parse address `%s`", cidr);
    }
  rtnl_addr_set_ifindex (addr, ifindex);
  rc = rtnl_addr_set_local (addr, local);
  if (rc >= 0)
    rc = rtnl_addr_add (sk, addr, 0);
  nl_addr_put (local);
  rtnl_addr_put (addr);
  if (rc < 0 && rc != -NLE_EXIST)
    return netlink_error (err, rc, "add address %s", cidr);
  return 0;
}
