"""The overview's and the queue's main parts are kept and shared (issue 12, pages at a million
violations), so they must never show a stale register nor one user's header to another: a decision
taken outside the app (the CLI, another server process) shows on the next request, and two
inspectors with the same scope each see their own name and CSRF token around the shared part."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from webkit import PASSWORD, csrf_of, violation_ids

from congvu.register import accounts, review
from congvu.register.store import Store


def _card_status(page: str, vid: int) -> str | None:
    found = re.search(rf'id="v{vid}">\s*<h3>.*?class="badge s-([a-z]+)"', page, re.S)
    return found.group(1) if found else None


def test_a_decision_outside_the_app_shows_on_the_next_request(
    store: Store, client_for: Callable[[str], TestClient]
) -> None:
    vid = violation_ids(store)["27/TB-UBND"]
    inspector = client_for("inspector")
    assert _card_status(inspector.get("/review").text, vid) == "pending"
    overview = inspector.get("/?month=2014-06").text
    confirmed_before = int(re.search(r'status=confirmed" class="tile s-confirmed"><b>(\d+)</b>', overview)[1])
    inspector.get("/review")  # now served from the cache
    review.decide(store, vid, "confirm", "Đã đối chiếu văn bản gốc", "khanhlq")  # as `congvu review` does
    assert _card_status(inspector.get("/review").text, vid) is None  # no longer open
    assert _card_status(inspector.get("/review?status=confirmed").text, vid) == "confirmed"
    overview = inspector.get("/?month=2014-06").text
    confirmed_after = int(re.search(r'status=confirmed" class="tile s-confirmed"><b>(\d+)</b>', overview)[1])
    assert confirmed_after == confirmed_before + 1


def test_the_shared_part_carries_no_users_header(
    store: Store, client_for: Callable[[str], TestClient]
) -> None:
    accounts.add_user(store, "tuanpm", "inspector", PASSWORD, "Quản trị hệ thống", "LC-VHTT", None)
    first = client_for("inspector")  # khanhlq
    second = TestClient(first.app)
    token = csrf_of(second.get("/login").text)
    second.post("/login", data={"csrf_token": token, "username": "tuanpm", "password": PASSWORD})
    for page in ("/review", "/?month=2014-06", "/review?lang=en", "/?month=2014-06&lang=en"):
        mine, theirs = first.get(page).text, second.get(page).text
        assert "khanhlq" in mine and "tuanpm" not in mine
        assert "tuanpm" in theirs and "khanhlq" not in theirs
        assert csrf_of(mine) != csrf_of(theirs)
        assert mine.split("<main>")[1] == theirs.split("<main>")[1]  # the main part is the same
    english = first.get("/review?lang=en").text
    assert "Pending" in english or "pending" in english.lower()
    assert first.get("/review?lang=vi").text.split("<main>")[1] != english.split("<main>")[1]
