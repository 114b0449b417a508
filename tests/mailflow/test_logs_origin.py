# ruff: noqa: E501  (log lines are kept whole, as Postfix writes them)
"""Mail logs accuse no one falsely (issue 11 point 4, issue 16 point 7), on SQLite and PostgreSQL.

A Zimbra MTA log (Postfix with amavis on 127.0.0.1:10024, re-injection on :10025, lines shaped as in
examples/mail/zimbra.log and the real samples of postfix-grok-patterns): an e-government
notification system writing to three staff members' Gmail, a forged official sender from an
internal host, forged and genuine public senders, an authenticated submission, and a forward that
is deferred before log rotation and delivered after it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register.schema import findings, violation_findings, violations
from congvu.register.store import open_store

runner = CliRunner()

BEFORE_ROTATION = """\
Jun 18 07:30:02 mta01 postfix/smtpd[22011]: connect from egov-app01.danang.gov.vn[10.20.5.21]
Jun 18 07:30:02 mta01 postfix/smtpd[22011]: B18C2D9A01: client=egov-app01.danang.gov.vn[10.20.5.21]
Jun 18 07:30:02 mta01 postfix/cleanup[22015]: B18C2D9A01: message-id=<20140618073002.dvc.88213@egov-app01.danang.gov.vn>
Jun 18 07:30:02 mta01 postfix/qmgr[1822]: B18C2D9A01: from=<thongbao.dichvucong@danang.gov.vn>, size=8123, nrcpt=3 (queue active)
Jun 18 07:30:02 mta01 postfix/smtpd[22011]: disconnect from egov-app01.danang.gov.vn[10.20.5.21] ehlo=1 mail=1 rcpt=3 data=1 quit=1 commands=7
Jun 18 07:30:03 mta01 amavis[19876]: (19876-21) Passed CLEAN {RelayedOutbound}, LOCAL [10.20.5.21]:40112 [10.20.5.21] <thongbao.dichvucong@danang.gov.vn> -> <tranvanson75@gmail.com>,<huynhthithanhdung77@gmail.com>,<lythuthao86@gmail.com>, Queue-ID: B18C2D9A01, Message-ID: <20140618073002.dvc.88213@egov-app01.danang.gov.vn>, mail_id: 7hQm2Wc0xZ1e, Hits: -1.2, size: 8123, queued_as: C29D3EAB12, 640 ms
Jun 18 07:30:03 mta01 postfix/smtp[22017]: B18C2D9A01: to=<tranvanson75@gmail.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.9, delays=0.1/0/0/0.8, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as C29D3EAB12)
Jun 18 07:30:03 mta01 postfix/smtp[22017]: B18C2D9A01: to=<huynhthithanhdung77@gmail.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.9, delays=0.1/0/0/0.8, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as C29D3EAB12)
Jun 18 07:30:03 mta01 postfix/smtp[22017]: B18C2D9A01: to=<lythuthao86@gmail.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.9, delays=0.1/0/0/0.8, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as C29D3EAB12)
Jun 18 07:30:03 mta01 postfix/qmgr[1822]: B18C2D9A01: removed
Jun 18 07:30:03 mta01 postfix/amavisd/smtpd[21322]: C29D3EAB12: client=localhost[127.0.0.1]
Jun 18 07:30:03 mta01 postfix/cleanup[22015]: C29D3EAB12: message-id=<20140618073002.dvc.88213@egov-app01.danang.gov.vn>
Jun 18 07:30:03 mta01 postfix/qmgr[1822]: C29D3EAB12: from=<thongbao.dichvucong@danang.gov.vn>, size=8840, nrcpt=3 (queue active)
Jun 18 07:30:04 mta01 postfix/smtp[22031]: C29D3EAB12: to=<tranvanson75@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.68.26]:25, delay=1.1, delays=0/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1403051404 a3si2101pbc.12 - gsmtp)
Jun 18 07:30:04 mta01 postfix/smtp[22031]: C29D3EAB12: to=<huynhthithanhdung77@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.68.26]:25, delay=1.1, delays=0/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1403051404 a3si2101pbc.12 - gsmtp)
Jun 18 07:30:04 mta01 postfix/smtp[22031]: C29D3EAB12: to=<lythuthao86@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.68.26]:25, delay=1.1, delays=0/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1403051404 a3si2101pbc.12 - gsmtp)
Jun 18 07:30:04 mta01 postfix/qmgr[1822]: C29D3EAB12: removed
Jun 18 08:02:40 mta01 postfix/smtpd[22040]: connect from unknown[10.20.9.77]
Jun 18 08:02:40 mta01 postfix/smtpd[22040]: D0A1B2C3D4: client=unknown[10.20.9.77]
Jun 18 08:02:40 mta01 postfix/cleanup[22015]: D0A1B2C3D4: message-id=<5f1e.0042@scan-tang3>
Jun 18 08:02:40 mta01 postfix/qmgr[1822]: D0A1B2C3D4: from=<sonpt@danang.gov.vn>, size=412003, nrcpt=1 (queue active)
Jun 18 08:02:41 mta01 postfix/smtp[22031]: D0A1B2C3D4: to=<phanthanhson94@yahoo.com.vn>, relay=mta5.am0.yahoodns.net[98.136.96.74]:25, delay=1.4, delays=0.1/0/0.6/0.7, dsn=2.0.0, status=sent (250 ok dirdel)
Jun 18 08:02:41 mta01 postfix/qmgr[1822]: D0A1B2C3D4: removed
Jun 18 08:40:11 mta01 postfix/smtpd[22051]: connect from unknown[203.113.131.5]
Jun 18 08:40:11 mta01 postfix/smtpd[22051]: E1B2C3D4E5: client=unknown[203.113.131.5]
Jun 18 08:40:11 mta01 postfix/qmgr[1822]: E1B2C3D4E5: from=<dangvankhoa87@yahoo.com>, size=20110, nrcpt=1 (queue active)
Jun 18 08:40:12 mta01 postfix/lmtp[21360]: E1B2C3D4E5: to=<sonpt@danang.gov.vn>, relay=mailbox01.danang.gov.vn[10.20.0.21]:7025, delay=0.4, delays=0.1/0/0/0.3, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)
Jun 18 08:40:12 mta01 postfix/qmgr[1822]: E1B2C3D4E5: removed
Jun 18 08:41:30 mta01 postfix/smtpd[22052]: F2C3D4E5F6: client=yahoo.com.mail-relay.vps-hanoi.example[45.77.12.9]
Jun 18 08:41:30 mta01 postfix/qmgr[1822]: F2C3D4E5F6: from=<dangvankhoa87@yahoo.com>, size=20110, nrcpt=1 (queue active)
Jun 18 08:41:31 mta01 postfix/lmtp[21360]: F2C3D4E5F6: to=<sonpt@danang.gov.vn>, relay=mailbox01.danang.gov.vn[10.20.0.21]:7025, delay=0.4, delays=0.1/0/0/0.3, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)
Jun 18 08:41:31 mta01 postfix/qmgr[1822]: F2C3D4E5F6: removed
Jun 18 09:05:18 mta01 postfix/smtpd[22060]: 1A2B3C4D5E: client=sonic310-21.consmr.mail.sg3.yahoo.com[106.10.242.148]
Jun 18 09:05:18 mta01 postfix/cleanup[22015]: 1A2B3C4D5E: message-id=<1403057118.55120.YahooMailNeo@web190104.mail.sg3.yahoo.com>
Jun 18 09:05:18 mta01 postfix/qmgr[1822]: 1A2B3C4D5E: from=<dangvankhoa87@yahoo.com>, size=98213, nrcpt=1 (queue active)
Jun 18 09:05:19 mta01 postfix/lmtp[21360]: 1A2B3C4D5E: to=<sonpt@danang.gov.vn>, relay=mailbox01.danang.gov.vn[10.20.0.21]:7025, delay=0.5, delays=0.1/0/0/0.4, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)
Jun 18 09:05:19 mta01 postfix/qmgr[1822]: 1A2B3C4D5E: removed
Jun 18 09:08:44 mta01 postfix/submission/smtpd[22071]: 2B3C4D5E6F: client=pc-vanphong-02.lienchieu.danang.gov.vn[10.20.1.12], sasl_method=PLAIN, sasl_username=trungvt@danang.gov.vn
Jun 18 09:08:44 mta01 postfix/qmgr[1822]: 2B3C4D5E6F: from=<trungvt@danang.gov.vn>, size=51200, nrcpt=1 (queue active)
Jun 18 09:08:45 mta01 postfix/smtp[22031]: 2B3C4D5E6F: to=<vothanhtrung71@gmail.com>, relay=gmail-smtp-in.l.google.com[74.125.68.27]:25, delay=0.9, delays=0/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 OK 1403057325 b7si2231pbd.5 - gsmtp)
Jun 18 09:08:45 mta01 postfix/qmgr[1822]: 2B3C4D5E6F: removed
Jun 18 09:10:01 mta01 postfix/smtpd[22080]: connect from mail-sor-f41.google.com[209.85.220.41]
Jun 18 09:10:01 mta01 postfix/smtpd[22080]: 3C4D5E6F70: client=mail-sor-f41.google.com[209.85.220.41]
Jun 18 09:10:01 mta01 postfix/cleanup[22015]: 3C4D5E6F70: message-id=<CAPm4Tx0r7QeVbN@mail.gmail.com>
Jun 18 09:10:01 mta01 postfix/qmgr[1822]: 3C4D5E6F70: from=<nguyenthimai.hoakhanh@gmail.com>, size=30412, nrcpt=1 (queue active)
Jun 18 09:10:02 mta01 amavis[19876]: (19876-22) Passed CLEAN {RelayedInbound}, [209.85.220.41]:51234 [209.85.220.41] <nguyenthimai.hoakhanh@gmail.com> -> <trungvt@danang.gov.vn>, Queue-ID: 3C4D5E6F70, Message-ID: <CAPm4Tx0r7QeVbN@mail.gmail.com>, mail_id: Pq0Zr8Lm3Ya1, Hits: -0.4, size: 30412, queued_as: 4D5E6F7081, 700 ms
Jun 18 09:10:02 mta01 postfix/smtp[22017]: 3C4D5E6F70: to=<trungvt@danang.gov.vn>, relay=127.0.0.1[127.0.0.1]:10024, delay=1, delays=0.1/0/0/0.9, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4D5E6F7081)
Jun 18 09:10:02 mta01 postfix/qmgr[1822]: 3C4D5E6F70: removed
Jun 18 09:10:02 mta01 postfix/amavisd/smtpd[21322]: 4D5E6F7081: client=localhost[127.0.0.1]
Jun 18 09:10:02 mta01 postfix/qmgr[1822]: 4D5E6F7081: from=<nguyenthimai.hoakhanh@gmail.com>, size=31120, nrcpt=2 (queue active)
Jun 18 09:10:03 mta01 postfix/lmtp[21360]: 4D5E6F7081: to=<trungvt@danang.gov.vn>, relay=mailbox01.danang.gov.vn[10.20.0.21]:7025, delay=0.5, delays=0.1/0/0/0.4, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)
Jun 18 09:10:07 mta01 postfix/smtp[22090]: 4D5E6F7081: to=<trung.personal@yahoo.com>, orig_to=<trungvt@danang.gov.vn>, relay=none, delay=5, delays=0.1/0/4.9/0, dsn=4.4.2, status=deferred (delivery temporarily suspended: lost connection with mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO)
"""

AFTER_ROTATION = """\
Jun 18 09:40:03 mta01 postfix/qmgr[1822]: 4D5E6F7081: from=<nguyenthimai.hoakhanh@gmail.com>, size=31120, nrcpt=2 (queue active)
Jun 18 09:40:05 mta01 postfix/smtp[22101]: 4D5E6F7081: to=<trung.personal@yahoo.com>, orig_to=<trungvt@danang.gov.vn>, relay=mta6.am0.yahoodns.net[67.195.204.72]:25, delay=1803, delays=1800/0.1/1.2/1.7, dsn=2.0.0, status=sent (250 ok dirdel)
Jun 18 09:40:05 mta01 postfix/qmgr[1822]: 4D5E6F7081: removed
"""

# person, rule: charged only for what is proved theirs
CHARGED = {("LC-VP-02", "MAIL-001"), ("LC-VP-03", "MAIL-002"), ("LC-VP-02", "MAIL-003")}
INNOCENT = {"LC-NV-03", "LC-NV-02", "LC-TNMT-02", "LC-VP-01"}  # e-gov recipients, forged sender


def _ingest(db: str, *files: Path, record: bool = True) -> dict[str, Any]:
    args = ["mail", "ingest-log", *map(str, files), "--year", "2014", "--format", "json", "--db", db]
    result = runner.invoke(app, args if record else [*args, "--no-record"])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def _write(path: Path, text: str, mtime: float) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def _register(db: str) -> tuple[list[tuple[str, str]], int, list[tuple[str, str]]]:
    store = open_store(db)
    try:
        with store.engine.connect() as conn:
            found = [tuple(r) for r in conn.execute(sa.select(findings.c.rule, findings.c.excerpt))]
            linked = conn.execute(sa.select(sa.func.count()).select_from(violation_findings)).scalar_one()
            charged = [tuple(r) for r in conn.execute(sa.select(violations.c.person_id, violations.c.rule))]
    finally:
        store.dispose()
    return found, int(linked), charged  # type: ignore[return-value]


def _check(db: str, reported: list[dict[str, Any]]) -> None:
    """The runs' JSON and the register say the same thing, and only the proved are charged."""
    assert sorted((f["rule"], f["address"]) for f in reported) == [
        ("MAIL-001", "phanthanhson94@yahoo.com.vn"),  # forged official sender: unverified
        ("MAIL-001", "vothanhtrung71@gmail.com"),  # trungvt logged in
        ("MAIL-002", "dangvankhoa87@yahoo.com"),  # unknown[203.113.131.5]
        ("MAIL-002", "dangvankhoa87@yahoo.com"),  # a host merely named after Yahoo
        ("MAIL-002", "dangvankhoa87@yahoo.com"),  # Yahoo's own server
        ("MAIL-003", "trung.personal@yahoo.com"),  # deferred, then sent: one forward
    ]
    assert {(f["person_id"], f["rule"]) for f in reported if f["verified"]} == CHARGED
    assert all(f["person_id"] is None for f in reported if not f["verified"])
    assert not any(f["address"] in {"tranvanson75@gmail.com", "lythuthao86@gmail.com"} for f in reported)
    stored, linked, charged = _register(db)
    assert sorted(rule for rule, _ in stored) == sorted(f["rule"] for f in reported)
    assert sum("(unverified)" in excerpt for _, excerpt in stored) == 3
    assert sorted(charged) == sorted(CHARGED) and linked == 3
    assert not INNOCENT & {person for person, _ in charged}


def test_one_run_over_rotated_files(example_register: str, tmp_path: Path) -> None:
    old = _write(tmp_path / "zimbra.log.1", BEFORE_ROTATION, 1_403_053_200)
    new = _write(tmp_path / "zimbra.log", AFTER_ROTATION, 1_403_059_000)
    out = _ingest(example_register, new, old)
    assert out["stats"]["pending"] == 0 and out["recorded"]["violations_new"] == 3
    forwards = [r for m in out["messages"] for r in m["recipients"] if r["orig_to"]]
    assert [r["status"] for r in forwards] == ["deferred", "sent"]  # both attempts are in the record
    _check(example_register, out["findings"])


def test_runs_before_and_after_rotation_add_up_to_the_register(example_register: str, tmp_path: Path) -> None:
    log = _write(tmp_path / "zimbra.log", BEFORE_ROTATION, 1_403_053_200)
    first = _ingest(example_register, log)
    assert first["stats"]["pending"] == 1  # the forward is still in the queue
    assert [f["rule"] for f in first["findings"]].count("MAIL-003") == 1
    log.rename(tmp_path / "zimbra.log.1")  # logrotate; the same message goes on in the new file
    new = _write(tmp_path / "zimbra.log", AFTER_ROTATION, 1_403_059_000)
    second = _ingest(example_register, tmp_path / "zimbra.log.1", new)
    assert second["stats"]["pending"] == 0
    assert second["findings"] == []  # the forward was reported (and recorded) by the first run
    assert second["recorded"]["findings_new"] == 0
    _check(example_register, first["findings"] + second["findings"])
