"""Crawl output formats (JSON, table, CSV): one function each, same signature, one mapping.

The JSON is `{"pages": [{"url", "status", "error", "verdict", "findings": [...]}], "skipped": [...]}`
with every finding in the `congvu scan` shape (plus `unit` when the site's owner is known).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from congvu import __version__
from congvu.crawl.run import CrawlOutcome
from congvu.output.cells import csv_row
from congvu.output.safe_text import for_terminal
from congvu.output.table import VERDICT_LABEL
from congvu.rules import shown

Reporter = Callable[[CrawlOutcome, TextIO], None]
CSV_COLUMNS = (
    "url", "kind", "status", "error", "verdict", "unit", "address", "as_written", "class", "provider",
    "contact_point", "obfuscated", "rule", "reason", "page", "line", "excerpt",
)  # fmt: skip


def as_dict(outcome: CrawlOutcome) -> dict[str, Any]:
    return {
        "congvu": __version__,
        "pages": outcome.pages,
        "skipped": outcome.skipped,
        "resumed": outcome.resumed,
        "stopped_at_max_pages": outcome.stopped_at_max_pages,
        "not_modified": outcome.not_modified,
    }


def report_json(outcome: CrawlOutcome, out: TextIO) -> None:
    json.dump(as_dict(outcome), out, ensure_ascii=False, indent=2)
    out.write("\n")


def report_csv(outcome: CrawlOutcome, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in outcome.pages:
        head = [p["url"], p.get("kind", ""), p["status"], p.get("error") or "", p.get("verdict") or ""]
        if not p.get("findings"):
            writer.writerow(csv_row([*head, p.get("unit") or ""] + [""] * (len(CSV_COLUMNS) - len(head) - 1)))
        for f in p.get("findings") or []:
            cells = [f.get(c) for c in CSV_COLUMNS[len(head) :]]
            writer.writerow(
                csv_row(
                    [
                        *head,
                        *("" if v is None else str(v).lower() if isinstance(v, bool) else v for v in cells),
                    ]
                )
            )


def report_table(outcome: CrawlOutcome, out: TextIO) -> None:
    console = Console(file=out, soft_wrap=False, width=None if out.isatty() else 160)
    table = Table(title="Kết quả kiểm tra trang thông tin điện tử")
    for col in ("Địa chỉ trang", "Kết luận", "Đơn vị", "Địa chỉ công cộng / ghi chú"):
        table.add_column(col, overflow="fold")
    for p in outcome.pages:
        if p["status"] == "error":
            note = f"[magenta]{for_terminal(p.get('error'))}[/]"
        else:
            note = ", ".join(
                for_terminal(a)
                for a in sorted({f["address"] for f in p.get("findings") or [] if shown(str(f.get("rule")))})
            )
        table.add_row(
            for_terminal(p["url"]), VERDICT_LABEL[p.get("verdict")], for_terminal(p.get("unit")), note
        )
    console.print(table)
    counts = Counter(p.get("verdict") if p["status"] == "ok" else "error" for p in outcome.pages)
    console.print(
        f"{len(outcome.pages)} trang/tài liệu: {counts['violation']} vi phạm, "
        f"{counts['review']} cần xem xét, {counts['clean']} đạt, {counts['error']} lỗi; "
        f"{len(outcome.skipped)} bỏ qua "
        f"(robots.txt, ngoài phạm vi); {outcome.not_modified} không đổi (304)."
    )


REPORTERS: dict[str, Reporter] = {"json": report_json, "table": report_table, "csv": report_csv}
