/* fuzz-cli.c: libFuzzer harness for berth's command line: main.c's global
   options, the command table and each command's flag parsing.  The input is
   argv (arguments separated by NUL bytes).  main.c and src/cli/*.c are built
   unchanged, with main renamed and fopen redirected to /dev/null (so --log
   cannot append to a host file); every library call a command makes after
   parsing is a stub in cli-stubs.c that only checks what the parser handed
   over, so no input can create, signal or delete anything.  The link is
   fail-closed: a new library call in a command is an undefined symbol until
   cli-stubs.c gets a stub for it.  */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int berth_cli_main (int argc, char **argv);

enum
{
  MAX_ARGS = 64
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *buf = malloc (size + 1);
  char *argv[MAX_ARGS + 2];
  int argc = 0;
  size_t i, start = 0;

  if (buf == NULL)
    return 0;
  memcpy (buf, data, size);
  buf[size] = '\0';
  argv[argc++] = (char *) "berth";
  for (i = 0; i <= size && argc <= MAX_ARGS; i++)
    if (buf[i] == '\0')
      {
        if (i > start || i < size)
          argv[argc++] = buf + start;
        start = i + 1;
      }
  argv[argc] = NULL;
  optind = 0; /* glibc: full getopt re-initialisation between inputs */
  berth_cli_main (argc, argv);
  free (buf);
  return 0;
}
