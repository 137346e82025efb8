"""Free loopback TCP ports for servers the suite starts itself."""
from __future__ import annotations

import socket
from contextlib import ExitStack


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """`count` distinct ports that nothing listens on right now.

    All sockets stay bound until every port is chosen, so the kernel never hands
    out the same port twice in one call. Another process may still take one before
    our server binds it: callers retry their start on "address already in use".
    """
    with ExitStack() as sockets:
        ports = []
        for _ in range(count):
            sock = sockets.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind((host, 0))
            ports.append(sock.getsockname()[1])
        return ports


def free_port(host: str = "127.0.0.1") -> int:
    return free_ports(1, host)[0]


def ports_free(host: str, ports) -> bool:
    """Whether a server could bind every one of `ports` now.

    SO_REUSEADDR as Go and most servers set it, so that connections of a previous
    run still in TIME_WAIT do not count as "in use".
    """
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((host, port))
            except OSError:
                return False
    return True

