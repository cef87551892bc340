/* network-record.c: reading and writing <state_dir>/network.  Only the file
   format: the meaning of each line is network.c's.  */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "network-config.h"
#include "network-record.h"
#include "util.h"

void
net_record_clear (struct net_record *r)
{
  size_t i;
  free (r->path);
  free (r->text);
  free (r->hostns);
  free (r->root);
  free (r->id);
  free (r->netns_pin);
  free (r->bridge);
  free (r->veth);
  free (r->nat_tag);
  for (i = 0; i < r->n_netdevs; i++)
    free (r->netdevs[i]);
  free (r->netdevs);
  memset (r, 0, sizeof (*r));
}

int
net_record_add (struct net_record *r, berth_error_t **err, const char *fmt, ...)
{
  cleanup_free char *line = NULL;
  char *text;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&line, fmt, ap) < 0)
    abort ();
  va_end (ap);
  text = xasprintf ("%s%s\n", r->text ? r->text : "", line);
  free (r->text);
  r->text = text;
  return write_file_atomic (r->path, r->text, strlen (r->text), 0600, err);
}

static void
record_parse_line (struct net_record *r, char *line)
{
  char *val = strchr (line, ' ');
  struct net_cidr c;

  if (val == NULL)
    return;
  *val++ = '\0';
  if (strcmp (line, "hostns") == 0)
    r->hostns = xstrdup (val);
  else if (strcmp (line, "root") == 0)
    r->root = xstrdup (val);
  else if (strcmp (line, "id") == 0)
    r->id = xstrdup (val);
  else if (strcmp (line, "netns") == 0)
    r->netns_pin = xstrdup (val);
  else if (strcmp (line, "bridge") == 0)
    r->bridge = xstrdup (val);
  else if (strcmp (line, "lease") == 0 && net_cidr_parse (val, false, "lease", &c, NULL) == 0)
    r->lease = c.addr;
  else if (strcmp (line, "veth") == 0)
    r->veth = xstrdup (val);
  else if (strcmp (line, "nat") == 0)
    r->nat_tag = xstrdup (val);
  else if (strcmp (line, "netdev") == 0)
    {
      r->netdevs = xrealloc (r->netdevs, (r->n_netdevs + 1) * sizeof (char *));
      r->netdevs[r->n_netdevs++] = xstrdup (val);
    }
}

int
net_record_read (const char *state_dir, struct net_record *r, berth_error_t **err)
{
  cleanup_free char *text = NULL;
  char *line, *save = NULL;
  int ret;

  memset (r, 0, sizeof (*r));
  r->path = xasprintf ("%s/" RECORD_FILE, state_dir);
  if (access (r->path, F_OK) < 0 && errno == ENOENT)
    return 0;
  ret = read_all_file (r->path, &text, NULL, err);
  if (ret < 0)
    return ret;
  for (line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    record_parse_line (r, line);
  return 1;
}
