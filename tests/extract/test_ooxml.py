"""Reading zip members from memory must give exactly what zipfile gives: bytes or error."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from builders import build_docx

from congvu.extract import ooxml
from congvu.model import ExtractError
from congvu.settings import Limits

LIMITS = Limits()


def _outcome(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, object]:
    try:
        return "ok", ooxml.read_member(zf, info, ooxml.Budget(LIMITS))
    except ExtractError as exc:
        return type(exc).__name__, str(exc)


def _both(data: bytes) -> list[tuple[tuple[str, object], tuple[str, object]]]:
    """(in-memory path, zipfile path) outcomes for every member of `data`."""
    fast = ooxml.open_zip(data, "test")
    slow = zipfile.ZipFile(io.BytesIO(data))  # not a MemoryZip: always zipfile's own reader
    assert isinstance(fast, ooxml.MemoryZip)
    return [
        (_outcome(fast, a), _outcome(slow, b)) for a, b in zip(fast.infolist(), slow.infolist(), strict=True)
    ]


def _sample() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("stored.xml", "<a>Thư điện tử: hoaminh@danang.gov.vn</a>" * 20, zipfile.ZIP_STORED)
        zf.writestr("deflated.xml", "<b>Liên hệ</b>" * 200, zipfile.ZIP_DEFLATED)
        zf.writestr("tên tiếng Việt.xml", "<c/>", zipfile.ZIP_DEFLATED)
        zf.writestr("empty.xml", "", zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def test_members_read_from_memory_equal_zipfile() -> None:
    for data in (
        _sample(),
        build_docx(["ỦY BAN NHÂN DÂN", "Email: ubnd.hoaminh@gmail.com"], footer="Liên hệ"),
    ):
        pairs = _both(data)
        assert all(fast == slow and fast[0] == "ok" for fast, slow in pairs)


def test_the_in_memory_path_is_taken_for_plain_members(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guards the speed-up itself: zipfile's reader is not used for a plain deflated member."""
    zf = ooxml.open_zip(_sample(), "test")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("zipfile.open used")

    monkeypatch.setattr(zf, "open", refuse)
    info = zf.getinfo("deflated.xml")
    assert ooxml.read_member(zf, info, ooxml.Budget(LIMITS)) == b"<b>Li\xc3\xaan h\xe1\xbb\x87</b>" * 200


@pytest.mark.parametrize("seed", range(4))
def test_damaged_archives_fail_or_read_exactly_as_zipfile(seed: int) -> None:
    """Flip bytes anywhere (local headers, names, compressed data, CRCs): the in-memory reader
    must never return other bytes than zipfile, nor another error."""
    rng = random.Random(seed)
    original = _sample()
    checked = 0
    for _ in range(400):
        data = bytearray(original)
        for _ in range(rng.randint(1, 3)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            pairs = _both(bytes(data))
        except (ExtractError, zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError):
            continue  # central directory broken: neither path gets a member to read
        for fast, slow in pairs:
            assert fast == slow
            checked += 1
    assert checked > 500


def test_an_unsupported_zip_version_is_a_clear_error_not_an_internal_one() -> None:
    """zipfile raises NotImplementedError for a member needing a newer zip version than it reads."""
    data = bytearray(_sample())
    at = data.find(b"PK\x01\x02")  # first central-directory entry: "version needed to extract"
    data[at + 6 : at + 8] = (99).to_bytes(2, "little")
    try:
        zipfile.ZipFile(io.BytesIO(bytes(data)))
    except NotImplementedError:
        pass
    else:
        pytest.skip("this zipfile reads version 99 headers")
    with pytest.raises(ExtractError, match="corrupt or truncated zip"):
        ooxml.open_zip(bytes(data), "DOCX")
