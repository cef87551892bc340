/* floor.c: the benchmark's lower bound -- what starting a container costs when
   a program does nothing but the unavoidable kernel work.  It must never grow
   features: no config parsing, no cgroups, no /proc or /dev, no capabilities.

     floor run ROOTFS CMD [ARGS...]
       clone with new pid, net, ipc, uts, mount and cgroup namespaces (the
       namespaces of the default config); in the child: make / private,
       bind-mount ROOTFS onto itself, pivot_root into it, detach the old root,
       exec CMD.  The parent waits and exits with the child's status.
     floor run-cg MODE DIRS ROOTFS CMD [ARGS...]
       the same plus the one cgroup step every runtime needs, to show what it
       costs and how to make it cheap: make each directory of DIRS (a
       colon-separated list, one per hierarchy), put the container in it,
       remove it after the wait.  MODE "procs": the parent writes the child's
       pid into DIR/cgroup.procs (what runc and crun do).  MODE "self": the
       child, still single-threaded, writes "0" into DIR/tasks (v1) before
       anything else; MODE "clone3": clone3 with CLONE_INTO_CGROUP (one
       cgroup2 DIR).
     floor exec PID CMD [ARGS...]
       setns into PID's ipc, uts, net, pid, cgroup and mount namespaces, fork
       (the pid namespace applies to children only), exec CMD, wait.  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
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

#define MAX_CG 32

static int
write_file (const char *dir, const char *file, const char *value)
{
  char path[4096];
  int fd, ret;
  snprintf (path, sizeof path, "%s/%s", dir, file);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ret = write (fd, value, strlen (value)) < 0 ? -1 : 0;
  close (fd);
  return ret;
}

/* v1 cpuset: a new cgroup starts with no cpus and mems and refuses tasks
   until they are copied from its parent.  */
static void
cpuset_inherit (const char *dir)
{
  static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
  char parent[4096], path[4096 + 32], buf[256];
  size_t i;
  char *slash;

  snprintf (parent, sizeof parent, "%s", dir);
  slash = strrchr (parent, '/');
  if (!slash)
    return;
  *slash = '\0';
  for (i = 0; i < 2; i++)
    {
      ssize_t n;
      int fd;
      snprintf (path, sizeof path, "%s/%s", parent, files[i]);
      fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        return;
      n = read (fd, buf, sizeof buf - 1);
      close (fd);
      if (n <= 0)
        return;
      buf[n] = '\0';
      write_file (dir, files[i], buf);
    }
}

/* mkdir -p, giving every new cpuset level its parent's cpus and mems.  */
static void
make_cgroup (char *dir)
{
  char *p;
  for (p = strchr (dir + 1, '/'); p; p = strchr (p + 1, '/'))
    {
      *p = '\0';
      if (mkdir (dir, 0755) == 0 && strstr (dir, "/cpuset/"))
        cpuset_inherit (dir);
      *p = '/';
    }
  if (mkdir (dir, 0755) < 0 && errno != EEXIST)
    die (dir);
  if (strstr (dir, "/cpuset/"))
    cpuset_inherit (dir);
}

static void
join_self (char **dirs, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (write_file (dirs[i], "tasks", "0") < 0 && write_file (dirs[i], "cgroup.procs", "0") < 0)
      die (dirs[i]);
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

static const long ns_flags = CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS
                             | CLONE_NEWCGROUP;

static int
floor_run (const char *rootfs, char **argv)
{
  /* Raw clone without CLONE_VM behaves like fork: the child gets its own copy
     of the address space and only makes syscalls before exec.  */
  pid_t pid = (pid_t) syscall (SYS_clone, ns_flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0)
    die ("clone");
  if (pid == 0)
    child_run (rootfs, argv);
  return wait_child (pid);
}

static int
floor_run_cg (const char *mode, char *dirlist, const char *rootfs, char **argv)
{
  char *dirs[MAX_CG], *save = NULL, *tok;
  size_t n = 0, i;
  pid_t pid;
  int status, sync[2];
  char c = 0;

  for (tok = strtok_r (dirlist, ":", &save); tok && n < MAX_CG; tok = strtok_r (NULL, ":", &save))
    dirs[n++] = tok;
  for (i = 0; i < n; i++)
    make_cgroup (dirs[i]);
  /* The child runs its namespace set-up only once it is in its cgroups.  */
  if (pipe2 (sync, O_CLOEXEC) < 0)
    die ("pipe2");
  if (strcmp (mode, "clone3") == 0)
    {
      struct clone_args ca;
      int cfd = open (dirs[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (cfd < 0)
        die (dirs[0]);
      memset (&ca, 0, sizeof ca);
      ca.flags = ns_flags | CLONE_INTO_CGROUP;
      ca.exit_signal = SIGCHLD;
      ca.cgroup = (unsigned long) cfd;
      pid = (pid_t) syscall (SYS_clone3, &ca, sizeof ca);
    }
  else
    pid = (pid_t) syscall (SYS_clone, ns_flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0)
    die ("clone");
  if (pid == 0)
    {
      close (sync[1]);
      if (read (sync[0], &c, 1) != 1)
        _exit (127);
      if (strcmp (mode, "self") == 0)
        join_self (dirs, n);
      child_run (rootfs, argv);
    }
  close (sync[0]);
  if (strcmp (mode, "procs") == 0)
    {
      char buf[32];
      snprintf (buf, sizeof buf, "%d", (int) pid);
      for (i = 0; i < n; i++)
        if (write_file (dirs[i], "cgroup.procs", buf) < 0)
          die (dirs[i]);
    }
  if (write (sync[1], &c, 1) != 1)
    die ("write sync");
  close (sync[1]);
  status = wait_child (pid);
  for (i = n; i-- > 0;)
    rmdir (dirs[i]);
  return status;
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
  if (argc >= 6 && strcmp (argv[1], "run-cg") == 0)
    return floor_run_cg (argv[2], argv[3], argv[4], argv + 5);
  if (argc >= 4 && strcmp (argv[1], "exec") == 0)
    return floor_exec (argv[2], argv + 3);
  fprintf (stderr, "usage: floor run ROOTFS CMD [ARGS...]\n"
                   "       floor run-cg procs|self|clone3 DIR[:DIR...] ROOTFS CMD [ARGS...]\n"
                   "       floor exec PID CMD [ARGS...]\n");
  return 2;
}
