/* floor.c: the benchmark's lower bound -- what starting a container costs when
   a program does nothing but the unavoidable kernel work.  It must never grow
   features: no config parsing, no cgroups, no /proc or /dev, no capabilities.

     floor run ROOTFS CMD [ARGS...]
       clone with new pid, net, ipc, uts, mount and cgroup namespaces (the
       namespaces of the default config); in the child: make / private,
       bind-mount ROOTFS onto itself, pivot_root into it, detach the old root,
       exec CMD.  The parent waits and exits with the child's status.
     floor exec PID CMD [ARGS...]
       setns into PID's ipc, uts, net, pid, cgroup and mount namespaces, fork
       (the pid namespace applies to children only), exec CMD, wait.  */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void
die (const char *what)
{
  perror (what);
  _exit (127);
}

static int
wait_child (pid_t pid)
{
  int status;
  while (waitpid (pid, &status, 0) < 0)
    die ("waitpid");
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + WTERMSIG (status);
}

static void
child_run (const char *rootfs, char **argv)
{
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    die ("mount / private");
  if (mount (rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
    die ("bind rootfs");
  if (chdir (rootfs) < 0)
    die ("chdir rootfs");
  /* pivot_root(".", ".") stacks the old root on top of the new one; one lazy
     umount of "." then drops it without needing a put_old directory.  */
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    die ("pivot_root");
  if (umount2 (".", MNT_DETACH) < 0)
    die ("umount old root");
  if (chdir ("/") < 0)
    die ("chdir /");
  execv (argv[0], argv);
  die ("execv");
}

static int
floor_run (const char *rootfs, char **argv)
{
  const long flags = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWCGROUP;
  /* Raw clone without CLONE_VM behaves like fork: the child gets its own copy
     of the address space and only makes syscalls before exec.  */
  pid_t pid = (pid_t) syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0)
    die ("clone");
  if (pid == 0)
    child_run (rootfs, argv);
  return wait_child (pid);
}

static int
floor_exec (const char *target, char **argv)
{
  /* mnt last: after it, /proc/PID paths of the host are gone.  */
  static const char *const ns[] = { "ipc", "uts", "net", "pid", "cgroup", "mnt" };
  char path[64];
  size_t i;
  pid_t pid;

  for (i = 0; i < sizeof ns / sizeof ns[0]; i++)
    {
      int fd;
      snprintf (path, sizeof path, "/proc/%s/ns/%s", target, ns[i]);
      fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        die (path);
      if (setns (fd, 0) < 0)
        die ("setns");
      close (fd);
    }
  if (chdir ("/") < 0)
    die ("chdir /");
  pid = fork ();
  if (pid < 0)
    die ("fork");
  if (pid == 0)
    {
      execv (argv[0], argv);
      die ("execv");
    }
  return wait_child (pid);
}

int
main (int argc, char **argv)
{
  if (argc >= 4 && strcmp (argv[1], "run") == 0)
    return floor_run (argv[2], argv + 3);
  if (argc >= 4 && strcmp (argv[1], "exec") == 0)
    return floor_exec (argv[2], argv + 3);
  fprintf (stderr, "usage: floor run ROOTFS CMD [ARGS...]\n"
                   "       floor exec PID CMD [ARGS...]\n");
  return 2;
}
