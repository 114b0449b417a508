"""`congvu worker`, `congvu submit`, `congvu queue status`: the worker fleet (issue 13)."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from congvu.cli._db import ByOption
from congvu.settings import BrokerSettings, Config, ConfigError, load_config

if TYPE_CHECKING:
    from celery import Celery

    from congvu.fleet.client import Submitted
    from congvu.metrics import MetricsListener

EXIT_USAGE, EXIT_BROKER = 2, 4

ConfigOption = Annotated[Path | None, typer.Option("--config", "-c", help="Settings file (TOML).")]


def _config(path: Path | None) -> Config:
    try:
        return load_config(path)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc


def _names(queues: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(q.strip() for q in queues.split(",") if q.strip()))
    if not names:
        typer.echo("error: --queues names no queue", err=True)
        raise typer.Exit(EXIT_USAGE)
    return names


def worker(
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", help="Files judged at once (0: one per core).")
    ] = 0,
    queues: Annotated[str, typer.Option("--queues", "-Q", help="Queues to take tasks from.")] = "scan,crawl",
    name: Annotated[str | None, typer.Option("--name", help="Worker name (default congvu.PID@HOST).")] = None,
    loglevel: Annotated[str, typer.Option("--loglevel", help="Celery log level.")] = "INFO",
    db: Annotated[
        str | None,
        typer.Option("--db", help="Register keeping judged results (default: setting database_url)."),
    ] = None,
    no_results: Annotated[
        bool, typer.Option("--no-results", help="Keep no judged results: read every file submitted.")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Chạy một máy kiểm tra của cụm: nhận tác vụ từ hàng đợi (RabbitMQ) và kiểm tra từng tệp.

    Each file is read in its own process under the per-file time and memory limits of `congvu scan`;
    a content already judged under the same policy (sha256, settings) is answered from the register.
    """
    from congvu.fleet.app import create_app

    cfg = _config(config)
    names = _names(queues)
    app = create_app(cfg, names)
    if not no_results:
        from congvu.register.store import StoreUnavailable, database_url, open_store

        try:
            app.congvu_store = open_store(database_url(db, lambda: cfg))
        except StoreUnavailable as exc:
            typer.echo(f"error: register unreachable: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from exc
    _declare(app, names)
    listener = _worker_metrics(cfg, app, names)
    hostname = name or f"congvu.{os.getpid()}@{socket.gethostname()}"
    heartbeat = _heartbeat(app, hostname)
    argv = [
        "worker",
        "--pool=threads",
        f"--concurrency={concurrency or os.cpu_count() or 1}",
        f"--queues={','.join(names)}",
        f"--hostname={hostname}",
        f"--loglevel={loglevel}",
        "--without-mingle",
        "--without-gossip",
    ]
    try:
        app.worker_main(argv)
    finally:
        if listener is not None:
            listener.close()
        if heartbeat is not None:
            heartbeat.stop()


def _heartbeat(app: Celery, hostname: str) -> Any:
    """This worker's heartbeat in the register (`fleet.deaths`: a redelivery tells a dead worker
    from one that only lost the broker); None without a register."""
    store = getattr(app, "congvu_store", None)
    if store is None:
        return None
    from congvu.fleet.deaths import Heartbeat

    heartbeat = Heartbeat(store, hostname)
    heartbeat.start()
    app.congvu_heartbeat = heartbeat
    return heartbeat


def _declare(app: Celery, names: tuple[str, ...]) -> None:
    """The queues and their dead-letter queues, before the worker starts: Celery binds every queue
    it knows to its delayed-delivery exchanges (task retries with a countdown) at start-up and gives
    that up for good if one is missing. A broker not up yet is left to the worker's own retries."""
    from congvu.fleet.client import BROKER_LOST, declare

    try:
        for name in names:
            declare(app, name)
    except BROKER_LOST as exc:
        typer.echo(f"warning: queues not declared yet (broker unreachable: {exc})", err=True)


def _worker_metrics(cfg: Config, app: Celery, queues: tuple[str, ...]) -> MetricsListener | None:
    """/metrics and /healthz on `metrics.host:metrics.worker_port`; None when the port is 0."""
    from congvu.settings import MetricsSettings

    settings = MetricsSettings.of(cfg)
    if not settings.worker_port:
        return None
    from congvu.fleet.metrics import WorkerMetrics
    from congvu.metrics import MetricsListener

    metrics = WorkerMetrics(app, queues)
    metrics.connect()
    listener = MetricsListener(metrics.registry, metrics.health, settings.host, settings.worker_port)
    host, port = listener.start()
    typer.echo(f"metrics: http://{host}:{port}/metrics", err=True)
    return listener


def submit(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders, on storage the workers can read.")],
    wait: Annotated[bool, typer.Option("--wait", help="Wait for every result and print them.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json | csv | sarif")] = "table",
    queue_name: Annotated[str, typer.Option("--queue", help="Queue to put the tasks on.")] = "scan",
    timeout: Annotated[
        float, typer.Option("--timeout", help="With --wait: seconds to wait for one result (0: forever).")
    ] = 0,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="With --wait: the workers record each result into their register, as `congvu record` does.",
        ),
    ] = False,
    by: ByOption = None,
    config: ConfigOption = None,
) -> None:
    """Gửi tệp vào hàng đợi để cụm máy kiểm tra; với --wait, in kết quả như `congvu scan`.

    Exit code with --wait: as `congvu scan` (0 clean, 1 violation, 3 unreadable); 2 usage error, or
    some result the workers could not record (register unreachable through every retry); 4 broker
    unreachable.
    """
    from congvu.cli._db import who
    from congvu.cli.scan import exit_code
    from congvu.fleet.app import create_app
    from congvu.fleet.client import BROKER_LOST, results
    from congvu.fleet.client import submit as submit_paths
    from congvu.output import FORMATS, get_reporter

    if fmt not in FORMATS:
        typer.echo(f"error: unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if record and not wait:
        typer.echo("error: --record needs --wait (results are recorded as they come back)", err=True)
        raise typer.Exit(EXIT_USAGE)
    cfg = _config(config)
    app = create_app(cfg, (queue_name,))
    try:
        submitted = submit_paths(
            app, paths, cfg, queue_name, wait=wait, record_by=who(by) if record else None
        )
    except BROKER_LOST as exc:  # kombu's OperationalError once its publish retries are spent
        typer.echo(f"error: broker {_safe_url(cfg)} unreachable: {exc}", err=True)
        raise typer.Exit(EXIT_BROKER) from exc
    total = len(submitted.items)
    typer.echo(f"Đã gửi {submitted.tasks} tệp vào hàng đợi {queue_name}.", err=True)
    if not wait:
        if fmt == "json":
            ids = [item.id for _, item in submitted.items if hasattr(item, "id")]
            json.dump({"queue": queue_name, "queued": submitted.tasks, "tasks": ids}, sys.stdout)
            sys.stdout.write("\n")
        return
    done = 0
    step = max(1, total // 20)

    def tick() -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            typer.echo(f"Đã kiểm tra {done}/{total}", err=True)

    found = list(results(submitted, timeout=timeout or None, on_result=tick))
    if submitted.resent:
        typer.echo(
            f"Mất kết nối tới hàng đợi: đã gửi lại {submitted.resent} tác vụ chưa có kết quả "
            "(broker connection lost: unanswered tasks sent again).",
            err=True,
        )
    get_reporter(fmt)(found, sys.stdout)  # every result, even those the register could not take
    sys.stdout.flush()
    if record:
        _recorded(submitted)
    raise typer.Exit(exit_code(found))


def _recorded(submitted: Submitted) -> None:
    """What the workers recorded (added up), then every result they could not record, and why."""
    r = submitted.recorded
    typer.echo(
        f"documents: {r.get('documents_new', 0)} new, {r.get('documents_known', 0)} already recorded, "
        f"{r.get('documents_failed', 0)} unreadable; findings: {r.get('findings_new', 0)} new; "
        f"violations: {r.get('violations_new', 0)} new ({r.get('unattributed', 0)} unattributed)",
        err=True,
    )
    if submitted.not_recorded:
        for line in submitted.not_recorded:
            typer.echo(f"error: {line}", err=True)
        typer.echo(f"error: {len(submitted.not_recorded)} results not recorded (lỗi ghi sổ)", err=True)
        raise typer.Exit(EXIT_USAGE)


def _safe_url(cfg: Config) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(BrokerSettings.of(cfg).url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}:{parts.port or ''}{parts.path}"


queue_app = typer.Typer(help="Hàng đợi của cụm máy kiểm tra (RabbitMQ).", no_args_is_help=True)


@queue_app.command("status")
def queue_status(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    queues: Annotated[str, typer.Option("--queues", "-Q", help="Queues to report.")] = "scan,crawl",
    config: ConfigOption = None,
) -> None:
    """Số tác vụ đang chờ, đang chạy, đã xong, lỗi — theo hàng đợi và theo máy."""
    from congvu.fleet.app import create_app
    from congvu.fleet.client import BROKER_LOST, status

    cfg = _config(config)
    names = _names(queues)
    app = create_app(cfg, names)
    try:
        data = status(app, names)
    except BROKER_LOST as exc:
        typer.echo(f"error: broker {_safe_url(cfg)} unreachable: {exc}", err=True)
        raise typer.Exit(EXIT_BROKER) from exc
    if fmt == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    typer.echo(
        f"{'hàng đợi':<20} {'chờ':>8} {'đang chạy':>10} {'xong':>8} {'lỗi':>6} {'đã biết':>8} {'máy nhận':>9}"
    )
    for q in data["queues"]:
        queued = "-" if q["queued"] is None else q["queued"]
        counts = f"{queued:>8} {q['running']:>10} {q['done']:>8} {q['failed']:>6} {q['known']:>8}"
        counts += f" {q['consumers']:>9}"
        typer.echo(f"{q['queue']:<20} {counts}")
    if data["workers"]:
        typer.echo("")
        typer.echo(f"{'máy':<40} {'đang chạy':>10} {'xong':>8} {'lỗi':>6} {'đã biết':>8}")
        for w in data["workers"]:
            row = f"{w['running']:>10} {w['done']:>8} {w['failed']:>6} {w['known']:>8}"
            typer.echo(f"{w['worker']:<40} {row}")
    reasons = [line for q in data["queues"] for line in q["reasons"]]
    if reasons:
        typer.echo("")
        typer.echo("lỗi gần đây (recent failures):")
        for line in reasons:
            typer.echo(f"  {line}")


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.command("submit")(submit)
    app.add_typer(queue_app, name="queue")
