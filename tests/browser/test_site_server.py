"""The web server the browser tests read the sites from."""

from __future__ import annotations

import socket
import struct
import time
from pathlib import Path

import pytest

from .conftest import _serve


def test_a_client_that_hangs_up_prints_no_traceback(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The browser cancels an image it no longer needs when a test moves on: the server
    printed a BrokenPipeError traceback into the suite's output for each."""
    (tmp_path / "big.bin").write_bytes(b"x" * 20_000_000)
    for site in _serve(tmp_path, "/"):
        host, port = site.origin.removeprefix("http://").split(":")
        for _ in range(3):
            client = socket.create_connection((host, int(port)))
            client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: test\r\n\r\n")
            client.recv(1024)
            # Close at once with a reset, as a browser tab does when it navigates away.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
        time.sleep(0.5)  # the server's threads meet the closed connections
    assert "Traceback" not in capfd.readouterr().err
