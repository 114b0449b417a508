"""A fake format for runner tests: `.slow` files sleep, `.crash` files kill their worker."""

from __future__ import annotations

import os
import time

from congvu.model import Extraction, Segment
from congvu.settings import Limits


def extract(data: bytes, limits: Limits) -> Extraction:
    if data.startswith(b"CRASH"):
        os._exit(70)
    if data.startswith(b"SLEEP"):
        time.sleep(30)
    return Extraction([Segment(data.decode("utf-8"))])
