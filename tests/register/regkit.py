"""Shared pieces of the register tests: the frozen clock, the backend handle, the personas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from congvu.register.store import Store, open_store


class FrozenClock:
    """The clock every test controls; month logic must not depend on when the suite runs."""

    def __init__(self, iso: str = "2014-06-15T03:00:00+00:00") -> None:
        self.now = datetime.fromisoformat(iso)

    def set(self, iso: str) -> None:
        moment = datetime.fromisoformat(iso)
        self.now = moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Backend:
    name: str
    url: str  # what a CLI user passes as --db to reach the same store
    store: Store
    clock: FrozenClock
    search_path: str | None = None

    def reopen(self) -> Store:
        """A second, independent connection pool to the same store (another process's view)."""
        return open_store(self.url, clock=self.clock, search_path=self.search_path)


# Personas (fictional, from the bundled example organisation).
INSPECTOR = "Lê Quốc Khánh"  # Phòng Văn hóa và Thông tin: inspects (clause 3)
HEAD_HOA_MINH = "Lê Văn Hùng"  # Chủ tịch UBND phường Hòa Minh (HM-01)
HEAD_HOA_KHANH_BAC = "Phạm Minh Tuấn"  # Chủ tịch UBND phường Hòa Khánh Bắc (HKB-01)
STAFF = "Nguyễn Văn An"  # công chức, phường Hòa Minh (HM-03), known gmail nguyenvanan85@gmail.com
STAFF_ID = "HM-03"
