"""The e-office API: bearer tokens, the check in the scan contract, violations within the token's scope."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from webkit import FrozenClock, copy_db, violation_ids

from congvu.register import accounts
from congvu.register.store import Store, open_store
from congvu.settings import Config
from congvu.web import create_app

DRAFT = (
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA HIỆP BẮC\nSố: 41/GM-UBND\nHòa Hiệp Bắc, ngày 23 tháng 6 năm 2014\n"
    "GIẤY MỜI\nDự hội nghị triển khai Chỉ thị 01/CT-UBND\n"
    "Đề nghị xác nhận tham dự qua hộp thư: vanphong.hhb@yahoo.com trước ngày 25/6/2014.\n"
).encode()


def bearer(store: Store, role: str, unit: str | None = None) -> dict[str, str]:
    return {"Authorization": "Bearer " + accounts.create_token(store, f"e-office {role}", role, "test", unit)}


def test_no_or_bad_token_is_401(app: FastAPI) -> None:
    client = TestClient(app)
    for headers in ({}, {"Authorization": "Bearer cv_nope"}, {"Authorization": "Basic eDp5"}):
        response = client.get("/api/v1/violations", headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/v1/check", files={"file": ("a.txt", DRAFT)}).status_code == 401


def test_check_returns_one_scan_contract_document(app: FastAPI, store: Store) -> None:
    client = TestClient(app)
    response = client.post(
        "/api/v1/check", headers=bearer(store, "head", "HHB"), files={"file": ("giay-moi.txt", DRAFT)}
    )
    assert response.status_code == 200
    doc = response.json()
    assert set(doc) >= {
        "path",
        "status",
        "error",
        "verdict",
        "metadata",
        "findings",
        "sha256",
        "format",
        "pages",
        "ocr_pages",
        "parts",
        "warnings",
    }
    assert doc["path"] == "giay-moi.txt" and doc["status"] == "ok"
    assert [f["address"] for f in doc["findings"]] == ["vanphong.hhb@yahoo.com"]
    assert doc["findings"][0]["class"] == "public"


def test_upload_limits(app: FastAPI, store: Store) -> None:
    client = TestClient(app)
    headers = bearer(store, "inspector")
    assert (
        client.post("/api/v1/check", headers=headers, files={"file": ("setup.exe", b"MZ\x90")}).status_code
        == 415
    )
    app.state.web.max_upload = 1024
    big = client.post("/api/v1/check", headers=headers, files={"file": ("dai.txt", b"a" * 2048)})
    assert big.status_code == 413


def test_violations_are_scoped_to_the_token(app: FastAPI, store: Store) -> None:
    client = TestClient(app)
    ids = violation_ids(store)
    everyone = client.get("/api/v1/violations", headers=bearer(store, "leader")).json()["violations"]
    assert {v["id"] for v in everyone} == set(ids.values())
    hhb = bearer(store, "head", "HHB")
    mine = client.get("/api/v1/violations", headers=hhb).json()["violations"]
    assert [v["document_number"] for v in mine] == ["35/TB-UBND"]
    assert client.get(f"/api/v1/violations/{ids['35/TB-UBND']}", headers=hhb).status_code == 200
    assert client.get(f"/api/v1/violations/{ids['27/TB-UBND']}", headers=hhb).status_code == 404
    assert client.get("/api/v1/violations?unit=HM", headers=hhb).json() == {"violations": []}


def test_violation_filters(app: FastAPI, store: Store) -> None:
    client = TestClient(app)
    headers = bearer(store, "inspector")
    may = client.get("/api/v1/violations?month=2014-05", headers=headers).json()["violations"]
    assert [v["document_number"] for v in may] == ["12/TB-UBND"]
    assert client.get("/api/v1/violations?status=confirmed", headers=headers).json() == {"violations": []}
    assert client.get("/api/v1/violations?month=2014-13", headers=headers).status_code == 422


def _operations() -> list[str]:
    return [
        "POST /api/v1/check",
        "GET /api/v1/violations",
        "GET /api/v1/violations/{violation_id}",
        "POST /api/v1/violations/{violation_id}/contest",
    ]


@pytest.mark.parametrize("label", _operations())
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi(
    template_db: Path, tmp_path: Path, label: str, mode: GenerationMode
) -> None:
    """Schemathesis (positive and negative cases, bounded) finds no failure in any operation.

    Driven through its Python API rather than its pytest plugin, which does not load under pytest 9.
    """
    store = open_store(copy_db(template_db, tmp_path / "r.db"), clock=FrozenClock())
    app = create_app(store, Config(), inline_check=True, max_upload=64 * 1024)
    token = accounts.create_token(store, "schemathesis", "inspector", "test")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = {f"{op.ok().method.upper()} {op.ok().path}": op.ok() for op in schema.get_all_operations()}
    assert set(operations) == set(_operations())
    auth = {"Authorization": f"Bearer {token}"}
    # The upload's type is decided by the file name's extension (415), which OpenAPI cannot express;
    # for the check only, a schema-valid upload may therefore be refused — asserted just below.
    excluded = [positive_data_acceptance] if label.startswith("POST") else []

    @given(case=operations[label].as_strategy(generation_mode=mode))
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def run(case: schemathesis.Case) -> None:
        response = case.call_and_validate(headers=auth, excluded_checks=excluded)
        if label.startswith("POST") and response.status_code == 415:
            assert "unsupported file type" in response.text  # the name's type, not in the schema

    try:
        run()
    finally:
        store.dispose()
