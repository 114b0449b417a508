"""Settings as data: one table (name, default, help), read from a TOML file and CONGVU_* variables.

The table is the documentation: `docs/settings.md` is checked against it by a test, so a setting
cannot exist without being documented.  Precedence: built-in default < TOML file < environment
(a command-line flag, where one exists, wins over all three).

The table is also the only place that reads the environment: each setting's variable is its `env`
name, and the few settings that only make sense per process (`user`, `clock`, `web.threads`) are
marked `env_only`.  Code reads settings through typed, frozen sections (`CrawlSettings.of(config)`,
`Limits.from_config(config)`, ...), and the sections are where the table is written: each field
is one setting, `delay_ms: int = setting(1000, "help")`, and `SETTINGS` is read from them (plus
the three settings of no section).  One function builds a section from a configuration; a bad
value is a `ConfigError` naming the key.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar

from congvu.clock import ZONE_NAME, Clock, frozen, utc_now


@dataclass(frozen=True, slots=True)
class Setting:
    name: str  # dotted: section.key as written in the TOML file
    default: Any
    help: str
    env_only: bool = False  # set only by its environment variable (per process), never in the file

    @property
    def env(self) -> str:
        return "CONGVU_" + self.name.replace(".", "_").upper()


def setting(default: Any, help: str, *, env_only: bool = False) -> Any:
    """A section's field declared as a setting (`section.field`): its default and its help, the
    one place either is written.  The field has no default of its own: a section is only built
    from a configuration (`Section.of`), which falls back on this default."""
    return dataclasses.field(metadata={"setting": (default, help, env_only)})


def _coerce(setting: Setting, raw: str) -> Any:
    default = setting.default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, list):
        return [x.strip() for x in raw.split(",") if x.strip()]
    return raw


@dataclass(slots=True)
class Config:
    """Resolved settings; `get` by dotted name."""

    values: dict[str, Any] = field(default_factory=dict)
    source: str | None = None

    def get(self, name: str) -> Any:
        if name not in _BY_NAME:
            raise KeyError(f"unknown setting {name!r}")
        return self.values.get(name, _BY_NAME[name].default)


class ConfigError(Exception):
    pass


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def load_config(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Read the TOML file (explicit path, else CONGVU_CONFIG, else ./congvu.toml if present)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    source = None
    candidate = path or env.get("CONGVU_CONFIG") or ("congvu.toml" if Path("congvu.toml").is_file() else None)
    if candidate:
        p = Path(candidate)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{p}: configuration file not found") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{p}: not valid TOML: {exc}") from exc
        for name, value in _flatten(data).items():
            if name not in _BY_NAME:
                raise ConfigError(f"{p}: unknown setting {name!r} (see docs/settings.md)")
            if _BY_NAME[name].env_only:
                raise ConfigError(f"{p}: setting {name!r} is set only by the variable {_BY_NAME[name].env}")
            default = _BY_NAME[name].default
            if type(default) is not type(value) and not (isinstance(default, int) and isinstance(value, int)):
                raise ConfigError(
                    f"{p}: setting {name!r} must be {type(default).__name__}, got {type(value).__name__}"
                )
            values[name] = value
        source = str(p)
    for setting in SETTINGS:
        value = _from_env(setting, env)
        if value is not None:
            values[setting.name] = value
    return Config(values, source)


def _from_env(setting: Setting, env: Mapping[str, str]) -> Any:
    if setting.env not in env:
        return None
    try:
        return _coerce(setting, env[setting.env])
    except ValueError as exc:
        raise ConfigError(f"environment {setting.env}: {exc}") from exc


def from_environment(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """One setting from its environment variable alone (None when unset), without reading the
    settings file: for what a process needs before, or without, a configuration (the register's
    URL when --db is absent, who is acting, the clock, the web server's threads)."""
    if name not in _BY_NAME:
        raise KeyError(f"unknown setting {name!r}")
    return _from_env(_BY_NAME[name], os.environ if environ is None else environ)


def environment_clock(environ: Mapping[str, str] | None = None) -> Clock:
    """The real clock, or the one the `clock` setting (CONGVU_CLOCK=2014-06-30T17:30:00+00:00) stops
    (demos, CLI tests, and the web workers a frozen command starts)."""
    moment = from_environment("clock", environ)
    if not moment:
        return utc_now
    try:
        return frozen(moment)
    except ValueError as exc:
        raise ValueError(f"setting 'clock' (CONGVU_CLOCK): not an ISO 8601 instant: {moment!r}") from exc


# Typed sections ---------------------------------------------------------------------------------

# The annotation a section field must carry for the type of its setting's default.
_ANNOTATION = {bool: "bool", int: "int", float: "float", str: "str", list: "tuple[str, ...]"}


def _typed(setting: Setting, value: Any) -> Any:
    """`value` as the type of `setting`'s default, or a ConfigError naming the key and the value."""
    kind = type(setting.default)
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    try:
        # The file may give an int where a bool is due and the reverse (load_config lets both
        # through, as the code that read them with bool() and int() always did).
        if kind is bool and isinstance(value, int):
            return bool(value)
        if kind is int and isinstance(value, (str, int)):
            return int(value)
        if kind is float and (isinstance(value, str) or is_number):
            return float(value)
        if kind is str and isinstance(value, str):
            return value
        if kind is list and isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value):
            return tuple(value)
    except ValueError:
        pass
    raise ConfigError(
        f"setting {setting.name!r} ({setting.env}) must be {_ANNOTATION[kind].replace('tuple', 'list')}, "
        f"got {value!r}"
    )


class Section:
    """Base of the typed sections: a frozen dataclass whose fields are the keys of one settings
    section (`PREFIX`), each declared with `setting(default, help)` and annotated with the type of
    its default.  The sections are the settings table (SETTINGS is read from them)."""

    __slots__ = ()
    PREFIX: ClassVar[str]

    @classmethod
    def of(cls, config: Config) -> Self:
        return build_section(cls, config)

    @classmethod
    def defaults(cls) -> Self:
        return build_section(cls, Config())

    @classmethod
    def settings(cls) -> tuple[Setting, ...]:
        """The section's rows of the settings table, in field order."""
        return tuple(
            Setting(f"{cls.PREFIX}.{f.name}", *f.metadata["setting"])
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        )


S = TypeVar("S", bound=Section)


def build_section(cls: type[S], config: Config) -> S:
    """The one way a section is built: each field is the setting PREFIX.field, typed by SETTINGS."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        setting = _BY_NAME[f"{cls.PREFIX}.{f.name}"]
        if f.type != _ANNOTATION[type(setting.default)]:
            raise TypeError(f"{cls.__name__}.{f.name} must be annotated {_ANNOTATION[type(setting.default)]}")
        values[f.name] = _typed(setting, config.get(setting.name))
    return cls(**values)


MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class PolicySettings(Section):
    """Which domains are official, which public, and how near a look-alike may come."""

    PREFIX: ClassVar[str] = "policy"
    official_domains: tuple[str, ...] = setting(
        ["danang.gov.vn"],
        "Domains of the city's official mail system; their subdomains are official too.",
    )
    extra_public_domains: tuple[str, ...] = setting(
        [],
        "Domains to treat as public mailboxes in addition to the bundled list "
        "(`*.example` and `.example` match subdomains).",
    )
    not_public: tuple[str, ...] = setting(
        [],
        "Exceptions: domains never treated as public even if a list says so.",
    )
    import_files: tuple[str, ...] = setting(
        [],
        "SpamAssassin freemail_domains (.cf) or rspamd map files whose domains count as public.",
    )
    lookalike_distance: int = setting(
        1,
        "Flag a domain this many edits (or fewer) away from an official domain; 0 turns it off.",
    )


@dataclass(frozen=True, slots=True)
class ScanSettings(Section):
    """`congvu scan`: worker processes and symbolic links."""

    PREFIX: ClassVar[str] = "scan"
    workers: int = setting(
        0,
        "Worker processes for `congvu scan`; 0 means one per core.",
    )
    follow_symlinks: bool = setting(
        False,
        "Follow symbolic links in a scanned folder that point outside it (devices and FIFOs are never read).",
    )


@dataclass(frozen=True, slots=True)
class EvaluationSettings(Section):
    """The monthly rating: its scale, the cap a confirmed violation imposes, the contest window
    in working days."""

    PREFIX: ClassVar[str] = "evaluation"
    scale: tuple[str, ...] = setting(
        [
            "Hoàn thành xuất sắc nhiệm vụ",
            "Hoàn thành tốt nhiệm vụ",
            "Hoàn thành khá nhiệm vụ",
            "Hoàn thành nhiệm vụ",
            "Không hoàn thành nhiệm vụ",
        ],
        "Monthly rating levels, best first (used when evaluation.points_max is 0).",
    )
    cap: str = setting(
        "Hoàn thành khá nhiệm vụ",
        "Highest rating for a month with a confirmed violation: a level, or a number of points.",
    )
    points_max: int = setting(
        0,
        "Use a points scale from 0 to this maximum instead of levels (e.g. 100); 0 keeps levels.",
    )
    contest_days: int = setting(
        5,
        "Working days (Mon–Fri, Asia/Ho_Chi_Minh) after a confirmation during which it may be contested.",
    )


@dataclass(frozen=True, slots=True)
class MailflowSettings(Section):
    """The live mail services (policy service, milter), their spool and fail-open limits, and how
    mail logs and archives are read.  Sizes in KiB or MiB and times in ms or s, as named."""

    PREFIX: ClassVar[str] = "mailflow"
    mode: str = setting(
        "monitor",
        "Policy service mode: monitor (record only), warn (add a header), hold (quarantine), reject.",
    )
    policy_listen: str = setting(
        "127.0.0.1:10040",
        "Address the Postfix policy service listens on.",
    )
    milter_listen: str = setting(
        "127.0.0.1:10041",
        "Address the milter listens on.",
    )
    spool_dir: str = setting(
        "congvu-spool",
        "Folder where mail events wait when the register is down (replayed when it answers).",
    )
    max_connections: int = setting(
        4096,
        "Policy connections judged at once; further ones are answered DUNNO (fail-open).",
    )
    deadline_ms: int = setting(
        100,
        "Event-loop lag past which policy requests are answered DUNNO unjudged (fail-open).",
    )
    max_request_kb: int = setting(
        64,
        "Policy requests larger than this are answered DUNNO and skipped.",
    )
    reload_seconds: int = setting(
        300,
        "How often the mail services reload the directory.",
    )
    queue_size: int = setting(
        10000,
        "Mail events waiting to be recorded; past this they go to the spool.",
    )
    milter_max_message_mb: int = setting(
        50,
        "Messages larger than this are accepted by the milter without inspection.",
    )
    milter_workers: int = setting(
        1,
        "Worker processes the milter parses attachments in.",
    )
    milter_judge_seconds: float = setting(
        60.0,
        "Time one message's content may take in a milter worker; past it the worker is killed and the "
        "message is judged on its envelope alone (keep well under Postfix's milter_content_timeout).",
    )
    trusted_authserv_ids: tuple[str, ...] = setting(
        [],
        "Authserv-ids of Authentication-Results headers the milter and archive scan trust for SPF/DKIM/"
        "DMARC (your own MTA's, which must strip incoming ones that carry it); empty trusts none.",
    )
    provider_hosts_file: str = setting(
        "",
        "TOML file: public provider → DNS zones of its mail servers, which vouch for a public sender "
        "(empty: the bundled congvu/mailflow/data/provider_hosts.toml).",
    )
    log_timezone: str = setting(
        ZONE_NAME,
        "Time zone of classic syslog stamps in mail logs (they carry neither zone nor year).",
    )

    def listen(self, kind: str) -> str:
        """The address of the `policy` or `milter` service."""
        return {"policy": self.policy_listen, "milter": self.milter_listen}[kind]


@dataclass(frozen=True, slots=True)
class ReportSettings(Section):
    """The monthly report's issuer block, addressee, signer and Nơi nhận; LibreOffice's timeout."""

    PREFIX: ClassVar[str] = "report"
    issuer_parent: str = setting(
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        "Monthly report: the parent body above the issuer (first line of the issuer block).",
    )
    issuer: str = setting(
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "Monthly report: the issuing office (bold).",
    )
    issuer_text: str = setting(
        "Phòng Văn hóa và Thông tin",
        "Monthly report: the issuing office as written in running text.",
    )
    symbol: str = setting(
        "BC-VHTT",
        "Monthly report: type and issuer code after the number (Số: …/BC-VHTT).",
    )
    place: str = setting(
        "Liên Chiểu",
        "Monthly report: place written before the date.",
    )
    addressee: str = setting(
        "Chủ tịch UBND quận",
        "Monthly report: the Kính gửi line.",
    )
    signer_title: str = setting(
        "TRƯỞNG PHÒNG",
        "Monthly report: the signer's title (e.g. KT. TRƯỞNG PHÒNG).",
    )
    signer_name: str = setting(
        "",
        "Monthly report: the signer's full name, printed under the signature.",
    )
    recipients: tuple[str, ...] = setting(
        ["Như trên;", "Các Phó Chủ tịch UBND quận;", "Phòng Nội vụ quận;", "Lưu: VT, VHTT."],
        "Monthly report: the Nơi nhận list, one entry per line.",
    )
    soffice_timeout: int = setting(
        120,
        "Seconds LibreOffice may take to turn a report into PDF.",
    )


@dataclass(frozen=True, slots=True)
class SmtpSettings(Section):
    """The reminders' SMTP server, login, sender and retries (`notify.smtp.SmtpTransport`)."""

    PREFIX: ClassVar[str] = "smtp"
    host: str = setting(
        "",
        "Reminders: SMTP server host; empty means reminders can only be previewed.",
    )
    port: int = setting(
        587,
        "Reminders: SMTP port (587 STARTTLS, 465 SSL).",
    )
    security: str = setting(
        "starttls",
        "Reminders: starttls, ssl, or none (a local relay only).",
    )
    username: str = setting(
        "",
        "Reminders: SMTP login; empty means no authentication.",
    )
    password: str = setting(
        "",
        "Reminders: SMTP password (prefer the CONGVU_SMTP_PASSWORD variable).",
    )
    sender: str = setting(
        "vhtt.lienchieu@danang.gov.vn",
        "Reminders: From address; must be on an official domain.",
    )
    ca_file: str = setting(
        "",
        "Reminders: extra CA certificates (PEM) to trust for the SMTP server.",
    )
    timeout: int = setting(
        30,
        "Reminders: seconds to wait for the SMTP server.",
    )
    attempts: int = setting(
        4,
        "Reminders: tries per message in one run before it is reported as failed.",
    )
    retry_ms: int = setting(
        2000,
        "Reminders: wait before the first retry, doubled for each further one.",
    )


@dataclass(frozen=True, slots=True)
class CrawlSettings(Section):
    """The website audit: politeness, limits and the User-Agent (`crawl.audit`)."""

    PREFIX: ClassVar[str] = "crawl"
    delay_ms: int = setting(
        1000,
        "Website audit: pause between two requests to one host (a longer robots.txt Crawl-delay wins).",
    )
    timeout_seconds: int = setting(
        20,
        "Website audit: seconds to wait to connect to, or hear from, a server.",
    )
    max_page_mb: int = setting(
        5,
        "Website audit: larger web pages are reported as errors; reading stops there.",
    )
    max_document_mb: int = setting(
        50,
        "Website audit: larger linked documents (PDF, DOCX, …) are reported as errors; reading stops there.",
    )
    max_redirects: int = setting(
        5,
        "Website audit: longer redirect chains are reported as errors.",
    )
    max_pages: int = setting(
        500,
        "Website audit: pages and documents read in one run (--max-pages).",
    )
    max_depth: int = setting(
        5,
        "Website audit: link hops from a start page (--max-depth).",
    )
    contact: str = setting(
        "",
        "Website audit: how a site's operator can reach you (URL or e-mail), sent in the User-Agent.",
    )
    user_agent: str = setting(
        "",
        "Website audit: the whole User-Agent header; empty builds `congvu/VERSION (+crawl.contact)`.",
    )


@dataclass(frozen=True, slots=True)
class WebSettings(Section):
    """The web app: proxies trusted for X-Forwarded-For, API token lifetime, page threads."""

    PREFIX: ClassVar[str] = "web"
    trusted_proxies: tuple[str, ...] = setting(
        [],
        "Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated); from any "
        "other client the header is ignored and the connecting address counts.",
    )
    token_days: int = setting(
        90,
        "Lifetime of a new API token, in days (`congvu tokens create --days`).",
    )
    threads: int = setting(
        6,
        "Page threads of each web server process.",
        env_only=True,
    )
    whatif_seconds: int = setting(
        20,
        "Settings page: the longest a policy preview (what-if on the register) may compute before it "
        "stops and points to `congvu whatif register`; one preview at a time per web process.",
    )


@dataclass(frozen=True, slots=True)
class BrokerSettings(Section):
    """The worker fleet's message broker (`congvu submit`, `congvu worker`)."""

    PREFIX: ClassVar[str] = "broker"
    url: str = setting(
        "amqp://guest:guest@127.0.0.1:5672//",
        "Worker fleet: the RabbitMQ broker that `congvu submit` queues tasks on and `congvu worker` takes "
        "them from (amqp://user:password@host:port/vhost).",
    )
    record_retries: int = setting(
        5,
        "Worker fleet: with `submit --record`, times a worker tries again to record a judged file while "
        "the register is unreachable before reporting the task failed (the result is kept and printed).",
    )
    retry_backoff: float = setting(
        2.0,
        "Worker fleet: seconds before the first retry of a task; each further retry waits twice as long.",
    )
    retry_backoff_max: float = setting(
        60.0,
        "Worker fleet: the longest wait between two retries of a task, in seconds.",
    )

    def backoff(self, retries: int) -> float:
        """Seconds to wait before retry number `retries + 1` (doubling, capped)."""
        return float(min(self.retry_backoff_max, self.retry_backoff * 2**retries))


@dataclass(frozen=True, slots=True)
class LogSettings(Section):
    """How the long-running services write their logs."""

    PREFIX: ClassVar[str] = "log"
    format: str = setting(
        "text",
        "Logs of the policy service and the milter: text (one line per event) or json (one JSON "
        "object per line, for a log collector).",
    )


@dataclass(frozen=True, slots=True)
class MetricsSettings(Section):
    """Prometheus metrics and health endpoints of the services (`docs/metrics.md`)."""

    PREFIX: ClassVar[str] = "metrics"
    host: str = setting(
        "127.0.0.1",
        "Address the metrics listeners of the policy service, the milter and the workers bind to.",
    )
    policy_port: int = setting(
        0,
        "Policy service: port of its Prometheus /metrics and /healthz listener; 0 turns it off.",
    )
    milter_port: int = setting(
        0,
        "Milter: port of its Prometheus /metrics and /healthz listener; 0 turns it off.",
    )
    worker_port: int = setting(
        0,
        "Fleet worker: port of its Prometheus /metrics and /healthz listener; 0 turns it off.",
    )
    web: bool = setting(
        True,
        "Web app: answer /metrics (Prometheus) and /healthz; keep /metrics off the reverse proxy.",
    )


@dataclass(frozen=True, slots=True)
class LimitsSettings(Section):
    """Per-file limits as written in the settings (MiB, s); `Limits` holds them in bytes."""

    PREFIX: ClassVar[str] = "limits"
    max_file_mb: int = setting(
        200,
        "Files larger than this are reported as errors, not read.",
    )
    max_pages: int = setting(
        2000,
        "PDFs with more pages are reported as errors.",
    )
    max_seconds: int = setting(
        120,
        "Time allowed for one top-level file, OCR included.",
    )
    max_memory_mb: int = setting(
        2048,
        "Address space a worker process may add to what it was started with (its reader's own use).",
    )
    max_depth: int = setting(
        5,
        "How deep archives and e-mail attachments are opened.",
    )
    max_members: int = setting(
        1000,
        "How many members of one archive are read.",
    )
    max_unpacked_mb: int = setting(
        500,
        "Total uncompressed size read from one archive (zip bombs).",
    )
    max_ratio: int = setting(
        200,
        "Largest compression ratio accepted for an archive member.",
    )


@dataclass(frozen=True, slots=True)
class OcrSettings(Section):
    """OCR: on or off, languages, resolution, pages per PDF."""

    PREFIX: ClassVar[str] = "ocr"
    enabled: bool = setting(
        True,
        "OCR pages without a usable text layer, and images.",
    )
    languages: str = setting(
        "vie+eng",
        "Tesseract languages.",
    )
    dpi: int = setting(
        300,
        "Resolution at which PDF pages are rendered for OCR.",
    )
    max_pages: int = setting(
        50,
        "At most this many pages of one PDF are OCR'd.",
    )


@dataclass(frozen=True, slots=True)
class EvidenceSettings(Section):
    """The originals inspectors open from a violation: where they are kept, for how long."""

    PREFIX: ClassVar[str] = "evidence"
    originals_dir: str = setting(
        "congvu-originals",
        "Folder where recorded documents' originals are kept by sha256, for inspectors to open "
        "from a violation (never served by path); empty keeps none.",
    )
    retention_days: int = setting(
        1825,
        "Originals of documents recorded longer ago than this are deleted by `congvu originals purge` "
        "(not while an open violation rests on them); 0 keeps them forever.",
    )


SECTIONS: tuple[type[Section], ...] = (
    PolicySettings,
    LimitsSettings,
    OcrSettings,
    ScanSettings,
    EvaluationSettings,
    MailflowSettings,
    ReportSettings,
    SmtpSettings,
    CrawlSettings,
    WebSettings,
    BrokerSettings,
    MetricsSettings,
    LogSettings,
    EvidenceSettings,
)


# The settings table: the sections' settings, with the few that belong to no section (the
# register's URL; who is acting and the clock, per process) first and last.
SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "sqlite:///congvu.db", "Store URL: sqlite:///FILE or postgresql://user@host/db."),
    *(s for section in SECTIONS for s in section.settings()),
    Setting(
        "user",
        "",
        "Who is acting, recorded in the audit trail when a command has no --by; empty: the OS account.",
        env_only=True,
    ),
    Setting(
        "clock",
        "",
        "Freeze the clock at this instant (ISO 8601, e.g. 2014-06-30T17:30:00+00:00; demos and tests); "
        "empty: the real clock.",
        env_only=True,
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _limits(config: Config) -> dict[str, Any]:
    lim, ocr = LimitsSettings.of(config), OcrSettings.of(config)
    return {
        "max_file_bytes": lim.max_file_mb * MB,
        "max_pages": lim.max_pages,
        "max_seconds": float(lim.max_seconds),
        "max_memory_bytes": lim.max_memory_mb * MB,
        "max_depth": lim.max_depth,
        "max_members": lim.max_members,
        "max_unpacked_bytes": lim.max_unpacked_mb * MB,
        "max_ratio": lim.max_ratio,
        "ocr_enabled": ocr.enabled,
        "ocr_languages": ocr.languages,
        "ocr_dpi": ocr.dpi,
        "ocr_max_pages": ocr.max_pages,
    }


_LIMIT_DEFAULTS = _limits(Config())


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file resource limits, passed to extractors (picklable, for worker processes); the
    defaults are those of the `limits.*` and `ocr.*` settings, in bytes and seconds."""

    max_file_bytes: int = _LIMIT_DEFAULTS["max_file_bytes"]
    max_pages: int = _LIMIT_DEFAULTS["max_pages"]
    max_seconds: float = _LIMIT_DEFAULTS["max_seconds"]
    max_memory_bytes: int = _LIMIT_DEFAULTS["max_memory_bytes"]
    max_depth: int = _LIMIT_DEFAULTS["max_depth"]
    max_members: int = _LIMIT_DEFAULTS["max_members"]
    max_unpacked_bytes: int = _LIMIT_DEFAULTS["max_unpacked_bytes"]
    max_ratio: int = _LIMIT_DEFAULTS["max_ratio"]
    ocr_enabled: bool = _LIMIT_DEFAULTS["ocr_enabled"]
    ocr_languages: str = _LIMIT_DEFAULTS["ocr_languages"]
    ocr_dpi: int = _LIMIT_DEFAULTS["ocr_dpi"]
    ocr_max_pages: int = _LIMIT_DEFAULTS["ocr_max_pages"]

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        return cls(**_limits(config))


def settings_table_markdown() -> str:
    """The settings table as it must appear in docs/settings.md (a test keeps the two identical)."""
    import json

    rows = ["| setting | environment variable | default | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = json.dumps(s.default, ensure_ascii=False)
        env = f"`{s.env}` (only)" if s.env_only else f"`{s.env}`"
        rows.append(f"| `{s.name}` | {env} | `{default}` | {s.help} |")
    return "\n".join(rows) + "\n"
