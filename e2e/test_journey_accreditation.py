"""A head of delegation accredits a delegate of their economy for the ministerial; the delegate
then downloads a restricted document of the meeting, which another economy's delegate cannot
open.

Restricted documents are open to members of the owning forum (``meetings.permissions``).
Accreditation to a meeting makes the person a delegate of their economy's delegation to the
meeting's forum, so the journey shows the same delegate refused before and served after."""

import pytest
from playwright.sync_api import expect

from e2e.signin import sign_in

pytestmark = pytest.mark.e2e


def _restricted_document():  # type: ignore[no-untyped-def]
    from secretariat.meetings.models import Document

    document = Document.objects.select_related("meeting").get(number="2025/DAIMM/002")
    assert document.classification == "restricted" and document.file
    return document


def _open(context, path: str) -> int:  # type: ignore[no-untyped-def]
    page = context.new_page()
    response = page.goto(path)
    assert response is not None
    status = response.status
    page.close()
    return status


def test_head_accredits_a_delegate_who_then_downloads_a_restricted_document(
    demo, browser, live_server
):
    document = _restricted_document()
    meeting = document.meeting
    document_page = f"/en/meetings/documents/{document.pk}/"
    contexts = {
        name: browser.new_context(base_url=live_server.url, locale="en-US", accept_downloads=True)
        for name in ("kr-head", "kr-delegate", "us-delegate")
    }
    try:
        for name, context in contexts.items():
            sign_in(context.new_page(), name)

        # Not accredited yet: Korea's delegate to the body is no member of the ministerial.
        assert _open(contexts["kr-delegate"], document_page) == 404

        head = contexts["kr-head"].new_page()
        head.goto(f"/en/registrations/meetings/{meeting.pk}/")
        expect(head.get_by_role("heading", name="Accredit a delegate")).to_be_visible()
        head.get_by_label("Person to accredit").select_option(
            label="PARK Soyeon (illustrative) (KR)"
        )
        head.get_by_role("button", name="Accredit", exact=True).click()
        expect(head.locator(".messages")).to_contain_text(
            "PARK Soyeon (illustrative) is accredited."
        )
        expect(head.locator("table", has_text="Participants you may see")).to_contain_text(
            "PARK Soyeon"
        )

        delegate = contexts["kr-delegate"].new_page()
        response = delegate.goto(document_page)
        assert response is not None and response.status == 200
        expect(delegate.locator("h1")).to_contain_text("2025/DAIMM/002")
        with delegate.expect_download() as download_info:
            delegate.get_by_role("link", name="Download").click()
        download = download_info.value
        assert download.suggested_filename == "2025_DAIMM_002.pdf"
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"

        # Another economy's delegate, signed in, still cannot open the page or the file.
        assert _open(contexts["us-delegate"], document_page) == 404
        assert _open(contexts["us-delegate"], f"{document_page}file/") == 404
    finally:
        for context in contexts.values():
            context.close()
