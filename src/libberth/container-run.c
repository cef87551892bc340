/* container-run.c: `run` = create + start, and in the foreground: waiting
   for the init, forwarding signals to it, proxying its terminal when no
   console socket was given, and deleting it afterwards (unless --keep).  */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "container.h"
#include "state.h"
#include "terminal.h"
#include "util.h"

struct run_io
{
  int sigfd;
  int master;              /* pty master when proxying, else -1 */
  bool out_broken;         /* a write to our stdout failed (EPIPE): drain only */
  bool raw;                /* stdin was put in raw mode */
  struct termios saved;
};

static int
exit_code_of (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 1;
}

/* Once a write to TO failed (the reader is gone), keep reading FROM and
   drop the data so the program never blocks on a full pty, and never
   write again: each write would raise another SIGPIPE.  */
static void
copy_some (int from, int to, int *from_open, bool *to_broken)
{
  char buf[8192];
  ssize_t n = read (from, buf, sizeof buf);
  /* EIO on the master: the last slave fd was closed.  */
  if (n <= 0)
    {
      if (n == 0 || (errno != EINTR && errno != EAGAIN))
        *from_open = 0;
      return;
    }
  if (!*to_broken && write_all_fd (to, buf, n) < 0)
    *to_broken = true;
}

static void
resize_pty (struct run_io *io)
{
  struct winsize ws;
  if (io->master >= 0 && ioctl (0, TIOCGWINSZ, &ws) == 0)
    ioctl (io->master, TIOCSWINSZ, &ws);
}

/* Forward every signal but SIGCHLD to the init; return its exit code once
   it is reaped.  */
static int
run_wait (struct run_io *io, pid_t pid)
{
  int master_open = io->master >= 0, stdin_open = io->master >= 0;
  bool master_broken = false;
  pid_t self = getpid ();

  for (;;)
    {
      struct pollfd p[3] = { { .fd = io->sigfd, .events = POLLIN },
                             { .fd = master_open ? io->master : -1, .events = POLLIN },
                             { .fd = stdin_open ? 0 : -1, .events = POLLIN } };
      struct signalfd_siginfo si;
      int status;

      if (poll (p, 3, -1) < 0 && errno != EINTR)
        return 1;
      if (p[1].revents)
        copy_some (io->master, 1, &master_open, &io->out_broken);
      if (p[2].revents)
        copy_some (0, io->master, &stdin_open, &master_broken);
      if (!(p[0].revents & POLLIN) || read (io->sigfd, &si, sizeof si) != sizeof si)
        continue;
      if (si.ssi_signo == SIGWINCH)
        resize_pty (io);
      /* A SIGPIPE we raised ourselves by writing to a gone reader is ours,
         not the container's.  */
      else if (si.ssi_signo == SIGPIPE && (pid_t) si.ssi_pid == self)
        continue;
      else if (si.ssi_signo != SIGCHLD)
        kill (pid, si.ssi_signo);
      else if (waitpid (pid, &status, WNOHANG) == pid)
        {
          while (master_open)
            copy_some (io->master, 1, &master_open, &io->out_broken);
          return exit_code_of (status);
        }
    }
}

static int
proxy_socketpair (int sp[2], berth_error_t **err)
{
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
    return berth_error_make (err, errno, "socketpair");
  return 0;
}

static void
stdin_raw (struct run_io *io)
{
  struct termios t;
  if (!isatty (0) || tcgetattr (0, &io->saved) < 0)
    return;
  t = io->saved;
  cfmakeraw (&t);
  t.c_oflag = io->saved.c_oflag; /* keep output processing for our own messages */
  if (tcsetattr (0, TCSANOW, &t) == 0)
    io->raw = true;
}

/* A signal ignored when we started (INT and QUIT for an async job of a
   non-interactive shell) is discarded by the kernel and never reaches a
   signalfd, so it could not be forwarded; runc forwards it.  Give each such
   signal its default action (harmless: all are blocked) and note it in
   RESET.  The init inherits the default action too.  */
static void
unignore_signals (sigset_t *reset)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL }, cur;
  int sig;

  sigemptyset (reset);
  for (sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP && sigaction (sig, NULL, &cur) == 0
        && cur.sa_handler == SIG_IGN && sigaction (sig, &dfl, NULL) == 0)
      sigaddset (reset, sig);
}

static void
reignore_signals (const sigset_t *reset)
{
  struct sigaction ign = { .sa_handler = SIG_IGN };
  int sig;

  for (sig = 1; sig < NSIG; sig++)
    if (sigismember (reset, sig) == 1)
      sigaction (sig, &ign, NULL);
}

int
container_run (const struct container_run_options *o, int *exit_code, berth_error_t **err)
{
  struct container_create_options create = o->create;
  struct run_io io = { .sigfd = -1, .master = -1 };
  struct container_live *live = NULL;
  sigset_t all, old, reset;
  int sp[2] = { -1, -1 };
  pid_t pid = 0;
  int ret;

  *exit_code = 0;
  create.exec_trampoline = true;
  create.start = true;
  /* Signals that arrive while we create are queued and forwarded, not
     lost; the init unblocks them for itself.  */
  sigfillset (&all);
  sigprocmask (SIG_BLOCK, &all, &old);
  unignore_signals (&reset);
  if (!o->detach && o->create.console_socket == NULL)
    {
      ret = proxy_socketpair (sp, err);
      if (ret < 0)
        goto out;
    }
  ret = container_create_init (&create, sp[1], &pid, o->detach || o->keep ? NULL : &live, err);
  if (sp[1] >= 0)
    close (sp[1]);
  if (ret < 0 || o->detach)
    goto out;

  /* The init sent the master over our end only when it has a terminal.  */
  if (sp[0] >= 0)
    {
      char c;
      /* EOF instead: no terminal, the init closed its end.  */
      if (recv (sp[0], &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0)
        {
          io.master = terminal_recv_fd (sp[0], err);
          if (io.master < 0)
            {
              ret = io.master;
              goto out;
            }
          stdin_raw (&io);
          resize_pty (&io);
        }
    }
  io.sigfd = signalfd (-1, &all, SFD_CLOEXEC);
  if (io.sigfd < 0)
    {
      ret = berth_error_make (err, errno, "signalfd");
      goto out;
    }
  *exit_code = run_wait (&io, pid);
  if (live)
    {
      ret = container_delete_reaped (live, err);
      live = NULL;
    }
  else if (!o->keep)
    ret = container_delete (o->create.root, o->create.id, true, err);
out:
  container_live_free (live);
  if (io.raw)
    tcsetattr (0, TCSANOW, &io.saved);
  if (ret < 0 && pid > 0)
    {
      berth_error_t *e = NULL;
      container_delete (o->create.root, o->create.id, true, &e);
      berth_error_free (&e);
    }
  if (io.master >= 0)
    close (io.master);
  if (io.sigfd >= 0)
    close (io.sigfd);
  if (sp[0] >= 0)
    close (sp[0]);
  if (io.out_broken)
    {
      /* Our own SIGPIPE from the final drain must not kill us on unblock.  */
      sigset_t pipe_set;
      struct timespec now = { 0, 0 };
      sigemptyset (&pipe_set);
      sigaddset (&pipe_set, SIGPIPE);
      while (sigtimedwait (&pipe_set, NULL, &now) == SIGPIPE)
        ;
    }
  reignore_signals (&reset);
  sigprocmask (SIG_SETMASK, &old, NULL);
  return ret;
}
