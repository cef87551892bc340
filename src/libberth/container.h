/* container.h: the lifecycle operations the CLI calls, one per command:
   create, start, run, state, kill, delete, list.  */
#ifndef BERTH_CONTAINER_H
#define BERTH_CONTAINER_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"

struct container_create_options
{
  const char *root;           /* --root; NULL: /run/berth */
  const char *id;
  const char *bundle;         /* NULL: the current directory */
  const char *pid_file;
  const char *console_socket;
  bool no_pivot;
  bool no_new_keyring;
  int preserve_fds;
  /* `run`: the init execs right after its set-up, so it may exec through
     the sealed trampoline instead of the runtime re-executing itself.  */
  bool exec_trampoline;
  /* `run`: release the init right after create, as `start` would, while
     create still holds the state directory.  */
  bool start;
};

struct container_run_options
{
  struct container_create_options create;
  bool detach;
  bool keep;                  /* do not delete the container after it exited */
};

enum container_list_format
{
  CONTAINER_LIST_TABLE = 0,
  CONTAINER_LIST_JSON,
};

int container_create (const struct container_create_options *o, berth_error_t **err);
int container_start (const char *root, const char *id, berth_error_t **err);
/* Foreground: *exit_code is the init's exit code, 128+N when killed by
   signal N.  Detached: 0 once started.  */
int container_run (const struct container_run_options *o, int *exit_code, berth_error_t **err);
int container_state (const char *root, const char *id, FILE *out, berth_error_t **err);
/* signal: a name or number (NULL: SIGTERM); all: every process of the
   container.  */
int container_kill (const char *root, const char *id, const char *signal, bool all,
                    berth_error_t **err);
int container_delete (const char *root, const char *id, bool force, berth_error_t **err);
int container_list (const char *root, enum container_list_format format, bool quiet, FILE *out,
                    berth_error_t **err);

/* For container-run.c: create with an already connected console fd (the
   run pty proxy); *pid is the init.  LIVE (or NULL) receives the created
   container still open, for container_delete_reaped.  */
struct container_live;
int container_create_init (const struct container_create_options *o, int console_fd, pid_t *pid,
                           struct container_live **live, berth_error_t **err);
/* run, after it reaped the init: delete the container LIVE holds (poststop
   hooks, what was made, the state) without looking it up again; frees LIVE.  */
int container_delete_reaped (struct container_live *live, berth_error_t **err);
void container_live_free (struct container_live *live);

#endif
