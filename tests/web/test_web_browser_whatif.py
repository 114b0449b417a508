# ruff: noqa: E501  (a form posted in one line reads better)
"""The settings page's policy preview in Debian's Chromium, on SQLite and on PostgreSQL (issue 14).

June 2014 in Liên Chiểu: anh An's (HM-03) Gmail case is confirmed and his head proposed the best
rating, so his June is capped.  The inspector previews a candidate that stops treating gmail.com as
public: his case is listed as "would disappear" and his sheet row uncapped, and the register is
untouched.  Then a candidate that adds thudientu.vn, with a few days of the district's mail log:
Hòa Hiệp Bắc's notice giving a thudientu.vn mailbox and the forwarding to one appear, nothing else
does, and the citizen at thudientu.vn is never refused.  The leader can preview but not adopt; the
inspector adopts with a reason and a confirmation, audited.
Screenshots: tests/web/artifacts/whatif-*-{sqlite,postgresql}.png.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from auditkit import audited
from maillogs import FORWARD_AND_ANSWER
from test_web_browser import ARTIFACTS, CHROMIUM, browser, login_page  # noqa: F401  (skip if no Chromium)
from webkit import (
    INSPECTOR,
    PERSONAS,
    FrozenClock,
    _doc,
    build_register,
    copy_db,
    serving,
    violation_ids,
)

from congvu.policyversion import policy_version
from congvu.register.evaluation import set_proposal
from congvu.register.policies import ADOPTED
from congvu.register.recording import record
from congvu.register.review import decide
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.schema.base import metadata
from congvu.register.store import Store, open_store
from congvu.settings import Config

from pgkit import pg_schema  # isort: skip
from playwright.sync_api import Browser, Page, expect  # isort: skip  (after the Chromium check above)

BEST = DEFAULT_LEVELS[0]
THUDIENTU = "motcua.hhb@thudientu.vn"
SESSION_TABLES = {"web_sessions", "login_failures", "users", "api_tokens"}  # logins write these


def _thudientu_notice() -> dict[str, object]:
    """Hòa Hiệp Bắc's notice giving a thudientu.vn mailbox, which no list calls public yet."""
    doc = _doc("38/TB-UBND", "UBND PHƯỜNG HÒA HIỆP BẮC", "Hoàng Thu Linh", THUDIENTU, "2014-06-23")
    (f,) = doc["findings"]  # type: ignore[misc]
    f.update({"class": "other", "provider": None, "rule": "DOC-000", "reason": "not a public mailbox"})
    doc["verdict"] = "clean"
    return doc


def _prepare(store: Store) -> None:
    record(store, [_thudientu_notice()], INSPECTOR)
    an_case = violation_ids(store)["27/TB-UBND"]
    decide(store, an_case, "confirm", "Đã xác minh: hộp thư Gmail cá nhân của anh An", INSPECTOR)
    set_proposal(store, "HM-03", "2014-06", BEST, LevelScale(DEFAULT_LEVELS, DEFAULT_CAP), "Lê Văn Hùng")


@pytest.fixture(params=["sqlite", "postgresql"])
def served(
    request: pytest.FixtureRequest, template_db: Path, tmp_path: Path
) -> Iterator[tuple[str, Store, str]]:
    if request.param == "sqlite":
        store = open_store(copy_db(template_db, tmp_path / "r.db"), clock=FrozenClock())
        _prepare(store)
        with serving(store) as base:
            yield base, store, "sqlite"
        store.dispose()
        return
    with pg_schema() as (url, schema):
        store = build_register(url, FrozenClock(), search_path=schema)
        _prepare(store)
        with serving(store) as base:
            yield base, store, "postgresql"
        store.dispose()


def _register_digest(store: Store) -> str:
    """Every row of every register table (not the logins'), in key order: any write changes it."""
    h = hashlib.sha256()
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in SESSION_TABLES:
                continue
            rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
            h.update(f"{table.name}:{len(rows)}:{sorted(map(repr, rows))!r}".encode())
    return h.hexdigest()


def _candidate(
    page: Page, base: str, *, extra: str = "", not_public: str = "", mode: str = "monitor"
) -> None:
    page.goto(base + "/settings")
    form = page.locator("#candidate-form")
    form.locator("textarea[name=extra_public_domains]").fill(extra)
    form.locator("textarea[name=not_public]").fill(not_public)
    form.locator("select[name=mode]").select_option(mode)
    form.locator("input[name=month]").fill("2014-06")


def test_preview_then_adopt_a_candidate_policy(browser: Browser, served: tuple[str, Store, str]) -> None:  # noqa: F811
    base, store, backend = served
    an_case = violation_ids(store)["27/TB-UBND"]
    page = login_page(browser, base, "inspector")
    before = _register_digest(store)

    # 1. gmail.com no longer public: anh An's confirmed case would disappear, his June uncapped.
    _candidate(page, base, not_public="gmail.com")
    page.click("#preview-button")
    expect(page.locator("#preview")).to_be_visible()
    expect(page.locator("#preview .notice")).to_contain_text("sổ theo dõi không thay đổi")
    expect(page.locator("#policy-diff")).to_contain_text("policy.not_public")
    gone = page.locator("#would-disappear tbody tr")
    expect(gone.filter(has=page.locator(f'a[href="/violations/{an_case}"]'))).to_have_count(1)
    expect(gone.filter(has_text="nguyenvanan85@gmail.com")).to_contain_text("HM-03")
    expect(page.locator("#would-appear")).to_have_count(0)
    an_row = (
        page.locator("#sheets-change tbody tr")
        .filter(has_text="HM-03")
        .or_(page.locator("#sheets-change tbody tr").filter(has=page.locator('a[href^="/people/HM-03"]')))
    )
    expect(an_row).to_have_count(1)
    expect(an_row).to_contain_text(DEFAULT_CAP)
    expect(an_row.locator("td").nth(3)).to_have_text(BEST)
    expect(an_row.locator("td").nth(5)).to_have_text("hết bị giới hạn")
    expect(page.locator("#per-unit")).to_contain_text("HM")
    page.screenshot(path=str(ARTIFACTS / f"whatif-remove-{backend}.png"), full_page=True)
    assert _register_digest(store) == before, "a preview must write nothing"

    # 2. thudientu.vn added, with the mail log: its document and its forwarding appear, nothing else.
    _candidate(page, base, extra="thudientu.vn", mode="reject")
    page.locator("#candidate-form input[name=mail_log]").set_input_files(
        files=[{"name": "zimbra.log", "mimeType": "text/plain", "buffer": FORWARD_AND_ANSWER.encode()}]
    )
    page.click("#preview-button")
    expect(page.locator("#preview")).to_be_visible()
    appear = page.locator("#would-appear tbody tr")
    expect(appear).to_have_count(1)
    expect(appear).to_contain_text(THUDIENTU)
    expect(appear).to_contain_text("DOC-001")
    expect(appear).to_contain_text("DOC-000")
    expect(page.locator("#would-disappear")).to_have_count(0)
    expect(page.locator("#sheets-change")).to_have_count(0)  # a new case is pending: it caps nobody
    mail = page.locator("#mail-rows tbody tr")
    expect(mail).to_have_count(1)
    expect(mail).to_contain_text("ngocanh.ngo@thudientu.vn")
    expect(mail).to_contain_text("MAIL-003")
    expect(page.locator("#mail-rows")).not_to_contain_text("nguyenvanan1968@thudientu.vn")
    expect(page.locator("#refused-to-citizen")).to_have_text("0")
    assert page.locator('#mail-rows tr[data-citizen="yes"][data-action="reject"]').count() == 0
    assert page.locator('#mail-rows tr[data-citizen="yes"][data-action="hold"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / f"whatif-add-{backend}.png"), full_page=True)
    assert _register_digest(store) == before

    # 3. The leader previews the same candidate but cannot adopt it, not even by posting the form.
    leader = login_page(browser, base, "leader")
    _candidate(leader, base, extra="thudientu.vn")
    leader.click("#preview-button")
    expect(leader.locator("#would-appear tbody tr")).to_have_count(1)
    expect(leader.locator("#adopt-form")).to_have_count(0)
    expect(leader.locator("#adopt-refused")).to_be_visible()
    token = leader.locator("#candidate-form input[name=csrf_token]").input_value()
    refused = leader.request.post(
        base + "/settings/adopt",
        form={"csrf_token": token, "official_domains": "danang.gov.vn", "extra_public_domains": "thudientu.vn",
              "not_public": "", "lookalike_distance": "1", "mode": "monitor", "cap": DEFAULT_CAP,
              "month": "2014-06", "reason": "Thử", "confirm": "yes"},
    )  # fmt: skip
    assert refused.status == 403
    assert audited(store.engine, ADOPTED) == []

    # 4. The inspector adopts it: a reason and the confirmation box are required; audited.
    page.locator("#adopt-form textarea[name=reason]").fill("Bổ sung thudientu.vn theo văn bản của Sở TT&TT")
    page.click("#adopt-button")  # the confirmation box is unticked: the browser refuses to send
    expect(page.locator("#adopted")).to_have_count(0)
    page.locator("#adopt-form input[name=confirm]").check()
    page.click("#adopt-button")
    expect(page.locator("#adopted")).to_contain_text("Đã áp dụng phiên bản chính sách")
    expect(page.locator("#settings-lines")).to_contain_text('extra_public_domains = ["thudientu.vn"]')
    expect(page.locator("#settings-lines")).to_contain_text('mode = "reject"')
    after = Config({"policy.extra_public_domains": ["thudientu.vn"], "mailflow.mode": "reject"})
    adopted = audited(store.engine, ADOPTED)
    assert [(e.who, e.reason) for e in adopted] == [
        (PERSONAS["inspector"].login, "in force before the change"),
        (PERSONAS["inspector"].login, "Bổ sung thudientu.vn theo văn bản của Sở TT&TT"),
    ]
    assert [e.entity_id for e in adopted] == [policy_version(Config()).hash, policy_version(after).hash]
    page.goto(base + "/settings")
    expect(page.locator(".notice")).to_contain_text("cần cập nhật tệp cấu hình")
    page.screenshot(path=str(ARTIFACTS / f"whatif-adopted-{backend}.png"), full_page=True)
