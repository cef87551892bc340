/* test-escape.c: str_escape_control() keeps printable text and UTF-8 as
   they are and turns every control character into a visible escape, so an
   error message quoting an id or a path stays one line (issue #9).  */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util.h"

static const struct
{
  const char *in, *want, *what;
} cases[] = {
  { "", "", "empty stays empty" },
  { "container \"x\" does not exist", "container \"x\" does not exist", "plain text is unchanged" },
  { "a\nb\tc\rd", "a\\nb\\tc\\rd", "newline, tab and CR become \\n \\t \\r" },
  { "\x01\x1b[31m\x7f", "\\x01\\x1b[31m\\x7f", "other controls and DEL become \\xHH" },
  { "caf\xc3\xa9 \\n", "caf\xc3\xa9 \\n", "UTF-8 and a literal backslash are kept" },
  { "\x1f \x20", "\\x1f  ", "0x1f is escaped, the space is not" },
};

int
main (void)
{
  char all[32];
  char *got;
  size_t k;
  int i;

  for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
    {
      got = str_escape_control (cases[k].in);
      TAP_STR_EQ (got, cases[k].want, "%s", cases[k].what);
      free (got);
    }
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
