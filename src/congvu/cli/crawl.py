"""`congvu crawl URL…` (website audit) and `congvu sites …` (which unit owns which website)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from congvu.cli._db import ByOption, DbOption, FormatOption, fail, opened, print_json, who
from congvu.register import sites as _site_tables  # noqa: F401  (registers its tables in the schema metadata)

EXIT_CLEAN, EXIT_VIOLATION, EXIT_USAGE, EXIT_UNREADABLE, EXIT_BROKER = 0, 1, 2, 3, 4


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
    submit: Annotated[
        bool,
        typer.Option("--submit", help="Put one task per site on the fleet's crawl queue (congvu worker)."),
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait", help="With --submit: wait for every site and report them as one crawl.")
    ] = False,
    queue_name: Annotated[str, typer.Option("--queue", help="With --submit: the queue.")] = "crawl",
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="With --submit --wait: seconds to wait for one site (0: forever)."),
    ] = 0,
) -> None:
    """Kiểm tra trang thông tin điện tử: tìm hộp thư công cộng được công bố làm đầu mối liên hệ.

    Exit code: 0 clean, 1 some violation, 2 usage or configuration error, 3 some page unreadable;
    with --submit, 4 broker unreachable.
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
    if submit and state is not None:
        fail("--state keeps a crawl's state on this machine: not with --submit", EXIT_USAGE)
    if wait and not submit:
        fail("--wait goes with --submit", EXIT_USAGE)
    if submit and record and not wait:
        fail("--record with --submit needs --wait (the pages are recorded as they come back)", EXIT_USAGE)
    if lacks_contact(settings):
        typer.echo("warning: set crawl.contact so site operators can reach you (User-Agent)", err=True)
    if submit:
        submitted = _submit(
            cfg, starts, allow_domain or [], max_pages, max_depth, full, queue_name, wait, timeout
        )
        if submitted is None:
            raise typer.Exit(EXIT_CLEAN)
        outcome, judged_under = submitted  # the workers' policy version, not this machine's
        recorded = _record(outcome.pages, db, by, record, judged_under) if record or db else None
        _write(outcome, fmt, out)
        _said(recorded)
        raise typer.Exit(exit_code(outcome.pages))
    allowed = allowed_domains(allow_domain or [], starts)
    options = crawl_options(
        settings, starts, allowed, max_pages=max_pages, max_depth=max_depth, conditional=not full
    )

    def progress(entry: dict[str, Any]) -> None:
        typer.echo(f"  {entry.get('verdict') or entry.get('error')}: {entry['url']}", err=True)

    outcome = audit(cfg, options, state, progress if sys.stderr.isatty() else None)
    recorded = _record(outcome.pages, db, by, record, version) if record or db else None
    _write(outcome, fmt, out)
    _said(recorded)
    raise typer.Exit(exit_code(outcome.pages))


def _said(recorded: Any) -> None:
    if recorded is not None:
        r = recorded
        typer.echo(
            f"recorded: {r.pages_recorded} pages, {r.findings_new} new findings, {r.violations_new} new "
            f"WEB-001 violations; {r.unowned_pages} pages on sites no unit owns (congvu sites add)",
            err=True,
        )


def _submit(
    cfg: Any,
    starts: list[str],
    allow: list[str],
    max_pages: int | None,
    max_depth: int | None,
    full: bool,
    queue_name: str,
    wait: bool,
    timeout: float,
) -> Any:
    """One task per site (start URL) on the crawl queue; with `wait`, the sites' results as one
    `CrawlOutcome` (sites in the order given) and the policy version the workers judged them
    under, else None once the tasks are queued."""
    from congvu.crawl.audit import allowed_domains
    from congvu.crawl.run import CrawlOutcome
    from congvu.fleet.app import create_app
    from congvu.fleet.client import BROKER_LOST, crawl_results, submit_sites
    from congvu.settings import CrawlSettings

    settings = CrawlSettings.of(cfg)
    app = create_app(cfg, (queue_name,))
    sites = [(url, sorted(allowed_domains(allow, [url]))) for url in starts]
    pages = max_pages if max_pages is not None else settings.max_pages
    depth = max_depth if max_depth is not None else settings.max_depth
    try:
        tasks = submit_sites(app, sites, queue_name, max_pages=pages, max_depth=depth, full=full, wait=wait)
    except BROKER_LOST as exc:  # kombu's OperationalError once its publish retries are spent
        fail(f"broker unreachable: {exc}", EXIT_BROKER)
        raise
    typer.echo(f"Đã gửi {len(tasks)} trang thông tin điện tử vào hàng đợi {queue_name}.", err=True)
    if not wait:
        return None
    merged = crawl_results(tasks, timeout=timeout or None)
    outcome = CrawlOutcome(
        pages=merged["pages"],
        skipped=merged["skipped"],
        stopped_at_max_pages=merged["stopped_at_max_pages"],
        not_modified=merged["not_modified"],
    )
    # the pages were judged on the workers: a recording carries their policy version, when they
    # agree on one (workers mid-upgrade do not: then none is claimed, as before versions existed)
    policies = merged["policies"]
    if len(policies) > 1:
        typer.echo(f"warning: the workers judged under {len(policies)} policy versions", err=True)
    return outcome, next(iter(policies)) if len(policies) == 1 else None


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
