"""Mail test fixtures.

The recording process runs at SCHED_IDLE and pauses while the cores are contended (by design:
answers to Postfix come first). In a test run that keeps both cores busy (pytest -n 2, and the
recording test itself), it can get no CPU for seconds, and a close that waits only its default
10 s would spool what it was about to write and the test would see an empty register. Tests wait
up to 60 s instead: a close still returns as soon as the recording process has finished, so this
costs time only on a machine that is really busy.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from congvu.mailflow.recorder import Recorder

PATIENT_CLOSE_SECONDS = 60.0


@pytest.fixture(autouse=True)
def patient_recorder_close(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = Recorder.close

    async def close(self: Recorder, timeout: float = PATIENT_CLOSE_SECONDS) -> None:
        await real(self, max(timeout, PATIENT_CLOSE_SECONDS))

    monkeypatch.setattr(Recorder, "close", close)
    yield
