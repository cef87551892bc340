/* mount-options.h: the table that turns a runtime-spec `mounts[].options`
   list into mount(2) flags, propagation, mount_setattr attributes and data.
   Pure: no syscalls, no I/O; the only place that knows option names.  */
#ifndef BERTH_MOUNT_OPTIONS_H
#define BERTH_MOUNT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define MOUNT_OPTIONS_MAX_PROPAGATION 4

enum mount_option_kind
{
  MOUNT_OPT_FLAG,        /* sets or clears MS_* bits */
  MOUNT_OPT_PROPAGATION, /* MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE [|MS_REC] */
  MOUNT_OPT_REC_ATTR,    /* rro, rnosuid...: mount_setattr(AT_RECURSIVE) */
  MOUNT_OPT_EXTENSION,   /* tmpcopyup, idmap, ridmap */
};

enum mount_option_ext
{
  MOUNT_EXT_TMPCOPYUP = 1 << 0,
  MOUNT_EXT_IDMAP = 1 << 1,
  MOUNT_EXT_RIDMAP = 1 << 2,
};

struct mount_option_def
{
  const char *name;
  enum mount_option_kind kind;
  bool clear;     /* the option removes the bit(s) instead of setting them */
  uint64_t value; /* MS_* bits, propagation flags, MOUNT_ATTR_* bits or MOUNT_EXT_* */
};

struct mount_options
{
  unsigned long flags;   /* MS_* to pass to mount(2) (MS_BIND/MS_REC included) */
  unsigned long cleared; /* MS_* bits an option explicitly cleared (rw, suid...) */
  unsigned long propagation[MOUNT_OPTIONS_MAX_PROPAGATION]; /* applied in order */
  size_t n_propagation;
  uint64_t rec_attr_set; /* MOUNT_ATTR_* for mount_setattr(AT_RECURSIVE) */
  uint64_t rec_attr_clr;
  unsigned extensions;   /* MOUNT_EXT_* */
  char *data;            /* unknown options joined with ',' (NULL when none) */
};

/* The definition of one option name, NULL when it is not in the table (it
   then goes to the data string).  */
const struct mount_option_def *mount_option_lookup (const char *name);

/* Parse `options` in order (a later option wins over an earlier one, as with
   mount(8)).  `where` names the mount in errors ("mounts[3] (/data)").  */
int mount_options_parse (char *const *options, size_t n_options, const char *where,
                         struct mount_options *out, berth_error_t **err);
void mount_options_free (struct mount_options *o);

/* MS_BIND set: a bind (or rbind) mount whatever the `type` says.  */
bool mount_options_is_bind (const struct mount_options *o);

/* Map a linux.rootfsPropagation value to mount(2) flags; 0 when unknown.  */
unsigned long mount_propagation_from_name (const char *name);

#endif
