"""Word 97-2003 binary documents (.doc) through Debian's antiword, with catdoc as the fallback.

Both tools read the piece table correctly, including Unicode text; writing our own reader for the
format would be a large, risky parser. They run as subprocesses on a temporary file with a time
limit, so a hostile file can only cost `limits.max_seconds`. Text typed in .VnTime/VNI fonts comes
out as Latin-1 gibberish, which `fix_legacy` converts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from congvu.extract.legacy_vn import fix_legacy
from congvu.extract.textutil import clean_text, paged_segments
from congvu.model import ExtractError, Extraction
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
            return Extraction(segments=segments, pages=pages, warnings=warnings)
    raise ExtractError(failures[0] if failures else "no .doc converter available")
