"""A real SMTP server for tests (aiosmtpd on a free local port) that keeps what it receives, and a port that refuses."""
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


class _AnyPortController(Controller):
    """aiosmtpd's threaded server listening on a port the system picks (port 0), read back once it
    listens: no gap between choosing a port and taking it in which another test worker could take it."""

    def _create_server(self):
        async def listening():
            server = await Controller._create_server(self)
            self.port = server.sockets[0].getsockname()[1]
            return server
        return listening()


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = _AnyPortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def refused_port():
    """A local port where connections are refused: bound but never listening, and held until the
    test ends, so no server in this or another test worker can take it meanwhile."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
