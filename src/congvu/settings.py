"""Settings as data: one table (name, default, help), read from a TOML file and CONGVU_* variables.

The table is the documentation: `docs/settings.md` is checked against it by a test, so a setting
cannot exist without being documented.  Precedence: built-in default < TOML file < environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from congvu.clock import ZONE_NAME


@dataclass(frozen=True, slots=True)
class Setting:
    name: str  # dotted: section.key as written in the TOML file
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "CONGVU_" + self.name.replace(".", "_").upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "sqlite:///congvu.db", "Store URL: sqlite:///FILE or postgresql://user@host/db."),
    Setting(
        "policy.official_domains",
        ["danang.gov.vn"],
        "Domains of the city's official mail system; their subdomains are official too.",
    ),
    Setting(
        "policy.extra_public_domains",
        [],
        "Domains to treat as public mailboxes in addition to the bundled list "
        "(`*.example` and `.example` match subdomains).",
    ),
    Setting("policy.not_public", [], "Exceptions: domains never treated as public even if a list says so."),
    Setting(
        "policy.import_files",
        [],
        "SpamAssassin freemail_domains (.cf) or rspamd map files whose domains count as public.",
    ),
    Setting(
        "policy.lookalike_distance",
        1,
        "Flag a domain this many edits (or fewer) away from an official domain; 0 turns it off.",
    ),
    Setting("limits.max_file_mb", 200, "Files larger than this are reported as errors, not read."),
    Setting("limits.max_pages", 2000, "PDFs with more pages are reported as errors."),
    Setting("limits.max_seconds", 120, "Time allowed for one top-level file, OCR included."),
    Setting("limits.max_memory_mb", 2048, "Address-space limit of a worker process."),
    Setting("limits.max_depth", 5, "How deep archives and e-mail attachments are opened."),
    Setting("limits.max_members", 1000, "How many members of one archive are read."),
    Setting("limits.max_unpacked_mb", 500, "Total uncompressed size read from one archive (zip bombs)."),
    Setting("limits.max_ratio", 200, "Largest compression ratio accepted for an archive member."),
    Setting("ocr.enabled", True, "OCR pages without a usable text layer, and images."),
    Setting("ocr.languages", "vie+eng", "Tesseract languages."),
    Setting("ocr.dpi", 300, "Resolution at which PDF pages are rendered for OCR."),
    Setting("ocr.max_pages", 50, "At most this many pages of one PDF are OCR'd."),
    Setting("scan.workers", 0, "Worker processes for `congvu scan`; 0 means one per core."),
    Setting(
        "scan.follow_symlinks",
        False,
        "Follow symbolic links in a scanned folder that point outside it (devices and FIFOs are never read).",
    ),
    Setting(
        "evaluation.scale",
        [
            "Hoàn thành xuất sắc nhiệm vụ",
            "Hoàn thành tốt nhiệm vụ",
            "Hoàn thành khá nhiệm vụ",
            "Hoàn thành nhiệm vụ",
            "Không hoàn thành nhiệm vụ",
        ],
        "Monthly rating levels, best first (used when evaluation.points_max is 0).",
    ),
    Setting(
        "evaluation.cap",
        "Hoàn thành khá nhiệm vụ",
        "Highest rating for a month with a confirmed violation: a level, or a number of points.",
    ),
    Setting(
        "evaluation.points_max",
        0,
        "Use a points scale from 0 to this maximum instead of levels (e.g. 100); 0 keeps levels.",
    ),
    Setting(
        "evaluation.contest_days",
        5,
        "Working days (Mon–Fri, Asia/Ho_Chi_Minh) after a confirmation during which it may be contested.",
    ),
    Setting(
        "mailflow.mode",
        "monitor",
        "Policy service mode: monitor (record only), warn (add a header), hold (quarantine), reject.",
    ),
    Setting("mailflow.policy_listen", "127.0.0.1:10040", "Address the Postfix policy service listens on."),
    Setting("mailflow.milter_listen", "127.0.0.1:10041", "Address the milter listens on."),
    Setting(
        "mailflow.spool_dir",
        "congvu-spool",
        "Folder where mail events wait when the register is down (replayed when it answers).",
    ),
    Setting(
        "mailflow.max_connections",
        4096,
        "Policy connections judged at once; further ones are answered DUNNO (fail-open).",
    ),
    Setting(
        "mailflow.deadline_ms",
        100,
        "Event-loop lag past which policy requests are answered DUNNO unjudged (fail-open).",
    ),
    Setting(
        "mailflow.max_request_kb", 64, "Policy requests larger than this are answered DUNNO and skipped."
    ),
    Setting("mailflow.reload_seconds", 300, "How often the mail services reload the directory."),
    Setting(
        "mailflow.queue_size", 10000, "Mail events waiting to be recorded; past this they go to the spool."
    ),
    Setting(
        "mailflow.milter_max_message_mb",
        50,
        "Messages larger than this are accepted by the milter without inspection.",
    ),
    Setting("mailflow.milter_workers", 1, "Worker processes the milter parses attachments in."),
    Setting(
        "mailflow.milter_judge_seconds",
        60.0,
        "Time one message's content may take in a milter worker; past it the worker is killed and the "
        "message is judged on its envelope alone (keep well under Postfix's milter_content_timeout).",
    ),
    Setting(
        "mailflow.trusted_authserv_ids",
        [],
        "Authserv-ids of Authentication-Results headers the milter and archive scan trust for SPF/DKIM/"
        "DMARC (your own MTA's, which must strip incoming ones that carry it); empty trusts none.",
    ),
    Setting(
        "mailflow.provider_hosts_file",
        "",
        "TOML file: public provider → DNS zones of its mail servers, which vouch for a public sender "
        "(empty: the bundled congvu/mailflow/data/provider_hosts.toml).",
    ),
    Setting(
        "mailflow.log_timezone",
        ZONE_NAME,
        "Time zone of classic syslog stamps in mail logs (they carry neither zone nor year).",
    ),
    Setting(
        "report.issuer_parent",
        "ỦY BAN NHÂN DÂN QUẬN LIÊN CHIỂU",
        "Monthly report: the parent body above the issuer (first line of the issuer block).",
    ),
    Setting("report.issuer", "PHÒNG VĂN HÓA VÀ THÔNG TIN", "Monthly report: the issuing office (bold)."),
    Setting(
        "report.issuer_text",
        "Phòng Văn hóa và Thông tin",
        "Monthly report: the issuing office as written in running text.",
    ),
    Setting(
        "report.symbol", "BC-VHTT", "Monthly report: type and issuer code after the number (Số: …/BC-VHTT)."
    ),
    Setting("report.place", "Liên Chiểu", "Monthly report: place written before the date."),
    Setting("report.addressee", "Chủ tịch UBND quận", "Monthly report: the Kính gửi line."),
    Setting(
        "report.signer_title", "TRƯỞNG PHÒNG", "Monthly report: the signer's title (e.g. KT. TRƯỞNG PHÒNG)."
    ),
    Setting("report.signer_name", "", "Monthly report: the signer's full name, printed under the signature."),
    Setting(
        "report.recipients",
        ["Như trên;", "Các Phó Chủ tịch UBND quận;", "Phòng Nội vụ quận;", "Lưu: VT, VHTT."],
        "Monthly report: the Nơi nhận list, one entry per line.",
    ),
    Setting("report.soffice_timeout", 120, "Seconds LibreOffice may take to turn a report into PDF."),
    Setting("smtp.host", "", "Reminders: SMTP server host; empty means reminders can only be previewed."),
    Setting("smtp.port", 587, "Reminders: SMTP port (587 STARTTLS, 465 SSL)."),
    Setting("smtp.security", "starttls", "Reminders: starttls, ssl, or none (a local relay only)."),
    Setting("smtp.username", "", "Reminders: SMTP login; empty means no authentication."),
    Setting("smtp.password", "", "Reminders: SMTP password (prefer the CONGVU_SMTP_PASSWORD variable)."),
    Setting(
        "smtp.sender",
        "vhtt.lienchieu@danang.gov.vn",
        "Reminders: From address; must be on an official domain.",
    ),
    Setting("smtp.ca_file", "", "Reminders: extra CA certificates (PEM) to trust for the SMTP server."),
    Setting("smtp.timeout", 30, "Reminders: seconds to wait for the SMTP server."),
    Setting("smtp.attempts", 4, "Reminders: tries per message in one run before it is reported as failed."),
    Setting("smtp.retry_ms", 2000, "Reminders: wait before the first retry, doubled for each further one."),
    Setting(
        "crawl.delay_ms",
        1000,
        "Website audit: pause between two requests to one host (a longer robots.txt Crawl-delay wins).",
    ),
    Setting(
        "crawl.timeout_seconds", 20, "Website audit: seconds to wait to connect to, or hear from, a server."
    ),
    Setting(
        "crawl.max_page_mb", 5, "Website audit: larger web pages are reported as errors; reading stops there."
    ),
    Setting(
        "crawl.max_document_mb",
        50,
        "Website audit: larger linked documents (PDF, DOCX, …) are reported as errors; reading stops there.",
    ),
    Setting("crawl.max_redirects", 5, "Website audit: longer redirect chains are reported as errors."),
    Setting("crawl.max_pages", 500, "Website audit: pages and documents read in one run (--max-pages)."),
    Setting("crawl.max_depth", 5, "Website audit: link hops from a start page (--max-depth)."),
    Setting(
        "crawl.contact",
        "",
        "Website audit: how a site's operator can reach you (URL or e-mail), sent in the User-Agent.",
    ),
    Setting(
        "web.trusted_proxies",
        [],
        "Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated); from any "
        "other client the header is ignored and the connecting address counts.",
    ),
    Setting(
        "broker.url",
        "amqp://guest:guest@127.0.0.1:5672//",
        "Worker fleet: the RabbitMQ broker that `congvu submit` queues tasks on and `congvu worker` takes "
        "them from (amqp://user:password@host:port/vhost).",
    ),
    Setting("web.token_days", 90, "Lifetime of a new API token, in days (`congvu tokens create --days`)."),
    Setting(
        "crawl.user_agent",
        "",
        "Website audit: the whole User-Agent header; empty builds `congvu/VERSION (+crawl.contact)`.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, raw: str) -> Any:
    default = setting.default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
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
            default = _BY_NAME[name].default
            if type(default) is not type(value) and not (isinstance(default, int) and isinstance(value, int)):
                raise ConfigError(
                    f"{p}: setting {name!r} must be {type(default).__name__}, got {type(value).__name__}"
                )
            values[name] = value
        source = str(p)
    for setting in SETTINGS:
        if setting.env in env:
            try:
                values[setting.name] = _coerce(setting, env[setting.env])
            except ValueError as exc:
                raise ConfigError(f"environment {setting.env}: {exc}") from exc
    return Config(values, source)


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-file resource limits, passed to extractors (picklable, for worker processes)."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 2000
    max_seconds: float = 120.0
    max_memory_bytes: int = 2048 * 1024 * 1024
    max_depth: int = 5
    max_members: int = 1000
    max_unpacked_bytes: int = 500 * 1024 * 1024
    max_ratio: int = 200
    ocr_enabled: bool = True
    ocr_languages: str = "vie+eng"
    ocr_dpi: int = 300
    ocr_max_pages: int = 50

    @classmethod
    def from_config(cls, config: Config) -> Limits:
        mb = 1024 * 1024
        return cls(
            max_file_bytes=int(config.get("limits.max_file_mb")) * mb,
            max_pages=int(config.get("limits.max_pages")),
            max_seconds=float(config.get("limits.max_seconds")),
            max_memory_bytes=int(config.get("limits.max_memory_mb")) * mb,
            max_depth=int(config.get("limits.max_depth")),
            max_members=int(config.get("limits.max_members")),
            max_unpacked_bytes=int(config.get("limits.max_unpacked_mb")) * mb,
            max_ratio=int(config.get("limits.max_ratio")),
            ocr_enabled=bool(config.get("ocr.enabled")),
            ocr_languages=str(config.get("ocr.languages")),
            ocr_dpi=int(config.get("ocr.dpi")),
            ocr_max_pages=int(config.get("ocr.max_pages")),
        )


def settings_table_markdown() -> str:
    """The settings table as it must appear in docs/settings.md (a test keeps the two identical)."""
    import json

    rows = ["| setting | environment variable | default | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = json.dumps(s.default, ensure_ascii=False)
        rows.append(f"| `{s.name}` | `{s.env}` | `{default}` | {s.help} |")
    return "\n".join(rows) + "\n"
