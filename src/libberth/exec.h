/* exec.h: `berth exec`: a new process inside a running container, in every
   namespace and the cgroups of its init, under the same confinement.
   Never changes the container's state files.  */
#ifndef BERTH_EXEC_H
#define BERTH_EXEC_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

struct exec_options
{
  const char *root;           /* --root; NULL: the default state root */
  const char *id;
  const char *process_file;   /* --process: a runtime-spec process.json */
  char **args;                /* ARGS... (without --process) */
  size_t n_args;
  bool tty;                   /* --tty */
  const char *console_socket; /* --console-socket */
  bool detach;                /* --detach */
  const char *pid_file;       /* --pid-file */
  const char *cwd;            /* --cwd */
  char **env;                 /* --env K=V, appended */
  size_t n_env;
  const char *user;           /* --user UID[:GID] */
  gid_t *additional_gids;     /* --additional-gids */
  size_t n_additional_gids;
  char **caps;                /* --cap, added to bounding/effective/permitted */
  size_t n_caps;
  bool no_new_privs;          /* --no-new-privs */
  const char *apparmor;       /* --apparmor */
  const char *process_label;  /* --process-label */
  int preserve_fds;           /* --preserve-fds */
  bool ignore_paused;         /* --ignore-paused */
};

/* Foreground: *exit_code is the process's exit code (128+N when killed by
   signal N).  Detached: 0 once the process runs.  */
int exec_container (const struct exec_options *o, int *exit_code, berth_error_t **err);

/* The process to run: the --process file as is, or the container's own
   process with ARGS and the flags applied over it (runc's rules).  The
   result borrows from `base`; free it with exec_process_free.  */
struct exec_process
{
  struct oci_process p;
  struct oci_process *parsed;  /* from --process, owned */
  struct oci_capabilities caps;
  char **owned[6];             /* arrays allocated here */
  gid_t *gids;
};
int exec_process_build (const struct oci_process *base, const struct exec_options *o,
                        struct exec_process *out, berth_error_t **err);
void exec_process_free (struct exec_process *x);

#endif
