"""The report's preview in the app (issue 12): the same figures, tables and charts as the Word
report, in the page's language, for the leader and the inspector only."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from webkit import violation_ids

from congvu.register import review
from congvu.register.store import Store
from congvu.reports.docx_report import CASES_HEADER, CHARTS, DOCS_HEADER, cases_rows, docs_rows
from congvu.reports.monthly import figures_for
from congvu.reports.periods import month_period
from congvu.web.i18n import MESSAGES
from congvu.web.pages import report as report_page
from congvu.web.pages.report import CASES_COLUMNS, DOCS_COLUMNS

URL = "/report?month=2014-06"


def _table(page: str, name: str) -> tuple[list[str], list[list[str]]]:
    """A table's header cells and body rows, as text."""
    found = re.search(rf'<table class="{name}">(.*?)</table>', page, re.S)
    assert found, f"no table {name}"
    header = re.findall(r"<th(?: [^>]*)?>(.*?)</th>", found.group(1))
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1).split("<tbody>")[1], re.S)
    ]
    return header, rows


def test_the_vietnamese_words_are_the_word_reports() -> None:
    assert [MESSAGES[f"rpt_h_{c}"][0] for c in DOCS_COLUMNS] == DOCS_HEADER
    assert [MESSAGES[f"rpt_h_{c}"][0] for c in CASES_COLUMNS] == CASES_HEADER
    assert [MESSAGES[f"rpt_chart_{key}"][0] for key, _ in CHARTS] == [caption for _, caption in CHARTS]


def test_the_preview_has_the_reports_figures_tables_and_charts(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    page = client_for("leader").get(URL)
    assert page.status_code == 200
    figures = figures_for(store, month_period("2014-06"))
    for name, rows, header in (
        ("report-docs", docs_rows(figures), DOCS_HEADER),
        ("report-cases", cases_rows(figures), CASES_HEADER),
    ):
        shown_header, shown = _table(page.text, name)
        assert shown_header == header
        expected = [[str(v) for v in row] for row in rows]
        expected[-1][1] = "Tổng cộng"
        assert shown == expected
    hoa_minh = next(r for r in _table(page.text, "report-docs")[1] if r[1] == "UBND phường Hòa Minh")
    assert hoa_minh[3:] == ["2", "2", "0", "0"]  # notices 27 and 31/TB-UBND, each with a violation
    assert "I. TÌNH HÌNH CHUNG" in page.text and "III. CÁC TRƯỜNG HỢP VI PHẠM" in page.text
    assert "Trong kỳ không có trường hợp vi phạm được xác nhận." in page.text  # all still pending
    assert "Ngoài ra còn 3 trường hợp đang chờ xem xét" in page.text
    for key, caption in CHARTS:
        assert f'src="/report/chart/2014-06/{key}.png?lang=vi"' in page.text and caption in page.text
        chart = client_for("leader").get(f"/report/chart/2014-06/{key}.png")
        assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_english_preview_speaks_english(client_for: Callable[[str], TestClient]) -> None:
    page = client_for("inspector").get(URL + "&lang=en").text
    header, rows = _table(page, "report-docs")
    assert header == [
        "No.",
        "Unit",
        "Staff",
        "Documents checked",
        "With a violation",
        "To review",
        "Nothing found",
    ]
    assert rows[-1][1] == "Total"
    assert _table(page, "report-cases")[0][2:4] == ["Recorded", "Pending"]
    for vietnamese in ("TÌNH HÌNH CHUNG", "Cần xem xét", "Giới hạn xếp loại", "Biểu đồ 1", "Tổng cộng"):
        assert vietnamese not in page, vietnamese
    assert "Chart 1. Violations over the last 12 months" in page and "?lang=en" in page


def test_only_the_leader_and_the_inspector_see_it(client_for: Callable[[str], TestClient]) -> None:
    for persona in ("head_hm", "staff_hm"):
        client = client_for(persona)
        assert client.get(URL).status_code in (403, 404)
        assert client.get("/report/chart/2014-06/trend.png").status_code in (403, 404)
    assert client_for("leader").get("/report/chart/2014-06/pie.png").status_code == 404


def test_confirmed_cases_are_listed_and_a_long_list_is_cut(
    client_for: Callable[[str], TestClient], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = violation_ids(store)
    for number in ("27/TB-UBND", "35/TB-UBND"):
        review.decide(store, ids[number], "confirm", "Đã đối chiếu văn bản gốc lưu tại đơn vị", "khanhlq")
    leader = client_for("leader")
    _header, cases = _table(leader.get(URL).text, "report-case-list")
    assert [(c[1][:13], c[4][:10]) for c in cases] == [
        ("Hoàng Thu Lin", "35/TB-UBND"),
        ("Nguyễn Văn An", "27/TB-UBND"),
    ]
    assert all(c[6].startswith("Đã xác nhận (#") for c in cases)
    monkeypatch.setattr(report_page, "PREVIEW_CASES", 1)
    page = leader.get(URL).text
    assert len(_table(page, "report-case-list")[1]) == 1
    assert (
        "… và 1 trường hợp khác" in page and 'href="/violations?month=2014-06&amp;status=confirmed"' in page
    )
