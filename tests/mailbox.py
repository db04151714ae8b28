"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives, for tests of emailed links."""
from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Keep:
    def __init__(self, box: list):
        self.box = box

    async def handle_DATA(self, server, session, envelope):
        self.box.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class Mailbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.port = _free_port()
        self.controller = Controller(_Keep(self.messages), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def last_to(self, address: str) -> EmailMessage:
        mine = [m for m in self.messages if m["To"] == address]
        assert mine, f"no mail to {address}; mail went to {[m['To'] for m in self.messages]}"
        return mine[-1]

    def link_in(self, message: EmailMessage) -> str:
        body = message.get_content()
        found = re.findall(r"https?://\S+", body)
        assert found, body
        return found[0]
