"""Loopback helpers for tests that start servers of their own."""

from __future__ import annotations

import socket


def puerto_libre() -> int:
    """A TCP port free on 127.0.0.1 right now (the caller binds it at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
