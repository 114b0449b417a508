"""The shared decision function: MAIL-001/002/003/004 and the citizen guarantee."""

from __future__ import annotations

from policykit import CITIZEN, COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy

from congvu.mailflow.rules import Envelope, StaffIndex, decide, document_findings, forwarding
from congvu.model import DocumentResult, Metadata


def rules(env: Envelope, idx: StaffIndex | None = None) -> list[str]:
    return [f.rule for f in decide(env, idx or index(), policy())]


def test_official_to_own_public_mailbox_is_mail_001() -> None:
    found = decide(Envelope(OFFICIAL, [STAFF_GMAIL]), index(), policy())
    assert [f.rule for f in found] == ["MAIL-001"]
    assert found[0].person_id == "LC-VP-02" and found[0].address == STAFF_GMAIL
    assert "Chỉ thị 01/CT-UBND" in found[0].reason and found[0].provider == "Gmail"


def test_official_to_colleagues_public_mailbox_is_attributed_to_the_sender() -> None:
    found = decide(Envelope("trunghc@danang.gov.vn", ["<VoThanhTrung71@Gmail.com>"]), index(), policy())
    assert [(f.rule, f.person_id, f.mailbox_owner) for f in found] == [("MAIL-001", "LC-NV-01", "LC-VP-02")]


def test_official_domain_not_in_directory_still_counts_as_official() -> None:
    assert rules(Envelope("vanthu.hoakhanhbac@danang.gov.vn", [STAFF_GMAIL])) == ["MAIL-001"]


def test_public_mailbox_of_staff_writing_to_official_is_mail_002() -> None:
    found = decide(Envelope(STAFF_GMAIL, [COLLEAGUE]), index(), policy())
    assert [(f.rule, f.person_id, f.counterpart) for f in found] == [("MAIL-002", "LC-VP-02", COLLEAGUE)]


def test_header_from_counts_as_a_sender_identity() -> None:
    env = Envelope(
        "bounce@relay.example.net", [COLLEAGUE], header_senders=["Trung <vothanhtrung71@gmail.com>"]
    )
    assert rules(env) == []  # a display name is not an address: callers pass parsed addresses
    env = Envelope("bounce@relay.example.net", [COLLEAGUE], header_senders=[STAFF_GMAIL])
    assert rules(env) == ["MAIL-002"]


def test_citizens_are_never_acted_on() -> None:
    assert rules(Envelope(OFFICIAL, [CITIZEN])) == []
    assert rules(Envelope(CITIZEN, [OFFICIAL])) == []
    assert rules(Envelope(STAFF_GMAIL, [CITIZEN])) == []  # private life is not official work


def test_authenticated_login_makes_the_sender_official() -> None:
    env = Envelope("someone@example.org", [STAFF_GMAIL], sasl_username="trunghc")
    found = decide(env, index(), policy())
    assert [(f.rule, f.person_id) for f in found] == [("MAIL-001", "LC-NV-01")]


def test_forwarding_official_mailbox_to_public_is_mail_003() -> None:
    found = forwarding([(OFFICIAL, "trung.personal@yahoo.com"), (OFFICIAL, COLLEAGUE)], index(), policy())
    assert [(f.rule, f.person_id, f.address) for f in found] == [
        ("MAIL-003", "LC-VP-02", "trung.personal@yahoo.com")
    ]


def test_official_document_to_a_staff_public_mailbox_is_mail_004() -> None:
    doc = DocumentResult(
        "cv-125.docx", metadata=Metadata(issuer="UBND QUẬN LIÊN CHIỂU", number="125/UBND-VP")
    )
    doc.sha256 = "ab" * 32
    plain = DocumentResult("anh.jpg")
    found = document_findings(Envelope(OFFICIAL, [STAFF_GMAIL, CITIZEN]), [doc, plain], index(), policy())
    assert [(f.rule, f.address, f.document) for f in found] == [("MAIL-004", STAFF_GMAIL, "ab" * 32)]
    assert document_findings(Envelope(OFFICIAL, [CITIZEN]), [doc], index(), policy()) == []


def test_index_from_plain_dicts_accepts_lists_and_strings() -> None:
    idx = index()
    assert idx.personal_owner("hoangcongtrung75@gmail.com") is not None
    assert idx.official_owner(OFFICIAL) is not None and idx.login_owner("trungvt@danang.gov.vn") is not None
    assert StaffIndex().personal == {}
