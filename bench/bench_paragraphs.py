"""A word processor's file of many paragraphs: is judging it linear in the paragraphs?

    uv run python bench/bench_paragraphs.py                  # 2,000 … 16,000 paragraphs
    uv run python bench/bench_paragraphs.py --sizes 1000,2000,4000 --repeat 3

The DOCX reader gives one segment per paragraph and the judge reads consecutive body paragraphs as
one passage (`judge.document.passages`). Each size is a DOCX of that many short paragraphs of
notice prose, an address every 20th, scanned whole (`scan_bytes`, CPU seconds, the best of
`--repeat`), against the baseline in the same run: the same lines as one plain-text file. Linear:
the DOCX's paragraphs per second stay the same from size to size, as the text file's do.
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
PROSE = (
    "Ủy ban nhân dân phường đề nghị các tổ dân phố rà soát danh sách hộ kinh doanh trên địa bàn.",
    "Thời gian thực hiện từ ngày 05/3/2024 đến hết ngày 20/3/2024; kết quả báo cáo về Văn phòng.",
    "- Tổ dân phố số 12: Nguyễn Văn An, điện thoại 0905 123 456.",
)


def lines(n: int) -> list[str]:
    out = []
    for i in range(n):
        if i % 20 == 19:
            out.append(f"Mọi ý kiến xin gửi về Văn phòng, email: vanphong.to{i}@gmail.com")
        else:
            out.append(PROSE[i % len(PROSE)])
    return out


def docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    document = f'{head}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="2000,4000,8000,16000", help="paragraphs per file")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from congvu.classify import AddressPolicy
    from congvu.scan.document import scan_bytes
    from congvu.settings import Limits, load_config

    config = load_config()
    policy, limits = AddressPolicy.from_config(config), Limits.from_config(config)
    scan_bytes(b"warm up: lienhe@gmail.com", "w.txt", policy, limits)
    scan_bytes(docx(lines(40)), "w.docx", policy, limits)
    for n in (int(s) for s in args.sizes.split(",")):
        paragraphs = lines(n)
        for name, data in (("docx", docx(paragraphs)), ("txt", "\n".join(paragraphs).encode())):
            best = float("inf")
            for _ in range(args.repeat):
                t = time.process_time()
                result = scan_bytes(data, f"p.{name}", policy, limits)
                best = min(best, time.process_time() - t)
            print(
                f"{n:6d} paragraphs as {name:4s}: {best:6.2f} s CPU, {n / best:8.0f} paragraphs/s, "
                f"{len(result.findings)} findings, {result.status}"
            )


if __name__ == "__main__":
    main()
