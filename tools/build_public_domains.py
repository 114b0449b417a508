"""Build src/congvu/classify/data/public_domains.tsv from the freemail lists in ../shared.

Usage: ``uv run python tools/build_public_domains.py [--shared DIR] [--out FILE]``

The source lists disagree and carry traps (facebook.com, nus.edu.sg, *.edu.vn, test domains), so
this script curates instead of taking the union.  The rules, in order, are in `curate()` and
docs/address-policy.md.  The output is deterministic (sorted, no timestamps), so re-running it on
the same inputs gives the same file and a diff shows exactly what a list update changed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from congvu.classify.domains import PatternError, normalize_domain, parse_pattern  # noqa: E402
from congvu.classify.providers import DISPOSABLE, FAMILIES, family_of  # noqa: E402

FREEMAIL_SOURCES = {  # source id -> (path under data/external, reader, vote)
    "sa": ("spamassassin/rules/20_freemail_domains.cf", "cf", "sa"),
    "sa-mailcom": ("spamassassin/rules/20_freemail_mailcom_domains.cf", "cf", "sa"),
    # rspamd's free.txt shares most of its entries with willwhite/freemail: one vote for both.
    "rspamd": ("rspamd-maps/freemail/free.txt", "lines", "rspamd/freemail"),
    "freemail": ("freemail/data/free.txt", "lines", "rspamd/freemail"),
    "kikobeats": ("free-email-domains/domains.json", "json", "kikobeats"),
}
DISPOSABLE_SOURCES = {
    "rspamd-disp": "rspamd-maps/freemail/disposable.txt",
    "freemail-disp": "freemail/data/disposable.txt",
    "ded": "disposable-email-domains/disposable_email_blocklist.conf",
}
MIN_FREEMAIL_VOTES = 2
MIN_DISPOSABLE_LISTS = 2

# Academic, government and military registries, as a label: nus.edu.sg, ox.ac.uk, hanoi.gov.vn.
_INSTITUTIONAL = re.compile(
    r"(^|\.)(edu|gov|gouv|gob|govt|mil|nic)\.|\.(edu|gov|mil|int)$|\.(ac|go|sch|k12)\.[a-z]{2,3}$"
)
# Domains the lists carry that are companies, sites or services, not mailbox providers.
NOT_MAILBOX = {
    "facebook.com",
    "alibaba.com",
    "google.com",
    "microsoft.com",
    "apple.com",
    "amazon.com",
    "github.com",
    "twitter.com",
    "linkedin.com",
    "instagram.com",
    "youtube.com",
    "ibm.com",
    "oracle.com",
    "intel.com",
    "cisco.com",
    "paypal.com",
    "ebay.com",
    "netflix.com",
    "about.com",
    "oath.com",
    "yahoo-inc.com",
    "go.com",
    "detik.com",
    "sogou.com",
    "renren.com",
    "cntv.cn",
    "space.com",
    "law.com",
    "geek.com",
    "name.com",
    "berlin.de",
    "www.com",
    "test.com",
    "test.de",
    "example.com",
    "example.net",
    "example.org",
    "dyndns.org",
    "vodafone.com",
    "onmicrosoft.com",
    "wikipedia.org",
}
# SpamAssassin wildcards left out: Microsoft 365 tenants belong to organisations.
REJECTED_GLOBS = {"*.onmicrosoft.com": "organisation tenants (Microsoft 365), not a consumer mailbox"}
# Exceptions shipped with the list so that imported lists cannot re-add a known trap.
EXTRA_EXCEPTIONS = {
    "*.edu.vn": "Vietnamese schools and universities",
    "*.onmicrosoft.com": REJECTED_GLOBS["*.onmicrosoft.com"],
    "onmicrosoft.com": "Microsoft 365 tenants",
    "vodafone.com": "Vodafone corporate (vodafone.* is its consumer mail)",
}


def read_source(path: Path, kind: str) -> set[str]:
    text = path.read_text(encoding="utf-8")
    if kind == "json":
        return {str(d) for d in json.loads(text)}
    if kind == "cf":
        out: set[str] = set()
        for line in text.splitlines():
            words = line.split("#", 1)[0].split()
            if words and words[0] == "freemail_domains":
                out.update(words[1:])
        return out
    return {ln.split("#", 1)[0].strip() for ln in text.splitlines()} - {""}


def canonical(raw: str) -> str | None:
    try:
        return parse_pattern(raw).text
    except PatternError:
        return None


def trap_reason(pattern: str) -> str | None:
    """Why a pattern must not be public, or None when it may be."""
    domain = pattern.removeprefix("*.")
    if pattern in REJECTED_GLOBS:
        return REJECTED_GLOBS[pattern]
    if _INSTITUTIONAL.search(domain):
        return "academic/government/military registry"
    if domain in NOT_MAILBOX:
        return "company or site, not a mailbox provider"
    if domain == "gov.vn" or domain.endswith(".gov.vn"):
        return "Vietnamese government"
    if domain.endswith(".vn") and family_of(domain) is None:
        return "Vietnamese domain outside a known provider family (precision first)"
    return None


def curate(
    free: dict[str, set[str]], disposable: dict[str, set[str]]
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Public rows {pattern: (provider, sources)} and exception rows {pattern: reason}."""
    seen: dict[str, set[str]] = {}
    for source, items in [*free.items(), *disposable.items()]:
        for raw in items:
            if (pattern := canonical(raw)) is not None:
                seen.setdefault(pattern, set()).add(source)
    for patterns in FAMILIES.values():
        for raw in patterns:
            seen.setdefault(parse_pattern(raw).text, set()).add("family")
    rows: dict[str, tuple[str, str]] = {}
    exceptions: dict[str, str] = dict(EXTRA_EXCEPTIONS)
    for pattern, sources in sorted(seen.items()):
        votes = {FREEMAIL_SOURCES[s][2] for s in sources if s in FREEMAIL_SOURCES}
        n_disp = len(sources & DISPOSABLE_SOURCES.keys())
        family = family_of(pattern.removeprefix("*.")) or family_of(pattern)
        sa_glob = "sa" in sources and parse_pattern(pattern).kind != "exact"
        keep = family is not None or len(votes) >= MIN_FREEMAIL_VOTES or n_disp >= MIN_DISPOSABLE_LISTS
        keep = keep or sa_glob  # only SpamAssassin writes wildcards, so they cannot get a second vote
        if not keep:
            continue
        if (reason := trap_reason(pattern)) is not None:
            if sources - {"family"}:
                exceptions[pattern] = reason
            continue
        if family is not None:
            provider = family
        elif n_disp >= MIN_DISPOSABLE_LISTS:
            provider = DISPOSABLE
        else:
            provider = pattern.removeprefix("*.")
        rows[pattern] = (provider, ",".join(sorted(sources)))
    return rows, exceptions


HEADER = """\
# Public mailbox domains for congvu: pattern<TAB>provider<TAB>sources
# GENERATED by tools/build_public_domains.py from the lists named in NOTICE; do not edit by hand.
# Patterns: exact domain | *.parent (any subdomain) | SpamAssassin-style label glob (hotmail.co*.*).
# Rows starting with ! are exceptions: never public, even when an imported list names them.
# sources: sa, sa-mailcom (SpamAssassin), rspamd, freemail (willwhite/freemail), kikobeats
#   (Kikobeats/free-email-domains), rspamd-disp, freemail-disp, ded (disposable lists), family
#   (congvu's provider table).  Kept: >= {votes} independent freemail votes (rspamd+freemail count
#   once), or a known provider family, or a SpamAssassin wildcard, or >= {disp} disposable lists.
# public rows: {n_public}; exception rows: {n_exc}
"""


def write(out: Path, rows: dict[str, tuple[str, str]], exceptions: dict[str, str]) -> None:
    lines = [
        HEADER.format(
            votes=MIN_FREEMAIL_VOTES, disp=MIN_DISPOSABLE_LISTS, n_public=len(rows), n_exc=len(exceptions)
        )
    ]
    lines += [f"{p}\t{prov}\t{src}\n" for p, (prov, src) in sorted(rows.items())]
    lines += [f"!{p}\t-\t{reason}\n" for p, reason in sorted(exceptions.items())]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(lines), encoding="utf-8")


def main(argv: Iterable[str] | None = None) -> int:
    default_shared = Path(os.environ.get("CONGVU_SHARED", ROOT / ".." / "shared"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=default_shared)
    parser.add_argument("--out", type=Path, default=ROOT / "src/congvu/classify/data/public_domains.tsv")
    args = parser.parse_args(list(argv) if argv is not None else None)
    base = args.shared / "data" / "external"
    if not base.is_dir():
        parser.error(f"{base} not found: pass --shared or set CONGVU_SHARED")
    free = {
        sid: {normalize_domain(d) if "*" not in d else d.lower() for d in read_source(base / rel, kind)}
        for sid, (rel, kind, _) in FREEMAIL_SOURCES.items()
    }
    disposable = {sid: read_source(base / rel, "lines") for sid, rel in DISPOSABLE_SOURCES.items()}
    rows, exceptions = curate(free, disposable)
    write(args.out, rows, exceptions)
    by_provider: dict[str, int] = {}
    for provider, _ in rows.values():
        by_provider[provider] = by_provider.get(provider, 0) + 1
    print(
        f"{args.out}: {len(rows)} public rows, {len(exceptions)} exceptions; "
        f"disposable {by_provider.get(DISPOSABLE, 0)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
