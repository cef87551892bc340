/* state-id.c: which container ids berth accepts (they name a directory
   under --root).  On its own so that the CLI fuzz harness checks ids with
   the real rules; never touches the host.  */
#include <config.h>

#include <ctype.h>
#include <string.h>

#include "state.h"

int
state_validate_id (const char *id, berth_error_t **err)
{
  const char *p;
  size_t len = id ? strlen (id) : 0;

  if (len == 0)
    return berth_error_make (err, 0, "invalid container id: must not be empty");
  /* A directory name: NAME_MAX, and room for our temp names.  */
  if (len > 200)
    return berth_error_make (err, 0, "invalid container id \"%.32s...\": longer than 200 characters", id);
  if (strcmp (id, ".") == 0 || strcmp (id, "..") == 0)
    return berth_error_make (err, 0, "invalid container id \"%s\"", id);
  /* runc's rule ^[\w+-\.]+$, whose "+-\." is the range + , - . (so ','
     too): ids runc takes, berth takes.  */
  for (p = id; *p; p++)
    if (!isalnum ((unsigned char) *p) && strchr ("_+,-.", *p) == NULL)
      return berth_error_make (err, 0,
                               "invalid container id \"%s\": only letters, digits, '_', '+', ',', '-' and '.' "
                               "are allowed",
                               id);
  return 0;
}
