"""The inspector is told of a contest (issue 12): a count on the overview linking to the contested
cases of every month, and an official e-mail through the notify outbox — the reminders' one sending
path, audited.

Anh An (HM-03) contests his confirmed violation for 27/TB-UBND; the inspector is Lê Quốc Khánh
(LC-VHTT-02, khanhlq@danang.gov.vn).  The clock: 25/06/2014 10:00 in Đà Nẵng."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from webkit import csrf_of, login, violation_ids

from congvu.classify.policy import AddressPolicy
from congvu.notify import send as notify_send
from congvu.register import audit, review
from congvu.register.schema import addresses, reminders
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web import create_app

REASON = "Hộp thư do văn thư lập thay, tôi không dùng"
NOTICE = "Có 1 vụ việc đang khiếu nại, chờ thanh tra quyết định lại"


class Recorder:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.messages.append(message)


@pytest.fixture
def confirmed(store: Store) -> int:
    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", "Đã đối chiếu văn bản gốc", "khanhlq")
    return vid


def _contest(client: TestClient, vid: int) -> None:
    token = csrf_of(client.get(f"/violations/{vid}").text)
    done = client.post(
        f"/violations/{vid}/decide",
        data={"csrf_token": token, "action": "contest", "reason": REASON},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


def _outbox(store: Store, vid: int) -> list[tuple[str, str, str, str]]:
    with store.begin() as conn:
        query = sa.select(reminders.c.recipient_id, reminders.c.role, reminders.c.address, reminders.c.state)
        return [tuple(r) for r in conn.execute(query.where(reminders.c.violation_id == vid))]


def test_a_contest_mails_the_inspector_at_once_through_the_outbox(store: Store, confirmed: int) -> None:
    transport = Recorder()
    with TestClient(create_app(store, Config(), inline_check=True, transport=transport)) as client:
        _contest(login(client, "staff_hm"), confirmed)
    assert [str(m["To"]) for m in transport.messages] == ["khanhlq@danang.gov.vn"]  # nobody else
    message = transport.messages[0]
    assert (
        str(message["Subject"])
        == f"[Khiếu nại] Vi phạm #{confirmed} tháng 06/2014 chờ thanh tra quyết định lại"
    )
    text = message.get_content()
    assert "Kính gửi: Ông/Bà Lê Quốc Khánh" in text and "Nguyễn Văn An" in text
    assert f"Lý do khiếu nại: {REASON}" in text and "27/TB-UBND" in text
    assert _outbox(store, confirmed) == [("LC-VHTT-02", "contest", "khanhlq@danang.gov.vn", "sent")]
    with store.begin() as conn:
        events = [e for e in audit.history(conn, "violation") if e["action"] == "contest.notice_queued"]
    assert len(events) == 1 and events[0]["who"] == "annv" and events[0]["entity_id"] == str(confirmed)
    assert events[0]["after"]["recipients"] == [
        {"person_id": "LC-VHTT-02", "address": "khanhlq@danang.gov.vn"}
    ]


def test_without_a_transport_the_notice_waits_for_remind_send(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    _contest(client_for("staff_hm"), confirmed)
    page = client_for("inspector").get(f"/violations/{confirmed}").text
    assert "Lê Quốc Khánh (thanh tra — báo khiếu nại)" in page and "remind_role" not in page  # its history
    assert _outbox(store, confirmed) == [("LC-VHTT-02", "contest", "khanhlq@danang.gov.vn", "pending")]
    policy = AddressPolicy.from_config(Config())
    cap = "Hoàn thành khá nhiệm vụ"
    lines, _ = notify_send.preview(store, "2014-06", policy, cap)
    assert [(line.reminder.role, line.reminder.address, line.state) for line in lines] == [
        ("contest", "khanhlq@danang.gov.vn", "pending")
    ]  # the only confirmed case is contested now: no reminder, only the notice
    transport = Recorder()
    for _ in range(2):  # `congvu remind --send` twice: one message
        notify_send.send(
            store, "2014-06", policy, cap, transport, sender="vhtt.lienchieu@danang.gov.vn",
            sender_name="Phòng Văn hóa và Thông tin",
        )  # fmt: skip
    assert [str(m["To"]) for m in transport.messages] == ["khanhlq@danang.gov.vn"]
    assert REASON in transport.messages[0].get_content()


def test_no_official_address_no_mail_but_the_contest_stands(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    with store.begin() as conn:  # the inspector's only "official" address is a Gmail
        conn.execute(addresses.delete().where(addresses.c.person_id == "LC-VHTT-02"))
        conn.execute(
            addresses.insert().values(person_id="LC-VHTT-02", address="khanhlq@gmail.com", kind="official")
        )
    _contest(client_for("staff_hm"), confirmed)
    assert _outbox(store, confirmed) == []
    with store.begin() as conn:
        event = next(e for e in audit.history(conn, "violation") if e["action"] == "contest.notice_queued")
    assert event["after"]["skipped"] == [
        {"person_id": "LC-VHTT-02", "reason": "no official address in the directory"}
    ]
    assert "Đang khiếu nại" in client_for("inspector").get(f"/violations/{confirmed}").text


def test_the_overview_counts_contests_of_every_month_for_the_inspector(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    inspector = client_for("inspector")
    assert "contest-notice" not in inspector.get("/?month=2014-06").text
    _contest(client_for("staff_hm"), confirmed)
    page = inspector.get("/?month=2014-05").text  # another month: still told
    assert NOTICE in page and 'href="/violations?month=all&amp;status=contested"' in page
    listed = inspector.get("/violations?month=all&status=contested").text
    assert f"#{confirmed}" in listed and "27/TB-UBND" in listed
    assert "contest-notice" not in client_for("head_hm").get("/?month=2014-06").text  # not theirs to decide
    assert "contested case(s) await your decision" in inspector.get("/?month=2014-05&lang=en").text
    review.decide(store, confirmed, "confirm", "Giữ nguyên kết luận", "khanhlq")
    assert "contest-notice" not in inspector.get("/?month=2014-05").text  # decided: the notice is gone


def test_a_contest_and_its_notice_are_one_transaction(
    store: Store, confirmed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notice cannot be queued (the outbox write fails): the contest is not recorded either —
    no contest without its notice — and a later try records both."""
    from congvu.notify import outbox

    real = outbox.enqueue

    def broken(*_args: object, **_kwargs: object) -> int:
        raise sa.exc.OperationalError("INSERT INTO reminders", {}, Exception("disk I/O error"))

    monkeypatch.setattr(outbox, "enqueue", broken)
    app = create_app(store, Config(), inline_check=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        login(client, "staff_hm")
        token = csrf_of(client.get(f"/violations/{confirmed}").text)
        failed = client.post(
            f"/violations/{confirmed}/decide",
            data={"csrf_token": token, "action": "contest", "reason": REASON},
            follow_redirects=False,
        )
        assert failed.status_code == 500
        with store.begin() as conn:
            status = conn.execute(
                sa.text("SELECT status FROM violations WHERE id = :i"), {"i": confirmed}
            ).scalar()
            actions = [e["action"] for e in audit.history(conn, "violation", str(confirmed))]
        assert status == "confirmed"  # the contest was rolled back with its notice
        assert "violation.contested" not in actions and "contest.notice_queued" not in actions
        assert _outbox(store, confirmed) == []
        monkeypatch.setattr(outbox, "enqueue", real)
        _contest(client, confirmed)  # the person tries again: both are written
    assert _outbox(store, confirmed) == [("LC-VHTT-02", "contest", "khanhlq@danang.gov.vn", "pending")]
    with store.begin() as conn:
        actions = [e["action"] for e in audit.history(conn, "violation", str(confirmed))]
    assert actions.count("violation.contested") == 1 and actions.count("contest.notice_queued") == 1


def test_a_refused_contest_queues_no_notice(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    """The other way round: a contest the register refuses (the head of Hòa Minh is not the
    person; here anh An contests twice) leaves no notice behind."""
    client = client_for("staff_hm")
    _contest(client, confirmed)
    review.decide(store, confirmed, "confirm", "Giữ nguyên: hộp thư Gmail ghi trên văn bản", "khanhlq")
    before = _outbox(store, confirmed)
    token = csrf_of(client.get("/check").text)
    again = client.post(
        f"/violations/{confirmed}/decide",
        data={"csrf_token": token, "action": "contest", "reason": REASON},
        follow_redirects=False,
    )
    assert again.status_code == 409  # the decision after a contest is final
    assert _outbox(store, confirmed) == before
    with store.begin() as conn:
        actions = [e["action"] for e in audit.history(conn, "violation", str(confirmed))]
    assert actions.count("contest.notice_queued") == 1


def test_a_reopened_case_decided_again_is_told_again_and_may_be_contested_once_more(
    client_for: Callable[[str], TestClient], store: Store, confirmed: int
) -> None:
    """The rules (docs/register.md): one contest per decision, the decision after a contest is
    final, and only an inspector's reopen starts a new round.  The outbox was keyed (violation,
    recipient), so the new round told nobody: no reminder of the new decision to anh An and his
    head, and his contest of it reached no inspector.  Rows are now per decision round."""
    policy = AddressPolicy.from_config(Config())
    cap = "Hoàn thành khá nhiệm vụ"
    transport = Recorder()

    def remind_send() -> list[tuple[str, str]]:
        before = len(transport.messages)
        notify_send.send(
            store, "2014-06", policy, cap, transport, sender="vhtt.lienchieu@danang.gov.vn",
            sender_name="Phòng Văn hóa và Thông tin",
        )  # fmt: skip
        return sorted((str(m["To"]), str(m["Subject"])[:12]) for m in transport.messages[before:])

    staff = client_for("staff_hm")
    first_round = remind_send()  # decision 1: anh An and his head are reminded
    assert [to for to, _ in first_round] == ["annv@danang.gov.vn", "hunglv@danang.gov.vn"]
    _contest(staff, confirmed)
    review.decide(store, confirmed, "confirm", "Giữ nguyên: hộp thư Gmail ghi trên văn bản", "khanhlq")
    after_contest = remind_send()  # decision 2 (final): the notice of the contest, and the new decision
    assert [to for to, _ in after_contest] == [
        "annv@danang.gov.vn", "hunglv@danang.gov.vn", "khanhlq@danang.gov.vn"
    ]  # fmt: skip
    assert 'value="contest"' not in staff.get(f"/violations/{confirmed}").text  # final: no button
    assert remind_send() == []  # nothing twice
    # the inspector reopens (new evidence) and decides again: a new round
    review.decide(store, confirmed, "reopen", "Văn thư phường cung cấp bản gốc khác", "khanhlq")
    review.decide(store, confirmed, "confirm", "Bản gốc vẫn ghi hộp thư Gmail của anh An", "khanhlq")
    told = remind_send()
    assert [to for to, _ in told] == ["annv@danang.gov.vn", "hunglv@danang.gov.vn"]  # told of decision 3
    page = staff.get(f"/violations/{confirmed}").text
    assert 'value="contest"' in page  # the new decision may be contested once
    _contest(staff, confirmed)
    notices = [r for r in _outbox(store, confirmed) if r[1] == "contest"]
    assert sorted(r[3] for r in notices) == ["pending", "sent"]  # one per contest, the new one waiting
    assert remind_send() == [("khanhlq@danang.gov.vn", "[Khiếu nại] ")]  # the inspector is told again
    assert REASON in transport.messages[-1].get_content()
    # and once only: the contested decision cannot be contested again after the inspector decides
    review.decide(store, confirmed, "confirm", "Giữ nguyên sau khi xem xét khiếu nại lần hai", "khanhlq")
    token = csrf_of(staff.get("/check").text)
    again = staff.post(
        f"/violations/{confirmed}/decide",
        data={"csrf_token": token, "action": "contest", "reason": REASON},
        follow_redirects=False,
    )
    assert again.status_code == 409
    assert len([r for r in _outbox(store, confirmed) if r[1] == "contest"]) == 2


def test_the_upgrade_to_rounds_sends_nothing_twice(store: Store, confirmed: int) -> None:
    """Migration 0016: reminders sent before it take their violation's current round, so the first
    `congvu remind --send` after the upgrade sends nothing again; the downgrade keeps one row each."""
    from alembic import command

    from congvu.register.store import _alembic_config

    policy = AddressPolicy.from_config(Config())
    cap = "Hoàn thành khá nhiệm vụ"
    transport = Recorder()
    args = {"sender": "vhtt.lienchieu@danang.gov.vn", "sender_name": "Phòng Văn hóa và Thông tin"}
    notify_send.send(store, "2014-06", policy, cap, transport, **args)
    assert len(transport.messages) == 2  # anh An and his head, decision 1

    def alembic(step: str, target: str) -> None:
        with store.engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            getattr(command, step)(cfg, target)

    alembic("downgrade", "0015_policy_version")
    with store.begin() as conn:
        assert "round" not in {c["name"] for c in sa.inspect(conn).get_columns("reminders")}
    alembic("upgrade", "head")
    with store.begin() as conn:
        rounds = conn.execute(
            sa.select(reminders.c.round).where(reminders.c.violation_id == confirmed)
        ).scalars()
        assert list(rounds) == [1, 1]
    notify_send.send(store, "2014-06", policy, cap, transport, **args)
    assert len(transport.messages) == 2  # nothing sent again
