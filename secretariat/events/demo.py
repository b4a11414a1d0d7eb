"""Demo data of events: the Global Digital·AI Forum's co-hosts and speakers, and the
Digital·AI exhibition with its exhibitors.

The forum meeting itself comes from ``meetings.demo`` (reused, never duplicated). Facts from
``shared/domain/apec.md``: co-hosted by MSIT and the World Bank at the Sheraton Grand Incheon
on 5 August 2025, sessions on connectivity, inclusion and innovation, remarks by World Bank
VP Sangbu Kim, and a company exhibition. The domain notes name no exhibiting company, so every
exhibitor and every other speaker is invented and labelled "(illustrative)". Idempotent."""

import datetime as dt
from typing import Any

from django.db import transaction

from secretariat.core.i18n import translations
from secretariat.meetings import services as meeting_services
from secretariat.meetings.choices import MeetingKind, MeetingStatus
from secretariat.meetings.models import Meeting
from secretariat.registry import services as registry_services
from secretariat.registry.choices import OrganisationKind
from secretariat.registry.demo import refuse_in_production
from secretariat.registry.models import Economy, Organisation, Person

from . import services
from .choices import BoothSize, Sector, SpeakerRole
from .models import CoHost, Exhibitor, Speaker

FORUM_DAY = dt.date(2025, 8, 5)

# slug, English name, economy, sector, booth size, English profile. All invented.
COMPANIES: list[tuple[str, str, str, str, str, str]] = [
    (
        "songdo-ai-labs",
        "",
        "KR",
        Sector.AI,
        BoothSize.LARGE,
        "Foundation models for public services.",
    ),
    (
        "pacific-cloud",
        "",
        "US",
        Sector.CLOUD,
        BoothSize.LARGE,
        "Sovereign cloud regions across the Pacific.",
    ),
    (
        "hanbit-semicon",
        "Hanbit Semiconductor",
        "KR",
        Sector.SEMICONDUCTORS,
        BoothSize.MEDIUM,
        "Low-power AI accelerators.",
    ),
    (
        "gyeongin-5g",
        "Gyeongin 5G Networks",
        "KR",
        Sector.CONNECTIVITY,
        BoothSize.MEDIUM,
        "Private 5G for ports and factories.",
    ),
    (
        "maple-health-ai",
        "Maple Health AI",
        "CA",
        Sector.HEALTH,
        BoothSize.SMALL,
        "Clinical decision support in two official languages.",
    ),
    (
        "andes-fintech",
        "Andes Fintech",
        "PE",
        Sector.FINTECH,
        BoothSize.SMALL,
        "Mobile payments for the unbanked.",
    ),
    (
        "kiwi-trust",
        "Kiwi Trust Systems",
        "NZ",
        Sector.SECURITY,
        BoothSize.SMALL,
        "Digital identity and verifiable credentials.",
    ),
    (
        "sakura-robotics",
        "Sakura Robotics",
        "JP",
        Sector.AI,
        BoothSize.MEDIUM,
        "Care robots for ageing societies.",
    ),
    (
        "pearl-river-data",
        "Pearl River Data",
        "CN",
        Sector.CLOUD,
        BoothSize.MEDIUM,
        "Green data centres.",
    ),
    (
        "lion-city-smart",
        "Lion City Smart Mobility",
        "SG",
        Sector.SMART_CITY,
        BoothSize.MEDIUM,
        "Traffic optimisation with edge AI.",
    ),
    (
        "outback-connect",
        "Outback Connect",
        "AU",
        Sector.CONNECTIVITY,
        BoothSize.SMALL,
        "Satellite broadband for remote communities.",
    ),
    (
        "aztec-learning",
        "Aztec Learning",
        "MX",
        Sector.EDUCATION,
        BoothSize.SMALL,
        "Digital skills courses for SMEs.",
    ),
    (
        "mekong-agritech",
        "Mekong AgriTech",
        "VN",
        Sector.AI,
        BoothSize.SMALL,
        "Crop forecasting from satellite images.",
    ),
    (
        "siam-secure",
        "Siam Secure",
        "TH",
        Sector.SECURITY,
        BoothSize.SMALL,
        "Deepfake detection for newsrooms.",
    ),
    (
        "nusantara-pay",
        "Nusantara Pay",
        "ID",
        Sector.FINTECH,
        BoothSize.MEDIUM,
        "QR payments across borders.",
    ),
    (
        "borneo-cloud",
        "Borneo Cloud",
        "MY",
        Sector.CLOUD,
        BoothSize.SMALL,
        "Cloud for public agencies.",
    ),
    (
        "manila-bpo-ai",
        "Manila BPO AI",
        "PH",
        Sector.AI,
        BoothSize.SMALL,
        "Multilingual customer-service assistants.",
    ),
    (
        "formosa-chips",
        "Formosa Chip Design",
        "TW",
        Sector.SEMICONDUCTORS,
        BoothSize.MEDIUM,
        "Chip design services for AI at the edge.",
    ),
    (
        "harbour-health",
        "Harbour Health Data",
        "HK",
        Sector.HEALTH,
        BoothSize.SMALL,
        "Privacy-preserving health analytics.",
    ),
    (
        "valparaiso-ports",
        "Valparaíso Smart Ports",
        "CL",
        Sector.SMART_CITY,
        BoothSize.SMALL,
        "Digital twins of container terminals.",
    ),
    (
        "taiga-networks",
        "Taiga Networks",
        "RU",
        Sector.CONNECTIVITY,
        BoothSize.SMALL,
        "Long-haul fibre monitoring.",
    ),
    (
        "pacific-edu",
        "Pacific EduTech",
        "PG",
        Sector.EDUCATION,
        BoothSize.SMALL,
        "Offline-first learning tablets.",
    ),
    (
        "brunei-geo",
        "Brunei GeoAI",
        "BN",
        Sector.AI,
        BoothSize.SMALL,
        "Geospatial AI for energy and forests.",
    ),
]

# name, position, economy code or organisation slug, role, session index or None, talk.
SPEAKERS: list[tuple[str, str, str, str, int | None, str]] = [
    ("", "", "world-bank", SpeakerRole.OPENING, None, "Opening remarks"),
    (
        "LEE Minho (illustrative)",
        "Director-General, MSIT (illustrative)",
        "KR",
        SpeakerRole.KEYNOTE,
        0,
        "Universal and meaningful connectivity (illustrative)",
    ),
    (
        "Maria SANTOS (illustrative)",
        "Digital Development Specialist (illustrative)",
        "world-bank",
        SpeakerRole.MODERATOR,
        0,
        "",
    ),
    (
        "Tom WILSON (illustrative)",
        "Chief Technology Officer (illustrative)",
        "outback-connect",
        SpeakerRole.PANELLIST,
        0,
        "Satellite broadband for the last mile (illustrative)",
    ),
    (
        "Ana QUISPE (illustrative)",
        "Vice-Minister (illustrative)",
        "PE",
        SpeakerRole.KEYNOTE,
        1,
        "Digital inclusion in the Andes (illustrative)",
    ),
    (
        "Dewi LESTARI (illustrative)",
        "Founder (illustrative)",
        "nusantara-pay",
        SpeakerRole.PANELLIST,
        1,
        "Payments for the unbanked (illustrative)",
    ),
    (
        "Hiroshi TANAKA (illustrative)",
        "Head of Research (illustrative)",
        "sakura-robotics",
        SpeakerRole.PANELLIST,
        2,
        "Robots for ageing societies (illustrative)",
    ),
    (
        "Emily CHEN (illustrative)",
        "Senior Policy Advisor (illustrative)",
        "US",
        SpeakerRole.PANELLIST,
        2,
        "Trustworthy AI innovation (illustrative)",
    ),
    (
        "CHOI Yuna (illustrative)",
        "Head of Partnerships (illustrative)",
        "songdo-ai-labs",
        SpeakerRole.PRESENTER,
        2,
        "AI for public services (illustrative)",
    ),
]


def seed(*, actor: Any = "demo") -> dict[str, int]:
    refuse_in_production()
    with transaction.atomic():
        forum = Meeting.objects.filter(code="GDAIF", start_date=FORUM_DAY).first()
        economies = {economy.code: economy for economy in Economy.objects.all()}
        if forum is not None and "KR" in economies:
            organisations = _seed_companies(actor, economies)
            _seed_forum(actor, forum, organisations, economies)
            _seed_exhibition(actor, forum, organisations)
    return {
        "meetings": Meeting.objects.count(),  # the exhibition is one more
        "forum speakers": Speaker.objects.count(),
        "exhibitors": Exhibitor.objects.count(),
    }


def _seed_companies(actor: Any, economies: dict[str, Economy]) -> dict[str, Organisation]:
    existing = {org.slug: org for org in Organisation.objects.all()}
    for slug, name, economy, _sector, _size, _profile in COMPANIES:
        if slug not in existing and economy in economies:
            existing[slug] = registry_services.create_organisation(
                actor=actor,
                slug=slug,
                kind=OrganisationKind.COMPANY,
                name=translations("en", en=f"{name} (illustrative)"),
                economy=economies[economy],
            )
    return existing


def _seed_forum(
    actor: Any,
    forum: Meeting,
    organisations: dict[str, Organisation],
    economies: dict[str, Economy],
) -> None:
    for slug in ("msit", "world-bank"):
        organisation = organisations.get(slug)
        if (
            organisation
            and not CoHost.objects.filter(meeting=forum, organisation=organisation).exists()
        ):
            services.add_cohost(actor=actor, meeting=forum, organisation=organisation)
    if forum.speakers.exists():
        return
    sessions = list(forum.sessions.order_by("starts_at", "pk"))
    kim = Person.objects.filter(family_name="KIM", given_name="Sangbu").first()
    for order, (name, position, affiliation, role, session_index, talk) in enumerate(SPEAKERS):
        if not name and kim is None:
            continue
        services.add_speaker(
            actor=actor,
            meeting=forum,
            person=kim if not name else None,
            name=name,
            position=translations("en", en=position) if position else {},
            economy=economies.get(affiliation),
            organisation=organisations.get(affiliation) if affiliation not in economies else None,
            role=role,
            session=sessions[session_index]
            if session_index is not None and session_index < len(sessions)
            else None,
            talk_title=translations("en", en=talk) if talk else {},
            order=order,
        )


def _seed_exhibition(actor: Any, forum: Meeting, organisations: dict[str, Organisation]) -> None:
    exhibition = Meeting.objects.filter(code="DAIEX", start_date=FORUM_DAY).first()
    if exhibition is None:
        exhibition = meeting_services.create_meeting(
            actor=actor,
            forum=forum.forum,
            code="DAIEX",
            title=translations(
                "en",
                en="Digital·AI Exhibition at the Global Digital·AI Forum",
                ko="디지털·AI 전시회",
            ),
            kind=MeetingKind.EXHIBITION,
            status=MeetingStatus.HELD,
            host_economy=forum.host_economy,
            venue="Sheraton Grand Incheon",
            city="Incheon",
            timezone="Asia/Seoul",
            start_date=FORUM_DAY,
            end_date=FORUM_DAY,
        )
    taken = set(exhibition.exhibitors.values_list("organisation__slug", flat=True))
    for number, (slug, _name, _economy, sector, size, profile) in enumerate(COMPANIES, start=1):
        organisation = organisations.get(slug)
        if organisation is None or slug in taken:
            continue
        hall = "Grand Ballroom" if number <= 12 else "Foyer"
        services.add_exhibitor(
            actor=actor,
            meeting=exhibition,
            organisation=organisation,
            booth_code=f"{'A' if number <= 12 else 'B'}-{number:02d}",
            hall=f"{hall} (illustrative)",
            booth_size=size,
            sector=sector,
            profile=translations("en", en=f"{profile} (illustrative)"),
            website="",
        )
