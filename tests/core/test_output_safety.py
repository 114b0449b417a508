"""What a file name can do to congvu's output: nothing. JSON and SARIF stay valid UTF-8 with a
byte 0xFF in a name; newlines, escape sequences, bidi marks and Rich markup in a name or member
name are shown as visible escapes and cannot forge a table row or a verdict."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from congvu.model import DocumentResult, Finding
from congvu.output import get_reporter
from congvu.output.safe_text import for_terminal, plain_line, readable
from congvu.scan.runner import scan_paths
from congvu.settings import load_config

CONTACT = "Mọi chi tiết xin liên hệ: vanphong.hoaminh@gmail.com"


def _output(fmt: str, results: list[DocumentResult]) -> bytes:
    """The bytes a POSIX-locale stdout would carry (it writes lone surrogates back as raw bytes)."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
    get_reporter(fmt)(results, out)
    out.flush()
    return raw.getvalue()


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_name_with_byte_ff_gives_valid_utf8(tmp_path: Path, fmt: str) -> None:
    name = os.fsdecode(b"th\xf4ng-b\xe1o-\xff.txt")  # a Windows-1258 name copied to Linux
    (tmp_path / name).write_text(CONTACT, encoding="utf-8")
    results = list(scan_paths([tmp_path], load_config(environ={}), workers=1))
    assert results[0].verdict == "violation"
    text = _output(fmt, results).decode("utf-8")  # strict: raises on invalid UTF-8
    doc = json.loads(text)
    shown = doc["documents"][0]["path"] if fmt == "json" else json.dumps(doc)
    assert "th\\xf4ng-b\\xe1o-\\xff.txt" in shown.replace("\\\\", "\\")


def test_readable_keeps_good_text_and_escapes_only_bad_bytes() -> None:
    assert readable("Thông báo số 15.pdf") == "Thông báo số 15.pdf"
    assert readable(os.fsdecode(b"a\xffb")) == "a\\xffb"
    assert readable("x\ud800y") == "x\\ud800y"  # a lone surrogate that no file system made


def test_names_cannot_forge_table_rows_or_verdicts() -> None:
    forged = "giay-moi.txt\n│ thong-bao.txt │ đạt │\x1b[2J\u202eexe.txt"
    markup = "[bold red]VI PHẠM[/].txt"
    f = Finding(
        address="vanphong.hoaminh@gmail.com", as_written="vanphong.hoaminh@gmail.com", cls="public",
        provider="Gmail", contact_point=True, obfuscated=False, rule="DOC-001",
        reason="DOC-001: public mailbox given as a contact point", page=1, line=3,
        excerpt=CONTACT, part="dinh-kem\r\n[green]đạt[/].docx",
    )  # fmt: skip
    results = [
        DocumentResult(forged, "ok", verdict="clean"),
        DocumentResult(markup, "error", "cannot read file: " + markup),
        DocumentResult("ho-so.zip", "ok", findings=[f], verdict="violation"),
    ]
    out = io.StringIO()
    get_reporter("table")(results, out)
    text = out.getvalue()
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert "\\x1b[2J" in text and "\\u202e" in text
    assert "[bold red]VI PHẠM[/].txt" in text  # the markup is shown, not applied
    assert "[green]đạt[/]" in text
    rows = [line for line in text.splitlines() if "thong-bao.txt" in line]
    assert len(rows) == 1 and "giay-moi.txt\\n" in rows[0]  # the forged row is part of the real one


def test_plain_line_and_terminal_cells() -> None:
    assert plain_line("a\tb\nc\x07") == "a\\tb\\nc\\x07"
    assert for_terminal("[link=file:///etc/passwd]bấm[/link]") == "\\[link=file:///etc/passwd]bấm\\[/link]"
    assert for_terminal(None) == ""


def test_register_tables_show_names_as_data() -> None:
    from rich.console import Console

    from congvu.output.safe_text import SafeTable

    table = SafeTable("person_id", "Họ và tên", "Chức vụ")
    table.add_row("HM-03", "[bold red]VI PHẠM[/] Nguyễn Văn An", "Công chức\n│ HM-99 │ giả │\x1b[31m")
    out = io.StringIO()
    Console(file=out, width=160).print(table)
    text = out.getvalue()
    assert "[bold red]VI PHẠM[/] Nguyễn Văn An" in text
    assert "\x1b" not in text and "\\x1b[31m" in text
    assert not [line for line in text.splitlines() if line.lstrip("│ ").startswith("HM-99")]
