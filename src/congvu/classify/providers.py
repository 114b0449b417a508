"""Known public mailbox providers: a display name and the domains (or patterns) each one serves.

This table does two jobs.  The build script (`tools/build_public_domains.py`) keeps every listed
domain that matches a family even when only one source list has it, and emits the family patterns
themselves (`*.vnn.vn`, `hotmail.*`).  At run time it names the provider of domains that come from
imported files or settings.  A domain outside every family is named after itself.
"""

from __future__ import annotations

from functools import cache

from congvu.classify.domains import DomainIndex, normalize_domain, parse_pattern

DISPOSABLE = "Disposable mailbox"

FAMILIES: dict[str, tuple[str, ...]] = {
    "Gmail": ("gmail.com", "googlemail.com"),
    "Yahoo": (
        "yahoo.*",
        "yahoo.co*.*",
        "ymail.com",
        "rocketmail.com",
        "yahoo.com.vn",
        "yahoo.vn",
        "yahoomail.com",
    ),
    "Microsoft (Outlook/Hotmail/Live/MSN)": (
        "hotmail.*",
        "hotmail.co*.*",
        "outlook.*",
        "outlook.co*.*",
        "live.*",
        "live.co*.*",
        "msn.com",
        "msn.cn",
        "msn.nl",
        "passport.com",
        "windowslive.com",
        "outlook.com.vn",
    ),
    "iCloud": ("icloud.com", "me.com", "mac.com"),
    "AOL": ("aol.*", "aol.co*.*", "aim.com", "ygm.com"),
    "Zoho": ("zoho.com", "zohomail.com", "zoho.eu", "zohomail.eu", "zoho.in", "zohomail.in"),
    "Proton": ("protonmail.com", "protonmail.ch", "proton.me", "pm.me"),
    "Tuta": ("tutanota.com", "tutanota.de", "tutamail.com", "tuta.io", "tuta.com", "keemail.me"),
    "GMX": ("gmx.*", "gmx.co*.*", "caramail.com"),
    "web.de": ("web.de",),
    "Mail.com": (
        "mail.com",
        "mail2*.com",
        "email.com",
        "usa.com",
        "post.com",
        "consultant.com",
        "myself.com",
    ),
    "Yandex": ("yandex.*", "yandex.co*.*", "ya.ru", "narod.ru"),
    "Mail.ru": ("mail.ru", "inbox.ru", "list.ru", "bk.ru", "internet.ru"),
    "Rambler": ("rambler.ru", "lenta.ru", "ro.ru", "autorambler.ru", "myrambler.ru"),
    "QQ": ("qq.com", "vip.qq.com", "foxmail.com"),
    "NetEase (163/126/yeah.net)": ("163.com", "126.com", "yeah.net", "188.com", "vip.163.com", "vip.126.com"),
    "Sina": ("sina.com", "sina.cn", "sina.com.cn", "vip.sina.com"),
    "Sohu": ("sohu.com", "vip.sohu.com"),
    "Aliyun": ("aliyun.com",),
    "Tom.com": ("tom.com",),
    "21cn": ("21cn.com",),
    "Naver": ("naver.com",),
    "Daum (Kakao)": ("daum.net", "hanmail.net"),
    "Nate": ("nate.com",),
    "Libero": ("libero.it", "inwind.it", "iol.it", "blu.it"),
    "Fastmail": ("fastmail.*", "fastmail.co*.*", "fastmail.fm", "fastmail.com"),
    "Rediffmail": ("rediffmail.com",),
    "Seznam": ("seznam.cz", "email.cz", "post.cz", "spoluzaci.cz"),
    "Onet": ("onet.pl", "onet.eu", "op.pl", "poczta.onet.pl", "vp.pl", "spoko.pl", "buziaczek.pl"),
    "WP": ("wp.pl",),
    "Interia": ("interia.pl", "interia.eu", "poczta.fm"),
    "Orange": ("orange.fr", "wanadoo.fr", "voila.fr"),
    "Free (ISP)": ("free.fr",),
    "SFR": ("sfr.fr", "neuf.fr", "9online.fr", "club-internet.fr"),
    "La Poste": ("laposte.net",),
    "T-Online": ("t-online.de",),
    "Freenet": ("freenet.de",),
    "Arcor": ("arcor.de",),
    "Comcast": ("comcast.net",),
    "AT&T": ("att.net", "sbcglobal.net", "bellsouth.net", "pacbell.net", "swbell.net", "prodigy.net"),
    "Verizon": ("verizon.net",),
    "Charter (Road Runner)": ("*.rr.com", "rr.com", "charter.net"),
    "Cox": ("cox.net",),
    "BT": ("btinternet.com", "btopenworld.com"),
    "Sky": ("sky.com",),
    "Virgin Media": ("virginmedia.com", "virgin.net", "ntlworld.com", "blueyonder.co.uk"),
    "Telstra BigPond": ("bigpond.com", "bigpond.net.au", "bigpond.com.au"),
    "Shaw / Rogers / Bell": ("shaw.ca", "rogers.com", "sympatico.ca", "bell.net"),
    "Vodafone": ("vodafone.*",),
    "Lycos": ("lycos.*", "lycos.co*.*"),
    "Excite": ("excite.*", "excite.co*.*"),
    "Tiscali": ("tiscali.*", "tiscali.co*.*"),
    "Runbox": ("runbox.*",),
    "HiNet": ("ms*.hinet.net", "hinet.net"),
    "Yahoo Japan / Nifty / So-net": ("yahoo.co.jp", "nifty.com", "so-net.ne.jp", "*.att.ne.jp"),
    "Hushmail": ("hushmail.com", "hush.com", "hush.ai", "mac.hush.com"),
    "Mailfence": ("mailfence.com",),
    "Posteo": ("posteo.de", "posteo.net"),
    "Mailbox.org": ("mailbox.org",),
    "Disroot": ("disroot.org",),
    "Ukr.net": ("ukr.net",),
    "Abv.bg": ("abv.bg",),
    "Sapo": ("sapo.pt",),
    "Terra": ("terra.com", "terra.com.br", "terra.es", "terra.cl"),
    "UOL / BOL": ("uol.com.br", "bol.com.br"),
    "VNPT (vnn.vn)": ("vnn.vn", "*.vnn.vn"),
    # FPT Telecom's mailboxes for its internet subscribers ("@fpt.vn", "@hcm.fpt.vn"); the
    # company's own staff write from fpt.com.vn, which stays a company's domain
    "FPT Telecom (fpt.vn)": ("fpt.vn", "*.fpt.vn"),
    "SaigonNet": ("saigonnet.vn",),
}


@cache
def family_index() -> DomainIndex[str]:
    """Patterns of all families, built once."""
    index: DomainIndex[str] = DomainIndex()
    for provider, patterns in FAMILIES.items():
        for text in patterns:
            index.add(parse_pattern(text), provider)
    return index


def family_of(domain: str) -> str | None:
    """The family a domain (or a pattern's literal form) belongs to, if any."""
    hit = family_index().match(normalize_domain(domain))
    return hit[1] if hit else None


def provider_name(pattern_text: str) -> str:
    """Display name for a list entry: its family, else the domain itself (without wildcards)."""
    family = family_of(pattern_text.removeprefix("*."))
    if family is not None:
        return family
    family = family_of(pattern_text)
    return family or pattern_text.removeprefix("*.").removeprefix(".")
