"""The real-text corpus (`corpus/real/`): every item well formed and labelled by docs/labelling.md,
and congvu never calls a clean or review item of it a violation.

The figures (verdicts, contact points found, headers) per split are reported by
`uv run python tools/corpus/evaluate_real.py --split dev|test|fresh`; this test keeps the one
property that must never regress on real text: no false accusation.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from evaluate_real import _FIELD_NORM, CORPUS, evaluate, load_items, origin_of, split_of

ITEMS = load_items()
KINDS = {"ministry", "province", "district", "ward", "school", "hospital", "news", "repo", "other"}
ADDRESS = re.compile(r"^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$")


def _problems(item: dict[str, Any]) -> list[str]:
    out = []
    src = item.get("source") or {}
    if not (src.get("url") or (src.get("repo") and src.get("path"))):
        out.append("source names neither a url nor a repo and path")
    if not src.get("licence"):
        out.append("source.licence missing")
    if item.get("kind") not in KINDS:
        out.append(f"kind {item.get('kind')!r} not one of {sorted(KINDS)}")
    if item.get("file"):
        if not (CORPUS / str(item["file"])).is_file():
            out.append(f"file {item['file']} missing")
    elif not str(item.get("text") or "").strip():
        out.append("neither text nor file")
    labels = item.get("labels") or {}
    verdict = labels.get("verdict")
    if verdict not in ("violation", "review", "clean"):
        out.append(f"labels.verdict {verdict!r}")
    addrs = labels.get("addresses") or []
    for a in addrs:
        if not ADDRESS.match(str(a.get("address", ""))) or a.get("class") not in (
            "public",
            "official",
            "other",
        ):
            out.append(f"bad address label {a}")
    public = [a for a in addrs if a.get("class") == "public"]
    if verdict == "violation" and not any(a.get("contact_point") for a in public):
        out.append("verdict violation without a public contact point")
    if verdict == "clean" and public:
        out.append("verdict clean with a public address")
    if public and verdict not in ("violation", "review"):
        out.append("a public address appears: verdict must be violation or review")
    return out


def test_the_corpus_is_there_and_split_by_rule() -> None:
    if not ITEMS:
        pytest.skip("no real corpus items yet")
    splits = {split_of(it) for it in ITEMS}
    assert {"dev", "test"} <= splits
    ids = [it["id"] for it in ITEMS]
    assert len(ids) == len(set(ids)), "duplicate item ids"


@pytest.mark.parametrize("item", ITEMS, ids=[str(it.get("id")) for it in ITEMS])
def test_item_is_well_formed(item: dict[str, Any]) -> None:
    assert Path(item["_file"]).stem == item["id"]
    assert not _problems(item), _problems(item)


# False violations measured on 2026-12-06 on items nobody tuned on (the test and fresh splits; dev
# has none), listed so that they stay in sight (bench/README.md, "Real text") until the judge stops
# making them. Any other item called a violation fails this test.
KNOWN_FALSE_VIOLATIONS = {
    "g2-0015": "test split: a school's page; review by the labeller (issuer's state status unclear)",
    "g2-0032": "test split: a school's page; decided by an 'E-mail:' label",
    # fresh-1's g4-0003 (a chatbot's list of district leaders' addresses) is review, right, at fd61238
    # fresh-9 (reported at c3ba42d and 3caaa37, then joined dev):
    "g12-0003": "fresh-9: a news aggregator's directory of newspapers, each with its owner; review",
    # g12-0004 and g12-0005 (the same directory's entries) are review since a newsroom is no state
    # body unless its owner is named (test_newsroom_owner.py)
    "g13-0006": "fresh-9: a Korean programme's mailbox after the state centre hosting its forms; review",
    # fresh-10 (reported at c3ba42d and 63add75, then joined dev): state status the text does not show
    "g14-0002": "fresh-10: a pupils' class club's page; its gmail spells the school's name; review",
    "g14-0019": "fresh-10: a THCS admissions site whose public status the text does not show; review",
    # fresh-11 (reported at 99ecf74 and 6032fcc, then joined dev)
    "g15-0022": "fresh-11: a private kindergarten ('tư thục' only percent-encoded in a map link); review",
    # fresh-12 (reported at 99ecf74 and 14ababf, then joined dev; its two bare hospitals, g17-0005
    # and g17-0006, and fresh-14's g21-0017 are review since decision 9)
    "g17-0016": "fresh-12: a teacher's exercise app that names his school; review",
    # fresh-13 (reported at 94c0e32 and 7224cb6, then joined dev)
    "g19-0002": "fresh-13: a school youth union's report tool that names no school; review",
    # fresh-14 (reported at 94c0e32 and 6a41c54, then joined dev; its Q&A rows g21-0023 and g21-0026
    # are review since the owned-elsewhere step, as is fresh-13's g19-0003)
    # fresh-15 (reported at 94c0e32 and e2a9b88, then joined dev; its app credit g22-0007 is review
    # since the credit cue)
    # fresh-16 (reported at 8c64a91 and 5549e95, then joined dev; its web builder's credit g25-0015
    # is review since 7f98533)
    "g25-0006": "fresh-16: a bare hospital's footer keeping a state hospital's template mailto; review",
    # fresh-17 (reported at 8c64a91 and f66ffe6, then joined dev)
    "g28-0010": "fresh-17: a Sở's scanned letter relaying a Ministry department's gmail; review",
    "g33-0015": "fresh-19: a private centre's exam run 'with' a state school; its support gmail; review",
    "g33-0016": "fresh-19: an e-government portal's dossier page; the applicant's gmail in its row; review",
    # fresh-20 (reported at d964dd7 and 3dd869e, then joined dev; fresh-17's g28-0014 is review since
    # a word processor's paragraphs are read as one passage, test_paragraph_passages.py)
    # fresh-21 (reported at d964dd7 and 55cce81, then joined dev)
    "g39-0013": "fresh-21: an overseas community's project; its gmail charged to a 'Tổng cục'; review",
    # fresh-20's g35-0016 (a paper's newsroom, "tòa soạn" in lower case) is review since 62110c0's
    # sequel (test_newsroom_owner.py)
    # fresh-20's g36-0014 and g37-0007 (a starred author's own gmail) are review since the author-note
    # cue (test_mailto_and_byline.py)
    # fresh-22 (reported at dd2dfaf and e0d0d34, then joined dev)
    "g42-0003": "fresh-22: veterans' writing contest about an army regiment; its organisers unnamed; review",
    # fresh-25 (reported at 94bdf30, then joined dev)
    "g53-0009": "fresh-25: a student's chatbot speaking for a state academy; its vnn.vn info block; review",
    # fresh-30 (reported at 10d2915 and d92fc81, then joined dev): its false violation g66-0028 (a
    # state-owned bank's centre charged to the central bank) is review since 41be3e1
    # fresh-31 (reported at 9173f39 and d92fc81, then joined dev; g68-0010 is review since d92fc81)
    "g68-0009": "fresh-31: Báo Lao Động's column gmail charged to the union its lead names; review",
    "g68-0012": "fresh-31: a portal's directory of missions; an entry naming no mission; review",
    # fresh-32 (reported at 7d50544, then joined dev)
    "g71-0003": "fresh-32: a police newspaper's footer ('Cơ quan của Công an TP Đà Nẵng … Email: X') in a "
    "student copy; review by the labeller (the copy may be altered), violation by decision 2's reading",
    # fresh-33 (reported at d2b2368, then joined dev)
    "g77-0007": "fresh-33: a volunteer club printing the city's Hội LHTN as its superior line; review by the "
    "labeller (an informal group), violation by the superior line",
    # fresh-34 (reported at 6cee6e4, then joined dev; g78-0001, g78-0009 and g79-0001 are review
    # since 041331c; g80-0008, a Sở's letter relaying the organiser's box, since the block-holder
    # step, test_block_holder.py)
    "g80-0019": "fresh-34: a school's plan tells its Liên đội to send reports to a superior office's "
    "staff box ('cv…@gmail.com', the labeller's reading of 'cv'); charged to the school",
    # fresh-35 (reported at 8283adf, then joined dev; g85-0003 is review since the block-holder step)
    "g81-0007": "fresh-35: a school relays a newspaper's contest box ('Báo Giáo dục và Thời đại … Email: X', "
    "a paper's name the lexicon does not read: 'báo' folds with 'bảo'); charged via another part",
    "g82-0001": "fresh-35: a column of Báo Quân đội nhân dân; the paper's name read as the army's; review "
    "by decision 2 (the text does not say whose organ it is)",
    "g85-0002": "fresh-35: a Liên đội's plan sends reports to a superior Phòng's staff yahoo box that this "
    "document does not name as the Phòng's; charged to the Liên đội",
    "g85-0006": "fresh-35: a Sở's notice sends bank details to another Sở's officer's gmail, her body named "
    "after the address; charged to the nearest body; review by the labeller (doubt noted)",
}


# every item (1,254 at the fourteenth round), scans included, through the whole engine: 10-15 min beside
# the suite's other worker on a two-core machine until the thirteenth round; since PP-OCR reads the
# header band of every scan whose handwritten number or date Tesseract lost (+~3 s each), one CI run
# on a loaded machine took 38 min
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("published", [False, True], ids=["as-text", "as-published"])
def test_no_clean_or_review_item_is_called_a_violation(published: bool) -> None:
    """As text (the item alone) and as published (a web item at its source URL, as `congvu crawl`
    judges the page it fetched): a state site's host must not turn a review into a violation."""
    if not ITEMS:
        pytest.skip("no real corpus items yet")
    # as published, only a web item reads differently (its source URL is its origin): the files of
    # repositories, the scans among them, were judged once already as text
    items = [it for it in ITEMS if origin_of(it)] if published else ITEMS
    _, _, misses = evaluate(items, workers=2, published=published)
    false = {m.split(" ", 1)[0] for m in misses if "FALSE VIOLATION" in m}
    new = sorted(false - KNOWN_FALSE_VIOLATIONS.keys())
    assert not new, "\n".join(m for m in misses if m.split(" ", 1)[0] in new)


def _shingles(text: str, n: int = 8) -> set[int]:
    words = re.findall(r"\w+", text.casefold())
    return {hash(" ".join(words[i : i + n])) for i in range(max(0, len(words) - n + 1))}


def test_no_notice_is_in_the_corpus_twice() -> None:
    """The same notice gathered from two sites is one item: otherwise it could sit in both splits
    and the test figures would measure what was tuned on. Half of the smaller text's 8-word runs
    found in another item is a duplicate."""
    texts = {it["id"]: _shingles(str(it.get("text") or "")) for it in ITEMS if not it.get("file")}
    owners: dict[int, list[str]] = {}
    for ident, sh in texts.items():
        for h in sh:
            owners.setdefault(h, []).append(ident)
    shared: dict[tuple[str, str], int] = {}
    for ids in owners.values():
        if len(ids) > 1 and len(ids) < 20:  # boilerplate shared by many pages is no duplicate
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    by_id = {it["id"]: it for it in ITEMS}

    def same_notice(a: str, b: str) -> bool:
        """Shared wording alone is not enough (legal preambles repeat): the same addresses or the
        same document number too."""
        la, lb = by_id[a]["labels"], by_id[b]["labels"]
        addrs_a = {x["address"] for x in la.get("addresses") or []}
        addrs_b = {x["address"] for x in lb.get("addresses") or []}
        num_a, num_b = (la.get("header") or {}).get("number"), (lb.get("header") or {}).get("number")
        return bool(addrs_a & addrs_b) or (num_a is not None and num_a == num_b)

    dups = [
        f"{a} ~ {b}"
        for (a, b), n in shared.items()
        if n >= 10 and n >= 0.5 * min(len(texts[a]), len(texts[b])) and same_notice(a, b)
    ]
    assert not dups, dups


def test_no_document_is_in_the_corpus_twice() -> None:
    """The same file, or the same document (its number and date), gathered twice is one item: two
    gatherers once kept the same PDF from one repository under two ids (g29-0001, g31-0010)."""
    seen: dict[object, str] = {}
    dups = []
    for it in ITEMS:
        header = (it.get("labels") or {}).get("header") or {}
        keys: list[object] = []
        if it.get("file"):
            keys.append(hashlib.sha256((CORPUS / str(it["file"])).read_bytes()).hexdigest())
        if header.get("number") and header.get("date"):
            keys.append((header["number"], header["date"]))
        for key in keys:
            if key in seen:
                dups.append(f"{seen[key]} ~ {it['id']}")
            seen.setdefault(key, it["id"])
    assert not dups, dups


def test_names_are_scored_without_the_marks_ocr_loses_but_the_words_must_be_right() -> None:
    """docs/labelling.md, decision 5: the issuer's right words in OCR spelling count, the superior
    organ's line does not; numbers keep their exact characters."""
    issuer = _FIELD_NORM["issuer"]
    assert issuer("Cục Thuế tỉnh Bắc Ninh") == issuer("CỤC THUÊ TINH BẮC NINH")
    assert issuer("Cục Thuế tỉnh Bắc Ninh") != issuer("TỔNG CỤC THUẾ")
    assert _FIELD_NORM["signer"]("Trần Thị Thanh Bình") == _FIELD_NORM["signer"]("Trân Thị Thanh Binh")
    assert _FIELD_NORM["number"]("278/PGD&ĐT-THCS") != _FIELD_NORM["number"]("278/PGD")
