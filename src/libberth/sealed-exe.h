/* sealed-exe.h: CVE-2019-5736.  The container init and exec processes are
   clones of the runtime, so until their execve /proc/PID/exe is the runtime
   binary, and a container program run as `#!/proc/self/exe` re-enters it.
   Running the runtime from a sealed in-memory copy (or from a read-only
   mount) means nothing reached that way can be written.  Never touches the
   container.  */
#ifndef BERTH_SEALED_EXE_H
#define BERTH_SEALED_EXE_H

#include <stdbool.h>

#include "error.h"

/* True when /proc/self/exe cannot be written through: a memfd with the
   write seals, or a file on a read-only mount.  */
bool sealed_exe_is_protected (void);

/* When not protected: copy /proc/self/exe into a sealed memfd and execveat
   it with the same argv and environment (does not return on success).
   Call before any side effect; a failure is reported, never ignored.  */
int sealed_exe_ensure (berth_error_t **err);

#endif
