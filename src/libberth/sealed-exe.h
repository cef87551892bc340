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

/* The cheaper way for an init that execs right after its set-up (`run`):
   the runtime is not re-executed; the init's last execve goes through a
   tiny trampoline (src/dmz/berth-dmz.c) in a sealed memfd, which then
   execs the container's program, so /proc/self/exe at that moment is the
   trampoline.  Returns the memfd (O_CLOEXEC), or -1 with *err when the
   trampoline is not built for this architecture or the kernel refuses an
   executable memfd (vm.memfd_noexec): then use sealed_exe_ensure.  */
int sealed_dmz_create (berth_error_t **err);
/* execveat the trampoline with exe, argv and env; returns only on failure,
   with errno set.  */
void sealed_dmz_exec (int dmz, const char *exe, char *const argv[], char *const env[]);

#ifdef HAVE_DMZ
/* dmz-blob.c, generated from src/dmz/berth-dmz.c at build time.  */
extern const unsigned char sealed_dmz_image[];
extern const unsigned long sealed_dmz_image_len;
#endif

#endif
