"""The rule registry: one Rule per stable ID; docs/rules.md, SARIF and the table agree with it; and
adding a rule (docs/adding-a-rule.md) is one module and one registry line."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvu import rules
from congvu.classify import AddressPolicy
from congvu.judge.contact import ContactDecision
from congvu.judge.document import judge
from congvu.mailflow.modes import action_for
from congvu.mailflow.rules import Envelope, StaffIndex, decide
from congvu.model import Classification, DocumentResult, Extraction, Segment
from congvu.output import sarif, table

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

LETTER = (
    "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU\nỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 41/TB-UBND\nHòa Minh, ngày 09 tháng 9 năm 2024\nTHÔNG BÁO\n"
    "Về việc tiếp nhận hồ sơ đăng ký hộ kinh doanh qua mạng\n"
    "Nghiêm cấm cán bộ sử dụng hộp thư công cộng như nguyenvanbinh.hm@yahoo.com để gửi văn bản.\n"
    "Văn bản điện tử được gửi qua địa chỉ vanthu.hoaminh@danang.gov.vn.\n"
    "Cảnh giác với thư từ địa chỉ giả mạo vanthu@dannang.gov.vn.\n"
)
FOOTER = (
    "Địa chỉ: 68 Nguyễn Sinh Sắc, phường Hòa Minh; Điện thoại: 0236.3730.125; Email: ubndhoaminh@gmail.com"
)
WEAK = "Bản mềm kế hoạch xem tại hộp thư tranthihoa1980@gmail.com"


def _policy() -> AddressPolicy:
    return AddressPolicy.default()


def _result(*texts: str) -> DocumentResult:
    segments = [Segment(t, page=1, line=1, kind="footer" if t is FOOTER else "body") for t in texts]
    judged = judge(Extraction(segments), _policy())
    return DocumentResult("hoaminh/41-TB-UBND.docx", verdict=judged.verdict, metadata=judged.metadata,
                          findings=judged.findings)  # fmt: skip


def _sarif(result: DocumentResult) -> dict[str, object]:
    out = io.StringIO()
    sarif.report([result], out)
    run: dict[str, object] = json.loads(out.getvalue())["runs"][0]
    return run


def _docs_tool() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("rules_md", ROOT / "tools" / "docs" / "rules_md.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_rule_is_documented_and_well_formed() -> None:
    assert list(rules.RULES)[:4] == ["DOC-000", "DOC-001", "DOC-002", "DOC-003"]
    for rid, rule in rules.RULES.items():
        assert re.fullmatch(r"(DOC|MAIL|WEB)-\d{3}", rid) and rule.id == rid
        assert rule.summary.endswith(".") and rule.summary_vi.endswith(".") and rule.triggers, rid
        assert rule.opens_violation == (rule.effect == "violation"), rid
        assert (rule.applies is not None) == (rule.family == "DOC"), rid
    doc_ranks = [r.rank for r in rules.RULES.values() if r.family == "DOC"]
    assert len(set(doc_ranks)) == len(doc_ranks)  # dedupe keeps one strongest finding


@pytest.mark.parametrize("cls", ["public", "official", "other"])
@pytest.mark.parametrize("lookalike", [None, "danang.gov.vn"])
@pytest.mark.parametrize("contact", [False, True])
def test_exactly_one_document_rule_applies(cls: str, lookalike: str | None, contact: bool) -> None:
    c = Classification(cls, "Gmail" if cls == "public" else None, lookalike)  # type: ignore[arg-type]
    d = ContactDecision(contact, 1.2 if contact else 0.0)
    assert len([r for r in rules.having("applies") if r.applies and r.applies(c, d)]) == 1


def test_docs_table_is_generated_from_the_registry() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert _docs_tool().rewritten(text) == text, "run: uv run python tools/docs/rules_md.py"
    for rule in rules.RULES.values():
        assert f"| `{rule.id}` | {rule.triggers} |" in text


def test_sarif_agrees_with_the_registry_and_the_docs() -> None:
    result = _result(LETTER, FOOTER)
    assert sorted({f.rule for f in result.findings}) == ["DOC-000", "DOC-001", "DOC-002", "DOC-003"]
    assert result.verdict == "violation"
    run = _sarif(result)
    driver = run["tool"]["driver"]  # type: ignore[index]
    docs = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert [r["id"] for r in driver["rules"]] == [r.id for r in rules.RULES.values() if r.family == "DOC"]
    for entry in driver["rules"]:
        rule = rules.RULES[entry["id"]]
        assert entry["shortDescription"]["text"] == rule.summary
        assert f"| `{rule.id}` |" in docs and f"| {rule.level} |" in docs
    levels = {r["ruleId"]: r["level"] for r in run["results"]}  # type: ignore[attr-defined]
    assert levels == {"DOC-001": "error", "DOC-002": "warning", "DOC-003": "warning"}  # DOC-000: none
    assert all(rules.RULES[k].level == v for k, v in levels.items())


def test_reasons_come_from_the_templates() -> None:
    found = {f.rule: f.reason for f in _result(LETTER, FOOTER).findings}
    assert found["DOC-001"].startswith("DOC-001: public mailbox (Gmail) given as a contact point: ")
    assert found["DOC-003"] == (
        "DOC-003: domain imitates the official danang.gov.vn; check whether it is a typo or a fake"
    )
    assert rules.RULES["MAIL-003"].bilingual(
        official="vanthu.hoaminh@danang.gov.vn", public="hm@gmail.com"
    ) == (
        "MAIL-003 (Chỉ thị 01/CT-UBND): hộp thư công vụ vanthu.hoaminh@danang.gov.vn tự động chuyển tiếp "
        "tới hm@gmail.com / official mailbox forwarded to a public address"
    )
    assert rules.smtp_reason("MAIL-002") == (
        "MAIL-002 Vi pham Chi thi 01/CT-UBND: dung hop thu cong cong cho cong vu / public mailbox used "
        "for official mail (Directive 01/CT-UBND)"
    )
    assert rules.smtp_reason("DOC-001").endswith(
        ": hop thu cong cong / public mailbox (Directive 01/CT-UBND)"
    )


def test_the_sets_each_consumer_reads() -> None:
    assert rules.opening("DOC") == {"DOC-001"} and rules.opening("WEB") == {"WEB-001"}
    assert rules.opening("MAIL") == {"MAIL-001", "MAIL-002", "MAIL-003", "MAIL-004"}
    assert rules.reviewed() == ("DOC-002", "DOC-003")
    assert (rules.for_web("DOC-001"), rules.for_web("DOC-002")) == ("WEB-001", "DOC-002")
    assert [rules.verdict(x) for x in (["DOC-000", "DOC-001"], ["DOC-003"], ["DOC-000"], [])] == [
        "violation", "review", "clean", "clean",
    ]  # fmt: skip


# --- the worked example of docs/adding-a-rule.md, taken from the page itself ---------------------


def _example_modules() -> dict[str, types.ModuleType]:
    """The two modules and their registry lines as docs/adding-a-rule.md shows them."""
    text = (DOCS / "adding-a-rule.md").read_text(encoding="utf-8")
    blocks = re.findall(r"`src/congvu/rules/(\w+)\.py`:\n\n```python\n(.*?)```", text, re.S)
    lines = re.findall(r'```python\n    "(\w+)",\n```', text)
    assert [name for name, _ in blocks] == lines == ["doc004", "mail005"]
    modules = {}
    for name, code in blocks:
        module = types.ModuleType(f"congvu.rules.{name}")
        sys.modules[module.__name__] = module  # dataclasses and `from __future__` want it importable
        exec(compile(code, f"docs/adding-a-rule.md:{name}", "exec"), module.__dict__)
        modules[name] = module
    return modules


@pytest.fixture
def example_rules() -> Iterator[dict[str, rules.Rule]]:
    modules = _example_modules()
    added = {name: rules.load(module) for name, module in modules.items()}  # what the registry line does
    try:
        yield added
    finally:
        for name, rule in added.items():
            rules.unregister(rule.id)
            sys.modules.pop(f"congvu.rules.{name}", None)


def test_a_new_document_rule_reaches_judge_sarif_table_and_docs(example_rules: dict[str, rules.Rule]) -> None:
    result = _result(LETTER, WEAK)
    weak = [f for f in result.findings if f.address == "tranthihoa1980@gmail.com"]
    assert [f.rule for f in weak] == ["DOC-004"]
    assert weak[0].reason.startswith("DOC-004: public mailbox (Gmail) offered by a weak contact cue: ")
    assert result.verdict == "review"  # DOC-004's effect; DOC-002 and DOC-003 findings as before
    run = _sarif(result)
    driver_rules = {r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]}  # type: ignore[index]
    assert (
        driver_rules["DOC-004"]
        == "A public mailbox offered in a document by a contact cue too weak to decide (review)."
    )
    assert {r["ruleId"]: r["level"] for r in run["results"]}["DOC-004"] == "warning"  # type: ignore[attr-defined]
    out = io.StringIO()
    table.report([result], out)
    assert "DOC-004" in out.getvalue() and "tranthihoa1980@gmail.com" in out.getvalue()
    generated = _docs_tool().rewritten((DOCS / "rules.md").read_text(encoding="utf-8"))
    assert "| `DOC-004` | A public mailbox after a cue that points to it" in generated
    assert rules.reviewed() == ("DOC-002", "DOC-003", "DOC-004")


def test_a_new_mail_rule_reaches_decide_the_answer_and_the_recorder(
    example_rules: dict[str, rules.Rule],
) -> None:
    index = StaffIndex.from_dicts([
        {"person_id": "LC-VP-02", "full_name": "Võ Thành Trung", "unit": "LC-VP",
         "official_emails": "trungvt@danang.gov.vn", "personal_emails": "vothanhtrung71@gmail.com"},
    ])  # fmt: skip
    env = Envelope("vothanhtrung71@gmail.com", ["nguyenthimai.hoakhanh@gmail.com"], sasl_username="trungvt")
    (found,) = decide(env, index, _policy())
    assert (found.rule, found.person_id, found.verified) == ("MAIL-005", "LC-VP-02", True)
    assert found.reason == (
        "MAIL-005 (Chỉ thị 01/CT-UBND): tài khoản công vụ trungvt gửi thư dưới địa chỉ thư công cộng "
        "vothanhtrung71@gmail.com / official mail sent under a public mailbox as its sender"
    )
    assert action_for("reject", "MAIL-005") == (
        b"action=REJECT 5.7.1 MAIL-005 Vi pham Chi thi 01/CT-UBND: gui thu cong vu duoi dia chi thu cong "
        b"cong / official mail under a public sender (Directive 01/CT-UBND)\n\n"
    )
    assert "MAIL-005" in rules.opening("MAIL")  # register/mail.py opens its violation
    # Without a login nothing proves who sent it: no finding (and the citizen is never acted on).
    assert (
        decide(Envelope("vothanhtrung71@gmail.com", ["nguyenthimai.hoakhanh@gmail.com"]), index, _policy())
        == []
    )


def test_a_rule_id_is_taken_once() -> None:
    with pytest.raises(ValueError, match="DOC-001"):
        rules.register(rules.RULES["DOC-001"])
