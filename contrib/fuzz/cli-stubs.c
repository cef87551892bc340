/* cli-stubs.c: the library calls of the CLI, as the CLI fuzz harness sees
   them: each checks the options the flag parser produced and fails or
   succeeds without touching the host.  Add a stub here when a command
   starts calling a new library function (the harness link fails until
   then, on purpose).  */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "berth-features.h"
#include "error.h"
#include "spec.h"
#include "util.h"

/* main.c and src/cli/ are built with -Dfopen=fuzz_fopen.  */
FILE *
fuzz_fopen (const char *path, const char *mode)
{
  (void) path;
  return fopen ("/dev/null", mode);
}

/* Touch every byte of a string the parser handed over: ASan reports a
   pointer into freed or foreign memory.  */
static size_t
check_string (const char *s)
{
  return s ? strlen (s) : 0;
}

size_t
berth_library_versions (struct berth_library_version *out, size_t max)
{
  if (max < 1)
    return 0;
  out[0].name = "stub";
  snprintf (out[0].version, sizeof out[0].version, "0");
  return 1;
}

int
berth_features_json (char **json, size_t *len, berth_error_t **err)
{
  (void) err;
  *json = xstrdup ("{}\n");
  *len = 3;
  return 0;
}

int
spec_write (const char *bundle, const struct spec_options *o, berth_error_t **err)
{
  if (check_string (bundle) % 2)
    return berth_error_make (err, ENOENT, "open `%s/config.json`", bundle);
  (void) o;
  return 0;
}
