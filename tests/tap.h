/* tap.h: a tiny TAP producer for berth's unit tests.  Each test program
   prints "ok N - name" / "not ok N - name" lines and a plan; the test runner
   (tests/run-all.sh) counts them.  Exit status is non-zero if any failed.  */
#ifndef BERTH_TAP_H
#define BERTH_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define TAP_OK(cond, ...)                                                      \
  do                                                                           \
    {                                                                          \
      int tap_c_ = (cond) ? 1 : 0;                                             \
      printf ("%s %d - ", tap_c_ ? "ok" : "not ok", ++tap_n);                  \
      printf (__VA_ARGS__);                                                    \
      printf ("\n");                                                           \
      if (!tap_c_)                                                             \
        {                                                                      \
          tap_failed++;                                                        \
          printf ("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                      \
    }                                                                          \
  while (0)

#define TAP_STR_EQ(got, want, ...)                                             \
  do                                                                           \
    {                                                                          \
      const char *tap_g_ = (got), *tap_w_ = (want);                            \
      int tap_e_ = (tap_g_ == NULL && tap_w_ == NULL)                          \
                   || (tap_g_ && tap_w_ && strcmp (tap_g_, tap_w_) == 0);      \
      TAP_OK (tap_e_, __VA_ARGS__);                                            \
      if (!tap_e_)                                                             \
        printf ("#   got:  %s\n#   want: %s\n", tap_g_ ? tap_g_ : "(null)",     \
                tap_w_ ? tap_w_ : "(null)");                                   \
    }                                                                          \
  while (0)

static inline int
tap_done (void)
{
  printf ("1..%d\n", tap_n);
  return tap_failed ? 1 : 0;
}

#endif
