"""`congvu crawl URL…` (website audit) and `congvu sites …` (which unit owns which website)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from congvu.cli._db import ByOption, DbOption, FormatOption, fail, opened, print_json, who
from congvu.register import sites as _site_tables  # noqa: F401  (registers its tables in the schema metadata)

EXIT_CLEAN, EXIT_VIOLATION, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3


def exit_code(pages: list[dict[str, Any]]) -> int:
    """Like `congvu scan`: 1 some violation, 3 some page unreadable and no violation, else 0."""
    if any(p.get("verdict") == "violation" for p in pages):
        return EXIT_VIOLATION
    if any(p.get("status") == "error" for p in pages):
        return EXIT_UNREADABLE
    return EXIT_CLEAN


def _record(
    pages: list[dict[str, Any]], db: str | None, by: str | None, record: bool, policy: str | None = None
) -> Any:
    """Name each page's unit from the register's sites; with --record, record the pages too, with
    the policy version (`policy`) they were judged under."""
    from congvu.register.sites import SiteIndex
    from congvu.register.web_findings import record_crawl

    with opened(db) as store:
        with store.begin() as conn:
            SiteIndex.load(conn).annotate(pages)
        return record_crawl(store, pages, who(by), policy) if record else None


def _write(outcome: Any, fmt: str, out: Path | None) -> None:
    from congvu.crawl.report import REPORTERS

    if out:
        with out.open("w", encoding="utf-8", newline="") as fh:
            REPORTERS[fmt](outcome, fh)
    else:
        REPORTERS[fmt](outcome, sys.stdout)


def crawl(
    urls: Annotated[list[str], typer.Argument(help="Start pages, e.g. https://lienchieu.danang.gov.vn/")],
    max_pages: Annotated[int | None, typer.Option("--max-pages", help="Default: crawl.max_pages.")] = None,
    max_depth: Annotated[int | None, typer.Option("--max-depth", help="Default: crawl.max_depth.")] = None,
    allow_domain: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-domain", help="Domain to stay within (repeatable); default: the start URLs' hosts."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | csv")] = "table",
    state: Annotated[
        Path | None,
        typer.Option("--state", help="Folder for the crawl state: resume, re-crawl only changes."),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Judge every page again, even unchanged ones.")
    ] = False,
    record: Annotated[bool, typer.Option("--record", help="Record the results in the register.")] = False,
    db: DbOption = None,
    by: ByOption = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Settings file (TOML).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the report to this file.")] = None,
) -> None:
    """Kiểm tra trang thông tin điện tử: tìm hộp thư công cộng được công bố làm đầu mối liên hệ.

    Exit code: 0 clean, 1 some violation, 2 usage or configuration error, 3 some page unreadable.
    """
    from congvu.crawl.audit import allowed_domains, audit, crawl_options, lacks_contact
    from congvu.crawl.report import REPORTERS
    from congvu.crawl.urls import BadUrl, start_url
    from congvu.policyversion import policy_version
    from congvu.settings import ConfigError, CrawlSettings, load_config

    if fmt not in REPORTERS:
        fail(f"unknown format {fmt!r}; choose one of: {', '.join(REPORTERS)}", EXIT_USAGE)
    try:
        cfg = load_config(config)
        settings = CrawlSettings.of(cfg)
        starts = [start_url(u) for u in urls]
        version = policy_version(cfg).hash if record or db else None  # kept on what is recorded
    except (ConfigError, BadUrl) as exc:
        fail(str(exc), EXIT_USAGE)
        raise
    if lacks_contact(settings):
        typer.echo("warning: set crawl.contact so site operators can reach you (User-Agent)", err=True)
    allowed = allowed_domains(allow_domain or [], starts)
    options = crawl_options(
        settings, starts, allowed, max_pages=max_pages, max_depth=max_depth, conditional=not full
    )

    def progress(entry: dict[str, Any]) -> None:
        typer.echo(f"  {entry.get('verdict') or entry.get('error')}: {entry['url']}", err=True)

    outcome = audit(cfg, options, state, progress if sys.stderr.isatty() else None)
    recorded = _record(outcome.pages, db, by, record, version) if record or db else None
    _write(outcome, fmt, out)
    if recorded is not None:
        r = recorded
        typer.echo(
            f"recorded: {r.pages_recorded} pages, {r.findings_new} new findings, {r.violations_new} new "
            f"WEB-001 violations; {r.unowned_pages} pages on sites no unit owns (congvu sites add)",
            err=True,
        )
    raise typer.Exit(exit_code(outcome.pages))


sites_app = typer.Typer(help="Which unit owns which website (for the website audit).", no_args_is_help=True)


@sites_app.command("add")
def sites_add(
    site: Annotated[
        str, typer.Argument(help="Host, optionally with a path: lienchieu.danang.gov.vn/phuong/")
    ],
    unit: Annotated[str, typer.Option("--unit", help="Unit code from the directory, e.g. LC-VHTT.")],
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Map a website (and its subdomains) to the unit that owns it; re-mapping moves it."""
    from congvu.register.sites import set_site

    with opened(db) as store:
        mapped = set_site(store, site, unit, who(by))
    typer.echo(f"{mapped.host}{mapped.path_prefix} → {mapped.unit_code}")


@sites_app.command("remove")
def sites_remove(site: Annotated[str, typer.Argument()], db: DbOption = None, by: ByOption = None) -> None:
    """Forget a website mapping (recorded violations keep their unit)."""
    from congvu.register.sites import remove_site

    with opened(db) as store:
        remove_site(store, site, who(by))


@sites_app.command("list")
def sites_list(format: FormatOption = "table", db: DbOption = None) -> None:
    """List website → unit mappings."""
    from congvu.register.sites import list_sites

    with opened(db) as store, store.begin() as conn:
        rows = list_sites(conn)
    if format == "json":
        print_json({"sites": rows})
        return
    for r in rows:
        typer.echo(f"{r['host']}{r['path_prefix']}\t{r['unit']}\t{r['unit_name']}")


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl)
    app.add_typer(sites_app, name="sites")
