"""The fleet simulation (bench/simulate_fleet.py) on cases whose answer is known by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from simulate_fleet import Costs, Fleet, Kind, Workload, jobs, simulate, work_bound

FREE = 1e12  # a resource so fast it never counts


def _costs(**changes: float) -> Costs:
    base = {"text_pdf_page_s": 0.01, "docx_s": 0.01, "ocr_page_s": 1.0, "broker_task_s": 1 / FREE,
            "register_docs_per_s": FREE, "storage_mb_per_s": FREE}  # fmt: skip
    return Costs(**{**base, **changes})


DOCX_ONLY = Workload(100_000, (Kind("docx", 1.0, 1.0, 0.05),))


def test_cpu_bound_time_is_the_work_over_the_cores() -> None:
    result = simulate(_costs(), DOCX_ONLY, Fleet(workers=5, cores=2), job=100)
    assert result.seconds == pytest.approx(100_000 * 0.01 / 10, rel=1e-6)  # 1000 core-seconds on 10 cores
    assert result.bottleneck == "cpu" and result.utilisation()["cpu"] == pytest.approx(1.0)


def test_register_bound_time_is_the_documents_over_its_rate() -> None:
    result = simulate(_costs(register_docs_per_s=100.0), DOCX_ONLY, Fleet(workers=50), job=100)
    assert result.seconds == pytest.approx(100_000 / 100, rel=0.01)  # plus the first job's CPU only
    assert result.bottleneck == "register" and result.utilisation()["register"] > 0.99
    assert result.utilisation()["cpu"] < 0.02


def test_storage_and_broker_bounds_and_their_nodes() -> None:
    storage = simulate(_costs(storage_mb_per_s=50.0), DOCX_ONLY, Fleet(workers=20), job=100)
    assert storage.seconds == pytest.approx(100_000 * 0.05 / 50, rel=0.02)  # plus the last job's CPU
    assert storage.bottleneck == "storage"
    two = simulate(_costs(storage_mb_per_s=50.0), DOCX_ONLY, Fleet(workers=20, storage_nodes=2), job=100)
    assert two.seconds == pytest.approx(storage.seconds / 2, rel=0.02)
    broker = simulate(_costs(broker_task_s=0.004), DOCX_ONLY, Fleet(workers=20, broker_nodes=2), job=100)
    assert broker.seconds == pytest.approx(100_000 * 0.004 / 2, rel=0.01) and broker.bottleneck == "broker"


def test_the_bottleneck_moves_from_cpu_to_the_register_as_workers_grow() -> None:
    costs = _costs(register_docs_per_s=400.0, storage_mb_per_s=300.0, broker_task_s=0.001)
    city = Workload(200_000)
    small, large = (simulate(costs, city, Fleet(workers=n), job=200) for n in (1, 200))
    assert small.bottleneck == "cpu" and large.bottleneck == "register"
    for n, result in ((1, small), (200, large)):  # never faster than the busiest resource allows
        bounds = work_bound(costs, city, Fleet(workers=n))
        assert max(bounds.values()) * 0.999 <= result.seconds <= sum(bounds.values()) * 1.01


def test_jobs_hold_every_document_once_in_the_asked_shares() -> None:
    made = jobs(Workload(10_007), 100)
    assert sum(n for _, n in made) == 10_007
    scans = sum(n for kind, n in made if kind.name == "scan")
    assert scans == round(10_007 * 0.2)
    assert max(n for _, n in made) == 100


def test_costs_read_from_the_measured_json() -> None:
    data = {"text_pdf_page_s": 0.004, "docx_s": 0.006, "ocr_page_s": 1.2, "broker_task_s": 0.002,
            "register_docs_per_s": {"1": 80.0, "2": 140.0, "4": 120.0},
            "register_batch_docs_per_s": 900.0, "storage_mb_per_s": 400.0}  # fmt: skip
    assert Costs.from_json(data).register_docs_per_s == 140.0  # the best measured concurrency
    assert Costs.from_json(data, batched=True).register_docs_per_s == 900.0
    with pytest.raises(KeyError):
        Costs.from_json({k: v for k, v in data.items() if k != "ocr_page_s"})
