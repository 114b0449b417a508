"""What a failed `whatif` test shows besides its assertion: the state of the process it ran in.

The whatif scans fork workers that must inherit the test's policies and patches; a test run by an
xdist worker after hundreds of others (fleet, milter, web) inherits whatever those left behind
too. When one fails, the report says what that was: the start method, the address-space limit,
the contexts installed in this process, whether the scan modules are the ones the test imported,
and one small scan's statuses and errors."""

from __future__ import annotations

import gc
import multiprocessing
import resource
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


def _state() -> str:
    lines = [
        f"start method: {multiprocessing.get_start_method(allow_none=True)}",
        f"RLIMIT_AS: {resource.getrlimit(resource.RLIMIT_AS)}",
        f"gc freeze count: {gc.get_freeze_count()}",
        f"threads: {[t.name for t in threading.enumerate()]}",
    ]
    try:
        import congvu.extract
        import congvu.scan.document
        import congvu.scan.runner
        import congvu.whatif.scan
        import congvu.workers

        lines += [
            f"installed contexts: {[k.__module__ + '.' + k.__qualname__ for k in congvu.workers._contexts]}",
            "document's extract is sys.modules': "
            f"{congvu.scan.document.extract is sys.modules['congvu.extract']}",
            "whatif's scan_paths is the runner's: "
            f"{congvu.whatif.scan.scan_paths is sys.modules['congvu.scan.runner'].scan_paths}",
            f"extract.extract: {congvu.extract.extract!r}",
        ]
    except Exception as exc:  # the diagnosis must never hide the failure itself
        lines.append(f"(could not inspect the modules: {exc!r})")
    return "\n".join(lines)


def _probe(tmp: Path) -> str:
    from congvu.settings import Config
    from congvu.whatif.scan import whatif_scan

    doc = tmp / "probe.txt"
    doc.write_text("UBND PHƯỜNG HÒA MINH\nMọi chi tiết xin liên hệ: vanphong@gmail.com\n", encoding="utf-8")
    try:
        out = whatif_scan(
            [doc], Config({}), Config({"policy.not_public": ["gmail.com"]}), workers=1, show_all=True
        )
    except Exception as exc:
        return f"probe scan raised {exc!r}"
    docs = [
        {k: d.get(k) for k in ("status", "error", "verdict_now", "verdict_after")} for d in out["documents"]
    ]
    return f"probe scan (gmail.com made not public): {out['summary']} {docs}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        tmp = Path(item.config._tmp_path_factory.mktemp("whatif-probe"))  # type: ignore[attr-defined]
        report.sections.append(("process state", _state() + "\n" + _probe(tmp)))
