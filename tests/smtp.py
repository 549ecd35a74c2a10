"""A real SMTP server for tests (aiosmtpd on a free local port) that keeps what it receives."""
from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []
        self.hold: threading.Barrier | None = None  # set: each delivery waits for another sender's

    async def handle_DATA(self, server, session, envelope):
        if self.hold is not None:
            try:  # in a thread, so the server keeps serving the other sender meanwhile
                await asyncio.get_running_loop().run_in_executor(None, self.hold.wait)
            except threading.BrokenBarrierError:
                pass  # no second sender came: carry on alone
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(
            envelope.original_content, policy=policy.default)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()
