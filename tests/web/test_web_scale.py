"""What keeps the app fast at a million violations, and must not change what people see: the
overview's cached counts follow every change, the queue pages by keyset, `serve --workers` works."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webkit import violation_ids

from congvu.cli import app as cli
from congvu.register import review
from congvu.register.schema import people, violations
from congvu.register.store import Store
from congvu.web.cache import CountsCache


def tile(html: str, status: str) -> int:
    found = re.search(rf'class="tile s-{status}"><b>(\d+)</b>', html)
    assert found, f"no {status} tile"
    return int(found.group(1))


def test_overview_counts_follow_a_decision_taken_outside_the_app(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    client = client_for("inspector")
    before = client.get("/?month=2014-06").text
    # `congvu violations confirm` in another process: only the register's stamp can tell us.
    review.decide(store, violation_ids(store)["27/TB-UBND"], "confirm", "Đã xác minh", "Lê Quốc Khánh")
    after = client.get("/?month=2014-06").text
    assert tile(after, "confirmed") == tile(before, "confirmed") + 1
    assert tile(after, "pending") == tile(before, "pending") - 1


def test_counts_cache_computes_once_per_stamp_and_expires() -> None:
    now = [100.0]
    cache = CountsCache(ttl=20, clock=lambda: now[0])
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get(("all", "2014-06"), (5, 9), compute) == 1
    assert cache.get(("all", "2014-06"), (5, 9), compute) == 1
    assert cache.get(("all", "2014-06"), (5, 10), compute) == 2  # an audited change
    assert cache.get(("head", "HM", None), (5, 10), compute) == 3  # another scope, its own entry
    now[0] += 21
    assert cache.get(("all", "2014-06"), (5, 10), compute) == 4  # too old, whatever the stamp
    cache.clear()
    assert cache.get(("all", "2014-06"), (5, 10), compute) == 5


def _add_pending(store: Store, count: int) -> None:
    with store.begin() as conn:
        person = conn.execute(sa.select(people).where(people.c.person_id == "HM-03")).mappings().one()
        conn.execute(
            violations.insert(),
            [
                {
                    "key": f"thu-nghiem:{i}",
                    "person_id": "HM-03",
                    "unit_id": person["unit_id"],
                    "month": "2014-05",
                    "status": "pending",
                    "rule": "DOC-001",
                    "document_id": None,
                    "evidence": {
                        "addresses": ["nguyenvanan85@gmail.com"],
                        "excerpts": [
                            {
                                "address": "nguyenvanan85@gmail.com",
                                "page": 2,
                                "line": 14,
                                "excerpt": f"Công văn số {i}/UBND: liên hệ nguyenvanan85@gmail.com",
                            }
                        ],
                    },
                    "created_at": datetime(2014, 5, 20, tzinfo=UTC),
                    "created_by": "Lê Quốc Khánh",
                }
                for i in range(count)
            ],
        )


def _card_ids(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'<article class="card violation" id="v(\d+)"', html)]


def test_review_queue_pages_by_keyset_without_gaps_or_repeats(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    _add_pending(store, 30)
    with store.begin() as conn:
        expected = sorted(
            (
                r.id
                for r in conn.execute(
                    sa.select(violations.c.id).where(violations.c.status.in_(("pending", "contested")))
                )
            ),
            reverse=True,
        )
    client = client_for("inspector")
    seen: list[int] = []
    page = client.get("/review").text
    while True:
        ids = _card_ids(page)
        assert len(ids) <= 25 and ids == sorted(ids, reverse=True)
        seen += ids
        link = re.search(r'href="(/review\?status=open&(?:amp;)?before=\d+)" rel="next"', page)
        if not link:
            break
        assert "Mới nhất" in client.get(link.group(1).replace("&amp;", "&")).text
        page = client.get(link.group(1).replace("&amp;", "&")).text
    assert seen == expected and len(seen) > 25


def test_serve_workers_starts_uvicorn_from_the_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    for key in ("DATABASE_URL", "SEARCH_PATH", "SECURE_COOKIES", "INLINE_CHECK"):
        monkeypatch.setenv(f"CONGVU_WEB_{key}", "")  # restored (unset) after the test
    db = f"sqlite:///{tmp_path / 'register.db'}"
    result = CliRunner().invoke(cli, ["serve", "--workers", "3", "--db", db, "--port", "8123"])
    assert result.exit_code == 0, result.output
    ((target, kw),) = calls
    assert target == "congvu.web.serve:worker_app" and kw["factory"] and kw["workers"] == 3
    assert kw["port"] == 8123
    from congvu.web.serve import worker_app

    with TestClient(worker_app()) as client:  # what each worker builds from the environment
        assert client.get("/login").status_code == 200


def test_serve_defaults_to_one_process_serving_the_app_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from fastapi import FastAPI

    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append(target))
    result = CliRunner().invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert result.exit_code == 0, result.output
    assert isinstance(calls[0], FastAPI)
