/* mount-options.c: runc-compatible option table (names -> MS_* flags,
   propagation, recursive mount_setattr attributes, extensions) and the parser
   that folds an options list into struct mount_options.  No syscalls here.  */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "mount-options.h"
#include "util.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef MOUNT_ATTR_NOSYMFOLLOW
#define MOUNT_ATTR_NOSYMFOLLOW 0x00200000
#endif

#define F(n, c, v) { n, MOUNT_OPT_FLAG, c, v }
#define P(n, v) { n, MOUNT_OPT_PROPAGATION, false, v }
#define R(n, c, v) { n, MOUNT_OPT_REC_ATTR, c, v }
#define X(n, v) { n, MOUNT_OPT_EXTENSION, false, v }

/* Sorted by name (strcmp order): looked up with bsearch.  The set matches
   runc's specconv tables, so a config means the same thing under both.  */
static const struct mount_option_def option_table[] = {
  F ("acl", false, MS_POSIXACL),
  F ("async", true, MS_SYNCHRONOUS),
  F ("atime", true, MS_NOATIME),
  F ("bind", false, MS_BIND),
  F ("defaults", false, 0),
  F ("dev", true, MS_NODEV),
  F ("diratime", true, MS_NODIRATIME),
  F ("dirsync", false, MS_DIRSYNC),
  F ("exec", true, MS_NOEXEC),
  X ("idmap", MOUNT_EXT_IDMAP),
  F ("iversion", false, MS_I_VERSION),
  F ("lazytime", false, MS_LAZYTIME),
  F ("loud", true, MS_SILENT),
  F ("mand", false, MS_MANDLOCK),
  F ("noacl", true, MS_POSIXACL),
  F ("noatime", false, MS_NOATIME),
  F ("nodev", false, MS_NODEV),
  F ("nodiratime", false, MS_NODIRATIME),
  F ("noexec", false, MS_NOEXEC),
  F ("noiversion", true, MS_I_VERSION),
  F ("nolazytime", true, MS_LAZYTIME),
  F ("nomand", true, MS_MANDLOCK),
  F ("norelatime", true, MS_RELATIME),
  F ("nostrictatime", true, MS_STRICTATIME),
  F ("nosuid", false, MS_NOSUID),
  F ("nosymfollow", false, MS_NOSYMFOLLOW),
  P ("private", MS_PRIVATE),
  R ("ratime", true, MOUNT_ATTR_NOATIME),
  F ("rbind", false, MS_BIND | MS_REC),
  R ("rdev", true, MOUNT_ATTR_NODEV),
  R ("rdiratime", true, MOUNT_ATTR_NODIRATIME),
  F ("relatime", false, MS_RELATIME),
  F ("remount", false, MS_REMOUNT),
  R ("rexec", true, MOUNT_ATTR_NOEXEC),
  X ("ridmap", MOUNT_EXT_RIDMAP),
  R ("rnoatime", false, MOUNT_ATTR_NOATIME),
  R ("rnodev", false, MOUNT_ATTR_NODEV),
  R ("rnodiratime", false, MOUNT_ATTR_NODIRATIME),
  R ("rnoexec", false, MOUNT_ATTR_NOEXEC),
  R ("rnorelatime", true, MOUNT_ATTR_RELATIME),
  R ("rnostrictatime", true, MOUNT_ATTR_STRICTATIME),
  R ("rnosuid", false, MOUNT_ATTR_NOSUID),
  R ("rnosymfollow", false, MOUNT_ATTR_NOSYMFOLLOW),
  F ("ro", false, MS_RDONLY),
  P ("rprivate", MS_PRIVATE | MS_REC),
  R ("rrelatime", false, MOUNT_ATTR_RELATIME),
  R ("rro", false, MOUNT_ATTR_RDONLY),
  R ("rrw", true, MOUNT_ATTR_RDONLY),
  P ("rshared", MS_SHARED | MS_REC),
  P ("rslave", MS_SLAVE | MS_REC),
  R ("rstrictatime", false, MOUNT_ATTR_STRICTATIME),
  R ("rsuid", true, MOUNT_ATTR_NOSUID),
  R ("rsymfollow", true, MOUNT_ATTR_NOSYMFOLLOW),
  P ("runbindable", MS_UNBINDABLE | MS_REC),
  F ("rw", true, MS_RDONLY),
  P ("shared", MS_SHARED),
  F ("silent", false, MS_SILENT),
  P ("slave", MS_SLAVE),
  F ("strictatime", false, MS_STRICTATIME),
  F ("suid", true, MS_NOSUID),
  F ("symfollow", true, MS_NOSYMFOLLOW),
  F ("sync", false, MS_SYNCHRONOUS),
  X ("tmpcopyup", MOUNT_EXT_TMPCOPYUP),
  P ("unbindable", MS_UNBINDABLE),
};

static int
compare_option (const void *key, const void *elem)
{
  return strcmp (key, ((const struct mount_option_def *) elem)->name);
}

const struct mount_option_def *
mount_option_lookup (const char *name)
{
  return bsearch (name, option_table, sizeof option_table / sizeof option_table[0],
                  sizeof option_table[0], compare_option);
}

/* mount_setattr's atime field is an enum, not a bitmask: changing it needs
   MOUNT_ATTR__ATIME in attr_clr (mount_setattr(2)), else EINVAL.  */
static void
fold_rec_attr (struct mount_options *o, const struct mount_option_def *d)
{
  /* MOUNT_ATTR_RELATIME is 0, so it passes this test too.  */
  bool atime = (d->value & MOUNT_ATTR__ATIME) == d->value;

  if (atime)
    {
      o->rec_attr_set &= ~(uint64_t) MOUNT_ATTR__ATIME;
      o->rec_attr_clr |= MOUNT_ATTR__ATIME;
      if (!d->clear)
        o->rec_attr_set |= d->value;
      return;
    }
  if (d->clear)
    {
      o->rec_attr_set &= ~d->value;
      o->rec_attr_clr |= d->value;
    }
  else
    {
      o->rec_attr_set |= d->value;
      o->rec_attr_clr &= ~d->value;
    }
}

static void
append_data (char **data, size_t *len, const char *opt)
{
  size_t l = strlen (opt);
  *data = xrealloc (*data, *len + l + 2);
  if (*len)
    (*data)[(*len)++] = ',';
  memcpy (*data + *len, opt, l + 1);
  *len += l;
}

int
mount_options_parse (char *const *options, size_t n_options, const char *where,
                     struct mount_options *out, berth_error_t **err)
{
  size_t i, data_len = 0;

  memset (out, 0, sizeof *out);
  for (i = 0; i < n_options; i++)
    {
      const struct mount_option_def *d = mount_option_lookup (options[i]);
      if (d == NULL)
        {
          append_data (&out->data, &data_len, options[i]);
          continue;
        }
      switch (d->kind)
        {
        case MOUNT_OPT_FLAG:
          if (d->clear)
            {
              out->flags &= ~d->value;
              out->cleared |= d->value;
            }
          else
            {
              out->flags |= d->value;
              out->cleared &= ~d->value;
            }
          break;
        case MOUNT_OPT_PROPAGATION:
          if (out->n_propagation == MOUNT_OPTIONS_MAX_PROPAGATION)
            {
              mount_options_free (out);
              return berth_error_make (err, EINVAL, "%s: too many propagation options", where);
            }
          out->propagation[out->n_propagation++] = d->value;
          break;
        case MOUNT_OPT_REC_ATTR:
          fold_rec_attr (out, d);
          break;
        case MOUNT_OPT_EXTENSION:
          out->extensions |= d->value;
          break;
        }
    }
  return 0;
}

void
mount_options_free (struct mount_options *o)
{
  free (o->data);
  o->data = NULL;
}

bool
mount_options_is_bind (const struct mount_options *o)
{
  return (o->flags & MS_BIND) != 0;
}

unsigned long
mount_propagation_from_name (const char *name)
{
  const struct mount_option_def *d = name ? mount_option_lookup (name) : NULL;
  return d && d->kind == MOUNT_OPT_PROPAGATION ? d->value : 0;
}
