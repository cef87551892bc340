/* parser-test-util.h: shared by the parser tests: field-check macros that
   name the expression, and where the test corpus (tests/data) lives.  */
#ifndef PARSER_TEST_UTIL_H
#define PARSER_TEST_UTIL_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#ifndef TEST_DATA_DIR
#define TEST_DATA_DIR "tests/data"
#endif

#define OK(cond) TAP_OK ((cond), "%s", #cond)
#define STR(got, want) TAP_STR_EQ ((got), (want), "%s == %s", #got, #want)
#define NUM(got, want)                                                                      \
  do                                                                                        \
    {                                                                                       \
      long long num_g_ = (long long) (got), num_w_ = (long long) (want);                    \
      TAP_OK (num_g_ == num_w_, "%s == %s", #got, #want);                                   \
      if (num_g_ != num_w_)                                                                 \
        printf ("#   got:  %lld\n#   want: %lld\n", num_g_, num_w_);                        \
    }                                                                                       \
  while (0)

/* $BERTH_TEST_DATA overrides the compiled-in tests/data directory.  */
static inline char *
data_path (const char *name)
{
  const char *dir = getenv ("BERTH_TEST_DATA");
  char *p;
  if (dir == NULL || *dir == '\0')
    dir = TEST_DATA_DIR;
  if (asprintf (&p, "%s/%s", dir, name) < 0)
    abort ();
  return p;
}

#endif
