"""Dense administrative text: an e-mail address about every 2 KB (bench data for the judge's cost).

Built from the same clause lists as `detect_corpus.py`; every ~6th line is a contact or list line
with an address (public and official mixed, plain and obfuscated), the kind of text a city's
e-mail directory or a long list of registrations is made of.
"""

from __future__ import annotations

import random

from detect_corpus import DOMAINS, FORMS, KET, LIEN_HE, LOCALS, MO_DAU, THAN, _Filler

LIST_ROW = [
    "{n2}. {ten}, {cv}, {c}; điện thoại 0905{n4}; email: {a}",
    "Đăng ký qua thư điện tử {a} trước ngày {d}; hồ sơ nộp tại bộ phận một cửa {c}.",
]


def generate(size_bytes: int, seed: int = 1, every: int = 2000) -> tuple[str, int]:
    """About `size_bytes` of UTF-8 with an address every ~`every` bytes; returns (text, addresses)."""
    rng = random.Random(seed)
    fill = _Filler(rng)
    forms = sorted(FORMS)
    parts: list[str] = []
    size = since = count = 0
    while size < size_bytes:
        if since >= every:
            local, domain = rng.choice(LOCALS), rng.choice(DOMAINS)
            written = FORMS[forms[count % len(forms)]](rng, local, domain)
            text = fill(rng.choice(LIEN_HE + LIST_ROW), "\x00").replace("\x00", written)
            since, count = 0, count + 1
        else:
            text = " ".join([fill(rng.choice(MO_DAU)), fill(rng.choice(THAN)), fill(rng.choice(KET))])
        parts.append(text)
        n = len(text.encode()) + 1
        size, since = size + n, since + n
    return "\n".join(parts) + "\n", count
