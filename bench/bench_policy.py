"""Policy service throughput and latency against a bare asyncio server answering DUNNO.

`uv run python bench/bench_policy.py [--seconds 10] [--connections 50]`

Each server runs in its own process (one core), the load generator in another (the other core):
plain non-blocking sockets on one epoll, no event loop, 50 persistent loopback connections, each
with one request in flight (what a Postfix smtpd does), 1 s warm-up then `--seconds` measured.
Reported: requests/s, p50 and p99 of the round trip, and the load average around the run.
The congvu server decides every request (bundled example directory; 10 % of requests hit a staff
member's public mailbox and are recorded through the real recorder into a SQLite register); every
request carries a new `instance=` (a new message), so no recorded event repeats an earlier one.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import socket
import statistics
import sys
import tempfile
import time
from array import array
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


def _templates() -> list[tuple[bytes, bytes]]:
    """10,000 envelopes split around the `instance=` value, which the generator makes unique.

    Every request is then a new message (Postfix's instance), as in real traffic: nothing recorded
    is a repeat of an earlier event.
    """
    out = []
    for i in range(10_000):
        head, _, tail = request(i).partition(b"instance=")
        out.append((head + b"instance=", b"." + tail.partition(b".")[2]))
    return out


def _load(port: int, connections: int, seconds: float, warmup: float, results: Any) -> None:
    """The load generator, in its own process: non-blocking sockets on one epoll, no event loop.

    Each connection has exactly one request in flight (smtpd waits for the answer before its next
    request); a send, a receive and a clock read per request is all the Python done here.
    """
    import select
    from array import array

    templates = _templates()
    clock = time.perf_counter
    socks: dict[int, socket.socket] = {}
    sent_at: dict[int, float] = {}
    partial: dict[int, bytes] = {}
    poller = select.epoll()
    serial = 0
    for _ in range(connections):
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        socks[s.fileno()] = s
        poller.register(s.fileno(), select.EPOLLIN)
    latencies = array("d")
    record = latencies.append
    count = 0
    begin = clock()
    measure_from = begin + warmup
    stop = measure_from + seconds
    for fd, s in socks.items():
        head, tail = templates[serial % 10_000]
        serial += 1
        sent_at[fd] = clock()
        s.send(head + b"%x" % serial + tail)
    now = begin
    while now < stop:
        for fd, _ in poller.poll(1.0):
            s = socks[fd]
            data = s.recv(65536)
            if not data:
                raise RuntimeError("server closed a connection")
            if data[-2:] != b"\n\n":
                partial[fd] = partial.get(fd, b"") + data
                continue
            now = clock()
            if now >= measure_from:
                record(now - sent_at[fd])
                count += 1
            head, tail = templates[serial % 10_000]
            serial += 1
            sent_at[fd] = now
            s.send(head + b"%x" % serial + tail)
        now = clock()
    elapsed = now - measure_from
    for s in socks.values():
        s.close()
    results.put((count, elapsed, latencies.tobytes()))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(
    name: str, target: Any, args: tuple[Any, ...], connections: int, seconds: float
) -> dict[str, Any]:
    port = _free_port()
    ready = mp.Event()
    proc = mp.Process(target=target, args=(port, ready, *args), daemon=True)
    proc.start()
    if not ready.wait(60):
        raise RuntimeError(f"{name} did not start")
    results: Any = mp.Queue()
    gen = mp.Process(target=_load, args=(port, connections, seconds, 1.0, results), daemon=True)
    gen.start()  # 1 s warm-up (caches, connections, page-in), then `seconds` measured
    count, elapsed, raw = results.get(timeout=seconds + 120)
    gen.join(10)
    proc.terminate()
    proc.join(10)
    lat = array("d")
    lat.frombytes(raw)
    ordered = sorted(lat)
    return {
        "server": name,
        "requests": count,
        "req_per_s": count / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[int(len(ordered) * 0.99)] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            measure("bare asyncio DUNNO", _bare, (), args.connections, args.seconds),
            measure("congvu policy (reject, recording)", _congvu, (tmp,), args.connections, args.seconds),
        ]
    print(f"load average before: {before[0]:.2f}, after: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()})")
    print(f"{'server':38} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for r in rows:
        print(f"{r['server']:38} {r['req_per_s']:>10,.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
