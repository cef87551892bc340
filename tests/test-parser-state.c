/* test-parser-state.c: the state document: exact output, round trips through
   the parser, validity against the official state-schema.json (via
   tests/validate-schema and python3-jsonschema), and refused inputs.  */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oci-state.h"
#include "parser-test-util.h"
#include "tap.h"

static void
fill_full (struct oci_state *s)
{
  memset (s, 0, sizeof *s);
  s->oci_version = strdup ("1.3.0");
  s->id = strdup ("ctr-1");
  s->status = strdup ("running");
  s->pid = 4422;
  s->bundle = strdup ("/run/bundles/ctr \"1\"");
  s->rootfs = strdup ("/run/bundles/ctr/rootfs");
  s->created = strdup ("2024-05-06T07:08:09.123456789Z");
  s->owner = strdup ("");
  oci_map_set (&s->annotations, "org.example/key", "value\nwith newline");
  oci_map_set (&s->annotations, "b", "\xc3\xa9t\xc3\xa9");
  oci_map_set (&s->annotations, "b", "replaced");
  oci_map_set (&s->extra, "init_start_time", "123456");
}

static void
clear (struct oci_state *s)
{
  free (s->oci_version);
  free (s->id);
  free (s->status);
  free (s->bundle);
  free (s->rootfs);
  free (s->created);
  free (s->owner);
  oci_map_clear (&s->annotations);
  oci_map_clear (&s->extra);
}

/* Write doc to a temp file and validate it against state-schema.json.  */
static void
check_schema (const char *doc, const char *what)
{
  char tmpl[] = "/tmp/berth-state-XXXXXX";
  char *schema = data_path ("schema/state-schema.json");
  char *script = data_path ("../validate-schema");
  char *cmd;
  int fd = mkstemp (tmpl), status;

  if (fd < 0 || write (fd, doc, strlen (doc)) != (ssize_t) strlen (doc))
    {
      TAP_OK (0, "%s: write temp file", what);
      goto out;
    }
  close (fd);
  status = system ("python3 -c 'import jsonschema' >/dev/null 2>&1");
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      printf ("ok %d - %s # SKIP python3-jsonschema not installed\n", ++tap_n, what);
      goto out;
    }
  if (asprintf (&cmd, "python3 '%s' '%s' '%s' >&2", script, schema, tmpl) < 0)
    abort ();
  status = system (cmd);
  free (cmd);
    TAP_OK (WIFEXITED (status) && WEXITSTATUS (status) == 0, "%s validates against state-schema.json",
            what);
out:
  unlink (tmpl);
  free (schema);
  free (script);
}

static void
test_exact_output (void)
{
  struct oci_state s;
  char *json = NULL, *err = NULL;
  size_t len = 0;
  int r;

  fill_full (&s);
  r = oci_state_to_json (&s, false, &json, &len, &err);
  TAP_OK (r == 0 && json != NULL && len == strlen (json), "full state serializes");
  TAP_STR_EQ (json,
              "{\"ociVersion\":\"1.3.0\",\"id\":\"ctr-1\",\"pid\":4422,\"status\":\"running\","
              "\"bundle\":\"/run/bundles/ctr \\\"1\\\"\",\"rootfs\":\"/run/bundles/ctr/rootfs\","
              "\"created\":\"2024-05-06T07:08:09.123456789Z\",\"owner\":\"\","
              "\"annotations\":{\"org.example/key\":\"value\\nwith newline\",\"b\":\"replaced\"},"
              "\"berth\":{\"init_start_time\":\"123456\"}}",
              "compact output, runc's field order, escapes");
  if (json)
    check_schema (json, "full state");
  free (json);
  json = NULL;

  r = oci_state_to_json (&s, true, &json, &len, &err);
  TAP_OK (r == 0 && strncmp (json, "{\n  \"ociVersion\": \"1.3.0\",\n  \"id\": \"ctr-1\",\n", 43) == 0,
          "pretty output is indented by two spaces like runc's");
  if (json)
    check_schema (json, "pretty state");
  free (json);
  clear (&s);

  memset (&s, 0, sizeof s);
  s.oci_version = strdup ("1.3.0");
  s.id = strdup ("c");
  s.status = strdup ("stopped");
  s.bundle = strdup ("/b");
  r = oci_state_to_json (&s, false, &json, &len, &err);
  TAP_STR_EQ (json, "{\"ociVersion\":\"1.3.0\",\"id\":\"c\",\"pid\":0,\"status\":\"stopped\",\"bundle\":\"/b\"}",
              "minimal state: optional members and empty maps are left out, pid 0");
  if (json)
    check_schema (json, "minimal state");
  free (json);
  clear (&s);
}

static void
test_round_trip (void)
{
  struct oci_state s, *back = NULL;
  char *json = NULL, *json2 = NULL, *err = NULL;
  size_t len, len2;
  int r;

  fill_full (&s);
  oci_state_to_json (&s, true, &json, &len, &err);
  r = oci_state_parse_data (json, len, "state.json", &back, &err);
  TAP_OK (r == 0 && back != NULL, "state output parses back%s%s", err ? ": " : "", err ? err : "");
  if (r == 0)
    {
      STR (back->oci_version, "1.3.0");
      STR (back->id, "ctr-1");
      STR (back->status, "running");
      NUM (back->pid, 4422);
      STR (back->bundle, "/run/bundles/ctr \"1\"");
      STR (back->rootfs, "/run/bundles/ctr/rootfs");
      STR (back->created, "2024-05-06T07:08:09.123456789Z");
      STR (back->owner, "");
      NUM (back->annotations.len, 2);
      STR (oci_map_get (&back->annotations, "org.example/key"), "value\nwith newline");
      STR (oci_map_get (&back->annotations, "b"), "replaced");
      STR (oci_map_get (&back->extra, "init_start_time"), "123456");
      oci_state_to_json (back, true, &json2, &len2, &err);
      STR (json2, json);
      free (json2);
      oci_state_free (back);
    }
  free (json);
  clear (&s);
}

static void
test_official_example (void)
{
  struct oci_state *s = NULL;
  char *err = NULL, *path = data_path ("schema/state-example.json");
  int r = oci_state_parse_file (path, "state.json", &s, &err);

  TAP_OK (r == 0, "official state example parses%s%s", err ? ": " : "", err ? err : "");
  if (r == 0)
    {
      STR (s->id, "oci-container1");
      NUM (s->pid, 4422);
      STR (s->bundle, "/containers/redis");
      STR (oci_map_get (&s->annotations, "myKey"), "myValue");
      OK (s->rootfs == NULL && s->created == NULL);
      oci_state_free (s);
    }
  free (err);
  free (path);

  err = NULL;
  r = oci_state_parse_file ("/nonexistent/berth/state.json", "state.json", &s, &err);
  TAP_OK (r < 0 && errno == ENOENT, "a missing state file fails with errno ENOENT");
  free (err);
}

static void
test_refused (void)
{
  static const struct
  {
    const char *json, *want;
  } cases[] = {
    { "{\"ociVersion\":\"1.0.0\",\"status\":\"running\",\"bundle\":\"/b\"}",
      "state.json: id: missing required field" },
    { "{\"ociVersion\":\"1.0.0\",\"id\":\"x\",\"status\":\"paused\",\"bundle\":\"/b\"}",
      "state.json: status: unknown status \"paused\"" },
    { "{\"ociVersion\":\"1.0.0\",\"id\":\"x\",\"status\":\"running\",\"bundle\":\"/b\",\"pid\":-1}",
      "state.json: pid: must not be negative" },
    { "{\"ociVersion\":\"1.0.0\",\"id\":\"x\",\"status\":\"running\",\"bundle\":\"/b\",\"pid\":\"1\"}",
      "state.json: pid: expected integer, got string" },
    { "{\"ociVersion\":\"1.0.0\",\"id\":\"x\",\"status\":\"running\"}",
      "state.json: bundle: missing required field" },
    { "{\"id\":\"x\",\"status\":\"running\",\"bundle\":\"/b\"}", "state.json: ociVersion: missing required field" },
    { "{\"ociVersion\":\"1.0.0\",\"id\":\"x\",\"bundle\":\"/b\"}", "state.json: status: missing required field" },
    { "{\"ociVersion\":\"1.0.0\",\"id\":\"x\",\"status\":\"running\",\"bundle\":\"/b\",\"annotations\":{\"a\":[]}}",
      "state.json: annotations.a: expected string, got array" },
    { "{\"ociVersion\":", "state.json:1:15: parse error: premature EOF" },
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      struct oci_state *s = NULL;
      char *err = NULL;
      int r = oci_state_parse_data (cases[i].json, strlen (cases[i].json), "state.json", &s, &err);
      TAP_OK (r < 0 && s == NULL, "bad state %zu is refused", i);
      TAP_STR_EQ (err, cases[i].want, "bad state %zu: message", i);
      free (err);
      oci_state_free (s);
    }
}

int
main (void)
{
  test_exact_output ();
  test_round_trip ();
  test_official_example ();
  test_refused ();
  return tap_done ();
}
