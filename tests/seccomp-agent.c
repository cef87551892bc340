/* seccomp-agent.c: a minimal seccomp notify agent for bats/security.bats.
   Listens on SOCKET, takes one connection, saves the container process
   state it receives to STATE_FILE, then answers every notification with
   -ERRNO until the listener closes (the container exited).
   Usage: seccomp-agent SOCKET STATE_FILE ERRNO  */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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

  if (argc != 4)
    return 2;
  answer = atoi (argv[3]);
  snprintf (addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
  lsock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (lsock < 0 || bind (lsock, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (lsock, 1) < 0)
    return perror ("listen"), 1;
  conn = accept4 (lsock, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0)
    return perror ("accept"), 1;
  n = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);
  if (n <= 0)
    return perror ("recvmsg"), 1;
  buf[n] = '\0';
  c = CMSG_FIRSTHDR (&msg);
  if (c && c->cmsg_type == SCM_RIGHTS)
    memcpy (&fd, CMSG_DATA (c), sizeof fd);
  f = fopen (argv[2], "we");
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
      resp->error = -answer;
      if (seccomp_notify_respond (fd, resp) < 0 && errno != ENOENT)
        break;
    }
  seccomp_notify_free (req, resp);
  return 0;
}
