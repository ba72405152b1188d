"""Mail servers for the tests that mail goes through the queue: one that is down, one that hangs, one that works."""

import socket
import socketserver

import pytest
from django.core.mail.backends.base import BaseEmailBackend

SMTP_PORTS = range(8110, 8130)  # this worktree's ports


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is down.")


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib to deliver one message."""

    def handle(self):
        self.wfile.write(b"220 tryg-test\r\n")
        lines, in_data = [], False
        for raw in self.rfile:
            line = raw.rstrip(b"\r\n")
            if in_data:
                if line == b".":
                    self.server.messages.append(b"\n".join(lines).decode())
                    lines, in_data = [], False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    lines.append(line)
            elif line[:4].upper() == b"DATA":
                in_data = True
                self.wfile.write(b"354 go ahead\r\n")
            elif line[:4].upper() == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def hanging_server() -> socket.socket:
    """A mail server that accepts connections (the kernel does) and never says a word."""
    for port in SMTP_PORTS:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            server.bind(("127.0.0.1", port))
        except OSError:
            server.close()
            continue
        server.listen(8)
        return server
    pytest.skip("no free port for the test mail server")


def send_to(settings, port: int) -> None:
    """Send real SMTP to the local test server on `port`, giving up on a silent one after a second."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 1


def connections_made(server: socket.socket) -> int:
    """How many connections were opened to the hanging server so far (each is accepted and closed)."""
    server.setblocking(False)
    connections = 0
    try:
        while True:
            server.accept()[0].close()
            connections += 1
    except BlockingIOError:
        return connections
    finally:
        server.setblocking(True)
