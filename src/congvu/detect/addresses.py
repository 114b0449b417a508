"""INTERIM plain-address finder; to be replaced by the full obfuscation-aware detector."""

from __future__ import annotations

import re
import unicodedata

from congvu.model import AddressMatch

_PLAIN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def find_addresses(text: str) -> list[AddressMatch]:
    out = []
    for m in _PLAIN.finditer(text):
        addr = unicodedata.normalize("NFC", m.group(0)).lower().strip(".")
        out.append(AddressMatch(addr, m.group(0), m.start(), m.end()))
    return out
