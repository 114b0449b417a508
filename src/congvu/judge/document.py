"""Judge one extracted document: find, classify and weigh every address, then give a verdict.

Rules (stable IDs, see docs/rules.md): DOC-001 public address as the issuer's contact point →
violation; DOC-002 public address that merely appears → review; DOC-003 look-alike of an official
domain → review; DOC-000 any other address, informational. One finding per address per part.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

from congvu import rules
from congvu.classify import AddressPolicy
from congvu.detect import find_addresses
from congvu.extract.textutil import CHUNK_CHARS
from congvu.judge import state, superiors
from congvu.judge.contact import (
    ContactDecision,
    Evidence,
    SegmentView,
    bare_label,
    owned_elsewhere,
    owner_veto,
    staff_doubt,
)
from congvu.judge.datefind import adopted_date
from congvu.judge.header import read_header, with_restated_number
from congvu.judge.signer import find_signer
from congvu.judge.text import squash
from congvu.model import AddressMatch, Classification, Extraction, Finding, Metadata, Origin, Segment
from congvu.rules import RULES

HEADER_KINDS = ("body", "ocr", "header", "table")
EXCERPT_CHARS = 200
EXCERPT_REACH = 2000  # characters searched for the line's ends on each side of the address
NAME_CHARS = 50  # characters of an organisation's name quoted in a reason
BLOCK_LINES = 6  # a contact block's lines above its address: where it names its holder
BLOCK_CHARS = 400  # … and characters (a block of short lines)
UNKNOWN_ISSUER_IS_STATE = False  # no header issuer and no organisation named near the address
_SAME_LIST_GAP = re.compile(r"^\s*(?:[,;/|]|\bhoac\b|\bva\b)?\s*$")
_NAME_END = re.compile(r"[,.;:()\n–\"<>-]")  # "<>: a name in a page's HTML source ends at its tag
SHORT_LINE = 60  # a line shorter than this gets the line above it in the excerpt (where the cue sits)
# A state body's public contact point (DOC-001) is doubted down to "merely appears" (DOC-002) when
# the body offering it is not recognisably a state body: the one rule-specific step of the judge.
_CONTACT, _DOUBTED = RULES["DOC-001"].id, RULES["DOC-002"].id


@dataclass(frozen=True, slots=True)
class Offerer:
    """Who offers a contact point, as far as the judge can tell: why it may not be a state body
    (`doubt`, "" if it is one), else the state body recognised and where the text says so (`body`,
    `source`: header, page owner, nearest organisation, signature, …) — an inspector reading a
    DOC-001 must see which body it charges and why (issue 11)."""

    doubt: str = ""
    body: str = ""
    source: str = ""
    held: bool = False  # the doubt is that its block names another holder (`_block_holder`)

    def note(self) -> str:
        """The reason's clause naming the state body ("" when none was named)."""
        return f"; state body: '{self.body}' ({self.source})" if self.body and not self.doubt else ""


def _state(body: str, source: str) -> Offerer:
    name = " ".join(body.split())
    if len(name) > NAME_CHARS:
        name = name[:NAME_CHARS].rsplit(" ", 1)[0] + "…"
    return Offerer("", name, source)


@dataclass(slots=True)
class Judged:
    metadata: Metadata
    findings: list[Finding] = field(default_factory=list)
    verdict: Literal["violation", "review", "clean"] = "clean"


def first_page_text(extraction: Extraction) -> str:
    return "\n".join(s.text for s in extraction.segments if s.page in (None, 1) and s.kind in HEADER_KINDS)


def document_metadata(extraction: Extraction) -> Metadata:
    """Header from page 1; the signer from the whole text when page 1 has none (multi-page)."""
    first = first_page_text(extraction)
    meta, unread = read_header(first)
    whole = "\n".join(s.text for s in extraction.segments if s.kind in ("body", "ocr"))
    if meta.signer is None:
        # a Word file's signature block is a table (recipients left, titles and name right)
        tables = any(s.kind == "table" for s in extraction.segments)
        signed = (
            "\n".join(s.text for s in extraction.segments if s.kind in ("body", "ocr", "table"))
            if tables
            else whole
        )
        meta.signer = find_signer(signed.split("\n"))
    if meta.date is None:  # a law or a council's resolution dates itself in its closing formula
        meta.date = adopted_date(whole)
    return with_restated_number(meta, first, whole, unread)


def excerpt(text: str, start: int, end: int) -> str:
    """The line holding the address, plus the line above when the address opens its line or the
    line is short (the cue is usually there), cut to ~200 characters around the address."""
    # Line ends are looked for within a bounded reach (a text without line breaks must not cost
    # its whole length per address); a longer line is cut anyway.
    floor, ceil = max(0, start - EXCERPT_REACH), min(len(text), end + EXCERPT_REACH)
    ls = max(text.rfind("\n", floor, start), floor - 1) + 1
    le = text.find("\n", end, ceil)
    le = ceil if le < 0 else le
    if ls > 0 and (le - ls < SHORT_LINE or start - ls < SHORT_LINE // 2):
        ls = max(text.rfind("\n", max(0, ls - 1 - EXCERPT_REACH), ls - 1), ls - 2 - EXCERPT_REACH) + 1
    lo = max(ls, start - EXCERPT_CHARS * 3 // 5)
    hi = min(le, max(end, lo + EXCERPT_CHARS))
    out = squash(text[lo:hi])
    return ("…" if lo > ls else "") + out + ("…" if hi < le else "")


def rule_for(cls: Classification, decision: ContactDecision) -> str:
    """The document rule of one address (`congvu.rules.decide`: the rules' own predicates)."""
    return rules.decide(cls, decision).id


def _where(seg: Segment, decision: ContactDecision) -> str:
    bits = []
    if decision.in_block and not (decision.positive and decision.positive.cue.name == "contact-block"):
        bits.append("in the address/phone/e-mail block")
    if seg.kind in ("footer", "header"):
        bits.append(f"in the page {seg.kind}")
    if seg.page is not None:
        bits.append(f"on page {seg.page}")
    return (" " + ", ".join(bits)) if bits else ""


def reason_for(rule: str, cls: Classification, decision: ContactDecision, seg: Segment) -> str:
    """One sentence an inspector can check against the excerpt: the deciding cue, and the cue it
    won against (a veto that a contact cue lifted, or a contact cue that a veto outweighed). The
    words are the rule's template (`congvu.rules`); only the fields it names are worked out."""
    template = rules.RULES[rule]
    return template.reason(**{name: _FIELDS[name](cls, decision, seg) for name in template.fields})


def _who(cls: Classification) -> str:
    return f"public mailbox ({cls.provider})" if cls.provider else f"{cls.cls} address"


def _why(decision: ContactDecision) -> str:
    pos, neg = decision.positive, decision.negative
    if neg:
        why = f"not a contact point: {neg.cue.label} ('{neg.text}')"
        if pos and neg.cue.veto:
            why += f", which outweighs {pos.cue.label} ('{pos.text}')"
        return why
    if pos:
        return f"contact cue too weak ({pos.cue.label}, score {decision.score:g})"
    return "no contact cue nearby"


def _cue(decision: ContactDecision) -> str:
    pos = decision.positive
    return f"{pos.cue.label} ('{pos.text}')" if pos else ""


def _what(decision: ContactDecision) -> str:
    return "given as a contact point" + _set_aside(decision) if decision.contact_point else _why(decision)


# The fields a document rule's reason template may name (docs/adding-a-rule.md).
_FIELDS: dict[str, Callable[[Classification, ContactDecision, Segment], str]] = {
    "who": lambda cls, d, seg: _who(cls),
    "lookalike": lambda cls, d, seg: str(cls.lookalike_of),
    "cue": lambda cls, d, seg: _cue(d),
    "where": lambda cls, d, seg: _where(seg, d),
    "set_aside": lambda cls, d, seg: _set_aside(d),
    "why": lambda cls, d, seg: _why(d),
    "what": lambda cls, d, seg: _what(d),
}


def _set_aside(decision: ContactDecision) -> str:
    lifted = decision.lifted
    if lifted is None:
        return ""
    return f"; {lifted.cue.label} ('{lifted.text}') set aside: {decision.lifted_why}"


def _cue_name(rule: str, decision: ContactDecision) -> str | None:
    if decision.contact_point and decision.positive:
        return decision.positive.cue.name
    if decision.negative:
        return decision.negative.cue.name
    return decision.positive.cue.name if decision.positive else None


def _finding(
    seg: Segment,
    view: SegmentView,
    m: AddressMatch,
    cls: Classification,
    d: ContactDecision,
    part: str | None,
) -> Finding:
    rule = rule_for(cls, d)
    return Finding(
        address=m.address,
        as_written=m.as_written,
        cls=cls.cls,
        provider=cls.provider,
        contact_point=d.contact_point,
        obfuscated=m.obfuscated,
        rule=rule,
        reason=reason_for(rule, cls, d, seg),
        page=seg.page,
        line=seg.line + view.line_of(view.where[m.start]),  # folding keeps every line break
        excerpt=excerpt(seg.text, m.start, m.end),
        part=part,
        cue=_cue_name(rule, d),
        kind=seg.kind,
        section=seg.part,
    )


def _strength(item: tuple[Finding, float]) -> tuple[int, int, float]:
    f, score = item
    return (rules.rank(f.rule), int(f.contact_point), score)


def dedupe(found: list[tuple[Finding, float]]) -> list[Finding]:
    """One finding per (part, address): the strongest occurrence (contact point first, then the
    highest cue score, then the earliest), with the count of all occurrences."""
    kept: dict[tuple[str | None, str], tuple[Finding, float]] = {}
    counts: dict[tuple[str | None, str], int] = {}
    for item in found:
        key = (item[0].part, item[0].address)
        counts[key] = counts.get(key, 0) + 1
        if key not in kept or _strength(item) > _strength(kept[key]):
            kept[key] = item
    return [replace(f, occurrences=counts[k]) for k, (f, _score) in kept.items()]


PARAGRAPH_GAP = 3  # lines (empty paragraphs) that may separate two paragraphs of one passage


def passages(segments: list[Segment]) -> list[Segment]:
    """Consecutive body paragraphs of one part as one segment, as the lines of a text file are.

    A word processor's file comes as one segment per paragraph, and the judge reads one segment at
    a time: a heading ("Thông tin liên lạc của sinh viên:") or a label on the paragraph above an
    address was out of its sight, while the same words in a text file were not (g28-0014). The
    empty paragraphs between two are kept as blank lines, so a finding's line is the paragraph's
    own; a passage stops at a table, a page, another part, a wider gap or `CHUNK_CHARS` (the
    bound the extractors keep a segment under).
    """
    out: list[Segment] = []
    run: list[str] = []
    held: list[Segment] = []  # a paragraph's hyperlinks, which come right after it: after the passage
    size = end = 0  # the passage's characters, and the line its text ends on
    for seg in segments:
        if run:
            last = out[-1]
            if seg.kind == "link" and seg.part == last.part:
                held.append(seg)
                continue
            gap = seg.line - end
            if (
                seg.kind == last.kind == "body"
                and (seg.part, seg.page, seg.ocr) == (last.part, last.page, last.ocr)
                and 1 <= gap <= PARAGRAPH_GAP
                and size + gap + len(seg.text) <= CHUNK_CHARS
            ):
                run += ["\n" * gap, seg.text]
                size += gap + len(seg.text)
                end = seg.line + seg.text.count("\n")
                continue
            _close(out, run, held)
        out.append(seg)
        run, size, end = [seg.text], len(seg.text), seg.line + seg.text.count("\n")
    if run:
        _close(out, run, held)
    return out


def _close(out: list[Segment], run: list[str], held: list[Segment]) -> None:
    if len(run) > 1:
        out[-1] = replace(out[-1], text="".join(run))
    out += held
    held.clear()


def verdict_of(findings: list[Finding]) -> Literal["violation", "review", "clean"]:
    return rules.verdict(f.rule for f in findings)


def judge(
    extraction: Extraction, policy: AddressPolicy, *, part: str | None = None, origin: Origin | None = None
) -> Judged:
    """Judge one extracted part. `origin` is where the document was published (fetched from, or
    given): without one, a page names its own address (`extraction.origin`) only when it is the
    document itself, not a part of a mail or a container (a mail's HTML body says nothing of where
    the mail came from)."""
    if origin is None and part is None:
        origin = extraction.origin
    meta = document_metadata(extraction)
    header = state.kind_of_name(meta.issuer)
    found: list[tuple[Finding, float]] = []
    segments = passages(extraction.segments)
    elsewhere = _Elsewhere(segments)
    listed: list[superiors.Superior] | None = None  # read on the first contact point only
    superior_of: dict[str, str] = {}  # address → why it is a superior's (`_superior_doubt`)
    held_by: dict[str, str] = {}  # address → why it is another body's (`_block_holder`)
    owned: dict[str, Evidence] = {}  # address → the owner cue that set one of its occurrences aside
    labelled: list[tuple[int, Classification, ContactDecision, Segment]] = []  # offered by a label alone
    for i, seg in enumerate(segments):
        matches = find_addresses(seg.text)
        if not matches:
            continue
        view = SegmentView(seg.text, matches, seg.kind)
        for m in matches:
            decision = view.decide(m)
            if (owner := owner_veto(decision)) is not None:
                owned.setdefault(m.address, owner)
            cls = policy.classify(m.address)
            finding = _finding(seg, view, m, cls, decision, part)
            if bare_label(decision):
                labelled.append((len(found), cls, decision, seg))
            if finding.rule == _CONTACT:
                if listed is None:
                    listed = superiors.listed(seg.text for seg in segments)
                above = _superior_doubt(view, m, listed)
                if above:
                    superior_of.setdefault(m.address, above)
                doubt = staff_doubt(decision, header) or above
                offerer = (
                    Offerer(doubt)
                    if doubt
                    else _offerer(
                        view, m, header, meta.issuer, policy, partial(elsewhere.named, i), origin=origin
                    )
                )
                if offerer.held:
                    held_by.setdefault(m.address, offerer.doubt)
                if offerer.doubt:
                    finding = _not_state(finding, offerer.doubt)
                elif offerer.body:
                    finding = replace(finding, reason=finding.reason + offerer.note())
            found.append((finding, decision.score))
    for k, cls, decision, seg in labelled:  # one address, one owner (`contact.owned_elsewhere`)
        f, _ = found[k]
        if f.address in owned:
            d = owned_elsewhere(decision, owned[f.address])
            rule = rule_for(cls, d)
            found[k] = (
                replace(
                    f,
                    rule=rule,
                    contact_point=False,
                    reason=reason_for(rule, cls, d, seg),
                    cue=_cue_name(rule, d),
                ),
                0.0,
            )
    # one address, one owner: a superior's mailbox, or the box a block names another holder of, is
    # theirs everywhere in the document (a link over the same words included)
    elsewhere_owned = {**held_by, **superior_of}
    if elsewhere_owned:
        found = [
            (_not_state(f, why), score)
            if f.rule == _CONTACT and (why := _owned_why(f, elsewhere_owned))
            else (f, score)
            for f, score in found
        ]
    findings = dedupe(found)
    return Judged(meta, findings, verdict_of(findings))


def _owned_why(f: Finding, owned: dict[str, str]) -> str:
    """Why `f`'s address is another body's (`owned`), "" if it is not: its own entry, or for a
    link, the entry of the address printed under it that the link's target misspells by one
    letter (a scanner's OCR wrote the link: "vimoitruongtuongJai@" over "…tuonglai@")."""
    if f.address in owned:
        return owned[f.address]
    if f.kind != "link":
        return ""
    local, _, domain = f.address.partition("@")
    for address, why in owned.items():
        other, _, other_domain = address.partition("@")
        if other_domain != domain or len(other) != len(local):
            continue
        if sum(a != b for a, b in zip(other, local, strict=True)) == 1:
            return why
    return ""


class _Elsewhere:
    """The bodies the document's *other* parts name — a web page's title and site name, page 1 of a
    PDF, a footer, the last page's signature block — for a contact point whose own part names none:
    one document has one issuer (docs/labelling.md), whichever part states it. The parts are read
    once per document, and only when some contact point needs them."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments
        self._seen: dict[int, tuple[tuple[state.Kind, str] | None, tuple[state.Kind, str] | None]] = {}
        self._firsts: tuple[list[tuple[int, tuple[state.Kind, str]]], ...] | None = None

    def _read(self, j: int) -> tuple[tuple[state.Kind, str] | None, tuple[state.Kind, str] | None]:
        if j not in self._seen:
            view = SegmentView(self.segments[j].text, [], self.segments[j].kind)
            signed = state.signature_body(view.folded, view.original)
            found = state.Orgs(view.folded, view.upper).found  # as `state.all_named`, named as written
            other = next((o for o in found if o.groupdict().get("other")), None)
            pick = other or (found[0] if found else None)
            named: tuple[state.Kind, str] | None = None
            if pick is not None:
                name = view.original(pick.start(), min(len(view.folded), pick.start() + NAME_CHARS))
                named = ("other" if other else "state"), _NAME_END.split(name)[0].strip()
            self._seen[j] = (signed, named)
        return self._seen[j]

    def named(self, i: int) -> tuple[state.Kind, str] | None:
        """Segment i's issuer as the other parts state it: a signature block first, else the bodies
        they name (any that is not a state body decides "other"; else "state"); None if none.
        Every part is read once per document; each answer then costs O(1) (at most the first two
        parts of each sort are kept: one of them is not part i)."""
        if self._firsts is None:
            signed: list[tuple[int, tuple[state.Kind, str]]] = []
            other: list[tuple[int, tuple[state.Kind, str]]] = []
            stated: list[tuple[int, tuple[state.Kind, str]]] = []
            for j, seg in enumerate(self.segments):
                if not seg.text.strip():
                    continue
                sig, named = self._read(j)
                for found, into in (
                    (sig, signed),
                    (named, other if named and named[0] == "other" else stated),
                ):
                    if found is not None and len(into) < 2:
                        into.append((j, found))
            self._firsts = (signed, other, stated)
        for kept in self._firsts:
            for j, found in kept:
                if j != i:
                    return found
        return None


def _offerer(
    view: SegmentView,
    m: AddressMatch,
    header: str | None,
    issuer: str | None,
    policy: AddressPolicy,
    elsewhere: Callable[[], tuple[state.Kind, str] | None] = lambda: None,
    *,
    origin: Origin | None = None,
) -> Offerer:
    """Who offers this contact point: why it may not be a state body, else which one it is. The
    header issuer decides when it is recognisable, else a mailbox named after a state unit
    ("ubndhoaminh@…", "vanphong.hkn@…") or an official address given in the same clause
    ("E-mail: daivt@vnu.edu.vn; vothedai@gmail.com"), else the organisation named nearest the
    address (`state.nearest`) — unless the text says whose page it is next to it ("Cơ quan chủ
    quản: …", `state.owner_named`); with none near it, the signature block's body, then the bodies
    the whole text names (all state bodies, or one that is not), then what the document's other
    parts say (`_Elsewhere`: a page title, page 1, a footer); with no organisation named at all,
    the page's origin when it is a state body's own site (`_published_on`), else
    UNKNOWN_ISSUER_IS_STATE decides."""
    if header == "state":
        holder = _block_holder(view, m)
        if holder:  # an attached contest's rules: "Địa điểm nhận tranh: Tòa soạn … Email: X"
            return Offerer(
                f"its contact block names its own holder ('{holder}'), not recognisably a state body, "
                f"not the issuer ('{' '.join((issuer or '').split())[:NAME_CHARS]}')",
                held=True,
            )
        return _state(issuer or "", "header")
    if header == "other":
        return Offerer(f"the issuer ('{issuer}') is not recognisably a state body")
    unit = state.unit_mailbox(m.address)
    if unit:
        return _state(m.address.partition("@")[0], "mailbox name")
    fs, fe = view.where[m.start], view.where[m.end]
    index = view.index
    official = _official_alongside(view, m, policy)
    if official:
        return _state(official, "official address alongside")
    owner = state.owner_named(view.folded, fs, fe, view.upper, view.original)
    if owner is not None:  # "Cơ quan chủ quản: …" next to it: the text's own word on whose page it is
        owner_kind, owner_name = owner
        if owner_kind == "state":
            return _state(owner_name, "page owner")
        return Offerer(f"the page's owner ('{owner_name}') is not recognisably a state body")
    near = index.orgs.nearest(fs, fe)
    if near is None:  # no body named near it: the body that signs the document, if any
        if index.signature is False:
            index.signature = state.signature_body(view.folded, view.original)
        if isinstance(index.signature, tuple):
            kind, name = index.signature
            if kind == "state":
                return _state(name, "signature")
            return Offerer(f"the body signing the document ('{name}') is not recognisably a state body")
        # else the bodies the whole text names: all of them state bodies (the issuer named far above
        # the contact line of a long notice), or the first that is not one
        named = state.all_named(index.orgs)
        if named is not None:
            if named[0] == "state":
                first = index.orgs.found[0]
                return _state(_name_at(view, first.start()), "named in the text")
            return Offerer("the text names a body that is not recognisably a state body, and none near it")
        # else the document's other parts (a page title, page 1, a footer): one document, one issuer
        other_parts = elsewhere()
        if other_parts is not None:
            kind, name = other_parts
            if kind == "state":
                return _state(name, "another part of the document")
            name = name[:NAME_CHARS]
            return Offerer(
                f"another part of the document names a body ('{name}') that is not recognisably a state body"
            )
        published = _published_on(origin)
        if published is not None:
            return published
        return Offerer("" if UNKNOWN_ISSUER_IS_STATE else "no state body is named near it")
    kind, a, _end = near
    name = _name_at(view, a)
    if kind == "state":
        return _state(name, "nearest organisation")
    if state.is_newsroom(view.folded, a):
        # a newsroom is the state's when the text names its owner ("Cơ quan chủ quản: Học viện Quốc
        # phòng" in the masthead, however far above its "TÒA SOẠN: … Email: X"), docs/labelling.md
        # decision 2; looked for once per part
        if index.press_owner is False:
            index.press_owner = state.owner_named(
                view.folded, 0, len(view.folded), view.upper, view.original, reach=len(view.folded)
            )
        if isinstance(index.press_owner, tuple) and index.press_owner[0] == "state":
            return _state(index.press_owner[1], "the paper's owner")
    return Offerer(f"the body named nearest it ('{name}') is not recognisably a state body")


def _block_holder(view: SegmentView, m: AddressMatch) -> str:
    """The body a contact block names as the address's holder when it is not a state body ("" if
    none): named at most BLOCK_LINES lines above the address (`state.Orgs.nearest`: the nearest
    organisation, one that is not a state body if several are named together). A letter relaying
    another body's rules ("VI. ĐỊA ĐIỂM NHẬN TRANH: 1. Trụ sở Tòa soạn chính: Tạp chí … Email: X")
    gives that body's box, not its own: the header's issuer does not outweigh the block's own word.
    Only ever a doubt: a state body named there leaves the header's issuer charged."""
    fs, fe = view.where[m.start], view.where[m.end]
    near = view.index.orgs.nearest(fs, fe)
    if near is None or near[0] != "other" or not 0 <= fs - near[2] <= BLOCK_CHARS:
        return ""
    if view.folded.count("\n", near[2], fs) > BLOCK_LINES:
        return ""
    return _name_at(view, near[1])


def _superior_doubt(view: SegmentView, m: AddressMatch, listed: list[superiors.Superior]) -> str:
    """Why the contact point may be a superior's rather than the issuer's ("" if not): the sentence
    sends reports to a body ("báo cáo với …") named just before the address, and the document's
    "Nơi nhận" marks that body as one it reports to (`judge.superiors`)."""
    if not listed:
        return ""
    fs, fe = view.where[m.start], view.where[m.end]
    near = view.index.orgs.nearest(fs, fe)
    if near is None or near[0] != "state" or not 0 <= fs - near[1] <= superiors.NEAR:
        return ""
    between = view.folded[near[1] : fs]
    if between.count("\n") > 1 or not superiors.sent_to(view.folded, near[1]):
        return ""  # not the body this sentence sends the reports to
    named = view.folded[near[1] : near[1] + superiors.NAME_REACH]  # bounded: never the rest of the text
    sup = superiors.reported_to(named, listed)
    if sup is None:
        return ""
    name = view.original(near[1], near[1] + superiors.name_length(named)).strip()
    return (
        f"it is given for reports to '{name}', a body the document's 'Nơi nhận' "
        f"lists as one it reports to ('{sup.written}'): the superior's mailbox, not the issuer's own"
    )


def _published_on(origin: Origin | None) -> Offerer | None:
    """The state body whose own site publishes the page (a host under `state.STATE_DOMAINS`), as
    the last evidence, when the text names no body at all: below every body the text names, since a
    state portal may carry a company's notice that names the company. A page on any other host
    gives no evidence either way (a news site or a law library republishes state notices), so None.
    The host is quoted whole: it is the evidence an inspector checks."""
    if origin is None or (host := state.state_host(origin.url)) is None:
        return None
    how = f", says its {origin.how}" if origin.how else ""
    return Offerer("", host, f"page published on it{how}")


def _name_at(view: SegmentView, a: int) -> str:
    """An organisation's name as written, from folded offset `a` to its first punctuation; one cut
    at NAME_CHARS ends at a whole word, marked "…"."""
    hi = min(len(view.folded), a + NAME_CHARS)
    name = _NAME_END.split(view.original(a, hi))[0]
    if len(name) == hi - a and hi < len(view.folded) and " " in name.strip():
        name = name.strip().rsplit(" ", 1)[0] + "…"
    return name.strip()


def _official_alongside(view: SegmentView, m: AddressMatch, policy: AddressPolicy) -> str:
    """Does the same clause (or the list chained with it) give an official or state-domain
    address too ("E-mail: daivt@vnu.edu.vn; vothedai@gmail.com")? Then the contact line is a state
    unit's, whose staff also have a public mailbox. Returns that address ("" if none)."""
    index = view.index
    fs, fe = view.where[m.start], view.where[m.end]
    key = index.clauses.key(fs, fe)
    i = bisect_left(view.starts, m.start)
    for j in (i - 2, i - 1, i + 1, i + 2):
        if not 0 <= j < len(view.matches):
            continue
        a, b = sorted((j, i))
        chained = _SAME_LIST_GAP.match(view.folded[index.spans[a][1] : index.spans[b][0]]) is not None
        if chained or index.clauses.key(*index.spans[j]) == key:
            other = view.matches[j].address
            if state.state_domain(other) or policy.classify(other).cls == "official":
                return other
    return ""


def _not_state(f: Finding, doubt: str) -> Finding:
    """DOC-001 → DOC-002: a public contact point, but of a body that may not be a state body
    (docs/labelling.md: a violation needs a state body's contact point; when unsure, review)."""
    reason = f.reason.replace(f"{_CONTACT}: ", f"{_DOUBTED}: ", 1)
    return replace(f, rule=_DOUBTED, reason=f"{reason}; but {doubt}; review")
