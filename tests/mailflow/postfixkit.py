"""A throw-away Postfix instance on loopback, for the real-Postfix tests.

Its own config, queue and data directories under one temporary folder; smtpd on a free loopback
port (never 25); everything relayed to an aiosmtpd sink on loopback; logs to a file (postlogd).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netkit import free_port

MASTER_CF = """\
{smtpd_port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""

MAIN_CF = """\
compatibility_level = 3.6
myhostname = mail.lienchieu.danang.gov.vn
mydomain = lienchieu.danang.gov.vn
myorigin = $mydomain
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_authorized_xclient_hosts = 127.0.0.0/8
queue_directory = {queue}
data_directory = {data}
maillog_file = {base}/maillog
maillog_file_prefixes = {base}
relayhost = [127.0.0.1]:{sink_port}
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtputf8_enable = no
smtp_host_lookup = native
smtp_dns_support_level = disabled
biff = no
smtpd_recipient_restrictions =
    check_policy_service {{ inet:127.0.0.1:{policy_port}, default_action=DUNNO, timeout=10s }},
    permit_mynetworks, reject
smtpd_policy_service_try_limit = 1
smtpd_milters = inet:127.0.0.1:{milter_port}
milter_default_action = accept
milter_protocol = 6
milter_connect_timeout = 5s
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
"""


def wait_port(port: int, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@dataclass
class PostfixInstance:
    base: Path
    smtpd_port: int
    sink_port: int
    policy_port: int
    milter_port: int
    started: bool = False
    env: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, sink_port: int, policy_port: int, milter_port: int) -> PostfixInstance:
        base = Path(tempfile.mkdtemp(prefix="congvu-postfix-"))
        base.chmod(0o755)  # Postfix daemons (user postfix) must reach the queue below
        inst = cls(base, free_port(), sink_port, policy_port, milter_port)
        conf, queue, data = base / "etc", base / "queue", base / "data"
        conf.mkdir()
        queue.mkdir()
        data.mkdir()
        shutil.chown(data, "postfix", "postfix")
        (conf / "master.cf").write_text(MASTER_CF.format(smtpd_port=f"127.0.0.1:{inst.smtpd_port}"))
        (conf / "main.cf").write_text(
            MAIN_CF.format(
                queue=queue, data=data, base=base, sink_port=sink_port, policy_port=policy_port,
                milter_port=milter_port,
            )
        )  # fmt: skip
        return inst

    @property
    def conf(self) -> Path:
        return self.base / "etc"

    def start(self) -> None:
        run = subprocess.run(
            ["postfix", "-c", str(self.conf), "start"], capture_output=True, text=True, timeout=30
        )
        if run.returncode != 0:
            raise RuntimeError(f"postfix start failed: {run.stderr or run.stdout}\n{self.log()}")
        self.started = True
        wait_port(self.smtpd_port)

    def stop(self) -> None:
        if self.started:
            subprocess.run(["postfix", "-c", str(self.conf), "stop"], capture_output=True, timeout=30)
            self.started = False
        shutil.rmtree(self.base, ignore_errors=True)

    def log(self) -> str:
        path = self.base / "maillog"
        return path.read_text(errors="replace") if path.exists() else ""


def postfix_available() -> bool:
    return shutil.which("postfix") is not None and os.geteuid() == 0
