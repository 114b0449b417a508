"""ZIP extractor: members as attachments, Vietnamese names, and bombs that end fast."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest
from builders import build_docx, build_zip, build_zip_bomb

from congvu.extract import zip as zip_extractor
from congvu.model import Attachment, ExtractError
from congvu.settings import Limits

LIMITS = Limits()
CONG_VAN = build_docx(["ỦY BAN NHÂN DÂN PHƯỜNG HÒA MINH", "Email: ubndhoaminh@gmail.com"])


def test_every_file_member_becomes_an_attachment_in_order() -> None:
    data = build_zip(
        {
            "Hồ sơ/": b"",
            "Hồ sơ/Công văn 125-UBND.docx": CONG_VAN,
            "Hồ sơ/Danh sách cán bộ.txt": "Nguyễn Văn An – nguyenvanan@gmail.com\n".encode(),
            "ghi chú.txt": b"",
        }
    )
    ex = zip_extractor.extract(data, LIMITS)
    assert [a.name for a in ex.attachments] == [
        "Hồ sơ/Công văn 125-UBND.docx",
        "Hồ sơ/Danh sách cán bộ.txt",
        "ghi chú.txt",
    ]
    assert ex.attachments[0].data == CONG_VAN
    assert ex.segments == [] and ex.warnings == []


@pytest.mark.parametrize(
    ("encoding", "flag"),
    [("utf-8", True), ("utf-8", False), ("cp1258", False)],
    ids=["utf8-flag", "utf8-no-flag", "windows-vietnamese"],
)
def test_vietnamese_member_names_are_decoded(encoding: str, flag: bool) -> None:
    name = "Công văn Thông báo.docx"
    data = build_zip({name: CONG_VAN}, name_encoding=encoding, utf8_flag=flag)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert bool(zf.infolist()[0].flag_bits & 0x800) == (encoding == "utf-8" and flag)
    assert [a.name for a in zip_extractor.extract(data, LIMITS).attachments] == [name]


def test_encrypted_member_is_a_warning_and_the_rest_is_read() -> None:
    data = bytearray(build_zip({"mat.docx": CONG_VAN, "cong-khai.txt": b"Thong bao"}))
    data[6] |= 0x1  # general purpose flag of the first local header ...
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # ... and of its central directory entry
    ex = zip_extractor.extract(bytes(data), LIMITS)
    assert [a.name for a in ex.attachments] == ["cong-khai.txt"]
    assert ex.warnings == ["mat.docx: encrypted (password-protected), not read"]


def test_one_gigabyte_of_zeros_is_refused_without_inflating() -> None:
    start = time.perf_counter()
    with pytest.raises(ExtractError, match=r"zip bomb refused: zeros\.bin"):
        zip_extractor.extract(build_zip_bomb(1 << 30), LIMITS)
    assert time.perf_counter() - start < 1.0


def test_bomb_member_is_skipped_and_the_documents_kept() -> None:
    bomb = build_zip_bomb(1 << 30, name="trong.bin")
    members = {"Công văn.docx": CONG_VAN}
    data = _append_raw_member(build_zip(members), bomb)
    ex = zip_extractor.extract(data, LIMITS)
    assert [a.name for a in ex.attachments] == ["Công văn.docx"]
    assert len(ex.warnings) == 1 and "trong.bin" in ex.warnings[0] and "zip bomb" in ex.warnings[0]


def test_member_count_is_bounded() -> None:
    data = build_zip({f"to-trinh-{i:03d}.txt": b"x" for i in range(30)})
    ex = zip_extractor.extract(data, Limits(max_members=10))
    assert len(ex.attachments) == 10
    assert ex.warnings == ["30 members: only the first 10 were read"]


def test_total_unpacked_size_is_bounded() -> None:
    data = build_zip({f"anh-{i}.jpg": os.urandom(1 << 20) for i in range(5)}, compression=zipfile.ZIP_STORED)
    ex = zip_extractor.extract(data, Limits(max_unpacked_bytes=3 << 20))
    assert [a.name for a in ex.attachments] == ["anh-0.jpg", "anh-1.jpg", "anh-2.jpg"]
    assert ex.warnings[-1] == "archive size limit reached: the remaining members were not read"


def test_nested_42_zip_style_archive_ends_quickly() -> None:
    """Layers of zips, each holding copies of the layer below, a 1 GB bomb at the bottom.
    Walk it as the pipeline does (depth-limited): every layer is cheap, every bomb refused."""
    layer = build_zip_bomb(1 << 30, name="0.bin")
    for depth in range(1, 5):
        layer = build_zip({f"{depth}-{i}.zip": layer for i in range(4)})
    start = time.perf_counter()
    opened, refused = _walk(Attachment("42.zip", layer), depth=0, limits=LIMITS)
    assert (opened, refused) == (1 + 4 + 16, 64)  # the 64 innermost zips hold only the bomb
    assert time.perf_counter() - start < 5.0


def test_corrupt_zip_is_an_error() -> None:
    with pytest.raises(ExtractError, match="not a valid ZIP file"):
        zip_extractor.extract(b"PK\x03\x04" + os.urandom(200), LIMITS)


def _walk(att: Attachment, depth: int, limits: Limits) -> tuple[int, int]:
    """(archives opened, archives refused as bombs) below and including `att`."""
    if depth > limits.max_depth:
        return 0, 0
    try:
        ex = zip_extractor.extract(att.data, limits)
    except ExtractError as exc:
        assert "zip bomb" in str(exc)
        return 0, 1
    opened, refused = 1, 0
    for child in ex.attachments:
        o, r = _walk(child, depth + 1, limits)
        opened, refused = opened + o, refused + r
    return opened, refused


def _append_raw_member(archive: bytes, single: bytes) -> bytes:
    """Merge the one member of `single` (a hand-built zip) into `archive`."""
    a_cd = archive.index(b"PK\x01\x02")
    a_end = archive.index(b"PK\x05\x06")
    s_cd = single.index(b"PK\x01\x02")
    s_end = single.index(b"PK\x05\x06")
    local, member_cd = single[:s_cd], bytearray(single[s_cd:s_end])
    member_cd[42:46] = a_cd.to_bytes(4, "little")  # relative offset of the local header
    central = archive[a_cd:a_end] + bytes(member_cd)
    count = int.from_bytes(archive[a_end + 10 : a_end + 12], "little") + 1
    end = (
        b"PK\x05\x06\x00\x00\x00\x00"
        + count.to_bytes(2, "little") * 2
        + len(central).to_bytes(4, "little")
        + (a_cd + len(local)).to_bytes(4, "little")
        + b"\x00\x00"
    )
    return archive[:a_cd] + local + central + end
