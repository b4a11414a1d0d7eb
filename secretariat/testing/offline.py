"""The test suite runs with the network unreachable: every connection a test process opens
goes to this machine (PostgreSQL, Redis, the live server) or fails at once.

Nothing may download a model or data at run time (the brief's rule 6); with this guard a test
that tries to is refused with a clear error, wherever the download hides (a library's lazy
fetch included), instead of passing on a machine that happens to be online."""

import ipaddress
import socket
from typing import Any

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


class NetworkUnreachable(OSError):
    pass


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # a Unix socket
        return True
    host = address[0] if isinstance(address, tuple) and address else ""
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: resolving it would already reach out


def _guarded(original: Any) -> Any:
    def connect(self: socket.socket, address: Any) -> Any:
        if self.family == socket.AF_UNIX or _is_local(address):
            return original(self, address)
        raise NetworkUnreachable(
            f"The tests run offline: a connection to {address!r} was refused "
            "(secretariat/testing/offline.py). Ship what is needed in a package instead."
        )

    return connect


def cut_off() -> None:
    socket.socket.connect = _guarded(_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded(_connect_ex)  # type: ignore[method-assign]
