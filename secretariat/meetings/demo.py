"""Demo data of meetings: the first Digital & AI Ministerial Meeting, the Global Digital·AI
Forum with the World Bank, a TELWG and a DESG meeting, and the high-level body's series.

Facts come from ``shared/domain/apec.md``; what it does not say (session times, meeting
codes other than DAIMM, document titles, the series' hosts and dates) is invented and
labelled "(illustrative)". Seeding goes through the services and is idempotent."""

import datetime as dt
import zoneinfo
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from secretariat.core.i18n import translations
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Economy, Forum, Person

from . import services
from .choices import Classification, DocumentPurpose, MeetingKind, MeetingStatus
from .models import Document, Meeting, MeetingSeries

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
DAIMM_THEMES = [
    "Facilitating Digital and AI Innovation to Address (Socio-economic) Challenges",
    "Enhancing Universal and Meaningful Digital Connectivity",
    "Creating a Safe and Trustworthy Digital and AI Ecosystem",
]
STATEMENT_URL = (
    "https://www.apec.org/meeting-papers/sectoral-ministerial-meetings/general/"
    "2025-apec-digital-and-ai-ministerial-statement"
)


def demo_pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (ASCII), so demo documents are real files."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = f"BT /F1 14 Tf 72 720 Td ({safe}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


def seed(*, actor: Any = "demo") -> dict[str, int]:
    refuse_in_production()
    with transaction.atomic():
        fora = {forum.slug: forum for forum in Forum.objects.all()}
        economies = {economy.code: economy for economy in Economy.objects.all()}
        if {"daimm", "daib", "telwg", "desg"} <= set(fora) and "KR" in economies:
            _seed_ministerial(actor, fora, economies)
            _seed_global_forum(actor, fora, economies)
            _seed_working_level(actor, fora, economies)
            _seed_series(actor, fora)
    return {
        "meeting series": MeetingSeries.objects.count(),
        "meetings": Meeting.objects.count(),
        "meeting documents": Document.objects.count(),
    }


def _meeting(
    actor: Any, *, forum: Forum, code: str, start: dt.date, **fields: Any
) -> Meeting | None:
    """The meeting, created now; None if it already exists (then nothing else is seeded)."""
    if Meeting.objects.filter(forum=forum, code=code, start_date__year=start.year).exists():
        return None
    return services.create_meeting(actor=actor, forum=forum, code=code, start_date=start, **fields)


def _sessions(actor: Any, meeting: Meeting, rows: list[tuple[str, int, int, int, int]]) -> list:
    return [
        services.add_session(
            actor=actor,
            meeting=meeting,
            title=translations("en", en=title),
            starts_at=_at(meeting.start_date, h1, m1),
            ends_at=_at(meeting.start_date, h2, m2),
            room="",
        )
        for title, h1, m1, h2, m2 in rows
    ]


def _file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(text), content_type="application/pdf")


def _seed_ministerial(actor: Any, fora: dict[str, Forum], economies: dict[str, Economy]) -> None:
    day = dt.date(2025, 8, 4)
    meeting = _meeting(
        actor,
        forum=fora["daimm"],
        code="DAIMM",
        start=day,
        end_date=day,
        title=translations(
            "en",
            en="First APEC Digital and AI Ministerial Meeting",
            ko="제1차 APEC 디지털·AI 장관회의",
        ),
        kind=MeetingKind.MINISTERIAL,
        status=MeetingStatus.HELD,
        host_economy=economies["KR"],
        venue="Songdo Convensia",
        city="Incheon",
        timezone="Asia/Seoul",
        chair=Person.objects.filter(family_name="BAE", given_name="Kyunghoon").first(),
    )
    if meeting is None:
        return
    times = [(9, 30, 11, 0), (11, 15, 12, 30), (14, 0, 15, 30)]  # (illustrative)
    sessions = _sessions(
        actor,
        meeting,
        [
            (f"Session {n}: {theme} (times illustrative)", *time)
            for n, (theme, time) in enumerate(zip(DAIMM_THEMES, times, strict=True), start=1)
        ],
    )
    services.add_agenda_item(
        actor=actor,
        meeting=meeting,
        number="1",
        title=translations("en", en="Opening and adoption of the agenda (illustrative)"),
    )
    for number, (theme, session) in enumerate(zip(DAIMM_THEMES, sessions, strict=True), start=2):
        services.add_agenda_item(
            actor=actor,
            meeting=meeting,
            number=str(number),
            title=translations("en", en=theme),
            session=session,
        )
    adoption = services.add_agenda_item(
        actor=actor,
        meeting=meeting,
        number="5",
        title=translations("en", en="Adoption of the Digital and AI Ministerial Statement"),
        session=sessions[-1],
    )
    opening = meeting.agenda_items.get(number="1")
    submitted = dt.datetime(2025, 7, 10, 9, 0, tzinfo=SEOUL)
    services.submit_document(
        actor=actor,
        meeting=meeting,
        title=translations("en", en="Provisional agenda (illustrative)"),
        purpose=DocumentPurpose.DECISION,
        agenda_item=opening,
        submitted_by_economy=economies["KR"],
        upload=_file("agenda.pdf", "2025/DAIMM/001 Provisional agenda (illustrative)"),
        now=submitted,
    )
    services.submit_document(
        actor=actor,
        meeting=meeting,
        title=translations(
            "en", en="Draft Digital and AI Ministerial Statement, rolling text (illustrative)"
        ),
        purpose=DocumentPurpose.DECISION,
        classification=Classification.RESTRICTED,
        derestrict_on=dt.date(2025, 12, 31),
        agenda_item=adoption,
        submitted_by_economy=economies["KR"],
        upload=_file("draft.pdf", "2025/DAIMM/002 Draft statement (illustrative)"),
        now=submitted,
    )
    services.submit_document(
        actor=actor,
        meeting=meeting,
        title=translations(
            "en",
            en="APEC 2025 Digital and AI Ministerial Statement - 'Digital and AI Transformation "
            "toward Prosperity and Sustainable Growth for All'",
        ),
        purpose=DocumentPurpose.INFORMATION,
        agenda_item=adoption,
        submitted_by_forum=fora["daimm"],
        link=STATEMENT_URL,
        now=dt.datetime(2025, 8, 4, 18, 0, tzinfo=SEOUL),
    )
    services.submit_document(
        actor=actor,
        meeting=meeting,
        title=translations("en", en="Korea's speaking notes for Session 2 (illustrative)"),
        purpose=DocumentPurpose.INFORMATION,
        classification=Classification.ECONOMY_ONLY,
        submitted_by_economy=economies["KR"],
        upload=_file("notes.pdf", "Speaking notes (illustrative)"),
        now=submitted,
    )


def _seed_global_forum(actor: Any, fora: dict[str, Forum], economies: dict[str, Economy]) -> None:
    day = dt.date(2025, 8, 5)
    meeting = _meeting(
        actor,
        forum=fora["daimm"],
        code="GDAIF",
        start=day,
        end_date=day,
        title=translations(
            "en",
            en="Global Digital·AI Forum: Preparing for APEC's innovative digital·AI future",
            ko="글로벌 디지털·AI 포럼",
        ),
        kind=MeetingKind.FORUM,
        status=MeetingStatus.HELD,
        host_economy=economies["KR"],
        venue="Sheraton Grand Incheon",
        city="Incheon",
        timezone="Asia/Seoul",
    )
    if meeting is None:
        return
    _sessions(
        actor,
        meeting,
        [
            ("Connectivity (times illustrative)", 10, 0, 11, 30),
            ("Inclusion (times illustrative)", 13, 30, 15, 0),
            ("Innovation (times illustrative)", 15, 30, 17, 0),
        ],
    )
    services.submit_document(
        actor=actor,
        meeting=meeting,
        title=translations("en", en="Forum programme, co-hosted by MSIT and the World Bank"),
        purpose=DocumentPurpose.INFORMATION,
        submitted_by_economy=economies["KR"],
        upload=_file("programme.pdf", "Global Digital AI Forum programme (illustrative)"),
        now=dt.datetime(2025, 7, 25, 9, 0, tzinfo=SEOUL),
    )


def _seed_working_level(actor: Any, fora: dict[str, Forum], economies: dict[str, Economy]) -> None:
    start = dt.date(2025, 7, 29)
    tel = _meeting(
        actor,
        forum=fora["telwg"],
        code="TELWG",
        start=start,
        end_date=start + dt.timedelta(days=2),
        title=translations("en", en="TELWG meeting during Digital Week (dates illustrative)"),
        kind=MeetingKind.WORKING_GROUP,
        status=MeetingStatus.HELD,
        host_economy=economies["KR"],
        city="Incheon",
        timezone="Asia/Seoul",
        document_cutoff=start - dt.timedelta(days=14),
    )
    if tel is not None:
        services.submit_document(
            actor=actor,
            meeting=tel,
            title=translations("en", en="Report of the steering groups (illustrative)"),
            purpose=DocumentPurpose.CONSIDERATION,
            submitted_by_forum=fora["telwg"],
            classification=Classification.RESTRICTED,
            derestrict_on=dt.date(2026, 1, 31),
            upload=_file("report.pdf", "TELWG steering group report (illustrative)"),
            now=dt.datetime(2025, 7, 20, 9, 0, tzinfo=SEOUL),  # after the cut-off: late
        )
    desg_day = dt.date(2025, 8, 1)
    desg = _meeting(
        actor,
        forum=fora["desg"],
        code="SOM3",
        start=desg_day,
        end_date=desg_day,
        title=translations("en", en="DESG meeting in the SOM3 cluster (illustrative)"),
        kind=MeetingKind.WORKING_GROUP,
        status=MeetingStatus.HELD,
        host_economy=economies["KR"],
        city="Incheon",
        timezone="Asia/Seoul",
        document_cutoff=desg_day - dt.timedelta(days=10),
    )
    if desg is not None:
        for title in (
            "AIDER implementation update (illustrative)",
            "Work plan 2026 (illustrative)",
        ):
            services.submit_document(
                actor=actor,
                meeting=desg,
                forum=fora["desg"],  # numbered 2025/SOM3/DESG/NNN
                title=translations("en", en=title),
                purpose=DocumentPurpose.CONSIDERATION,
                submitted_by_forum=fora["desg"],
                upload=_file("desg.pdf", title.encode("ascii", "replace").decode()),
                now=dt.datetime(2025, 7, 15, 9, 0, tzinfo=SEOUL),
            )
        first = Document.objects.get(number="2025/SOM3/DESG/001")
        services.revise_document(
            actor=actor,
            document=first,
            upload=_file("desg-rev1.pdf", "AIDER implementation update rev1 (illustrative)"),
            now=dt.datetime(2025, 7, 18, 9, 0, tzinfo=SEOUL),
        )


def _seed_series(actor: Any, fora: dict[str, Forum]) -> None:
    series = MeetingSeries.objects.filter(slug="daib-regular").first()
    if series is None:
        series = services.create_series(
            actor=actor,
            slug="daib-regular",
            forum=fora["daib"],
            code_prefix="DAIB",
            name=translations(
                "en",
                en="Regular meetings of the High-Level Digital·AI Body (illustrative)",
                ko="디지털·AI 고위급 협의체 정례회의",
            ),
            kind=MeetingKind.HIGH_LEVEL_BODY,
            cadence_months=6,
            duration_days=2,
            first_date=dt.date(2027, 3, 15),  # the next two meetings are still ahead
            host_rotation=[
                {"economy": "KR", "timezone": "Asia/Seoul", "city": "Seoul (illustrative)"},
                {"economy": "CN", "timezone": "Asia/Shanghai", "city": "Shenzhen (illustrative)"},
                {"economy": "PE", "timezone": "America/Lima", "city": "Lima (illustrative)"},
            ],
            agenda_template=[
                "Opening and adoption of the agenda",
                "Reports of TELWG, DESG and ABAC",
                "Joint research and international standardisation",
                "Implementation of the Digital and AI Ministerial Statement",
                "Next meeting",
            ],
            document_cutoff_days=14,
            registration_close_days=21,
            minutes_due_days=30,
        )
    while series.meetings.count() < 2:
        meeting = services.schedule_next_meeting(actor=actor, series=series)
        if meeting.sequence == 1:
            services.submit_document(
                actor=actor,
                meeting=meeting,
                title=translations("en", en="Terms of reference of the body, draft (illustrative)"),
                purpose=DocumentPurpose.DECISION,
                classification=Classification.RESTRICTED,
                derestrict_on=dt.date(2027, 6, 30),
                agenda_item=meeting.agenda_items.get(number="1"),
                submitted_by_forum=fora["daib"],
                upload=_file("tor.pdf", "Terms of reference draft (illustrative)"),
                now=dt.datetime(2026, 11, 20, 9, 0, tzinfo=SEOUL),
            )
