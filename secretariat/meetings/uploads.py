"""What an uploaded file really is, decided by its content, never by its name.

PDF: the ``%PDF-`` header and an ``%%EOF`` marker near the end. DOCX, XLSX and PPTX are
Office Open XML zip packages: a readable zip with ``[Content_Types].xml`` and the main part of
that format (``word/document.xml``, ``xl/workbook.xml``, ``ppt/presentation.xml``).
Macro-enabled packages are refused. Only the zip directory is read, nothing is extracted,
so a zip bomb costs nothing. The standard library suffices; a magic-number library would
only see "a zip file" for all three Office formats.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secretariat.core.errors import DomainError

from .choices import FileKind

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_OOXML_MAIN_PART = {
    "word/document.xml": FileKind.DOCX,
    "xl/workbook.xml": FileKind.XLSX,
    "ppt/presentation.xml": FileKind.PPTX,
}
MEDIA_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class UnsupportedFile(DomainError):
    status = 415
    title = gettext_lazy("Unsupported file type")
    type_slug = "unsupported-file"


class FileTooLarge(DomainError):
    status = 413
    title = gettext_lazy("File too large")
    type_slug = "file-too-large"


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "MEETINGS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _sniff(handle: IO[bytes], size: int) -> str | None:
    handle.seek(0)
    head = handle.read(8)
    if head.startswith(b"%PDF-"):
        handle.seek(max(0, size - 1024))
        return FileKind.PDF if b"%%EOF" in handle.read() else None
    if head.startswith(b"PK\x03\x04"):
        handle.seek(0)
        try:
            with zipfile.ZipFile(handle) as package:
                names = set(package.namelist())
                if "[Content_Types].xml" not in names:
                    return None
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return None  # macro-enabled: .docm/.xlsm/.pptm in disguise
                kinds = {kind for part, kind in _OOXML_MAIN_PART.items() if part in names}
                return kinds.pop() if len(kinds) == 1 else None
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
    return None


def check_upload(handle: IO[bytes], *, name: str, size: int) -> CheckedFile:
    """The file's real kind; 413 if too large, 415 if it is none of PDF, DOCX, XLSX, PPTX
    or if its name claims another kind than its content."""
    limit = max_upload_bytes()
    if size > limit:
        raise FileTooLarge(
            _("The file is %(size)d bytes; the limit is %(limit)d bytes.")
            % {"size": size, "limit": limit}
        )
    if size == 0:
        raise UnsupportedFile(_("The file is empty."))
    kind = _sniff(handle, size)
    if kind is None:
        raise UnsupportedFile(_("Upload a PDF, DOCX, XLSX or PPTX file."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension != kind:
        raise UnsupportedFile(
            _("The file's name says .%(extension)s but its content is %(kind)s.")
            % {"extension": extension or "?", "kind": kind.upper()}
        )
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    handle.seek(0)
    return CheckedFile(kind=kind, size=size, sha256=digest.hexdigest())
