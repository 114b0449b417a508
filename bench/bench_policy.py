"""Policy service throughput and latency against a bare asyncio server answering DUNNO.

`uv run python bench/bench_policy.py [--seconds 10] [--connections 50]`

Each server runs in its own process (one core), the load generator in this one (the other core):
50 persistent loopback connections, each sending one request and waiting for its answer (what a
Postfix smtpd does), for `--seconds`. Reported: requests/s, p50 and p99 of the round trip.
The congvu server decides every request (bundled example directory; 10 % of requests hit a staff
member's public mailbox and are recorded through the real recorder into a SQLite register).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STAFF_GMAIL = ["vothanhtrung71@gmail.com", "hoangcongtrung75@gmail.com", "lythuthao86@gmail.com"]


def request(i: int) -> bytes:
    if i % 10 == 0:
        sender, rcpt = "trungvt@danang.gov.vn", STAFF_GMAIL[i % 3]  # MAIL-001: decided, recorded
    elif i % 10 < 6:
        sender, rcpt = f"congdan{i % 5000}@gmail.com", "vanthu.hoakhanhbac@danang.gov.vn"  # citizens in
    else:
        sender, rcpt = "sonpt@danang.gov.vn", f"doanhnghiep{i % 5000}@yahoo.com.vn"  # replies out
    lines = [
        "request=smtpd_access_policy", "protocol_state=RCPT", "protocol_name=ESMTP",
        "client_address=10.20.0.15", "client_name=mail.lienchieu.danang.gov.vn", "reverse_client_name=",
        "helo_name=mail.lienchieu.danang.gov.vn", f"sender={sender}", f"recipient={rcpt}",
        "recipient_count=0", "queue_id=", f"instance={i:x}.5a3b.0", "size=18231", "etrn_domain=",
        "stress=", "sasl_method=", "sasl_username=", "sasl_sender=", "ccert_subject=", "ccert_issuer=",
        "ccert_fingerprint=", "encryption_protocol=", "encryption_cipher=", "encryption_keysize=0",
    ]  # fmt: skip
    return ("\n".join(lines) + "\n\n").encode()


def _bare(port: int, ready: Any) -> None:
    class Bare(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            self.t, self.buf = transport, b""

        def data_received(self, data: bytes) -> None:
            data = self.buf + data
            n = data.count(b"\n\n")
            if n:
                self.t.write(b"action=DUNNO\n\n" * n)
                data = data[data.rfind(b"\n\n") + 2 :]
            self.buf = data

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Bare, "127.0.0.1", port)
        ready.set()
        await server.serve_forever()

    asyncio.run(main())


def _congvu(port: int, ready: Any, db_dir: str) -> None:
    import uvloop

    from congvu.classify import AddressPolicy
    from congvu.mailflow.policy_server import PolicyServer, PolicyService
    from congvu.mailflow.runtime import StoreWriter, make_recorder
    from congvu.register.directory import example_files, import_files
    from congvu.register.store import open_store

    url = f"sqlite:///{db_dir}/bench.db"
    store = open_store(url)
    import_files(store, example_files(), "bench")
    store.dispose()

    async def main() -> None:
        writer = StoreWriter(url, "bench")
        recorder = make_recorder(writer, Path(db_dir) / "spool")
        service = PolicyService(
            AddressPolicy.default(), await asyncio.to_thread(writer.load_index), "reject", recorder.submit
        )
        recorder.start()
        await PolicyServer(service).start("127.0.0.1", port)
        ready.set()
        await asyncio.Event().wait()

    uvloop.run(main())


async def _load(port: int, connections: int, seconds: float) -> tuple[int, list[float]]:
    import uvloop  # noqa: F401  (the client uses it too, so the client is not the bottleneck)

    blobs = [request(i) for i in range(10_000)]
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    count = 0

    async def one(k: int) -> None:
        nonlocal count
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = k
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            writer.write(blobs[i % 10_000])
            await reader.readuntil(b"\n\n")
            latencies.append(time.perf_counter() - t0)
            i += connections
        count += (i - k) // connections
        writer.close()

    await asyncio.gather(*(one(k) for k in range(connections)))
    return count, latencies


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(
    name: str, target: Any, args: tuple[Any, ...], connections: int, seconds: float
) -> dict[str, Any]:
    import uvloop

    port = _free_port()
    ready = mp.Event()
    proc = mp.Process(target=target, args=(port, ready, *args), daemon=True)
    proc.start()
    if not ready.wait(60):
        raise RuntimeError(f"{name} did not start")
    uvloop.run(_load(port, connections, 1.0))  # warm-up: caches, connections, JIT-free but page-in
    started = time.perf_counter()
    count, lat = uvloop.run(_load(port, connections, seconds))
    elapsed = time.perf_counter() - started
    proc.terminate()
    proc.join(10)
    lat.sort()
    return {
        "server": name,
        "requests": count,
        "req_per_s": count / elapsed,
        "p50_ms": statistics.median(lat) * 1000,
        "p99_ms": lat[int(len(lat) * 0.99)] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            measure("bare asyncio DUNNO", _bare, (), args.connections, args.seconds),
            measure("congvu policy (reject, recording)", _congvu, (tmp,), args.connections, args.seconds),
        ]
    print(f"{'server':38} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        print(f"{r['server']:38} {r['req_per_s']:>10,.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
