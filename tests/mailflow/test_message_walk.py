"""One message, two readers, the same findings: the milter (live, over its wire protocol) and the
archive scanner (after the fact) walk MIME through the same `congvu.extract.eml` and judge with the
same `congvu.mailflow.message.judge` (issue 15).

Each message is handed to the milter as Postfix would (MAIL FROM its From address, RCPT TO its
To/Cc, a client whose reverse DNS did not confirm, the headers and body as they are) and written to
an .eml file for `scan_archive`. Before the walkers were one, the archive missed the documents in a
forwarded message and never raised DOC-001; both are in the cases below.
"""

from __future__ import annotations

import asyncio
import sys
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest
from policykit import COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy
from test_milter_origin import deliver

from congvu.mailflow.archive import scan_archive
from congvu.mailflow.milter import protocol as p
from congvu.mailflow.milter.server import Milter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
import builders
import pdfbuild

TRUSTED = ("mail.danang.gov.vn",)
HEAD_GMAIL = "hoangcongtrung75@gmail.com"  # LC-NV-01's known personal mailbox
CITIZEN = "nguyenthimai.hoakhanh@gmail.com"
DKIM_OURS = (
    "mail.danang.gov.vn; dkim=pass (2048-bit key) header.d=gmail.com header.s=20230601; "
    "dmarc=pass (p=none dis=none) header.from=gmail.com"
)
CONG_VAN = [
    "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
    "PHÒNG NỘI VỤ",
    "Số: 45/PNV-TH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Liên Chiểu, ngày 16 tháng 6 năm 2014",
    "V/v báo cáo số lượng cán bộ, công chức năm 2014",
    "Kính gửi: Ủy ban nhân dân các phường.",
    "Phòng Nội vụ đề nghị các phường báo cáo số lượng cán bộ trước ngày 30/6/2014.",
]
THONG_BAO = [  # an official notice that gives a public mailbox as its contact point (DOC-001)
    "ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH",
    "Số: 01/TB-UBND",
    "Hòa Minh, ngày 02 tháng 3 năm 2014",
    "THÔNG BÁO",
    "Về việc rà soát hộ gia đình",
    "Mọi chi tiết xin liên hệ: vanphong.hoaminh@gmail.com",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Nguyễn Văn An",
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _mail(frm: str, to: str, subject: str, text: str, cc: str | None = None) -> EmailMessage:
    msg = EmailMessage()  # policy.default: a Vietnamese display name goes out as an RFC 2047 word
    msg["From"], msg["To"], msg["Subject"] = frm, to, subject
    if cc:
        msg["Cc"] = cc
    msg["Date"] = "Mon, 16 Jun 2014 09:15:00 +0700"
    msg["Message-ID"] = f"<{abs(hash((frm, to, subject))) % 10**12}@mail.gmail.com>"
    msg.set_content(text)
    return msg


def plain() -> EmailMessage:
    msg = _mail(f"Võ Thành Trung <{STAFF_GMAIL}>", COLLEAGUE, "Báo cáo tuần 25",
                "Kính gửi chị Thảo,\nGửi chị báo cáo tuần 25 của Văn phòng.")  # fmt: skip
    msg["Authentication-Results"] = DKIM_OURS
    return msg


def alternative() -> EmailMessage:
    msg = _mail(f"Văn phòng UBND <{OFFICIAL}>", f"Trung <{STAFF_GMAIL}>", "Lịch họp giao ban",
                "Mời anh dự họp giao ban lúc 8 giờ sáng thứ Hai.")  # fmt: skip
    msg.add_alternative(
        "<p>Mời anh dự họp giao ban lúc <b>8 giờ</b> sáng thứ Hai. Liên hệ "
        '<a href="mailto:vanphong.hoaminh@gmail.com">văn phòng</a>.</p>',
        subtype="html",
    )
    return msg


def with_docx() -> EmailMessage:
    msg = _mail(f"Hoàng Công Trung <{HEAD_GMAIL}>", f"Lý Thu Thảo <{COLLEAGUE}>", "Công văn 45/PNV-TH",
                "Kính gửi chị, em gửi công văn kèm theo.", cc=f"Nguyễn Thị Mai <{CITIZEN}>")  # fmt: skip
    msg.add_attachment(builders.build_docx(CONG_VAN), maintype="application", subtype=DOCX.split("/")[1],
                       filename="Công văn 45-PNV.docx")  # fmt: skip
    return msg


def with_pdf() -> EmailMessage:
    msg = _mail(f"Văn phòng UBND <{OFFICIAL}>", f"Nguyễn Thị Mai <{CITIZEN}>", "Thông báo rà soát",
                "Kính gửi bà, Ủy ban gửi thông báo kèm theo.")  # fmt: skip
    msg.add_attachment(pdfbuild.build_text_pdf(["\n".join(THONG_BAO)]), maintype="application",
                       subtype="pdf", filename="thong-bao-01.pdf")  # fmt: skip
    return msg


def forwarded() -> EmailMessage:
    inner = with_docx()
    msg = _mail(f"Võ Thành Trung <{STAFF_GMAIL}>", f"Lý Thu Thảo <{COLLEAGUE}>", "Fwd: Công văn 45/PNV-TH",
                "Chuyển tiếp chị công văn của Phòng Nội vụ.")  # fmt: skip
    msg.add_attachment(inner)  # message/rfc822, the docx inside it
    msg["Authentication-Results"] = DKIM_OURS
    return msg


def encoded_headers() -> EmailMessage:
    msg = _mail(f"Hoàng Công Trung <{HEAD_GMAIL}>", f"Lý Thu Thảo <{COLLEAGUE}>", "Góp ý dự thảo",
                "Em gửi chị góp ý cho dự thảo kế hoạch.", cc=f"Võ Thành Trung <{OFFICIAL}>")  # fmt: skip
    msg["Reply-To"] = f"Trung (Gmail cá nhân) <{STAFF_GMAIL}>"
    return msg


CASES = {  # message → the rules both readers must find in it
    "plain": (plain, ["MAIL-002"]),
    "multipart/alternative": (alternative, ["MAIL-001"]),
    "attachment .docx": (with_docx, ["MAIL-002", "MAIL-004"]),
    "attachment .pdf": (with_pdf, ["DOC-001"]),
    "forwarded message/rfc822": (forwarded, ["MAIL-002", "MAIL-004"]),
    "encoded headers, Vietnamese names": (encoded_headers, ["MAIL-002", "MAIL-002"]),
}


async def _deliver(port: int, raw: bytes) -> bytes:
    """The message as Postfix hands it to a milter: envelope from its headers, then headers and body."""
    head = BytesHeaderParser(policy=compat32).parsebytes(raw)
    sender = getaddresses(head.get_all("From", []))[0][1]
    rcpts = [a for _, a in getaddresses([*head.get_all("To", []), *head.get_all("Cc", [])])]
    body = raw[raw.index(b"\n\n") + 2 :]
    (reply,) = await deliver(port, sender, rcpts, [(k, str(v)) for k, v in head.raw_items()], body=body)
    return reply[:1]


def _through_the_milter(raws: list[bytes]) -> list[list[dict[str, Any]]]:
    async def main() -> list[list[dict[str, Any]]]:
        events: list[dict[str, Any]] = []
        milter = Milter(policy(), index(), "monitor", events.append, trusted_authserv_ids=TRUSTED)
        _, port = await milter.start("127.0.0.1", 0)
        out = []
        try:
            for raw in raws:
                before = len(events)
                assert await _deliver(port, raw) == p.CONTINUE  # monitor mode: delivered either way
                out.append(events[before]["findings"] if len(events) > before else [])
        finally:
            await milter.close()
        return out

    return asyncio.run(main())


@pytest.mark.skipif(not pdfbuild.have_font(), reason=pdfbuild.FONT_MISSING)
def test_the_milter_and_the_archive_find_the_same_in_the_same_mail(tmp_path: Path) -> None:
    raws = [build().as_bytes() for build, _ in CASES.values()]
    live = _through_the_milter(raws)
    for (name, (_, rules)), raw, milter_found in zip(CASES.items(), raws, live, strict=True):
        (tmp_path / "thu.eml").write_bytes(raw)
        (archived,) = scan_archive(tmp_path / "thu.eml", index(), policy(), None, TRUSTED)
        assert archived.error is None, name
        assert sorted(f["rule"] for f in milter_found) == rules, (name, milter_found)
        assert archived.findings == milter_found, name


def test_a_forwarded_message_is_walked_into(tmp_path: Path) -> None:
    """The documents inside a forwarded message are judged: MAIL-004 on the staff member's Gmail."""
    (tmp_path / "fwd.eml").write_bytes(forwarded().as_bytes())
    (archived,) = scan_archive(tmp_path / "fwd.eml", index(), policy(), None, TRUSTED)
    (doc,) = [f for f in archived.findings if f["rule"] == "MAIL-004"]
    assert doc["person_id"] == "LC-VP-02" and doc["verified"] is True  # Gmail's DKIM, checked by our MTA
    assert [a["name"] for a in archived.attachments] == ["forwarded.eml"]
    assert archived.attachments[0]["status"] == "ok"
