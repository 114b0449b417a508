from pathlib import Path

import pytest

from congvu.settings import SETTINGS, ConfigError, Limits, load_config, settings_table_markdown

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
