"""A real SMTP server on loopback for the tests of the daily digest: it speaks enough of the
protocol for Django's SMTP backend (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps every
message it is given, with its envelope, so that a test can count what refwatch sent."""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> Message:
        return message_from_bytes(self.data)


class MailServer:
    """`with MailServer() as server:` listens on 127.0.0.1:`server.port`; `server.received`."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def say(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self) -> None:
                self.say("220 localhost test SMTP")
                sender, recipients = "", []
                while raw := self.rfile.readline():
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    verb = line[:4].upper()
                    if verb == "EHLO":
                        self.say("250-localhost")
                        self.say("250 8BITMIME")
                    elif verb == "HELO":
                        self.say("250 localhost")
                    elif verb == "MAIL":
                        sender, recipients = line.split(":", 1)[1].strip().strip("<>"), []
                        self.say("250 OK")
                    elif verb == "RCPT":
                        recipients.append(line.split(":", 1)[1].strip().strip("<>"))
                        self.say("250 OK")
                    elif verb == "DATA":
                        self.say("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                            lines.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                        with outer.lock:
                            outer.received.append(Received(sender, recipients, b"".join(lines)))
                        self.say("250 OK: queued")
                    elif verb in ("RSET", "NOOP"):
                        self.say("250 OK")
                    elif verb == "QUIT":
                        self.say("221 Bye")
                        return
                    else:
                        self.say("502 Command not implemented")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> MailServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)
