"""`congvu milter serve`: content inspection for Postfix/Zimbra (see docs/mail-deployment.md)."""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Annotated, cast

import typer

from congvu.cli._db import DbOption, config, fail
from congvu.cli.policy import run_loop, split_listen, wait_for_signal
from congvu.settings import Config

milter_app = typer.Typer(help="Milter: headers, body and attachments of each message.", no_args_is_help=True)


async def _serve(cfg: Config, host: str, port: int, mode: str, db: str | None, spool: str | None) -> None:
    from congvu.classify import AddressPolicy
    from congvu.mailflow.milter.inspect import init_worker
    from congvu.mailflow.milter.server import Milter, MilterLimits
    from congvu.mailflow.policy_server import Mode
    from congvu.mailflow.runtime import StoreWriter, first_index, keep_index_fresh, make_recorder

    log = logging.getLogger("congvu.milter")
    url = db or os.environ.get("CONGVU_DATABASE_URL") or str(cfg.get("database_url"))
    writer = StoreWriter(url, "congvu-milter")
    recorder = make_recorder(
        writer, spool or str(cfg.get("mailflow.spool_dir")), int(cfg.get("mailflow.queue_size"))
    )
    workers = int(cfg.get("mailflow.milter_workers"))
    executor: Executor | None = None
    if workers > 0:  # parsing and OCR must never block the loop that answers Postfix
        executor = ProcessPoolExecutor(workers, initializer=init_worker, initargs=(cfg.source,))
    limits = MilterLimits(max_message_bytes=int(cfg.get("mailflow.milter_max_message_mb")) * 1024 * 1024)
    milter = Milter(
        AddressPolicy.from_config(cfg),
        await first_index(writer),
        cast(Mode, mode),
        recorder.submit,
        executor,
        limits,
    )
    recorder.start()
    bound = await milter.start(host, port)
    log.info("milter on %s:%d, mode %s, %d worker process(es)", bound[0], bound[1], mode, workers)
    refresher = asyncio.get_running_loop().create_task(
        keep_index_fresh(writer, milter.set_index, float(cfg.get("mailflow.reload_seconds")))
    )
    try:
        await wait_for_signal()
    finally:
        refresher.cancel()
        await milter.close()
        await recorder.close()
        writer.close()
        if executor is not None:
            executor.shutdown(cancel_futures=True)
        log.info("stopped: %s", dict(milter.stats))


@milter_app.command("serve")
def serve(
    listen: Annotated[
        str | None, typer.Option("--listen", help="HOST:PORT (setting mailflow.milter_listen).")
    ] = None,
    mode: Annotated[
        str | None, typer.Option("--mode", help="monitor | warn | hold | reject (setting mailflow.mode).")
    ] = None,
    db: DbOption = None,
    spool: Annotated[
        str | None, typer.Option("--spool", help="Spool folder (setting mailflow.spool_dir).")
    ] = None,
) -> None:
    """Judge each message's sender headers and attachments; accept on any trouble."""
    from congvu.mailflow.policy_server import MODES

    cfg = config()
    chosen = mode or str(cfg.get("mailflow.mode"))
    if chosen not in MODES:
        fail(f"--mode {chosen!r}: one of {', '.join(MODES)}", 2)
    host, port = split_listen(listen or str(cfg.get("mailflow.milter_listen")))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    run_loop(_serve(cfg, host, port, chosen, db, spool))


def register(app: typer.Typer) -> None:
    app.add_typer(milter_app, name="milter")
