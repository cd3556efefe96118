"""Real brokers for the fault tests: a closed loopback port (nothing listens) and a throwaway
`redis-server` on a free port (fixtures `broker_at` and `redis_server` in this folder's conftest)."""

import socket


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
