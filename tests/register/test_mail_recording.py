"""Mail events in the register: findings, one violation per person, rule and month, every finding
linked to it, and nothing doubled when the same events come again (a replayed spool)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from congvu.register.mail import record_mail_events
from congvu.register.schema import findings, violation_findings, violations
from congvu.register.store import Store

STAFF_GMAIL = "vothanhtrung71@gmail.com"


def _event(source: str, at: str, rule: str, person: str, address: str = STAFF_GMAIL) -> dict[str, Any]:
    return {
        "source": source,
        "at": at,
        "findings": [
            {
                "rule": rule,
                "address": address,
                "counterpart": "trungvt@danang.gov.vn",
                "person_id": person,
                "unit": "LC-VP",
                "direction": "to-public",
                "reason": f"{rule} (Chỉ thị 01/CT-UBND): thư công vụ gửi tới hộp thư công cộng {address}",
                "provider": "Gmail",
            }
        ],
    }


def _links(store: Store) -> dict[str, list[str]]:
    query = (
        sa.select(violations.c.key, findings.c.source)
        .join(violation_findings, violation_findings.c.violation_id == violations.c.id)
        .join(findings, findings.c.id == violation_findings.c.finding_id)
        .order_by(violations.c.key, findings.c.source)
    )
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for key, source in conn.execute(query):
            out.setdefault(key, []).append(source)
    return out


def test_each_finding_is_linked_to_its_violation_once(org: Store) -> None:
    events = [
        _event("policy:a1", "2014-06-03T02:15:00+00:00", "MAIL-001", "LC-VP-02"),
        _event("policy:a2", "2014-06-20T09:00:00+00:00", "MAIL-001", "LC-VP-02"),
        _event("policy:a3", "2014-07-01T08:00:00+00:00", "MAIL-001", "LC-VP-02"),
        _event("log:B7C2", "2014-06-04T01:00:00+00:00", "MAIL-002", "LC-VP-02"),
        _event("policy:a4", "2014-06-05T01:00:00+00:00", "MAIL-001", "KHONG-CO", "ai.do@gmail.com"),
    ]
    first = record_mail_events(org, events, "congvu-policy")
    again = record_mail_events(org, events, "congvu-policy")  # a replayed spool
    assert (first.findings_new, first.violations_new) == (5, 3)
    assert (again.findings_new, again.violations_new) == (0, 0)
    assert _links(org) == {
        "mail:MAIL-001:LC-VP-02:2014-06": ["policy:a1", "policy:a2"],
        "mail:MAIL-001:LC-VP-02:2014-07": ["policy:a3"],
        "mail:MAIL-002:LC-VP-02:2014-06": ["log:B7C2"],
    }  # the unknown person's finding is kept, without a violation
