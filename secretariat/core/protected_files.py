"""Stored files leave only through a view that has just checked who may read them.

The view either streams the file itself (the default) or, with ``SENDFILE_HEADER`` set, hands
the transfer to the reverse proxy: ``X-Accel-Redirect`` (nginx; the header names the file
under ``SENDFILE_URL_PREFIX``, an ``internal`` location) or ``X-Sendfile`` (Apache, lighttpd;
the header names the file's path). Either way the proxy never serves ``MEDIA_ROOT`` on its own.
"""

from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

SENDFILE_HEADERS = ("X-Accel-Redirect", "X-Sendfile")


def protected_file_response(
    stored: FieldFile, *, filename: str, content_type: str
) -> HttpResponseBase:
    """The file as an attachment named ``filename``; call only after authorising the reader."""
    header = getattr(settings, "SENDFILE_HEADER", "")
    response: HttpResponseBase
    if header in SENDFILE_HEADERS:
        response = HttpResponse(content_type=content_type)
        if header == "X-Accel-Redirect":
            prefix = settings.SENDFILE_URL_PREFIX.rstrip("/")
            response[header] = quote(f"{prefix}/{stored.name}")
        else:
            response[header] = stored.path
        response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    else:
        response = FileResponse(
            stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
