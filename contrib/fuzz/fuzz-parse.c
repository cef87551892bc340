/* fuzz-parse.c: libFuzzer harness for the libocispec-lite document readers
   (config.json, process.json, LinuxResources, state).  Built once per
   document with -DFUZZ_DOC=FUZZ_CONFIG|FUZZ_PROCESS|FUZZ_RESOURCES|FUZZ_STATE
   by contrib/fuzz/build.sh.  Besides "no crash, no leak" (ASan/LSan) it
   checks the parser's contract: failure gives *out == NULL and one message
   prefixed with the source name; a state document survives a round trip.  */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci-config.h"
#include "oci-state.h"

#define FUZZ_CONFIG 1
#define FUZZ_PROCESS 2
#define FUZZ_RESOURCES 3
#define FUZZ_STATE 4

#if FUZZ_DOC == FUZZ_CONFIG
#define DOC struct oci_config
#define SOURCE "config.json"
#define PARSE oci_config_parse_data
#define FREE oci_config_free
#elif FUZZ_DOC == FUZZ_PROCESS
#define DOC struct oci_process
#define SOURCE "process.json"
#define PARSE oci_process_parse_data
#define FREE oci_process_free
#elif FUZZ_DOC == FUZZ_RESOURCES
#define DOC struct oci_resources
#define SOURCE "resources.json"
#define PARSE oci_resources_parse_data
#define FREE oci_resources_free
#elif FUZZ_DOC == FUZZ_STATE
#define DOC struct oci_state
#define SOURCE "state.json"
#define PARSE oci_state_parse_data
#define FREE oci_state_free
#else
#error "define FUZZ_DOC"
#endif

static void
contract_failed (const char *what, const char *msg)
{
  fprintf (stderr, "fuzz-parse: contract broken: %s%s%s\n", what, msg ? ": " : "", msg ? msg : "");
  abort ();
}

#if FUZZ_DOC == FUZZ_STATE
/* A state document berth wrote must read back to the same document: the
   runtime keeps its own state in this format.  */
static void
check_round_trip (const struct oci_state *s)
{
  char *json1 = NULL, *json2 = NULL, *errmsg = NULL;
  size_t len1 = 0, len2 = 0;
  struct oci_state *again = NULL;

  if (oci_state_to_json (s, false, &json1, &len1, &errmsg) < 0)
    {
      /* Writing may refuse what yajl cannot generate (invalid UTF-8 is
         refused when reading, so this should not happen).  */
      contract_failed ("oci_state_to_json failed on a parsed state", errmsg);
    }
  if (oci_state_parse_data (json1, len1, SOURCE, &again, &errmsg) < 0)
    contract_failed ("re-reading a written state failed", errmsg);
  if (oci_state_to_json (again, false, &json2, &len2, &errmsg) < 0)
    contract_failed ("oci_state_to_json failed the second time", errmsg);
  if (len1 != len2 || memcmp (json1, json2, len1) != 0)
    contract_failed ("state round trip changed the document", json1);
  oci_state_free (again);
  free (json1);
  free (json2);
}
#endif

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  DOC *out = (DOC *) 1;
  char *errmsg = NULL;
  int ret = PARSE ((const char *) data, size, SOURCE, &out, &errmsg);

  if (ret < 0)
    {
      if (ret != -1)
        contract_failed ("failure is not -1", NULL);
      if (out != NULL)
        contract_failed ("*out not NULL after a failure", NULL);
      /* "config.json: PATH: what" or "config.json:LINE:COL: what".  */
      if (errmsg == NULL || strncmp (errmsg, SOURCE ":", strlen (SOURCE ":")) != 0
          || strlen (errmsg) < strlen (SOURCE ": x"))
        contract_failed ("error message missing or not prefixed with the source", errmsg);
      free (errmsg);
      return 0;
    }
  if (ret != 0 || out == NULL || errmsg != NULL)
    contract_failed ("success must be 0 with a document and no message", errmsg);
#if FUZZ_DOC == FUZZ_STATE
  check_round_trip (out);
#endif
  FREE (out);
  return 0;
}
