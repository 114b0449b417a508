"""`congvu whatif register --month`: the month's recorded documents re-judged under a candidate policy.

The register keeps no document's full text (no re-OCR, no original needed): it keeps, per finding,
the address, the excerpt around it (the line and, for a short line, the one above, where the cue
sits), the page and line, and per document the issuer read from the header.  That is what is
re-judged, through the judge's own path (`congvu.judge.document.judge`): a one-page extraction
made of the issuer's header and the finding's excerpt, judged under the current and the candidate
policy.  For each finding:

- `excerpt`: an address's class changes, and judged under the current policy the excerpt gives back
  the recorded rule, so the excerpt carries the judgement; the candidate's reading of the same
  excerpt is the rule after;
- `class-unchanged`: the candidate classifies the address, and every other address of the excerpt,
  exactly as the current policy does (class, look-alike): the policy cannot change this finding,
  its recorded rule stands (checked first: most findings of a what-if are these, and cost no
  judging);
- `not-rejudged`: an address's class changes and the excerpt does not give back the recorded rule
  (a cue outside it): it cannot say what the full text would make of it.  Counted, listed per
  violation (`undecided`), never guessed.

Document findings (source `doc:`) are re-judged as above.  Mail findings are re-judged from what
the register keeps of them (the public address, the official counterpart in the excerpt "counterpart
-> address", the rule), by what each mail rule rests on (`congvu.mailflow.rules`):

- MAIL-001 (mail to a staff member's own public mailbox) rests on the directory, not on the lists:
  it stands (`class-unchanged`);
- MAIL-003 (an official mailbox forwarded to a public one) rests on the target being public: when
  the candidate no longer calls it public the finding goes (`excerpt`, rule after `MAIL-000`), when
  nothing about either address changes it stands, anything else is `not-rejudged`;
- MAIL-002 and MAIL-004 (and any rule of its own) stand when neither address changes class,
  provider or look-alike; otherwise `not-rejudged` (the sender's verification rests on the provider).

A mail violation whose every finding goes would disappear; one with a `not-rejudged` finding is
`undecided`.  Mail that no finding recorded cannot appear from the register (`congvu whatif mail`
replays the logs).  Website violations come from pages, hand-made ones from an inspector: they are
counted in `not_rejudged` and keep their status.  A document already recorded with no finding at all
(a clean file) has nothing to re-judge.

Violations that would disappear: every linked finding re-judged, none of them still of the
violation's rule (a dismissed violation is already gone and is not listed).  Violations that would
appear: a document of the month with a finding that the candidate makes an opening rule and no
violation of that rule on that document.  Sheets: every unit with a confirmed or contested
violation in the month or an affected person, its rows whose final rating or cap changes
(`congvu.register.evaluation.build_sheet` now; after: without the violations that would disappear,
under the candidate's scale and cap; a violation that would appear is pending, and pending
violations cap nobody).  Everything is read in one read-only connection: nothing is written.

`deadline` (a `time.monotonic()` instant) bounds the work for a caller that must answer in time
(the web app's settings page): it is checked between findings and between units, and past it
`WhatifTooLong` is raised; nothing was written, so nothing needs undoing.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu import __version__
from congvu.classify import AddressPolicy
from congvu.detect import find_addresses
from congvu.judge.document import judge
from congvu.model import Extraction, Segment
from congvu.policyversion import policy_version
from congvu.register.evaluation import SheetRow, build_sheet
from congvu.register.months import check_month, month_bounds, month_of
from congvu.register.scales import Scale, scale_from_settings
from congvu.register.schema import documents, findings, violation_findings, violations
from congvu.register.schema.directory import units
from congvu.rules import opening
from congvu.settings import Config, EvaluationSettings

EXCERPT = "excerpt"
UNCHANGED = "class-unchanged"
UNJUDGED = "not-rejudged"


class WhatifTooLong(Exception):
    """The what-if did not finish before its deadline (`whatif_register(deadline=…)`)."""


def _in_time(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise WhatifTooLong("the what-if did not finish in the time allowed")


@dataclass(frozen=True, slots=True)
class Rejudged:
    finding_id: int
    document_id: int
    address: str
    rule_now: str  # as recorded
    rule_after: str | None  # None: not re-judged
    how: str  # EXCERPT | UNCHANGED | UNJUDGED


def _rule_of(issuer: str | None, row: Any, policy: AddressPolicy) -> str | None:
    """The rule the judge gives the finding's address, reading the issuer's header and the excerpt."""
    segments = [Segment(issuer, page=1, line=1, kind="header")] if issuer else []
    segments.append(Segment(row.excerpt.replace("…", " "), page=row.page or 1, line=row.line or 1))
    address = row.address.lower()
    for f in judge(Extraction(segments), policy, part=row.part).findings:
        if f.address.lower() == address:
            return f.rule
    return None


def _same_class(address: str, now: AddressPolicy, after: AddressPolicy) -> bool:
    a, b = now.classify(address), after.classify(address)
    return (a.cls, a.lookalike_of) == (b.cls, b.lookalike_of)


def rejudge(issuer: str | None, row: Any, now: AddressPolicy, after: AddressPolicy) -> Rejudged:
    """One recorded finding under the candidate policy (see the module's three cases)."""
    base = (row.id, row.document_id, row.address, row.rule)
    others = [m.address for m in find_addresses(row.excerpt)]
    if all(_same_class(a, now, after) for a in [row.address, *others]):
        return Rejudged(*base, row.rule, UNCHANGED)  # the judge reads nothing the candidate changes
    if _rule_of(issuer, row, now) == row.rule:
        return Rejudged(*base, _rule_of(issuer, row, after) or "DOC-000", EXCERPT)
    return Rejudged(*base, None, UNJUDGED)


MAIL_GONE = "MAIL-000"  # a mail finding the candidate would not make


def _same_address(address: str, now: AddressPolicy, after: AddressPolicy) -> bool:
    a, b = now.classify(address), after.classify(address)
    return (a.cls, a.provider, a.lookalike_of) == (b.cls, b.provider, b.lookalike_of)


def rejudge_mail(row: Any, now: AddressPolicy, after: AddressPolicy) -> Rejudged:
    """One recorded mail finding under the candidate policy (see the module's mail rules)."""
    base = (row.id, 0, row.address, row.rule)
    counterpart = str(row.excerpt or "").split(" -> ", 1)[0].strip()
    unchanged = _same_address(row.address, now, after) and (
        not counterpart or _same_address(counterpart, now, after)
    )
    if row.rule == "MAIL-001" or unchanged:
        return Rejudged(*base, row.rule, UNCHANGED)
    official_now = not counterpart or now.classify(counterpart).cls == "official"
    official_after = not counterpart or after.classify(counterpart).cls == "official"
    if row.rule == "MAIL-003" and official_now == official_after:
        public_after = after.classify(row.address).cls == "public"
        return Rejudged(*base, row.rule if public_after else MAIL_GONE, EXCERPT)
    return Rejudged(*base, None, UNJUDGED)


def _month_documents(conn: Connection, month: str) -> dict[int, Any]:
    """Documents of the month: dated in it, undated and recorded in it, or carrying one of its violations."""
    first, last = month_bounds(month)
    d = documents.c
    cols = (d.id, d.sha256, d.path, d.issuer, d.person_id, d.unit_id, d.date, d.recorded_at)
    of_month = sa.select(violations.c.document_id).where(
        violations.c.month == month, violations.c.document_id.is_not(None)
    )
    rows = conn.execute(
        sa.select(*cols).where(
            sa.or_(
                documents.c.date.between(first, last),
                documents.c.date.is_(None),
                documents.c.id.in_(of_month),
            )
        )
    ).all()
    linked = {r[0] for r in conn.execute(of_month)}
    return {
        r.id: r
        for r in rows
        if r.date is not None or r.id in linked or month_of(None, r.recorded_at) == month
    }


def _final(
    row_proposed: str | None, confirmed: bool, contested: bool, scale: Scale
) -> tuple[str | None, bool]:
    if contested:
        return None, False
    if row_proposed is not None and confirmed:
        return scale.apply_cap(row_proposed)
    return row_proposed, False


def _sheets(
    conn: Connection,
    month: str,
    unit_codes: Iterable[str],
    gone: set[int],
    scale_now: Scale,
    scale_after: Scale,
    deadline: float | None = None,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for unit in sorted(set(unit_codes)):
        _in_time(deadline)
        sheet = build_sheet(conn, unit, month, scale_now)
        row: SheetRow
        for row in sheet.rows:
            confirmed = [v for v in row.violations if v not in gone]
            contested = [v for v in row.contested if v not in gone]
            try:
                final_after, capped_after = _final(
                    row.proposed, bool(confirmed), bool(contested), scale_after
                )
            except ValueError:  # a proposal the candidate's scale cannot read (levels ↔ points)
                final_after, capped_after = None, False
            if (final_after, capped_after) == (row.final, row.capped):
                continue
            out.append({
                "unit": unit,
                "person_id": row.person_id,
                "full_name": row.full_name,
                "month": month,
                "proposed": row.proposed,
                "final_now": row.final,
                "final_after": final_after,
                "capped_now": row.capped,
                "capped_after": capped_after,
                "violations_now": row.violations + row.contested,
                "violations_after": confirmed + contested,
            })  # fmt: skip
    return out


def whatif_register(
    conn: Connection, month: str, now: Config, after: Config, *, deadline: float | None = None
) -> dict[str, Any]:
    """The JSON contract of `congvu whatif register --format json` (fields may be added, never removed).
    `deadline`: see the module (`WhatifTooLong`)."""
    check_month(month)
    policy_now, policy_after = AddressPolicy.from_config(now), AddressPolicy.from_config(after)
    scale_now = scale_from_settings(EvaluationSettings.of(now))
    scale_after = scale_from_settings(EvaluationSettings.of(after))
    opens = opening("DOC")
    docs = _month_documents(conn, month)
    judged: dict[int, Rejudged] = {}
    doc_ids = sorted(docs)
    for chunk in (doc_ids[i : i + 500] for i in range(0, len(doc_ids), 500)):
        _in_time(deadline)
        for r in conn.execute(
            sa.select(findings.c.id, findings.c.document_id, findings.c.address, findings.c.rule,
                      findings.c.excerpt, findings.c.page, findings.c.line, findings.c.part)
            .where(findings.c.document_id.in_(chunk), findings.c.source.like("doc:%"))
            .order_by(findings.c.id)
        ):  # fmt: skip
            judged[r.id] = rejudge(docs[r.document_id].issuer, r, policy_now, policy_after)
            if len(judged) % 256 == 0:
                _in_time(deadline)

    month_violations = conn.execute(
        sa.select(violations.c.id, violations.c.key, violations.c.person_id, violations.c.unit_id,
                  violations.c.rule, violations.c.status, violations.c.document_id)
        .where(violations.c.month == month)
        .order_by(violations.c.id)
    ).all()  # fmt: skip
    linked: dict[int, list[int]] = defaultdict(list)
    ids = [v.id for v in month_violations]
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for vid, fid in conn.execute(
            sa.select(violation_findings.c.violation_id, violation_findings.c.finding_id).where(
                violation_findings.c.violation_id.in_(chunk)
            )
        ):
            linked[vid].append(fid)

    mail_ids = [f for v in month_violations if v.key.startswith("mail:") for f in linked[v.id]]
    mail_judged: dict[int, Rejudged] = {}
    for chunk in (mail_ids[i : i + 500] for i in range(0, len(mail_ids), 500)):
        _in_time(deadline)
        for m in conn.execute(
            sa.select(findings.c.id, findings.c.address, findings.c.rule, findings.c.excerpt).where(
                findings.c.id.in_(chunk)
            )
        ):
            mail_judged[m.id] = rejudge_mail(m, policy_now, policy_after)

    disappear: list[dict[str, Any]] = []
    undecided: list[dict[str, Any]] = []
    not_rejudged: Counter[str] = Counter()
    covered: set[tuple[int, str]] = set()  # (document id, rule) already a case, whatever its status
    for v in month_violations:
        source = v.key.split(":", 1)[0]
        if source == "mail":
            mine = [mail_judged[f] for f in linked[v.id] if f in mail_judged]
        else:
            mine = [judged[f] for f in linked[v.id] if f in judged]
        for j in mine:
            covered.add((j.document_id, v.rule))
        if v.document_id is not None:
            covered.add((v.document_id, v.rule))
        if v.status == "dismissed":
            continue
        if source not in ("doc", "mail") or not mine or len(mine) < len(linked[v.id]):
            not_rejudged[source] += 1
            continue
        if any(j.rule_after is None for j in mine):
            open_addresses = sorted({j.address for j in mine if j.rule_after is None})
            undecided.append(
                {"violation_id": v.id, "person_id": v.person_id, "rule": v.rule, "month": month,
                 "addresses": open_addresses}
            )  # fmt: skip
            continue
        if all(j.rule_after != v.rule for j in mine):
            document = docs.get(v.document_id) if v.document_id is not None else None
            disappear.append({
                "violation_id": v.id,
                "person_id": v.person_id,
                "rule": v.rule,
                "month": month,
                "status": v.status,
                "document": document.sha256 if document else None,
                "path": document.path if document else None,
                "rules_after": sorted({j.rule_after or "" for j in mine}),
                "addresses": sorted({j.address for j in mine}),
            })  # fmt: skip

    fresh: dict[tuple[int, str], list[Rejudged]] = defaultdict(list)
    for j in judged.values():
        if j.rule_after in opens and (j.document_id, j.rule_after) not in covered:
            fresh[(j.document_id, j.rule_after)].append(j)
    appear = []
    for (doc_id, rule), hits in sorted(fresh.items()):
        d = docs[doc_id]
        appear.append({
            "_unit_id": d.unit_id,
            "person_id": d.person_id,
            "rule": rule,
            "month": month,
            "document": d.sha256,
            "path": d.path,
            "addresses": sorted({j.address for j in hits}),
            "rules_now": sorted({j.rule_now for j in hits}),
        })  # fmt: skip

    gone = {d["violation_id"] for d in disappear}
    unit_ids = {v.unit_id for v in month_violations if v.status in ("confirmed", "contested")}
    unit_ids |= {docs[d].unit_id for d, _ in fresh}
    unit_ids.discard(None)
    codes = [c for (c,) in conn.execute(sa.select(units.c.code).where(units.c.id.in_(sorted(unit_ids))))]
    sheets = _sheets(conn, month, codes, gone, scale_now, scale_after, deadline)
    named = {d.unit_id for d in docs.values()} | {v.unit_id for v in month_violations}
    named.discard(None)
    code_of = dict(
        conn.execute(sa.select(units.c.id, units.c.code).where(units.c.id.in_(sorted(named)))).tuples().all()
    )
    case_unit = {v.id: v.unit_id for v in month_violations}
    for row in appear:
        row["unit"] = code_of.get(row.pop("_unit_id"))
    for row in [*disappear, *undecided]:
        row["unit"] = code_of.get(case_unit[row["violation_id"]])

    hows = Counter(j.how for j in [*judged.values(), *mail_judged.values()])
    version_now, version_after = policy_version(now), policy_version(after)
    return {
        "congvu": __version__,
        "month": month,
        "policy_now": version_now.hash,
        "policy_after": version_after.hash,
        "policy_diff": version_now.diff(version_after),
        "appear": appear,
        "disappear": disappear,
        "sheets": sheets,
        "undecided": undecided,
        "rejudged": {
            "documents": len(docs),
            "findings": len(judged) + len(mail_judged),
            "mail_findings": len(mail_judged),
            EXCERPT: hows[EXCERPT],
            UNCHANGED: hows[UNCHANGED],
            UNJUDGED: hows[UNJUDGED],
        },
        "not_rejudged": dict(sorted(not_rejudged.items())),
        "summary": {
            "appear": len(appear),
            "disappear": len(disappear),
            "undecided": len(undecided),
            "sheets": len(sheets),
            "capped_now": sum(1 for s in sheets if s["capped_now"]),
            "capped_after": sum(1 for s in sheets if s["capped_after"]),
        },
    }
