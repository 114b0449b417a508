"""The milter's heavy half in its worker process: `congvu.mailflow.message.analyse` with the policy
and limits built once per worker (the light half, `message.judge`, runs on the event loop)."""

from __future__ import annotations

from congvu.classify import AddressPolicy
from congvu.mailflow import message
from congvu.mailflow.message import Analysis
from congvu.settings import Config, Limits, load_config

_WORKER: dict[str, object] = {}


def init_worker(config_path: str | None = None) -> None:
    """Process-pool initializer: the policy's lists are loaded once per worker, not per message."""
    config: Config = load_config(config_path)
    _WORKER["policy"] = AddressPolicy.from_config(config)
    _WORKER["limits"] = Limits.from_config(config)


def _context() -> tuple[AddressPolicy, Limits]:
    if not _WORKER:
        init_worker()
    policy, limits = _WORKER["policy"], _WORKER["limits"]
    assert isinstance(policy, AddressPolicy) and isinstance(limits, Limits)
    return policy, limits


def analyse(raw: bytes) -> Analysis:
    """Parse one message and judge every attachment with the document engine (never raises)."""
    return message.analyse(raw, *_context())
