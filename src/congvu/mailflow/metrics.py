"""The policy service's and the milter's Prometheus metrics and health, read from the counters
they keep anyway.

Nothing here runs per request: `PolicyService.stats` and `.decisions` are plain `Counter`s the
handler bumps already (a decision by rule only when there are findings), and `PolicyCollector`
copies them when Prometheus scrapes, from the metrics listener's thread (a `dict` copy holds the
GIL throughout, so the loop cannot change it mid-copy).  The one histogram is fed once per event
loop pass (`PolicyServer.observe_wait`), not once per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from congvu.mailflow.policy_server import PolicyServer, PolicyService
from congvu.mailflow.recorder import Recorder

if TYPE_CHECKING:  # the policy service never loads the milter
    from congvu.mailflow.milter.server import Milter

# Why a request was answered DUNNO undecided, as `PolicyService.stats` names it.
SHED_REASONS = ("shed_overload", "shed_connections", "errors", "malformed", "oversized")
# The rest of `stats`, each its own counter.
OTHER_COUNTS = ("malformed_lines", "connections_over_limit", "disconnects_mid_request", "idle_closed")
# Seconds an answer waits in one loop pass: the deadline (mailflow.deadline_ms) is 100 ms by default.
WAIT_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


class PolicyCollector(Collector):
    """Counters and gauges of one policy service, its server and its recorder, at scrape time."""

    def __init__(self, service: PolicyService, recorder: Recorder | None = None) -> None:
        self.service = service
        self.recorder = recorder

    def collect(self) -> Iterator[Any]:
        service = self.service
        mode = service.mode
        stats = dict(service.stats)
        decisions = dict(service.decisions)
        requests = CounterMetricFamily("congvu_policy_requests", "Policy requests received.", labels=["mode"])
        requests.add_metric([mode], stats.get("requests", 0))
        yield requests
        by_rule = CounterMetricFamily(
            "congvu_policy_decisions",
            "Requests judged to break a rule, by the first finding's rule (the rest are DUNNO).",
            labels=["rule", "mode"],
        )
        for rule, n in sorted(decisions.items()):
            by_rule.add_metric([rule, mode], n)
        yield by_rule
        findings = CounterMetricFamily(
            "congvu_policy_findings", "Findings of judged requests.", labels=["mode"]
        )
        findings.add_metric([mode], stats.get("findings", 0))
        yield findings
        shed = CounterMetricFamily(
            "congvu_policy_shed", "Requests answered DUNNO undecided, by reason.", labels=["reason", "mode"]
        )
        for reason in SHED_REASONS:
            shed.add_metric([reason, mode], stats.get(reason, 0))
        yield shed
        for name in OTHER_COUNTS:
            yield CounterMetricFamily(
                f"congvu_policy_{name}", name.replace("_", " ") + ".", value=stats.get(name, 0)
            )
        yield GaugeMetricFamily(
            "congvu_policy_connections", "Open Postfix connections.", value=service.connections
        )
        yield GaugeMetricFamily(
            "congvu_policy_overloaded",
            "1 while the event loop lags and requests are shed.",
            value=int(service.overloaded),
        )
        if self.recorder is not None:
            yield from _recorder_metrics("policy", self.recorder)


def policy_registry(
    service: PolicyService, server: PolicyServer | None = None, recorder: Recorder | None = None
) -> CollectorRegistry:
    """A registry for one policy service; with `server`, its answer-wait histogram is fed."""
    registry = CollectorRegistry()
    registry.register(PolicyCollector(service, recorder))
    if server is not None:
        waits = Histogram(
            "congvu_policy_answer_wait_seconds",
            "Per event-loop pass: from its first answer judged to all its answers written.",
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
        server.observe_wait = waits.observe
    return registry


def policy_health(service: PolicyService, server: PolicyServer) -> tuple[bool, dict[str, Any]]:
    """Healthy while listening and not shedding for lag."""
    listening = server.server is not None and server.server.is_serving()
    return listening and not service.overloaded, {
        "listening": listening,
        "overloaded": service.overloaded,
        "connections": service.connections,
        "mode": service.mode,
    }


# The milter's `stats`, each its own counter.
MILTER_COUNTS = (
    "connections",
    "messages",
    "findings",
    "too_big_accepted",
    "analysis_failed",
    "errors",
    "protocol_errors",
)
# Seconds to judge one message, attachments and OCR included (mailflow.milter_judge_seconds: 20 by default).
JUDGE_BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _recorder_metrics(service: str, recorder: Recorder) -> Iterator[Any]:
    yield CounterMetricFamily(
        f"congvu_{service}_recorded", "Mail events written to the register.", value=recorder.recorded
    )
    yield CounterMetricFamily(
        f"congvu_{service}_spooled",
        "Mail events spooled to disk (register down or behind).",
        value=recorder.spooled,
    )
    yield GaugeMetricFamily(
        f"congvu_{service}_spool_depth",
        "Mail events waiting in the spool for replay.",
        value=recorder.spool.pending(),
    )


class MilterCollector(Collector):
    """Counters of one milter and its recorder, at scrape time."""

    def __init__(self, milter: Milter, recorder: Recorder | None = None) -> None:
        self.milter = milter
        self.recorder = recorder

    def collect(self) -> Iterator[Any]:
        milter = self.milter
        stats = dict(milter.stats)
        decisions = dict(milter.decisions)
        for name in MILTER_COUNTS:
            family = CounterMetricFamily(
                f"congvu_milter_{name}", name.replace("_", " ") + ".", labels=["mode"]
            )
            family.add_metric([milter.mode], stats.get(name, 0))
            yield family
        by_rule = CounterMetricFamily(
            "congvu_milter_decisions",
            "Messages judged to break a rule, by the first finding's rule.",
            labels=["rule", "mode"],
        )
        for rule, n in sorted(decisions.items()):
            by_rule.add_metric([rule, milter.mode], n)
        yield by_rule
        if self.recorder is not None:
            yield from _recorder_metrics("milter", self.recorder)


def milter_registry(milter: Milter, recorder: Recorder | None = None) -> CollectorRegistry:
    """A registry for one milter; its time-per-message histogram is fed from now on."""
    registry = CollectorRegistry()
    registry.register(MilterCollector(milter, recorder))
    judging = Histogram(
        "congvu_milter_judge_seconds",
        "Time to judge one message at end of data, attachments included.",
        buckets=JUDGE_BUCKETS,
        registry=registry,
    )
    milter.observe_judging = judging.observe
    return registry


def milter_health(milter: Milter) -> tuple[bool, dict[str, Any]]:
    listening = milter.server is not None and milter.server.is_serving()
    return listening, {"listening": listening, "mode": milter.mode}
