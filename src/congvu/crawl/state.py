"""The crawl's memory on disk: one small SQLite file, so a big site can be read in several sittings.

`runs` says which crawl is in progress; `frontier` holds the URLs still to read; `visits` what this
run did with each URL (its result, or why it was skipped); `resources` the last result of every URL
with the server's validators (ETag, Last-Modified), which the next run sends back so an unchanged
page costs a 304 and is not judged again.  Each visit and the links it adds are one transaction:
a crawl killed at any moment resumes exactly where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from congvu.crawl.fetcher import Validators

STATE_FILE = "crawl-state.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, start_urls TEXT NOT NULL, started REAL NOT NULL, finished REAL);
CREATE TABLE IF NOT EXISTS frontier (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, run INTEGER NOT NULL, url TEXT NOT NULL,
    depth INTEGER NOT NULL, UNIQUE (run, url));
CREATE TABLE IF NOT EXISTS visits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, run INTEGER NOT NULL, url TEXT NOT NULL,
    final_url TEXT NOT NULL, kind TEXT NOT NULL, entry TEXT NOT NULL, UNIQUE (run, url));
CREATE INDEX IF NOT EXISTS visits_final ON visits (run, final_url);
CREATE TABLE IF NOT EXISTS resources (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, entry TEXT NOT NULL, links TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Pending:
    url: str
    depth: int


@dataclass(frozen=True, slots=True)
class Stored:
    """A resource's previous result, reused when the server answers 304 Not Modified."""

    validators: Validators
    entry: dict[str, Any]
    links: list[dict[str, Any]]


class CrawlState:
    """Frontier, seen set and validators of one crawl; `path=None` keeps them in memory only."""

    def __init__(self, directory: Path | None) -> None:
        if directory is None:
            target = ":memory:"
        else:
            directory.mkdir(parents=True, exist_ok=True)
            target = str(directory / STATE_FILE)
        self.db = sqlite3.connect(target, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(_SCHEMA)
        self.run = 0
        self.resumed = False

    def close(self) -> None:
        self.db.close()

    def begin_run(self, start_urls: list[str]) -> int:
        """Resume the unfinished run with the same start URLs, else start a new one from them."""
        key = json.dumps(sorted(start_urls))
        row = self.db.execute(
            "SELECT id, start_urls FROM runs WHERE finished IS NULL ORDER BY id DESC"
        ).fetchone()
        if row is not None and row[1] == key:
            self.run, self.resumed = int(row[0]), True
            return self.run
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("UPDATE runs SET finished = ? WHERE finished IS NULL", (time.time(),))
            cur = self.db.execute("INSERT INTO runs (start_urls, started) VALUES (?, ?)", (key, time.time()))
            self.run = int(cur.lastrowid or 0)
            self.db.executemany(
                "INSERT OR IGNORE INTO frontier (run, url, depth) VALUES (?, ?, 0)",
                [(self.run, u) for u in start_urls],
            )
        return self.run

    def finish_run(self) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (time.time(), self.run))
            self.db.execute("DELETE FROM frontier WHERE run = ?", (self.run,))

    def next_pending(self) -> Pending | None:
        row = self.db.execute(
            "SELECT url, depth FROM frontier WHERE run = ? ORDER BY seq LIMIT 1", (self.run,)
        ).fetchone()
        return Pending(row[0], int(row[1])) if row else None

    def frontier_size(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM frontier WHERE run = ?", (self.run,)).fetchone()[0])

    def fetched_count(self) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM visits WHERE run = ? AND kind = 'page'", (self.run,)
            ).fetchone()[0]
        )

    def seen(self, url: str) -> bool:
        """Visited in this run (as requested or as a redirect's destination), or already queued."""
        q = (
            "SELECT 1 FROM visits WHERE run = ?1 AND (url = ?2 OR final_url = ?2) "
            "UNION ALL SELECT 1 FROM frontier WHERE run = ?1 AND url = ?2 LIMIT 1"
        )
        return self.db.execute(q, (self.run, url)).fetchone() is not None

    def stored(self, url: str) -> Stored | None:
        row = self.db.execute(
            "SELECT etag, last_modified, entry, links FROM resources WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return Stored(Validators(row[0], row[1]), json.loads(row[2]), json.loads(row[3]))

    def record_visit(
        self,
        pending: Pending,
        final_url: str,
        kind: str,
        entry: dict[str, Any],
        *,
        new_links: Iterable[Pending] = (),
        resource: tuple[Validators, list[dict[str, Any]]] | None = None,
    ) -> None:
        """One visit, its outgoing links and its validators: all of it, or (killed) none of it."""
        text = json.dumps(entry, ensure_ascii=False)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute(
                "INSERT OR REPLACE INTO visits (run, url, final_url, kind, entry) VALUES (?, ?, ?, ?, ?)",
                (self.run, pending.url, final_url, kind, text),
            )
            self.db.execute("DELETE FROM frontier WHERE run = ? AND url = ?", (self.run, pending.url))
            self.db.executemany(
                "INSERT OR IGNORE INTO frontier (run, url, depth) VALUES (?, ?, ?)",
                [(self.run, p.url, p.depth) for p in new_links],
            )
            if resource is not None:
                validators, links = resource
                self.db.execute(
                    "INSERT OR REPLACE INTO resources (url, etag, last_modified, entry, links) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (pending.url, validators.etag, validators.last_modified, text, json.dumps(links)),
                )

    def visits(self, kind: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT entry FROM visits WHERE run = ? AND kind = ? ORDER BY seq", (self.run, kind)
        ).fetchall()
        return [json.loads(r[0]) for r in rows]
