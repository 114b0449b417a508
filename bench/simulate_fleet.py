"""A discrete-event model (SimPy) of the city's archive backlog on a worker fleet, built on the
costs `bench/bench_costs.py` measured on this machine.

    uv run python bench/bench_costs.py --out bench/out/costs.json
    uv run python bench/simulate_fleet.py --costs bench/out/costs.json
    uv run python bench/simulate_fleet.py --costs bench/out/costs.json --batched --broker-nodes 3

The model (assumptions in docs/scale.md):
- the backlog: `--documents` (10 million), a fifth scans of ~3 pages (OCR), the rest half text PDF
  (~3 pages), half DOCX; each kind has a size on storage (`--mb-*`);
- `workers` machines with `--cores` task threads each (one per core, prefetch 1: a thread holds one
  task from the broker until it is recorded); a thread's task goes through, one after the other:
  the broker (deliver + ack: `broker_task_s` per task on one node, `--broker-nodes` nodes in
  parallel), a storage read (the archive's bandwidth, `--storage-nodes` times the measured one),
  the CPU of its core (the kind's measured cost) and the register's write (PostgreSQL's measured
  documents per second at the best measured concurrency; `--batched`: the rate measured with 50
  documents a transaction);
- documents travel in jobs of `--job` equal documents (a fluid approximation: 10 million single
  events would take the model longer than the fleet); every resource is first come, first served.
The output: for each fleet size, the time to finish, each resource's utilisation and the busiest
one (the bottleneck), and what to change when it is not the workers' CPU.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import simpy

RESOURCES = ("cpu", "broker", "storage", "register")
ADVICE = {
    "cpu": "add worker machines (the work is CPU-bound: OCR dominates)",
    "broker": "bigger tasks (several files per task), more RabbitMQ nodes (a queue per node, "
    "quorum queues spread over the cluster), results by batch rather than one reply per task",
    "storage": "more storage bandwidth: spread the archive over several NFS/object-store nodes, "
    "or copy each unit's share to the workers' local disks before the run",
    "register": "batch the register's writes (many documents per transaction: --batched), "
    "a bigger PostgreSQL (CPU, WAL on fast disk, synchronous_commit off for the backlog), "
    "or record in bulk after the run",
}


@dataclass(frozen=True)
class Costs:
    text_pdf_page_s: float
    docx_s: float
    ocr_page_s: float
    broker_task_s: float
    register_docs_per_s: float
    storage_mb_per_s: float

    @classmethod
    def from_json(cls, data: dict[str, Any], batched: bool = False) -> Costs:
        rates = data["register_docs_per_s"]
        register = float(data["register_batch_docs_per_s"]) if batched else max(map(float, rates.values()))
        return cls(
            float(data["text_pdf_page_s"]),
            float(data["docx_s"]),
            float(data["ocr_page_s"]),
            float(data["broker_task_s"]),
            register,
            float(data["storage_mb_per_s"]),
        )


@dataclass(frozen=True)
class Kind:
    name: str
    share: float  # of the documents
    pages: float
    mb: float  # size on storage of one document

    def cpu_s(self, costs: Costs) -> float:
        if self.name == "scan":
            return self.pages * costs.ocr_page_s
        if self.name == "text_pdf":
            return self.pages * costs.text_pdf_page_s
        return costs.docx_s


@dataclass(frozen=True)
class Workload:
    documents: int = 10_000_000
    kinds: tuple[Kind, ...] = (
        Kind("scan", 0.2, 3.0, 0.9),
        Kind("text_pdf", 0.4, 3.0, 0.15),
        Kind("docx", 0.4, 1.0, 0.05),
    )


@dataclass(frozen=True)
class Fleet:
    workers: int
    cores: int = 2
    broker_nodes: int = 1
    storage_nodes: int = 1


@dataclass
class Result:
    workers: int
    seconds: float
    busy: dict[str, float] = field(default_factory=dict)  # resource-seconds used
    capacity: dict[str, int] = field(default_factory=dict)  # parallel servers of each

    def utilisation(self) -> dict[str, float]:
        return {r: self.busy[r] / (self.capacity[r] * self.seconds) for r in RESOURCES}

    @property
    def bottleneck(self) -> str:
        used = self.utilisation()
        return max(RESOURCES, key=lambda r: used[r])


def jobs(workload: Workload, job: int, seed: int = 2014) -> list[tuple[Kind, int]]:
    """The backlog as (kind, documents) jobs, kinds interleaved at random (an archive in date order
    mixes them); counts rounded so every document is in exactly one job."""
    out: list[tuple[Kind, int]] = []
    left = workload.documents
    for i, kind in enumerate(workload.kinds):
        n = left if i == len(workload.kinds) - 1 else round(workload.documents * kind.share)
        left -= n
        full, rest = divmod(n, job)
        out.extend([(kind, job)] * full + ([(kind, rest)] if rest else []))
    random.Random(seed).shuffle(out)
    return out


def simulate(costs: Costs, workload: Workload, fleet: Fleet, job: int = 500) -> Result:
    env = simpy.Environment()
    capacity = {
        "cpu": fleet.workers * fleet.cores,
        "broker": fleet.broker_nodes,
        "storage": 1,  # the bandwidth of every storage node together, shared by all readers
        "register": 1,  # the measured rate is PostgreSQL's whole throughput
    }
    shared = {r: simpy.Resource(env, capacity[r]) for r in ("broker", "storage", "register")}
    busy = dict.fromkeys(RESOURCES, 0.0)
    backlog = simpy.Store(env)
    backlog.items.extend(jobs(workload, job))
    storage_rate = costs.storage_mb_per_s * fleet.storage_nodes

    def use(name: str, seconds: float) -> Any:
        with shared[name].request() as slot:
            yield slot
            yield env.timeout(seconds)
            busy[name] += seconds

    def thread() -> Any:
        while backlog.items:
            kind, n = yield backlog.get()
            yield from use("broker", n * costs.broker_task_s)
            yield from use("storage", n * kind.mb / storage_rate)
            cpu = n * kind.cpu_s(costs)
            yield env.timeout(cpu)  # the thread's own core
            busy["cpu"] += cpu
            yield from use("register", n / costs.register_docs_per_s)

    for _ in range(capacity["cpu"]):
        env.process(thread())
    env.run()
    return Result(fleet.workers, env.now, busy, capacity)


def work_bound(costs: Costs, workload: Workload, fleet: Fleet) -> dict[str, float]:
    """Each resource's total work over its capacity: no fleet can finish faster than the largest."""
    docs = workload.documents
    cpu = sum(docs * k.share * k.cpu_s(costs) for k in workload.kinds)
    mb = sum(docs * k.share * k.mb for k in workload.kinds)
    return {
        "cpu": cpu / (fleet.workers * fleet.cores),
        "broker": docs * costs.broker_task_s / fleet.broker_nodes,
        "storage": mb / (costs.storage_mb_per_s * fleet.storage_nodes),
        "register": docs / costs.register_docs_per_s,
    }


def _days(seconds: float) -> str:
    return f"{seconds / 86400:.1f} d" if seconds >= 86400 else f"{seconds / 3600:.1f} h"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--costs", type=Path, default=Path("bench/out/costs.json"))
    parser.add_argument("--documents", type=int, default=10_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 5, 10, 20, 50, 100, 200])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--broker-nodes", type=int, default=1)
    parser.add_argument("--storage-nodes", type=int, default=1)
    parser.add_argument("--batched", action="store_true", help="the register's batched write rate")
    parser.add_argument("--job", type=int, default=500, help="documents per simulated job")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args()
    try:
        costs = Costs.from_json(json.loads(args.costs.read_text(encoding="utf-8")), args.batched)
    except (OSError, KeyError, ValueError) as error:
        sys.exit(f"{args.costs}: not a costs file from bench/bench_costs.py ({error!r})")
    workload = Workload(args.documents)
    rows = []
    for n in args.workers:
        fleet = Fleet(n, args.cores, args.broker_nodes, args.storage_nodes)
        result = simulate(costs, workload, fleet, args.job)
        rows.append(
            {
                "workers": n,
                "seconds": round(result.seconds),
                "utilisation": {k: round(v, 3) for k, v in result.utilisation().items()},
                "bottleneck": result.bottleneck,
                "bound_seconds": {k: round(v) for k, v in work_bound(costs, workload, fleet).items()},
            }
        )
    if args.format == "json":
        print(json.dumps({"costs": costs.__dict__, "rows": rows}, indent=2))
        return
    print(f"{args.documents:,} documents; costs {costs}")
    print("| workers | time to finish | CPU | broker | storage | register | bottleneck |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        u = row["utilisation"]
        cells = " | ".join(f"{u[r]:.0%}" for r in RESOURCES)
        print(f"| {row['workers']} | {_days(row['seconds'])} | {cells} | {row['bottleneck']} |")
    moved = [(a["workers"], b["workers"], b["bottleneck"]) for a, b in itertools.pairwise(rows)
             if a["bottleneck"] != b["bottleneck"]]  # fmt: skip
    for before, after, what in moved:
        print(f"between {before} and {after} workers the bottleneck moves to {what}: {ADVICE[what]}")


if __name__ == "__main__":
    main()
