"""Rating scales: ordered levels (the default, from the glossary) or points with a maximum.

Both answer the same two questions — is this a valid rating, and what is it after the cap — so the
sheet never needs to know which kind it has.  Ratings are stored as the scale's canonical text
(a persisted identifier: migrate, never rename).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from congvu.register.names import fold
from congvu.settings import EvaluationSettings

DEFAULT_LEVELS = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành khá nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)
DEFAULT_CAP = "Hoàn thành khá nhiệm vụ"


class Scale(Protocol):
    @property
    def kind(self) -> str: ...

    def parse(self, raw: str) -> str: ...  # canonical rating, or ValueError

    def apply_cap(self, rating: str) -> tuple[str, bool]: ...  # (final, lowered?)

    def describe_cap(self) -> str: ...


@dataclass(frozen=True, slots=True)
class LevelScale:
    levels: tuple[str, ...]  # best first
    cap: str
    kind: str = "levels"

    def __post_init__(self) -> None:
        if self.cap not in self.levels:
            raise ValueError(f"cap {self.cap!r} is not one of the levels {list(self.levels)}")

    def parse(self, raw: str) -> str:
        key = fold(raw)
        for level in self.levels:
            if fold(level) == key:
                return level
        raise ValueError(f"{raw!r} is not a level of the scale ({'; '.join(self.levels)})")

    def apply_cap(self, rating: str) -> tuple[str, bool]:
        if self.levels.index(rating) < self.levels.index(self.cap):
            return self.cap, True
        return rating, False

    def describe_cap(self) -> str:
        return self.cap


@dataclass(frozen=True, slots=True)
class PointsScale:
    maximum: float
    cap: float
    kind: str = "points"

    def __post_init__(self) -> None:
        if not 0 <= self.cap <= self.maximum:
            raise ValueError(f"cap {self.cap} must be between 0 and {self.maximum}")

    def parse(self, raw: str) -> str:
        try:
            value = float(str(raw).replace(",", "."))
        except ValueError:
            raise ValueError(f"{raw!r} is not a number of points") from None
        if not 0 <= value <= self.maximum:
            raise ValueError(f"{raw!r} is outside 0–{_fmt(self.maximum)} points")
        return _fmt(value)

    def apply_cap(self, rating: str) -> tuple[str, bool]:
        if float(rating) > self.cap:
            return _fmt(self.cap), True
        return rating, False

    def describe_cap(self) -> str:
        return f"{_fmt(self.cap)} điểm"


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def scale_from_settings(evaluation: EvaluationSettings) -> Scale:
    """`evaluation.points_max` > 0 selects a points scale whose cap is a number."""
    levels, cap, points_max = evaluation.scale, evaluation.cap, evaluation.points_max
    if points_max > 0:
        try:
            return PointsScale(float(points_max), float(cap))
        except ValueError:
            raise ValueError(
                f"evaluation.cap must be a number of points for a points scale, not {cap!r}"
            ) from None
    return LevelScale(tuple(levels), cap)
