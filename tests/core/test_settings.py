import dataclasses
from pathlib import Path
from typing import ClassVar

import pytest

from congvu.settings import (
    SECTIONS,
    SETTINGS,
    Config,
    ConfigError,
    CrawlSettings,
    EvaluationSettings,
    Limits,
    MailflowSettings,
    ScanSettings,
    Section,
    WebSettings,
    from_environment,
    load_config,
    settings_table_markdown,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    # docs/settings.md must carry the generated table verbatim: a new setting cannot go undocumented.
    assert settings_table_markdown() in DOCS.read_text(encoding="utf-8")


def test_toml_then_environment(tmp_path: Path) -> None:
    cfg_file = tmp_path / "congvu.toml"
    cfg_file.write_text(
        '[policy]\nofficial_domains = ["danang.gov.vn", "lienchieu.danang.gov.vn"]\n'
        "[limits]\nmax_pages = 10\n",
        encoding="utf-8",
    )
    cfg = load_config(cfg_file, environ={"CONGVU_LIMITS_MAX_PAGES": "7"})
    assert cfg.get("policy.official_domains") == ["danang.gov.vn", "lienchieu.danang.gov.vn"]
    assert Limits.from_config(cfg).max_pages == 7
    assert cfg.get("ocr.languages") == "vie+eng"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[policy]\nofficial_domain = ['x']\n", "unknown setting 'policy.official_domain'"),
        ("[limits]\nmax_pages = 'many'\n", "must be int"),
        ("[limits\n", "not valid TOML"),
    ],
)
def test_bad_config_names_file_and_setting(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(f, environ={})
    assert str(f) in str(err.value) and message in str(err.value)


def test_setting_names_unique() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))


# Typed sections ---------------------------------------------------------------------------------

SRC = Path(__file__).resolve().parents[2] / "src" / "congvu"


def _toml(folder: Path, text: str) -> Path:
    path = folder / "congvu.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_setting_has_one_typed_home() -> None:
    # Each dotted setting is a field of exactly one section; the three top-level ones are read
    # through from_environment / the store (database_url, user, clock).
    homes = [f"{cls.PREFIX}.{f.name}" for cls in SECTIONS for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    assert len(homes) == len(set(homes))
    assert sorted(homes) == sorted(s.name for s in SETTINGS if "." in s.name)
    for cls in SECTIONS:  # builds, so every annotation agrees with its setting's default
        assert cls.defaults() == cls.of(Config())


def test_sections_are_typed_from_file_and_environment(tmp_path: Path) -> None:
    text = '[crawl]\ncontact = "mailto:kiemtra@lienchieu.danang.gov.vn"\nmax_pages = 80\n'
    text += '[mailflow]\ntrusted_authserv_ids = ["mx1.danang.gov.vn"]\n'
    env = {"CONGVU_CRAWL_DELAY_MS": "2500", "CONGVU_MAILFLOW_MILTER_JUDGE_SECONDS": "12.5"}
    cfg = load_config(_toml(tmp_path, text), environ=env)
    crawl = CrawlSettings.of(cfg)
    assert (crawl.delay_ms, crawl.max_pages, crawl.max_depth) == (2500, 80, 5)
    assert crawl.contact == "mailto:kiemtra@lienchieu.danang.gov.vn"
    mail = MailflowSettings.of(cfg)
    assert mail.milter_judge_seconds == 12.5 and isinstance(mail.milter_judge_seconds, float)
    assert mail.trusted_authserv_ids == ("mx1.danang.gov.vn",)
    assert mail.listen("milter") == "127.0.0.1:10041"
    with pytest.raises(dataclasses.FrozenInstanceError):
        crawl.max_pages = 1  # type: ignore[misc]


def test_a_bad_value_names_the_setting_its_variable_and_the_value() -> None:
    with pytest.raises(ConfigError) as err:
        CrawlSettings.of(Config({"crawl.max_pages": "nhiều trang"}))
    assert "'crawl.max_pages'" in str(err.value) and "CONGVU_CRAWL_MAX_PAGES" in str(err.value)
    assert "'nhiều trang'" in str(err.value)
    with pytest.raises(ConfigError, match=r"evaluation\.scale.*must be list"):
        EvaluationSettings.of(Config({"evaluation.scale": "Hoàn thành tốt nhiệm vụ"}))
    with pytest.raises(ConfigError, match="CONGVU_MAILFLOW_MILTER_JUDGE_SECONDS"):
        load_config(None, environ={"CONGVU_CONFIG": "", "CONGVU_MAILFLOW_MILTER_JUDGE_SECONDS": "sáu mươi"})


def test_a_section_annotated_unlike_its_setting_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Wrong(Section):
        PREFIX: ClassVar[str] = "web"
        token_days: str

    with pytest.raises(TypeError, match="token_days must be annotated int"):
        Wrong.defaults()


def test_environment_only_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="only by the variable CONGVU_CLOCK"):
        load_config(_toml(tmp_path, 'clock = "2014-06-30T17:30:00+00:00"\n'), environ={})
    env = {"CONGVU_USER": "Trần Thị Hoa", "CONGVU_WEB_THREADS": "3", "CONGVU_DATABASE_URL": "sqlite:///lc.db"}
    assert from_environment("user", env) == "Trần Thị Hoa"
    assert from_environment("web.threads", env) == 3
    assert from_environment("database_url", env) == "sqlite:///lc.db"
    assert from_environment("clock", env) is None
    assert WebSettings.of(load_config(None, environ={**env, "CONGVU_CONFIG": ""})).threads == 3
    with pytest.raises(KeyError):
        from_environment("web.thread", env)


def test_defaults_live_only_in_the_table() -> None:
    # The typed values the code used to repeat by hand are the table's.
    from congvu.crawl.audit import fetch_policy
    from congvu.crawl.fetcher import FetchPolicy
    from congvu.mailflow.milter.server import MilterLimits
    from congvu.mailflow.policy_server import ServiceLimits
    from congvu.reports.info import ReportInfo

    assert Limits() == Limits.from_config(Config())
    assert Limits().max_file_bytes == 200 * 1024 * 1024
    crawl = fetch_policy(CrawlSettings.defaults())
    assert FetchPolicy(crawl.user_agent) == crawl
    mail = MailflowSettings.defaults()
    assert ServiceLimits().max_request_bytes == mail.max_request_kb * 1024 and ServiceLimits().deadline == 0.1
    assert MilterLimits().judge_seconds == mail.milter_judge_seconds
    assert ReportInfo() == ReportInfo.from_config(Config())


def test_only_the_settings_layer_reads_congvu_variables() -> None:
    # Child-process plumbing may touch os.environ (OCR threads, LibreOffice's PATH, the web
    # server's hand-over to its workers, prometheus-client's PROMETHEUS_MULTIPROC_DIR, which the
    # library itself reads); every CONGVU_* setting is read in settings.py.
    plumbing = {
        "settings.py",
        "workers.py",
        "extract/ocr.py",
        "extract/doc.py",
        "web/serve.py",
        "web/metrics.py",
    }
    touching = {
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "os.environ" in (text := p.read_text(encoding="utf-8")) or "getenv" in text
    }
    assert touching <= plumbing


def test_the_file_may_still_give_an_int_for_a_bool(tmp_path: Path) -> None:
    # load_config has always let an int stand for a bool (and the reverse); the sections keep that.
    cfg = load_config(_toml(tmp_path, "[ocr]\nenabled = 0\n[scan]\nfollow_symlinks = 1\n"), environ={})
    assert Limits.from_config(cfg).ocr_enabled is False
    assert ScanSettings.of(cfg).follow_symlinks is True
