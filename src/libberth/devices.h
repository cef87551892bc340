/* devices.h: the device nodes and links of the container's /dev (runc's
   default devices, linux.devices, ptmx, fd/stdio links, /dev/shm) and
   /dev/console.  Runs before pivot_root, confined to the rootfs by fds.  */
#ifndef BERTH_DEVICES_H
#define BERTH_DEVICES_H

#include <stdbool.h>

#include "error.h"
#include "mount-target.h"
#include "mounts.h"
#include "oci-config.h"

/* The devices every container gets unless linux.devices has the same path.  */
struct default_device
{
  const char *path;
  char type;
  unsigned major, minor;
};
extern const struct default_device devices_defaults[];
extern const size_t devices_n_defaults;

/* setup_dev is false when /dev is a bind mount from the config (then only
   the console is handled, as in runc).  */
int devices_setup (const struct in_root *r, const struct oci_config *c,
                   const struct mounts_options *o, bool setup_dev, berth_error_t **err);

#endif
