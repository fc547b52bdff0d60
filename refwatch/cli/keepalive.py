"""Gunicorn's threaded worker, with kept-alive connections closed so that no request is reset.

A kept-alive connection idle for `keepalive` seconds is closed by the server, and a client may
be sending its next request on it at that very moment. gunicorn's gthread worker (27.0) closes
it outright: a request that arrived since the worker last looked is still unread in the socket,
and closing a socket with unread data makes the kernel answer with a reset (RST); so does a
request that arrives after the close. The client sees "connection reset by peer" for a request
that the server never read (bench/load.py counted them; bench/keepalive.py provokes and counts
them).

`KeepaliveWorker` closes an expired connection only once it has looked: a request waiting in it
is served (the client was first); otherwise it half-closes (FIN: the client's next look at its
pooled connection sees it closed and opens another) and reads and drops whatever still comes for
LINGER seconds before closing, so that a request crossing the FIN ends in a clean end of stream
that a client knows it may send again (RFC 9112 9.3.1), never in a reset.
"""

from __future__ import annotations

import selectors
import socket
import time
from collections import deque
from functools import partial
from typing import Any

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

LINGER = 2.0  # seconds a half-closed connection is read (and dropped) before it is closed


def request_waiting(sock: socket.socket) -> bool:
    """Bytes wait unread in this (non-blocking) socket: a request the client has sent."""
    try:
        return bool(sock.recv(1, socket.MSG_PEEK))
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return False


class KeepaliveWorker(ThreadWorker):
    """gthread, closing expired kept-alive connections without resetting a request (above)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lingering: deque[tuple[float, Any]] = deque()  # (close at, connection), in order

    def murder_keepalived(self, force: bool = False) -> None:
        now = time.monotonic()
        while self.keepalived_conns:
            conn = self.keepalived_conns[0]
            if conn.timeout > now and not force:
                break
            self.keepalived_conns.popleft()
            self._unregister(conn.sock)
            if not force and request_waiting(conn.sock):
                # The client was first: its request is served, on this connection.
                self.enqueue_req(conn)
                continue
            self.nr_conns -= 1
            if force:
                conn.close()
            else:
                self._half_close(conn, now)
        self._close_lingering(now, every=force)

    def murder_pending(self) -> None:
        """New connections that sent nothing within their time: closed the same way."""
        now = time.monotonic()
        while self.pending_conns and self.pending_conns[0].timeout <= now:
            conn = self.pending_conns.popleft()
            self._unregister(conn.sock)
            if request_waiting(conn.sock):
                conn.data_ready = True
                self.enqueue_req(conn)
                continue
            self.nr_conns -= 1
            self._half_close(conn, now)

    def _unregister(self, sock: socket.socket) -> None:
        try:
            self.poller.unregister(sock)
        except (OSError, KeyError, ValueError):
            pass

    def _half_close(self, conn: Any, now: float) -> None:
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            conn.close()
            return
        self.lingering.append((now + LINGER, conn))
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._drain, conn))

    def _drain(self, conn: Any, sock: socket.socket) -> None:
        """Read and drop what comes on a half-closed connection; close it at the client's end."""
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if data:
            return
        self._unregister(sock)
        try:
            self.lingering.remove(next(item for item in self.lingering if item[1] is conn))
        except StopIteration:
            pass
        util.close(sock)

    def _close_lingering(self, now: float, *, every: bool = False) -> None:
        while self.lingering and (every or self.lingering[0][0] <= now):
            _, conn = self.lingering.popleft()
            self._unregister(conn.sock)
            util.close(conn.sock)
