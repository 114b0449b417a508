"""The shared decision function: MAIL-001/002/003/004 and the citizen guarantee."""

from __future__ import annotations

from policykit import CITIZEN, COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy

from congvu.mailflow.rules import Envelope, StaffIndex, decide, document_findings, forwarding
from congvu.model import DocumentResult, Metadata


def rules(env: Envelope, idx: StaffIndex | None = None) -> list[str]:
    return [f.rule for f in decide(env, idx or index(), policy())]


GMAIL_HOST = "mail-sor-f41.google.com"  # a Gmail server, as Postfix names it once reverse DNS is confirmed


def test_official_to_own_public_mailbox_is_mail_001() -> None:
    found = decide(Envelope(OFFICIAL, [STAFF_GMAIL], sasl_username="trungvt"), index(), policy())
    assert [f.rule for f in found] == ["MAIL-001"]
    assert found[0].person_id == "LC-VP-02" and found[0].address == STAFF_GMAIL and found[0].verified
    assert "Chỉ thị 01/CT-UBND" in found[0].reason and found[0].provider == "Gmail"
    assert found[0].origin == "SASL login trungvt"


def test_official_sender_without_a_login_charges_no_one() -> None:
    # Was charged to LC-VP-02 on the envelope sender alone (issue 16 point 7: anyone can type it).
    # Now kept as an unverified finding for an inspector, attributed to no one.
    (found,) = decide(Envelope(OFFICIAL, [STAFF_GMAIL]), index(), policy())
    assert (found.rule, found.person_id, found.unit, found.verified) == ("MAIL-001", None, None, False)
    assert found.mailbox_owner == "LC-VP-02" and "no SASL login" in (found.origin or "")
    assert "không lập vi phạm" in found.reason


def test_official_to_colleagues_public_mailbox_is_attributed_to_the_login() -> None:
    env = Envelope(
        "trunghc@danang.gov.vn", ["<VoThanhTrung71@Gmail.com>"], sasl_username="trunghc@danang.gov.vn"
    )
    found = decide(env, index(), policy())
    assert [(f.rule, f.person_id, f.mailbox_owner) for f in found] == [("MAIL-001", "LC-NV-01", "LC-VP-02")]


def test_the_login_not_the_claimed_sender_is_charged() -> None:
    # trunghc logged in and wrote trungvt's address as sender: the login is what was proved.
    env = Envelope(OFFICIAL, [STAFF_GMAIL], sasl_username="trunghc")
    assert [(f.rule, f.person_id) for f in decide(env, index(), policy())] == [("MAIL-001", "LC-NV-01")]


def test_official_domain_system_sender_is_never_charged_to_the_recipient() -> None:
    # Was MAIL-001 charged to the *recipient* (issue 11: an e-government notification sender on an
    # internal host wrote to staff members' Gmail; three innocent people got pending violations).
    notify = Envelope(
        "thongbao.dichvucong@danang.gov.vn", [STAFF_GMAIL], client_name="egov-app01.danang.gov.vn"
    )
    assert decide(notify, index(), policy()) == []
    assert rules(Envelope("vanthu.hoakhanhbac@danang.gov.vn", [STAFF_GMAIL])) == []


def test_public_mailbox_of_staff_writing_to_official_is_mail_002() -> None:
    env = Envelope(STAFF_GMAIL, [COLLEAGUE], client_name=GMAIL_HOST)
    found = decide(env, index(), policy())
    assert [(f.rule, f.person_id, f.counterpart, f.verified) for f in found] == [
        ("MAIL-002", "LC-VP-02", COLLEAGUE, True)
    ]
    assert found[0].origin == f"sent by {GMAIL_HOST}, a Gmail server (google.com)"


def test_mail_002_from_an_unconfirmed_client_charges_no_one() -> None:
    # Was charged to the mailbox's owner on the envelope sender alone (issue 16 point 7).
    for client in (None, "unknown", "unknown[203.113.131.5]", "mail-sor-f41.google.com.attacker.example"):
        (found,) = decide(Envelope(STAFF_GMAIL, [COLLEAGUE], client_name=client), index(), policy())
        assert (found.rule, found.person_id, found.verified, found.mailbox_owner) == (
            "MAIL-002",
            None,
            False,
            "LC-VP-02",
        ), client
        assert "origin not authenticated" in (found.origin or "")


def test_header_from_counts_as_a_sender_identity() -> None:
    env = Envelope(
        "bounce@relay.example.net", [COLLEAGUE], header_senders=["Trung <vothanhtrung71@gmail.com>"]
    )
    assert rules(env) == []  # a display name is not an address: callers pass parsed addresses
    env = Envelope("bounce@relay.example.net", [COLLEAGUE], header_senders=[STAFF_GMAIL])
    assert rules(env) == ["MAIL-002"]  # found, but unverified: a Reply-To/Sender vouches for nothing
    assert [f.verified for f in decide(env, index(), policy())] == [False]


def test_citizens_are_never_acted_on() -> None:
    assert rules(Envelope(OFFICIAL, [CITIZEN])) == []
    assert rules(Envelope(CITIZEN, [OFFICIAL])) == []
    assert rules(Envelope(STAFF_GMAIL, [CITIZEN])) == []  # private life is not official work


def test_authenticated_login_makes_the_sender_official() -> None:
    env = Envelope("someone@example.org", [STAFF_GMAIL], sasl_username="trunghc")
    found = decide(env, index(), policy())
    assert [(f.rule, f.person_id) for f in found] == [("MAIL-001", "LC-NV-01")]


def test_a_login_that_is_no_directory_person_charges_no_one() -> None:
    env = Envelope("thongbao@danang.gov.vn", [STAFF_GMAIL], sasl_username="egov-notify")
    assert decide(env, index(), policy()) == []


def test_forwarding_official_mailbox_to_public_is_mail_003() -> None:
    found = forwarding([(OFFICIAL, "trung.personal@yahoo.com"), (OFFICIAL, COLLEAGUE)], index(), policy())
    assert [(f.rule, f.person_id, f.address) for f in found] == [
        ("MAIL-003", "LC-VP-02", "trung.personal@yahoo.com")
    ]


def test_forwarding_retried_is_one_finding() -> None:
    pairs = [(OFFICIAL, "trung.personal@yahoo.com"), ("<TrungVT@danang.gov.vn>", "trung.personal@yahoo.com")]
    assert len(forwarding(pairs, index(), policy())) == 1


def _document() -> DocumentResult:
    doc = DocumentResult(
        "cv-125.docx", metadata=Metadata(issuer="UBND QUẬN LIÊN CHIỂU", number="125/UBND-VP")
    )
    doc.sha256 = "ab" * 32
    return doc


def test_official_document_to_a_staff_public_mailbox_is_mail_004() -> None:
    doc, plain = _document(), DocumentResult("anh.jpg")
    env = Envelope(OFFICIAL, [STAFF_GMAIL, CITIZEN], sasl_username="trungvt")
    found = document_findings(env, [doc, plain], index(), policy())
    assert [(f.rule, f.address, f.document, f.person_id) for f in found] == [
        ("MAIL-004", STAFF_GMAIL, "ab" * 32, "LC-VP-02")
    ]
    assert document_findings(Envelope(OFFICIAL, [CITIZEN]), [doc], index(), policy()) == []


def test_mail_004_is_charged_to_the_login_never_to_the_recipient() -> None:
    # Was charged to the owner of the receiving public mailbox, whoever sent the document.
    doc = _document()
    found = document_findings(
        Envelope(COLLEAGUE, [STAFF_GMAIL], sasl_username="thaolt"), [doc], index(), policy()
    )
    assert [(f.person_id, f.mailbox_owner, f.verified) for f in found] == [("LC-TNMT-02", "LC-VP-02", True)]
    (unproved,) = document_findings(Envelope(COLLEAGUE, [STAFF_GMAIL]), [doc], index(), policy())
    assert (unproved.person_id, unproved.verified) == (None, False)
    (sent,) = document_findings(
        Envelope(STAFF_GMAIL, [COLLEAGUE], client_name=GMAIL_HOST), [doc], index(), policy()
    )
    assert (sent.person_id, sent.verified) == ("LC-VP-02", True)
    (forged,) = document_findings(Envelope(STAFF_GMAIL, [COLLEAGUE]), [doc], index(), policy())
    assert (forged.person_id, forged.verified) == (None, False)


def test_index_from_plain_dicts_accepts_lists_and_strings() -> None:
    idx = index()
    assert idx.personal_owner("hoangcongtrung75@gmail.com") is not None
    assert idx.official_owner(OFFICIAL) is not None and idx.login_owner("trungvt@danang.gov.vn") is not None
    assert StaffIndex().personal == {}
