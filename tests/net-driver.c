/* net-driver.c: drives network_setup/network_teardown on a process the
   caller started in its own network namespace (`unshare -n sleep 100 &`),
   without the container lifecycle.  For development and for bats tests of
   the network code in isolation.  Run it only inside a test namespace
   (`ip netns exec`).

     net-driver setup ID PID ROOT STATE_DIR [berth.network.KEY=VALUE...]
                      [netdev=HOST[:NAME]...] [no-netns]
     net-driver teardown STATE_DIR
     net-driver validate [berth.network.KEY=VALUE...]   */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "network.h"
#include "util.h"

static void
add_arg (struct oci_config *c, struct oci_linux *l, const char *arg)
{
  const char *eq = strchr (arg, '=');
  if (strcmp (arg, "no-netns") == 0)
    {
      l->n_namespaces = 0;
      return;
    }
  if (eq == NULL)
    {
      fprintf (stderr, "bad argument %s\n", arg);
      exit (2);
    }
  if (strncmp (arg, "netdev=", 7) == 0)
    {
      struct oci_net_device *d;
      const char *colon = strchr (eq + 1, ':');
      l->net_devices = xrealloc (l->net_devices, (l->n_net_devices + 1) * sizeof (*d));
      d = &l->net_devices[l->n_net_devices++];
      d->host_name = colon ? xasprintf ("%.*s", (int) (colon - eq - 1), eq + 1) : xstrdup (eq + 1);
      d->name = colon ? xstrdup (colon + 1) : NULL;
      return;
    }
  c->annotations.keys = xrealloc (c->annotations.keys, (c->annotations.len + 1) * sizeof (char *));
  c->annotations.values = xrealloc (c->annotations.values, (c->annotations.len + 1) * sizeof (char *));
  c->annotations.keys[c->annotations.len] = xasprintf ("%.*s", (int) (eq - arg), arg);
  c->annotations.values[c->annotations.len++] = xstrdup (eq + 1);
}

int
main (int argc, char **argv)
{
  static struct oci_namespace ns = { OCI_NS_NETWORK, NULL };
  struct oci_linux l = { .namespaces = &ns, .n_namespaces = 1 };
  struct oci_config c = { .linux_ = &l };
  cleanup_error berth_error_t *err = NULL;
  int i, ret, first;

  if (argc >= 3 && strcmp (argv[1], "teardown") == 0)
    ret = network_teardown (argv[2], &err);
  else if (argc >= 6 && strcmp (argv[1], "setup") == 0)
    {
      for (i = 6; i < argc; i++)
        add_arg (&c, &l, argv[i]);
      ret = network_setup (&c, argv[2], atoi (argv[3]), argv[4], argv[5], &err);
    }
  else if (argc >= 2 && strcmp (argv[1], "validate") == 0)
    {
      for (first = 2, i = first; i < argc; i++)
        add_arg (&c, &l, argv[i]);
      ret = network_validate (&c, &err);
    }
  else
    {
      fprintf (stderr, "usage: see tests/net-driver.c\n");
      return 2;
    }
  if (ret < 0)
    {
      fprintf (stderr, "net-driver: %s\n", err ? err->msg : "failed");
      return 1;
    }
  return 0;
}
