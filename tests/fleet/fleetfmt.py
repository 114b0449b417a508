"""A fake reader for the fleet tests: `.slow` files are plain text that takes
$CONGVU_TEST_SLOW_SECONDS to read (0 when unset), so a test can kill a worker mid-file.

`worker_main` starts `congvu worker` with this reader registered (the worker is a separate
process: a monkeypatch in the test process would not reach it)."""

from __future__ import annotations

import os
import sys
import time

from congvu.model import Extraction, Segment
from congvu.settings import Limits


def extract(data: bytes, limits: Limits) -> Extraction:
    time.sleep(float(os.environ.get("CONGVU_TEST_SLOW_SECONDS", "0")))
    return Extraction([Segment(data.decode("utf-8"))])


def worker_main() -> None:
    from congvu import extract as readers

    readers._BY_EXT[".slow"] = readers.Format("slow", (".slow",), "slow")
    sys.modules["congvu.extract.slow"] = sys.modules[__name__]
    from congvu.cli import main

    sys.argv = ["congvu", *sys.argv[1:]]
    main()


if __name__ == "__main__":
    worker_main()
