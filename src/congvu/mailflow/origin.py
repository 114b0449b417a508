"""Is a public sender really who the message says?  What vouches for a message's origin.

MAIL-002 and MAIL-004 (from a staff member's public mailbox) name the owner of that mailbox. An
envelope sender or a From header is typed by whoever connects, so on its own it proves nothing: a
finding opens a violation only when something the MTA checked vouches for it (issue 16 point 7):

- **SPF pass** for the envelope sender's domain, or **DKIM / DMARC pass** for the From header's
  domain, as reported in an `Authentication-Results` header whose authserv-id is one the site
  trusts (`mailflow.trusted_authserv_ids`: the ids its own MTA stamps, RFC 8601 §5).  Read by the
  milter (and by the archive scanner); Postfix gives a policy service no SPF result at all.
- **The client host**: Postfix names a client (`client=NAME[IP]` in the log, `client_name` to a policy
  service, the milter's connect host) only when its reverse DNS is forward-confirmed, `unknown`
  otherwise.  A confirmed name under a zone of the sender's provider (data/provider_hosts.toml:
  gmail.com → google.com …) is the provider's own server.  The only check mail logs allow.

Anything else (Reply-To and Sender headers, an unconfirmed name, `reverse_client_name`, which is the
PTR as the client's owner wrote it) vouches for nothing: the finding is kept as `unverified`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

BUNDLED = "provider_hosts.toml"


@dataclass(frozen=True, slots=True)
class ProviderHosts:
    """Provider name (as `AddressPolicy.classify(...).provider` gives it) → zones of its mail hosts."""

    zones: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str) -> ProviderHosts:
        data = tomllib.loads(text)
        zones: dict[str, tuple[str, ...]] = {}
        sources: dict[str, tuple[str, ...]] = {}
        for provider, entry in data.items():
            zones[provider] = tuple(z.strip(".").lower() for z in entry.get("zones", ()) if z.strip("."))
            sources[provider] = tuple(entry.get("sources", ()))
        return cls(zones, sources)

    @classmethod
    def load(cls, path: str | Path | None = None) -> ProviderHosts:
        """The bundled file, or a site's own (`mailflow.provider_hosts_file`) when a path is given."""
        if not path:
            return bundled_hosts()
        return cls.from_text(Path(path).read_text(encoding="utf-8"))

    def zone_for(self, host: str | None, provider: str | None) -> str | None:
        """The provider's zone that the (confirmed) host name lies in, if any."""
        name = confirmed_host(host)
        if name is None or not provider:
            return None
        for zone in self.zones.get(provider, ()):
            if name == zone or name.endswith("." + zone):
                return zone
        return None


@cache
def bundled_hosts() -> ProviderHosts:
    text = resources.files("congvu.mailflow").joinpath("data", BUNDLED).read_text(encoding="utf-8")
    return ProviderHosts.from_text(text)


def confirmed_host(value: str | None) -> str | None:
    """The client's host name if Postfix confirmed it, else None.

    Accepts the bare name (`client_name`, the milter's connect host) or the log's `NAME[IP]:PORT`.
    `unknown` (reverse DNS failed or did not confirm) and `[IP]` (the milter's form for no name)
    are no name at all.
    """
    if not value:
        return None
    name = value.split("[", 1)[0].strip().strip(".").lower()
    if not name or name == "unknown" or "." not in name:
        return None
    return name


# --- Authentication-Results (RFC 8601) ---------------------------------------------------------


def _without_comments(value: str) -> str:
    """Drop (nested) comments and unfold; quoted strings are kept as they are."""
    out: list[str] = []
    depth = 0
    quoted = False
    escaped = False
    for ch in value:
        if escaped:
            escaped = False
            if depth == 0:
                out.append(ch)
            continue
        if ch == "\\":
            escaped = True
            if depth == 0:
                out.append(ch)
            continue
        if quoted:
            if ch == '"':
                quoted = False
            out.append(ch)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif depth == 0:
            if ch == '"':
                quoted = True
            out.append(" " if ch in "\r\n\t" else ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class AuthResult:
    method: str  # spf, dkim, dmarc, …
    result: str  # pass, fail, none, …
    props: Mapping[str, str]  # "smtp.mailfrom" → value, "header.d" → value


def parse_authentication_results(value: str) -> tuple[str | None, list[AuthResult]]:
    """(authserv-id, results) of one header value; authserv-id None when the header names none.

    Some MTAs (Microsoft's) write results without an authserv-id: such a header can't be
    attributed to a trusted server, so it is returned with None and vouches for nothing.
    """
    parts = [p.strip() for p in _without_comments(value).split(";")]
    if not parts:
        return None, []
    head = parts[0].split()
    authserv: str | None = None
    rest = parts[1:]
    if head and "=" not in head[0]:
        authserv = head[0].strip('"').lower()
    else:
        rest = parts  # no authserv-id: the first part is already a result
    results: list[AuthResult] = []
    for part in rest:
        tokens = part.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, _, result = tokens[0].partition("=")
        props: dict[str, str] = {}
        for token in tokens[1:]:
            key, sep, val = token.partition("=")
            if sep and "." in key:
                props[key.lower()] = val.strip('"')
        results.append(AuthResult(method.split("/", 1)[0].lower(), result.lower(), props))
    return authserv, results


def _domain(value: str | None) -> str | None:
    if not value:
        return None
    domain = value.strip("<>").rpartition("@")[2].strip().strip(".").lower()
    return domain or None


def trusted_passes(headers: Iterable[str], trusted_ids: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """(method, domain) for every SPF, DKIM and DMARC pass in headers from a trusted authserv-id.

    SPF names the envelope sender's domain (`smtp.mailfrom`, older `smtp.mail`), DKIM the signing
    domain (`header.d`, else the domain of `header.i`), DMARC the From header's domain
    (`header.from`).  With no trusted id configured, nothing is trusted.
    """
    trusted = {t.strip().lower() for t in trusted_ids if t.strip()}
    if not trusted:
        return ()
    out: list[tuple[str, str]] = []
    for value in headers:
        try:
            authserv, results = parse_authentication_results(value)
        except Exception:  # a header we can't read vouches for nothing
            continue
        if authserv not in trusted:
            continue
        for r in results:
            if r.result != "pass":
                continue
            if r.method == "spf":
                domain = _domain(r.props.get("smtp.mailfrom") or r.props.get("smtp.mail"))
            elif r.method == "dkim":
                domain = (r.props.get("header.d") or "").lower() or _domain(r.props.get("header.i"))
            elif r.method == "dmarc":
                domain = _domain(r.props.get("header.from"))
            else:
                continue
            if domain and (r.method, domain) not in out:
                out.append((r.method, domain))
    return tuple(out)


# --- the check --------------------------------------------------------------------------------


def vouched(
    identity: str,
    provider: str | None,
    *,
    envelope_sender: str,
    from_header: Sequence[str],
    client_name: str | None,
    passes: Sequence[tuple[str, str]],
    hosts: ProviderHosts,
) -> str | None:
    """How the origin of `identity` (a public sender address) is authenticated, or None.

    Only the envelope sender and the From header can be vouched for: SPF covers the first,
    DKIM and DMARC the second, the provider's own server both (it lets an account send only as
    itself).  Reply-To and Sender are whatever the sender typed.
    """
    domain = _domain(identity)
    as_sender = identity == envelope_sender
    as_from = identity in from_header
    if not domain or not (as_sender or as_from):
        return None
    for method, passed in passes:
        if passed != domain:
            continue
        if method == "spf" and as_sender:
            return f"SPF pass for {domain}"
        if method in ("dkim", "dmarc") and as_from:
            return f"{method.upper()} pass for {domain}"
    zone = hosts.zone_for(client_name, provider)
    if zone is not None:
        return f"sent by {confirmed_host(client_name)}, a {provider} server ({zone})"
    return None


def why_unverified(client_name: str | None) -> str:
    """The reason, in the finding, that nothing vouched for the origin."""
    host = confirmed_host(client_name)
    seen = f"client {host}" if host else "client name not confirmed by reverse DNS"
    return f"origin not authenticated ({seen}; no SPF/DKIM/DMARC pass from a trusted server)"
