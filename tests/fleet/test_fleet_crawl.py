"""`congvu crawl --submit`: one task per site on the crawl queue, judged by a fleet worker, with the
same pages and verdicts as `congvu crawl` run here. Sites served on loopback by the test itself."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_fleet import Fleet, broker, fleet, wait_for

pytestmark = pytest.mark.timeout(240)  # generous: 2 shared cores, load often 10
__all__ = ["broker", "fleet"]  # fixtures: the RabbitMQ check (skips, or fails in CI) and the workers

PAGES = {
    "hoa-minh": {
        "/": '<html><body><h1>UBND phường Hòa Minh</h1><a href="/lien-he.html">Liên hệ</a></body></html>',
        "/lien-he.html": "<html><body><h1>Liên hệ</h1><p>Bộ phận một cửa phường Hòa Minh, "
        "email: motcua.hoaminh@gmail.com, điện thoại 0236 3730 123.</p></body></html>",
    },
    "hoa-khanh-bac": {
        "/": "<html><body><h1>UBND phường Hòa Khánh Bắc</h1><p>Địa chỉ thư điện tử công vụ: "
        "hoakhanhbac@danang.gov.vn</p></body></html>",
    },
}


def serve(pages: dict[str, str], hits: list[str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits.append(self.path)
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            data = (body or "<html><body>Không tìm thấy trang</body></html>").encode()
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def sites() -> Iterator[dict[str, tuple[str, list[str]]]]:
    servers, out = [], {}
    for name, pages in PAGES.items():
        hits: list[str] = []
        server = serve(pages, hits)
        servers.append(server)
        out[name] = (f"http://127.0.0.1:{server.server_address[1]}/", hits)
    try:
        yield out
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def crawl(*args: str) -> tuple[int, dict[str, object], str]:
    argv = [sys.executable, "-m", "congvu", "crawl", *args, "--format", "json"]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=90)
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}, done.stderr


def test_crawl_submit_puts_one_task_per_site_and_reports_as_congvu_crawl(
    fleet: Fleet, sites: dict[str, tuple[str, list[str]]]
) -> None:
    urls = [url for url, _ in sites.values()]
    # without --wait: queued, one task per site, nothing fetched here
    code, _, err = crawl(*urls, "--submit", "--queue", fleet.queue)
    assert code == 0 and "Đã gửi 2 trang thông tin điện tử" in err
    assert not any(hits for _, hits in sites.values())
    (row,) = fleet.status()["queues"]
    assert row["queued"] == 2  # one task per site, waiting for a worker
    _worker, log = fleet.start("may-1")
    wait_for(log, "ready.")
    code, merged, err = crawl(*urls, "--submit", "--wait", "--queue", fleet.queue, "--timeout", "60")
    local_code, local, _ = crawl(*urls)
    assert code == local_code == 1  # a violation: the public mailbox on Hòa Minh's contact page
    pages = merged["pages"]
    assert isinstance(pages, list) and isinstance(local["pages"], list)
    key = ("url", "status", "verdict", "findings")
    # the same pages, verdicts and findings (here, site after site; there, breadth-first across sites)
    assert sorted(({k: p[k] for k in key} for p in pages), key=str) == sorted(
        ({k: p[k] for k in key} for p in local["pages"]), key=str
    )
    assert [p["url"] for p in pages][:2] == [urls[0], urls[0] + "lien-he.html"]  # sites in order given
    verdicts = {p["url"]: p["verdict"] for p in pages}
    hoa_minh, khanh_bac = (url for url, _ in sites.values())
    assert verdicts[hoa_minh + "lien-he.html"] == "violation"
    assert verdicts[khanh_bac] == "clean"
    text = Path(log).read_text(encoding="utf-8")
    assert text.count("succeeded") == 4  # 2 sites, submitted twice: 4 crawl tasks
    (row,) = fleet.status()["queues"]
    assert row["queued"] == 0 and row["done"] == 4


def test_crawl_submit_refuses_a_local_state_and_wait_without_submit(
    sites: dict[str, tuple[str, list[str]]], tmp_path: Path
) -> None:
    url = next(iter(sites.values()))[0]
    code, _, err = crawl(url, "--submit", "--state", str(tmp_path / "trang-thai"))
    assert code == 2 and "--state" in err
    code, _, err = crawl(url, "--wait")
    assert code == 2 and "--wait goes with --submit" in err
    assert not any(hits for _, hits in sites.values())


def test_crawl_submit_record_stamps_the_policy_version_the_workers_judged_under(
    fleet: Fleet, sites: dict[str, tuple[str, list[str]]], tmp_path: Path
) -> None:
    import sqlalchemy as sa

    from congvu.policyversion import policy_version
    from congvu.register.store import create_engine
    from congvu.settings import load_config

    db = f"sqlite:///{tmp_path / 'so-ghi.db'}"
    _worker, log = fleet.start("may-1")
    wait_for(log, "ready.")
    hoa_minh, _ = sites["hoa-minh"]
    argv = (hoa_minh, "--submit", "--wait", "--record", "--db", db, "--queue", fleet.queue)
    code, _, err = crawl(*argv, "--timeout", "60")
    assert code == 1, err  # the public mailbox on Hòa Minh's contact page
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            findings = conn.execute(sa.text("SELECT policy FROM findings")).scalars().all()
            cases = conn.execute(sa.text("SELECT policy FROM violations")).scalars().all()
    finally:
        engine.dispose()
    version = policy_version(load_config()).hash  # the worker's settings: this environment's
    assert findings and set(findings) == {version}
    assert cases and set(cases) == {version}
