"""Triage of violations (issue 12): filters and sort in the URL, counts per filter value, CSV of the
filtered list, bulk confirm/dismiss through the one decide-in-scope path, "next case".

The register holds June's three notices (two of Hòa Minh: anh An's 27/TB and chị Nga's 31/TB; one
of Hòa Hiệp Bắc: chị Linh's 35/TB) and anh An's May notice 12/TB, all pending."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx import Response
from webkit import csrf_of, violation_ids

from congvu.register import audit, review
from congvu.register.schema import violations
from congvu.register.store import Store

REASON = "Đã đối chiếu bản gốc lưu tại Văn phòng UBND phường: hộp thư cá nhân ghi làm đầu mối liên hệ"


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """Document number → its violation's id in this register (ids differ between the backends)."""
    return violation_ids(store)


def _rows(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'<tr id="r(\d+)">', html)]


def _post(client: TestClient, url: str, data: dict[str, object]) -> Response:
    token = csrf_of(client.get("/check").text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _statuses(store: Store) -> dict[int, str]:
    with store.begin() as conn:
        return {r.id: r.status for r in conn.execute(sa.select(violations.c.id, violations.c.status))}


def test_filters_live_in_the_url_and_counts_say_what_each_value_would_show(
    inspector: TestClient, ids: dict[str, int], client_for: Callable[[str], TestClient], store: Store
) -> None:
    june = inspector.get("/violations?month=2014-06").text
    assert sorted(_rows(june)) == sorted([ids["27/TB-UBND"], ids["31/TB-UBND"], ids["35/TB-UBND"]])
    # the unit facet counts June per unit, and its links keep the month
    assert re.search(
        r'month=2014-06&amp;unit=HM" data-value="HM"[^>]*>UBND phường Hòa Minh <span class="n">2<', june
    )
    assert re.search(r'data-value="HHB"[^>]*>UBND phường Hòa Hiệp Bắc <span class="n">1<', june)
    hm = inspector.get("/violations?month=2014-06&unit=HM").text
    assert sorted(_rows(hm)) == sorted([ids["27/TB-UBND"], ids["31/TB-UBND"]])
    # the other facets are counted within the unit filter; the month stays in every link
    assert re.search(r'data-value="pending"[^>]*>Chờ xem xét <span class="n">2<', hm)
    assert re.search(r'data-value="HM-03"[^>]*>Nguyễn Văn An <span class="n">1<', hm)
    assert 'name="unit" value="HM"' in hm  # the filter form carries the unit along
    an = inspector.get("/violations?month=all&person=HM-03").text
    assert sorted(_rows(an)) == sorted([ids["27/TB-UBND"], ids["12/TB-UBND"]])
    assert "Số lượng theo từng giá trị lọc" in an  # no facets across all months
    review.decide(store, ids["27/TB-UBND"], "confirm", REASON, "khanhlq")
    confirmed = inspector.get("/violations?month=2014-06&status=confirmed").text
    assert _rows(confirmed) == [ids["27/TB-UBND"]]
    assert _rows(inspector.get("/violations?month=2014-06&status=open").text) == sorted(
        [ids["31/TB-UBND"], ids["35/TB-UBND"]], reverse=True
    )
    # a head sees their unit only, the counts too
    head = client_for("head_hm").get("/violations?month=2014-06").text
    assert ids["35/TB-UBND"] not in _rows(head) and 'data-value="HHB"' not in head


@pytest.mark.parametrize(
    "bad", ["status=closed", "sort=password", "month=2014-13", "page=-1", "unit=" + "x" * 80]
)
def test_unknown_filter_values_are_a_400_in_the_pages_language(
    client_for: Callable[[str], TestClient], bad: str
) -> None:
    page = client_for("inspector").get(f"/violations?{bad}")
    assert page.status_code == 400
    assert "Yêu cầu không hợp lệ." in page.text and "parameter" not in page.text


def test_columns_sort_on_the_server_both_ways(inspector: TestClient, ids: dict[str, int]) -> None:
    by_name = inspector.get("/violations?month=all&sort=person").text
    # Hoàng Thu Linh, Nguyễn Văn An (12/TB, 27/TB by id), Võ Thị Nga
    expected = [ids["35/TB-UBND"], *sorted([ids["12/TB-UBND"], ids["27/TB-UBND"]]), ids["31/TB-UBND"]]
    assert _rows(by_name) == expected
    assert 'aria-sort="ascending"' in by_name and "sort=-person" in by_name  # the header flips it
    assert _rows(inspector.get("/violations?month=all&sort=-person").text) == expected[::-1]
    by_month = _rows(inspector.get("/violations?month=all&sort=month").text)
    assert by_month[0] == ids["12/TB-UBND"]
    by_document = _rows(inspector.get("/violations?month=all&sort=document").text)
    assert (
        by_document[0] == ids["12/TB-UBND"] and by_document[-1] == ids["35/TB-UBND"]
    )  # 12/ < 27/ < 31/ < 35/


def test_csv_exports_the_filtered_list_in_its_order(inspector: TestClient, ids: dict[str, int]) -> None:
    page = inspector.get("/violations?month=2014-06&unit=HM&sort=person").text
    link = re.search(r'href="(/violations\.csv\?[^"]+)"', page)
    assert link, "no CSV link"
    url = link.group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(url).query) == {"month": ["2014-06"], "unit": ["HM"], "sort": ["person"]}
    response = inspector.get(url)
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="vi-pham.csv"' in response.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert table[0][:4] == ["Mã số", "Tháng", "Mã cán bộ", "Họ và tên"]
    assert [int(r[0]) for r in table[1:]] == [ids["27/TB-UBND"], ids["31/TB-UBND"]]
    assert table[1][3] == "Nguyễn Văn An" and table[1][10] == "Chờ xem xét"
    assert table[1][9] == "Hộp thư công cộng ghi làm đầu mối liên hệ trong văn bản"
    english = inspector.get(url + "&lang=en")
    assert english.text.lstrip("\ufeff").startswith("ID,Month,Person ID,Name")
    units = inspector.get("/units.csv?month=2014-06").text.lstrip("\ufeff").splitlines()
    assert units[0].startswith("Tháng,Mã,Đơn vị") and any(",HM,UBND phường Hòa Minh," in u for u in units)


def test_every_count_on_the_overview_links_to_its_filtered_list(inspector: TestClient) -> None:
    overview = inspector.get("/?month=2014-06").text
    links = {
        (m.group(1), int(m.group(2)))
        for m in re.finditer(r'<a href="(/violations\?[^"]+)"[^>]*>(?:<b>)?(\d+)', overview)
    }
    assert links, "no count links"
    for url, count in links:
        listed = _rows(inspector.get(url.replace("&amp;", "&")).text)
        assert len(listed) == count, url
    assert ("/violations?month=2014-06&amp;unit=HM&amp;status=pending", 2) in links


def test_bulk_confirm_decides_each_case_audited_and_refuses_case_by_case(
    inspector: TestClient, ids: dict[str, int], store: Store
) -> None:
    a, b, c = ids["27/TB-UBND"], ids["31/TB-UBND"], ids["35/TB-UBND"]
    review.decide(store, c, "dismiss", "Hộp thư của đơn vị khác, không thuộc phường", "khanhlq")
    page = inspector.get("/violations?month=2014-06").text
    assert f'name="ids" value="{a}"' in page and f'name="ids" value="{c}"' not in page  # decided: no box
    response = _post(
        inspector,
        "/violations/bulk",
        {
            "action": "confirm",
            "reason": REASON,
            "ids": [str(a), str(b), str(c), "999999"],
            "list": "month=2014-06",
        },
    )
    # POST → 303 → GET: the list with the same filters, and what was done said once
    assert response.status_code == 303 and response.headers["location"] == "/violations?month=2014-06"
    shown = inspector.get(response.headers["location"])
    assert shown.status_code == 200
    text = shown.text
    assert "Đã ghi nhận quyết định cho 2 vụ việc." in text
    assert "2 vụ việc không được ghi nhận:" in text
    assert f"#{c}</a>: Vụ việc đã thay đổi trạng thái" in text  # the single decision's refusal
    assert "#999999</a>: Không tìm thấy." in text  # out of scope or missing: the same answer
    assert REASON in text  # the reason is kept for another try
    assert _statuses(store)[a] == "confirmed" and _statuses(store)[b] == "confirmed"
    with store.begin() as conn:
        for vid in (a, b):
            events = audit.history(conn, "violation", str(vid))
            assert events[-1]["action"] == "violation.confirmed" and events[-1]["reason"] == REASON
            assert events[-1]["who"] == "khanhlq"
    # a reload is a GET of the list: the flash is gone and nothing is decided again
    again = inspector.get(response.headers["location"]).text
    assert "Đã ghi nhận quyết định" not in again and "không được ghi nhận" not in again
    with store.begin() as conn:
        assert [e["action"] for e in audit.history(conn, "violation", str(a))].count(
            "violation.confirmed"
        ) == 1


def test_a_bulk_decision_redirects_to_the_filtered_list_in_the_pages_language(
    inspector: TestClient, ids: dict[str, int], client_for: Callable[[str], TestClient], store: Store
) -> None:
    a, b = ids["27/TB-UBND"], ids["31/TB-UBND"]
    response = _post(
        inspector,
        "/violations/bulk?lang=en",
        {
            "action": "dismiss",
            "reason": REASON,
            "ids": [str(a), str(b)],
            "list": "month=2014-06&unit=HM&sort=person",
        },
    )
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/violations"
    assert parse_qs(target.query) == {
        "month": ["2014-06"],
        "unit": ["HM"],
        "sort": ["person"],
        "lang": ["en"],
    }
    text = inspector.get(response.headers["location"]).text
    assert "Decision recorded for 2 case(s)." in text and "(Dismiss)" in text
    assert _statuses(store)[a] == _statuses(store)[b] == "dismissed"
    # the flash is the inspector's: another user's browser never shows it
    other = client_for("leader")
    other.cookies.set("congvu_flash", inspector.cookies.get("congvu_flash") or "")
    assert "Decision recorded" not in other.get("/violations?month=2014-06&lang=en").text


def test_a_flash_too_big_for_a_cookie_is_cut_not_lost(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    from starlette.responses import Response as Plain

    from congvu.web import flash

    refused = [
        [100000 + i, "window_closed", {"until": f"{i % 28 + 1:02d}/06/2014 17:00"}] for i in range(200)
    ]
    response = Plain()
    flash.put(
        response,
        "khanhlq",
        "/violations",
        {"action": "confirm", "done": [], "refused": refused, "reason": "x" * 3000},
        False,
    )
    value = response.headers["set-cookie"].split("=", 1)[1].split(";", 1)[0]
    assert len(value) <= flash.MAX_BYTES
    data = flash._decode(value)
    assert len(data["refused"]) + data.get("refused_more", 0) == 200  # what was cut is counted


def test_bulk_refusals_without_a_reason_or_a_selection_keep_what_was_typed(
    inspector: TestClient, ids: dict[str, int], store: Store
) -> None:
    empty = _post(
        inspector, "/violations/bulk", {"action": "dismiss", "reason": "", "ids": [str(ids["27/TB-UBND"])]}
    )
    assert empty.status_code == 400 and "Vui lòng ghi lý do." in empty.text
    assert f'value="{ids["27/TB-UBND"]}" aria-label="#{ids["27/TB-UBND"]}" checked' in empty.text
    none = _post(inspector, "/violations/bulk?lang=en", {"action": "dismiss", "reason": REASON})
    assert none.status_code == 400 and "No case selected." in none.text and REASON in none.text
    assert set(_statuses(store).values()) == {"pending"}


def test_bulk_decisions_are_the_inspectors_alone(
    ids: dict[str, int], client_for: Callable[[str], TestClient], store: Store
) -> None:
    for persona in ("head_hm", "leader"):
        client = client_for(persona)
        assert 'action="/violations/bulk"' not in client.get("/violations?month=2014-06").text
        refused = _post(
            client,
            "/violations/bulk",
            {"action": "confirm", "reason": REASON, "ids": [str(ids["27/TB-UBND"])]},
        )
        assert refused.status_code == 403
    assert client_for("staff_hm").get("/violations").status_code == 403
    assert set(_statuses(store).values()) == {"pending"}


def test_next_case_follows_the_filtered_sorted_list(inspector: TestClient, ids: dict[str, int]) -> None:
    listing = inspector.get("/violations?month=2014-06&status=pending&sort=person").text
    first = _rows(listing)[0]
    assert first == ids["35/TB-UBND"]  # Hoàng Thu Linh
    link = re.search(rf'href="(/violations/{first}\?list=[^"]+)"', listing)
    assert link
    page = inspector.get(link.group(1).replace("&amp;", "&")).text
    back = re.search(r'name="list" value="([^"]+)"', page)
    assert back and "sort=person" in back.group(1).replace("&amp;", "&")
    done = _post(
        inspector,
        f"/violations/{first}/decide",
        {"action": "confirm", "reason": REASON, "list": back.group(1).replace("&amp;", "&")},
    )
    assert done.status_code == 303
    after = inspector.get(done.headers["location"]).text
    following = re.search(r'href="/violations/(\d+)\?list=[^"]+" class="button next"', after)
    assert following and int(following.group(1)) == ids["27/TB-UBND"]  # Nguyễn Văn An comes next
    last = inspector.get(
        f"/violations/{ids['31/TB-UBND']}?done=1&list=month%3D2014-06%26status%3Dpending%26sort%3Dperson"
    ).text
    assert "Đã hết danh sách." in last


def test_a_chosen_filter_value_stays_listed_with_its_zero(inspector: TestClient) -> None:
    page = inspector.get("/violations?month=2014-05&unit=HHB&rule=MAIL-001&person=HHB-04").text
    assert _rows(page) == []
    assert re.search(r'data-value="HHB" class="on">UBND phường Hòa Hiệp Bắc <span class="n">0<', page)
    assert re.search(r'data-value="MAIL-001" class="on">.*?<span class="n">0<', page)
    assert re.search(r'data-value="HHB-04" class="on">Hoàng Thu Linh <span class="n">0<', page)


def test_a_units_people_export_as_csv_within_scope(client_for: Callable[[str], TestClient]) -> None:
    head = client_for("head_hm")
    assert 'href="/units/HM/people.csv"' in head.get("/units/HM").text
    rows = list(csv.reader(io.StringIO(head.get("/units/HM/people.csv").text.lstrip("\ufeff"))))
    assert rows[0] == ["Mã cán bộ", "Họ và tên", "Chức vụ"]
    assert rows[[r[0] for r in rows].index("HM-03")][:2] == ["HM-03", "Nguyễn Văn An"]
    assert head.get("/units/HHB/people.csv").status_code == 404  # another ward's people


def test_a_persons_and_a_units_tables_sort_by_their_headers(
    ids: dict[str, int], client_for: Callable[[str], TestClient]
) -> None:
    an = client_for("staff_hm")
    own = an.get("/people/HM-03?sort=month").text
    assert _ids_in(own) == [ids["12/TB-UBND"], ids["27/TB-UBND"]]  # May before June
    assert 'href="?sort=-month">Tháng ▲</a>' in own
    assert _ids_in(an.get("/people/HM-03?sort=-month").text) == [ids["27/TB-UBND"], ids["12/TB-UBND"]]
    unit = client_for("head_hm").get("/units/HM?month=2014-06&sort=person").text
    assert _ids_in(unit) == [ids["12/TB-UBND"], ids["27/TB-UBND"], ids["31/TB-UBND"]]  # An, An, Nga
    assert 'href="?month=2014-06&amp;sort=-person"' in unit  # the page's month rides along


def _ids_in(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'<td><a href="/violations/(\d+)">#', html)]


def test_the_list_a_case_carries_is_rebuilt_from_its_filter(
    inspector: TestClient, ids: dict[str, int]
) -> None:
    vid = ids["27/TB-UBND"]
    crafted = "month%3D2014-06%26unit%3DHM%26next%3Dhttps%3A%2F%2Fevil.example%26x%3D%22%3E"
    page = inspector.get(f"/violations/{vid}?list={crafted}").text
    assert 'href="/violations?month=2014-06&amp;unit=HM" class="back"' in page
    assert 'name="list" value="month=2014-06&amp;unit=HM"' in page  # what the decision carries on
    assert "evil.example" not in page.split("</header>", 1)[1]  # (the language link keeps the URL as is)
    assert "Về danh sách" not in inspector.get(f"/violations/{vid}?list=status%3Dclosed").text  # not a list


def test_a_units_people_sort_by_their_headers(client_for: Callable[[str], TestClient]) -> None:
    head = client_for("head_hm")
    by_name = head.get("/units/HM?psort=full_name").text
    names = re.findall(r'<td><a href="/people/[^"]+">([^<]+)</a></td>', by_name.split("<h2>", 2)[1])
    assert names == sorted(names) and len(names) > 2
    down = head.get("/units/HM?psort=-full_name").text
    assert (
        re.findall(r'<td><a href="/people/[^"]+">([^<]+)</a></td>', down.split("<h2>", 2)[1]) == names[::-1]
    )
    assert 'href="?psort=-full_name">Họ và tên ▲</a>' in by_name
