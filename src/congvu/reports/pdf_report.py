"""PDF by converting the DOCX with LibreOffice headless, so the PDF is exactly what Writer shows
when someone opens the Word file (the issue's test of "opens correctly").

Each conversion gets its own LibreOffice profile directory: two conversions at once (two web
requests) would otherwise fight over the default profile's lock and one would silently produce
nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("soffice", "libreoffice")


class PdfUnavailable(RuntimeError):
    """LibreOffice is missing or failed; the message says what to install or what went wrong."""


def soffice_path() -> str | None:
    return next((p for p in (shutil.which(c) for c in CANDIDATES) if p), None)


def docx_to_pdf(docx: bytes, timeout: float = 120.0) -> bytes:
    """Convert DOCX bytes to PDF bytes; PdfUnavailable when LibreOffice is absent, fails or hangs."""
    binary = soffice_path()
    if binary is None:
        raise PdfUnavailable(
            "PDF needs LibreOffice (soffice), which is not installed: "
            "apt-get install libreoffice-writer-nogui, or choose .docx or .xlsx"
        )
    with tempfile.TemporaryDirectory(prefix="congvu-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bao-cao.docx"
        source.write_bytes(docx)
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        returncode, output = _run(command, timeout)
        target = work / "bao-cao.pdf"
        if returncode != 0 or not target.is_file():
            detail = output.decode("utf-8", "replace").strip().splitlines()
            raise PdfUnavailable(
                f"LibreOffice could not convert the report: {detail[-1] if detail else 'no output'}"
            )
        return target.read_bytes()


def _run(command: list[str], timeout: float) -> tuple[int, bytes]:
    """Run in its own process group so a hung soffice.bin (a grandchild) dies with the wrapper."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PdfUnavailable(f"LibreOffice did not finish the PDF within {timeout:.0f} s") from error
    return proc.returncode, output
