"""AddressPolicy end to end: the bundled list, settings, precedence and look-alikes."""

from __future__ import annotations

import time

import pytest

from congvu.classify import AddressPolicy
from congvu.model import Classification
from congvu.settings import Config, ConfigError


@pytest.fixture(scope="module")
def policy() -> AddressPolicy:
    return AddressPolicy.default()


@pytest.mark.parametrize(
    "address",
    [
        "vanthu@danang.gov.vn",
        "ubnd.lienchieu@lienchieu.danang.gov.vn",
        "phongtuphap.hoakhanhbac@hoakhanhbac.lienchieu.danang.gov.vn",
        "VanThu@DaNang.Gov.VN",
        "vanthu@danang.gov.vn.",
        "  <vanthu@danang.gov.vn>  ",
    ],
)
def test_official_domain_and_subdomains(policy: AddressPolicy, address: str) -> None:
    assert policy.classify(address) == Classification("official", rule="danang.gov.vn")


@pytest.mark.parametrize(
    ("address", "provider", "rule"),
    [
        ("nguyenvanan.lienchieu@gmail.com", "Gmail", "gmail.com"),
        ("Tran.Thi.Bich@GMAIL.COM.", "Gmail", "gmail.com"),
        ("hoangminh@googlemail.com", "Gmail", "googlemail.com"),
        ("lethuhuong@yahoo.com.vn", "Yahoo", "yahoo.com.vn"),
        ("phamquoc@yahoo.com", "Yahoo", "yahoo.com"),
        ("vothanh@dng.vnn.vn", "VNPT (vnn.vn)", "*.vnn.vn"),
        ("buiduc@hn.vnn.vn", "VNPT (vnn.vn)", "*.vnn.vn"),
        ("doanhuy@vnn.vn", "VNPT (vnn.vn)", "vnn.vn"),
        ("ngothao@saigonnet.vn", "SaigonNet", "saigonnet.vn"),
        ("dangkhoa@outlook.com.vn", "Microsoft (Outlook/Hotmail/Live/MSN)", "outlook.com.vn"),
        ("marie@hotmail.fr", "Microsoft (Outlook/Hotmail/Live/MSN)", "hotmail.fr"),
        ("hans@hotmail.de", "Microsoft (Outlook/Hotmail/Live/MSN)", None),
        ("jan@hotmail.com.pl", "Microsoft (Outlook/Hotmail/Live/MSN)", None),
        ("wang@163.com", "NetEase (163/126/yeah.net)", "163.com"),
        ("li@qq.com", "QQ", "qq.com"),
        ("kim@naver.com", "Naver", "naver.com"),
        ("ivan@mail.ru", "Mail.ru", "mail.ru"),
        ("fritz@web.de", "web.de", "web.de"),
        ("lan@icloud.com", "iCloud", "icloud.com"),
        ("minh@proton.me", "Proton", "proton.me"),
        ("test@mailinator.com", "Disposable mailbox", "mailinator.com"),
    ],
)
def test_public_providers(policy: AddressPolicy, address: str, provider: str, rule: str | None) -> None:
    got = policy.classify(address)
    assert (got.cls, got.provider) == ("public", provider)
    if rule is not None:
        assert got.rule == rule
    assert got.rule  # evidence is always given


def test_idn_unicode_and_punycode_match_the_same_entry(policy: AddressPolicy) -> None:
    puny = policy.classify("a@xn--d-bga.net")
    assert puny.cls == "public"
    assert policy.classify("a@dé.net") == puny
    assert policy.classify("a@DÉ.NET.") == puny
    extra = AddressPolicy(lists=[], extra_public=["thư.vn"])
    assert extra.classify("an@xn--th-e0a.vn").cls == "public"
    assert extra.classify("an@THƯ.VN").cls == "public"


@pytest.mark.parametrize(
    "address",
    [
        "vanphong@quangnam.gov.vn",  # another province: not official, never public
        "sotttt@hanoi.gov.vn",
        "phongdaotao@hcmus.edu.vn",  # universities
        "tuyensinh@dut.udn.vn",
        "lienhe@nus.edu.sg",
        "press@facebook.com",  # companies the lists carry by mistake
        "support@alibaba.com",
        "hotro@fpt.com.vn",
        "cskh@viettel.com.vn",
        "tenant@contoso.onmicrosoft.com",
        "info@vodafone.com",
    ],
)
def test_other_and_traps_are_not_public(policy: AddressPolicy, address: str) -> None:
    got = policy.classify(address)
    assert got.cls == "other"
    assert got.provider is None


@pytest.mark.parametrize("address", ["cepece.hn@fpt.vn", "cattuonghcm@hcm.fpt.vn"])
def test_fpt_subscribers_mailboxes_are_public(policy: AddressPolicy, address: str) -> None:
    """FPT Telecom's subscriber mailboxes, as state bodies gave them in 2004-2006 news (real corpus
    g66-0004, g37-0011); the company's own fpt.com.vn stays other (above)."""
    got = policy.classify(address)
    assert got.cls == "public"
    assert got.provider == "FPT Telecom (fpt.vn)"


def test_trap_exceptions_name_their_rule(policy: AddressPolicy) -> None:
    assert policy.classify("x@facebook.com").rule == "!facebook.com"
    assert policy.classify("x@gddp2018.edu.vn").rule == "!*.edu.vn"


@pytest.mark.parametrize(
    ("domain", "reason"),
    [
        ("dannang.gov.vn", "edit-distance"),  # insertion
        ("danag.gov.vn", "edit-distance"),  # deletion
        ("danamg.gov.vn", "edit-distance"),  # substitution
        ("dnaang.gov.vn", "edit-distance"),  # transposition
        ("mail.danang.gv.vn", "edit-distance"),
        ("danang.gov.com", "suffix"),
        ("danang-gov.vn", "suffix"),
        ("danang.gov.vn.com", "suffix"),
        ("danang.govvn.com", "suffix"),
        ("congthongtin.danang-gov.vn.net", "suffix"),
        ("d\u0430nang.gov.vn", "homograph"),  # Cyrillic а
        ("đanang.gov.vn", "homograph"),
    ],
)
def test_lookalikes(policy: AddressPolicy, domain: str, reason: str) -> None:
    got = policy.classify_domain(domain)
    assert got == Classification("other", lookalike_of="danang.gov.vn", rule=f"lookalike:{reason}")


@pytest.mark.parametrize("domain", ["quangnam.gov.vn", "danang.vn", "dalat.gov.vn", "daknong.gov.vn"])
def test_real_neighbours_are_not_lookalikes(policy: AddressPolicy, domain: str) -> None:
    assert policy.classify_domain(domain).lookalike_of is None


def test_short_official_domain_needs_a_name_boundary() -> None:
    policy = AddressPolicy(official=["lienchieu.vn"], lists=[])
    assert policy.classify_domain("lienchieu.vn.com").lookalike_of == "lienchieu.vn"
    assert policy.classify_domain("lienchieu-vn.net").lookalike_of == "lienchieu.vn"
    assert policy.classify_domain("lienchieu.vnexpress.net").lookalike_of is None
    assert policy.classify_domain("lienchieuvnn.com").lookalike_of is None


def test_lookalike_distance_setting() -> None:
    two = AddressPolicy(lookalike_distance=2)
    assert two.classify_domain("dannangg.gov.vn").lookalike_of == "danang.gov.vn"  # 2 insertions
    assert AddressPolicy().classify_domain("dannangg.gov.vn").lookalike_of is None
    off = AddressPolicy(lookalike_distance=0)
    assert off.classify_domain("dannang.gov.vn") == Classification("other")


def test_from_config_settings_and_precedence() -> None:
    config = Config(
        {
            "policy.official_domains": ["danang.gov.vn", "quangnam.gov.vn"],
            "policy.extra_public_domains": ["*.thudientu.vn", ".hopthu.vn", "mailcongdong.vn"],
            "policy.not_public": ["gmx.de", "*.vnn.vn", "danang.gov.vn"],
            "policy.lookalike_distance": 1,
        }
    )
    p = AddressPolicy.from_config(config)
    assert p.classify("vanphong@quangnam.gov.vn").cls == "official"
    assert p.classify("a@danang.gov.vn").cls == "official"  # official beats not_public
    assert p.classify("a@hoian.thudientu.vn") == Classification(
        "public", "thudientu.vn", None, "*.thudientu.vn"
    )
    assert p.classify("a@thudientu.vn").cls == "other"  # the subdomain pattern excludes the parent
    assert p.classify("a@x.hopthu.vn").rule == "*.hopthu.vn"
    assert p.classify("a@mailcongdong.vn").provider == "mailcongdong.vn"
    assert p.classify("a@gmx.de") == Classification("other", rule="not_public:gmx.de")
    assert p.classify("a@dng.vnn.vn").rule == "not_public:*.vnn.vn"
    assert p.classify("a@gmx.net").cls == "public"  # only the excepted domain is affected


def test_extra_public_beats_bundled_exception() -> None:
    p = AddressPolicy(extra_public=["facebook.com"])
    assert p.classify("a@facebook.com").cls == "public"


def test_bad_setting_raises_config_error() -> None:
    with pytest.raises(ConfigError, match=r"policy\.extra_public_domains"):
        AddressPolicy.from_config(Config({"policy.extra_public_domains": ["*.*"]}))
    with pytest.raises(ConfigError, match=r"không-có\.cf"):
        AddressPolicy.from_config(Config({"policy.import_files": ["/nonexistent/không-có.cf"]}))


def test_classification_is_fast_and_cached(policy: AddressPolicy) -> None:
    domains = [f"phong{i}.congty{i % 97}.com.vn" for i in range(5000)]
    start = time.perf_counter()
    for d in domains:
        policy.classify_domain(d)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for d in domains:
        policy.classify_domain(d)
    again = time.perf_counter() - start
    assert first < 2.0  # ~30 µs per new domain on a laptop
    assert again < first
