# ruff: noqa: E501  (real log lines are long)
"""Postfix log lines of Liên Chiểu's MTA (17 June 2014) that the what-if tests replay, written once
so the command-line preview (`whatif mail`) and the settings page's upload read the same mail."""

from __future__ import annotations

# Ngô Ngọc Anh (LC-02) forwards her official mailbox to a private one at thudientu.vn; a citizen at
# thudientu.vn gets an answer from a staff member's official account.
FORWARD_AND_ANSWER = """\
Jun 17 08:10:01 mta01 postfix/smtpd[22001]: 1A2B3C4D01: client=mail-qk1-f180.google.com[209.85.222.180]
Jun 17 08:10:01 mta01 postfix/cleanup[22005]: 1A2B3C4D01: message-id=<CAHx7Lm2sVb@mail.gmail.com>
Jun 17 08:10:01 mta01 postfix/qmgr[1822]: 1A2B3C4D01: from=<tranthimai1990@gmail.com>, size=18220, nrcpt=1 (queue active)
Jun 17 08:10:02 mta01 postfix/smtp[22010]: 1A2B3C4D01: to=<ngocanh.ngo@thudientu.vn>, orig_to=<anhnn@danang.gov.vn>, relay=mx.thudientu.vn[203.113.10.5]:25, delay=1.0, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)
Jun 17 08:10:02 mta01 postfix/lmtp[22011]: 1A2B3C4D01: to=<anhnn@danang.gov.vn>, relay=mailbox01.danang.gov.vn[10.20.0.21]:7025, delay=0.4, delays=0.1/0/0/0.3, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)
Jun 17 08:10:02 mta01 postfix/qmgr[1822]: 1A2B3C4D01: removed
Jun 17 09:20:11 mta01 postfix/submission/smtpd[22101]: 2B3C4D5E02: client=pc-tp-02.danang.gov.vn[10.20.3.12], sasl_method=LOGIN, sasl_username=tampd@danang.gov.vn
Jun 17 09:20:11 mta01 postfix/cleanup[22105]: 2B3C4D5E02: message-id=<20140617092011.2B3C4D5E02@danang.gov.vn>
Jun 17 09:20:11 mta01 postfix/qmgr[1822]: 2B3C4D5E02: from=<tampd@danang.gov.vn>, size=9120, nrcpt=1 (queue active)
Jun 17 09:20:12 mta01 postfix/smtp[22110]: 2B3C4D5E02: to=<nguyenvanan1968@thudientu.vn>, relay=mx.thudientu.vn[203.113.10.5]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)
Jun 17 09:20:12 mta01 postfix/qmgr[1822]: 2B3C4D5E02: removed
"""

# Hoàng Công Trung (LC-NV-01) writes from his Gmail to the district's new domain's one-stop desk.
GMAIL_TO_THE_NEW_DOMAIN = """\
Jun 17 10:05:31 mta01 postfix/smtpd[22201]: 3C4D5E6F03: client=mail-ob0-f170.google.com[209.85.214.170]
Jun 17 10:05:31 mta01 postfix/cleanup[22205]: 3C4D5E6F03: message-id=<CAJq9vT1mN@mail.gmail.com>
Jun 17 10:05:31 mta01 postfix/qmgr[1822]: 3C4D5E6F03: from=<hoangcongtrung75@gmail.com>, size=30412, nrcpt=1 (queue active)
Jun 17 10:05:32 mta01 postfix/smtp[22210]: 3C4D5E6F03: to=<motcua@lienchieu.danang.vn>, relay=mail.lienchieu.danang.vn[10.30.0.5]:25, delay=1.0, delays=0.1/0/0.4/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)
Jun 17 10:05:32 mta01 postfix/qmgr[1822]: 3C4D5E6F03: removed
"""
