"""The judge's output as the register reads it: parsed once, at the boundary, into typed values.

`congvu scan --format json`, `congvu record PATH` and the crawler hand the register the JSON
contract (`DocumentResult.as_contract()`; a crawl page adds `url` and `verdict`).  The recorders
parse each item here, once, and from then on see attributes, not `dict.get`: a broken contract
stops with a `ContractError` naming the item and the field (`documents[3].findings[0].page: expected
an integer or null, got 'ba'`) before anything of it is written.

Parsing is as lenient as recording always was about what may be left out (a missing `path` is "",
a missing `status` is "ok", a finding's missing `excerpt` is "") and strict about types: a field
that is present must have the contract's type.  A finding is a `NamedTuple` because a scan records
findings by the million (building a frozen dataclass costs several times more).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
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


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


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
        get = f.get
        address, as_written, klass = get("address"), get("as_written"), get("class")
        provider = get("provider")
        rule, reason, excerpt, part, cue = get("rule"), get("reason"), get("excerpt"), get("part"), get("cue")
        page, line = get("page"), get("line")
        # The types checked in one expression (findings come by the million); named only on failure.
        text = _TEXT
        if not (
            type(address) in text and type(as_written) in text and type(klass) in text
            and type(provider) in text and type(rule) in text and type(reason) in text
            and type(excerpt) in text and type(part) in text and type(cue) in text
            and type(page) in _NUMBER and type(line) in _NUMBER
        ):  # fmt: skip
            _name_the_broken_field(f, where)
        contact_point, obfuscated = bool(get("contact_point")), bool(get("obfuscated"))
        return _new_finding(
            cls,
            (address or "", as_written, klass, provider, contact_point, obfuscated, rule or "", reason,
             page, line, excerpt or "", part, cue),
        )  # fmt: skip

    def evidence_hash(self, rule: str | None = None) -> str:
        """What was said, not where: the address and its written form in their words (under
        `rule`, which a web page's finding changes: DOC-001 is recorded as WEB-001)."""
        parts = [
            self.rule if rule is None else rule,
            self.address.lower(),
            _squash(self.as_written),
            _squash(self.excerpt),
            self.part or "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def excerpt_evidence(self) -> dict[str, Any]:
        """The finding as a violation's evidence quotes it."""
        return {"address": self.address, "page": self.page, "line": self.line, "excerpt": self.excerpt}


def _findings(value: Any, where: str) -> tuple[JudgedFinding, ...]:
    items = _list(value, f"{where}.findings")
    try:
        return tuple(map(JudgedFinding.from_contract, items))
    except ContractError:  # parsed again, one by one, to name the item (rare: no string per finding)
        for i, f in enumerate(items):
            JudgedFinding.from_contract(f, f"{where}.findings[{i}]")
        raise


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
    """

    identity: str
    path: str
    status: str
    header: Header
    meta: Mapping[str, Any]
    findings: tuple[JudgedFinding, ...]
    part_sha256: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @classmethod
    def from_contract(cls, item: Any, where: str = "document") -> JudgedDocument:
        doc = _mapping(item, where)
        meta = _mapping(doc.get("metadata") or {}, f"{where}.metadata")
        parts = _mapping(doc.get("part_sha256") or {}, f"{where}.part_sha256")
        return cls(
            identity=_identity(doc, where),
            path=str(doc.get("path") or ""),
            status=_status(doc, where),
            header=Header.from_contract(meta, f"{where}.metadata"),
            meta=meta,
            findings=_findings(doc.get("findings"), where),
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
