"""INTERIM address policy; to be replaced by the curated, configurable one."""

from __future__ import annotations

from congvu.model import Classification
from congvu.settings import Config

_PUBLIC = {"gmail.com": "Gmail", "yahoo.com": "Yahoo", "yahoo.com.vn": "Yahoo", "hotmail.com": "Microsoft"}


class AddressPolicy:
    def __init__(self, official: list[str] | None = None) -> None:
        self.official = official or ["danang.gov.vn"]

    @classmethod
    def from_config(cls, config: Config) -> AddressPolicy:
        return cls(list(config.get("policy.official_domains")))

    def classify(self, address: str) -> Classification:
        domain = address.rsplit("@", 1)[-1].lower()
        if any(domain == d or domain.endswith("." + d) for d in self.official):
            return Classification("official")
        if domain in _PUBLIC:
            return Classification("public", _PUBLIC[domain], rule=domain)
        return Classification("other")
