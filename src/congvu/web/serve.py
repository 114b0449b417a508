"""Serving the app with uvicorn, in one process or several.

One Python process renders pages on one core at a time (the GIL), so a busy office needs several
worker processes.  uvicorn starts workers by importing an app factory by name, not by receiving an
object, so what the factory needs (the register's URL and the cookie setting) travels in
environment variables that the workers inherit.  Each worker opens its own connection pool and
never migrates: the parent did that once before starting them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from fastapi import FastAPI

from congvu.register.store import open_store
from congvu.settings import environment_clock, load_config
from congvu.web.metrics import MULTIPROC_ENV

ENV_URL = "CONGVU_WEB_DATABASE_URL"
ENV_SCHEMA = "CONGVU_WEB_SEARCH_PATH"
ENV_SECURE = "CONGVU_WEB_SECURE_COOKIES"
ENV_INLINE = "CONGVU_WEB_INLINE_CHECK"


def worker_app() -> FastAPI:
    """The app of one worker process, from the settings the parent put in the environment."""
    from congvu.web import create_app

    store = open_store(
        os.environ[ENV_URL],
        clock=environment_clock(),  # frozen if the command that started us was
        search_path=os.environ.get(ENV_SCHEMA) or None,
        upgrade=False,
    )
    return create_app(
        store,
        load_config(),
        secure_cookies=os.environ.get(ENV_SECURE) == "1",
        inline_check=os.environ.get(ENV_INLINE) == "1",
    )


def run(
    url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    secure_cookies: bool = False,
    search_path: str | None = None,
    inline_check: bool = False,
    log_level: str = "info",
    factory: str = "congvu.web.serve:worker_app",
) -> None:
    """Serve the register at `url` (already migrated) with `workers` uvicorn processes.

    Several processes share their Prometheus metrics through prometheus-client's multiprocess
    mode: the folder `PROMETHEUS_MULTIPROC_DIR` (a fresh temporary one when unset), emptied of
    a previous run's files first, so a scrape reaching any process reports all of them.
    `factory` names the app factory the workers import (a bench wraps `worker_app` to time it)."""
    import uvicorn

    made = None
    if workers > 1:
        folder = os.environ.get(MULTIPROC_ENV) or ""
        if not folder:
            folder = made = tempfile.mkdtemp(prefix="congvu-web-metrics-")
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()
        os.environ[MULTIPROC_ENV] = folder  # the workers are new interpreters: they import with it
    os.environ[ENV_URL] = url
    os.environ[ENV_SCHEMA] = search_path or ""
    os.environ[ENV_SECURE] = "1" if secure_cookies else "0"
    os.environ[ENV_INLINE] = "1" if inline_check else "0"
    uvicorn.run(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=max(1, workers),
        log_level=log_level,
        proxy_headers=False,  # X-Forwarded-For is read by the app, from web.trusted_proxies only
    )
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)
        del os.environ[MULTIPROC_ENV]
