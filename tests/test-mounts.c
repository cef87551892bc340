/* test-mounts.c: unit tests (no root) for the mount option table, lexical
   path cleaning and the in-rootfs resolver (CVE-2021-30465: symlinks in a
   rootfs must never lead a mount target out of it).  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices.h"
#include "mount-options.h"
#include "mount-target.h"
#include "tap.h"
#include "util.h"

struct flag_case
{
  const char *name;
  bool clear;
  unsigned long flag;
};

static const struct flag_case flag_cases[] = {
  { "ro", false, MS_RDONLY },          { "rw", true, MS_RDONLY },
  { "nosuid", false, MS_NOSUID },      { "suid", true, MS_NOSUID },
  { "nodev", false, MS_NODEV },        { "dev", true, MS_NODEV },
  { "noexec", false, MS_NOEXEC },      { "exec", true, MS_NOEXEC },
  { "sync", false, MS_SYNCHRONOUS },   { "async", true, MS_SYNCHRONOUS },
  { "dirsync", false, MS_DIRSYNC },    { "remount", false, MS_REMOUNT },
  { "mand", false, MS_MANDLOCK },      { "nomand", true, MS_MANDLOCK },
  { "atime", true, MS_NOATIME },       { "noatime", false, MS_NOATIME },
  { "diratime", true, MS_NODIRATIME }, { "nodiratime", false, MS_NODIRATIME },
  { "relatime", false, MS_RELATIME },  { "norelatime", true, MS_RELATIME },
  { "strictatime", false, MS_STRICTATIME }, { "nostrictatime", true, MS_STRICTATIME },
  { "lazytime", false, MS_LAZYTIME },  { "nolazytime", true, MS_LAZYTIME },
  { "bind", false, MS_BIND },          { "rbind", false, MS_BIND | MS_REC },
  { "nosymfollow", false, MS_NOSYMFOLLOW }, { "symfollow", true, MS_NOSYMFOLLOW },
  { "iversion", false, MS_I_VERSION }, { "noiversion", true, MS_I_VERSION },
  { "acl", false, MS_POSIXACL },       { "noacl", true, MS_POSIXACL },
  { "silent", false, MS_SILENT },      { "loud", true, MS_SILENT },
};

static const struct
{
  const char *name;
  unsigned long flags;
} prop_cases[] = {
  { "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
  { "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
  { "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
  { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
};

static const struct
{
  const char *name;
  uint64_t set, clr;
} rec_cases[] = {
  { "rro", MOUNT_ATTR_RDONLY, 0 },
  { "rrw", 0, MOUNT_ATTR_RDONLY },
  { "rnosuid", MOUNT_ATTR_NOSUID, 0 },
  { "rsuid", 0, MOUNT_ATTR_NOSUID },
  { "rnodev", MOUNT_ATTR_NODEV, 0 },
  { "rdev", 0, MOUNT_ATTR_NODEV },
  { "rnoexec", MOUNT_ATTR_NOEXEC, 0 },
  { "rexec", 0, MOUNT_ATTR_NOEXEC },
  { "rnodiratime", MOUNT_ATTR_NODIRATIME, 0 },
  { "rdiratime", 0, MOUNT_ATTR_NODIRATIME },
  { "rnoatime", MOUNT_ATTR_NOATIME, MOUNT_ATTR__ATIME },
  { "ratime", 0, MOUNT_ATTR__ATIME },
  { "rrelatime", MOUNT_ATTR_RELATIME, MOUNT_ATTR__ATIME },
  { "rnorelatime", 0, MOUNT_ATTR__ATIME },
  { "rstrictatime", MOUNT_ATTR_STRICTATIME, MOUNT_ATTR__ATIME },
  { "rnostrictatime", 0, MOUNT_ATTR__ATIME },
  { "rnosymfollow", MOUNT_ATTR_NOSYMFOLLOW, 0 },
  { "rsymfollow", 0, MOUNT_ATTR_NOSYMFOLLOW },
};

static void
parse1 (const char *opt, struct mount_options *o)
{
  char *v[1] = { (char *) opt };
  cleanup_error berth_error_t *err = NULL;
  if (mount_options_parse (v, 1, "test", o, &err) < 0)
    printf ("# parse %s: %s\n", opt, err->msg);
}

static void
test_options (void)
{
  size_t i;

  for (i = 0; i < sizeof flag_cases / sizeof flag_cases[0]; i++)
    {
      struct mount_options o;
      parse1 (flag_cases[i].name, &o);
      if (flag_cases[i].clear)
        TAP_OK (o.flags == 0 && o.cleared == flag_cases[i].flag && o.data == NULL,
                "option %s clears 0x%lx", flag_cases[i].name, flag_cases[i].flag);
      else
        TAP_OK (o.flags == flag_cases[i].flag && o.cleared == 0 && o.data == NULL,
                "option %s sets 0x%lx", flag_cases[i].name, flag_cases[i].flag);
      mount_options_free (&o);
    }
  for (i = 0; i < sizeof prop_cases / sizeof prop_cases[0]; i++)
    {
      struct mount_options o;
      parse1 (prop_cases[i].name, &o);
      TAP_OK (o.flags == 0 && o.n_propagation == 1 && o.propagation[0] == prop_cases[i].flags,
              "option %s is propagation 0x%lx", prop_cases[i].name, prop_cases[i].flags);
      TAP_OK (mount_propagation_from_name (prop_cases[i].name) == prop_cases[i].flags,
              "rootfsPropagation %s", prop_cases[i].name);
      mount_options_free (&o);
    }
  for (i = 0; i < sizeof rec_cases / sizeof rec_cases[0]; i++)
    {
      struct mount_options o;
      parse1 (rec_cases[i].name, &o);
      TAP_OK (o.flags == 0 && o.rec_attr_set == rec_cases[i].set && o.rec_attr_clr == rec_cases[i].clr,
              "option %s -> mount_setattr set 0x%llx clr 0x%llx", rec_cases[i].name,
              (unsigned long long) rec_cases[i].set, (unsigned long long) rec_cases[i].clr);
      mount_options_free (&o);
    }
  {
    struct mount_options o;
    parse1 ("tmpcopyup", &o);
    TAP_OK (o.extensions == MOUNT_EXT_TMPCOPYUP && o.data == NULL && o.flags == 0, "tmpcopyup is an extension");
    parse1 ("idmap", &o);
    TAP_OK (o.extensions == MOUNT_EXT_IDMAP && o.data == NULL, "idmap is recognised");
    parse1 ("ridmap", &o);
    TAP_OK (o.extensions == MOUNT_EXT_RIDMAP && o.data == NULL, "ridmap is recognised");
    parse1 ("defaults", &o);
    TAP_OK (o.flags == 0 && o.data == NULL, "defaults is nothing");
  }
  TAP_OK (mount_propagation_from_name ("ro") == 0 && mount_propagation_from_name ("bogus") == 0,
          "rootfsPropagation rejects non-propagation names");

  {
    char *v[] = { "nosuid", "mode=755", "ro", "size=65536k", "rw", "rprivate", "newinstance", "rro", "rrw" };
    struct mount_options o;
    cleanup_error berth_error_t *err = NULL;
    int ret = mount_options_parse (v, sizeof v / sizeof v[0], "mounts[0] (/x)", &o, &err);
    TAP_OK (ret == 0, "mixed options parse");
    TAP_STR_EQ (o.data, "mode=755,size=65536k,newinstance", "unknown options go to data, in order");
    TAP_OK (o.flags == MS_NOSUID && o.cleared == MS_RDONLY, "a later rw wins over ro");
    TAP_OK (o.rec_attr_set == 0 && o.rec_attr_clr == MOUNT_ATTR_RDONLY, "a later rrw wins over rro");
    TAP_OK (o.n_propagation == 1 && o.propagation[0] == (MS_PRIVATE | MS_REC), "rprivate kept");
    mount_options_free (&o);
  }
  {
    char *v[] = { "rnoatime", "rstrictatime" };
    struct mount_options o;
    mount_options_parse (v, 2, "x", &o, NULL);
    TAP_OK (o.rec_attr_set == MOUNT_ATTR_STRICTATIME && o.rec_attr_clr == MOUNT_ATTR__ATIME,
            "atime attributes are an enum: the last one wins");
    mount_options_free (&o);
  }
  {
    char *v[] = { "shared", "slave", "private", "unbindable", "rshared" };
    struct mount_options o;
    cleanup_error berth_error_t *err = NULL;
    int ret = mount_options_parse (v, 5, "mounts[2] (/y)", &o, &err);
    TAP_OK (ret < 0 && err && strstr (err->msg, "mounts[2] (/y)") != NULL,
            "too many propagation options is an error naming the mount");
  }
  {
    /* bsearch needs the table sorted: every name must be found.  */
    bool all = true;
    for (i = 0; i < sizeof flag_cases / sizeof flag_cases[0]; i++)
      all = all && mount_option_lookup (flag_cases[i].name) != NULL;
    for (i = 0; i < sizeof rec_cases / sizeof rec_cases[0]; i++)
      all = all && mount_option_lookup (rec_cases[i].name) != NULL;
    TAP_OK (all && mount_option_lookup ("size=1k") == NULL, "lookup finds every option and nothing else");
  }
}

static void
test_path_clean (void)
{
  static const char *const cases[][2] = {
    { "/", "/" },           { "", "/" },          { "/a/b", "/a/b" },      { "a/b/", "/a/b" },
    { "//a//./b", "/a/b" }, { "/a/../b", "/b" },  { "/../../etc", "/etc" }, { "/a/b/../../..", "/" },
    { "/proc/../proc/sys", "/proc/sys" },
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      char out[64];
      path_clean (cases[i][0], out);
      TAP_STR_EQ (out, cases[i][1], "path_clean(\"%s\")", cases[i][0]);
    }
}

static char *
fd_path (int fd)
{
  char proc[32], buf[PATH_MAX];
  ssize_t l = readlink (proc_fd_path (proc, fd), buf, sizeof buf - 1);
  if (l < 0)
    return xstrdup ("?");
  buf[l] = '\0';
  return xstrdup (buf);
}

/* A rootfs with escaping symlinks, in a temp dir next to a "host" dir.  */
static void
test_resolver (void)
{
  char tmpl[] = "/tmp/berth-test-mounts.XXXXXX";
  char *base = mkdtemp (tmpl);
  cleanup_free char *root = xasprintf ("%s/rootfs", base);
  cleanup_free char *host = xasprintf ("%s/host", base);
  cleanup_free char *cmd = NULL;
  struct in_root r;
  unsigned modes[2] = { 0, IN_ROOT_FORCE_WALK };
  size_t m;
  int rc;

  if (base == NULL)
    {
      TAP_OK (0, "mkdtemp");
      return;
    }
  cmd = xasprintf ("set -e; cd %s; mkdir -p host rootfs/etc rootfs/data/sub;"
                   " ln -s %s rootfs/abs-escape; ln -s ../../../host rootfs/rel-escape;"
                   " ln -s /etc rootfs/etc-link; ln -s /nonexistent/dir rootfs/dangling;"
                   " ln -s data rootfs/data-link; touch rootfs/etc/file; ln -s loop2 rootfs/loop1; ln -s loop1 rootfs/loop2",
                   base, host);
  rc = system (cmd);
  TAP_OK (rc == 0, "build test rootfs");
  r.fd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  r.path = root;

  for (m = 0; m < 2; m++)
    {
      const char *how = modes[m] ? "walk" : "openat2";
      const struct
      {
        const char *in, *want;
      } cases[] = {
        { "/abs-escape", "/rootfs/host" }, /* absolute link /tmp/.../host -> inside root: missing */
        { "/rel-escape", NULL },
        { "/etc-link/file", "/rootfs/etc/file" },
        { "/../../etc", "/rootfs/etc" },
        { "/data-link/sub/..", "/rootfs/data" },
      };
      size_t i;
      for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        {
          int fd = in_root_open (&r, cases[i].in, O_PATH, modes[m]);
          cleanup_free char *got = fd >= 0 ? fd_path (fd) : NULL;
          cleanup_free char *want = cases[i].want ? xasprintf ("%s%s", base, cases[i].want) : NULL;
          if (i == 0 || i == 1)
            /* Both escapes resolve inside the rootfs, where the target does
               not exist: ENOENT, never the host directory.  */
            TAP_OK (fd == -ENOENT, "%s: %s stays in the rootfs (CVE-2021-30465), got %d %s", how,
                    cases[i].in, fd, got ? got : "");
          else
            TAP_STR_EQ (got, want, "%s: %s", how, cases[i].in);
          if (fd >= 0)
            close (fd);
        }
      {
        int fd = in_root_open (&r, "/etc-link/file", O_PATH, modes[m] | IN_ROOT_NO_SYMLINKS);
        TAP_OK (fd == -ELOOP, "%s: NO_SYMLINKS refuses a symlink on the way", how);
        if (fd >= 0)
          close (fd);
        fd = in_root_open (&r, "/loop1", O_PATH, modes[m]);
        TAP_OK (fd == -ELOOP, "%s: symlink loops end with ELOOP", how);
        if (fd >= 0)
          close (fd);
      }
    }

  {
    /* Creating targets through escaping symlinks creates them INSIDE.  */
    struct mount_target t;
    cleanup_error berth_error_t *err = NULL;
    struct stat st;
    int ret = mount_target_open (&r, "/abs-escape/newdir", MOUNT_TARGET_DIR, 0, &t, &err);
    cleanup_free char *in = xasprintf ("%s%s/newdir", root, host);
    cleanup_free char *out = xasprintf ("%s/newdir", host);
    TAP_OK (ret == 0 && stat (in, &st) == 0 && S_ISDIR (st.st_mode) && stat (out, &st) < 0,
            "create through an absolute symlink lands in the rootfs, host untouched (CVE-2021-30465)");
    if (ret == 0)
      {
        cleanup_free char *want = xasprintf ("%s/newdir", host);
        TAP_STR_EQ (t.path, want, "resolved target path is the in-rootfs path");
        mount_target_close (&t);
      }
    {
      /* in_root.path NULL: the rootfs's name is read from its fd only when
         a symlink needs it (the init's hot path has none).  */
      struct in_root lazy = { .fd = r.fd, .path = NULL };
      cleanup_free char *in2 = xasprintf ("%s%s/newdir2", root, host);
      ret = mount_target_open (&lazy, "/abs-escape/newdir2", MOUNT_TARGET_DIR, 0, &t, &err);
      TAP_OK (ret == 0 && stat (in2, &st) == 0 && t.path && strcmp (t.path + strlen (host), "/newdir2") == 0
                  && strncmp (t.path, host, strlen (host)) == 0,
              "without in_root.path: created inside the rootfs, in-rootfs path learned from the fd");
      if (ret == 0)
        mount_target_close (&t);
      ret = mount_target_open (&lazy, "/data-link/sub", MOUNT_TARGET_DIR, 0, &t, &err);
      TAP_OK (ret == 0 && t.path && strcmp (t.path, "/data/sub") == 0,
              "without in_root.path: a relative symlink resolves to its in-rootfs path");
      if (ret == 0)
        mount_target_close (&t);
    }
    ret = mount_target_open (&r, "/rel-escape", MOUNT_TARGET_FILE, 0, &t, &err);
    TAP_OK (ret == 0 && t.created && access (host, F_OK) == 0, "relative escape link: file created inside the rootfs");
    if (ret == 0)
      {
        TAP_STR_EQ (t.path, "/host", "relative escape resolves to /host in the rootfs");
        mount_target_close (&t);
      }
    ret = mount_target_open (&r, "/dangling", MOUNT_TARGET_DIR, 0, &t, &err);
    TAP_OK (ret == 0 && t.path && strcmp (t.path, "/nonexistent/dir") == 0,
            "a dangling symlink target is created inside the rootfs");
    if (ret == 0)
      mount_target_close (&t);
    ret = mount_target_open (&r, "/a/b/c", MOUNT_TARGET_DIR, 0, &t, &err);
    TAP_OK (ret == 0 && t.created && strcmp (t.path, "/a/b/c") == 0, "missing parents are created");
    if (ret == 0)
      mount_target_close (&t);
    ret = mount_target_open (&r, "/etc/file", MOUNT_TARGET_DIR, 0, &t, &err);
    TAP_OK (ret == 0 && !t.created, "an existing file is a valid target");
    if (ret == 0)
      mount_target_close (&t);
    ret = mount_target_open (&r, "/etc-link", MOUNT_TARGET_DIR, IN_ROOT_NO_SYMLINKS, &t, &err);
    TAP_OK (ret < 0 && err && err->status == ELOOP, "NO_SYMLINKS target that is a symlink fails");
    ret = mount_target_open (&r, "/missing", MOUNT_TARGET_EXISTING, 0, &t, &err);
    TAP_OK (ret < 0 && err && err->status == ENOENT, "EXISTING does not create");
    ret = mount_target_open (&r, "/", MOUNT_TARGET_DIR, 0, &t, &err);
    TAP_OK (ret < 0 && err && strstr (err->msg, "root") != NULL, "mounting on / is refused clearly");
  }
  close (r.fd);
  free (cmd);
  cmd = xasprintf ("rm -rf %s", base);
  rc = system (cmd);
  (void) rc;
}

static void
test_defaults (void)
{
  TAP_OK (devices_n_defaults == 6, "six default devices");
  TAP_OK (strcmp (devices_defaults[0].path, "/dev/null") == 0 && devices_defaults[0].major == 1
              && devices_defaults[0].minor == 3,
          "/dev/null is c 1:3");
}

int
main (void)
{
  test_options ();
  test_path_clean ();
  test_resolver ();
  test_defaults ();
  return tap_done ();
}
