/* faultpoint.h: named points in the lifecycle where tests can make berth
   die (SIGKILL) to check that `delete --force` cleans up after a crash.
   Test-only; never changes behaviour unless BERTH_TEST_STOP_AT is set.  */
#ifndef BERTH_FAULTPOINT_H
#define BERTH_FAULTPOINT_H

#include <stdbool.h>

/* When the environment variable BERTH_TEST_STOP_AT equals `name`, the
   calling process kills itself with SIGKILL (as `kill -9` from an engine
   would, with no chance to clean up).  Names are "command-stage", e.g.
   "create-after-state-dir"; bats/reliability.bats lists them.  */
void faultpoint (const char *name);
/* Is a stop point asked for at all (tests)?  */
bool faultpoint_armed (void);

#endif
