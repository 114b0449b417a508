"""The settings page's policy preview: a candidate address policy edited in the browser, judged on the
register's past (`congvu.whatif`), then adopted by an inspector (issue 14).

The candidate is the settings in force with the edited judgement settings on top (official domains,
extra public domains, exceptions, look-alike distance, mail mode, evaluation cap), each checked the
way the settings file is and refused with the field named.  The preview is `whatif_register` on the
chosen month (the recorded documents' cases that would appear or disappear, the sheets that would be
capped or uncapped) and, when a mail log is given with the form, `whatif_mail` on it; both only read.
Rows are limited to the units the user sees (`congvu.web.scope`).

Bounded: one preview at a time per web process (a second one is told to wait, it does not queue up
page threads), and the register what-if stops at a deadline (`web.whatif_seconds`, checked between
findings and between units), after which the page points to `congvu whatif register` instead; a
mail log is at most `MAX_LOG_BYTES`.

Adopting puts the candidate's version in force as `congvu policy adopt` does: a `policy.adopted`
audit event with who, why, the whole version and its diff against the version in force (the first
time, the settings' own version is recorded first, so the diff says what changed).  The settings
file stays the one source the commands read: the page shows the lines it must carry.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.datastructures import FormData, UploadFile

from congvu.classify import AddressPolicy
from congvu.policyversion import PolicyVersion, policy_version
from congvu.register.accounts import Principal
from congvu.register.months import check_month
from congvu.register.schema.directory import units
from congvu.register.store import Store
from congvu.settings import Config, ConfigError, EvaluationSettings, MailflowSettings, PolicySettings
from congvu.web.scope import sees_everything, unit_scope

MODES = ("monitor", "warn", "hold", "reject")
MAX_LOG_BYTES = 20 * 1024 * 1024  # a month of one district's Postfix log, compressed or not
MAX_DOMAINS = 500
MAX_DISTANCE = 3
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$"
)
_LOCK = threading.Lock()  # one preview at a time in this process


class CandidateError(ValueError):
    """A field of the candidate form that cannot be a setting: `field` names it, `key` the message."""

    def __init__(self, field: str, key: str, detail: str = "") -> None:
        super().__init__(f"{field}: {key} {detail}".strip())
        self.field = field
        self.key = key
        self.detail = detail


class PreviewBusy(Exception):
    """Another preview is running in this web process."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """The edited judgement settings, as the form gives them back (the preview repeats them in the
    adopt form, so what is adopted is exactly what was previewed)."""

    official_domains: tuple[str, ...]
    extra_public_domains: tuple[str, ...]
    not_public: tuple[str, ...]
    lookalike_distance: int
    mode: str
    cap: str

    def settings(self) -> dict[str, Any]:
        return {
            "policy.official_domains": list(self.official_domains),
            "policy.extra_public_domains": list(self.extra_public_domains),
            "policy.not_public": list(self.not_public),
            "policy.lookalike_distance": self.lookalike_distance,
            "mailflow.mode": self.mode,
            "evaluation.cap": self.cap,
        }

    def config(self, now: Config) -> Config:
        return Config({**now.values, **self.settings()}, now.source)

    def toml(self, now: Config) -> str:
        """The settings-file lines that make this candidate the settings in force (what changes)."""
        sections: dict[str, list[str]] = defaultdict(list)
        for name, value in self.settings().items():
            if now.get(name) != value:
                section, key = name.split(".", 1)
                sections[section].append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        return "\n\n".join(f"[{s}]\n" + "\n".join(lines) for s, lines in sections.items())


def form_values(candidate: Candidate) -> dict[str, str]:
    """The candidate as the form's fields hold it (domains one a line)."""
    return {
        "official_domains": "\n".join(candidate.official_domains),
        "extra_public_domains": "\n".join(candidate.extra_public_domains),
        "not_public": "\n".join(candidate.not_public),
        "lookalike_distance": str(candidate.lookalike_distance),
        "mode": candidate.mode,
        "cap": candidate.cap,
    }


def current(config: Config) -> Candidate:
    listed = PolicySettings.of(config)
    return Candidate(
        tuple(listed.official_domains),
        tuple(listed.extra_public_domains),
        tuple(listed.not_public),
        int(config.get("policy.lookalike_distance")),
        str(MailflowSettings.of(config).mode),
        str(EvaluationSettings.of(config).cap),
    )


def _domains(form: FormData, name: str) -> tuple[str, ...]:
    raw = str(form.get(name) or "")
    out: list[str] = []
    for item in re.split(r"[\s,;]+", raw.strip().lower()):
        if not item:
            continue
        item = item.removeprefix("@").rstrip(".")
        if not _DOMAIN.match(item):
            raise CandidateError(name, "bad_domain", item[:80])
        if item not in out:
            out.append(item)
    if len(out) > MAX_DOMAINS:
        raise CandidateError(name, "too_many_domains", str(MAX_DOMAINS))
    return tuple(out)


def candidate_from(form: FormData, now: Config) -> tuple[Candidate, Config]:
    """The candidate the form describes and its settings; `CandidateError` naming the bad field."""
    try:
        distance = int(str(form.get("lookalike_distance") or "0").strip())
    except ValueError:
        raise CandidateError("lookalike_distance", "bad_number") from None
    if not 0 <= distance <= MAX_DISTANCE:
        raise CandidateError("lookalike_distance", "bad_number", f"0–{MAX_DISTANCE}")
    mode = str(form.get("mode") or "")
    if mode not in MODES:
        raise CandidateError("mode", "bad_mode", mode[:20])
    official = _domains(form, "official_domains")
    if not official:
        raise CandidateError("official_domains", "no_official")
    candidate = Candidate(
        official,
        _domains(form, "extra_public_domains"),
        _domains(form, "not_public"),
        distance,
        mode,
        str(form.get("cap") or "").strip()[:100],
    )
    after = candidate.config(now)
    try:
        from congvu.register.scales import scale_from_settings

        AddressPolicy.from_config(after)
        scale_from_settings(EvaluationSettings.of(after))
        policy_version(after)
    except (ConfigError, ValueError) as error:
        raise CandidateError("cap", "bad_cap", str(error)[:200]) from error
    return candidate, after


@dataclass(slots=True)
class Preview:
    """What the settings page shows of a candidate."""

    month: str
    register: dict[str, Any] | None = None
    mail: dict[str, Any] | None = None
    mail_note: str | None = None  # why no mail preview was made of a given log
    too_long: bool = False
    per_unit: list[dict[str, Any]] = field(default_factory=list)
    hidden: int = 0  # rows outside the user's units, left out


async def read_log(form: FormData) -> tuple[str, bytes] | None:
    """The uploaded mail log (name, bytes), None when none was given; `CandidateError` when too big."""
    upload = form.get("mail_log")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read(MAX_LOG_BYTES + 1)
    await upload.close()
    if len(data) > MAX_LOG_BYTES:
        raise CandidateError("mail_log", "log_too_big", f"{MAX_LOG_BYTES // (1024 * 1024)} MB")
    return Path(upload.filename).name, data


def _visible_units(store: Store, who: Principal) -> set[str] | None:
    """Unit codes `who` sees; None: every unit (and the rows that name none)."""
    if sees_everything(who):
        return None
    with store.engine.connect() as conn:
        return set(conn.execute(sa.select(units.c.code).where(unit_scope(who, units.c.id))).scalars())


def _limit(rows: list[dict[str, Any]], seen: set[str] | None) -> tuple[list[dict[str, Any]], int]:
    """The rows of units `seen` (a mail row charged elsewhere now or after counts for both units)."""
    if seen is None:
        return rows, 0
    kept = [r for r in rows if r.get("unit") in seen or r.get("unit_now") in seen]
    return kept, len(rows) - len(kept)


def preview(
    store: Store,
    who: Principal,
    now: Config,
    after: Config,
    month: str,
    seconds: float,
    log: tuple[str, bytes] | None = None,
) -> Preview:
    """The what-if of `after` on `month` (and on the mail log), read-only; `PreviewBusy` when
    another preview runs in this process."""
    from congvu.whatif.register import WhatifTooLong, whatif_register

    check_month(month)
    if not _LOCK.acquire(blocking=False):
        raise PreviewBusy()
    try:
        out = Preview(month)
        seen = _visible_units(store, who)
        try:
            with store.engine.connect() as conn:
                register = whatif_register(conn, month, now, after, deadline=time.monotonic() + seconds)
        except WhatifTooLong:
            out.too_long = True
        else:
            for key in ("appear", "disappear", "sheets", "undecided"):
                register[key], hidden = _limit(register[key], seen)
                out.hidden += hidden
            out.register = register
        if log is not None:
            out.mail, out.mail_note = _mail(store, now, after, month, log)
            if out.mail is not None:
                out.mail["messages"], hidden = _limit(out.mail["messages"], seen)
                out.hidden += hidden
        out.per_unit = _per_unit(out)
        return out
    finally:
        _LOCK.release()


def _mail(
    store: Store, now: Config, after: Config, month: str, log: tuple[str, bytes]
) -> tuple[dict[str, Any] | None, str | None]:
    """`whatif mail` on the uploaded log in the candidate's mode (nothing to act on in monitor)."""
    from zoneinfo import ZoneInfo

    from congvu.mailflow.rules import StaffIndex
    from congvu.mailflow.serve import provider_hosts
    from congvu.whatif.mail import ENFORCING, whatif_mail

    mode = MailflowSettings.of(after).mode
    if mode not in ENFORCING:
        return None, "mail_monitor"
    name, data = log
    with tempfile.TemporaryDirectory(prefix="congvu-whatif-") as folder:
        path = Path(folder) / (name if name.endswith((".log", ".gz")) else f"{name}.log")
        path.write_bytes(data)
        policies = AddressPolicy.from_config(now), AddressPolicy.from_config(after)
        out = whatif_mail(
            [path], StaffIndex.from_store(store), *policies, mode,
            zone=ZoneInfo(MailflowSettings.of(after).log_timezone), year=int(month[:4]),
            hosts=provider_hosts(now), hosts_after=provider_hosts(after),
        )  # fmt: skip
    return out, None


def _per_unit(p: Preview) -> list[dict[str, Any]]:
    """Per unit: cases that would appear and disappear, sheets and messages whose handling would change."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    reg = p.register or {}
    for key in ("appear", "disappear"):
        for row in reg.get(key) or []:
            counts[row.get("unit") or "–"][key] += 1
    for row in reg.get("sheets") or []:
        counts[row["unit"]]["sheets"] += 1
        counts[row["unit"]]["capped_after"] += bool(row.get("capped_after"))
        counts[row["unit"]]["uncapped"] += bool(row.get("capped_now")) and not row.get("capped_after")
    for row in (p.mail or {}).get("messages") or []:
        counts[row.get("unit") or "–"]["messages"] += 1
    return [{"unit": unit, **c} for unit, c in sorted(counts.items())]


def adopt(store: Store, who: Principal, now: Config, after: Config, reason: str) -> tuple[PolicyVersion, Any]:
    """Put `after`'s version in force (audited, like `congvu policy adopt`); returns it and the diff
    recorded (None: it already was in force)."""
    from congvu.register.policies import adopt as adopt_version
    from congvu.register.policies import in_force

    version = policy_version(after)
    moment = store.clock()
    with store.begin() as conn:
        if in_force(conn) is None:  # the first adoption: the settings' own version is the baseline
            adopt_version(conn, policy_version(now).as_dict(), who.name, moment, "in force before the change")
        diff = adopt_version(conn, version.as_dict(), who.name, moment, reason)
    return version, diff


def in_force_hash(store: Store) -> str | None:
    from congvu.register.policies import in_force

    with store.engine.connect() as conn:
        found = in_force(conn)
    return str(found["hash"]) if found else None
