"""The policy as a versioned object: every setting that changes a judgement, frozen, with a content hash.

A judgement (a document's verdict, a mail finding, a month's rating cap) depends on the address
policy (official domains, public lists and their exceptions, the look-alike distance), on the mail
mode and rules, and on the evaluation scale and cap.  `PolicyVersion` gathers exactly those values
and the sha256 of every data file they name (the bundled public list, imported lists, the provider
hosts file), so two runs that judge alike have the same hash, and editing a list file changes it
even when no setting does.  The hash is the sha256 of canonical JSON (sorted keys, no spaces).

`overlay(config, candidate)` reads a candidate policy file (the settings file format, validated the
same way) on top of the current settings: what `congvu whatif` judges under.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from congvu.settings import Config, ConfigError, MailflowSettings, PolicySettings, load_config

# The settings that change a judgement (issue 14).  Adding one here changes every hash once.
JUDGEMENT_SETTINGS: tuple[str, ...] = (
    "policy.official_domains",
    "policy.extra_public_domains",
    "policy.not_public",
    "policy.import_files",
    "policy.lookalike_distance",
    "mailflow.mode",
    "mailflow.trusted_authserv_ids",
    "mailflow.provider_hosts_file",
    "evaluation.scale",
    "evaluation.cap",
    "evaluation.points_max",
)
_PACKAGE = Path(__file__).resolve().parent
BUNDLED_PUBLIC = _PACKAGE / "classify" / "data" / "public_domains.tsv"
BUNDLED_HOSTS = _PACKAGE / "mailflow" / "data" / "provider_hosts.toml"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read policy data file: {exc}") from exc
    return digest.hexdigest()


def _rules() -> dict[str, dict[str, Any]]:
    from congvu.rules import RULES

    return {r.id: {"effect": r.effect, "opens_violation": r.opens_violation} for r in RULES.values()}


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """The judgement-relevant settings (`values`), the data files' sha256 (`files`: label → hash),
    the rule registry (`rules`: id → effect) and `hash`, the content hash of all three."""

    values: tuple[tuple[str, Any], ...]
    files: tuple[tuple[str, str], ...]
    rules: tuple[tuple[str, str, bool], ...]
    hash: str
    source: str | None = None

    def value(self, name: str) -> Any:
        return dict(self.values)[name]

    def content(self) -> dict[str, Any]:
        """What the hash is taken over (JSON values only)."""
        return {
            "settings": dict(self.values),
            "files": dict(self.files),
            "rules": {rid: {"effect": eff, "opens_violation": opens} for rid, eff, opens in self.rules},
        }

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract of `congvu policy show --format json` (fields may be added, never removed)."""
        return {"hash": self.hash, "source": self.source, **self.content()}

    def diff(self, other: PolicyVersion) -> dict[str, dict[str, Any]]:
        """Setting or file → {"now": …, "after": …} for what differs in `other`."""
        return content_diff(self.content(), other.content())


def content_diff(mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Two versions' `content()` (or `as_dict()`, as kept in the audit log) compared: setting, file
    or rule → {"now": …, "after": …} for what differs."""
    out: dict[str, dict[str, Any]] = {}
    for section in ("settings", "files", "rules"):
        a_section, b_section = mine.get(section) or {}, theirs.get(section) or {}
        for key in sorted(set(a_section) | set(b_section)):
            a, b = a_section.get(key), b_section.get(key)
            if a != b:
                out[key] = {"now": a, "after": b}
    return out


def canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def policy_version(config: Config) -> PolicyVersion:
    """The version of `config`'s policy; ConfigError when a named data file cannot be read."""
    values = tuple((name, config.get(name)) for name in JUDGEMENT_SETTINGS)
    files: dict[str, str] = {"bundled:public_domains.tsv": _sha256(BUNDLED_PUBLIC)}
    for raw in PolicySettings.of(config).import_files:
        files[f"policy.import_files:{raw}"] = _sha256(Path(raw))
    hosts = MailflowSettings.of(config).provider_hosts_file
    if hosts:
        files[f"mailflow.provider_hosts_file:{hosts}"] = _sha256(Path(hosts))
    else:
        files["bundled:provider_hosts.toml"] = _sha256(BUNDLED_HOSTS)
    rules = tuple(sorted((rid, str(r["effect"]), bool(r["opens_violation"])) for rid, r in _rules().items()))
    version = PolicyVersion(values, tuple(sorted(files.items())), rules, "", config.source)
    digest = hashlib.sha256(canonical(version.content()).encode("utf-8")).hexdigest()
    return PolicyVersion(values, version.files, rules, digest, config.source)


def overlay(config: Config, candidate: str | Path) -> Config:
    """`config` with the candidate policy file's settings on top (the candidate wins over the
    environment too: it is the policy being asked about).  ConfigError for a bad candidate.

    A candidate may change only the judgement settings (`JUDGEMENT_SETTINGS`): a what-if that also
    changed, say, the OCR resolution or a file limit would show verdicts that the policy does not
    explain.  Other settings may be present (a copy of the whole settings file) if they are equal.
    """
    loaded = load_config(candidate, environ={})
    others = sorted(
        name for name, value in loaded.values.items()
        if name not in JUDGEMENT_SETTINGS and value != config.get(name)
    )  # fmt: skip
    if others:
        raise ConfigError(
            f"{candidate}: a candidate policy changes only the judgement settings "
            f"({', '.join(JUDGEMENT_SETTINGS)}); not {', '.join(others)}"
        )
    return Config({**config.values, **loaded.values}, str(candidate))
