"""Batching and start-up details of the worker pool that the scan's speed depends on."""

from __future__ import annotations

import gc
from pathlib import Path

from congvu.scan.runner import BATCH_FILES, _batches, scan_paths
from congvu.settings import load_config


def test_batches_shrink_towards_the_end_and_keep_every_file(tmp_path: Path) -> None:
    files = []
    for i in range(100):
        f = tmp_path / f"cv-{i:03d}.txt"
        f.write_text(f"Công văn số {i}/UBND-VP của UBND phường Hòa Minh", encoding="utf-8")
        files.append(f)
    batches = list(_batches(files, workers=2))
    assert [p for b in batches for p in b] == files
    assert all(len(b) <= BATCH_FILES for b in batches)
    assert len(batches[0]) == 25  # a quarter of the list for two workers
    assert len(batches[-1]) == 1  # the tail is spread thin, so no worker waits on a full batch
    assert [len(b) for b in batches] == sorted((len(b) for b in batches), reverse=True)


def test_a_scan_leaves_the_callers_frozen_objects_frozen(tmp_path: Path) -> None:
    doc = tmp_path / "thong-bao.txt"
    doc.write_text("Mọi chi tiết xin liên hệ: vanphong.hoaminh@gmail.com", encoding="utf-8")
    gc.freeze()  # as the web app does at start-up
    try:
        results = list(scan_paths([doc], load_config(environ={}), workers=1))
        # not thawed (the count may still drop a little: frozen objects are freed by refcount)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
    assert [r.verdict for r in results] == ["violation"]


def test_a_scan_thaws_what_it_froze(tmp_path: Path) -> None:
    doc = tmp_path / "giay-moi.txt"
    doc.write_text("Kính gửi: Ông Trần Văn Bình (email: tranvanbinh78@gmail.com)", encoding="utf-8")
    assert gc.get_freeze_count() == 0
    list(scan_paths([doc], load_config(environ={}), workers=1))
    assert gc.get_freeze_count() == 0
