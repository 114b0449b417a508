"""The milter's worker pool: a slow or deadly message costs that message only, and the envelope
is judged even when the content cannot be.

Run against the milter's real wire protocol with real worker processes (pebble), as
`congvu milter serve` starts them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from email.message import EmailMessage
from pathlib import Path

from policykit import CITIZEN, COLLEAGUE, OFFICIAL, STAFF_GMAIL, index, policy
from test_milter_protocol import converse

from congvu.mailflow.milter import protocol as p
from congvu.mailflow.milter.inspect import analyse
from congvu.mailflow.milter.pool import AnalysisPool
from congvu.mailflow.milter.server import Milter, MilterLimits
from congvu.settings import Limits, load_config

BODY = "Kính gửi chị Thảo,\r\nGửi chị kế hoạch tháng 6 của phòng.\r\n".encode()


def _slow_message() -> tuple[list[tuple[str, str]], bytes]:
    """A message whose attachment takes seconds to judge: a long registration list, one address
    every line (the milter must not wait for it past its limit)."""
    rows = [
        f"{i}. Nguyễn Thị Hoa, tổ dân phố {i % 40}, phường Hòa Minh; email: hoa.hoaminh{i}@gmail.com"
        for i in range(60_000)
    ]
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = OFFICIAL, COLLEAGUE, "Danh sach dang ky"
    msg.set_content("Gửi chị danh sách đăng ký.")
    msg.add_attachment("\n".join(rows).encode(), maintype="text", subtype="plain", filename="danh-sach.txt")
    head, body = msg.as_bytes().split(b"\n\n", 1)
    headers = [(k, str(v)) for k, v in msg.items()]
    assert head and len(body) > 4_000_000
    return headers, body.replace(b"\n", b"\r\n")


def _pool(seconds: float) -> AnalysisPool:
    return AnalysisPool(None, 1, Limits.from_config(load_config()), seconds)


def _workers() -> set[int]:
    """This process's children (the pool's workers), from /proc.

    Not multiprocessing's resource tracker: a test that started a spawn-context process earlier in
    the same session (the recording process of `test_policy_origin.py`) leaves it running to the
    end of the session, and it is nobody's worker.
    """
    tasks = Path(f"/proc/{os.getpid()}/task")
    pids = {int(pid) for t in tasks.iterdir() for pid in (t / "children").read_text().split()}
    return {pid for pid in pids if b"resource_tracker" not in _cmdline(pid)}


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_a_slow_message_costs_one_message_and_its_worker_is_stopped() -> None:
    async def main() -> None:
        pool = _pool(1.0)
        milter = Milter(
            policy(), index(), "reject", analyser=pool.analyse, limits=MilterLimits(judge_seconds=1.0)
        )
        _, port = await milter.start("127.0.0.1", 0)
        try:
            warm = await converse(port, CITIZEN, OFFICIAL, [("From", CITIZEN)], BODY)
            assert warm == [p.CONTINUE]
            before = _workers()
            t = time.monotonic()
            slow = await converse(port, OFFICIAL, COLLEAGUE, *_slow_message())
            assert slow == [p.CONTINUE]  # fail-open
            assert time.monotonic() - t < 6
            assert milter.stats["analysis_failed"] == 1
            # The next message with a public From header is judged, promptly, by a new worker.
            t = time.monotonic()
            forged = await converse(
                port, OFFICIAL, COLLEAGUE, [("From", f"Võ Thành Trung <{STAFF_GMAIL}>")], BODY
            )
            assert forged[0].startswith(b"y550 5.7.1 MAIL-002")
            assert time.monotonic() - t < 5
            assert not (before & _workers()), "the worker that ran out of time was not stopped"
        finally:
            await milter.close()
            pool.close()

    asyncio.run(main())


def test_a_killed_worker_is_replaced_and_judging_goes_on() -> None:
    async def main() -> None:
        pool = _pool(20.0)
        milter = Milter(policy(), index(), "reject", analyser=pool.analyse)
        _, port = await milter.start("127.0.0.1", 0)
        try:
            assert await converse(port, CITIZEN, OFFICIAL, [("From", CITIZEN)], BODY) == [p.CONTINUE]
            for pid in _workers():
                os.kill(pid, signal.SIGKILL)
            await asyncio.sleep(0.3)
            for _ in range(3):  # the old executor answered BrokenProcessPool to every later message
                forged = await converse(port, OFFICIAL, COLLEAGUE, [("From", STAFF_GMAIL)], BODY)
                assert forged[0].startswith(b"y550 5.7.1 MAIL-002")
            assert milter.stats["analysis_failed"] == 0
        finally:
            await milter.close()
            pool.close()

    asyncio.run(main())


def _nested(depth: int) -> bytes:
    head = b""
    for i in range(depth):
        head += f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode()
    return head + b"Content-Type: text/plain\r\n\r\nXin chao\r\n"


def test_a_message_nested_past_any_depth_is_still_judged_on_its_envelope() -> None:
    analysis = analyse(_nested(3000))
    assert analysis.warnings and "nested" in " ".join(analysis.warnings)

    async def main() -> None:
        async def broken(_raw: bytes) -> object:
            raise RecursionError("maximum recursion depth exceeded")

        milter = Milter(policy(), index(), "reject", analyser=broken)  # type: ignore[arg-type]
        _, port = await milter.start("127.0.0.1", 0)
        try:
            # The content could not be analysed, but the From header from the envelope session
            # (a staff member's known Gmail) is still decided: the rule does not need the body.
            answer = await converse(port, STAFF_GMAIL, COLLEAGUE, [("From", STAFF_GMAIL)], _nested(50))
            assert answer[0].startswith(b"y550 5.7.1 MAIL-002")
            assert milter.stats["analysis_failed"] == 1 and milter.stats["errors"] == 0
        finally:
            await milter.close()

    asyncio.run(main())


def test_workers_run_under_scans_memory_limit() -> None:
    """Issue 16 point 5: the limit was never applied in the workers' initializer. Each worker's
    address space is capped at `limits.max_memory_mb` on top of what it was forked with, as
    `congvu scan`'s are (read from /proc)."""
    limits = Limits.from_config(load_config(environ={"CONGVU_LIMITS_MAX_MEMORY_MB": "1536"}))
    assert limits.max_memory_bytes == 1536 * 1024 * 1024

    async def main() -> set[int]:
        others = _workers()  # children left by earlier tests in this session are not this pool's
        pool = AnalysisPool(None, 1, limits, 20.0)
        try:
            await pool.analyse(b"From: " + CITIZEN.encode() + b"\r\n\r\n" + BODY)  # the worker ran it
            workers = _workers() - others
            for pid in workers:
                line = next(
                    x for x in Path(f"/proc/{pid}/limits").read_text().splitlines() if "address space" in x
                )
                soft = int(line.split()[3])  # the soft limit, in bytes
                size = next(
                    int(x.split()[1]) * 1024
                    for x in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if x.startswith("VmSize:")
                )
                # what the worker was forked with, then the limit on top: its size has moved
                # since (a heap trimmed, a thread's stack gone), never by much
                inherited = soft - limits.max_memory_bytes
                assert inherited > 0 and abs(size - inherited) < 256 * 1024 * 1024, (line, size)
            return workers
        finally:
            pool.close()

    assert asyncio.run(main())


def test_a_killed_milter_leaves_no_worker_running(tmp_path: Path) -> None:
    """Workers die with the milter (`PR_SET_PDEATHSIG`): a milter killed with SIGKILL while its worker
    reads a long attachment leaves no worker reading on, with no limit and no one to answer."""
    pids = tmp_path / "workers.txt"
    headers, body = _slow_message()
    raw = tmp_path / "message.eml"
    raw.write_bytes("".join(f"{k}: {v}\r\n" for k, v in headers).encode() + b"\r\n" + body)
    script = textwrap.dedent(
        f"""
        import asyncio, os
        from pathlib import Path
        from congvu.mailflow.milter.pool import AnalysisPool
        from congvu.settings import Limits, load_config

        async def main():
            pool = AnalysisPool(None, 1, Limits.from_config(load_config(environ={{}})), 600.0)
            job = asyncio.ensure_future(pool.analyse(Path({str(raw)!r}).read_bytes()))
            await asyncio.sleep(1.0)
            kids = [t / "children" for t in Path(f"/proc/{{os.getpid()}}/task").iterdir()]
            Path({str(pids)!r}).write_text(" ".join(" ".join(k.read_text().split()) for k in kids))
            await job
        asyncio.run(main())
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not (pids.exists() and pids.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(pid) for pid in pids.read_text().split()]
        assert workers and all(_alive(pid) for pid in workers)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
