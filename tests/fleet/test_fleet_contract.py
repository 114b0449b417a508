"""The fleet carries results as the scan JSON contract; `from_contract` must give them back whole
(no broker needed here)."""

from __future__ import annotations

from pathlib import Path

from congvu.fleet.client import from_contract
from congvu.fleet.tasks import policy_version
from congvu.scan.runner import FileScanner, scan_paths
from congvu.settings import load_config

EXAMPLES = Path(__file__).parents[2] / "examples" / "documents"


def test_every_example_survives_the_trip_through_the_contract() -> None:
    files = [p for p in sorted(EXAMPLES.iterdir()) if p.suffix != ".png"]
    results = list(scan_paths(files, load_config(environ={}), workers=1))
    assert any(r.findings for r in results) and any(r.metadata.number for r in results)
    for result in results:
        assert from_contract(result.as_contract()).as_contract() == result.as_contract()


def test_the_policy_version_changes_with_a_judging_setting_only() -> None:
    base = policy_version(load_config(environ={}))
    assert base == policy_version(load_config(environ={"CONGVU_SMTP_HOST": "mail.danang.gov.vn"}))
    assert base != policy_version(load_config(environ={"CONGVU_POLICY_NOT_PUBLIC": "gmail.com"}))
    assert base != policy_version(load_config(environ={"CONGVU_LIMITS_MAX_SECONDS": "30"}))
    assert base != policy_version(load_config(environ={"CONGVU_OCR_ENABLED": "false"}))


def test_the_policy_version_changes_with_a_list_file_s_content(tmp_path: Path) -> None:
    extra = tmp_path / "freemail.cf"
    extra.write_text("freemail_domains mail-xa.vn\n", encoding="utf-8")
    config = load_config(environ={"CONGVU_POLICY_IMPORT_FILES": str(extra)})
    before = policy_version(config)
    extra.write_text("freemail_domains mail-xa.vn thu-phuong.vn\n", encoding="utf-8")
    assert policy_version(config) != before


def test_the_file_scanner_gives_scan_paths_results_and_keeps_its_reader_process() -> None:
    config = load_config(environ={})
    files = [p for p in sorted(EXAMPLES.iterdir()) if p.suffix != ".png"]
    expected = [r.as_contract() for r in scan_paths(files, config, workers=1)]
    scanner = FileScanner(config)
    try:
        got = [scanner.scan(p).as_contract() for p in files]
        assert got == expected
        assert scanner.pool.restarts == 0  # one reader process for every file
    finally:
        scanner.close()


def test_retries_back_off_doubling_up_to_the_cap() -> None:
    from congvu.settings import BrokerSettings

    env = {"CONGVU_BROKER_RETRY_BACKOFF": "1.5", "CONGVU_BROKER_RETRY_BACKOFF_MAX": "10"}
    settings = BrokerSettings.of(load_config(environ=env))
    assert [settings.backoff(n) for n in range(5)] == [1.5, 3.0, 6.0, 10.0, 10.0]
    assert BrokerSettings.defaults().record_retries == 5


def test_a_retry_is_counted_under_its_queue_not_under_the_delayed_routing_key() -> None:
    from congvu.fleet.app import create_app
    from congvu.fleet.tasks import queue_of

    app = create_app(load_config(environ={}), ("scan", "crawl"))
    delayed = "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.1.scan"
    assert queue_of(app, {"routing_key": delayed}) == "scan"
    assert queue_of(app, {"routing_key": "crawl"}) == "crawl"
    assert queue_of(app, {"routing_key": "khac"}) == "khac"
    assert queue_of(app, None) == "?"


def test_a_worker_records_with_the_policy_version_it_judged_under(tmp_path: Path) -> None:
    """`scan_file_task`'s recording (no broker needed: the task object is stood in for)."""
    from types import SimpleNamespace

    import sqlalchemy as sa

    from congvu.fleet.tasks import _record
    from congvu.policyversion import policy_version as version_of
    from congvu.register.directory import example_files, import_files
    from congvu.register.schema import findings
    from congvu.register.store import open_store

    config = load_config(environ={})
    store = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    import_files(store, example_files(), "test")
    (result,) = scan_paths([EXAMPLES / "01-thong-bao-hoa-minh.txt"], config, workers=1)
    task = SimpleNamespace(request=SimpleNamespace(retries=0))
    recorded = _record(task, store, "01.txt", result.as_contract(), {"by": "fleet"}, config)  # type: ignore[arg-type]
    with store.engine.connect() as conn:
        stamps = set(conn.execute(sa.select(findings.c.policy)).scalars())
    store.dispose()
    assert recorded["findings_new"] and stamps == {version_of(config).hash}
