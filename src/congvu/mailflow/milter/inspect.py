"""The milter's heavy half in its worker process: `congvu.mailflow.message.analyse` with the policy
and limits built once per worker (the light half, `message.judge`, runs on the event loop)."""

from __future__ import annotations

from dataclasses import dataclass

from congvu.classify import AddressPolicy
from congvu.mailflow import message
from congvu.mailflow.message import Analysis
from congvu.settings import Config, Limits, load_config
from congvu.workers import context


@dataclass(frozen=True, slots=True)
class MessageContext:
    """What a worker analyses messages with: the policy's lists are loaded once, not per message."""

    policy: AddressPolicy
    limits: Limits

    @classmethod
    def load(cls, config_path: str | None = None) -> MessageContext:
        config: Config = load_config(config_path)
        return cls(AddressPolicy.from_config(config), Limits.from_config(config))


def analyse(raw: bytes) -> Analysis:
    """Parse one message and judge every attachment with the document engine (never raises).

    In a pool's worker, with the context it was started with; elsewhere (the milter's own thread, in
    tests), with the default configuration's."""
    work = context(MessageContext, MessageContext.load)
    return message.analyse(raw, work.policy, work.limits)
