"""Importing agreed texts from Akoma Ntoso through the API (the secretariat only), the same
service as ``secretariat import --format akn``. Mounted at /negotiation beside ``api.router``."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from secretariat.core.api_auth import write_auth
from secretariat.core.errors import ValidationFailed

from . import akn_import, permissions_import, services_import
from .schemas import TextOut

router = Router(tags=["negotiation"])

MAX_FILES = 20


class ImportedTextOut(Schema):
    file_name: str
    # False: this FRBR expression was imported before; the text is the one made then.
    created: bool
    text: TextOut


class AgreedTextsImportOut(Schema):
    items: list[ImportedTextOut]
    count: int


@router.post(
    "/imports",
    response={201: AgreedTextsImportOut},
    auth=write_auth,
    operation_id="import_agreed_texts",
)
def import_agreed_texts(
    request: HttpRequest, forum: Form[str], files: File[list[UploadedFile]]
) -> tuple[int, dict]:
    """Akoma Ntoso 3.0 files (multipart ``files``) as adopted, published texts of ``forum``.
    Each file is validated against the schema first; one invalid file (422, its messages and
    lines in ``errors``) imports nothing. A file imported before is not imported again."""
    target = permissions_import.access_forum_to_import(request.user, forum)
    if len(files) > MAX_FILES:
        raise ValidationFailed(
            _("Import at most %(max)d files at once.") % {"max": MAX_FILES},
            errors={"files": [str(MAX_FILES)]},
        )
    read = [
        (name, akn_import.read_upload(upload, name))
        for upload in files
        for name in [(upload.name or "upload.xml")[:200]]
    ]
    results = services_import.import_agreed_texts(actor=request.user, forum=target, files=read)
    items = [{"file_name": r.file_name, "created": r.created, "text": r.text} for r in results]
    return 201, {"items": items, "count": len(items)}
