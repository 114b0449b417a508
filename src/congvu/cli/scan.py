"""`congvu scan PATH…`: check documents for public mailboxes given as contact points."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from congvu.crawl.urls import BadUrl, start_url
from congvu.model import DocumentResult
from congvu.output import FORMATS, get_reporter
from congvu.settings import ConfigError, load_config

EXIT_CLEAN, EXIT_VIOLATION, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
PROGRESS_MIN_FILES = 20


def exit_code(results: list[DocumentResult]) -> int:
    """0 clean (or only review), 1 some violation, 3 some input unreadable and no violation."""
    if any(r.verdict == "violation" for r in results):
        return EXIT_VIOLATION
    if any(r.status == "error" for r in results):
        return EXIT_UNREADABLE
    return EXIT_CLEAN


def scan(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (folders are read recursively).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | csv | sarif")] = "table",
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Settings file (TOML).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", help="Worker processes (0: one per core).")] = 0,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the report to this file.")] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="Never show a progress bar.")] = False,
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin",
            help="The web address all inputs were downloaded from (e.g. https://hoaminh.lienchieu.danang.gov.vn/):"
            " a state body's own site (*.gov.vn, *.edu.vn) makes it the offerer of a contact point"
            " the text names no body for.",
        ),
    ] = None,
) -> None:
    """Kiểm tra văn bản: tìm địa chỉ thư điện tử công cộng được dùng làm đầu mối liên hệ.

    Exit code: 0 clean, 1 some violation, 2 usage or configuration error, 3 some file unreadable.
    """
    from congvu.scan.runner import count_inputs, scan_paths

    if fmt not in FORMATS:
        typer.echo(f"error: unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if origin is not None:
        typed = origin.strip()
        try:  # a bare host too, as the crawler takes a start page
            origin = start_url(typed if "://" in typed else f"https://{typed}")
        except BadUrl:
            typer.echo(f"error: --origin {typed!r} is not a web address (http:// or https://…)", err=True)
            raise typer.Exit(EXIT_USAGE) from None
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    results: list[DocumentResult] = []
    total = count_inputs(paths, cfg)
    show_progress = not no_progress and sys.stderr.isatty() and total >= PROGRESS_MIN_FILES
    if show_progress:
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task("Đang kiểm tra", total=total)
            for r in scan_paths(paths, cfg, workers=workers, origin=origin):
                results.append(r)
                progress.advance(task)
    else:
        results = list(scan_paths(paths, cfg, workers=workers, origin=origin))
    reporter = get_reporter(fmt)
    if out:
        with out.open("w", encoding="utf-8", newline="") as fh:
            reporter(results, fh)
    else:
        reporter(results, sys.stdout)
    raise typer.Exit(exit_code(results))


def register(app: typer.Typer) -> None:
    app.command("scan")(scan)
