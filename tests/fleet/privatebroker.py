"""A private RabbitMQ node for a test that restarts its broker (issue 13: "the broker restarted
mid-run → no task lost").

The machine's RabbitMQ (127.0.0.1:5672) is shared by every other test, by other test runs in
parallel (CI runs `-n 2`) and by other sessions: a test must never restart it. So a restart test
gets a node of its own: its own node name (`congvu-<random>@localhost`), AMQP and distribution
ports picked free, its data (`mnesia`), logs, config and Erlang cookie under the test's tmp folder,
no plugins. It runs in the foreground as a child process group of the test, so the test can
`kill -9` it (the machine lost power, the OOM killer) or stop it as an operator does
(`rabbitmqctl stop`), and start it again on the same data directory. The node is killed at the end
even when the test fails; only epmd (Erlang's port mapper, shared by every node) may stay.

Skipped, with the reason, only when `rabbitmq-server` is not installed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# The real scripts: /usr/sbin/rabbitmq-server of the Debian package switches to the `rabbitmq`
# user (`su`), which drops the environment that makes this node private.
_DIRS = (Path("/usr/lib/rabbitmq/bin"),)


def server_script() -> Path | None:
    """The `rabbitmq-server` script to run, or None when RabbitMQ is not installed."""
    for folder in _DIRS:
        if (folder / "rabbitmq-server").is_file():
            return folder / "rabbitmq-server"
    found = shutil.which("rabbitmq-server")
    return Path(found) if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateBroker:
    """One RabbitMQ node under `base`, started with `start()`; `url` reaches it as guest."""

    def __init__(self, base: Path, server: Path) -> None:
        self.base, self.server = base, server
        self.ctl = server.with_name("rabbitmqctl")
        self.node = f"congvu-{uuid.uuid4().hex[:8]}@localhost"
        self.port, self.dist_port = free_port(), free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        base.mkdir(parents=True, exist_ok=True)
        (base / "rabbitmq.conf").write_text(
            f"listeners.tcp.local = 127.0.0.1:{self.port}\n"
            # a durable queue's messages are on disk before the publisher is confirmed (default);
            # keep the node small: no statistics collection for a management UI that is off
            "collect_statistics = none\n",
            encoding="utf-8",
        )
        (base / "enabled_plugins").write_text("[].\n", encoding="utf-8")
        (base / "rabbitmq-env.conf").write_text("", encoding="utf-8")  # not /etc/rabbitmq's

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}//"

    @property
    def log(self) -> Path:
        return self.base / "node.log"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.base),  # the Erlang cookie, shared by the node and rabbitmqctl
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.base / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.base / "log"),
            "RABBITMQ_CONFIG_FILE": str(self.base / "rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(self.base / "advanced.config"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.base / "enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": str(self.base / "rabbitmq-env.conf"),
            "RABBITMQ_PID_FILE": str(self.base / "node.pid"),
            # one scheduler thread each way: the machine has 2 cores shared by many tests
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "+S 1:1 +SDcpu 1:1 +A 4",
        }

    def start(self, seconds: float = 60) -> None:
        """Start the node (again, on the same data) and wait until it accepts AMQP connections."""
        assert self.proc is None or self.proc.poll() is not None, "already running"
        with self.log.open("ab") as out:
            out.write(f"\n==== start {self.starts + 1} ====\n".encode())
            out.flush()
            self.proc = subprocess.Popen(
                [str(self.server)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env(),
                cwd=self.base,
                start_new_session=True,  # a process group of its own: kill -9 takes beam and its helpers
            )
        self.starts += 1
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"RabbitMQ node exited ({self.proc.returncode}):\n{self.tail()}")
            if _amqp_answers(self.port):
                return
            time.sleep(0.2)
        raise AssertionError(f"RabbitMQ node not up after {seconds} s:\n{self.tail()}")

    def kill9(self) -> None:
        """The node lost at once: SIGKILL to beam and every process of its group, no goodbye."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)
            _wait_group_gone(self.proc.pid, 30)

    def stop(self, seconds: float = 60) -> None:
        """A graceful stop, as `rabbitmqctl stop` or systemd's does: SIGTERM, on which the node
        closes its connections and writes its queues' state before it exits (the CLI would do the
        same but costs seconds of CPU to start on a loaded machine)."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=seconds)
            _wait_group_gone(self.proc.pid, seconds)

    def ctl_output(self, *args: str, seconds: float = 60) -> str:
        done = subprocess.run(
            [str(self.ctl), "-n", self.node, *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=seconds,
            check=True,
        )
        return done.stdout

    def close(self) -> None:
        self.kill9()

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _wait_group_gone(pgid: int, seconds: float) -> None:
    """Until every process of the node's group has exited (beam outlives the shell that started
    it): a node started again meanwhile would find its name and data taken."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def _amqp_answers(port: int) -> bool:
    """Whether an AMQP 0-9-1 server answers on `port` (its listener opens late in the boot, once
    the queues are recovered; a TCP accept alone could be a half-started node)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"AMQP\x00\x00\x09\x01")
            sock.settimeout(5)
            return sock.recv(8)[:1] == b"\x01"  # a connection.start method frame
    except OSError:
        return False


@contextlib.contextmanager
def private_broker(base: Path) -> Iterator[PrivateBroker]:
    """A started private node, killed after the test; a skip when RabbitMQ is not installed."""
    server = server_script()
    if server is None:
        pytest.skip("rabbitmq-server is not installed: no private broker node to restart")
    node = PrivateBroker(base, server)
    try:
        node.start()
        yield node
    finally:
        node.close()
