"""The README's what-if JSON contracts name exactly fields the commands give (none dropped)."""

from __future__ import annotations

import re
from pathlib import Path

from congvu.classify import AddressPolicy
from congvu.policyversion import policy_version
from congvu.settings import Config
from congvu.whatif.mail import whatif_mail
from congvu.whatif.scan import whatif_scan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _contract(name: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("### JSON contracts (fields may be added, never removed or renamed)", 1)[1]
    block = block.split("```", 2)[1]
    parts = re.split(r"^(policy show|whatif scan|whatif mail|whatif register):", block, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))[name]


def _names(text: str) -> set[str]:
    return set(re.findall(r'"([a-z_]+)"', text)) - {"reject", "hold", "warn", "dunno"} - {
        "appear", "disappear", "changed", "same"
    }  # fmt: skip


def _keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def test_policy_show_contract() -> None:
    assert _names(_contract("policy show")) <= _keys(policy_version(Config({})).as_dict())


def test_whatif_scan_contract() -> None:
    doc = EXAMPLES / "documents" / "01-thong-bao-hoa-minh.txt"
    out = whatif_scan([doc], Config({}), Config({"policy.not_public": ["gmail.com"]}), workers=1)
    assert out["documents"], "the example must change so that a document object is checked"
    assert _names(_contract("whatif scan")) <= _keys(out)


def test_whatif_mail_contract() -> None:
    from test_whatif_mail import EXAMPLE, example_index

    after = AddressPolicy.from_config(Config({"policy.not_public": ["gmail.com"]}))
    out = whatif_mail([EXAMPLE], example_index(), AddressPolicy(), after, "reject", year=2014)
    assert out["messages"]
    promised = _names(_contract("whatif mail"))
    assert {
        "queue_id",
        "time",
        "sender",
        "recipient",
        "person_id",
        "rule",
        "action",
        "to_citizen",
    } <= promised
    assert promised <= _keys(out)
    for row in out["messages"]:
        assert row["action"] in ("reject", "hold", "warn", "dunno") and isinstance(row["to_citizen"], bool)


# The other direction: every field a command gives is written in the README.  Objects keyed by data
# (a setting's name, a unit's code, a verdict) are skipped; the objects with fixed fields are named.
def _fixed(out: dict, paths: list[str]) -> dict[str, set[str]]:  # type: ignore[type-arg]
    """path ("messages[]", "stats.files[]") → the union of the fields of the objects found there."""
    found: dict[str, set[str]] = {}
    for path in paths:
        level: list[object] = [out]
        for step in filter(None, path.split(".")):
            name, many = step.removesuffix("[]"), step.endswith("[]")
            level = [item[name] for item in level if isinstance(item, dict) and name in item]
            if many:
                level = [x for item in level if isinstance(item, list) for x in item]
        found[path or "top"] = {k for item in level if isinstance(item, dict) for k in item}
        assert found[path or "top"], f"{path}: nothing in the output to check"
    return found


def _undocumented(name: str, out: dict, paths: list[str]) -> dict[str, set[str]]:  # type: ignore[type-arg]
    promised = set(re.findall(r'"([a-z_-]+)"', _contract(name)))
    return {p: fields - promised for p, fields in _fixed(out, paths).items() if fields - promised}


def test_every_field_of_whatif_mail_is_documented() -> None:
    from test_whatif_mail import EXAMPLE, example_index

    after = AddressPolicy.from_config(Config({"policy.not_public": ["gmail.com"]}))
    out = whatif_mail([EXAMPLE], example_index(), AddressPolicy(), after, "reject", year=2014)
    paths = ["", "messages[]", "summary", "stats", "stats.files[]"]
    assert _undocumented("whatif mail", out, paths) == {}


def test_every_field_of_whatif_scan_is_documented() -> None:
    from congvu.model import DocumentResult

    doc = EXAMPLES / "documents" / "01-thong-bao-hoa-minh.txt"
    out = whatif_scan([doc], Config({}), Config({"policy.not_public": ["gmail.com"]}), workers=1)
    assert _undocumented("whatif scan", out, ["", "summary"]) == {}
    scan_object = set(DocumentResult("x").as_contract())  # "a `congvu scan` document object"
    for document in out["documents"]:
        assert set(document) == scan_object | {"verdict_now", "verdict_after"}


def test_every_field_of_policy_show_is_documented() -> None:
    out = policy_version(Config({})).as_dict()
    assert _undocumented("policy show", out, [""]) == {}
    assert all(set(r) == {"effect", "opens_violation"} for r in out["rules"].values())
