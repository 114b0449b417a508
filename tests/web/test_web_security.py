"""A head stays in their unit, staff in their own record, forms need their CSRF token, uploads stay inert."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from webkit import PASSWORD, PERSONAS, csrf_of, login, violation_ids

from congvu.register import accounts, review, schema
from congvu.register.store import Store


def test_head_cannot_read_another_units_records_by_page(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    client = client_for("head_hhb")
    hm = violation_ids(store)["27/TB-UBND"]
    for path in (
        f"/violations/{hm}",
        "/people/HM-03",
        "/units/HM",
        "/sheet?unit=HM&month=2014-06",
        "/sheet/xlsx?unit=HM&month=2014-06",
    ):
        assert client.get(path).status_code == 404, path
    assert "27/TB-UBND" not in client.get("/review").text
    assert "35/TB-UBND" in client.get("/review").text


def test_head_cannot_act_on_another_units_records_by_form(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    hm = violation_ids(store)["27/TB-UBND"]
    review.decide(store, hm, "confirm", "Đã xác minh", "khanhlq")
    client = client_for("head_hhb")
    token = csrf_of(client.get("/check").text)
    contest = client.post(
        f"/violations/{hm}/decide", data={"csrf_token": token, "action": "contest", "reason": "x"}
    )
    assert contest.status_code == 404
    propose = client.post(
        "/sheet/propose",
        data={
            "csrf_token": token,
            "person_id": "HM-03",
            "month": "2014-06",
            "rating": "Hoàn thành xuất sắc nhiệm vụ",
        },
    )
    assert propose.status_code == 404
    with store.begin() as conn:
        assert review.list_violations(conn, person="HM-03", month="2014-06")[0]["status"] == "confirmed"
        from congvu.register.evaluation import build_sheet
        from congvu.settings import Config
        from congvu.web.app import _scale

        sheet = build_sheet(conn, "HM", "2014-06", _scale(Config()))
    assert all(r.proposed is None for r in sheet.rows)


def test_staff_sees_only_their_own_record(client_for: Callable[[str], TestClient], store: Store) -> None:
    client = client_for("staff_hm")
    ids = violation_ids(store)
    assert client.get(f"/violations/{ids['27/TB-UBND']}").status_code == 200  # their own
    assert client.get(f"/violations/{ids['31/TB-UBND']}").status_code == 404  # a colleague's
    assert client.get("/people/HM-05").status_code == 404
    for path in ("/review", "/units", "/sheet", "/audit", "/report", "/settings"):
        assert client.get(path).status_code == 403, path
    token = csrf_of(client.get("/check").text)
    act = client.post(
        f"/violations/{ids['27/TB-UBND']}/decide",
        data={"csrf_token": token, "action": "dismiss", "reason": "tự bác bỏ"},
    )
    assert act.status_code == 403


def test_leader_reads_everything_but_decides_nothing(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    client = client_for("leader")
    vid = violation_ids(store)["35/TB-UBND"]
    page = client.get(f"/violations/{vid}")
    assert page.status_code == 200 and 'name="action"' not in page.text
    refused = client.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": csrf_of(page.text), "action": "confirm", "reason": "x"},
    )
    assert refused.status_code == 403


def test_forms_without_csrf_token_are_refused(client_for: Callable[[str], TestClient], store: Store) -> None:
    client = client_for("inspector")
    vid = violation_ids(store)["35/TB-UBND"]
    for data in (
        {"action": "confirm", "reason": "Đã xác minh"},
        {"action": "confirm", "reason": "Đã xác minh", "csrf_token": "giả-mạo"},
    ):
        assert client.post(f"/violations/{vid}/decide", data=data).status_code == 403
    with store.begin() as conn:
        assert review.list_violations(conn, month="2014-06", unit="HHB")[0]["status"] == "pending"
    assert client.post("/logout").status_code == 403
    assert client.post("/check", files={"file": ("a.txt", b"x")}).status_code == 403


def test_login_form_needs_its_token_too(app: FastAPI) -> None:
    client = TestClient(app)
    response = client.post("/login", data={"username": "khanhlq", "password": PASSWORD})
    assert response.status_code == 403


def test_session_cookie_flags_and_logout(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "username": "khanhlq", "password": PASSWORD},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    token = csrf_of(client.get("/").text)
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/", follow_redirects=False).status_code == 303  # the session is gone server-side


def test_login_is_throttled_per_account(app: FastAPI, store: Store) -> None:
    client = TestClient(app)
    for _ in range(accounts.MAX_FAILURES):
        page = client.get("/login")
        client.post(
            "/login", data={"csrf_token": csrf_of(page.text), "username": "hunglv", "password": "sai"}
        )
    page = client.get("/login")
    right = client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "username": "hunglv", "password": PASSWORD},
        follow_redirects=False,
    )
    assert right.status_code == 429 and "Quá nhiều lần đăng nhập sai" in right.text
    assert accounts.login(store, "hunglv", PASSWORD, "10.0.0.9").status == "locked"


def test_next_parameter_cannot_leave_the_site(app: FastAPI) -> None:
    client = TestClient(app)
    page = client.get("/login?next=//evil.example/x")
    assert 'name="next" value="/"' in page.text


def test_upload_is_never_served_back_raw_nor_executed(client_for: Callable[[str], TestClient]) -> None:
    client = client_for("staff_hm")
    token = csrf_of(client.get("/check").text)
    hostile = (
        "<html><body><script>document.title='pwned'</script>"
        "<p>Liên hệ: <img src=x onerror=alert(1)>tuyendung.hoaminh@gmail.com</p></body></html>"
    )
    response = client.post(
        "/check",
        data={"csrf_token": token},
        files={"file": ("<script>x</script>.html", hostile.encode(), "text/html")},
    )
    assert response.status_code == 200
    assert "<script>" not in response.text and "onerror=alert" not in response.text.replace("&#39;", "'")
    assert "<img" not in response.text.split("<main>")[1]
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for path in ("/static/x.html", "/uploads/x.html"):
        assert client.get(path).status_code == 404


def test_tokens_are_stored_hashed(store: Store) -> None:
    secret = accounts.create_token(store, "Hệ thống quản lý văn bản", "head", "test", "HM")
    with store.begin() as conn:
        rows = [tuple(r) for r in conn.execute(schema.api_tokens.select())]
        users = [tuple(r) for r in conn.execute(schema.users.select())]
    assert secret not in str(rows) and accounts.digest(secret) in str(rows)
    assert PASSWORD not in str(users) and "$argon2id$" in str(users)


def test_account_scopes_are_validated(store: Store) -> None:
    import pytest

    for args in (
        ("x1", "head", None, None),
        ("x2", "staff", "HM", None),
        ("x3", "chief", None, None),
        ("x4", "staff", "HHB", "HM-03"),
    ):
        with pytest.raises(accounts.AccountError):
            accounts.add_user(store, args[0], args[1], PASSWORD, "test", args[2], args[3])
    assert PERSONAS["head_hm"].unit == "HM"


def test_every_account_change_is_audited(store: Store) -> None:
    from congvu.register import audit

    accounts.add_user(store, "thaodt", "staff", PASSWORD, "khanhlq", None, "HHB-03")
    with store.begin() as conn:
        events = audit.history(conn, "user", "thaodt")
    assert events[0]["action"] == "user.created" and events[0]["after"]["unit"] == "HHB"


def test_login_helper_personas_all_work(app: FastAPI) -> None:
    for persona in PERSONAS:
        with TestClient(app) as client:
            login(client, persona)
