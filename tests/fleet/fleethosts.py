"""Workers as separate hosts for the fleet tests: Linux network namespaces with their own addresses.

The set-up (made by the tests, torn down after them even when they fail):

    root namespace                                   namespace cvf-<tag>-1 (a worker "host")
    RabbitMQ 127.0.0.1:5672  <-- Relay 10.N.M.1:port ---- bridge cvb<tag> ---- veth -- 10.N.M.11
    PostgreSQL 127.0.0.1:5432 <- Relay 10.N.M.1:port ----        |     ---- veth -- 10.N.M.12 (host 2)

RabbitMQ and PostgreSQL listen on 127.0.0.1 only, which no other namespace can reach. Rather than
make them listen wider or DNAT to loopback (`route_localnet`, iptables rules to undo), a small TCP
relay in the test process listens on the bridge's address and forwards each connection to
127.0.0.1. The relay doubles as the fault switch: `cut()` closes every connection through it and
refuses new ones (what workers see when the broker or the register goes away), `restore()` lets
them in again. RabbitMQ sees the relay's loopback connections, so the `guest` user still works.

Where a namespace cannot be made (not root, no `ip`), the workers are separate processes on this
machine behind the same relays on 127.0.0.1 ("processes" mode). In CI (`CI=true`) that fallback is
a failure unless asked for with CONGVU_FLEET_HOSTS=processes: a CI run must not pass quietly
without the hosts it claims to test.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest


class Relay:
    """TCP relay `listen` → `target`, in threads of the test process, that the test can cut."""

    def __init__(self, host: str, target: tuple[str, int], port: int = 0) -> None:
        self.host, self.target, self.port = host, target, port
        self._server: socket.socket | None = None
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self.connections = 0  # accepted since the start: proves traffic went through the relay
        self.restore()

    def restore(self) -> None:
        server = socket.create_server((self.host, self.port))  # SO_REUSEADDR: the same port again
        self.port = server.getsockname()[1]
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and reset every open one (both sides see the peer gone)."""
        server, self._server = self._server, None
        if server is not None:
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    sock.shutdown(socket.SHUT_RDWR)
            self._open.clear()

    def close(self) -> None:
        self.cut()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._server is not server:  # cut meanwhile
                    client.close()
                    upstream.close()
                    return
                self._open.update((client, upstream))
                self.connections += 1
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        sel = selectors.DefaultSelector()
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                for key, _ in sel.select():
                    src: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = src.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            sel.close()
            with self._lock:
                self._open.discard(a)
                self._open.discard(b)
            for sock in (a, b):
                with contextlib.suppress(OSError):
                    sock.close()


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=20)


def namespaces_possible() -> str | None:
    """None when this machine lets the tests make network namespaces, else why not."""
    if os.environ.get("CONGVU_FLEET_HOSTS") == "processes":
        return "CONGVU_FLEET_HOSTS=processes"
    if shutil.which("ip") is None:
        return "no `ip` command"
    if os.geteuid() != 0:
        return "not root"
    return None


class Hosts:
    """`count` worker hosts: a network namespace each on one bridge, with the broker (the machine's,
    or a test's private node on `broker_port`) and the register reachable through relays at the
    bridge's address (`broker_url`, `db_host`)."""

    def __init__(self, count: int, broker_port: int = 5672) -> None:
        self.tag = uuid.uuid4().hex[:6]
        why = namespaces_possible()
        if why is not None and os.environ.get("CI") == "true" and why != "CONGVU_FLEET_HOSTS=processes":
            pytest.fail(f"cannot make network namespaces in CI ({why}); set CONGVU_FLEET_HOSTS=processes")
        self.mode = "processes" if why else "namespaces"
        self.names: list[str] = []
        self.addresses: list[str] = []
        self.bridge = f"cvb{self.tag}"
        self.relays: list[Relay] = []
        # a /24 of its own per test (tests may run at once under xdist): 10.200-249.x.0
        net = f"10.{200 + int(self.tag[:2], 16) % 50}.{int(self.tag[2:4], 16)}"
        self.gateway = "127.0.0.1"
        try:
            if self.mode == "namespaces":
                self.gateway = f"{net}.1"
                _ip("link", "add", self.bridge, "type", "bridge")
                _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
                _ip("link", "set", self.bridge, "up")
                for i in range(1, count + 1):
                    self._add(i, f"{net}.{10 + i}")
            else:
                self.names = [f"process-{i}" for i in range(1, count + 1)]
                self.addresses = ["127.0.0.1"] * count
            self.broker = Relay(self.gateway, ("127.0.0.1", broker_port))
            self.register = Relay(self.gateway, ("127.0.0.1", 5432))
            self.relays = [self.broker, self.register]
        except BaseException:
            self.close()
            raise

    def _add(self, i: int, address: str) -> None:
        ns, outside, inside = f"cvf-{self.tag}-{i}", f"cvh{self.tag}{i}", f"cvn{self.tag}{i}"
        _ip("netns", "add", ns)
        self.names.append(ns)
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", inside, "netns", ns)
        _ip("link", "set", outside, "master", self.bridge, "up")
        _ip("-n", ns, "addr", "add", f"{address}/24", "dev", inside)
        _ip("-n", ns, "link", "set", inside, "up")
        _ip("-n", ns, "link", "set", "lo", "up")
        self.addresses.append(address)

    @property
    def broker_url(self) -> str:
        return f"amqp://guest:guest@{self.gateway}:{self.broker.port}//"

    def db_url(self, url: str) -> str:
        """`url` (a register on 127.0.0.1:5432) as a worker host reaches it, through the relay."""
        return url.replace("127.0.0.1:5432", f"{self.gateway}:{self.register.port}", 1)

    def argv(self, host: int, command: Sequence[str]) -> list[str]:
        """`command` to run on worker host `host` (1-based)."""
        if self.mode == "namespaces":
            return ["ip", "netns", "exec", self.names[host - 1], *command]
        return list(command)

    def close(self) -> None:
        for relay in self.relays:
            relay.close()
        if self.mode != "namespaces":
            return
        for ns in self.names:
            _kill_inside(ns)
            with contextlib.suppress(subprocess.SubprocessError):
                _ip("netns", "del", ns)  # takes its veth end, and with it the bridge's
        with contextlib.suppress(subprocess.SubprocessError):
            _ip("link", "del", self.bridge)


def _kill_inside(ns: str) -> None:
    """Every process still in namespace `ns` (a worker's readers, tesseract) killed."""
    try:
        pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True, timeout=10).stdout
    except subprocess.SubprocessError:
        return
    for pid in pids.split():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid), signal.SIGKILL)


def leftovers() -> list[str]:
    """Namespaces these tests made that still exist (a test checks the teardown)."""
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10).stdout
    return [line.split()[0] for line in out.splitlines() if line.startswith("cvf-")]


def ocr_owner(workers: dict[str, int]) -> str | None:
    """The worker (name → process id) one of whose descendants is running `tesseract` now."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() != "tesseract":
                continue
            pid = int(proc.name)
            while pid > 1:
                for name, worker in workers.items():
                    if pid == worker:
                        return name
                stat = Path(f"/proc/{pid}/stat").read_text()
                pid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return None
