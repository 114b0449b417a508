"""A small month in Liên Chiểu for report and reminder tests: the example organisation, a few
scanned documents (scan JSON built by hand), decisions by the inspector, proposed ratings.

June 2014: Hòa Minh — one confirmed violation (Nguyễn Văn An, gmail in the contact line) and one
document for review; Phòng Nội vụ — one pending violation; Phòng TN-MT — one confirmed violation
found by hand; Văn phòng — one clean document.  May 2014: one confirmed violation in Hòa Minh.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from congvu.register.directory import example_files, import_files
from congvu.register.evaluation import set_proposal
from congvu.register.recording import record
from congvu.register.review import add_manual, decide, list_violations
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.store import Store, create_engine, open_store

PG_URL = os.environ.get("CONGVU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
INSPECTOR = "Lê Quốc Khánh"
LEVELS = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)


class FrozenClock:
    def __init__(self, iso: str = "2014-07-03T02:00:00+00:00") -> None:
        self.now = datetime.fromisoformat(iso)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Month:
    store: Store
    url: str
    confirmed_an: int  # HM-03, June, from document 15/UBND-VP
    pending_son: int  # LC-NV-03, June
    manual_thao: int  # LC-TNMT-02, June, found by hand
    may_an: int  # HM-03, May


def finding(address: str, rule: str = "DOC-001", excerpt: str | None = None) -> dict[str, Any]:
    return {
        "address": address,
        "as_written": address,
        "class": "public",
        "provider": "Gmail",
        "contact_point": rule == "DOC-001",
        "obfuscated": False,
        "rule": rule,
        "reason": "public mailbox given as the issuer's contact",
        "page": 1,
        "line": 38,
        "excerpt": excerpt or f"Điện thoại: 0511.3731xxx; Email: {address}",
        "part": None,
        "cue": "Email:",
    }


def document(number: str, issuer: str, signer: str, day: str, found: list[dict[str, Any]]) -> dict[str, Any]:
    verdict = "violation" if any(f["rule"] == "DOC-001" for f in found) else ("review" if found else "clean")
    return {
        "path": f"van-ban/{number.replace('/', '-')}.pdf",
        "sha256": hashlib.sha256(number.encode()).hexdigest(),
        "status": "ok",
        "error": None,
        "verdict": verdict,
        "metadata": {
            "issuer": issuer,
            "number": number,
            "type_code": None,
            "date": day,
            "subject": "V/v tổng hợp danh sách hộ nghèo, hộ cận nghèo năm 2014",
            "signer": signer,
            "type_name": "Công văn",
            "place": "Liên Chiểu",
        },
        "findings": found,
        "format": "pdf",
    }


HOA_MINH = "UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG HÒA MINH"


def fill(store: Store, url: str) -> Month:
    import_files(store, example_files(), "Quản trị hệ thống")
    docs = [
        document("15/UBND-VP", HOA_MINH, "Nguyễn Văn An", "2014-06-20", [finding("nguyenvanan85@gmail.com")]),
        document("16/UBND", HOA_MINH, "Lý Đức An", "2014-06-23",
                 [finding("hotro.hoaminh@gmail.com", "DOC-002", "Phản ánh gửi về hotro.hoaminh@gmail.com")]),
        document("42/NV", "UBND QUẬN LIÊN CHIỂU\nPHÒNG NỘI VỤ", "Trần Văn Sơn", "2014-06-11",
                 [finding("tranvanson75@gmail.com")]),
        document("88/VP", "UBND QUẬN LIÊN CHIỂU\nVĂN PHÒNG HĐND VÀ UBND QUẬN", "Phan Thành Sơn", "2014-06-05",
                 []),
        document("09/UBND-VP", HOA_MINH, "Nguyễn Văn An", "2014-05-12", [finding("nguyenvanan85@gmail.com")]),
    ]  # fmt: skip
    record(store, docs, INSPECTOR)
    with store.begin() as conn:
        by_number = {v["evidence"]["number"]: v for v in list_violations(conn)}
    june_an = int(by_number["15/UBND-VP"]["id"])
    may_an = int(by_number["09/UBND-VP"]["id"])
    son = int(by_number["42/NV"]["id"])
    assert by_number["42/NV"]["person_id"] == "LC-NV-03"
    thao = add_manual(
        store, "LC-TNMT-02", "2014-06", "Dùng lythuthao86@gmail.com gửi hồ sơ đất đai cho Sở TN-MT", INSPECTOR
    )
    for vid in (june_an, may_an, thao):
        decide(store, vid, "confirm", "Đã xác minh với đơn vị", INSPECTOR)
    set_proposal(store, "HM-03", "2014-06", DEFAULT_LEVELS[0], LEVELS, "Lê Văn Hùng")
    set_proposal(store, "LC-TNMT-02", "2014-06", DEFAULT_LEVELS[3], LEVELS, "Bùi Thành Cường")
    return Month(store, url, june_an, son, thao, may_an)


def _pg_problem() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any reason PostgreSQL is not usable
        return str(error).splitlines()[0]
    return None


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def month(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Month]:
    """One filled store per module and backend: building it is the slow part."""
    clock = FrozenClock()
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('reg') / 'register.db'}"
        store = open_store(url, clock=clock)
        yield fill(store, url)
        store.dispose()
        return
    with postgres_month(clock) as filled:
        yield filled


@contextmanager
def postgres_month(clock: FrozenClock) -> Iterator[Month]:
    """A filled store in a fresh PostgreSQL schema; skipped (failed under CI=true) without PostgreSQL."""
    with postgres_store(clock) as (store, url):
        yield fill(store, url)


@contextmanager
def postgres_store(clock: FrozenClock) -> Iterator[tuple[Store, str]]:
    """An empty store in a fresh PostgreSQL schema, and its URL; skipped (failed under CI=true)
    without PostgreSQL."""
    problem = _pg_problem()
    if problem:
        message = f"PostgreSQL at {PG_URL} is not reachable: {problem}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message + " (set CI=true to make this a failure)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    store = open_store(PG_URL, clock=clock, search_path=schema)
    try:
        yield store, f"{PG_URL}?options={quote(f'-csearch_path={schema}')}"
    finally:
        store.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def utc(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


def tmp_file(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path
