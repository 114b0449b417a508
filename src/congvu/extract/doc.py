"""Word 97-2003 binary documents (.doc) through Debian's antiword, with catdoc as the fallback.

Both tools read the piece table correctly, including Unicode text; writing our own reader for the
whole format would be a large, risky parser. They run as subprocesses on a temporary file with a time
limit, so a hostile file can only cost `limits.max_seconds`. Text typed in .VnTime/VNI fonts comes
out as Latin-1 gibberish, which `fix_legacy` converts.

What antiword misses, and how it is recovered (checked on .doc files written by LibreOffice):
- Page headers and footers: antiword 0.37 has no option to print them (`-w 0` only stops paragraph
  wrapping; `-x db` and `-p` drop them too). catdoc prints them after the body, but cannot say which
  is which, and the judge weighs a footer contact block. So the header/footer stories are read here,
  bounded and small: FIB -> PlcfHdd (story boundaries) -> piece table (Clx); each story's index
  says header or footer. Lines already in antiword's text are not repeated.
- Table cells: antiword lays tables out in fixed-width columns (whatever `-w` says), so a long cell
  wraps inside its column and `vanphong.hoaminh (at)` / `outlook.com` end up on two lines with other
  cells between. When antiword printed a table, catdoc (`-w`: no wrapping, cells tab-separated) is
  run too, and cells antiword split are added as a kind="table" segment.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import olefile

from congvu.extract.legacy_vn import fix_legacy
from congvu.extract.textutil import clean_text, paged_segments
from congvu.model import ExtractError, Extraction, Segment
from congvu.settings import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Tool:
    """One external converter: how to call it and how to read its complaints."""

    name: str
    args: Callable[[str], list[str]]
    # lowercase fragments of its stderr/stdout -> the message shown to the user
    errors: tuple[tuple[str, str], ...]


# Ordered: antiword first (better layout, tables), catdoc when antiword cannot read the file.
TOOLS: tuple[Tool, ...] = (
    Tool(
        "antiword",
        lambda path: ["antiword", "-m", "UTF-8.txt", "-w", "0", path],
        (
            ("encrypted", "encrypted document (password protected), cannot be read"),
            ("is not a word document", "not a Word document"),
            ("fast saved", "Word 'fast saved' document, cannot be read"),
            ("excel spreadsheet", "not a Word document (an Excel spreadsheet)"),
            ("powerpoint", "not a Word document (a PowerPoint presentation)"),
            ("not a word document", "not a Word document"),
        ),
    ),
    Tool(
        "catdoc",
        lambda path: ["catdoc", "-d", "utf-8", "-w", path],
        (
            ("encrypted", "encrypted document (password protected), cannot be read"),
            ("not an ole file", "not a Word document"),
            ("broken ole file", "not a Word document (damaged OLE container)"),
            ("is not a word document", "not a Word document"),
        ),
    ),
)


class _ToolFailed(Exception):
    pass


def _run(tool: Tool, path: str, timeout: float) -> str:
    """The tool's text output; _ToolFailed with a user-facing message otherwise."""
    if shutil.which(tool.name) is None:
        raise _ToolFailed(f"{tool.name} is not installed")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir(), "LANG": "C.UTF-8"}
    try:
        proc = subprocess.run(
            tool.args(path),
            capture_output=True,
            timeout=timeout,
            check=False,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise _ToolFailed(f"{tool.name} timed out after {timeout:g} s") from exc
    out = proc.stdout.decode("utf-8", errors="replace")
    complaint = (proc.stderr.decode("utf-8", errors="replace") + "\n" + out[:2000]).lower()
    for fragment, message in tool.errors:
        if fragment in complaint:
            raise _ToolFailed(message)
    if proc.returncode < 0:
        raise _ToolFailed(f"{tool.name} crashed (signal {-proc.returncode})")
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise _ToolFailed(f"{tool.name} failed: {detail[-1] if detail else f'exit {proc.returncode}'}")
    return out


def extract(data: bytes, limits: Limits) -> Extraction:
    if not data:
        raise ExtractError("empty file")
    if not data.startswith(OLE_MAGIC):
        raise ExtractError("not a Word document (no OLE2 header)")
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="congvu-doc-") as tmp:
        path = os.path.join(tmp, "input.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        for tool in TOOLS:
            try:
                raw = _run(tool, path, limits.max_seconds)
            except _ToolFailed as exc:
                failures.append(str(exc))
                if "encrypted" in str(exc):
                    break  # the other tool cannot decrypt either
                continue
            text = fix_legacy(clean_text(raw)).strip("\n")
            segments, pages = paged_segments(text)
            warnings = [f"read with {tool.name} after: {'; '.join(failures)}"] if failures else []
            if tool.name == "antiword":
                segments += _recovered(data, text, path, limits.max_seconds)
            return Extraction(segments=segments, pages=pages, warnings=warnings)
    raise ExtractError(failures[0] if failures else "no .doc converter available")


def _recovered(data: bytes, text: str, path: str, timeout: float) -> list[Segment]:
    """What antiword left out: header/footer stories and table cells it wrapped (see module doc)."""
    present = {_norm(line) for line in text.splitlines()}
    out: list[Segment] = []
    for kind, story in header_footer_stories(data):
        lines = [
            ln for ln in fix_legacy(clean_text(story)).splitlines() if _norm(ln) and _norm(ln) not in present
        ]
        if lines:
            present.update(_norm(ln) for ln in lines)
            out.append(Segment(text="\n".join(lines), kind=kind, part=f"Word {kind} story"))
    if _TABLE_LINE.search(text):
        cells = _wrapped_cells(text, path, timeout)
        if cells:
            out.append(Segment(text="\n".join(cells), kind="table", part="table cells (catdoc)"))
    return out


_TABLE_LINE = re.compile(r"^\|.*\|$", re.MULTILINE)
_SPACES = re.compile(r"\s+")


def _norm(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _wrapped_cells(text: str, path: str, timeout: float) -> list[str]:
    """Table rows, as catdoc prints them, holding a cell that antiword wrapped; only those cells."""
    catdoc = next((t for t in TOOLS if t.name == "catdoc"), None)
    if catdoc is None:
        return []
    try:
        raw = fix_legacy(clean_text(_run(catdoc, path, timeout)))
    except _ToolFailed:
        return []
    chunks = {_norm(c) for line in _TABLE_LINE.findall(text) for c in line.split("|")}
    flat = _norm(_TABLE_LINE.sub("", text))
    rows = []
    for line in raw.splitlines():
        if "\t" not in line:
            continue
        missing = [c for c in map(_norm, line.split("\t")) if c and c not in chunks and c not in flat]
        if missing:
            rows.append("\t".join(missing))
    return rows


# Word header document: stories 0-5 are note separators, then six per section in this order.
_STORY_KINDS = ("header", "header", "footer", "footer", "header", "footer")
_FIELD = re.compile(r"\x13[^\x13\x14\x15]*(?:\x14([^\x13\x15]*))?\x15")
_MAX_STORY_CHARS = 1 << 20


def header_footer_stories(data: bytes) -> list[tuple[str, str]]:
    """(kind, text) of each non-empty page header/footer story; [] when the file cannot be read.

    Reads only the FIB, PlcfHdd and the piece table (MS-DOC 2.5, 2.8.27, 2.9.38); every offset is
    bounds-checked by slicing and struct, so a malformed file just yields nothing.
    """
    try:
        with olefile.OleFileIO(data) as ole:
            word = ole.openstream("WordDocument").read()
            flags = struct.unpack_from("<H", word, 10)[0]
            if flags & 0x0100:  # encrypted
                return []
            table = ole.openstream("1Table" if flags & 0x0200 else "0Table").read()
        pos = 32 + 2 + 2 * struct.unpack_from("<H", word, 32)[0]
        lw = pos + 2
        pos = lw + 4 * struct.unpack_from("<H", word, pos)[0]
        fclcb = pos + 2
        ccp_text, ccp_ftn, ccp_hdd = struct.unpack_from("<3i", word, lw + 12)
        fc_hdd, lcb_hdd = struct.unpack_from("<II", word, fclcb + 11 * 8)
        fc_clx, lcb_clx = struct.unpack_from("<II", word, fclcb + 33 * 8)
        if ccp_hdd <= 0 or lcb_hdd < 8:
            return []
        cps = struct.unpack_from(f"<{lcb_hdd // 4}i", table, fc_hdd)
        pieces = _pieces(table[fc_clx : fc_clx + lcb_clx])
        base = ccp_text + ccp_ftn
        out = []
        for i in range(6, len(cps) - 1):
            a, b = cps[i], min(cps[i + 1], ccp_hdd)
            if 0 <= a < b and b - a <= _MAX_STORY_CHARS:
                story = _FIELD.sub(lambda m: m.group(1) or "", _chars(word, pieces, base + a, base + b))
                story = story.replace("\x07", "\t").replace("\x0b", "\n").replace("\r", "\n").strip()
                if story:
                    out.append((_STORY_KINDS[(i - 6) % 6], story))
        return out
    except (OSError, EOFError, RuntimeError, KeyError, struct.error, ValueError, IndexError):
        return []


def _pieces(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """(first cp, end cp, byte offset, 8-bit?) of each text piece in a Clx."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting, skipped
        pos += 3 + struct.unpack_from("<H", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ValueError("no piece table")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}i", clx, pos + 5)
    out = []
    for k in range(n):
        fc = struct.unpack_from("<I", clx, pos + 5 + 4 * (n + 1) + 8 * k + 2)[0]
        compressed = bool(fc & 0x40000000)
        out.append((cps[k], cps[k + 1], (fc & 0x3FFFFFFF) // 2 if compressed else fc, compressed))
    return out


def _chars(word: bytes, pieces: list[tuple[int, int, int, bool]], a: int, b: int) -> str:
    parts = []
    for first, end, offset, compressed in pieces:
        lo, hi = max(a, first), min(b, end)
        if lo >= hi:
            continue
        width = 1 if compressed else 2
        raw = word[offset + (lo - first) * width : offset + (hi - first) * width]
        parts.append(raw.decode("cp1252" if compressed else "utf-16-le", errors="replace"))
    return "".join(parts)
