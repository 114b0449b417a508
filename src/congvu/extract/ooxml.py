"""Safe reading of zip packages (DOCX, ODT, plain ZIP) and the XML inside them.

Every byte taken out of an archive goes through a `Budget`, so a zip bomb (a huge member, a lying
header, or thousands of members) stops after a bounded amount of work instead of exhausting
memory; and every XML part goes through one defused parser (no entities, no network, no DTD).
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

from lxml import etree

from congvu.model import ExtractError
from congvu.settings import Limits

CHUNK = 1 << 16
# A member this small cannot hurt whatever its ratio; tiny XML parts of real documents routinely
# compress 50-300 times, so the ratio limit only applies above this size.
RATIO_FLOOR = 1 << 20
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP Unicode Path Extra Field
FLAG_ENCRYPTED = 0x1
FLAG_UTF8 = 0x800
# Members zipfile itself refuses or reads specially (patched data, strong encryption) and the
# methods it decompresses other than stored/deflate take the zipfile path, with its messages.
FLAG_NOT_PLAIN = 0x1 | 0x20 | 0x40
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
LOCAL_MAGIC = b"PK\x03\x04"


class LimitExceeded(ExtractError):
    """An archive limit was hit; zip extraction turns it into a warning, documents into an error.

    `total` says the whole archive's budget is spent (stop), rather than one member being refused.
    """

    def __init__(self, message: str, *, total: bool = False) -> None:
        super().__init__(message)
        self.total = total


@dataclass(slots=True)
class Budget:
    """Running totals for one archive: what headers declare and what was really decompressed."""

    limits: Limits
    declared: int = 0
    read: int = 0

    def check_member(self, info: zipfile.ZipInfo) -> None:
        """Refuse a member from its central-directory sizes alone, before any decompression."""
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > self.limits.max_ratio:
            raise LimitExceeded(
                f"{info.filename}: expands {ratio:.0f} times its compressed size "
                f"(limit {self.limits.max_ratio}): looks like a zip bomb"
            )
        if self.declared + info.file_size > self.limits.max_unpacked_bytes:
            raise LimitExceeded(
                f"{info.filename}: archive unpacks to more than "
                f"{self.limits.max_unpacked_bytes // (1 << 20)} MB: looks like a zip bomb",
                total=True,
            )
        self.declared += info.file_size

    def take(self, info: zipfile.ZipInfo, got: int) -> None:
        """Account for `got` bytes just decompressed; headers may lie, so check again."""
        self.read += got
        if self.read > self.limits.max_unpacked_bytes:
            raise LimitExceeded(
                f"{info.filename}: archive unpacks to more than "
                f"{self.limits.max_unpacked_bytes // (1 << 20)} MB: looks like a zip bomb",
                total=True,
            )


class MemoryZip(zipfile.ZipFile):
    """A zip opened from bytes in memory, which it keeps so `read_member` can inflate a member
    straight from them: zipfile's stream objects cost more than the inflating of a small part."""

    data: bytes


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """Open `data` as a zip or raise an ExtractError that says what the file really is."""
    if data.startswith(CFB_MAGIC):
        raise ExtractError(
            f"not a valid {what} file: it is an OLE compound file "
            "(a password-protected Office document or a legacy binary format)"
        )
    try:
        zf = MemoryZip(io.BytesIO(data))
        zf.data = data
        return zf
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise ExtractError(f"not a valid {what} file: corrupt or truncated zip ({exc})") from exc


def is_encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & FLAG_ENCRYPTED) or info.compress_type == 99  # 99: WinZip AES


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    """Decompress one member in chunks, stopping as soon as a limit is crossed."""
    budget.check_member(info)
    if is_encrypted(info):
        raise ExtractError(f"{info.filename}: encrypted (password-protected), not read")
    max_out = max(info.compress_size, 1) * budget.limits.max_ratio
    if isinstance(zf, MemoryZip):
        got = _inflate_in_memory(zf, info)
        if got is not None:
            budget.take(info, len(got))
            if len(got) > RATIO_FLOOR and len(got) > max_out:
                raise LimitExceeded(
                    f"{info.filename}: expands more than {budget.limits.max_ratio} times "
                    "its compressed size: looks like a zip bomb"
                )
            return got
    out = io.BytesIO()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                out.write(chunk)
                budget.take(info, len(chunk))
                if out.tell() > RATIO_FLOOR and out.tell() > max_out:
                    raise LimitExceeded(
                        f"{info.filename}: expands more than {budget.limits.max_ratio} times "
                        "its compressed size: looks like a zip bomb"
                    )
    except LimitExceeded:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
        raise ExtractError(f"{info.filename}: cannot decompress ({exc})") from exc
    return out.getvalue()


def _inflate_in_memory(zf: MemoryZip, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, exactly as zipfile would return them, or None to let zipfile read it.

    Only the plain case is handled: a stored or deflated member whose local header is where the
    directory says, names the same file, and whose content has the declared size and CRC. zipfile
    returns the first `file_size` inflated bytes and checks their CRC; so does this. Anything
    else (a broken header, a short or corrupt stream, an odd method or flag) returns None and
    zipfile reads the member, raising its own errors; a member never yields different bytes."""
    if info.flag_bits & FLAG_NOT_PLAIN or info.file_size <= 0:
        return None
    data = zf.data
    at = info.header_offset
    if at < 0 or at + LOCAL_HEADER.size > len(data):
        return None
    header = LOCAL_HEADER.unpack_from(data, at)
    if header[0] != LOCAL_MAGIC:
        return None
    name_at = at + LOCAL_HEADER.size
    raw_name = data[name_at : name_at + header[10]]
    try:
        name = raw_name.decode(
            "utf-8" if header[3] & FLAG_UTF8 else (getattr(zf, "metadata_encoding", None) or "cp437")
        )
    except UnicodeDecodeError:
        return None
    if name != info.orig_filename:
        return None
    start = name_at + header[10] + header[11]
    body = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_DEFLATED:
        try:
            out = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, info.file_size)
        except zlib.error:
            return None
    elif info.compress_type == zipfile.ZIP_STORED:
        out = bytes(body[: info.file_size])
    else:
        return None
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        return None
    return out


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: UTF-8 flag, Info-ZIP Unicode extra field, else UTF-8/cp1258 guess.

    zipfile decodes unflagged names as cp437, which turns Vietnamese names written by Windows
    (system code page 1258) or by tools that write UTF-8 without the flag into mojibake.
    """
    if info.flag_bits & FLAG_UTF8:
        return unicodedata.normalize("NFC", info.filename)
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    unicode_path = _unicode_path_extra(info.extra, raw)
    if unicode_path is not None:
        return unicodedata.normalize("NFC", unicode_path)
    if raw.isascii():
        return info.filename
    for encoding in ("utf-8", "cp1258"):
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return info.filename


def _unicode_path_extra(extra: bytes, raw_name: bytes) -> str | None:
    pos = 0
    while pos + 4 <= len(extra):
        field_id, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if field_id == UNICODE_PATH_EXTRA and len(body) >= 5 and body[0] == 1:
            (crc,) = struct.unpack_from("<I", body, 1)
            if crc == zlib.crc32(raw_name):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
    return None


@cache
def _parsers() -> tuple[etree.XMLParser, etree.XMLParser]:
    def make(recover: bool) -> etree.XMLParser:
        return etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
            dtd_validation=False,
            remove_comments=True,
            remove_pis=True,
            recover=recover,
        )

    return make(False), make(True)


def parse_xml(data: bytes, part: str, warn: Callable[[str], None] | None = None) -> etree._Element:
    """Parse one XML part with the defused parser; broken XML is recovered with a warning."""
    strict, lenient = _parsers()
    try:
        return etree.fromstring(data, strict)
    except etree.XMLSyntaxError as exc:
        try:
            root = etree.fromstring(data, lenient) if data.strip() else None
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise ExtractError(f"{part}: not well-formed XML ({exc})") from exc
        if warn is not None:
            warn(f"{part}: not well-formed XML, read what could be recovered ({exc})")
        return root


def mailto_address(target: str | None) -> str | None:
    """The address(es) of a `mailto:` link target, percent-decoded, without `?subject=...`."""
    if not target:
        return None
    target = target.strip()
    if target[:7].lower() != "mailto:":
        return None
    address = unquote(target[7:].split("?", 1)[0]).strip()
    return address or None


@cache
def _legacy_fixer() -> Callable[[str], str] | None:
    try:
        from congvu.extract.legacy_vn import fix_legacy
    except ImportError:
        return None
    fn: Callable[[str], str] = fix_legacy
    return fn


def fix_legacy(text: str) -> str:
    """Undo TCVN3/VNI legacy-font mojibake when the legacy_vn module is installed.

    Pure-ASCII text cannot hold legacy-encoded Vietnamese, so it skips the call (the common case).
    """
    if text.isascii():
        return text
    fixer = _legacy_fixer()
    return fixer(text) if fixer is not None else text
