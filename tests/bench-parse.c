/* bench-parse.c: how long libocispec-lite takes to parse (and free) a real
   config.json, since that is on every container start.  Not a test: run
   `make tests/bench-parse && tests/bench-parse [FILE] [N]`.  Defaults to the
   podman fixture in tests/data and 10000 iterations.  */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oci-config.h"
#include "oci-state.h"
#include "parser-test-util.h"

static double
now_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static char *
slurp (const char *path, size_t *len)
{
  FILE *f = fopen (path, "re");
  char *buf;
  long n;
  if (f == NULL || fseek (f, 0, SEEK_END) < 0 || (n = ftell (f)) < 0)
    {
      perror (path);
      exit (1);
    }
  rewind (f);
  buf = malloc ((size_t) n + 1);
  if (buf == NULL || fread (buf, 1, (size_t) n, f) != (size_t) n)
    exit (1);
  buf[n] = '\0';
  fclose (f);
  *len = (size_t) n;
  return buf;
}

int
main (int argc, char **argv)
{
  char *path = argc > 1 ? strdup (argv[1]) : data_path ("fixtures/podman-config.json");
  long n = argc > 2 ? atol (argv[2]) : 10000, i;
  size_t len;
  char *data = slurp (path, &len), *err = NULL, *state_json;
  double t0, t1;
  struct oci_state st = { 0 }, *stp;
  size_t state_len;

  /* warm up, and make sure the file parses at all */
  for (i = 0; i < 100; i++)
    {
      struct oci_config *c;
      if (oci_config_parse_data (data, len, "config.json", &c, &err) < 0)
        {
          fprintf (stderr, "%s\n", err);
          return 1;
        }
      oci_config_free (c);
    }
  /* Ten batches: the mean, and the best batch (the machine is shared, so
     the best one is the closest to the parser's own cost).  */
  {
    double best = 1e30, total = 0;
    long batch = n / 10 > 0 ? n / 10 : 1, b;
    for (b = 0; b < 10; b++)
      {
        t0 = now_us ();
        for (i = 0; i < batch; i++)
          {
            struct oci_config *c;
            oci_config_parse_data (data, len, "config.json", &c, &err);
            oci_config_free (c);
          }
        t1 = now_us ();
        total += t1 - t0;
        if ((t1 - t0) / batch < best)
          best = (t1 - t0) / batch;
      }
    printf ("config.json %s (%zu bytes): %.2f us/parse+free (mean of %ld), best batch %.2f us\n",
            path, len, total / (batch * 10), batch * 10, best);
  }

  st.oci_version = "1.3.0";
  st.id = "7ed071daccbc674bc44760a5160eba9f3068d5da9178b631bf405cd4db8d6307";
  st.status = "running";
  st.pid = 12345;
  st.bundle = "/run/containers/storage/overlay-containers/7ed071daccbc/userdata";
  st.rootfs = "/var/lib/containers/storage/overlay/c573063dd44f/merged";
  st.created = "2024-05-06T07:08:09.123456789Z";
  st.owner = "";
  oci_state_to_json (&st, false, &state_json, &state_len, &err);
  t0 = now_us ();
  for (i = 0; i < n; i++)
    {
      oci_state_parse_data (state_json, state_len, "state.json", &stp, &err);
      oci_state_free (stp);
    }
  t1 = now_us ();
  printf ("state.json (%zu bytes): %.2f us/parse+free\n", state_len, (t1 - t0) / n);
  t0 = now_us ();
  for (i = 0; i < n; i++)
    {
      char *out;
      size_t out_len;
      oci_state_to_json (&st, false, &out, &out_len, &err);
      free (out);
    }
  t1 = now_us ();
  printf ("state.json: %.2f us/generate\n", (t1 - t0) / n);
  free (state_json);
  free (data);
  free (path);
  return 0;
}
