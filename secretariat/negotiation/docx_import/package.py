"""The uploaded file: its size, and whether it is a DOCX package python-docx can open.
Only the zip directory is read before python-docx opens it, so a zip bomb costs nothing."""

import io
import zipfile
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document

from secretariat.core.errors import ValidationFailed

MAX_DOCX_BYTES = 10 * 1024 * 1024
# A zip's entries may say they unpack to far more than the file (a zip bomb): refused unread.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class UnreadableDraft(ValidationFailed):
    """The upload is not a Word draft this reader can use; the message says why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, errors={"file": [detail]})


def max_docx_bytes() -> int:
    return int(getattr(settings, "NEGOTIATION_MAX_DOCX_BYTES", MAX_DOCX_BYTES))


def read_bytes(file: IO[bytes] | bytes) -> bytes:
    limit = max_docx_bytes()
    if isinstance(file, bytes):
        data = file
    else:
        file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise UnreadableDraft(
            _("The file is larger than %(limit)d MB; a zero draft is far smaller.")
            % {"limit": limit // (1024 * 1024)}
        )
    if not data:
        raise UnreadableDraft(_("The file is empty."))
    return data


def open_document(data: bytes) -> Any:
    """The python-docx document, or a clear refusal."""
    not_docx = _(
        "This file is not a Word document (.docx) that can be read. Save it from Word as "
        "“Word Document (.docx)” and upload it again."
    )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDraft(
            _(
                "This is a Word 97–2003 document (.doc). Save it from Word as "
                "“Word Document (.docx)” and upload it again."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
            names = {entry.filename for entry in entries}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise UnreadableDraft(not_docx)
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise UnreadableDraft(
                    _("Documents with macros (.docm) are not accepted; save it as .docx.")
                )
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise UnreadableDraft(_("The document is too large once unpacked."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UnreadableDraft(not_docx) from None
    try:
        return Document(io.BytesIO(data))
    except UnreadableDraft:
        raise
    except Exception:  # python-docx and lxml raise many kinds on a damaged package
        raise UnreadableDraft(
            _(
                "The Word document is damaged and could not be read. Open it in Word, save "
                "it again and upload it."
            )
        ) from None
