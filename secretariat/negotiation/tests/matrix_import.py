"""Matrix entries for starting a text from a Word draft (views_import.py): the secretariat in
any forum, forum A's chair in forum A only; everyone else refused. The upload stores nothing
(its preview shows the draft); the confirmation creates the text."""

import io

import docx as python_docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat.negotiation.docx_import import read_zero_draft
from secretariat.negotiation.forms_import import draft_payload, sign_draft
from secretariat.negotiation.models import Text
from secretariat.registry.models import Forum
from secretariat.testing.matrix import SECRETARIAT, Check, Sees, api

from .factories import agreed_xml
from .matrix_rules import CHAIRS

WORDING = "We welcome the zero draft from Word."


def _docx() -> bytes:
    document = python_docx.Document()
    document.add_heading("Draft from Word", 0)
    document.add_paragraph(f"1. {WORDING}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(forum: str):  # type: ignore[no-untyped-def]
    return lambda w: {"forum": forum, "file": SimpleUploadedFile("draft.docx", _docx())}


def _confirmation(forum: str, slug: str):  # type: ignore[no-untyped-def]
    def body(w):  # type: ignore[no-untyped-def]
        payload = draft_payload(
            Forum.objects.get(slug=forum), read_zero_draft(_docx()), "draft.docx"
        )
        return {
            "draft": sign_draft(payload),
            "title": "Draft from Word",
            "language": "en",
            "slug": slug,
            "kind": "declaration",
        }

    return body


def _created(slug: str):  # type: ignore[no-untyped-def]
    return lambda w: Text.objects.filter(slug=slug, current_version__kind="zero_draft").exists()


def _url(name: str):  # type: ignore[no-untyped-def]
    return lambda w: reverse(f"negotiation:{name}")


# The preview shows the draft's paragraph to those who may upload it.
PREVIEWED = Sees(items=lambda w: {"paragraph": WORDING}, by_role={CHAIRS: {"paragraph"}})

PAGES_IMPORT = {
    "negotiation:import_draft": (
        Check("GET", _url("import_draft"), CHAIRS),
        Check("POST", _url("import_draft"), CHAIRS, _upload("daib"), sees=PREVIEWED),
        Check(
            "POST",
            _url("import_draft"),
            SECRETARIAT,
            _upload("telwg"),
            sees=Sees(items=PREVIEWED.items, by_role={SECRETARIAT: {"paragraph"}}),
        ),
    ),
    "negotiation:confirm_import": (
        Check(
            "POST",
            _url("confirm_import"),
            CHAIRS,
            _confirmation("daib", "from-word"),
            effect=_created("from-word"),
        ),
        Check(
            "POST",
            _url("confirm_import"),
            SECRETARIAT,
            _confirmation("telwg", "from-word-b"),
            effect=_created("from-word-b"),
        ),
    ),
}


# Importing agreed texts from Akoma Ntoso (api_import.py): the secretariat only, for any forum.
AKN_URI = "/akn/apec/statement/daib/2019-10-10/matrix-import"


def _akn_upload(forum: str):  # type: ignore[no-untyped-def]
    return lambda w: {
        "forum": forum,
        "files": [SimpleUploadedFile("agreed.xml", agreed_xml(uri=AKN_URI))],
    }


def _akn_imported(forum: str):  # type: ignore[no-untyped-def]
    return lambda w: Text.objects.filter(
        imported_from__work_uri=AKN_URI, forum__slug=forum, status="adopted"
    ).exists()


API_IMPORT = {
    "import_agreed_texts": (
        Check(
            "POST",
            api("/negotiation/imports"),
            SECRETARIAT,
            _akn_upload("daib"),
            effect=_akn_imported("daib"),
        ),
        Check(
            "POST",
            api("/negotiation/imports"),
            SECRETARIAT,
            _akn_upload("telwg"),
            effect=_akn_imported("telwg"),
        ),
    ),
}
