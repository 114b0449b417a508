"""PP-OCR (PaddleOCR's models run by RapidOCR on ONNX Runtime): a second, independent reader.

Tesseract reads handwriting as stray marks: the number and day an office fills in by hand on a
scanned letter ("Số: ÊŒ /QĐ-UBND", "ngày AZ tháng 02") are what it loses most. PP-OCR's recogniser
is a neural network trained on far more handwriting-like text and reads those digits right much
more often (on the real corpus' dev scans whose date Tesseract lost, its day and month were right
in 34 of the 35 it read as digits). It reads Vietnamese letters poorly (it drops most marks), so it
is never the page's reader: only the judge's second opinion on a header's digits
(`congvu.judge.reread`). The models ship inside the `rapidocr` wheel: nothing is downloaded.

The engine loads once per process (about a second) and only when a header asks for it.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from typing import Any

from PIL import Image

from congvu.model import ExtractError

# One thread: the scan's worker processes are the parallelism; ONNX Runtime's own pool would
# fight them for the cores.
_PARAMS = {
    "Global.log_level": "critical",
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
}


@lru_cache(maxsize=1)
def available() -> bool:
    """RapidOCR and ONNX Runtime are installed (both are dependencies; a trimmed install may lack them)."""
    return all(importlib.util.find_spec(name) is not None for name in ("rapidocr", "onnxruntime"))


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr import RapidOCR  # imported late: a process that never asks pays nothing

    engine = RapidOCR(params=_PARAMS)
    logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    return engine


def read_lines(img: Image.Image) -> str:
    """The text lines PP-OCR finds in `img`, top to bottom, one per line."""
    import numpy as np

    try:
        out = _engine()(np.asarray(img.convert("RGB")))
    except Exception as exc:  # the runtime's own errors have no common base class
        raise ExtractError(f"PP-OCR failed: {exc}") from exc
    # RapidOCR gives the lines in reading order already (top to bottom, then left to right)
    return "\n".join(str(t) for t in (getattr(out, "txts", None) or ()))
