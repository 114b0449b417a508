"""What vouches for a public sender: Authentication-Results, confirmed client names, the provider list."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvu.classify.providers import FAMILIES
from congvu.mailflow.origin import (
    ProviderHosts,
    bundled_hosts,
    confirmed_host,
    parse_authentication_results,
    trusted_passes,
    vouched,
)

# Real header values (mailgun/flanker tests/fixtures/messages, Apache-2.0; SpamScope/mail-parser
# tests/mails, Apache-2.0), unfolded as a header parser gives them.
GOOGLE_ON_YAHOO = (
    "mx.google.com; spf=pass (google.com: best guess record for domain of mailboxaddr1234567@yahoo.com "
    "designates 98.139.91.73 as permitted sender) smtp.mail=mailboxaddr1234567@yahoo.com; dkim=pass "
    "(test mode) header.i=@yahoo.com"
)
TEST_IT = (
    "mxs.test.it;\n spf=pass (mx34.test.it: domain of ggg.com designates 66.202.209.213\n as permitted "
    "sender) smtp.mailfrom=noreply@ggg.com\n smtp.helo=smtp11.ggg.com;"
)
MICROSOFT_NO_ID = (
    "spf=softfail (sender IP is 52.58.62.203)\n smtp.mailfrom=ninomail.com; example.com; dkim=pass "
    "(signature was\n verified) header.d=ninomail.com;example.com; dmarc=none action=none\n "
    "header.from=mailgunhq.com;"
)


def test_real_headers_parse() -> None:
    authserv, results = parse_authentication_results(GOOGLE_ON_YAHOO)
    assert authserv == "mx.google.com"
    assert [(r.method, r.result) for r in results] == [("spf", "pass"), ("dkim", "pass")]
    assert results[0].props["smtp.mail"] == "mailboxaddr1234567@yahoo.com"
    authserv, results = parse_authentication_results(TEST_IT)
    assert authserv == "mxs.test.it" and results[0].props["smtp.mailfrom"] == "noreply@ggg.com"
    assert parse_authentication_results(MICROSOFT_NO_ID)[0] is None  # names no server: trusts none


def test_only_trusted_authserv_ids_vouch() -> None:
    assert trusted_passes([GOOGLE_ON_YAHOO], ["mx.google.com"]) == (
        ("spf", "yahoo.com"),
        ("dkim", "yahoo.com"),
    )
    assert trusted_passes([GOOGLE_ON_YAHOO], ["mail.danang.gov.vn"]) == ()
    assert trusted_passes([GOOGLE_ON_YAHOO], []) == ()  # nothing configured: nothing trusted
    assert trusted_passes([MICROSOFT_NO_ID], ["example.com", "ninomail.com"]) == ()
    forged = "mail.danang.gov.vn (forged comment; dmarc=pass header.from=gmail.com); none"
    assert trusted_passes([forged], ["mail.danang.gov.vn"]) == ()  # a comment is not a result
    ours = (
        "mail.danang.gov.vn 1; dkim=pass header.d=gmail.com header.s=20230601; "
        'dmarc=pass (p=NONE) header.from="gmail.com"'
    )
    assert trusted_passes([ours], ["MAIL.danang.gov.vn"]) == (("dkim", "gmail.com"), ("dmarc", "gmail.com"))
    assert (
        trusted_passes(["mail.danang.gov.vn; spf=fail smtp.mailfrom=a@gmail.com"], ["mail.danang.gov.vn"])
        == ()
    )


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("mail-sor-f41.google.com", "mail-sor-f41.google.com"),
        ("mail-pa0-f41.google.com[209.85.220.41]", "mail-pa0-f41.google.com"),
        (
            "mail-he1eur01hn0223.outbound.protection.outlook.com[104.47.0.223]:25",
            "mail-he1eur01hn0223.outbound.protection.outlook.com",
        ),
        ("unknown[185.234.219.12]", None),  # Postfix: reverse DNS missing or not forward-confirmed
        ("unknown", None),
        ("[209.85.220.41]", None),  # the milter's connect host when no name was confirmed
        ("localhost[127.0.0.1]", None),
        ("", None),
        (None, None),
    ],
)
def test_confirmed_host(value: str | None, name: str | None) -> None:
    assert confirmed_host(value) == name


def test_provider_zones_match_whole_labels() -> None:
    hosts = bundled_hosts()
    assert hosts.zone_for("mail-sor-f41.google.com", "Gmail") == "google.com"
    assert hosts.zone_for("nm3.bullet.mail.sp2.yahoo.com", "Yahoo") == "yahoo.com"
    assert hosts.zone_for("mta7.am0.yahoodns.net", "Yahoo") == "yahoodns.net"
    outlook = "mail-he1eur01hn0223.outbound.protection.outlook.com"
    assert hosts.zone_for(outlook, "Microsoft (Outlook/Hotmail/Live/MSN)") is not None
    assert hosts.zone_for("evilgoogle.com", "Gmail") is None
    assert hosts.zone_for("google.com.attacker.example", "Gmail") is None
    assert hosts.zone_for("mail-sor-f41.google.com", "Yahoo") is None  # Google does not send Yahoo's mail
    assert hosts.zone_for("unknown[209.85.220.41]", "Gmail") is None


def test_bundled_list_names_known_providers_and_cites_sources() -> None:
    hosts = bundled_hosts()
    assert {"Gmail", "Yahoo", "Microsoft (Outlook/Hotmail/Live/MSN)"} <= set(hosts.zones)
    for provider, zones in hosts.zones.items():
        assert provider in FAMILIES, provider  # the name AddressPolicy gives, or it would never match
        assert zones and all("." in z for z in zones)
        assert hosts.sources[provider], f"{provider}: every mapping cites its sources"


def test_site_file_replaces_the_bundled_one(tmp_path: Path) -> None:
    site = tmp_path / "hosts.toml"
    site.write_text(
        '["VNPT (vnn.vn)"]\nzones = ["vnn.vn"]\nsources = ["thư của Sở TT&TT"]\n', encoding="utf-8"
    )
    hosts = ProviderHosts.load(site)
    assert hosts.zone_for("smtp.dng.vnn.vn", "VNPT (vnn.vn)") == "vnn.vn"
    assert hosts.zone_for("mail-sor-f41.google.com", "Gmail") is None
    assert ProviderHosts.load(None) is bundled_hosts()


def _vouched(identity: str, **kw: object) -> str | None:
    args: dict[str, object] = {
        "envelope_sender": "",
        "from_header": (),
        "client_name": None,
        "passes": (),
        "hosts": bundled_hosts(),
    }
    args.update(kw)
    return vouched(identity, "Gmail", **args)  # type: ignore[arg-type]


def test_each_check_vouches_only_for_the_identity_it_covers() -> None:
    me = "vothanhtrung71@gmail.com"
    assert _vouched(me, envelope_sender=me, passes=[("spf", "gmail.com")]) == "SPF pass for gmail.com"
    assert _vouched(me, from_header=[me], passes=[("spf", "gmail.com")]) is None  # SPF is the envelope's
    assert _vouched(me, from_header=[me], passes=[("dkim", "gmail.com")]) == "DKIM pass for gmail.com"
    assert _vouched(me, envelope_sender=me, passes=[("dmarc", "gmail.com")]) is None
    assert _vouched(me, from_header=[me], passes=[("dmarc", "yahoo.com")]) is None
    assert _vouched(me, envelope_sender=me, client_name="mail-sor-f41.google.com") is not None
    # a Reply-To or Sender: typed by whoever sent it, however well the message is authenticated
    assert _vouched(me, envelope_sender="attacker@gmail.com", client_name="mail-sor-f41.google.com") is None
