"""The evaluation sheet saved whole (issue 12): no pre-selected proposal, one form, a confirmation
step, one audited change per changed row, refusals inline per row in the page's language.

The head of Hòa Minh (HM-01) rates his ward for June 2014; Anh An (HM-03) has a confirmed
violation, so a "xuất sắc" proposal for him is shown as capped before it is saved."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response
from webkit import csrf_of, login, violation_ids

from congvu.register import review
from congvu.register.closures import close_sheet
from congvu.register.evaluation import build_sheet
from congvu.register.scales import DEFAULT_CAP, DEFAULT_LEVELS, LevelScale
from congvu.register.schema import audit_events, evaluations
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web import create_app

URL = "/sheet?unit=HM&month=2014-06"
LEVELS = LevelScale(DEFAULT_LEVELS, DEFAULT_CAP)
BEST, GOOD, FAIR = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành khá nhiệm vụ"


def _save(client: TestClient, confirm: bool = False, **ratings: str) -> Response:
    data = {"csrf_token": csrf_of(client.get(URL).text), "unit": "HM", "month": "2014-06"}
    data |= {f"rating:{pid.replace('_', '-')}": value for pid, value in ratings.items()}
    if confirm:
        data["confirm"] = "1"
    return client.post("/sheet/save", data=data, follow_redirects=False)


def _proposals(store: Store) -> dict[str, str]:
    with store.begin() as conn:
        rows = conn.execute(sa.select(evaluations.c.person_id, evaluations.c.proposed)).all()
    return {p: r for p, r in rows}


def _proposal_events(store: Store) -> list[str]:
    with store.begin() as conn:
        return list(
            conn.execute(
                sa.select(audit_events.c.entity_id).where(audit_events.c.action == "evaluation.proposed")
            ).scalars()
        )


def _selected(page: str, person_id: str) -> list[str]:
    """The selected option(s) of a row's choice."""
    found = re.search(rf'<select name="rating:{person_id}".*?</select>', page, re.S)
    assert found, f"no choice for {person_id}"
    return re.findall(r'<option(?: value="[^"]*")? selected>([^<]*)</option>', found.group(0))


def test_nobody_is_pre_selected_and_the_sheet_is_one_form(client_for: Callable[[str], TestClient]) -> None:
    page = client_for("head_hm").get(URL).text
    for pid in ("HM-01", "HM-02", "HM-03", "HM-04", "HM-05"):
        assert _selected(page, pid) == ["— chưa đề xuất —"], pid
    assert page.count('action="/sheet/save"') == 1 and 'action="/sheet/propose"' not in page
    assert "Lưu bảng đánh giá" in page


def test_save_shows_the_changes_then_saves_each_changed_row_once(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    hung = client_for("head_hm")
    asked = _save(hung, HM_01=GOOD, HM_04=BEST, HM_05="")
    assert asked.status_code == 200
    assert "Xác nhận lưu 2 thay đổi" in asked.text and 'name="confirm" value="1"' in asked.text
    assert "chưa đề xuất → <b>Hoàn thành tốt nhiệm vụ</b>" in asked.text
    assert _selected(asked.text, "HM-04") == [BEST]  # the choice is kept on the confirmation
    assert _proposals(store) == {} and _proposal_events(store) == []  # nothing saved yet

    done = _save(hung, confirm=True, HM_01=GOOD, HM_04=BEST, HM_05="")
    assert done.status_code == 303 and "saved=2" in done.headers["location"]
    assert _proposals(store) == {"HM-01": GOOD, "HM-04": BEST}  # the empty choice left HM-05 alone
    assert sorted(_proposal_events(store)) == ["HM-01:2014-06", "HM-04:2014-06"]
    page = hung.get(done.headers["location"]).text
    assert "Đã lưu 2 thay đổi." in page and _selected(page, "HM-04") == [BEST]

    again = _save(hung, confirm=True, HM_01=GOOD, HM_04=FAIR)  # HM-01 unchanged: not audited again
    assert again.status_code == 303 and "saved=1" in again.headers["location"]
    assert sorted(_proposal_events(store)) == ["HM-01:2014-06", "HM-04:2014-06", "HM-04:2014-06"]
    assert "Không có thay đổi nào để lưu" in _save(hung, HM_01=GOOD, HM_04=FAIR).text


def test_the_cap_is_shown_on_the_row_before_saving(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    review.decide(store, violation_ids(store)["27/TB-UBND"], "confirm", "Đã đối chiếu bản gốc", "khanhlq")
    hung = client_for("head_hm")
    asked = _save(hung, HM_03=BEST, HM_04=BEST)
    row = re.search(r'<tr id="row-HM-03".*?</tr>', asked.text, re.S)
    other = re.search(r'<tr id="row-HM-04".*?</tr>', asked.text, re.S)
    assert row and other
    assert f"do vi phạm, kết quả tối đa là {FAIR}" in row.group(0)
    assert "tối đa là" not in other.group(0)
    _save(hung, confirm=True, HM_03=BEST)
    final = re.search(r'<tr id="row-HM-03".*?</tr>', hung.get(URL).text, re.S)
    assert final and f'<td class="final">{FAIR}</td>' in final.group(0)


@pytest.mark.parametrize(
    ("lang", "closed_words", "rows_words"),
    [
        ("vi", "Bảng đánh giá tháng này đã khóa", "Một số dòng chưa được lưu"),
        ("en", "This month&#39;s sheet is closed", "Some rows were not saved"),
    ],
)
def test_refusals_come_back_on_their_row_with_the_choice_kept(
    client_for: Callable[[str], TestClient], store: Store, lang: str, closed_words: str, rows_words: str
) -> None:
    hung = client_for("head_hm")
    hung.get(f"{URL}&lang={lang}")
    bad = _save(hung, HM_02="Xuất sắc tuyệt đối", HM_04=GOOD)
    assert bad.status_code == 400 and rows_words in bad.text and 'name="confirm"' not in bad.text
    row = re.search(r'<tr id="row-HM-02".*?</tr>', bad.text, re.S)
    assert row and (
        "Mức đánh giá không hợp lệ" if lang == "vi" else "Not a rating on the scale"
    ) in row.group(0)
    stranger = _save(hung, HHB_04=GOOD)
    assert stranger.status_code == 400  # someone of another ward is not on this sheet

    asked = _save(hung, HM_04=GOOD)
    assert asked.status_code == 200
    close_sheet(store, "HM", "2014-06", "hunglv", 5)  # closed while the confirmation was open
    refused = _save(hung, confirm=True, HM_04=GOOD)
    assert refused.status_code == 409 and rows_words in refused.text
    row = re.search(r'<tr id="row-HM-04".*?</tr>', refused.text, re.S)
    assert row and closed_words in row.group(0)
    assert _proposals(store) == {} and _proposal_events(store) == []


def test_staff_and_other_wards_cannot_save(client_for: Callable[[str], TestClient]) -> None:
    other = client_for("head_hhb")
    token = csrf_of(other.get("/sheet?unit=HHB&month=2014-06").text)
    data = {"csrf_token": token, "unit": "HM", "month": "2014-06", "rating:HM-04": GOOD, "confirm": "1"}
    assert other.post("/sheet/save", data=data, follow_redirects=False).status_code == 404
    staff = client_for("staff_hm")
    token = csrf_of(staff.get("/check").text)
    data["csrf_token"] = token
    assert staff.post("/sheet/save", data=data, follow_redirects=False).status_code in (403, 404)


def test_the_note_is_said_in_the_pages_language(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    vid = violation_ids(store)["27/TB-UBND"]
    review.decide(store, vid, "confirm", "Đã đối chiếu bản gốc", "khanhlq")
    _save(client_for("head_hm"), confirm=True, HM_03=BEST)
    with store.begin() as conn:
        note = next(r.note for r in build_sheet(conn, "HM", "2014-06", LEVELS).rows if r.person_id == "HM-03")
    assert note == f"Vi phạm Chỉ thị 01/CT-UBND (#{vid}): tối đa {FAIR}"  # the register's words
    hung = client_for("head_hm")
    vi = re.search(r'<tr id="row-HM-03".*?<td class="note">(.*?)</td>', hung.get(URL).text, re.S)
    assert vi and vi.group(1) == note
    en = re.search(r'<tr id="row-HM-03".*?<td class="note">(.*?)</td>', hung.get(URL + "&lang=en").text, re.S)
    assert en and en.group(1) == f"Violation of Directive 01/CT-UBND (#{vid}): at most {FAIR}"
    review.decide(store, vid, "contest", "Hộp thư do văn thư lập thay", "annv")
    again = hung.get(URL + "&lang=vi").text  # the language is remembered: back to Vietnamese
    contested = re.search(r'<tr id="row-HM-03".*?<td class="note">(.*?)</td>', again, re.S)
    assert contested and contested.group(1) == f"Chờ giải quyết khiếu nại (#{vid}): chưa có kết quả"


def test_a_points_scale_is_typed_and_checked_per_row(store: Store) -> None:
    app = create_app(store, Config({"evaluation.points_max": 100, "evaluation.cap": "70"}), inline_check=True)
    with TestClient(app) as hung:
        login(hung, "head_hm")
        page = hung.get(URL).text
        assert 'name="rating:HM-04" form="sheet-form" value=""' in page  # empty, not a default score
        asked = _save(hung, HM_04="85,5", HM_05="120")
        assert asked.status_code == 400
        row = re.search(r'<tr id="row-HM-05".*?</tr>', asked.text, re.S)
        assert row and "Mức đánh giá không hợp lệ" in row.group(0) and 'value="120"' in row.group(0)
        done = _save(hung, confirm=True, HM_04="85,5")
        assert done.status_code == 303
    assert _proposals(store) == {"HM-04": "85.5"}
