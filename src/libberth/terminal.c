/* terminal.c: the container's pty.  Owns allocating it in the container's
   devpts, the controlling terminal, /dev/console and passing the master fd.
   Never reads or writes terminal data.  */
#include <config.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "terminal.h"
#include "util.h"

int
terminal_connect_socket (const char *path, berth_error_t **err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = -1;

  if (strlen (path) >= sizeof addr.sun_path)
    return berth_error_make (err, 0, "--console-socket %s: path too long", path);
  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return berth_error_make (err, errno, "socket");
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    return berth_error_make (err, errno, "connect to console socket %s", path);
  return steal_fd (&fd);
}

int
terminal_send_fd (int sock, int fd, const char *name, berth_error_t **err)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = { .iov_base = (void *) name, .iov_len = strlen (name) };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = u.buf, .msg_controllen = sizeof u.buf };
  struct cmsghdr *c = CMSG_FIRSTHDR (&msg);

  memset (u.buf, 0, sizeof u.buf);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &fd, sizeof (int));
  if (sendmsg (sock, &msg, MSG_NOSIGNAL) < 0)
    return berth_error_make (err, errno, "send the pty master over the console socket");
  return 0;
}

int
terminal_recv_fd (int sock, berth_error_t **err)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  char name[256];
  struct iovec iov = { .iov_base = name, .iov_len = sizeof name };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = u.buf, .msg_controllen = sizeof u.buf };
  struct cmsghdr *c;
  int fd;

  if (recvmsg (sock, &msg, MSG_CMSG_CLOEXEC) < 0)
    return berth_error_make (err, errno, "receive the pty master");
  c = CMSG_FIRSTHDR (&msg);
  if (c == NULL || c->cmsg_type != SCM_RIGHTS)
    return berth_error_make (err, 0, "receive the pty master: no file descriptor");
  memcpy (&fd, CMSG_DATA (c), sizeof (int));
  return fd;
}

static int
terminal_open_master (berth_error_t **err)
{
  /* The container's own devpts instance (newinstance): /dev/pts/N inside
     the container then names the slave; /dev/ptmx may be the host's.  */
  int fd = open ("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    fd = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return berth_error_make (err, errno, "process.terminal: open /dev/pts/ptmx");
  if (unlockpt (fd) < 0)
    {
      int e = errno;
      close (fd);
      return berth_error_make (err, e, "process.terminal: unlockpt");
    }
  return fd;
}

/* The spec wants /dev/console to be the container's terminal.  */
static int
terminal_bind_console (const char *slave, berth_error_t **err)
{
  int fd = open ("/dev/console", O_CREAT | O_WRONLY | O_NOCTTY | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);
  if (mount (slave, "/dev/console", NULL, MS_BIND, NULL) < 0)
    return berth_error_make (err, errno, "process.terminal: bind %s on /dev/console", slave);
  return 0;
}

int
terminal_setup (int sock, const struct oci_process *p, berth_error_t **err)
{
  cleanup_close int master = -1;
  cleanup_close int slave = -1;
  char name[64];
  int ret, i;

  master = terminal_open_master (err);
  if (master < 0)
    return master;
  if (ptsname_r (master, name, sizeof name) != 0)
    return berth_error_make (err, errno, "process.terminal: ptsname");
  slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0)
    return berth_error_make (err, errno, "process.terminal: open %s", name);
  if (p->has_console_size)
    {
      struct winsize ws = { .ws_row = p->console_size.height, .ws_col = p->console_size.width };
      if (ioctl (slave, TIOCSWINSZ, &ws) < 0)
        return berth_error_make (err, errno, "process.consoleSize: TIOCSWINSZ");
    }
  if (ioctl (slave, TIOCSCTTY, 0) < 0)
    return berth_error_make (err, errno, "process.terminal: make %s the controlling terminal", name);
  for (i = 0; i < 3; i++)
    if (dup2 (slave, i) < 0)
      return berth_error_make (err, errno, "process.terminal: dup2 %s to %d", name, i);
  ret = terminal_bind_console (name, err);
  if (ret < 0)
    return ret;
  return terminal_send_fd (sock, master, name, err);
}
