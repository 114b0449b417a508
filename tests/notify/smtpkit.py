"""A real SMTP server for the tests (aiosmtpd on 127.0.0.1) that keeps what it receives and can be
told to answer 4xx/5xx for a while, plus an optional STARTTLS + AUTH variant."""

from __future__ import annotations

import email
import email.policy
import ssl
import subprocess
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from netkit import free_port


@dataclass
class Inbox:
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    fail_next: int = 0  # answer the next N DATA commands with `fail_with`
    fail_with: str = "451 4.3.0 Hệ thống tạm thời bận, thử lại sau"
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.fail_next > 0:
            self.fail_next -= 1
            return self.fail_with.encode("ascii", "replace").decode()
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"


def start_server(**kwargs: Any) -> tuple[Inbox, Controller]:
    box = Inbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port, **kwargs)
    controller.start()
    return box, controller


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def start_tls_server(folder: Path, user: str, password: str) -> tuple[Inbox, Controller, Path]:
    cert, key = self_signed(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login == user.encode()
            and data.password == password.encode()
        )
        return AuthResult(success=ok)

    box, controller = start_server(
        tls_context=context, require_starttls=True, authenticator=check, auth_required=True
    )
    return box, controller, cert
