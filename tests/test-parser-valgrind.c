/* test-parser-valgrind.c: the "no leaks" check of the parser, as a test the
   runner finds (tests/test-*): runs tests/valgrind-parser.sh on the parser
   test programs built beside this one and passes its TAP through.  */
#include <config.h>

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser-test-util.h"

int
main (void)
{
  char exe[PATH_MAX], *script;
  ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);

  if (n < 0)
    {
      printf ("not ok 1 - readlink /proc/self/exe\n1..1\n");
      return 1;
    }
  exe[n] = '\0';
  script = data_path ("../valgrind-parser.sh");
  fflush (stdout);
  /* builddir = dirname (dirname (exe)): this program lives in builddir/tests.  */
  execl ("/bin/sh", "sh", script, dirname (dirname (exe)), (char *) NULL);
  printf ("not ok 1 - exec %s\n1..1\n", script);
  free (script);
  return 1;
}
