"""Policy service throughput and latency against bare asyncio and uvloop servers answering DUNNO.

`uv run python bench/bench_policy.py [--seconds 10] [--connections 50] [--no-pin] [--python-generator]`

Each server runs in its own process; the load generator is `policy_load.c` (ours), compiled here
with `gcc -O2` into bench/out/ and run as its own process: one epoll, `--connections` persistent
loopback connections, each with exactly one request in flight (what a Postfix smtpd does), 1 s
warm-up then `--seconds` measured, the round trip of every answer written out for p50/p99. Without
gcc the pure-Python epoll generator below does the same (it saturates its core first; the output
says which one ran). All three servers are measured by the same generator in the same run: the
bare asyncio server (the issue's baseline), the same on uvloop (the floor for a Python server
here), and congvu. With `--pin`
(the default on 2+ cores) the generator is pinned to the last core and the server to the others
(os.sched_setaffinity), so the two do not take turns on one core.

The congvu server is the real service, `python -m congvu.mailflow.serve policy --mode reject` (what
`congvu policy serve` runs), with a SQLite register holding the bundled example directory. It
decides every request: 10 % hit a staff member's public mailbox, are answered REJECT and are
recorded (by its recording process); every request carries a new `instance=` (a new message), so
no recorded event repeats an earlier one. It is stopped with SIGTERM (a clean stop); its final log
line and the register say how many events were recorded or spooled. With `--pin` only its serving
thread is pinned; the recording process may use any core. Printed: requests/s, p50 and p99 of the
round trip, the share of answers that were not DUNNO, and the load average around the run.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import multiprocessing as mp
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from array import array
from pathlib import Path
from typing import Any

STAFF_GMAIL = ["vothanhtrung71@gmail.com", "hoangcongtrung75@gmail.com", "lythuthao86@gmail.com"]
WARMUP = 1.0  # s: caches, connections, page-in; then `--seconds` measured


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


def _bare(port: int, ready: Any, cores: set[int], loop: str = "asyncio") -> None:
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
        _pin(cores)
        ready.set()
        await server.serve_forever()

    if loop == "uvloop":
        import uvloop

        uvloop.run(main())
    else:
        asyncio.run(main())


class Bare:
    """The baseline server in a child process; nothing to report."""

    name = "bare asyncio DUNNO"
    loop = "asyncio"

    def __init__(self, port: int, cores: set[int], tmp: Path) -> None:
        ready = mp.Event()
        self.proc = mp.Process(target=_bare, args=(port, ready, cores, self.loop))
        self.proc.start()
        self.pid = int(self.proc.pid or 0)
        started = time.monotonic()
        while not ready.wait(0.2):
            if not self.proc.is_alive() or time.monotonic() - started > 60:
                raise RuntimeError(f"{self.name} did not start")

    def stop(self) -> dict[str, Any]:
        self.proc.terminate()
        self.proc.join(10)
        return {}


class BareUvloop(Bare):
    """The same bare server on uvloop (which congvu runs on): what any Python server can reach here."""

    name = "bare uvloop DUNNO"
    loop = "uvloop"


class Congvu:
    """`python -m congvu.mailflow.serve policy` (what `congvu policy serve` runs), reject mode.

    The register is a SQLite file with the bundled example directory; the service's log (stderr)
    goes to a file, which says when it listens and, after SIGTERM, what it recorded.
    """

    name = "congvu policy (reject, recording)"

    def __init__(self, port: int, cores: set[int], tmp: Path) -> None:
        from congvu.register.directory import example_files, import_files
        from congvu.register.store import open_store

        self.url = f"sqlite:///{tmp}/bench.db"
        store = open_store(self.url)
        import_files(store, example_files(), "bench")
        store.dispose()
        self.spool = tmp / "spool"
        self.log = tmp / "congvu.log"
        command = [sys.executable, "-m", "congvu.mailflow.serve", "policy", "--listen", f"127.0.0.1:{port}",
                   "--mode", "reject", "--db", self.url, "--spool", str(self.spool)]  # fmt: skip
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
        self.pid = self.proc.pid
        started = time.monotonic()
        while "policy service on" not in self.log.read_text():
            if self.proc.poll() is not None or time.monotonic() - started > 60:
                raise RuntimeError(f"{self.name} did not start:\n{self.log.read_text()}")
            time.sleep(0.1)
        if cores:  # the main thread only (its thread id is the pid): the recording process is free
            os.sched_setaffinity(self.proc.pid, cores)

    def stop(self) -> dict[str, Any]:
        import sqlalchemy as sa

        from congvu.mailflow.spool import Spool
        from congvu.register.schema import findings
        from congvu.register.store import open_store

        self.proc.send_signal(signal.SIGTERM)  # a clean stop, as systemd does
        self.proc.wait(120)
        text = self.log.read_text()
        found = re.search(r"stopped: (\{.*\}); recorded (\d+), spooled (\d+)", text)
        if found is None:
            raise RuntimeError(f"no final counters in the service log:\n{text[-3000:]}")
        stats: dict[str, Any] = ast.literal_eval(found[1])
        stats.update(recorded=int(found[2]), spooled=int(found[3]), lag_warnings=text.count("event loop lag"))
        store = open_store(self.url)
        with store.engine.connect() as conn:
            stats["in_register"] = conn.execute(sa.select(sa.func.count()).select_from(findings)).scalar_one()
        store.dispose()
        stats["in_spool"] = Spool(self.spool).pending()
        return stats


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


def _write_templates(path: Path) -> None:
    """The templates for policy_load.c: (u32 length, head, u32 length, tail) records."""
    with path.open("wb") as fh:
        for head, tail in _templates():
            fh.write(struct.pack("=I", len(head)) + head + struct.pack("=I", len(tail)) + tail)


def _compile() -> Path | None:
    """bench/out/policy_load from policy_load.c with gcc -O2; None (saying why) without gcc."""
    source = Path(__file__).with_name("policy_load.c")
    binary = Path(__file__).with_name("out") / "policy_load"
    gcc = shutil.which("gcc")
    if gcc is None:
        print("gcc not found: falling back to the pure-Python load generator (it saturates its core)")
        return None
    binary.parent.mkdir(exist_ok=True)
    done = subprocess.run(
        [gcc, "-O2", "-Wall", "-o", str(binary), str(source)], capture_output=True, text=True
    )
    if done.returncode != 0:
        print(f"gcc failed, falling back to the pure-Python load generator:\n{done.stderr}")
        return None
    return binary


def _load(port: int, connections: int, seconds: float, results: Any) -> None:
    """The fallback load generator (no gcc), in its own process: one epoll, no event loop.

    The same protocol as policy_load.c: each connection has exactly one request in flight (smtpd
    waits for the answer before its next request); a send, a receive and a clock read per request.
    """
    import select

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
    count = dunno = answered = 0
    begin = clock()
    measure_from = begin + WARMUP
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
            if fd in partial:
                data = partial.pop(fd) + data
            if data[-2:] != b"\n\n":
                partial[fd] = data
                continue
            now = clock()
            answered += 1
            if now >= measure_from:
                record(now - sent_at[fd])
                count += 1
                dunno += data == b"action=DUNNO\n\n"
            head, tail = templates[serial % 10_000]
            serial += 1
            sent_at[fd] = now
            s.send(head + b"%x" % serial + tail)
        now = clock()
    elapsed = now - measure_from
    for s in socks.values():
        s.close()
    results.put((count, elapsed, dunno, latencies.tobytes(), answered))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cores(pin: bool) -> tuple[set[int], set[int]]:
    """(server cores, generator cores): the generator on the last core, the servers on the rest."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if not pin or len(cores) < 2:
        return set(), set()
    return set(cores[:-1]), {cores[-1]}


def _pin(cores: set[int]) -> None:
    """Keep the calling thread (Linux: not the whole process) on `cores`; nothing when empty."""
    if cores:
        os.sched_setaffinity(0, cores)


def _pinned(cores: set[int], target: Any, *args: Any) -> None:
    _pin(cores)
    target(*args)


def _own_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) of one process, from /proc; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0


def _preempted(pid: int) -> int:
    """How often the process's main thread (the serving thread) was preempted so far (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("nonvoluntary_ctxt_switches:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and all its descendants."""
    total = _own_cpu(pid)
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _tree_cpu(int(child))
    except (OSError, ValueError):
        pass  # gone meanwhile, or no /proc
    return total


def _settle(pid: int, quiet: float = 0.02, every: float = 0.25, limit: float = 60.0) -> None:
    """Wait until the server's processes are idle (start-up work, e.g. the recording process's imports,
    done), so that the CPU per request measured afterwards is the steady state."""
    end = time.monotonic() + limit
    last = _tree_cpu(pid)
    while time.monotonic() < end:
        time.sleep(every)
        now = _tree_cpu(pid)
        if now - last < quiet:
            return
        last = now


def _generate(port: int, opts: argparse.Namespace, generator: Path | None, templates: Path) -> Any:
    """Run the load generator once: (answers, seconds, DUNNO answers, latencies as doubles, all answers
    warm-up included)."""
    _, load_cores = _cores(opts.pin)
    if generator is not None:
        out = templates.with_suffix(".lat")
        done = subprocess.run(
            [str(generator), str(port), str(opts.connections), str(WARMUP), str(opts.seconds),
             str(templates), str(out)],
            capture_output=True, text=True, timeout=opts.seconds + 120,
            preexec_fn=(lambda: os.sched_setaffinity(0, load_cores)) if load_cores else None,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"policy_load failed: {done.stderr}")
        count, elapsed, dunno, _, answered = done.stdout.split()
        return int(count), float(elapsed), int(dunno), out.read_bytes(), int(answered)
    results: Any = mp.Queue()
    gen = mp.Process(
        target=_pinned, args=(load_cores, _load, port, opts.connections, opts.seconds, results), daemon=True
    )
    gen.start()
    got = results.get(timeout=opts.seconds + 120)
    gen.join(10)
    return got


def measure(
    server: type[Bare | Congvu],
    tmp: Path,
    opts: argparse.Namespace,
    generator: Path | None,
    templates: Path,
) -> dict[str, Any]:
    port = _free_port()
    server_cores, _ = _cores(opts.pin)
    running = server(port, server_cores, tmp)
    _settle(running.pid)
    server_cpu, main_cpu = _tree_cpu(running.pid), _own_cpu(running.pid)
    preempted = _preempted(running.pid)
    started = time.monotonic()
    load_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    count, elapsed, dunno, raw, answered = _generate(port, opts, generator, templates)
    server_cpu, main_cpu = _tree_cpu(running.pid) - server_cpu, _own_cpu(running.pid) - main_cpu
    preempted_per_s = (_preempted(running.pid) - preempted) / (time.monotonic() - started)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_cpu_s = after.ru_utime + after.ru_stime - load_cpu.ru_utime - load_cpu.ru_stime
    stats = running.stop()
    lat = array("d")
    lat.frombytes(raw)
    ordered = sorted(lat)
    return {
        "server": server.name,
        "requests": count,
        "req_per_s": count / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[int(len(ordered) * 0.99)] * 1000,
        "decided": (count - dunno) / max(1, count),
        "server_us": server_cpu / max(1, answered) * 1e6,
        "main_us": main_cpu / max(1, answered) * 1e6,
        "preempted_per_s": preempted_per_s,
        "load_us": load_cpu_s / max(1, answered) * 1e6,
        "stats": stats,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--pin", action=argparse.BooleanOptionalAction, default=True,
        help="generator on the last core, servers on the others (default: on)",
    )  # fmt: skip
    parser.add_argument("--python-generator", action="store_true", help="use the fallback generator")
    args = parser.parse_args()
    generator = None if args.python_generator else _compile()
    server_cores, load_cores = _cores(args.pin)
    before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        templates = Path(tmp) / "templates.bin"
        _write_templates(templates)
        servers = (Bare, BareUvloop, Congvu)
        rows = [measure(server, Path(tmp), args, generator, templates) for server in servers]
    after = os.getloadavg()
    print(
        f"load generator: {'policy_load.c (gcc -O2)' if generator else 'pure Python (fallback)'}, "
        f"{args.connections} connections, {args.seconds:g} s measured after {WARMUP:g} s warm-up"
    )
    pinned = f"servers on {sorted(server_cores)}, generator on {sorted(load_cores)}" if load_cores else "no"
    print(f"cores: {os.cpu_count()}; pinned: {pinned}")
    print(f"load average before: {before[0]:.2f}, after: {after[0]:.2f}")
    print(
        f"{'server':34} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'not DUNNO':>9} {'CPU/req':>8}"
        f" {'gen CPU/req':>11}"
    )
    for r in rows:
        print(
            f"{r['server']:34} {r['req_per_s']:>8,.0f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f}"
            f" {r['decided']:>9.1%} {r['server_us']:>6.1f}us {r['load_us']:>9.1f}us"
        )
    print("CPU/req: the server's processes (congvu: with its recording process); gen: the generator's")
    print(
        "serving thread preempted (other processes took its core): "
        + ", ".join(f"{r['server'].split(' (')[0]} {r['preempted_per_s']:,.0f}/s" for r in rows)
    )
    stats = rows[-1]["stats"]
    print(f"congvu CPU per request: {rows[-1]['main_us']:.1f} us in the serving process, "
          f"{rows[-1]['server_us'] - rows[-1]['main_us']:.1f} us in the recording process")  # fmt: skip
    print(
        f"congvu: {stats.get('requests', 0):,} requests (warm-up included), "
        f"{stats.get('findings', 0):,} findings; the recorder recorded {stats['recorded']:,}, "
        f"spooled {stats['spooled']:,}; {stats['in_register']:,} findings in the register, "
        f"{stats['in_spool']:,} events in the spool; {stats.get('shed_overload', 0):,} requests shed "
        f"for loop lag ({stats['lag_warnings']} lag warnings), {stats.get('errors', 0):,} errors"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
