"""The mail rules (MAIL-001..004) as pure functions: an envelope and the directory in, findings out.

Shared by the policy service, the milter, the log ingester and the archive scanner, so the same
message is judged the same way wherever it is seen.  Who is behind a public address is decided only
by the directory's *known* personal addresses: a public address that belongs to no staff member is a
citizen or a company, and mail with citizens is never acted on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from congvu.classify import AddressPolicy
from congvu.mailflow.origin import ProviderHosts, bundled_hosts, vouched, why_unverified
from congvu.rules import RULES, having

if TYPE_CHECKING:
    from congvu.model import DocumentResult
    from congvu.register.store import Store


def normalize_address(raw: str | None) -> str:
    """Postfix and headers give `<A@B>` in any case; the directory stores `a@b`."""
    if not raw:
        return ""
    return raw.strip().strip("<>").strip().lower()


@dataclass(frozen=True, slots=True)
class Envelope:
    """What is known of one message when a rule is applied (any field may be missing).

    `forwarded` holds (orig_to, to) pairs seen in logs: an official mailbox that Postfix rewrote to
    another address.  `header_senders` are From/Reply-To/Sender addresses the milter read, which
    count as the sender's identities alongside the envelope sender.

    What vouches for the message (`congvu.mailflow.origin`): `sasl_username` (our own server's login,
    the only proof of who sent official mail), `client_name` (the client's host name *as Postfix
    confirmed it*, `unknown` or None otherwise), `auth_passes` ((method, domain) SPF/DKIM/DMARC passes
    from a trusted `Authentication-Results`) and `from_header` (the From addresses, the only header
    identity DKIM/DMARC can vouch for).
    """

    sender: str
    recipients: Sequence[str] = ()
    sasl_username: str | None = None
    client_address: str | None = None
    client_name: str | None = None
    queue_id: str | None = None
    message_id: str | None = None
    forwarded: Sequence[tuple[str, str]] = ()
    header_senders: Sequence[str] = ()
    auth_passes: Sequence[tuple[str, str]] = ()
    from_header: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class StaffEntry:
    """A staff member as the mail rules need them."""

    person_id: str
    full_name: str
    unit: str | None = None
    is_head: bool = False


@dataclass(frozen=True, slots=True)
class MailFinding:
    """One rule hit on one message.

    `person_id` is who the finding is attributed to: the authenticated login for MAIL-001, the owner
    of the public mailbox for MAIL-002, the official mailbox's owner for MAIL-003; `address` is the
    public (or forwarded) address in play and `counterpart` the official address on the other side.

    `verified` False: nothing vouched for who sent the message (no SASL login for MAIL-001, no
    authenticated origin for MAIL-002); `person_id` is then None, the register keeps the finding for
    an inspector to see and opens no violation.  `origin` says what vouched, or why nothing did.
    """

    rule: str
    address: str
    counterpart: str
    person_id: str | None
    unit: str | None
    mailbox_owner: str | None
    direction: str  # "to-public" | "from-public" | "forward" | "document"
    reason: str
    provider: str | None = None
    document: str | None = None  # sha256 of the attachment for MAIL-004
    verified: bool = True
    origin: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "address": self.address,
            "counterpart": self.counterpart,
            "person_id": self.person_id,
            "unit": self.unit,
            "mailbox_owner": self.mailbox_owner,
            "direction": self.direction,
            "reason": self.reason,
            "provider": self.provider,
            "document": self.document,
            "verified": self.verified,
            "origin": self.origin,
        }


def _truthy(value: Any) -> bool:
    """CSV rows say "0"/"1", "true"/"false", "có"/"không": bool("0") would make everyone a head."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "x", "có", "co"}
    return bool(value)


@dataclass(slots=True)
class StaffIndex:
    """The directory as two dictionaries: official addresses and known personal addresses → person."""

    official: dict[str, StaffEntry] = field(default_factory=dict)
    personal: dict[str, StaffEntry] = field(default_factory=dict)
    logins: dict[str, StaffEntry] = field(default_factory=dict)  # local part of official addresses

    def add(self, entry: StaffEntry, official: Iterable[str] = (), personal: Iterable[str] = ()) -> None:
        for raw in official:
            address = normalize_address(raw)
            if address:
                self.official[address] = entry
                self.logins.setdefault(address.split("@", 1)[0], entry)
        for raw in personal:
            address = normalize_address(raw)
            if address:
                self.personal[address] = entry

    @classmethod
    def from_dicts(cls, people: Iterable[Mapping[str, Any]]) -> StaffIndex:
        """From rows shaped like the directory's people template (tests, CSV, `directory list` JSON).

        `official_emails` / `personal_emails` may be lists or `;`-separated strings.
        """
        index = cls()
        for row in people:
            entry = StaffEntry(
                str(row["person_id"]),
                str(row.get("full_name") or ""),
                row.get("unit"),
                _truthy(row.get("is_head")),
            )
            index.add(entry, _split(row.get("official_emails")), _split(row.get("personal_emails")))
        return index

    @classmethod
    def from_store(cls, store: Store, today: date | None = None) -> StaffIndex:
        """Everyone active on `today` (default: the store's clock) with their addresses."""
        import sqlalchemy as sa

        from congvu.register.schema import addresses, people, units

        day = today or store.clock().date()
        query = (
            sa.select(
                people.c.person_id,
                people.c.full_name,
                people.c.is_head,
                units.c.code,
                addresses.c.address,
                addresses.c.kind,
            )
            .select_from(people.join(units, units.c.id == people.c.unit_id).join(addresses))
            .where(sa.or_(people.c.active_to.is_(None), people.c.active_to >= day))
        )
        index = cls()
        with store.engine.connect() as conn:
            for r in conn.execute(query):
                entry = StaffEntry(r.person_id, r.full_name, r.code, bool(r.is_head))
                if r.kind == "official":
                    index.add(entry, official=[r.address])
                elif r.kind == "personal":
                    index.add(entry, personal=[r.address])
        return index

    def official_owner(self, address: str) -> StaffEntry | None:
        return self.official.get(address)

    def personal_owner(self, address: str) -> StaffEntry | None:
        return self.personal.get(address)

    def login_owner(self, sasl_username: str | None) -> StaffEntry | None:
        """An authenticated official account: `annv@danang.gov.vn` or the bare login `annv`."""
        name = normalize_address(sasl_username)
        if not name:
            return None
        return self.official.get(name) or self.logins.get(name)


def _split(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v for v in (x.strip() for x in value.replace(",", ";").split(";")) if v]
    return [str(v) for v in value]


def _reason(rule: str, public: str, official: str) -> str:
    """The rule's bilingual reason (`congvu.rules`): "MAIL-001 (Chỉ thị 01/CT-UBND): thư … / …"."""
    return RULES[rule].bilingual(public=public, official=official)


def _is_official(address: str, index: StaffIndex, policy: AddressPolicy) -> bool:
    return address in index.official or policy.classify(address).cls == "official"


_UNVERIFIED = " — chưa xác thực người gửi, không lập vi phạm / sender not authenticated: no violation"
NO_LOGIN = "no SASL login: the sender address alone does not prove who sent it"


def _finding(
    rule: str,
    address: str,
    counterpart: str,
    charged: StaffEntry | None,
    mailbox: StaffEntry | None,
    direction: str,
    provider: str | None,
    origin: str,
    verified: bool,
    document: str | None = None,
) -> MailFinding:
    """One finding; an unverified one is attributed to no one and says why in its reason."""
    reason = _reason(rule, address, counterpart)
    if not verified:
        charged = None
        reason += _UNVERIFIED
    return MailFinding(
        rule, address, counterpart, charged.person_id if charged else None, charged.unit if charged else None,
        mailbox.person_id if mailbox else None, direction, reason, provider, document, verified, origin,
    )  # fmt: skip


mail_finding = _finding  # for a mail rule's own `check` (congvu/rules/mail*.py)


def _origin_of(
    envelope: Envelope, identity: str, provider: str | None, hosts: ProviderHosts
) -> tuple[bool, str]:
    """(verified, how or why not) for a public sender identity of this message."""
    how = vouched(
        identity,
        provider,
        envelope_sender=normalize_address(envelope.sender),
        from_header=[normalize_address(a) for a in envelope.from_header],
        client_name=envelope.client_name,
        passes=envelope.auth_passes,
        hosts=hosts,
    )
    return (True, how) if how else (False, why_unverified(envelope.client_name))


def decide(
    envelope: Envelope, index: StaffIndex, policy: AddressPolicy, hosts: ProviderHosts | None = None
) -> list[MailFinding]:
    """MAIL-001 and MAIL-002 (and MAIL-003 for `forwarded` pairs) for one message.

    MAIL-001 is charged only to a directory person logged in (SASL) on our own server: mail that
    merely *says* it is from an official address (a forged sender, a notification system on an
    internal host) charges no one, least of all the recipient.  Such mail from a directory
    person's official address is kept as an unverified finding; from any other official-domain
    sender (a system account) it is not a finding at all.  MAIL-002 is charged to the owner of the
    public mailbox only when something vouches for the origin (`congvu.mailflow.origin`).

    Cheap on purpose (dictionary look-ups and the policy's per-domain cache): the policy service
    calls this for every RCPT TO of every message.
    """
    hosts = hosts or bundled_hosts()
    out: list[MailFinding] = []
    sender = normalize_address(envelope.sender)
    recipients = [normalize_address(r) for r in envelope.recipients]
    official_sender = index.official_owner(sender) if sender else None
    login = index.login_owner(envelope.sasl_username)
    if login is not None or official_sender is not None:
        origin = f"SASL login {normalize_address(envelope.sasl_username)}" if login else NO_LOGIN
        for rcpt in recipients:
            owner = index.personal_owner(rcpt)
            if owner is None:
                continue  # a citizen's or a company's address: never acted on
            counterpart = sender or normalize_address(envelope.sasl_username)
            out.append(
                _finding("MAIL-001", rcpt, counterpart, login, owner, "to-public",
                         policy.classify(rcpt).provider, origin, login is not None)
            )  # fmt: skip
    identities = [sender, *(normalize_address(h) for h in envelope.header_senders)]
    seen: set[str] = set()
    targets = [r for r in recipients if _is_official(r, index, policy)]
    for ident in identities:
        if not ident or ident in seen:
            continue
        seen.add(ident)
        owner = index.personal_owner(ident)
        if owner is None or not targets:
            continue
        provider = policy.classify(ident).provider
        verified, how = _origin_of(envelope, ident, provider, hosts)
        out.append(
            _finding("MAIL-002", ident, targets[0], owner, owner, "from-public", provider, how, verified)
        )
    out.extend(forwarding(envelope.forwarded, index, policy))
    for rule in having("check"):  # a mail rule written as a module of its own (docs/adding-a-rule.md)
        if rule.check is not None:
            out.extend(rule.check(envelope, index, policy, mail_finding))
    return out


def forwarding(
    pairs: Iterable[tuple[str, str]], index: StaffIndex, policy: AddressPolicy
) -> list[MailFinding]:
    """MAIL-003: an official mailbox (orig_to) delivered on to a public address (to).

    Any public target counts, known or not: it is the official mailbox's owner who set it up.  Our
    own server did the forwarding, so nothing here can be forged from outside.  One finding per
    (mailbox, target), however many delivery attempts (deferred, then sent) the log shows.
    """
    out: list[MailFinding] = []
    done: set[tuple[str, str]] = set()
    for raw_orig, raw_to in pairs:
        orig, to = normalize_address(raw_orig), normalize_address(raw_to)
        if not orig or not to or orig == to or (orig, to) in done or not _is_official(orig, index, policy):
            continue
        cls = policy.classify(to)
        if cls.cls != "public":
            continue
        done.add((orig, to))
        owner = index.official_owner(orig)
        out.append(
            _finding("MAIL-003", to, orig, owner, index.personal_owner(to), "forward", cls.provider,
                     "forwarded by this mail server", True)
        )  # fmt: skip
    return out


def is_official_document(result: DocumentResult) -> bool:
    """An administrative document: its header gave a number or an issuer (Nghị định 30/2020)."""
    return result.status == "ok" and bool(result.metadata.number or result.metadata.issuer)


def document_findings(
    envelope: Envelope,
    documents: Iterable[DocumentResult],
    index: StaffIndex,
    policy: AddressPolicy,
    hosts: ProviderHosts | None = None,
) -> list[MailFinding]:
    """MAIL-004: official documents attached to mail to or from a staff member's public mailbox.

    From such a mailbox: charged to its owner when the origin is authenticated (as MAIL-002).  To
    such a mailbox: charged to the logged-in sender (as MAIL-001), never to the recipient; without
    a login the finding is unverified.
    """
    hosts = hosts or bundled_hosts()
    sender = normalize_address(envelope.sender)
    senders = list(dict.fromkeys([sender, *(normalize_address(h) for h in envelope.header_senders)]))
    public = [(a, "from-public") for a in senders if a in index.personal]
    public += [
        (a, "to-public") for a in (normalize_address(r) for r in envelope.recipients) if a in index.personal
    ]
    if not public:
        return []
    docs = [doc for doc in documents if is_official_document(doc)]
    if not docs:
        return []
    login = index.login_owner(envelope.sasl_username)
    judged: list[tuple[str, StaffEntry, StaffEntry | None, str | None, str, bool]] = []
    for address, direction in public:
        owner = index.personal[address]
        provider = policy.classify(address).provider
        if direction == "from-public":
            verified, how = _origin_of(envelope, address, provider, hosts)
            judged.append((address, owner, owner, provider, how, verified))
        else:
            how = f"SASL login {normalize_address(envelope.sasl_username)}" if login else NO_LOGIN
            judged.append((address, owner, login, provider, how, login is not None))
    return [
        _finding("MAIL-004", address, sender, charged, owner, "document", provider, how, verified, doc.sha256)
        for doc in docs
        for address, owner, charged, provider, how, verified in judged
    ]
