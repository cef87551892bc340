/* test-escape.c: str_escape_control() keeps printable text and UTF-8 as
   they are and turns every control character into a visible escape, so an
   error message quoting an id or a path stays one line (issue #9).  */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"

static void
check (const char *in, const char *want, const char *what)
{
  char *got = str_escape_control (in);
  TAP_STR_EQ (got, want, "%s", what);
  free (got);
}

int
main (void)
{
  char all[32];
  char *got;
  int i;

  check ("", "", "empty stays empty");
  check ("container \"x\" does not exist", "container \"x\" does not exist",
         "plain text is unchanged");
  check ("a\nb\tc\rd", "a\\nb\\tc\\rd", "newline, tab and CR become \\n \\t \\r");
  check ("\x01\x1b[31m\x7f", "\\x01\\x1b[31m\\x7f", "other controls and DEL become \\xHH");
  check ("caf\xc3\xa9 \\n", "caf\xc3\xa9 \\n", "UTF-8 and a literal backslash are kept");
  check ("\x1f \x20", "\\x1f  ", "0x1f is escaped, the space is not");
  for (i = 1; i < 32; i++)
    all[i - 1] = (char) i;
  all[31] = '\0';
  got = str_escape_control (all);
  for (i = 0; got[i] && (unsigned char) got[i] >= 0x20 && got[i] != 0x7f; i++)
    ;
  TAP_OK (got[i] == '\0', "no control character survives (1..31)");
  TAP_OK (strlen (got) == 3 * 2 + 28 * 4, "escapes are 2 or 4 characters long");
  free (got);
  return tap_done ();
}
