/* main.c: global options, the command table, and error printing.  */
#include <config.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  (void) argc;
  (void) argv;
  printf ("berth version %s\n", PACKAGE_VERSION);
  return 0;
}
