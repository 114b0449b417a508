"""Web uploads recorded (issue 12): an inspector's "Kiểm tra và ghi vào sổ" records the checked
document through the one recording path, its original kept by hash; the same content again is one
case with one more occurrence; a staff member's check of their own draft records nothing.

The draft: a Hòa Minh notice 43/TB-UBND signed by anh An (HM-03) giving his Gmail as the contact."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response
from webkit import csrf_of, login

from congvu.register.originals import Originals
from congvu.register.schema import documents, violation_occurrences, violations
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web import create_app

DRAFT = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\nSố: 43/TB-UBND\nHòa Minh, ngày 24 tháng 6 năm 2014\n"
    "THÔNG BÁO\nVề việc tổ chức tổng vệ sinh môi trường khu dân cư\n"
    "Mọi ý kiến xin gửi về hộp thư: nguyenvanan85@gmail.com trước ngày 30/6/2014.\n"
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An\n"
).encode()


def _client(store: Store, kept: Originals, persona: str) -> TestClient:
    app = create_app(store, Config(values={"evidence.originals_dir": str(kept.root)}), inline_check=True)
    return login(TestClient(app), persona)


def _upload(client: TestClient, name: str, action: str, data: bytes = DRAFT) -> Response:
    token = csrf_of(client.get("/check").text)
    return client.post(
        "/check", data={"csrf_token": token, "action": action}, files={"file": (name, data, "text/plain")}
    )


def _counts(store: Store) -> tuple[int, int, int]:
    with store.begin() as conn:
        return (
            conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one(),
            conn.execute(sa.select(sa.func.count()).select_from(violations)).scalar_one(),
            conn.execute(sa.select(sa.func.count()).select_from(violation_occurrences)).scalar_one(),
        )


def test_a_staff_check_records_nothing(store: Store, tmp_path: Path) -> None:
    kept = Originals.at(tmp_path / "originals")
    staff = _client(store, kept, "staff_hm")
    before = _counts(store)
    assert 'value="record"' not in staff.get("/check").text  # no record button for staff
    checked = _upload(staff, "du-thao-43.txt", "check")
    assert checked.status_code == 200 and "nguyenvanan85@gmail.com" in checked.text
    assert 'id="recorded"' not in checked.text
    assert _upload(staff, "du-thao-43.txt", "record").status_code == 403  # a forged button
    assert _counts(store) == before
    assert not kept.root.exists() or not any(kept.root.rglob("*"))  # nothing kept


def test_an_inspector_records_an_upload_once_per_content(store: Store, tmp_path: Path) -> None:
    kept = Originals.at(tmp_path / "originals")
    inspector = _client(store, kept, "inspector")
    assert 'value="record"' in inspector.get("/check").text
    docs, cases, met = _counts(store)
    first = _upload(inspector, "43-TB-UBND.txt", "record")
    assert first.status_code == 200
    assert "Đã ghi văn bản vào sổ." in first.text and "Bản gốc được lưu." in first.text
    (case,) = (int(v) for v in re.findall(r'<a href="/violations/(\d+)">#\d+</a>', first.text))
    assert _counts(store) == (docs + 1, cases + 1, met + 1)
    sha = hashlib.sha256(DRAFT).hexdigest()
    assert kept.find(sha) is not None and kept.find(sha).read_bytes() == DRAFT  # type: ignore[union-attr]
    with store.begin() as conn:
        row = conn.execute(
            sa.select(violations.c.person_id, violations.c.status, violations.c.created_by).where(
                violations.c.id == case
            )
        ).one()
    assert tuple(row) == ("HM-03", "pending", "khanhlq")  # attributed, waiting for a decision
    page = inspector.get(f"/violations/{case}").text
    assert f'href="/violations/{case}/original"' in page  # the original opens from the case
    # the same content under another name: the same case, one more occurrence
    again = _upload(inspector, "thong-bao-43-ban-scan.txt", "record")
    assert (
        "Văn bản này đã có trong sổ" in again.text
        and f'<a href="/violations/{case}">#{case}</a>' in again.text
    )
    assert _counts(store) == (docs + 1, cases + 1, met + 2)
    # pressed again (a reload) the same day under the same name: nothing more
    _upload(inspector, "thong-bao-43-ban-scan.txt", "record")
    assert _counts(store) == (docs + 1, cases + 1, met + 2)
    # a plain check by the inspector records nothing either
    _upload(inspector, "43-TB-UBND-sua.txt", "check", DRAFT.replace(b"30/6", b"29/6"))
    assert _counts(store) == (docs + 1, cases + 1, met + 2)
    english = inspector.get("/check?lang=en").text
    assert ">Check and record</button>" in english and "Staff checking their own draft" in english
