"""`congvu policy serve`: the Postfix policy service (see docs/mail-deployment.md)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from typing import Annotated, cast

import typer

from congvu.cli._db import DbOption, config, fail
from congvu.settings import Config

policy_app = typer.Typer(help="Postfix policy service (check_policy_service).", no_args_is_help=True)


def split_listen(value: str) -> tuple[str, int]:
    """`HOST:PORT` (or `[v6]:PORT`) → (host, port); a usage error otherwise."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        fail(f"--listen {value!r}: write it as HOST:PORT", 2)
    return host.strip("[]") or "127.0.0.1", int(port)


def run_loop(main: asyncio.Future[None] | object) -> None:
    """uvloop when installed (twice the requests per core), else the standard loop."""
    try:
        import uvloop

        uvloop.run(main)  # type: ignore[arg-type]
    except ImportError:
        asyncio.run(main)  # type: ignore[arg-type]


async def wait_for_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()


async def _serve(cfg: Config, host: str, port: int, mode: str, db: str | None, spool: str | None) -> None:
    from congvu.classify import AddressPolicy
    from congvu.mailflow.policy_server import Mode, PolicyServer, PolicyService, ServiceLimits
    from congvu.mailflow.runtime import StoreWriter, first_index, keep_index_fresh, make_recorder

    log = logging.getLogger("congvu.policy")
    url = db or os.environ.get("CONGVU_DATABASE_URL") or str(cfg.get("database_url"))
    writer = StoreWriter(url, "congvu-policy")
    recorder = make_recorder(
        writer, spool or str(cfg.get("mailflow.spool_dir")), int(cfg.get("mailflow.queue_size"))
    )
    limits = ServiceLimits(
        max_request_bytes=int(cfg.get("mailflow.max_request_kb")) * 1024,
        max_connections=int(cfg.get("mailflow.max_connections")),
        deadline=int(cfg.get("mailflow.deadline_ms")) / 1000,
    )
    service = PolicyService(
        AddressPolicy.from_config(cfg), await first_index(writer), cast(Mode, mode), recorder.submit, limits
    )
    recorder.start()
    server = PolicyServer(service)
    bound = await server.start(host, port)
    log.info("policy service on %s:%d, mode %s", bound[0], bound[1], mode)
    refresher = asyncio.get_running_loop().create_task(
        keep_index_fresh(writer, service.set_index, float(cfg.get("mailflow.reload_seconds")))
    )
    try:
        await wait_for_signal()
    finally:
        refresher.cancel()
        await server.close()
        await recorder.close()
        writer.close()
        log.info(
            "stopped: %s; recorded %d, spooled %d", dict(service.stats), recorder.recorded, recorder.spooled
        )


@policy_app.command("serve")
def serve(
    listen: Annotated[
        str | None, typer.Option("--listen", help="HOST:PORT (setting mailflow.policy_listen).")
    ] = None,
    mode: Annotated[
        str | None, typer.Option("--mode", help="monitor | warn | hold | reject (setting mailflow.mode).")
    ] = None,
    db: DbOption = None,
    spool: Annotated[
        str | None, typer.Option("--spool", help="Spool folder (setting mailflow.spool_dir).")
    ] = None,
) -> None:
    """Answer Postfix policy requests: MAIL-001/MAIL-002 per recipient; DUNNO on any trouble."""
    from congvu.mailflow.policy_server import MODES

    cfg = config()
    chosen = mode or str(cfg.get("mailflow.mode"))
    if chosen not in MODES:
        fail(f"--mode {chosen!r}: one of {', '.join(MODES)}", 2)
    host, port = split_listen(listen or str(cfg.get("mailflow.policy_listen")))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    run_loop(_serve(cfg, host, port, chosen, db, spool))


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
