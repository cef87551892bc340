#!/usr/bin/env python3
# console-socket.py SOCKET OUTPUT [INPUT]: what conmon/containerd do with
# --console-socket: accept one connection, receive the pty master over
# SCM_RIGHTS, type INPUT into it, copy everything it prints to OUTPUT.
import os, socket, sys

path, out = sys.argv[1], sys.argv[2]
data = sys.argv[3].encode() if len(sys.argv) > 3 else b""
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
open(path + ".ready", "w").close()
conn, _ = srv.accept()
msg, fds, _, _ = socket.recv_fds(conn, 1024, 1)
if not fds:
    sys.exit("no fd received")
master = fds[0]
with open(out, "wb") as f:
    if data:
        os.write(master, data)
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the last slave fd was closed
            break
        if not chunk:
            break
        f.write(chunk)
        f.flush()
