"""Mail and website findings keep the policy version that judged them, like `congvu record` (issue 14):
from the event itself (the policy service and the milter stamp theirs), else from the caller."""

from __future__ import annotations

import pickle
from functools import partial
from typing import Any

import sqlalchemy as sa
from regdocs import web_page
from regkit import INSPECTOR

from congvu.mailflow.runtime import stamped
from congvu.mailflow.serve import judged_under
from congvu.policyversion import policy_version
from congvu.register.mail import record_mail_events
from congvu.register.schema import findings, violations
from congvu.register.store import Store
from congvu.register.web_findings import record_crawl
from congvu.settings import Config

SERVICE = "a" * 64  # the version a policy service judged under, written in its (spooled) events
READER = "b" * 64  # the version the log reader runs under


def _event(source: str, at: str, person: str, address: str, policy: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {
        "source": source,
        "at": at,
        "findings": [{
            "rule": "MAIL-001", "address": address, "counterpart": "trungvt@danang.gov.vn",
            "person_id": person, "unit": "LC-VP", "direction": "to-public", "provider": "Gmail",
            "reason": f"MAIL-001 (Chỉ thị 01/CT-UBND): thư công vụ gửi tới hộp thư công cộng {address}",
        }],
    }  # fmt: skip
    if policy is not None:
        event["policy"] = policy
    return event


def _stamps(store: Store) -> tuple[dict[str, str | None], dict[str, str | None]]:
    with store.engine.connect() as conn:
        found = dict(conn.execute(sa.select(findings.c.source, findings.c.policy)).tuples().all())
        opened = dict(conn.execute(sa.select(violations.c.key, violations.c.policy)).tuples().all())
    return found, opened


def test_mail_findings_and_violations_keep_the_version_that_judged_them(org: Store) -> None:
    events = [
        _event("policy:a1", "2014-06-03T02:15:00+00:00", "LC-VP-02", "vothanhtrung71@gmail.com", SERVICE),
        _event("log:B7C2", "2014-06-20T09:00:00+00:00", "LC-VP-02", "vothanhtrung71@gmail.com"),
        _event("log:C9D1", "2014-06-21T09:00:00+00:00", "LC-VP-01", "phamvanhai.lc@yahoo.com"),
    ]
    report = record_mail_events(org, events, "congvu-mail", READER)
    assert (report.findings_new, report.violations_new) == (3, 2)
    found, opened = _stamps(org)
    assert found == {"policy:a1": SERVICE, "log:B7C2": READER, "log:C9D1": READER}
    # a month's violation gathered over messages of two versions keeps its first message's
    assert opened == {"mail:MAIL-001:LC-VP-02:2014-06": SERVICE, "mail:MAIL-001:LC-VP-01:2014-06": READER}


def test_mail_events_from_before_the_stamp_stay_unknown(org: Store) -> None:
    record_mail_events(org, [_event("policy:old", "2014-06-03T02:15:00+00:00", "LC-VP-02", "x.y@gmail.com")])
    found, opened = _stamps(org)
    assert found == {"policy:old": None} and set(opened.values()) == {None}


def test_the_services_stamp_each_event_when_they_make_it() -> None:
    stamp = partial(stamped, None, SERVICE)
    event = _event("milter:Q1", "2014-06-03T02:15:00+00:00", "LC-VP-02", "x.y@gmail.com")
    assert stamp(event)["policy"] == SERVICE and "policy" not in event  # the record is not changed
    spooled = _event("milter:Q2", "2014-06-03T02:15:00+00:00", "LC-VP-02", "x.y@gmail.com", READER)
    assert stamp(spooled)["policy"] == READER  # an event names its own version: kept
    assert pickle.loads(pickle.dumps(stamp))(event) == stamp(event)  # travels to the recording process
    # the version is the settings' own in the mode the service was started in (--mode)
    assert judged_under(Config({}), "reject") == policy_version(Config({"mailflow.mode": "reject"})).hash
    assert judged_under(Config({}), "reject") != judged_under(Config({}), "monitor")


def test_website_findings_and_violations_keep_the_version(org: Store) -> None:
    version = policy_version(Config({})).hash
    page = web_page("tiepdan.hoaminh@gmail.com")
    report = record_crawl(org, [page], INSPECTOR, version)
    assert report.violations_new == 1
    found, opened = _stamps(org)
    assert set(found.values()) == {version} and set(opened.values()) == {version}
