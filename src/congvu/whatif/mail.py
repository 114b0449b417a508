"""`congvu whatif mail`: mail logs replayed under a candidate policy in an enforcing mode.

The logs are read by the one reader (`congvu.mailflow.logs.parse_logs`) and every reassembled
message is judged by the one rule function (`congvu.mailflow.logs.ingest.decisions`) twice: under
the current policy and under the candidate.  Each finding becomes a row with the action the
policy service would have answered in `mode` (`congvu.mailflow.modes`); a finding that only the
current policy makes is listed with action `dunno` and change `disappear`.

Only what the policy service sees at RCPT time can be acted on: mail to a public mailbox (MAIL-001)
and from one (MAIL-002), and the rules with a `check` of their own.  A forwarding (MAIL-003) is
done by our own server after the message was accepted, and an attachment (MAIL-004) is read after
it: those rows are findings with action `dunno` and `enforceable` false.

Mail to citizens is never refused or held: a row whose recipient is a public address that belongs
to no staff member is `to_citizen` and its action is always `dunno` (asserted).  A forwarding's
target is the official mailbox owner's own choice, not a citizen the sender wrote to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from congvu.classify import AddressPolicy
from congvu.clock import LOCAL
from congvu.mailflow.logs import parse_logs
from congvu.mailflow.logs.assemble import chains, merged
from congvu.mailflow.logs.ingest import decisions
from congvu.mailflow.modes import Mode
from congvu.mailflow.origin import ProviderHosts
from congvu.mailflow.rules import MailFinding, StaffIndex, normalize_address

Action = Literal["reject", "hold", "warn", "dunno"]
ENFORCING: tuple[Mode, ...] = ("reject", "hold", "warn")

Key = tuple[str, str, str]


def recipient_of(finding: MailFinding) -> str:
    """Who the message (or the forwarding) went to: the public address for mail to a public
    mailbox and for forwarding, the official address for mail from one."""
    return finding.counterpart if finding.direction == "from-public" else finding.address


AFTER_ACCEPTANCE = frozenset({"forward", "document"})  # directions the policy service never sees


def enforceable(finding: MailFinding) -> bool:
    return finding.direction not in AFTER_ACCEPTANCE


def to_citizen(finding: MailFinding, index: StaffIndex, policy: AddressPolicy) -> bool:
    """Mail the sender wrote to a public mailbox that is no staff member's known address: a
    citizen's (or a company's)."""
    if finding.direction == "forward":
        return False
    address = normalize_address(recipient_of(finding))
    return address not in index.personal and policy.classify(address).cls == "public"


def _action(mode: Mode, finding: MailFinding, citizen: bool) -> Action:
    action: Action = "dunno"
    if enforceable(finding) and not citizen and mode != "monitor":
        action = mode
    assert not (citizen and action in ("reject", "hold")), "mail to a citizen must never be refused"
    return action


def _change(now: MailFinding | None, after: MailFinding | None, action_now: str, action: str) -> str:
    if now is None:
        return "appear"
    if after is None:
        return "disappear"
    if action != action_now or now.person_id != after.person_id or now.verified != after.verified:
        return "changed"
    return "same"


def _judged(found: list[list[Any]], index: StaffIndex, policy: AddressPolicy, hosts: ProviderHosts | None
            ) -> list[dict[Key, MailFinding]]:  # fmt: skip
    return [
        {(f.rule, f.address, f.counterpart): f for f in hits}
        for hits in decisions(found, index, policy, hosts=hosts)
    ]


def whatif_mail(
    paths: Iterable[Path],
    index: StaffIndex,
    now: AddressPolicy,
    after: AddressPolicy,
    mode: Mode,
    *,
    zone: ZoneInfo = LOCAL,
    year: int | None = None,
    hosts: ProviderHosts | None = None,
    hosts_after: ProviderHosts | None = None,
    show_all: bool = False,
) -> dict[str, Any]:
    """The JSON contract of `congvu whatif mail --format json` (fields may be added, never removed).

    `hosts` / `hosts_after`: the provider hosts files of the two policies (`hosts_after` defaults
    to `hosts`).  `messages`: by default the rows whose action changes from the current policy (in the same
    mode) to the candidate; with `show_all`, every finding under either policy.
    """
    if mode not in ENFORCING:
        raise ValueError(f"mode must be one of {', '.join(ENFORCING)}, not {mode!r}")
    parser, reports = parse_logs(paths, zone, None, (), year)
    found = list(chains(parser.messages))
    judged_now = _judged(found, index, now, hosts)
    judged_after = _judged(found, index, after, hosts_after or hosts)
    rows: list[dict[str, Any]] = []
    for chain, hits_now, hits_after in zip(found, judged_now, judged_after, strict=True):
        if not hits_now and not hits_after:
            continue
        message = merged(chain, zone)
        for key in dict.fromkeys([*hits_after, *hits_now]):
            was, will = hits_now.get(key), hits_after.get(key)
            finding = will or was
            assert finding is not None
            action_now = _action(mode, was, to_citizen(was, index, now)) if was else "dunno"
            citizen = to_citizen(finding, index, after)
            action = _action(mode, will, citizen) if will else "dunno"
            change = _change(was, will, action_now, action)
            if change == "same" and not show_all:
                continue
            rows.append({
                "queue_id": message["queue_id"],
                "time": message["time"],
                "sender": message["from"],
                "recipient": recipient_of(finding),
                "person_id": finding.person_id,
                "unit": finding.unit,
                "rule": finding.rule,
                "address": finding.address,
                "action": action,
                "to_citizen": citizen,
                "action_now": action_now,
                "person_id_now": was.person_id if was else None,
                "unit_now": was.unit if was else None,
                "change": change,
                "enforceable": enforceable(finding),
                "verified": finding.verified,
            })  # fmt: skip
    for row in rows:  # the promise, checked on what goes out
        assert not (row["to_citizen"] and row["action"] in ("reject", "hold")), row
    return {
        "mode": mode,
        "messages": rows,
        "summary": summary(rows),
        "stats": {
            "lines": parser.stats.lines,
            "messages": len(found),
            "unparsed": parser.stats.unparsed,
            "files": [r.as_dict() for r in reports],
        },
    }


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of actions under the candidate per unit, person and rule, and of changes (a row that
    disappears counts as `dunno` under the unit and person it was charged to now)."""
    per: dict[str, dict[str, Counter[str]]] = {"unit": defaultdict(Counter), "person": defaultdict(Counter),
                                               "rule": defaultdict(Counter)}  # fmt: skip
    for row in rows:
        for name, field in (("unit", "unit"), ("person", "person_id"), ("rule", "rule")):
            per[name][row[field] or "-"][row["action"]] += 1
    return {
        "messages": len({r["queue_id"] for r in rows}),
        "rows": len(rows),
        "actions": dict(Counter(r["action"] for r in rows)),
        "changes": dict(Counter(r["change"] for r in rows)),
        "to_citizen": sum(1 for r in rows if r["to_citizen"]),
        "refused_to_citizen": sum(1 for r in rows if r["to_citizen"] and r["action"] in ("reject", "hold")),
        "per_unit": {k: dict(v) for k, v in sorted(per["unit"].items())},
        "per_person": {k: dict(v) for k, v in sorted(per["person"].items())},
        "per_rule": {k: dict(v) for k, v in sorted(per["rule"].items())},
    }
