"""docs/grafana-congvu.json asks only for series the services expose (a renamed metric breaks this)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

import pytest
from celery import Celery
from prometheus_client import CollectorRegistry

from congvu.classify import AddressPolicy
from congvu.fleet import client
from congvu.fleet.metrics import WorkerMetrics
from congvu.mailflow.metrics import milter_registry, policy_registry
from congvu.mailflow.milter.server import Milter
from congvu.mailflow.policy_server import PolicyServer, PolicyService
from congvu.mailflow.recorder import Recorder
from congvu.mailflow.rules import StaffIndex
from congvu.mailflow.spool import Spool
from congvu.web.metrics import WebMetrics

DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana-congvu.json"
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}


def _exposed(registry: CollectorRegistry) -> set[str]:
    return {family.name + suffix for family in registry.collect() for suffix in SUFFIXES[family.type]}


def test_every_series_the_dashboard_queries_is_exposed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "depth", lambda app, name: (0, 1))  # the broker, asked at scrape time
    index = StaffIndex.from_dicts([])
    service = PolicyService(AddressPolicy.default(), index)
    recorder = Recorder(None, Spool(tmp_path / "spool"))
    exposed = (
        _exposed(policy_registry(service, PolicyServer(service), recorder))
        | _exposed(milter_registry(Milter(AddressPolicy.default(), index), recorder))
        | _exposed(WorkerMetrics(cast(Celery, object()), ("scan",)).registry)
        | _exposed(WebMetrics().registry)
    )
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    queries = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    asked = {name for q in queries for name in re.findall(r"\bcongvu_\w+", q)}
    assert len(asked) >= 15
    assert asked - exposed == set()
