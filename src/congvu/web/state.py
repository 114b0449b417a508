"""What every request handler shares: the store, settings, checker and limits of one app instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from congvu.register.scales import Scale
from congvu.register.store import Store
from congvu.settings import Config
from congvu.web.cache import CountsCache

if TYPE_CHECKING:
    from congvu.notify.send import Transport
    from congvu.scan.checker import Checker


@dataclass
class WebState:
    store: Store
    config: Config
    checker: Checker
    scale: Scale
    max_upload: int
    secure_cookies: bool = False
    counts: CountsCache = field(default_factory=CountsCache)
    transport: Transport | None = None  # reminders: None leaves them queued for `congvu remind --send`


def state(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web
