"""SMTP delivery with STARTTLS or implicit TLS and optional login, and the one distinction the
retry loop needs: a temporary failure (connection refused, timeout, 4xx) is worth retrying, a
permanent one (5xx, bad login) is not."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from congvu.settings import SmtpSettings

__all__ = ["SECURITY", "DeliveryError", "SmtpSettings", "SmtpTransport"]

SECURITY = ("starttls", "ssl", "none")


class DeliveryError(Exception):
    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


def _context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if settings.ca_file:
        context.load_verify_locations(settings.ca_file)
    return context


class SmtpTransport:
    """Sends one message per connection: reminders are few, and a fresh connection per message
    means one broken session cannot fail the rest of the batch."""

    def __init__(self, settings: SmtpSettings) -> None:
        if settings.security not in SECURITY:
            raise ValueError(f"smtp.security {settings.security!r}: choose one of {', '.join(SECURITY)}")
        if not settings.host:
            raise ValueError("no SMTP server configured (setting smtp.host)")
        self.settings = settings

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=_context(s))
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.security == "starttls":
            client.starttls(context=_context(s))
        return client

    def send(self, message: EmailMessage) -> None:
        try:
            with self._connect() as client:
                if self.settings.username:
                    client.login(self.settings.username, self.settings.password)
                refused = client.send_message(message)
        except UnicodeEncodeError as error:  # smtplib logs in with ASCII only
            raise DeliveryError(
                f"SMTP login: user name and password must be ASCII ({error})", temporary=False
            ) from error
        except smtplib.SMTPAuthenticationError as error:
            raise DeliveryError(f"SMTP login refused: {error.smtp_code}", temporary=False) from error
        except smtplib.SMTPResponseException as error:
            text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else ""
            raise DeliveryError(
                f"SMTP {error.smtp_code} {text}".strip(), temporary=400 <= error.smtp_code < 500
            ) from error
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            temporary = all(400 <= c < 500 for c in codes)
            raise DeliveryError(f"recipient refused: {codes}", temporary=temporary) from error
        except (TimeoutError, OSError, smtplib.SMTPException) as error:
            raise DeliveryError(f"SMTP server unreachable: {error}", temporary=True) from error
        if refused:
            raise DeliveryError(f"recipient refused: {refused}", temporary=False)
