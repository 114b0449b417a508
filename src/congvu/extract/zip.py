"""ZIP archives: every member becomes an Attachment for the pipeline to extract and judge.

Members are read under one `Budget` (declared and actually decompressed sizes, per-member ratio)
and at most `limits.max_members` of them, so a bomb costs bounded time and memory. A bomb member
is skipped with a warning and the rest of the archive is still read; only an archive of which
nothing at all could be read is an error. Nesting depth is the pipeline's business.
"""

from __future__ import annotations

import stat

from congvu.extract.ooxml import Budget, LimitExceeded, is_encrypted, member_name, open_zip, read_member
from congvu.model import Attachment, ExtractError, Extraction
from congvu.settings import Limits


def extract(data: bytes, limits: Limits) -> Extraction:
    warnings: list[str] = []
    attachments: list[Attachment] = []
    refused = False
    with open_zip(data, "ZIP") as zf:
        budget = Budget(limits)
        infos = [i for i in zf.infolist() if not i.is_dir() and not _is_symlink(i.external_attr)]
        if len(infos) > limits.max_members:
            warnings.append(f"{len(infos)} members: only the first {limits.max_members} were read")
            infos = infos[: limits.max_members]
        for info in infos:
            name = member_name(info)
            if is_encrypted(info):
                warnings.append(f"{name}: encrypted (password-protected), not read")
                continue
            try:
                attachments.append(Attachment(name, read_member(zf, info, budget)))
            except LimitExceeded as exc:
                refused = True
                warnings.append(f"{name}: not read: {exc}")
                if exc.total:
                    warnings.append("archive size limit reached: the remaining members were not read")
                    break
            except ExtractError as exc:
                warnings.append(f"{name}: not read: {exc}")
    if refused and not attachments:
        raise ExtractError("zip bomb refused: " + "; ".join(warnings))
    return Extraction(attachments=attachments, warnings=warnings)


def _is_symlink(external_attr: int) -> bool:
    """A Unix symlink member holds a path, not a document."""
    return stat.S_ISLNK(external_attr >> 16)
