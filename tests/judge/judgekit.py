"""Helpers for judge tests: build Extractions directly so no extractor is involved."""

from __future__ import annotations

from congvu.classify import AddressPolicy
from congvu.judge.document import Judged, judge
from congvu.model import Extraction, Segment


def make_policy() -> AddressPolicy:
    default = getattr(AddressPolicy, "default", None)
    return default() if callable(default) else AddressPolicy()


def judge_text(text: str, policy: AddressPolicy, kind: str = "body", page: int | None = None) -> Judged:
    return judge(Extraction([Segment(text, page=page, kind=kind)]), policy)
