"""A tiny SMTP server on localhost for the queue's retry tests: each
connection gets the next behaviour from a script ("refuse": a 421 greeting,
as a server that is down for maintenance says; "accept": a plain SMTP
exchange that keeps the message; "reject": 550 for the recipient)."""

import socket
import threading
from email import message_from_bytes, policy


class FakeSMTP:
    def __init__(self, script: list[str]):
        self.script = list(script)
        self.messages = []
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            behaviour = self.script.pop(0) if self.script else "accept"
            with connection, connection.makefile("rwb") as stream:
                connection.settimeout(5)
                self._converse(stream, behaviour)

    def _converse(self, stream, behaviour):
        def say(line: str):
            stream.write(line.encode() + b"\r\n")
            stream.flush()

        if behaviour == "refuse":
            say("421 4.3.2 Service not available, try again later")
            return
        say("220 fake.smtp ESMTP")
        while line := stream.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                say("250 fake.smtp")
            elif command.startswith("MAIL FROM"):
                say("250 OK")
            elif command.startswith("RCPT TO"):
                say("550 5.1.1 No such user" if behaviour == "reject" else "250 OK")
            elif command == "DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := stream.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.messages.append(message_from_bytes(data, policy=policy.default))
                say("250 OK queued")
            elif command == "QUIT":
                say("221 Bye")
                return
            else:
                say("250 OK")
