"""The contest cannot be gamed and a closed month stays closed (issue 12).

Personas: the inspector Lê Quốc Khánh, the head of Hòa Minh Lê Văn Hùng (HM-01), his staff member
Nguyễn Văn An (HM-03).  The clock starts on Sunday 15/06/2014, 10:00 in Đà Nẵng."""

from __future__ import annotations

from datetime import datetime

import pytest
from regdocs import document
from regkit import HEAD_HOA_MINH, INSPECTOR, STAFF, STAFF_ID, Backend

from congvu.clock import LOCAL
from congvu.register import audit
from congvu.register.closures import ClosedSheet, close_sheet, contest_deadline, reopen_sheet
from congvu.register.evaluation import EvaluationError, build_sheet, set_proposal
from congvu.register.recording import record
from congvu.register.review import Filer, ReviewError, add_manual, decide, list_violations
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.store import Store

LEVELS = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)
BEST = DEFAULT_LEVELS[0]
AN = Filer(STAFF_ID, as_head=False)  # Nguyễn Văn An himself
HUNG = Filer("HM-01", as_head=True)  # his head, Lê Văn Hùng


def _row(store: Store, person: str = STAFF_ID, unit: str = "HM"):  # type: ignore[no-untyped-def]
    with store.begin() as conn:
        return next(r for r in build_sheet(conn, unit, "2014-06", LEVELS).rows if r.person_id == person)


@pytest.fixture
def confirmed(org: Store) -> int:
    """Anh An's Gmail on a Hòa Minh notice, confirmed, with a proposal of the best rating."""
    record(org, [document("15/UBND-VP")], INSPECTOR)
    set_proposal(org, STAFF_ID, "2014-06", BEST, LEVELS, HEAD_HOA_MINH)
    with org.begin() as conn:
        vid = int(list_violations(conn)[0]["id"])
    decide(org, vid, "confirm", "Đã đối chiếu văn bản gốc: hộp thư cá nhân của anh An", INSPECTOR)
    return vid


def test_confirm_contest_confirm_leaves_the_person_capped(org: Store, confirmed: int) -> None:
    assert (_row(org).final, _row(org).capped) == (DEFAULT_CAP, True)
    decide(org, confirmed, "contest", "Hộp thư do văn thư lập, tôi không dùng", STAFF, filer=AN)
    waiting = _row(org)
    assert (waiting.final, waiting.capped, waiting.awaiting) == (None, False, True)  # never uncapped
    assert "chờ giải quyết khiếu nại" in waiting.note.lower()
    decide(org, confirmed, "confirm", "Văn thư xác nhận anh An tự gõ địa chỉ", INSPECTOR)
    after = _row(org)
    assert (after.final, after.capped, after.awaiting) == (DEFAULT_CAP, True, False)
    with pytest.raises(ReviewError, match="final"):  # the second contest is refused
        decide(org, confirmed, "contest", "Tôi khiếu nại lần nữa", STAFF, filer=AN)
    with pytest.raises(ReviewError, match="final"):  # the head cannot start another round either
        decide(org, confirmed, "contest", "Khiếu nại thay anh An", HEAD_HOA_MINH, filer=HUNG)
    assert _row(org).final == DEFAULT_CAP
    with org.begin() as conn:
        trail = audit.history(conn, "violation", str(confirmed))
    assert trail[-1]["after"] == {"status": "confirmed", "final": True}


def test_only_an_inspectors_reopen_starts_a_new_round(org: Store, confirmed: int) -> None:
    decide(org, confirmed, "contest", "Không phải hộp thư của tôi", STAFF, filer=AN)
    decide(org, confirmed, "confirm", "Đã xác minh lại", INSPECTOR)
    with pytest.raises(ReviewError, match="reason"):
        decide(org, confirmed, "reopen", "  ", INSPECTOR)
    decide(org, confirmed, "reopen", "Có văn bản mới của Văn phòng UBND phường", INSPECTOR)
    assert _row(org).final == BEST  # pending again: no cap until decided
    decide(org, confirmed, "confirm", "Văn bản mới không thay đổi kết luận", INSPECTOR)
    decide(org, confirmed, "contest", "Khiếu nại quyết định mới", STAFF, filer=AN)  # a new decision
    with org.begin() as conn:
        actions = [e["action"] for e in audit.history(conn, "violation", str(confirmed))]
    assert actions[-3:] == ["violation.reopened", "violation.confirmed", "violation.contested"]


def test_a_head_contests_for_staff_but_never_their_own_case(org: Store, confirmed: int) -> None:
    own = add_manual(org, "HM-01", "2014-06", "Ông Hùng gửi báo cáo tháng bằng Gmail", INSPECTOR)
    decide(org, own, "confirm", "Đã xác minh", INSPECTOR)
    with pytest.raises(ReviewError, match="head cannot contest"):
        decide(org, own, "contest", "Tôi không dùng hộp thư đó", HEAD_HOA_MINH, filer=HUNG)
    with pytest.raises(ReviewError, match="only the person"):  # another staff member: no
        decide(
            org, confirmed, "contest", "Khiếu nại giúp anh An", "Đặng Ngọc Mai", filer=Filer("HM-04", False)
        )
    decide(org, confirmed, "contest", "Anh An dùng thư công vụ từ 15/6", HEAD_HOA_MINH, filer=HUNG)
    with org.begin() as conn:
        statuses = {v["id"]: v["status"] for v in list_violations(conn)}
    assert (statuses[own], statuses[confirmed]) == ("confirmed", "contested")


def test_a_contest_after_the_window_is_refused(backend: Backend, org: Store, confirmed: int) -> None:
    # Confirmed on Sunday 15/06: five working days are Mon 16 … Fri 20; the window ends at midnight.
    deadline = contest_deadline(datetime.fromisoformat("2014-06-15T03:00:00+00:00"), 5)
    assert deadline == datetime(2014, 6, 21, 0, 0, tzinfo=LOCAL)
    backend.clock.set("2014-06-20T17:00:00+00:00")  # Saturday 21/06, 00:00 in Đà Nẵng
    with pytest.raises(ReviewError, match="ended on 21/06/2014 00:00"):
        decide(org, confirmed, "contest", "Tôi đi công tác, nay mới biết", STAFF, filer=AN)
    backend.clock.set("2014-06-20T16:59:00+00:00")  # Friday 23:59: still in time
    decide(org, confirmed, "contest", "Tôi đi công tác, nay mới biết", STAFF, filer=AN)


def test_a_contested_case_blocks_closing_the_month(backend: Backend, org: Store, confirmed: int) -> None:
    with pytest.raises(ClosedSheet, match="may still be contested"):  # the window is still open
        close_sheet(org, "HM", "2014-06", HEAD_HOA_MINH)
    decide(org, confirmed, "contest", "Không phải hộp thư của tôi", STAFF, filer=AN)
    backend.clock.set("2014-07-02T03:00:00+00:00")
    with pytest.raises(ClosedSheet, match="contested"):
        close_sheet(org, "HM", "2014-06", HEAD_HOA_MINH)
    decide(org, confirmed, "dismiss", "Văn thư xác nhận đã lập hộp thư thay", INSPECTOR)
    close_sheet(org, "HM", "2014-06", HEAD_HOA_MINH)
    with org.begin() as conn:
        sheet = build_sheet(conn, "HM", "2014-06", LEVELS)
    assert sheet.closed_by == HEAD_HOA_MINH and sheet.as_json()["closed_at"]


def test_a_closed_month_refuses_proposals_and_decisions_until_reopened(
    backend: Backend, org: Store, confirmed: int
) -> None:
    backend.clock.set("2014-07-02T03:00:00+00:00")  # the window has passed
    close_sheet(org, "HM", "2014-06", INSPECTOR)
    with pytest.raises(EvaluationError) as refused:
        set_proposal(org, STAFF_ID, "2014-06", DEFAULT_CAP, LEVELS, HEAD_HOA_MINH, "HM")
    assert "closed" in refused.value.errors[0].message
    with pytest.raises(ReviewError, match="closed"):
        decide(org, confirmed, "reopen", "Xem lại theo đơn của anh An", INSPECTOR)
    set_proposal(org, "HKB-03", "2014-06", BEST, LEVELS, INSPECTOR)  # another unit's sheet is open
    with pytest.raises(ClosedSheet, match="reason"):
        reopen_sheet(org, "HM", "2014-06", " ", HEAD_HOA_MINH)
    reopen_sheet(org, "HM", "2014-06", "Trưởng phòng Nội vụ đề nghị rà soát lại", HEAD_HOA_MINH)
    set_proposal(org, STAFF_ID, "2014-06", DEFAULT_CAP, LEVELS, HEAD_HOA_MINH, "HM")
    assert _row(org).proposed == DEFAULT_CAP
    with org.begin() as conn:
        trail = audit.history(conn, "sheet", "HM:2014-06")
    assert [(e["action"], e["reason"]) for e in trail] == [
        ("sheet.closed", None),
        ("sheet.reopened", "Trưởng phòng Nội vụ đề nghị rà soát lại"),
    ]


def test_the_command_line_closes_and_reopens_with_the_same_rules(backend: Backend, confirmed: int) -> None:
    from typer.testing import CliRunner

    from congvu.cli import app

    def run(*args: str, clock: str = "2014-06-16T03:00:00+00:00") -> tuple[int, str]:
        env = {"CONGVU_CLOCK": clock, "CONGVU_USER": INSPECTOR}
        result = CliRunner().invoke(app, [*args, "--db", backend.url], env=env)
        return result.exit_code, result.output

    code, output = run("evaluation", "close", "--unit", "HM", "--month", "2014-06")
    assert code == 1 and "may still be contested until 21/06/2014 00:00" in output
    later = "2014-06-23T03:00:00+00:00"
    assert run("evaluation", "close", "--unit", "HM", "--month", "2014-06", clock=later)[0] == 0
    code, output = run("violations", "reopen", str(confirmed), "--reason", "Rà soát lại", clock=later)
    assert code == 1 and "closed" in output
    reopened = run(
        "evaluation", "reopen", "--unit", "HM", "--month", "2014-06", "--reason", "Rà soát", clock=later
    )
    assert reopened == (0, "sheet HM 2014-06 reopened\n")
