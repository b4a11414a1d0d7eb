"""Uploaded files written whole or not at all (ADR 0035).

Django's ``FileSystemStorage`` writes straight into the final name: a full disk leaves a
truncated file there, under a name no row knows. Here a file is written to a hidden
temporary name in the same folder, flushed to the disk, and only then linked to its final
name (``link`` refuses to overwrite, as Django's storage does); the temporary name is removed
whatever happens. A disk that is full or a folder that cannot be written becomes
``FileNotStored``, a 4xx the pages and the API explain, and the service's transaction rolls
back, so there is never a row without its file nor a file without its row.
"""

import contextlib
import errno
import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class FileNotStored(DomainError):
    # Not a 5xx: the request was understood and nothing was half-done; the client may retry
    # once the operators have made room (see docs/operations.md).
    status = 409
    title = gettext_lazy("File not stored")
    type_slug = "file-not-stored"


def _refusal(error: OSError) -> FileNotStored:
    if error.errno in _NO_SPACE:
        detail = _("The file could not be stored: the server's disk is full.")
    else:
        detail = _("The file could not be stored: the server's file folder cannot be written.")
    return FileNotStored(
        detail + " " + _("Nothing was saved. Try again later or tell the secretariat.")
    )


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        try:
            os.makedirs(directory, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".partial")
        except OSError as error:
            raise _refusal(error) from error
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, self.file_permissions_mode or 0o644)
            while True:
                try:
                    os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        except OSError as error:
            raise _refusal(error) from error
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
