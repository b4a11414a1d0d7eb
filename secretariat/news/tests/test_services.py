"""The news workflow, scheduling and the embargo as the services and selectors see them,
at exact times (the selectors take ``now``)."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from secretariat.core.audit import private_digest
from secretariat.core.errors import ValidationFailed
from secretariat.core.i18n import translations
from secretariat.core.models import AuditEntry
from secretariat.meetings.uploads import FileTooLarge, UnsupportedFile
from secretariat.negotiation.choices import TextStatus
from secretariat.news import selectors, services
from secretariat.news.choices import NewsKind, NewsState
from secretariat.registry.permissions import principal_for

from .factories import NewsItemFactory, outcome_text, png_bytes

SECOND = dt.timedelta(seconds=1)


def _draft(world, **kwargs):  # type: ignore[no-untyped-def]
    return services.create_news_item(
        actor=world.users["secretariat"],
        kind=kwargs.pop("kind", NewsKind.NEWS),
        title=translations("en", en="Ministers adopt a statement"),
        body=translations("en", en="Text."),
        **kwargs,
    )


@pytest.mark.django_db
def test_a_new_item_is_a_draft_and_its_text_reaches_the_audit_log_only_as_a_digest(world):
    item = _draft(world)
    assert item.state == NewsState.DRAFT and item.published_at is None
    entry = AuditEntry.objects.get(action="news.item.created", object_id=str(item.pk))
    assert (
        "Ministers adopt" not in str(entry.changes) and "Ministers adopt" not in entry.object_repr
    )
    assert entry.changes["title"] == private_digest(item.title)


@pytest.mark.django_db
def test_review_publishes_and_records_the_reviewer(world):
    staff = world.users["secretariat"]
    item = _draft(world)
    with pytest.raises(ValidationFailed):  # a draft is reviewed before it is published
        services.change_state(actor=staff, item=item, version=item.version, state="published")
    item = services.change_state(actor=staff, item=item, version=item.version, state="in_review")
    assert item.submitted_at is not None
    item = services.change_state(actor=staff, item=item, version=item.version, state="published")
    assert item.state == NewsState.PUBLISHED and item.reviewed_by == staff
    assert item.published_at is not None and item.published_at <= timezone.now()
    with pytest.raises(ValidationFailed):  # published text is not edited in place
        services.update_news_item(actor=staff, item=item, version=item.version, related_url="")
    item = services.change_state(actor=staff, item=item, version=item.version, state="draft")
    assert item.published_at is None


@pytest.mark.django_db
def test_a_scheduled_item_appears_at_its_time_without_anything_running(world):
    staff = world.users["secretariat"]
    item = _draft(world)
    item = services.change_state(actor=staff, item=item, version=item.version, state="in_review")
    at = timezone.now() + dt.timedelta(days=2)
    item = services.change_state(
        actor=staff, item=item, version=item.version, state="published", published_at=at
    )
    anonymous = principal_for(None)
    assert item.is_scheduled_at(at - SECOND)
    assert item not in selectors.public_news(at - SECOND)
    assert item not in selectors.news_live_for(anonymous, at - SECOND)
    assert item in selectors.public_news(at)
    assert item in selectors.news_live_for(anonymous, at)
    # Scheduled items are the secretariat's until then.
    assert item in selectors.news_visible_to(principal_for(staff), at - SECOND)


@pytest.mark.django_db
def test_the_embargo_ends_exactly_at_its_time_and_only_the_meetings_press_see_it_before(
    world, press_meeting
):
    until = timezone.now() + dt.timedelta(hours=3)
    item = NewsItemFactory(kind=NewsKind.PRESS_RELEASE, meeting=press_meeting, embargo_until=until)
    anonymous, press = principal_for(None), principal_for(world.users["press"])
    reader, head = principal_for(world.users["reader"]), principal_for(world.users["head_a"])
    before = until - SECOND
    for who in (anonymous, reader, head):
        assert item not in selectors.news_live_for(who, before)
        assert item not in selectors.news_visible_to(who, before)
    assert item not in selectors.public_news(before)
    assert item in selectors.news_live_for(press, before) and item.is_embargoed_at(before)
    assert item in selectors.news_live_for(principal_for(world.users["secretariat"]), before)
    for moment in (until, until + SECOND):
        assert item in selectors.public_news(moment)
        assert item in selectors.news_live_for(anonymous, moment)
        assert not item.is_embargoed_at(moment)


@pytest.mark.django_db
def test_press_of_another_meeting_or_not_yet_accredited_do_not_see_an_embargoed_release(world):
    from secretariat.meetings.tests.factories import MeetingFactory
    from secretariat.registrations.choices import Category, RegistrationState
    from secretariat.registrations.tests.factories import RegistrationFactory

    mine, other = MeetingFactory(forum=world.body), MeetingFactory(forum=world.body)
    RegistrationFactory(
        meeting=mine,
        person=world.people["press"],
        category=Category.PRESS,
        state=RegistrationState.PENDING,
    )
    RegistrationFactory(meeting=other, person=world.people["press"], category=Category.PRESS)
    item = NewsItemFactory(
        kind=NewsKind.PRESS_RELEASE,
        meeting=mine,
        embargo_until=timezone.now() + dt.timedelta(hours=1),
    )
    assert item not in selectors.news_live_for(principal_for(world.users["press"]), timezone.now())


@pytest.mark.django_db
def test_only_press_releases_with_a_meeting_are_embargoed_and_the_press_see_them_first(
    world, press_meeting
):
    later = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as news:
        _draft(world, embargo_until=later)
    assert "embargo_until" in news.value.errors
    with pytest.raises(ValidationFailed) as no_meeting:
        _draft(world, kind=NewsKind.PRESS_RELEASE, embargo_until=later)
    assert "meeting" in no_meeting.value.errors
    staff = world.users["secretariat"]
    item = _draft(world, kind=NewsKind.PRESS_RELEASE, embargo_until=later, meeting=press_meeting)
    item = services.change_state(actor=staff, item=item, version=item.version, state="in_review")
    with pytest.raises(ValidationFailed) as after:
        services.change_state(
            actor=staff,
            item=item,
            version=item.version,
            state="published",
            published_at=later + SECOND,
        )
    assert "published_at" in after.value.errors


@pytest.mark.django_db
def test_the_outcome_must_be_an_adopted_published_text_and_links_must_be_web_addresses(world):
    negotiating = outcome_text(world, "negotiating", status=TextStatus.NEGOTIATING)
    with pytest.raises(ValidationFailed):
        _draft(world, outcome=negotiating)
    adopted = outcome_text(world, "adopted")
    assert _draft(world, outcome=adopted).outcome == adopted
    with pytest.raises(ValidationFailed) as bad:
        _draft(world, related_url="javascript:alert(1)")
    assert "related_url" in bad.value.errors


def _upload(data: bytes) -> tuple[io.BytesIO, int]:
    return io.BytesIO(data), len(data)


@pytest.mark.django_db
def test_images_are_checked_by_content_stored_under_random_names_and_need_alt_text(world):
    staff = world.users["secretariat"]
    item = _draft(world)
    alt = translations("en", en="Ministers at the table")
    handle, size = _upload(png_bytes(8, 6))
    image = services.add_image(actor=staff, item=item, upload=handle, size=size, alt=alt)
    assert (image.width, image.height, image.image_format) == (8, 6, "png")
    assert image.file.name.startswith("news/images/") and "upload" not in image.file.name
    assert AuditEntry.objects.filter(action="news.image.added").exists()
    jpeg, size = _upload(png_bytes(fmt="JPEG"))
    assert (
        services.add_image(actor=staff, item=item, upload=jpeg, size=size, alt=alt).image_format
        == "jpeg"
    )
    with pytest.raises(ValidationFailed):  # no text alternative in the original language
        handle, size = _upload(png_bytes())
        services.add_image(
            actor=staff, item=item, upload=handle, size=size, alt=translations("ko", ko="사진")
        )
    for bad in (
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10,  # the signature alone is not enough
        b"GIF89a<script>alert(1)</script>",
        b"%PDF-1.4 pretending",
    ):
        handle, size = _upload(bad)
        with pytest.raises(UnsupportedFile):
            services.add_image(actor=staff, item=item, upload=handle, size=size, alt=alt)
    handle, _size = _upload(png_bytes())
    with pytest.raises(FileTooLarge):
        services.add_image(actor=staff, item=item, upload=handle, size=50 * 1024 * 1024, alt=alt)
    assert item.images.count() == 2
