"""The policy service's request handler in-process: CPU per request, fast path against general path.

`uv run python bench/bench_policy_handler.py [--requests 200000]`

No sockets: a `_Connection` with a transport that keeps nothing is fed the same 10,000 requests as
bench_policy.py (10 % recorded, to a list), and answers are written out every 50 requests, as one
loop pass would. Timed in the same run:
- the handler as the service runs it (`data_received`: smtpd's single-request reads take the
  frame fast path, `PolicyService.answer_frame`);
- the same handler with the fast path turned off, so that every read takes the general path
  (framing, `PolicyService.answer`): the baseline.
This is the Python side of the service only; bench_policy.py measures the whole of it.
`--metrics` attaches the Prometheus registry (`congvu.mailflow.metrics`) as `metrics.policy_port`
does: the decision counters are kept either way, the answer-wait histogram is fed once per pass.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from congvu.classify import AddressPolicy
from congvu.mailflow.metrics import policy_registry
from congvu.mailflow.policy_server import PolicyServer, PolicyService, _Connection
from congvu.mailflow.rules import StaffIndex
from congvu.register.directory import example_files, import_files
from congvu.register.store import open_store


def _requests() -> list[bytes]:
    spec = importlib.util.spec_from_file_location("bench_policy", Path(__file__).with_name("bench_policy.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_policy"] = module
    spec.loader.exec_module(module)
    return [module.request(i) for i in range(10_000)]


class _Sink:
    def write(self, data: bytes) -> None:
        pass

    def is_closing(self) -> bool:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--metrics", action="store_true", help="attach the Prometheus registry")
    args = parser.parse_args()
    n = args.requests
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/bench.db")
        import_files(store, example_files(), "bench")
        index = StaffIndex.from_store(store)
        store.dispose()
    requests = _requests()
    records: list[Any] = []
    service = PolicyService(AddressPolicy.default(), index, "reject", records.append)
    for data in requests:  # decisions cached, as in a service that has been up a while
        service.answer(data[:-2])

    async def handler(fast_path: bool) -> float:
        if not fast_path:
            service.answer_frame = lambda data: None
        server = PolicyServer(service)
        if args.metrics:
            policy_registry(service, server)
        conn = _Connection(service, server)
        conn.connection_made(_Sink())
        started = time.process_time()
        for i in range(n):
            conn.data_received(requests[i % 10_000])
            if i % 50 == 49:
                server._write_out()
        return time.process_time() - started

    fast = asyncio.run(handler(fast_path=True))
    general = asyncio.run(handler(fast_path=False))
    metrics = ", Prometheus registry attached" if args.metrics else ""
    print(f"{n:,} requests, 10 % recorded (reject mode, the example directory{metrics})")
    print(f"handler as served (data_received, frame fast path): {fast / n * 1e6:6.2f} µs CPU per request")
    print(f"the same, fast path off (framing, answer):          {general / n * 1e6:6.2f} µs CPU per request")


if __name__ == "__main__":
    main()
