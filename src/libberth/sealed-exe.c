/* sealed-exe.c: re-execute the runtime through a detached read-only clone
   of its own mount (no copy), else from a sealed memfd copy of itself,
   unless it already runs from one or from a read-only mount (CVE-2019-5736).
   Costs one execve per create/run/exec on writable installs (plus a copy of
   the loaded segments where the read-only clone is not allowed); install
   berth on a read-only mount to skip it.  `run` uses the exec trampoline
   (sealed_dmz_*) instead.  Never parses config.  */
#include <config.h>

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sealed-exe.h"
#include "util.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

#define REQUIRED_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

static bool
fd_is_protected (int fd)
{
  struct statvfs sv;
  int seals = fcntl (fd, F_GET_SEALS);

  if (seals >= 0 && (seals & REQUIRED_SEALS) == REQUIRED_SEALS)
    return true;
  return fstatvfs (fd, &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

bool
sealed_exe_is_protected (void)
{
  cleanup_close int fd = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  return fd >= 0 && fd_is_protected (fd);
}

/* The bytes execve needs: the ELF and program headers and every segment.
   The section headers and the debug sections after the segments (over half
   of a -g build) are not copied; the copy's header says it has no section
   table.  0 when SRC is not an ELF64 file this understands: copy it all.  */
static off_t
loaded_extent (int src, Elf64_Ehdr *eh)
{
  Elf64_Phdr ph;
  off_t end;
  size_t i;

  if (pread (src, eh, sizeof *eh, 0) != (ssize_t) sizeof *eh
      || memcmp (eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64
      || eh->e_phentsize != sizeof ph || eh->e_phoff < sizeof *eh)
    return 0;
  end = (off_t) (eh->e_phoff + (off_t) eh->e_phnum * sizeof ph);
  for (i = 0; i < eh->e_phnum; i++)
    {
      if (pread (src, &ph, sizeof ph, eh->e_phoff + i * sizeof ph) != (ssize_t) sizeof ph)
        return 0;
      if ((off_t) (ph.p_offset + ph.p_filesz) > end)
        end = (off_t) (ph.p_offset + ph.p_filesz);
    }
  eh->e_shoff = 0;
  eh->e_shnum = 0;
  eh->e_shstrndx = SHN_UNDEF;
  return end;
}

static int
make_sealed_copy (int src, berth_error_t **err)
{
  cleanup_close int mfd = -1;
  struct stat st;
  Elf64_Ehdr eh;
  off_t off = 0, extent;

  /* vm.memfd_noexec may demand MFD_EXEC (6.3+); older kernels reject it.  */
  mfd = memfd_create ("berth", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (mfd < 0 && errno == EINVAL)
    mfd = memfd_create ("berth", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mfd < 0)
    return berth_error_make (err, errno, "memfd_create for the sealed runtime copy");
  if (fstat (src, &st) < 0)
    return berth_error_make (err, errno, "fstat /proc/self/exe");
  extent = loaded_extent (src, &eh);
  if (extent > 0 && extent <= st.st_size)
    {
      if (write (mfd, &eh, sizeof eh) != (ssize_t) sizeof eh)
        return berth_error_make (err, errno, "copy /proc/self/exe to a memfd");
      off = sizeof eh;
      st.st_size = extent;
    }
  while (off < st.st_size)
    {
      ssize_t n = sendfile (mfd, src, &off, st.st_size - off);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return berth_error_make (err, n < 0 ? errno : EIO, "copy /proc/self/exe to a memfd");
    }
  if (fcntl (mfd, F_ADD_SEALS, REQUIRED_SEALS) < 0)
    return berth_error_make (err, errno, "seal the runtime copy");
  return steal_fd (&mfd);
}

/* argv as this process got it, from /proc/self/cmdline.  */
static char **
read_argv (char **buf, berth_error_t **err)
{
  size_t len, n = 0, i;
  char **argv;
  char *p;

  if (read_all_file ("/proc/self/cmdline", buf, &len, err) < 0)
    return NULL;
  for (i = 0; i < len; i++)
    n += (*buf)[i] == '\0';
  argv = xmalloc0 ((n + 1) * sizeof (char *));
  for (p = *buf, i = 0; i < n; i++, p += strlen (p) + 1)
    argv[i] = p;
  return argv;
}

/* Zero-copy protection: a read-only clone of the binary's mount, detached
   (never attached to any mount tree: no mount event, nothing to clean up;
   the exec'd image keeps it alive).  /proc/PID/exe then resolves through a
   read-only mount and cannot be opened for writing (EROFS).  -1 when the
   kernel (< 5.12) or the caller's privileges do not allow it.  */
static int
open_read_only_view (int self)
{
  struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
  cleanup_close int mnt = open_tree (self, "", AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

  if (mnt < 0 || mount_setattr (mnt, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0)
    return -1;
  return steal_fd (&mnt);
}

int
sealed_exe_ensure (berth_error_t **err)
{
  cleanup_close int self = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  cleanup_close int view = -1;
  cleanup_close int mfd = -1;
  cleanup_free char *buf = NULL;
  cleanup_free char **argv = NULL;

  if (self < 0)
    return berth_error_make (err, errno, "open /proc/self/exe");
  if (fd_is_protected (self))
    return 0;
  argv = read_argv (&buf, err);
  if (argv == NULL)
    return -1;
  view = open_read_only_view (self);
  if (view >= 0)
    syscall (SYS_execveat, view, "", argv, environ, AT_EMPTY_PATH);
  mfd = make_sealed_copy (self, err);
  if (mfd < 0)
    return mfd;
  syscall (SYS_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
  return berth_error_make (err, errno, "execveat the sealed runtime copy");
}

/* The trampoline's argv: its magic word (berth-dmz.c refuses to run
   without it, so a container script naming /proc/self/exe as its
   interpreter cannot loop), the program, then the program's argv.  */
#define DMZ_MAGIC "berth-dmz"

int
sealed_dmz_create (berth_error_t **err)
{
#ifdef HAVE_DMZ
  cleanup_close int mfd = memfd_create ("berth-dmz", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);

  if (mfd < 0 && errno == EINVAL)
    mfd = memfd_create ("berth-dmz", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (mfd < 0)
    return berth_error_make (err, errno, "memfd_create for the exec trampoline");
  if (write_all_fd (mfd, sealed_dmz_image, sealed_dmz_image_len) < 0)
    return berth_error_make (err, errno, "write the exec trampoline");
  if (fcntl (mfd, F_ADD_SEALS, REQUIRED_SEALS) < 0)
    return berth_error_make (err, errno, "seal the exec trampoline");
  return steal_fd (&mfd);
#else
  return berth_error_make (err, ENOSYS, "the exec trampoline is not built for this architecture");
#endif
}

void
sealed_dmz_exec (int dmz, const char *exe, char *const argv[], char *const env[])
{
  size_t n = 0;
  const char **a;

  while (argv[n])
    n++;
  /* The init's last act: nothing left to free on success (the heap, not
     the stack: argv may hold up to ARG_MAX worth of pointers).  */
  a = xmalloc ((n + 3) * sizeof *a);
  a[0] = DMZ_MAGIC;
  a[1] = exe;
  memcpy (a + 2, argv, (n + 1) * sizeof *a);
  syscall (SYS_execveat, dmz, "", a, env, AT_EMPTY_PATH);
  free (a);
}
