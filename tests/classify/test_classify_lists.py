"""Domain lists: the bundled TSV and imported SpamAssassin / rspamd files."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from congvu.classify import AddressPolicy
from congvu.classify.lists import import_file, load_bundled
from congvu.settings import Config, ConfigError

SA_CF = """\
# Danh sách hộp thư công cộng bổ sung — Phòng Văn hóa và Thông tin quận Liên Chiểu
ifplugin Mail::SpamAssassin::Plugin::FreeMail
freemail_domains thudientu.vn hopthuviet.com
freemail_domains *.mienphi.vn   # theo công văn số 152/VHTT
freemail_whitelist hotro.hopthuviet.com lienhe@thudientu.vn
endif
"""

RSPAMD_MAP = """\
# rspamd map: hộp thư miễn phí
hopthu24h.vn
.hopthu.net
/^mail[0-9]+\\.example$/
thuphuong.vn  some-value
"""


def _policy(*files: Path) -> AddressPolicy:
    return AddressPolicy.from_config(Config({"policy.import_files": [str(f) for f in files]}))


def test_import_spamassassin_cf(tmp_path: Path) -> None:
    cf = tmp_path / "local_freemail.cf"
    cf.write_text(SA_CF, encoding="utf-8")
    imported = import_file(cf)
    assert sorted(e.pattern.text for e in imported.public) == [
        "*.mienphi.vn",
        "hopthuviet.com",
        "thudientu.vn",
    ]
    assert [e.pattern.text for e in imported.exceptions] == ["hotro.hopthuviet.com"]
    policy = _policy(cf)
    assert policy.classify("an@thudientu.vn").rule == "thudientu.vn"
    assert policy.classify("an@danang.mienphi.vn").provider == "mienphi.vn"
    assert policy.classify("an@hotro.hopthuviet.com").cls == "other"


def test_import_rspamd_map_skips_regex_with_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "free.map"
    path.write_text(RSPAMD_MAP, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        imported = import_file(path)
    assert [e.pattern.text for e in imported.entries] == ["hopthu24h.vn", "*.hopthu.net", "thuphuong.vn"]
    assert any("free.map:4" in r.getMessage() for r in caplog.records)
    assert _policy(path).classify("b@x.hopthu.net").cls == "public"


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.cf", "freemail_domains ok.vn\nfreemail_domains bad/domain.vn\n", 2),
        ("bad.map", "ok.vn\n\n*.*\n", 3),
    ],
)
def test_unparseable_file_names_file_and_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{name}:{line}:"):
        _policy(path)


def test_unreadable_files(tmp_path: Path) -> None:
    binary = tmp_path / "latin1.map"
    binary.write_bytes("hộp.vn\n".encode("utf-16"))
    with pytest.raises(ConfigError, match=r"latin1\.map"):
        import_file(binary)
    with pytest.raises(ConfigError, match=r"missing\.cf"):
        import_file(tmp_path / "missing.cf")


def test_bundled_list_is_large_and_named() -> None:
    bundled = load_bundled()
    public = bundled.public
    assert len(public) >= 3000
    assert all(e.provider and e.provider != "-" for e in public)
    texts = {e.pattern.text for e in public}
    assert {"gmail.com", "*.vnn.vn", "hotmail.*", "yahoo.com.vn", "saigonnet.vn"} <= texts


def test_bundled_list_has_no_traps() -> None:
    texts = [e.pattern.text for e in load_bundled().public]
    labels = [t.split(".") for t in texts]
    assert not [ls for ls in labels if {"edu", "gov", "mil"} & set(ls[1:]) or "ac" in ls[1:-1]]
    assert not [t for t in texts if t.endswith("gov.vn")]
    assert not {"facebook.com", "google.com", "microsoft.com", "apple.com", "amazon.com"} & set(texts)


@pytest.mark.external
def test_real_spamassassin_file_parses(external_data: Path) -> None:
    imported = import_file(external_data / "spamassassin" / "rules" / "20_freemail_domains.cf")
    patterns = {e.pattern.text for e in imported.public}
    assert 2300 <= len(patterns) <= 2450
    assert {"vnn.vn", "hotmail.*", "*.rr.com", "gmail.com"} <= patterns


@pytest.mark.external
def test_real_rspamd_map_parses(external_data: Path) -> None:
    imported = import_file(external_data / "rspamd-maps" / "freemail" / "free.txt")
    assert len(imported.public) > 3900
    # Importing the raw list must not resurrect the traps the curation removed.
    policy = _policy(external_data / "rspamd-maps" / "freemail" / "free.txt")
    assert policy.classify("x@facebook.com").cls == "other"
    assert policy.classify("x@nus.edu.sg").cls == "other"
