/* test-state.c: the state directory without root: id rules, the state
   file round trip, made-records order, status from the live process (pid
   reuse via the start time), the state JSON.  */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "state.h"
#include "tap.h"
#include "util.h"

static void
test_ids (void)
{
  static const char *good[] = { "a", "web-1", "A_b.c+d", "..a", "a,b", NULL };
  static const char *bad[] = { "", ".", "..", "a/b", "../x", "a b", "a~b", NULL };
  char longid[300];
  int i;

  for (i = 0; good[i]; i++)
    TAP_OK (state_validate_id (good[i], NULL) == 0, "id \"%s\" accepted", good[i]);
  for (i = 0; bad[i]; i++)
    TAP_OK (state_validate_id (bad[i], NULL) < 0, "id \"%s\" rejected", bad[i]);
  TAP_OK (state_validate_id ("a\nb", NULL) < 0, "id with a newline rejected");
  memset (longid, 'x', sizeof longid - 1);
  longid[sizeof longid - 1] = '\0';
  TAP_OK (state_validate_id (longid, NULL) < 0, "299-character id rejected");
}

static void
test_round_trip (const char *root)
{
  struct state_dir sd = { .dirfd = -1 }, sd2 = { .dirfd = -1 }, sd3 = { .dirfd = -1 };
  struct container_state st = { 0 }, back;
  char *keys[] = { "k1", "tab\tand\nnewline\\" }, *values[] = { "v1", "x\ty" };
  berth_error_t *err = NULL;
  bool zombie;

  TAP_OK (state_dir_create (root, "c1", &sd, &err) == 0, "create the container directory");
  TAP_OK (state_dir_create (root, "c1", &sd2, &err) < 0 && strstr (err->msg, "container \"c1\" already exists"),
          "second create: already exists");
  berth_error_free (&err);
  state_dir_close (&sd2);
  TAP_OK (state_dir_open (root, "nope", false, &sd3, &err) < 0
              && strcmp (err->msg, "container \"nope\" does not exist") == 0,
          "open a missing id: does not exist");
  berth_error_free (&err);
  state_dir_close (&sd3);

  st.id = "c1";
  st.pid = getpid ();
  st.start_time = state_process_start_time (getpid (), &zombie);
  st.bundle = "/b u/n\\dle";
  st.rootfs = "/b/rootfs";
  st.created = "2024-01-02T03:04:05.000000001Z";
  st.owner = 0;
  st.own_pid_ns = true;
  st.annotations.keys = keys;
  st.annotations.values = values;
  st.annotations.len = 2;
  TAP_OK (state_write (&sd, &st, &err) == 0, "write the state file");
  TAP_OK (state_read (&sd, &back, &err) == 0, "read it back");
  TAP_OK (back.pid == st.pid && back.start_time == st.start_time && back.own_pid_ns,
          "pid, start time, own pid ns survive");
  TAP_STR_EQ (back.bundle, st.bundle, "bundle with space and backslash survives");
  TAP_OK (back.annotations.len == 2, "two annotations");
  TAP_STR_EQ (back.annotations.keys[1], keys[1], "annotation key with tab/newline survives");
  TAP_STR_EQ (back.annotations.values[1], values[1], "annotation value survives");

  TAP_OK (state_status (&sd, &back) == STATUS_RUNNING, "live pid, no fifo: running");
  TAP_OK (mkfifoat (sd.dirfd, STATE_EXEC_FIFO, 0600) == 0, "make the exec fifo");
  TAP_OK (state_status (&sd, &back) == STATUS_CREATED, "live pid, fifo: created");
  back.start_time++;
  TAP_OK (state_status (&sd, &back) == STATUS_STOPPED, "start time differs (pid reused): stopped");
  back.start_time--;
  back.pid = 0;
  TAP_OK (state_status (&sd, &back) == STATUS_STOPPED, "no pid under our own lock: stopped");

  {
    cleanup_free char *json = state_format_json (&st, STATUS_STOPPED, false);
    TAP_OK (strstr (json, "\"pid\":0") != NULL, "stopped prints pid 0: %s", json);
    TAP_OK (strstr (json, "\"status\":\"stopped\"") && strstr (json, "\"ociVersion\":\"1.3.0\"")
                && strstr (json, "\"owner\":\"root\""),
            "status, ociVersion, owner");
  }

  {
    char **lines = NULL;
    size_t n = 0, i;
    TAP_OK (state_record_made (&sd, "cgroup", "/a/b", &err) == 0
                && state_record_made (&sd, "veth", "v1", &err) == 0,
            "record two things made");
    TAP_OK (state_read_made (&sd, &lines, &n, &err) == 0 && n == 2, "read the records");
    TAP_STR_EQ (n == 2 ? lines[0] : NULL, "veth v1", "newest first");
    TAP_STR_EQ (n == 2 ? lines[1] : NULL, "cgroup /a/b", "oldest last");
    for (i = 0; i < n; i++)
      free (lines[i]);
    free (lines);
  }

  TAP_OK (state_dir_remove (&sd, &err) == 0, "remove the directory");
  {
    struct stat sb;
    cleanup_free char *p = xasprintf ("%s/c1", root);
    TAP_OK (stat (p, &sb) < 0, "directory is gone");
  }
  state_free (&back);
  state_dir_close (&sd);
}

static void
test_start_time (void)
{
  bool zombie;
  unsigned long long a = state_process_start_time (getpid (), &zombie);
  /* comm with ") " must not confuse the field count */
  prctl (PR_SET_NAME, "a) b c", 0, 0, 0);
  TAP_OK (a > 0 && state_process_start_time (getpid (), &zombie) == a && !zombie,
          "start time of ourselves, even with \") \" in comm");
  TAP_OK (state_process_start_time (0, &zombie) == 0, "pid 0: none");
}

/* The "created" stamp is computed without gmtime_r (no /etc/localtime
   read): it must still agree with it, to the second (retried at a tick).  */
static void
test_created_stamp (void)
{
  int tries;
  bool same = false;

  for (tries = 0; tries < 3 && !same; tries++)
    {
      cleanup_free char *stamp = state_now_rfc3339 ();
      time_t now = time (NULL);
      struct tm tm;
      char want[32];
      gmtime_r (&now, &tm);
      strftime (want, sizeof want, "%Y-%m-%dT%H:%M:%S.", &tm);
      same = strncmp (stamp, want, strlen (want)) == 0 && strlen (stamp) == strlen (want) + 10
             && stamp[strlen (stamp) - 1] == 'Z';
      if (!same)
        printf ("# %s vs %s\n", stamp, want);
    }
  TAP_OK (same, "created: RFC 3339 UTC with nanoseconds, equal to gmtime's date and time");
}

int
main (void)
{
  char root[] = "/tmp/berth-test-state.XXXXXX";
  cleanup_free char *sub = NULL;

  if (mkdtemp (root) == NULL)
    return 1;
  sub = xasprintf ("%s/deep/root", root);
  test_ids ();
  test_round_trip (sub);
  test_start_time ();
  test_created_stamp ();
  {
    cleanup_free char *cmd = xasprintf ("rm -rf '%s'", root);
    if (system (cmd) != 0)
      return 1;
  }
  return tap_done ();
}
