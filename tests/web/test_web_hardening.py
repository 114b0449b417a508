"""Logins that cannot stall the app nor reveal accounts, a throttle no header or second worker
escapes, tokens that expire and can be revoked, users that can be disabled, numbers that cannot
make a 500, evidence without server paths (issue 16, point 11 and the web parts of 12)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webkit import PASSWORD, FrozenClock, csrf_of, login, violation_ids

from congvu.cli import app as cli_app
from congvu.register import accounts
from congvu.register.store import Store, open_store
from congvu.settings import Config
from congvu.web import create_app
from congvu.web.templating import file_name


def _try(client: TestClient, name: str, password: str = "sai-mat-khau", **headers: str) -> tuple[int, str]:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "username": name, "password": password},
        headers=headers,
        follow_redirects=False,
    )
    message = re.sub(r'value="[^"]*"', "", response.text)  # tokens differ per request
    return response.status_code, message


def test_password_checks_run_off_the_event_loop(app: FastAPI, monkeypatch: object) -> None:
    seen: list[bool] = []
    real = accounts.login

    def watched(*args: object) -> accounts.LoginOutcome:
        try:
            asyncio.get_running_loop()
            seen.append(True)  # called on the loop's thread: every other request would wait
        except RuntimeError:
            seen.append(False)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(accounts, "login", watched)  # type: ignore[attr-defined]
    assert _try(TestClient(app), "hunglv", PASSWORD)[0] == 303
    assert _try(TestClient(app), "hunglv")[0] == 401
    assert seen == [False, False]


def test_unknown_and_existing_accounts_answer_alike(app: FastAPI) -> None:
    client = TestClient(app)
    existing = [_try(client, "hunglv") for _ in range(accounts.MAX_FAILURES + 1)]
    unknown = [_try(client, "khong-ton-tai") for _ in range(accounts.MAX_FAILURES + 1)]
    assert (
        [s for s, _ in existing]
        == [s for s, _ in unknown]
        == [401] * (accounts.MAX_FAILURES - 1) + [429, 429]
    )
    assert [m for _, m in existing] == [m for _, m in unknown]


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(store: Store) -> None:
    # Twenty failures under twenty different names and twenty forged addresses: one client.
    untrusted = TestClient(create_app(store, Config(), inline_check=True))
    for i in range(accounts.IP_FAILURES):
        expected = 401 if i < accounts.IP_FAILURES - 1 else 429  # the twentieth failure locks the client
        assert _try(untrusted, f"thu-{i}", **{"X-Forwarded-For": f"203.0.113.{i}"})[0] == expected
    assert _try(untrusted, "hunglv", PASSWORD, **{"X-Forwarded-For": "198.51.100.7"})[0] == 429
    # Behind a configured proxy, the forwarded address is the client's: others are not blocked.
    proxied = TestClient(
        create_app(store, Config({"web.trusted_proxies": ["testclient"]}), inline_check=True)
    )
    assert _try(proxied, "hunglv", PASSWORD, **{"X-Forwarded-For": "198.51.100.7, testclient"})[0] == 303


def test_the_throttle_is_shared_by_every_worker(store: Store) -> None:
    one = TestClient(create_app(store, Config(), inline_check=True))
    two = TestClient(create_app(store, Config(), inline_check=True))  # a second worker process's app
    for i in range(accounts.MAX_FAILURES):
        assert _try(one if i % 2 else two, "hunglv")[0] in (401, 429)
    assert _try(one, "hunglv", PASSWORD)[0] == 429
    assert _try(two, "hunglv", PASSWORD)[0] == 429


def test_tokens_expire_and_can_be_revoked(app: FastAPI, store: Store) -> None:
    past = Store(
        store.engine, clock=FrozenClock("2014-06-20T03:00:00+00:00")
    )  # the same register, 5 days ago
    old = accounts.create_token(past, "QLVB-cu", "inspector", "khanhlq", days=2)  # expired on 06-22
    fresh = accounts.create_token(store, "QLVB", "inspector", "khanhlq")
    client = TestClient(app)
    assert client.get("/api/v1/violations", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert client.get("/api/v1/violations", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    assert accounts.revoke_token(store, "QLVB", "khanhlq") == 1
    assert client.get("/api/v1/violations", headers={"Authorization": f"Bearer {fresh}"}).status_code == 401


def test_a_disabled_user_is_logged_out_and_cannot_log_in(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    client = client_for("head_hm")
    assert client.get("/", follow_redirects=False).status_code == 200
    accounts.set_active(store, "hunglv", False, "khanhlq")
    assert client.get("/", follow_redirects=False).status_code == 303  # the session ended
    assert _try(TestClient(client.app), "hunglv", PASSWORD)[0] == 401
    accounts.set_active(store, "hunglv", True, "khanhlq")
    login(TestClient(client.app), "head_hm")


def test_bad_numbers_are_the_clients_mistake(
    client_for: Callable[[str], TestClient], app: FastAPI, store: Store
) -> None:
    client = client_for("inspector")
    huge = "9" * 30
    for path in (f"/audit?page={huge}", f"/review?before={huge}", "/audit?page=-1", "/review?before=x1"):
        assert client.get(path).status_code == 400, path
    assert client.get(f"/violations/{huge}").status_code == 400
    token = accounts.create_token(store, "QLVB", "inspector", "khanhlq")
    api = TestClient(app)
    answer = api.get(f"/api/v1/violations/{huge}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 422


def test_evidence_shows_a_file_name_not_a_server_path(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    assert file_name("/srv/congvu/van-ban/2014/27-TB-UBND.docx") == "27-TB-UBND.docx"
    assert file_name("C:\\\\VB\\\\27-TB-UBND.docx") == "27-TB-UBND.docx"
    page = client_for("head_hm").get(f"/violations/{violation_ids(store)['27/TB-UBND']}")
    assert page.status_code == 200 and "27-TB-UBND.docx" in page.text and "van-ban/" not in page.text


def test_cli_disables_users_changes_passwords_and_revokes_tokens(example_register: str) -> None:
    db = example_register  # SQLite and PostgreSQL
    run = CliRunner().invoke
    assert (
        run(
            cli_app,
            ["users", "add", "hunglv", "--role", "head", "--unit", "HM", "--db", db],
            input=PASSWORD + "\n",
        ).exit_code
        == 0
    )
    new = "mật-khẩu-mới-2015"
    assert run(cli_app, ["users", "passwd", "hunglv", "--db", db], input=new + "\n").exit_code == 0
    assert run(cli_app, ["users", "disable", "hunglv", "--db", db]).exit_code == 0
    made = run(
        cli_app, ["tokens", "create", "--name", "QLVB", "--role", "inspector", "--days", "30", "--db", db]
    )
    assert made.exit_code == 0
    assert run(cli_app, ["tokens", "revoke", "--name", "QLVB", "--db", db]).exit_code == 0
    assert run(cli_app, ["tokens", "revoke", "--name", "QLVB", "--db", db]).exit_code == 1
    store = open_store(db)
    try:
        assert accounts.authenticate(store, "hunglv", new) is None  # disabled
        run(cli_app, ["users", "enable", "hunglv", "--db", db])
        assert accounts.authenticate(store, "hunglv", new) is not None
        assert accounts.authenticate(store, "hunglv", PASSWORD) is None
        with store.begin() as conn:
            assert (
                accounts.token_principal(conn, made.stdout.strip(), store.clock() + timedelta(days=1)) is None
            )
    finally:
        store.dispose()
