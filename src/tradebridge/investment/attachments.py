"""Files attached to a contact with an investor (minutes, presentations, offers): stored in the
tradebridge home under ``attachments/``, named by the SHA-256 of their content (written
atomically, once), described by a row of ``investment_attachments``, and served only to the
agency's staff.

A file is accepted when it is at most ``MAX_BYTES`` and its **content** is one of the kinds in
``KINDS`` (the name's extension must agree with it): PDF, PNG, JPEG, Word and Excel (Office
Open XML) and plain UTF-8 text. Anything else is refused with the reason, so that a renamed
executable or an HTML page never reaches a colleague's browser.

>>> sniff(b"%PDF-1.7 ..."), sniff(b"\\x89PNG\\r\\n\\x1a\\n...."), sniff("Minutes: ok".encode())
('application/pdf', 'image/png', 'text/plain')
>>> sniff(b"MZ\\x90\\x00 a Windows program") is None
True
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from tradebridge.errors import BadInput

MAX_BYTES = 10 * 1024 * 1024
FOLDER = "attachments"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    "text/plain": (".txt", ".csv", ".md"),
}


def _office(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def sniff(data: bytes) -> str | None:
    """The media type the content shows, or None when it is none of ``KINDS``."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.lstrip()[:1] == "<":  # markup (HTML, SVG) can run scripts in a browser
        return None
    return "text/plain"


def check_file(filename: str, data: bytes) -> str:
    """The media type of an acceptable file, else ``BadInput`` saying why."""
    name = Path(filename).name.strip()
    if not name:
        raise BadInput("the file has no name", field="file")
    if len(data) > MAX_BYTES:
        raise BadInput(
            f"{name}: {len(data) / 1e6:.1f} MB; at most {MAX_BYTES // (1024 * 1024)} MB",
            field="file",
        )
    if not data:
        raise BadInput(f"{name}: the file is empty", field="file")
    kind = sniff(data)
    allowed = ", ".join(ext for exts in KINDS.values() for ext in exts)
    if kind is None:
        raise BadInput(f"{name}: not a file of an accepted kind ({allowed})", field="file")
    if Path(name).suffix.lower() not in KINDS[kind]:
        raise BadInput(
            f"{name}: the content is {kind}, but the name ends in {Path(name).suffix or 'nothing'}",
            field="file",
        )
    return kind


def save(home: Path, data: bytes) -> str:
    """Store ``data`` under ``home/attachments`` (once per content); its SHA-256."""
    from tradebridge.atomic import write_atomically

    digest = hashlib.sha256(data).hexdigest()
    path = Path(home) / FOLDER / digest
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda tmp: tmp.write_bytes(data), mode=0o600)
    return digest


def path_of(home: Path, digest: str) -> Path:
    """Where the content ``digest`` is stored (``BadInput`` for anything but a SHA-256)."""
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise BadInput("not an attachment", field="attachment")
    return Path(home) / FOLDER / digest
