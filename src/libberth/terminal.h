/* terminal.h: process.terminal: the pty made inside the container and its
   master handed to whoever listens on --console-socket.  */
#ifndef BERTH_TERMINAL_H
#define BERTH_TERMINAL_H

#include "error.h"
#include "oci-config.h"

/* Runtime side: connect to the --console-socket path.  */
int terminal_connect_socket (const char *path, berth_error_t **err);
/* Container init, after pivot_root (the container's /dev/pts is mounted):
   open a pty from /dev/pts/ptmx, make the slave the controlling terminal
   and stdio, bind it on /dev/console, apply consoleSize, send the master
   over `sock` (SCM_RIGHTS).  */
int terminal_setup (int sock, const struct oci_process *p, berth_error_t **err);
int terminal_send_fd (int sock, int fd, const char *name, berth_error_t **err);
int terminal_recv_fd (int sock, berth_error_t **err);

#endif
