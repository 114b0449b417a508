"""The `congvu` command: a thin shell over the data path.

Each command group lives in its own module exposing `register(app)`; this list is the one place
that says which groups exist.
"""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES = (
    "scan",
    "directory",
    "record",
    "violations",
    "evaluation",
    "crawl",  # issue 6
    "mail",  # issue 4: mail ingest-log, mail scan-archive, mail heads ...
    "policy",  # issue 4: policy serve
    "milter",  # issue 4: milter serve
    "web",  # issue 5: serve, users, tokens, demo
    "reports",  # issue 5: report monthly, remind
    "audit",  # issue 16: audit verify, audit grant
    "fleet",  # issue 13: worker, submit, queue status
    "whatif",  # issue 14: whatif scan, whatif mail, whatif register
    "originals",  # issue 12: originals purge
)

app = typer.Typer(
    name="congvu",
    help="congvu — kiểm tra việc sử dụng thư điện tử công vụ (Chỉ thị 01/CT-UBND).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _load() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"congvu.cli.{name}").register(app)


_load()


def main() -> None:
    app()
