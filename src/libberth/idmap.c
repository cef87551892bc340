/* idmap.c: the user namespace and the detached, idmapped mount of an
   idmapped bind mount.  The namespace comes from a child cloned into a new
   user namespace that only waits while its maps are written, so nothing
   runs in it.  Never mounts onto a path itself.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idmap.h"
#include "util.h"

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif

static char *
format_map (const struct oci_id_mapping *m, size_t n, bool reverse)
{
  char *buf = NULL;
  size_t len = 0, i;
  FILE *f = open_memstream (&buf, &len);

  if (f == NULL)
    return NULL;
  for (i = 0; i < n; i++)
    fprintf (f, "%u %u %u\n", reverse ? m[i].host_id : m[i].container_id,
             reverse ? m[i].container_id : m[i].host_id, m[i].size);
  fclose (f);
  return buf;
}

static int
write_map (pid_t pid, const char *file, const struct oci_id_mapping *m, size_t n, bool reverse,
           berth_error_t **err)
{
  cleanup_free char *path = xasprintf ("/proc/%d/%s", pid, file);
  cleanup_free char *text = format_map (m, n, reverse);

  if (text == NULL)
    return berth_error_make (err, ENOMEM, "format %s", file);
  return write_file (path, text, strlen (text), err);
}

int
idmap_userns_fd (const struct oci_id_mapping *uids, size_t n_uids,
                 const struct oci_id_mapping *gids, size_t n_gids, bool reverse,
                 berth_error_t **err)
{
  cleanup_free char *ns = NULL;
  int pipefd[2], fd = -1, ret;
  pid_t pid;

  if (n_uids == 0 || n_gids == 0)
    return berth_error_make (err, 0, "an idmapped mount needs both uid and gid mappings");
  if (pipe2 (pipefd, O_CLOEXEC) < 0)
    return berth_error_make (err, errno, "pipe2");
  pid = (pid_t) syscall (SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0)
    {
      ret = berth_error_make (err, errno, "clone a user namespace for an idmapped mount");
      close (pipefd[0]);
      close (pipefd[1]);
      return ret;
    }
  if (pid == 0)
    {
      char c;
      close (pipefd[1]);
      /* Only wait: the namespace lives as long as someone holds its fd.  */
      (void) !read (pipefd[0], &c, 1);
      _exit (0);
    }
  close (pipefd[0]);
  ret = write_map (pid, "uid_map", uids, n_uids, reverse, err);
  if (ret == 0)
    ret = write_map (pid, "gid_map", gids, n_gids, reverse, err);
  if (ret == 0)
    {
      ns = xasprintf ("/proc/%d/ns/user", pid);
      fd = open (ns, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        ret = berth_error_make (err, errno, "open %s", ns);
    }
  close (pipefd[1]);
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
  return ret < 0 ? ret : fd;
}

int
idmap_open_tree (const char *source, bool recursive_tree, bool recursive_idmap,
                 const struct oci_mount *m, const struct oci_linux *l, berth_error_t **err)
{
  const struct oci_id_mapping *uids = m->uid_mappings, *gids = m->gid_mappings;
  size_t n_uids = m->n_uid_mappings, n_gids = m->n_gid_mappings;
  struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
  cleanup_close int userns = -1;
  cleanup_close int tree = -1;

  if (n_uids == 0 && n_gids == 0 && l)
    {
      uids = l->uid_mappings;
      n_uids = l->n_uid_mappings;
      gids = l->gid_mappings;
      n_gids = l->n_gid_mappings;
    }
  userns = idmap_userns_fd (uids, n_uids, gids, n_gids, false, err);
  if (userns < 0)
    return berth_error_wrap (err, "idmapped mount of `%s`", source);
  tree = (int) syscall (SYS_open_tree, AT_FDCWD, source,
                        OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive_tree ? AT_RECURSIVE : 0));
  if (tree < 0)
    return berth_error_make (err, errno, "open_tree `%s`", source);
  attr.userns_fd = userns;
  if (syscall (SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive_idmap ? AT_RECURSIVE : 0), &attr,
               sizeof attr) < 0)
    return berth_error_make (err, errno, "mount_setattr MOUNT_ATTR_IDMAP on `%s`", source);
  return steal_fd (&tree);
}
