"""The crawl's policy comes from the crawl.* settings, and --max-pages / --max-depth win over them."""

from __future__ import annotations

from pathlib import Path

from congvu.crawl.audit import allowed_domains, crawl_options, fetch_policy, lacks_contact
from congvu.settings import CrawlSettings, load_config

START = "https://lienchieu.danang.gov.vn/"


def _settings(tmp_path: Path, environ: dict[str, str]) -> CrawlSettings:
    f = tmp_path / "congvu.toml"
    f.write_text("[crawl]\nmax_pages = 40\nmax_depth = 3\ndelay_ms = 500\n", encoding="utf-8")
    return CrawlSettings.of(load_config(f, environ=environ))


def test_fetch_policy_in_seconds_and_bytes_with_the_contact(tmp_path: Path) -> None:
    settings = _settings(tmp_path, {"CONGVU_CRAWL_CONTACT": "mailto:vhtt.lienchieu@danang.gov.vn"})
    policy = fetch_policy(settings)
    assert policy.delay_seconds == 0.5 and policy.timeout_seconds == 20.0
    assert policy.max_page_bytes == 5 * 1024 * 1024 and policy.max_document_bytes == 50 * 1024 * 1024
    assert policy.user_agent.endswith("+mailto:vhtt.lienchieu@danang.gov.vn)")
    assert not lacks_contact(settings)
    whole = _settings(tmp_path, {"CONGVU_CRAWL_USER_AGENT": "KiemTraLienChieu/1.0"})
    assert fetch_policy(whole).user_agent == "KiemTraLienChieu/1.0" and not lacks_contact(whole)
    assert lacks_contact(_settings(tmp_path, {}))


def test_flags_win_over_environment_over_file(tmp_path: Path) -> None:
    settings = _settings(tmp_path, {"CONGVU_CRAWL_MAX_PAGES": "25"})
    allowed = allowed_domains([], [START])
    assert allowed == frozenset({"lienchieu.danang.gov.vn"})
    from_settings = crawl_options(settings, [START], allowed)
    assert (from_settings.max_pages, from_settings.max_depth) == (25, 3)  # environment, then file
    flagged = crawl_options(settings, [START], allowed, max_pages=7, max_depth=0, conditional=False)
    assert (flagged.max_pages, flagged.max_depth, flagged.conditional) == (7, 0, False)
    assert allowed_domains([" .DaNang.gov.vn ", ""], [START]) == frozenset({"danang.gov.vn"})
