/* userns.c: newuidmap/newgidmap for rootless containers with more than
   the caller's own ids.  Only runs the helpers; the direct writes of
   uid_map/gid_map stay in namespaces.c.  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "userns.h"
#include "util.h"

extern char **environ;

static bool
only_own_id (const struct oci_id_mapping *m, size_t n, unsigned int own)
{
  return n == 1 && m[0].host_id == own && m[0].size == 1;
}

bool
userns_needs_helpers (const struct oci_linux *l)
{
  if (geteuid () == 0 || l == NULL)
    return false;
  return !only_own_id (l->uid_mappings, l->n_uid_mappings, geteuid ())
         || !only_own_id (l->gid_mappings, l->n_gid_mappings, getegid ());
}

static int
run_helper (const char *helper, pid_t pid, const struct oci_id_mapping *m, size_t n,
            berth_error_t **err)
{
  size_t argc = 0, i;
  cleanup_free char **argv = xmalloc0 ((3 + 3 * n + 1) * sizeof (char *));
  cleanup_free char *out = NULL;
  posix_spawn_file_actions_t fa;
  int pipefd[2], status, ret;
  pid_t child;

  argv[argc++] = xstrdup (helper);
  argv[argc++] = xasprintf ("%d", (int) pid);
  for (i = 0; i < n; i++)
    {
      argv[argc++] = xasprintf ("%u", m[i].container_id);
      argv[argc++] = xasprintf ("%u", m[i].host_id);
      argv[argc++] = xasprintf ("%u", m[i].size);
    }
  if (pipe2 (pipefd, O_CLOEXEC) < 0)
    {
      ret = berth_error_make (err, errno, "pipe2");
      goto out;
    }
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, pipefd[1], 1);
  posix_spawn_file_actions_adddup2 (&fa, pipefd[1], 2);
  ret = posix_spawnp (&child, helper, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&fa);
  close (pipefd[1]);
  if (ret != 0)
    {
      close (pipefd[0]);
      ret = berth_error_make (err, ret, "run %s (install the uidmap package)", helper);
      goto out;
    }
  read_all_fd (pipefd[0], helper, &out, NULL, NULL);
  close (pipefd[0]);
  while (waitpid (child, &status, 0) < 0 && errno == EINTR)
    ;
  ret = 0;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    ret = berth_error_make (err, 0, "%s %d failed: %s", helper, (int) pid,
                            out && *out ? out : "(no output)");
out:
  for (i = 0; i < argc; i++)
    free (argv[i]);
  return ret;
}

int
userns_write_maps_with_helpers (pid_t pid, const struct oci_linux *l, berth_error_t **err)
{
  int ret = run_helper ("newuidmap", pid, l->uid_mappings, l->n_uid_mappings, err);
  if (ret < 0)
    return berth_error_wrap (err, "linux.uidMappings");
  ret = run_helper ("newgidmap", pid, l->gid_mappings, l->n_gid_mappings, err);
  if (ret < 0)
    return berth_error_wrap (err, "linux.gidMappings");
  return 0;
}
