"""`congvu whatif register`: the per-finding re-judging cost, the part that grows with the register.

uv run python bench/bench_whatif_register.py [--findings 20000] [--affected 0.05]

Recorded DOC findings (address, excerpt with its cue, the issuer's header) are re-judged by
`congvu.whatif.register.rejudge` under the current policy and the candidate `policy.not_public =
["gmail.com"]`; a share `--affected` of them are Gmail addresses (their class changes: judged twice
through the judge), the rest Yahoo addresses (class unchanged: no judging).  In memory: the
register's reads (one SELECT per 500 documents) are not timed.  Prints µs per finding and the
estimate for 1,000,000 findings.
"""

from __future__ import annotations

import argparse
import time
from types import SimpleNamespace

from congvu.classify import AddressPolicy
from congvu.whatif.register import rejudge

ISSUER = "UBND QUẬN LIÊN CHIỂU\nUBND PHƯỜNG HÒA MINH"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--findings", type=int, default=20_000)
    ap.add_argument("--affected", type=float, default=0.05)
    args = ap.parse_args()
    now, after = AddressPolicy(), AddressPolicy(not_public=["gmail.com"])
    every = max(1, round(1 / args.affected)) if args.affected > 0 else 0
    rows = []
    for i in range(args.findings):
        domain = "gmail.com" if every and i % every == 0 else "yahoo.com"
        address = f"nguyenvan{i}@{domain}"
        rows.append(SimpleNamespace(
            id=i, document_id=i, address=address, rule="DOC-001", page=1, line=38, part=None,
            excerpt=f"Mọi ý kiến xin gửi về Điện thoại: 0511.3731xxx; Email: {address}",
        ))  # fmt: skip
    start, cpu = time.perf_counter(), time.process_time()
    out = [rejudge(ISSUER, r, now, after) for r in rows]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    hows: dict[str, int] = {}
    for o in out:
        hows[o.how] = hows.get(o.how, 0) + 1
    per = wall / len(rows)
    print(
        f"{len(rows)} findings ({args.affected:.0%} affected): wall {wall:.2f} s, CPU {cpu:.2f} s, "
        f"{per * 1e6:.0f} µs a finding, 1,000,000 ≈ {per * 1e6 / 60:.1f} min; {hows}"
    )


if __name__ == "__main__":
    main()
