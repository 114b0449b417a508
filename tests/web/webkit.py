"""Shared pieces of the web tests: a register with two wards' violations and one login per persona."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn
from fastapi.testclient import TestClient
from netkit import free_port

from congvu.register import accounts
from congvu.register.directory import example_files, import_files
from congvu.register.recording import record
from congvu.register.store import Store, open_store
from congvu.settings import Config
from congvu.web import create_app

PASSWORD = "mật-khẩu-đủ-dài-2014"
INSPECTOR = "Lê Quốc Khánh"


class FrozenClock:
    def __init__(self, iso: str = "2014-06-25T03:00:00+00:00") -> None:
        self.now = datetime.fromisoformat(iso)

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Persona:
    login: str
    role: str
    unit: str | None
    person: str | None


# An inspector, a leader, the head of Hòa Minh, the head of Hòa Hiệp Bắc, a staff member of each.
PERSONAS = {
    "inspector": Persona("khanhlq", "inspector", "LC-VHTT", "LC-VHTT-02"),
    "leader": Persona("ngaptt", "leader", "LC", "LC-01"),
    "head_hm": Persona("hunglv", "head", "HM", "HM-01"),
    "head_hhb": Persona("hieudn", "head", "HHB", "HHB-01"),
    "staff_hm": Persona("annv", "staff", "HM", "HM-03"),
    "staff_hhb": Persona("linhht", "staff", "HHB", "HHB-04"),
}


def _doc(number: str, issuer: str, signer: str, address: str, day: str) -> dict[str, Any]:
    excerpt = f"Mọi chi tiết xin liên hệ: Văn phòng UBND phường, ĐT: 0236.3731xxx, Email: {address}"
    return {
        "path": f"van-ban/{number.replace('/', '-')}.docx",
        "status": "ok",
        "error": None,
        "verdict": "violation",
        "metadata": {
            "issuer": f"UBND QUẬN LIÊN CHIỂU\n{issuer}",
            "number": number,
            "type_code": "TB",
            "date": day,
            "subject": "Về việc tổ chức tập huấn kỹ năng số cho cán bộ, công chức phường",
            "signer": signer,
        },
        "findings": [
            {
                "address": address,
                "as_written": address,
                "class": "public",
                "provider": "Gmail",
                "contact_point": True,
                "obfuscated": False,
                "rule": "DOC-001",
                "reason": "public mailbox given as the issuer's contact (cue: Email:)",
                "page": 1,
                "line": 31,
                "excerpt": excerpt,
                "part": None,
                "cue": "Email:",
            }
        ],
        "sha256": hashlib.sha256(number.encode()).hexdigest(),
        "format": "docx",
    }


DOCUMENTS = [
    _doc("27/TB-UBND", "UBND PHƯỜNG HÒA MINH", "Nguyễn Văn An", "nguyenvanan85@gmail.com", "2014-06-12"),
    _doc("31/TB-UBND", "UBND PHƯỜNG HÒA MINH", "Võ Thị Nga", "vothinga81@yahoo.com.vn", "2014-06-18"),
    _doc(
        "35/TB-UBND", "UBND PHƯỜNG HÒA HIỆP BẮC", "Hoàng Thu Linh", "hoangthulinh79@gmail.com", "2014-06-20"
    ),
    _doc("12/TB-UBND", "UBND PHƯỜNG HÒA MINH", "Nguyễn Văn An", "phuonghoaminh.lc@gmail.com", "2014-05-07"),
]


def build_register(url: str, clock: FrozenClock, search_path: str | None = None) -> Store:
    store = open_store(url, clock=clock, search_path=search_path)
    import_files(store, example_files(), "Quản trị hệ thống")
    record(store, DOCUMENTS, INSPECTOR)
    for p in PERSONAS.values():
        accounts.add_user(store, p.login, p.role, PASSWORD, "Quản trị hệ thống", p.unit, p.person)
    return store


def violation_ids(store: Store) -> dict[str, int]:
    """Document number → violation id."""
    import sqlalchemy as sa

    from congvu.register.schema import documents, violations

    with store.begin() as conn:
        rows = conn.execute(
            sa.select(documents.c.number, violations.c.id).join(
                violations, violations.c.document_id == documents.c.id
            )
        ).all()
    return {number: vid for number, vid in rows}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: TestClient, persona: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "username": PERSONAS[persona].login, "password": password},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


def copy_db(template: Path, target: Path) -> str:
    target.write_bytes(template.read_bytes())
    return f"sqlite:///{target}"


UTC_ = UTC


@contextmanager
def serving(store: Store) -> Iterator[str]:
    """The app on a real uvicorn on 127.0.0.1 (a thread), for the browser and scrape tests: its base URL."""
    port = free_port()
    app = create_app(store, Config(), inline_check=True)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
