"""Archives (mbox, Maildir, .eml), the heads report and link suggestions, on the example directory."""

from __future__ import annotations

import mailbox
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from test_logs_parse import example_index

from congvu.classify import AddressPolicy
from congvu.mailflow.archive import scan_archive
from congvu.mailflow.heads import Sent, heads_report
from congvu.mailflow.suggest import suggest

CONG_VAN = """ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU
PHÒNG NỘI VỤ
Số: 45/PNV-TH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Liên Chiểu, ngày 16 tháng 6 năm 2014
V/v báo cáo số lượng cán bộ, công chức năm 2014
Kính gửi: Ủy ban nhân dân các phường.
Phòng Nội vụ đề nghị các phường báo cáo số lượng cán bộ trước ngày 30/6/2014.
"""


def message(frm: str, to: str, subject: str, attachment: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = frm, to, subject
    msg["Date"] = "Mon, 16 Jun 2014 09:15:00 +0700"
    msg["Message-ID"] = f"<{abs(hash((frm, to, subject)))}@mail.example>"
    msg.set_content("Kính gửi anh/chị, xin gửi tài liệu kèm theo.")
    if attachment:
        msg.add_attachment(attachment.encode(), maintype="text", subtype="plain", filename="cong-van-45.txt")
    return msg


STAFF_GMAIL = message(
    '"Hoàng Công Trung" <hoangcongtrung75@gmail.com>', "dunghtt@danang.gov.vn", "Báo cáo", CONG_VAN
)
CITIZEN = message(
    '"Trần Thị Mai" <tranthimai1990@gmail.com>', "motcua-lienchieu@danang.gov.vn", "Hỏi thủ tục"
)
UNKNOWN = message('"Lý Minh Tâm" <tam.lyminh@yahoo.com>', "tampd@danang.gov.vn", "Lịch họp")


def test_mbox_headers_and_attachments(tmp_path: Path) -> None:
    box = mailbox.mbox(str(tmp_path / "hop-thu.mbox"))
    for m in (STAFF_GMAIL, CITIZEN, UNKNOWN):
        box.add(m)
    box.flush()
    box.close()
    found = list(scan_archive(tmp_path / "hop-thu.mbox", example_index(), AddressPolicy()))
    assert len(found) == 3
    rules = sorted(f["rule"] for f in found[0].findings)
    assert rules == ["MAIL-002", "MAIL-004"]  # a public mailbox used, with an official document attached
    # nothing in this message proves who sent it (no trusted Authentication-Results): seen, not charged
    assert {f["person_id"] for f in found[0].findings} == {None}
    assert found[0].attachments[0]["number"] == "45/PNV-TH"
    assert found[1].findings == [] and found[2].findings == []  # citizen; unknown address never flagged
    assert found[0].names["hoangcongtrung75@gmail.com"] == "Hoàng Công Trung"


def test_maildir_and_eml_folder_and_a_broken_message(tmp_path: Path) -> None:
    md = mailbox.Maildir(str(tmp_path / "Maildir"))
    md.add(STAFF_GMAIL)
    md.add(b"\xff\xfe not a message at all")
    assert (
        sum(len(m.findings) for m in scan_archive(tmp_path / "Maildir", example_index(), AddressPolicy()))
        == 2
    )
    folder = tmp_path / "eml"
    folder.mkdir()
    (folder / "a.eml").write_bytes(bytes(CITIZEN))
    (folder / "b.eml").write_bytes(bytes(STAFF_GMAIL))
    got = list(scan_archive(folder, example_index(), AddressPolicy()))
    assert [len(m.findings) for m in got] == [0, 2]


def test_archived_public_mail_is_charged_only_with_our_servers_dkim_or_dmarc(tmp_path: Path) -> None:
    """An archive keeps no login and no client: only a trusted Authentication-Results vouches."""
    signed = message(
        '"Hoàng Công Trung" <hoangcongtrung75@gmail.com>', "dunghtt@danang.gov.vn", "Báo cáo", CONG_VAN
    )
    signed["Authentication-Results"] = (
        "mail.danang.gov.vn; dkim=pass header.d=gmail.com header.s=20230601; "
        "spf=pass smtp.mailfrom=hoangcongtrung75@gmail.com; dmarc=pass (p=NONE) header.from=gmail.com"
    )
    (tmp_path / "a.eml").write_bytes(bytes(signed))

    def verdicts(trusted: tuple[str, ...]) -> list[tuple[str, bool, str | None]]:
        (m,) = scan_archive(tmp_path / "a.eml", example_index(), AddressPolicy(), None, trusted)
        return sorted((f["rule"], f["verified"], f["person_id"]) for f in m.findings)

    proved = [("MAIL-002", True, "LC-NV-01"), ("MAIL-004", True, "LC-NV-01")]
    assert verdicts(("mail.danang.gov.vn",)) == proved
    # the same header under an id the site does not trust, or none trusted: nobody is charged
    assert verdicts(("mx.google.com",)) == [("MAIL-002", False, None), ("MAIL-004", False, None)]
    assert verdicts(()) == [("MAIL-002", False, None), ("MAIL-004", False, None)]


def test_heads_official_versus_public() -> None:
    t = datetime(2014, 6, 16, 2, 0, tzinfo=UTC)
    sent = [
        Sent(t, "trunghc@danang.gov.vn", ("dunghtt@danang.gov.vn", "sontv@danang.gov.vn")),
        Sent(t, "hoangcongtrung75@gmail.com", ("dunghtt@danang.gov.vn",)),  # head from Gmail
        Sent(t, "trunghc@danang.gov.vn", ("tranvanson75@gmail.com",)),  # to a staff member's Gmail
        Sent(t, "trunghc@danang.gov.vn", ("tranthimai1990@gmail.com",)),  # a citizen: not staff mail
        Sent(t, "sontv@danang.gov.vn", ("trunghc@danang.gov.vn",)),  # not from a head
    ]
    (row,) = heads_report(sent, example_index(), {})
    assert (row.person_id, row.month, row.official, row.public) == ("LC-NV-01", "2014-06", 1, 2)
    assert row.as_dict()["official_share"] == 0.333


def test_heads_month_in_vietnam_time() -> None:
    late = datetime(2014, 6, 30, 17, 30, tzinfo=UTC)  # 00:30 on 1 July in Đà Nẵng
    (row,) = heads_report([Sent(late, "trunghc@danang.gov.vn", ("sontv@danang.gov.vn",))], example_index())
    assert row.month == "2014-07"


def test_suggestions_fold_diacritics_and_word_order() -> None:
    seen = [
        ("tam.lyminh@yahoo.com", "Lý Minh Tâm"),
        ("lyminhtam80@gmail.com", None),
        ("minhtamly@gmail.com", "LY MINH TAM"),
        ("tranthimai1990@gmail.com", "Trần Thị Mai"),  # nobody on the staff
        ("tamlm@danang.gov.vn", None),  # official: not in question
        ("tamlm.2014@gmail.com", None),  # initials only: weak
    ]
    out = {s.address: s for s in suggest(seen, example_index(), AddressPolicy())}
    assert out["tam.lyminh@yahoo.com"].confidence == "high"
    assert out["lyminhtam80@gmail.com"].confidence == "medium"
    assert out["minhtamly@gmail.com"].confidence == "high"
    assert out["tamlm.2014@gmail.com"].confidence == "low"
    assert {s.candidates[0].person_id for s in out.values()} == {"LC-TP-01"}
    assert "tranthimai1990@gmail.com" not in out and "tamlm@danang.gov.vn" not in out


def test_known_personal_addresses_are_not_suggested_and_namesakes_are_ambiguous() -> None:
    index = example_index()
    out = suggest([("vothanhtrung71@gmail.com", "Võ Thành Trung")], index, AddressPolicy())
    assert out == []  # already a known personal address
    out = suggest([("trung@gmail.com", "Trung")], index, AddressPolicy())
    assert out == []  # a given name alone is nobody
