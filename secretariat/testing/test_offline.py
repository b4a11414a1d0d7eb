"""The suite's processes reach this machine only (``offline.py``)."""

import socket

import pytest

from secretariat.testing.offline import NetworkUnreachable


def test_a_connection_beyond_this_machine_is_refused_at_once():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as outside:
        outside.settimeout(5)
        with pytest.raises(NetworkUnreachable, match="offline"):
            outside.connect(("192.0.2.1", 443))  # TEST-NET-1: never a real host


def test_this_machine_is_still_reachable():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
