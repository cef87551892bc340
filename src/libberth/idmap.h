/* idmap.h: idmapped mounts (mounts[].uidMappings/gidMappings, the `idmap`
   and `ridmap` options): a user namespace carrying the mappings and a
   detached clone of the source with MOUNT_ATTR_IDMAP set.  The mounts code
   moves the result onto its target.  Never decides where anything is
   mounted.  */
#ifndef BERTH_IDMAP_H
#define BERTH_IDMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "oci-config.h"

/* A user namespace fd (O_CLOEXEC) whose uid_map/gid_map are the given
   mappings, written as the runtime-spec writes user namespace mappings
   ("containerID hostID size"); `reverse` swaps the two ids (`ridmap`).
   On an idmapped mount an id stored on disk is read as containerID and
   shown as hostID.  */
int idmap_userns_fd (const struct oci_id_mapping *uids, size_t n_uids,
                     const struct oci_id_mapping *gids, size_t n_gids, bool reverse,
                     berth_error_t **err);

/* open_tree(source, OPEN_TREE_CLONE [| AT_RECURSIVE when RECURSIVE_TREE,
   i.e. rbind]) + mount_setattr(MOUNT_ATTR_IDMAP [| AT_RECURSIVE when
   RECURSIVE_IDMAP, the `ridmap` option]): a detached mount fd to
   move_mount() onto the target.  A mount without its own mappings uses the
   container's (linux.uidMappings / gidMappings), as runc and crun do for a
   bare `idmap` option.  */
int idmap_open_tree (const char *source, bool recursive_tree, bool recursive_idmap,
                     const struct oci_mount *m, const struct oci_linux *l, berth_error_t **err);

#endif
