"""Plain data that flows along the data path: extract → detect → classify → judge → report.

Every stage takes and returns these dataclasses, so each stage can be tested (and replaced)
on its own and the same judge serves `scan`, the milter, the crawler and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AddressClass = Literal["official", "public", "other"]
Verdict = Literal["violation", "review", "clean"]
Status = Literal["ok", "error"]

VERDICT_RANK: dict[str | None, int] = {None: -1, "clean": 0, "review": 1, "violation": 2}


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of extracted text and where it sits in the source.

    `line` is the 1-based line (within `page` when there are pages, else within the part) of the
    segment's first character; later lines are counted by the newlines inside `text`.
    `kind` says which part of the document the text comes from, because the judge weighs a
    footer address block differently from a citizen list in a table.
    """

    text: str
    page: int | None = None
    line: int = 1
    # body, table, header, footer, footnote, comment, textbox, link, email-header, ocr, meta,
    # signature (a PDF's e-signature caption)
    kind: str = "body"
    part: str | None = None  # where inside the file, e.g. "word/footer1.xml" (Finding.section)
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Attachment:
    """An embedded file (zip member, e-mail attachment) to be extracted and judged on its own."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a document was published (its URL) and how congvu knows it: `how` is "" when congvu
    fetched it from there or was told so (`congvu crawl`, `congvu scan --origin`), else what in the
    file itself names the address ("canonical link", "og:url", …). The judge's last evidence of
    who offers a contact point: a page on a state body's own site is that body's page."""

    url: str
    how: str = ""


@dataclass(slots=True)
class Extraction:
    """What an extractor returns: text with positions, plus embedded files to recurse into."""

    segments: list[Segment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    pages: int | None = None
    ocr_pages: int = 0
    warnings: list[str] = field(default_factory=list)
    origin: Origin | None = None  # the address the file names as its own (a saved web page's)

    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)


class ExtractError(Exception):
    """Raised by an extractor for input it cannot read; the message is shown to the user as is."""


@dataclass(frozen=True, slots=True)
class AddressMatch:
    """An e-mail address found in a piece of text (detect stage)."""

    address: str  # normalised: NFC, lowercase, obfuscation undone, IDN kept in Unicode
    as_written: str  # the exact characters of the source text
    start: int  # offsets into the text that was searched
    end: int
    obfuscated: bool = False
    source: str = "text"  # text | mailto | entity


@dataclass(frozen=True, slots=True)
class Classification:
    """The address policy's answer for one address (classify stage)."""

    cls: AddressClass
    provider: str | None = None  # "Gmail", "VNPT (vnn.vn)", ... for public addresses
    lookalike_of: str | None = None  # an official domain this one imitates, if any
    rule: str | None = None  # which list entry matched, for evidence


@dataclass(slots=True)
class Metadata:
    """The Nghị định 30/2020 administrative header of a document."""

    issuer: str | None = None
    number: str | None = None
    type_code: str | None = None
    type_name: str | None = None
    date: str | None = None  # YYYY-MM-DD
    place: str | None = None
    subject: str | None = None
    signer: str | None = None
    issuer_parent: str | None = None  # the parent body named above the issuer, if any

    def as_contract(self) -> dict[str, str | None]:
        """The fields promised by the JSON contract, plus the extra ones (fields may be added)."""
        return {
            "issuer": self.issuer,
            "number": self.number,
            "type_code": self.type_code,
            "date": self.date,
            "subject": self.subject,
            "signer": self.signer,
            "type_name": self.type_name,
            "place": self.place,
            "issuer_parent": self.issuer_parent,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One address judged in one document: what, where, and why (the inspector's evidence)."""

    address: str
    as_written: str
    cls: AddressClass
    provider: str | None
    contact_point: bool
    obfuscated: bool
    rule: str  # DOC-001 | DOC-002 | DOC-003 | ...
    reason: str  # human-readable: which rule, which cue
    page: int | None
    line: int | None
    excerpt: str
    part: str | None = None
    cue: str | None = None
    kind: str = "body"
    occurrences: int = 1  # how many times this address occurs in the part (one finding per address)
    section: str | None = None  # where inside the file: "word/footer1.xml", a PDF link annotation, ...

    def as_contract(self) -> dict[str, object]:
        return {
            "address": self.address,
            "as_written": self.as_written,
            "class": self.cls,
            "provider": self.provider,
            "contact_point": self.contact_point,
            "obfuscated": self.obfuscated,
            "rule": self.rule,
            "reason": self.reason,
            "page": self.page,
            "line": self.line,
            "excerpt": self.excerpt,
            "part": self.part,
            "cue": self.cue,
            "occurrences": self.occurrences,
            "kind": self.kind,
            "section": self.section,
        }


@dataclass(slots=True)
class DocumentResult:
    """The judged document: the unit of output of `congvu scan`."""

    path: str
    status: Status = "ok"
    error: str | None = None
    verdict: Verdict | None = None
    metadata: Metadata = field(default_factory=Metadata)
    findings: list[Finding] = field(default_factory=list)
    sha256: str | None = None
    format: str | None = None
    pages: int | None = None
    ocr_pages: int = 0
    parts: list[str] = field(default_factory=list)
    # sha256 of each readable part's own bytes (by its name in `parts`): the same document reached
    # through a .zip, an .eml or on its own is known by the innermost part's hash (issue 12).
    part_sha256: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # The URL the document was published at (fetched from, given with --origin, or named by the
    # saved page itself); None when unknown.
    origin: str | None = None
    # The same extraction judged under a second (candidate) policy, when one was asked for
    # (`congvu whatif scan`: read once, judged twice); None otherwise.  Not part of the contract.
    candidate: DocumentResult | None = field(default=None, repr=False, compare=False)

    def as_contract(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status,
            "error": self.error,
            "verdict": self.verdict,
            "metadata": self.metadata.as_contract(),
            "findings": [f.as_contract() for f in self.findings],
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "parts": self.parts,
            "part_sha256": self.part_sha256,
            "warnings": self.warnings,
            "origin": self.origin,
        }


def worst_verdict(verdicts: list[Verdict | None]) -> Verdict | None:
    best: Verdict | None = None
    for v in verdicts:
        if VERDICT_RANK[v] > VERDICT_RANK[best]:
            best = v
    return best
