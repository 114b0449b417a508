"""What the register answers when it refuses an operation: a message for logs and the CLI, and a
`code` (with `params`) so a page can say it in its own language (`congvu.web.i18n`, `err_<code>`)."""

from __future__ import annotations


class Refusal(Exception):
    default_code = "refused"

    def __init__(self, message: str, code: str | None = None, **params: str) -> None:
        super().__init__(message)
        self.code = code or self.default_code
        self.params = params
