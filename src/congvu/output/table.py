"""The human view: one line per document, then the findings that matter, in Vietnamese labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from congvu.model import DocumentResult
from congvu.output.safe_text import for_terminal
from congvu.rules import shown

VERDICT_LABEL = {
    "violation": "[bold red]VI PHẠM[/]",
    "review": "[yellow]cần xem xét[/]",
    "clean": "[green]đạt[/]",
    None: "[magenta]lỗi[/]",
}


def _where(page: int | None, line: int | None, part: str | None) -> str:
    bits = []
    if part:
        bits.append(for_terminal(part))
    if page is not None:
        bits.append(f"tr.{page}")
    if line is not None:
        bits.append(f"dòng {line}")
    return ", ".join(bits)


def report(results: Sequence[DocumentResult], out: TextIO) -> None:
    console = Console(file=out, soft_wrap=False, width=None if out.isatty() else 160)
    docs = Table(title="Kết quả kiểm tra văn bản", show_lines=False)
    for col in ("Tệp", "Kết luận", "Số, ký hiệu", "Ngày", "Địa chỉ công cộng / ghi chú"):
        docs.add_column(col, overflow="fold")
    for r in results:
        if r.status == "error":
            note = f"[magenta]{for_terminal(r.error)}[/]"
        else:
            public = sorted({f.address for f in r.findings if shown(f.rule)})
            note = ", ".join(for_terminal(a) for a in public)
        docs.add_row(
            for_terminal(r.path),
            VERDICT_LABEL[r.verdict],
            for_terminal(r.metadata.number),
            for_terminal(r.metadata.date),
            note,
        )
    console.print(docs)
    details = Table(title="Chi tiết phát hiện", show_lines=True)
    for col in ("Tệp", "Quy tắc", "Địa chỉ", "Vị trí", "Lý do", "Trích dẫn"):
        details.add_column(col, overflow="fold")
    rows = 0
    for r in results:
        for f in r.findings:
            if not shown(f.rule):
                continue
            details.add_row(
                for_terminal(r.path),
                f.rule,
                for_terminal(f.address),
                _where(f.page, f.line, f.part),
                for_terminal(f.reason),
                for_terminal(f.excerpt),
            )
            rows += 1
    if rows:
        console.print(details)
    counts = Counter(r.verdict if r.status == "ok" else "error" for r in results)
    console.print(
        f"{len(results)} tệp: {counts['violation']} vi phạm, {counts['review']} cần xem xét, "
        f"{counts['clean']} đạt, {counts['error']} lỗi đọc tệp."
    )
