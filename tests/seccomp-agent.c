/* seccomp-agent.c: a minimal seccomp notify agent for bats/security.bats.
   Listens on SOCKET, takes one connection, saves the container process
   state it receives to STATE_FILE, then answers every notification with
   -ERRNO until the listener closes (the container exited).
   With HOLD_DIR it serves every connection instead (one child each) and
   holds each notification: it writes the caller's pid to HOLD_DIR/held,
   waits for HOLD_DIR/release, then lets the syscall continue.
   Usage: seccomp-agent SOCKET STATE_FILE ERRNO [HOLD_DIR]  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void
hold (const char *dir, pid_t pid)
{
  char path[4096], tmp[4096];
  struct stat st;
  FILE *f;

  snprintf (tmp, sizeof tmp, "%s/held.tmp", dir);
  snprintf (path, sizeof path, "%s/held", dir);
  f = fopen (tmp, "we");
  if (f)
    {
      fprintf (f, "%d\n", (int) pid);
      fclose (f);
      rename (tmp, path);
    }
  snprintf (path, sizeof path, "%s/release", dir);
  while (stat (path, &st) < 0)
    usleep (50000);
}

int
main (int argc, char **argv)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char buf[65536], control[CMSG_SPACE (sizeof (int))];
  struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf - 1 };
  struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                        .msg_controllen = sizeof control };
  struct seccomp_notif *req = NULL;
  struct seccomp_notif_resp *resp = NULL;
  struct cmsghdr *c;
  int lsock, conn, fd = -1, answer;
  ssize_t n;
  FILE *f;

  if (argc != 4 && argc != 5)
    return 2;
  answer = atoi (argv[3]);
  snprintf (addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
  lsock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (lsock < 0 || bind (lsock, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (lsock, 1) < 0)
    return perror ("listen"), 1;
  for (;;)
    {
      conn = accept4 (lsock, NULL, NULL, SOCK_CLOEXEC);
      if (conn < 0)
        return perror ("accept"), 1;
      if (argc < 5 || fork () == 0)
        break;
      close (conn);
    }
  n = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);
  if (n <= 0)
    return perror ("recvmsg"), 1;
  buf[n] = '\0';
  c = CMSG_FIRSTHDR (&msg);
  if (c && c->cmsg_type == SCM_RIGHTS)
    memcpy (&fd, CMSG_DATA (c), sizeof fd);
  f = fopen (argv[2], argc == 5 ? "ae" : "we");
  if (f == NULL)
    return perror ("state file"), 1;
  fprintf (f, "%s\n", buf);
  fclose (f);
  if (fd < 0 || seccomp_notify_alloc (&req, &resp) < 0)
    return 1;
  for (;;)
    {
      memset (req, 0, sizeof *req);
      if (seccomp_notify_receive (fd, req) < 0)
        break;
      memset (resp, 0, sizeof *resp);
      resp->id = req->id;
      if (argc == 5)
        {
          hold (argv[4], req->pid);
          resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        }
      else
        resp->error = -answer;
      if (seccomp_notify_respond (fd, resp) < 0 && errno != ENOENT)
        break;
    }
  seccomp_notify_free (req, resp);
  return 0;
}
