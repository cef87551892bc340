/* state.h: the per-container state directory under --root: id validation,
   locking, the state file, the record of what berth made, and the status
   derived from the live process.  Never starts or signals a process.  */
#ifndef BERTH_STATE_H
#define BERTH_STATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "error.h"
#include "oci-config.h"

#define STATE_DEFAULT_ROOT "/run/berth"
#define STATE_EXEC_FIFO "exec.fifo"
#define STATE_SAVED_CONFIG "config.json"

enum container_status
{
  STATUS_CREATING = 0,
  STATUS_CREATED,
  STATUS_RUNNING,
  STATUS_PAUSED,
  STATUS_STOPPED,
};

/* What the state file holds.  Written once by create (right after clone, so
   a crash later in create still leaves the pid for `delete --force`).  */
struct container_state
{
  char *id;
  pid_t pid;                 /* host pid of the container init; 0 when unknown */
  unsigned long long start_time; /* field 22 of /proc/PID/stat, against pid reuse */
  char *bundle;
  char *rootfs;
  char *created;             /* RFC 3339 with nanoseconds, UTC */
  uid_t owner;
  bool own_pid_ns;           /* kill --all may scan the pid namespace */
  bool saved_config;         /* the config has poststart/poststop hooks to run from
                                STATE_SAVED_CONFIG (always written at create) */
  struct oci_map annotations;
};

/* An open, locked (or not) container directory.  */
struct state_dir
{
  char *root;
  char *id;
  char *path;  /* root/id */
  int dirfd;   /* O_DIRECTORY; flock target */
  bool locked; /* we hold the exclusive lock */
};

/* Reject ids runc rejects: empty, too long, '/', "..", odd characters.  */
int state_validate_id (const char *id, berth_error_t **err);
/* The state root to use when --root was not given.  */
const char *state_default_root (void);

/* Make root/ID atomically (a temp dir renamed with RENAME_NOREPLACE), locked
   exclusively: `container "ID" already exists` when it is there.  */
int state_dir_create (const char *root, const char *id, struct state_dir *sd,
                      berth_error_t **err);
/* Open root/ID: `container "ID" does not exist` when missing.  `lock` takes
   the exclusive lock (blocking); otherwise the directory is opened only.  */
int state_dir_open (const char *root, const char *id, bool lock, struct state_dir *sd,
                    berth_error_t **err);
/* Remove every file of the directory and the directory; closes it.  */
int state_dir_remove (struct state_dir *sd, berth_error_t **err);
void state_dir_close (struct state_dir *sd);

int state_write (struct state_dir *sd, const struct container_state *st, berth_error_t **err);
/* A directory without a state file (create crashed or still before clone)
   reads as pid 0.  */
int state_read (struct state_dir *sd, struct container_state *st, berth_error_t **err);
void state_free (struct container_state *st);

/* Append one "KIND VALUE" line to the record of things made on the host
   BEFORE making it, so delete can undo it even after a crash.  */
int state_record_made (struct state_dir *sd, const char *kind, const char *value,
                       berth_error_t **err);
/* The recorded lines, newest first (the order to undo them in).  */
int state_read_made (struct state_dir *sd, char ***lines, size_t *n, berth_error_t **err);

/* Field 22 of /proc/PID/stat; 0 when the process is gone.  *zombie is set
   when the process is dead but not reaped.  */
unsigned long long state_process_start_time (pid_t pid, bool *zombie);
/* created / running / stopped from the process, the exec fifo and the
   lock (creating: no state yet and create still holds the lock).  */
enum container_status state_status (struct state_dir *sd, const struct container_state *st);
const char *state_status_name (enum container_status s);
/* The state document (runc's fields), '\n'-terminated, malloc'd; pretty
   (indented) as `runc state` prints it.  */
char *state_format_json (const struct container_state *st, enum container_status status,
                         bool pretty);
/* The user name of uid from /etc/passwd, "#UID" when unknown (runc).  */
char *state_owner_name (uid_t uid);
/* The user name of uid from /etc/passwd, "#UID" when unknown (runc).  */
char *state_owner_name (uid_t uid);
/* RFC 3339 with nanoseconds for now, UTC.  */
char *state_now_rfc3339 (void);

#endif
