"""Running the policy service and the milter until SIGTERM; `congvu policy|milter serve` call these.

Also runnable as `python -m congvu.mailflow.serve policy|milter --listen H:P --mode M [--db URL]`,
which starts faster than the full CLI (it imports only the mail path): the way process
supervisors and the real-Postfix tests start it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, cast

from congvu.classify import AddressPolicy
from congvu.mailflow.modes import MODES, Mode
from congvu.mailflow.origin import ProviderHosts
from congvu.mailflow.policy_server import PolicyServer, PolicyService, ServiceLimits, policy_event
from congvu.mailflow.recorder import Recorder
from congvu.mailflow.runtime import StoreWriter, first_index, keep_index_fresh, make_recorder
from congvu.metrics import MetricsListener
from congvu.register.store import database_url
from congvu.settings import Config, Limits, LogSettings, MailflowSettings, MetricsSettings, load_config

if TYPE_CHECKING:
    from congvu.mailflow.milter.server import Milter

log = logging.getLogger("congvu.mailflow")


def split_listen(value: str) -> tuple[str, int]:
    """`HOST:PORT` (or `[v6]:PORT`) → (host, port); ValueError otherwise."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"--listen {value!r}: write it as HOST:PORT")
    return host.strip("[]") or "127.0.0.1", int(port)


def run_loop(main: Coroutine[Any, Any, None]) -> None:
    """uvloop when installed (about twice the requests per core), else the standard loop."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
        return
    uvloop.run(main)


async def wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def settle_heap() -> None:
    """Move everything alive after start-up (modules, settings, directory) out of the GC's reach.

    A full collection otherwise walks that whole heap while Postfix waits: about 90 ms of stalled
    event loop every few seconds under load. Per-request objects are freed by reference counting
    and are not affected; a reloaded directory is collected as usual.
    """
    gc.collect()
    gc.freeze()


GIL_SWITCH_SECONDS = 0.0005


def bound_gil_waits() -> None:
    """Let another thread hold the GIL for at most 0.5 ms before the event loop gets it back.

    The recorder's sender thread runs Python for a moment 20 times a second; with the default 5 ms
    switch interval every answer due meanwhile could wait up to 5 ms for it (policy service p99
    2.1–2.4 ms at 40–55 k requests/s, 1.7–1.8 ms with 0.5 ms: bench/README.md).  When no other
    thread wants the GIL the interval costs nothing.
    """
    sys.setswitchinterval(GIL_SWITCH_SECONDS)


def provider_hosts(cfg: Config) -> ProviderHosts:
    """Provider → zones of its mail servers: `mailflow.provider_hosts_file`, else the bundled file."""
    return ProviderHosts.load(MailflowSettings.of(cfg).provider_hosts_file or None)


def _writer(cfg: Config, db: str | None, who: str) -> StoreWriter:
    return StoreWriter(database_url(db, lambda: cfg), who)


def judged_under(cfg: Config, mode: str) -> str:
    """The policy version a service judges under: the settings' own, in the mode it was started
    in (`--mode` may differ from `mailflow.mode`)."""
    from congvu.policyversion import policy_version

    return policy_version(Config({**cfg.values, "mailflow.mode": mode}, cfg.source)).hash


async def serve_policy(
    cfg: Config, host: str, port: int, mode: str, db: str | None, spool: str | None
) -> None:
    settings = MailflowSettings.of(cfg)
    writer = _writer(cfg, db, "congvu-policy")
    recorder = make_recorder(
        writer, spool or settings.spool_dir, settings.queue_size, policy_event, judged_under(cfg, mode)
    )
    limits = ServiceLimits(
        max_request_bytes=settings.max_request_kb * 1024,
        max_connections=settings.max_connections,
        deadline=settings.deadline_ms / 1000,
    )
    service = PolicyService(
        AddressPolicy.from_config(cfg),
        await first_index(writer),
        cast(Mode, mode),
        recorder.submit,
        limits,
        provider_hosts(cfg),
    )
    recorder.start()
    server = PolicyServer(service)
    bound = await server.start(host, port)
    settle_heap()
    bound_gil_waits()
    log.info("policy service on %s:%d, mode %s", bound[0], bound[1], mode)
    listener = start_policy_metrics(cfg, service, server, recorder)
    refresher = asyncio.get_running_loop().create_task(
        keep_index_fresh(writer, service.set_index, float(settings.reload_seconds))
    )
    try:
        await wait_for_signal()
    finally:
        refresher.cancel()
        if listener is not None:
            listener.close()
        await server.close()
        await recorder.close()
        writer.close()
        log.info(
            "stopped: %s; recorded %d, spooled %d", dict(service.stats), recorder.recorded, recorder.spooled
        )


def start_policy_metrics(
    cfg: Config, service: PolicyService, server: PolicyServer, recorder: Recorder | None
) -> MetricsListener | None:
    """The /metrics and /healthz listener on `metrics.host:metrics.policy_port`; None when the port is 0."""
    settings = MetricsSettings.of(cfg)
    if not settings.policy_port:
        return None
    from congvu.mailflow.metrics import policy_health, policy_registry

    listener = MetricsListener(
        policy_registry(service, server, recorder),
        lambda: policy_health(service, server),
        settings.host,
        settings.policy_port,
    )
    host, port = listener.start()
    log.info("policy metrics on http://%s:%d/metrics", host, port)
    return listener


def start_milter_metrics(cfg: Config, milter: Milter, recorder: Recorder | None) -> MetricsListener | None:
    """The milter's /metrics and /healthz on `metrics.host:metrics.milter_port`; None when the port is 0."""
    settings = MetricsSettings.of(cfg)
    if not settings.milter_port:
        return None
    from congvu.mailflow.metrics import milter_health, milter_registry

    listener = MetricsListener(
        milter_registry(milter, recorder), lambda: milter_health(milter), settings.host, settings.milter_port
    )
    host, port = listener.start()
    log.info("milter metrics on http://%s:%d/metrics", host, port)
    return listener


async def serve_milter(
    cfg: Config, host: str, port: int, mode: str, db: str | None, spool: str | None
) -> None:
    from congvu.mailflow.milter.pool import AnalysisPool
    from congvu.mailflow.milter.server import Milter, MilterLimits

    settings = MailflowSettings.of(cfg)
    writer = _writer(cfg, db, "congvu-milter")
    recorder = make_recorder(
        writer, spool or settings.spool_dir, settings.queue_size, policy=judged_under(cfg, mode)
    )
    workers = settings.milter_workers
    limits = MilterLimits(
        max_message_bytes=settings.milter_max_message_mb * 1024 * 1024,
        judge_seconds=settings.milter_judge_seconds,
    )
    pool: AnalysisPool | None = None
    if workers > 0:  # parsing and OCR must never block the loop that answers Postfix
        pool = AnalysisPool(cfg.source, workers, Limits.from_config(cfg), limits.judge_seconds)
    milter = Milter(
        AddressPolicy.from_config(cfg),
        await first_index(writer),
        cast(Mode, mode),
        recorder.submit,
        pool.analyse if pool is not None else None,
        limits,
        settings.trusted_authserv_ids,
        provider_hosts(cfg),
    )
    recorder.start()
    bound = await milter.start(host, port)
    log.info("milter on %s:%d, mode %s, %d worker process(es)", bound[0], bound[1], mode, workers)
    listener = start_milter_metrics(cfg, milter, recorder)
    refresher = asyncio.get_running_loop().create_task(
        keep_index_fresh(writer, milter.set_index, float(settings.reload_seconds))
    )
    try:
        await wait_for_signal()
    finally:
        refresher.cancel()
        if listener is not None:
            listener.close()
        await milter.close()
        await recorder.close()
        writer.close()
        if pool is not None:
            pool.close()
        log.info("stopped: %s", dict(milter.stats))


SERVERS = {"policy": serve_policy, "milter": serve_milter}


LOG_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"


def configure_logging(fmt: str) -> None:
    """Root logging at INFO: one text line per event, or one JSON object per line (`log.format`)."""
    if fmt not in ("text", "json"):
        raise ValueError(f"log.format {fmt!r}: text or json")
    if fmt == "text":
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
        return
    from pythonjsonlogger.json import JsonFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(
            LOG_FORMAT, rename_fields={"asctime": "time", "levelname": "level"}, json_ensure_ascii=False
        )
    )
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def start(
    kind: str, cfg: Config, listen: str | None, mode: str | None, db: str | None, spool: str | None
) -> None:
    """Validate options (ValueError for bad ones), set up logging, and serve until SIGTERM."""
    settings = MailflowSettings.of(cfg)
    chosen = mode or settings.mode
    if chosen not in MODES:
        raise ValueError(f"--mode {chosen!r}: one of {', '.join(MODES)}")
    host, port = split_listen(listen or settings.listen(kind))
    configure_logging(LogSettings.of(cfg).format)
    run_loop(SERVERS[kind](cfg, host, port, chosen, db, spool))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m congvu.mailflow.serve")
    parser.add_argument("kind", choices=sorted(SERVERS))
    parser.add_argument("--listen")
    parser.add_argument("--mode", choices=MODES)
    parser.add_argument("--db")
    parser.add_argument("--spool")
    parser.add_argument("--config")
    args = parser.parse_args(argv)
    try:
        start(args.kind, load_config(args.config), args.listen, args.mode, args.db, args.spool)
    except ValueError as exc:
        parser.error(str(exc))


if __name__ == "__main__":
    main()
