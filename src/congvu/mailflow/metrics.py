"""The policy service's Prometheus metrics and health, read from the counters it keeps anyway.

Nothing here runs per request: `PolicyService.stats` and `.decisions` are plain `Counter`s the
handler bumps already (a decision by rule only when there are findings), and `PolicyCollector`
copies them when Prometheus scrapes, from the metrics listener's thread (a `dict` copy holds the
GIL throughout, so the loop cannot change it mid-copy).  The one histogram is fed once per event
loop pass (`PolicyServer.observe_wait`), not once per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from congvu.mailflow.policy_server import PolicyServer, PolicyService
from congvu.mailflow.recorder import Recorder

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
        recorder = self.recorder
        if recorder is not None:
            yield CounterMetricFamily(
                "congvu_policy_recorded", "Mail events written to the register.", value=recorder.recorded
            )
            yield CounterMetricFamily(
                "congvu_policy_spooled",
                "Mail events spooled to disk (register down or behind).",
                value=recorder.spooled,
            )
            yield GaugeMetricFamily(
                "congvu_policy_spool_depth",
                "Mail events waiting in the spool for replay.",
                value=recorder.spool.pending(),
            )


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
