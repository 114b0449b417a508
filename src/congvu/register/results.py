"""The judge's output as the register reads it: parsed once, at the boundary, into typed values.

`congvu scan --format json`, `congvu record PATH` and the crawler hand the register the JSON
contract (`DocumentResult.as_contract()`; a crawl page adds `url` and `verdict`).  The recorders
parse each item here, once, and from then on see attributes, not `dict.get`: a broken contract
stops with a `ContractError` naming the item and the field (`documents[3].findings[0].page: expected
an integer or null, got 'ba'`) before anything of it is written.

Parsing is as lenient as recording always was about what may be left out (a missing `path` is "",
a missing `status` is "ok", a finding's missing `excerpt` is "") and strict about types: a field
that is present must have the contract's type.

A scan records findings by the million, so a document's findings are checked here, field by
field, but kept as the contract's objects: the recorder builds its rows from them in one pass
(`register.violations.finding_rows`), and `JudgedDocument.findings` reads them into typed
`JudgedFinding`s only when asked (a document that opens a violation, a test).  Building a typed
value per finding and then a row from it cost a quarter of the recording time (bench/README.md).
The contract objects are the caller's: they must not change after parsing (a scan makes fresh ones).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class ContractError(ValueError):
    """An item handed to the register does not have the shape of the scan JSON contract."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if type(value) is dict:  # the common case, without the ABC check
        return value
    if not isinstance(value, Mapping):
        raise ContractError(where, f"expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ContractError(where, f"expected a list, got {type(value).__name__}")
    return list(value)


def _text(item: Mapping[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ContractError(f"{where}.{key}", f"expected a string or null, got {value!r}")


def _number(item: Mapping[str, Any], key: str, where: str) -> int | None:
    value = item.get(key)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ContractError(f"{where}.{key}", f"expected an integer or null, got {value!r}")


_TEXT = frozenset({str, type(None)})
_NUMBER = frozenset({int, type(None)})
_new_finding = tuple.__new__
_FINDING_TEXTS = ("address", "as_written", "class", "provider", "rule", "reason", "excerpt", "part", "cue")


def _name_the_broken_field(f: Mapping[str, Any], where: str) -> None:
    for key in _FINDING_TEXTS:
        _text(f, key, where)
    for key in ("page", "line"):
        _number(f, key, where)


def _is_valid_finding(f: Any) -> bool:
    """The contract's types, checked in one expression (findings come by the million)."""
    text, number = _TEXT, _NUMBER
    return type(f) is dict and (
        type(f.get("address")) in text and type(f.get("as_written")) in text
        and type(f.get("class")) in text and type(f.get("provider")) in text
        and type(f.get("rule")) in text and type(f.get("reason")) in text
        and type(f.get("excerpt")) in text and type(f.get("part")) in text
        and type(f.get("cue")) in text and type(f.get("page")) in number
        and type(f.get("line")) in number
    )  # fmt: skip


_sha256 = hashlib.sha256


def evidence_hash(rule: str, address: str, as_written: str | None, excerpt: str, part: str | None) -> str:
    """A finding's identity within its source: what was said, not where (never the line number) —
    the rule, the address and its written form and excerpt with spacing squashed, the part."""
    written = " ".join(as_written.split()) if as_written else ""
    return _sha256(
        f"{rule}\x1f{address.lower()}\x1f{written}\x1f{' '.join(excerpt.split())}\x1f{part or ''}".encode()
    ).hexdigest()


class JudgedFinding(NamedTuple):
    """One judged address of a document or page (`Finding.as_contract()`, read back)."""

    address: str
    as_written: str | None
    cls: str | None  # "class" in the contract
    provider: str | None
    contact_point: bool
    obfuscated: bool
    rule: str
    reason: str | None
    page: int | None
    line: int | None
    excerpt: str
    part: str | None
    cue: str | None

    @classmethod
    def from_contract(cls, item: Any, where: str = "finding") -> JudgedFinding:
        f = _mapping(item, where)
        if not _is_valid_finding(f):
            _name_the_broken_field(f, where)  # a Mapping that is not a dict passes when its types do
        return _typed_finding(f)

    def evidence_hash(self, rule: str | None = None) -> str:
        """What was said, not where (`evidence_hash`), under `rule`, which a web page's finding
        changes: DOC-001 is recorded as WEB-001."""
        return evidence_hash(
            self.rule if rule is None else rule, self.address, self.as_written, self.excerpt, self.part
        )

    def excerpt_evidence(self) -> dict[str, Any]:
        """The finding as a violation's evidence quotes it."""
        return {"address": self.address, "page": self.page, "line": self.line, "excerpt": self.excerpt}


def _typed_finding(f: Mapping[str, Any]) -> JudgedFinding:
    """A finding whose types are checked, as a typed value (without the NamedTuple's Python-level
    `__new__`)."""
    get = f.get
    return _new_finding(
        JudgedFinding,
        (get("address") or "", get("as_written"), get("class"), get("provider"), bool(get("contact_point")),
         bool(get("obfuscated")), get("rule") or "", get("reason"), get("page"), get("line"),
         get("excerpt") or "", get("part"), get("cue")),
    )  # fmt: skip


def _findings(value: Any, where: str) -> tuple[JudgedFinding, ...]:
    return tuple(map(_typed_finding, _checked_findings(value, where)))


def _checked_findings(value: Any, where: str) -> tuple[Mapping[str, Any], ...]:
    """The contract's findings, every field's type checked, kept as they are."""
    items = tuple(_list(value, f"{where}.findings"))
    if not all(map(_is_valid_finding, items)):
        for i, f in enumerate(items):  # named one by one (rare: no string per finding otherwise)
            JudgedFinding.from_contract(f, f"{where}.findings[{i}]")
        # A Mapping that is not a dict, with the right types: read it into a dict.
        return tuple(dict(_mapping(f, where)) for f in items)
    return items


@dataclass(frozen=True, slots=True)
class Header:
    """The Nghị định 30/2020 header fields recording uses (the rest stays in `JudgedDocument.meta`)."""

    issuer: str | None = None
    number: str | None = None
    type_code: str | None = None
    date: str | None = None
    subject: str | None = None
    signer: str | None = None

    @classmethod
    def from_contract(cls, meta: Mapping[str, Any], where: str) -> Header:
        return cls(
            *(
                _text(meta, key, where)
                for key in ("issuer", "number", "type_code", "date", "subject", "signer")
            )
        )


@dataclass(frozen=True, slots=True)
class JudgedDocument:
    """One document of the scan JSON contract, as recorded.

    `identity` is the document's sha256, or for a hand-made item without one the hash of its path
    and findings as given; `meta` is the contract's metadata object as stored (extra fields kept).
    `contract_findings` are the contract's finding objects, their types checked (rows are built
    from them in one pass); `findings` reads them as typed values, `rules` is the set of their rules.
    """

    identity: str
    path: str
    status: str
    header: Header
    meta: Mapping[str, Any]
    contract_findings: tuple[Mapping[str, Any], ...]
    rules: frozenset[str]
    part_sha256: Mapping[str, str]
    _typed: tuple[JudgedFinding, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def findings(self) -> tuple[JudgedFinding, ...]:
        """The findings as typed values (read on first use, then kept)."""
        typed = self._typed
        if typed is None:
            typed = tuple(map(_typed_finding, self.contract_findings))
            object.__setattr__(self, "_typed", typed)
        return typed

    @classmethod
    def from_contract(cls, item: Any, where: str = "document") -> JudgedDocument:
        doc = _mapping(item, where)
        meta = _mapping(doc.get("metadata") or {}, f"{where}.metadata")
        parts = _mapping(doc.get("part_sha256") or {}, f"{where}.part_sha256")
        found = _checked_findings(doc.get("findings"), where)
        return cls(
            identity=_identity(doc, where),
            path=str(doc.get("path") or ""),
            status=_status(doc, where),
            header=Header.from_contract(meta, f"{where}.metadata"),
            meta=meta,
            contract_findings=found,
            rules=frozenset([f.get("rule") or "" for f in found]),
            part_sha256=dict(parts),
        )

    def stored_meta(self) -> dict[str, Any]:
        """The metadata as stored, with the hash of each readable part when the scan gave them
        (`congvu.register.contents` counts a document once by its innermost part's hash)."""
        return {**self.meta, "part_sha256": dict(self.part_sha256)} if self.part_sha256 else dict(self.meta)


def _status(doc: Mapping[str, Any], where: str) -> str:
    status = doc.get("status", "ok")  # absent: a hand-made item, read as "ok" as it always was
    if not isinstance(status, str):
        raise ContractError(f"{where}.status", f'expected "ok" or "error", got {status!r}')
    return status


def _identity(doc: Mapping[str, Any], where: str) -> str:
    sha = _text(doc, "sha256", where)
    if sha:
        return sha
    body = json.dumps([doc.get("path"), doc.get("findings") or []], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def judged_documents(items: Iterable[Any], where: str = "documents") -> Iterator[JudgedDocument]:
    """Each item parsed as it comes (a scan is a stream); typed items pass through."""
    for i, item in enumerate(items):
        yield (
            item if isinstance(item, JudgedDocument) else JudgedDocument.from_contract(item, f"{where}[{i}]")
        )


@dataclass(frozen=True, slots=True)
class CrawledPage:
    """One page entry of `congvu crawl --format json`: the page, its verdict, its findings."""

    url: str
    status: str
    verdict: str | None
    sha256: str | None
    findings: tuple[JudgedFinding, ...]

    @classmethod
    def from_contract(cls, item: Any, where: str = "page") -> CrawledPage:
        page = _mapping(item, where)
        status = _text(page, "status", where) or ""
        url = _text(page, "url", where)
        if status == "ok" and not url:
            raise ContractError(f"{where}.url", "missing: a recorded page needs its address")
        return cls(
            url=url or "",
            status=status,
            verdict=_text(page, "verdict", where),
            sha256=_text(page, "sha256", where),
            findings=_findings(page.get("findings"), where) if status == "ok" else (),
        )
