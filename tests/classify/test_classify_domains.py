"""Domain normalisation, pattern parsing, the index and the edit-distance bound."""

from __future__ import annotations

import pytest

from congvu.classify.domains import DomainIndex, PatternError, domain_of, normalize_domain, parse_pattern
from congvu.classify.lookalike import skeleton, within_distance


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("DaNang.Gov.VN.", "danang.gov.vn"),
        (" [mail.lienchieu.vn] ", "mail.lienchieu.vn"),
        ("đà-nẵng.vn", "xn---nng-zna70au54p.vn"),
        ("XN--TH-E0A.VN", "xn--th-e0a.vn"),
        ("hopthu。vn", "hopthu.vn"),  # ideographic full stop from OCR / CJK input
    ],
)
def test_normalize_domain(raw: str, key: str) -> None:
    assert normalize_domain(raw) == key


def test_domain_of_takes_the_last_at() -> None:
    assert domain_of('"nguyen@van"@Gmail.com') == "gmail.com"


@pytest.mark.parametrize(
    ("raw", "kind", "text"),
    [
        ("Gmail.com", "exact", "gmail.com"),
        ("*.vnn.vn", "subdomains", "*.vnn.vn"),
        (".vnn.vn", "subdomains", "*.vnn.vn"),
        ("hotmail.co*.*", "glob", "hotmail.co*.*"),
        ("*.free*.hr", "glob", "*.free*.hr"),
    ],
)
def test_parse_pattern(raw: str, kind: str, text: str) -> None:
    pattern = parse_pattern(raw)
    assert (pattern.kind, pattern.text) == (kind, text)


@pytest.mark.parametrize("raw", ["*.*", "*", "", "a..vn", "hộp thư.vn", "[ab].com"])
def test_parse_pattern_rejects(raw: str) -> None:
    with pytest.raises(PatternError):
        parse_pattern(raw)


def test_index_precedence_and_globs() -> None:
    index: DomainIndex[str] = DomainIndex()
    for text, name in [
        ("hotmail.*", "glob"),
        ("hotmail.co*.*", "glob3"),
        ("hotmail.fr", "exact"),
        ("*.vnn.vn", "sub"),
        ("ms*.hinet.net", "hinet"),
    ]:
        index.add(parse_pattern(text), name)

    def value(domain: str) -> str | None:
        hit = index.match(domain)
        return hit[1] if hit else None

    assert value("hotmail.fr") == "exact"
    assert [value(d) for d in ("hotmail.de", "hotmail.com.vn", "a.b.vnn.vn", "ms12.hinet.net")] == [
        "glob",
        "glob3",
        "sub",
        "hinet",
    ]
    for miss in ("vnn.vn", "hotmail.co.uk.evil.com", "xhotmail.de", "hinet.net", "mail.hotmail.de"):
        assert value(miss) is None


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("danang.gov.vn", "dannang.gov.vn", 1, True),
        ("danang.gov.vn", "dnaang.gov.vn", 1, True),
        ("danang.gov.vn", "dnaang.gov.vn.x", 1, False),
        ("danang.gov.vn", "quangnam.gov.vn", 3, False),
        ("danang.gov.vn", "danang.gov.vn", 0, True),
    ],
)
def test_within_distance(a: str, b: str, limit: int, expected: bool) -> None:
    assert within_distance(a, b, limit) is expected


def test_skeleton_folds_marks_and_confusables() -> None:
    assert skeleton(normalize_domain("Đà-Nẵng.gov.vn")) == "da-nang.gov.vn"
    assert skeleton(normalize_domain("dа\u0578ang.gov.vn")) == "danang.gov.vn"
