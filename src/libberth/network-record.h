/* network-record.h: <state_dir>/network, the list of what berth made for a
   container's network, one "KIND VALUE" line each, written before the thing
   is made.  Owns only the file format; never touches a link or a rule.  */
#ifndef BERTH_NETWORK_RECORD_H
#define BERTH_NETWORK_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define RECORD_FILE "network"

/* What one container's network consists of; mirrors the record file.  */
struct net_record
{
  char *path;         /* <state_dir>/network */
  char *text;         /* the record as written so far */
  char *hostns;       /* "dev:ino" of the runtime's network namespace */
  char *root;
  char *id;
  char *netns_pin;
  char *bridge;
  uint32_t lease;
  char *veth;
  char *nat_tag;
  char **netdevs;     /* "host ctr up addrs..." lines */
  size_t n_netdevs;
};

/* Append a line and rewrite the record atomically: a crash leaves either the
   old or the new record, never a torn one.  */
int net_record_add (struct net_record *r, berth_error_t **err, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));
/* 1 when a record was read, 0 when there is none.  */
int net_record_read (const char *state_dir, struct net_record *r, berth_error_t **err);
void net_record_clear (struct net_record *r);

#endif
