"""A fake format for runner tests: `.slow` files sleep, `.crash` files kill their worker.

`SLEEP` sleeps where the per-file alarm can interrupt it; `DEAF` first blocks the alarm, as a
reader stuck in C code would be deaf to it, so only the parent's watch can stop it.
"""

from __future__ import annotations

import os
import signal
import time

from congvu.model import Extraction, Segment
from congvu.settings import Limits


def extract(data: bytes, limits: Limits) -> Extraction:
    if data.startswith(b"CRASH"):
        os._exit(70)
    if data.startswith(b"SLEEP"):
        time.sleep(30)
    if data.startswith(b"DEAF"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(30)
    return Extraction([Segment(data.decode("utf-8"))])
