"""Demo data of the APEC Digital·AI process: the registry and one account per role.

Facts come from ``shared/domain`` (economies, fora, the 2025 ministerial meeting). People
marked "(illustrative)" are invented for the demo. Seeding goes through the services, so the
audit chain covers it, and it is idempotent: existing rows are left as they are.
"""

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from secretariat.core import audit
from secretariat.core.i18n import translations

from . import services
from .choices import ForumKind, OrganisationKind, RoleKind
from .models import Delegation, Economy, Forum, ForumRole, Organisation, Person

DEMO_PASSWORD = "apec-demo-2025"
ECONOMIES_CSV = Path(__file__).parent / "data" / "economies.csv"

# Korean names: a first translation, marked "machine" until a translator verifies it.
ECONOMY_NAMES_KO = {
    "AU": "호주",
    "BN": "브루나이 다루살람",
    "CA": "캐나다",
    "CL": "칠레",
    "CN": "중국",
    "HK": "중국 홍콩",
    "ID": "인도네시아",
    "JP": "일본",
    "KR": "대한민국",
    "MY": "말레이시아",
    "MX": "멕시코",
    "NZ": "뉴질랜드",
    "PG": "파푸아뉴기니",
    "PE": "페루",
    "PH": "필리핀",
    "RU": "러시아",
    "SG": "싱가포르",
    "TW": "중국 타이베이",
    "TH": "태국",
    "US": "미국",
    "VN": "베트남",
}


def _text(en: str, ko: str = "") -> dict:
    value = translations("en", en=en)
    if ko:
        value["ko"] = {"text": ko, "status": "machine"}
    return value


# slug, abbreviation, kind, English name, Korean name, parent slug, established, description
FORA = [
    (
        "aelm",
        "AELM",
        ForumKind.LEADERS,
        "APEC Economic Leaders' Meeting",
        "APEC 정상회의",
        None,
        1993,
        "Annual summit; issues the Leaders' Declaration.",
    ),
    (
        "amm",
        "AMM",
        ForumKind.MINISTERIAL,
        "APEC Ministerial Meeting",
        "APEC 각료회의",
        "aelm",
        None,
        "Joint foreign and trade ministers; final review before the Leaders' Meeting.",
    ),
    (
        "som",
        "SOM",
        ForumKind.SENIOR_OFFICIALS,
        "Senior Officials' Meeting",
        "고위관리회의",
        "amm",
        None,
        "Meets three to four times a year; guides committees and working groups.",
    ),
    (
        "cti",
        "CTI",
        ForumKind.COMMITTEE,
        "Committee on Trade and Investment",
        "무역투자위원회",
        "som",
        1993,
        "Trade and investment liberalisation and facilitation.",
    ),
    (
        "sce",
        "SCE",
        ForumKind.COMMITTEE,
        "SOM Steering Committee on Economic and Technical Cooperation",
        "경제기술협력운영위원회",
        "som",
        None,
        "Coordinates the ECOTECH agenda and its fora, including TEL and PPSTI.",
    ),
    (
        "telwg",
        "TELWG",
        ForumKind.WORKING_GROUP,
        "Telecommunications and Information Working Group",
        "통신정보실무그룹",
        "sce",
        1990,
        "ICT infrastructure and policy and a secure and trusted ICT environment; "
        "meets twice a year.",
    ),
    (
        "desg",
        "DESG",
        ForumKind.STEERING_GROUP,
        "Digital Economy Steering Group",
        "디지털경제운영그룹",
        "cti",
        2018,
        "Created in 2018 to govern the implementation of AIDER.",
    ),
    (
        "ppsti",
        "PPSTI",
        ForumKind.POLICY_PARTNERSHIP,
        "Policy Partnership on Science, Technology and Innovation",
        "과학기술혁신정책파트너십",
        "sce",
        2012,
        "Science, technology and innovation cooperation and innovation policy.",
    ),
    (
        "abac",
        "ABAC",
        ForumKind.ADVISORY_COUNCIL,
        "APEC Business Advisory Council",
        "APEC 기업인자문위원회",
        "aelm",
        1995,
        "Up to three business members per economy, appointed by their Leader; advises Leaders.",
    ),
    (
        "daimm",
        "DAIMM",
        ForumKind.MINISTERIAL,
        "Digital and AI Ministerial Meeting",
        "디지털·AI 장관회의",
        "aelm",
        2025,
        "First met on 4 August 2025 in Incheon (also counted as TELMIN11) and adopted the "
        "Digital and AI Ministerial Statement by consensus.",
    ),
    (
        "daib",
        "DAIB",
        ForumKind.HIGH_LEVEL_BODY,
        "High-Level Digital·AI Body",
        "디지털·AI 고위급 협의체",
        "daimm",
        2025,
        "The regular high-level body the 2025 ministers laid the basis for (name illustrative); "
        "works with TELWG, DESG and ABAC on joint research and international standardisation.",
    ),
]

# slug, kind, acronym, English name, Korean name, economy code, website
ORGANISATIONS = [
    (
        "apec-secretariat",
        OrganisationKind.SECRETARIAT,
        "APEC Secretariat",
        "APEC Secretariat",
        "APEC 사무국",
        "SG",
        "https://www.apec.org",
    ),
    (
        "world-bank",
        OrganisationKind.INTERNATIONAL,
        "WB",
        "World Bank",
        "세계은행",
        None,
        "https://www.worldbank.org",
    ),
    (
        "iso-iec-jtc1-sc42",
        OrganisationKind.STANDARDS_BODY,
        "SC 42",
        "ISO/IEC JTC 1/SC 42 Artificial intelligence",
        "ISO/IEC JTC 1/SC 42 인공지능",
        None,
        "https://www.iso.org/committee/6794475.html",
    ),
    (
        "itu-t",
        OrganisationKind.STANDARDS_BODY,
        "ITU-T",
        "ITU Telecommunication Standardization Sector",
        "ITU 전기통신표준화부문",
        None,
        "https://www.itu.int/en/ITU-T",
    ),
    (
        "ieee",
        OrganisationKind.STANDARDS_BODY,
        "IEEE",
        "Institute of Electrical and Electronics Engineers",
        "전기전자공학자협회",
        None,
        "https://www.ieee.org",
    ),
    (
        "asean-secretariat",
        OrganisationKind.OBSERVER,
        "ASEAN",
        "ASEAN Secretariat",
        "아세안 사무국",
        None,
        "",
    ),
    (
        "pecc",
        OrganisationKind.OBSERVER,
        "PECC",
        "Pacific Economic Cooperation Council",
        "태평양경제협력위원회",
        None,
        "",
    ),
    (
        "pif-secretariat",
        OrganisationKind.OBSERVER,
        "PIF",
        "Pacific Islands Forum Secretariat",
        "태평양도서국포럼 사무국",
        None,
        "",
    ),
    (
        "msit",
        OrganisationKind.GOVERNMENT,
        "MSIT",
        "Ministry of Science and ICT",
        "과학기술정보통신부",
        "KR",
        "https://www.msit.go.kr",
    ),
    (
        "ostp",
        OrganisationKind.GOVERNMENT,
        "OSTP",
        "Office of Science and Technology Policy",
        "백악관 과학기술정책실",
        "US",
        "",
    ),
    (
        "songdo-ai-labs",
        OrganisationKind.COMPANY,
        "",
        "Songdo AI Labs (illustrative)",
        "송도 AI 랩스 (가상)",
        "KR",
        "",
    ),
    (
        "pacific-cloud",
        OrganisationKind.COMPANY,
        "",
        "Pacific Cloud Systems (illustrative)",
        "퍼시픽 클라우드 시스템즈 (가상)",
        "US",
        "",
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    family_name: str
    given_name: str
    economy: str | None
    organisation: str | None
    position: str
    staff: bool = False
    totp_secret: str = ""


# TOTP secrets are fixed so the README can say how demo accounts pass two-factor sign-in.
DEMO_ACCOUNTS = [
    DemoAccount(
        "secretariat",
        "secretariat staff",
        "TAN",
        "Mei Ling (illustrative)",
        None,
        "apec-secretariat",
        "Program Director, Digital·AI (illustrative)",
        staff=True,
        totp_secret="MRSW23ZNORXXI4BNONSWG4TFORQXE2LB",
    ),
    DemoAccount(
        "chair",
        "chair of the high-level body",
        "KIM",
        "Jisoo (illustrative)",
        "KR",
        "msit",
        "Chair of the High-Level Digital·AI Body (illustrative)",
    ),
    DemoAccount(
        "kr-head",
        "head of delegation, Korea",
        "LEE",
        "Minho (illustrative)",
        "KR",
        "msit",
        "Director-General for Digital Cooperation (illustrative)",
        totp_secret="MRSW23ZNORXXI4BNNNZC22DFMFSC4LRO",
    ),
    DemoAccount(
        "kr-delegate",
        "delegate, Korea",
        "PARK",
        "Soyeon (illustrative)",
        "KR",
        "msit",
        "Deputy Director, AI Policy (illustrative)",
    ),
    DemoAccount(
        "us-head",
        "head of delegation, United States",
        "JOHNSON",
        "Emily (illustrative)",
        "US",
        "ostp",
        "Senior Policy Advisor (illustrative)",
        totp_secret="MRSW23ZNORXXI4BNOVZS22DFMFSC4LRO",
    ),
    DemoAccount(
        "us-delegate",
        "delegate, United States",
        "GARCIA",
        "Daniel (illustrative)",
        "US",
        "ostp",
        "Policy Analyst (illustrative)",
    ),
    DemoAccount(
        "worldbank",
        "partner, World Bank",
        "NGUYEN",
        "Anh (illustrative)",
        None,
        "world-bank",
        "Digital Development Specialist (illustrative)",
    ),
    DemoAccount(
        "exhibitor",
        "exhibitor",
        "CHOI",
        "Yuna (illustrative)",
        "KR",
        "songdo-ai-labs",
        "Head of Partnerships (illustrative)",
    ),
    DemoAccount("reader", "public reader", "", "", None, None, ""),
]


def refuse_in_production() -> None:
    if settings.SECRETARIAT_ENV == "production":
        raise RuntimeError("Demo data and demo accounts are never seeded in production.")


def seed_all() -> dict[str, int]:
    """The registry's demo, then every other app's ``demo.seed()`` in INSTALLED_APPS order."""
    import importlib
    import importlib.util

    from django.apps import apps

    from secretariat.search import services as search
    from secretariat.search import signals as search_index

    # Indexed once at the end: re-indexing after each of the demo's ~180 transactions cost
    # a fifth of the seeding, which every browser test pays.
    with search_index.suspended():
        counts = seed()
        for config in apps.get_app_configs():
            module = f"{config.name}.demo"
            if (
                config.name.startswith("secretariat.")
                and config.label != "registry"
                and importlib.util.find_spec(module) is not None
            ):
                counts.update(importlib.import_module(module).seed())
    search.reindex_everything()
    # Later apps add organisations, people and meetings: count the registry once more.
    return counts | _registry_counts()


def seed(*, actor: Any = "demo") -> dict[str, int]:
    """Seed everything; return how many rows of each kind now exist."""
    refuse_in_production()
    with transaction.atomic():
        economies = _seed_economies(actor)
        organisations = _seed_organisations(actor, economies)
        fora = _seed_fora(actor)
        delegations = _seed_delegations(actor, economies, fora)
        _seed_public_people(actor, economies, organisations, fora)
        _seed_accounts(actor, economies, organisations, fora, delegations)
    return _registry_counts()


def _registry_counts() -> dict[str, int]:
    return {
        "economies": Economy.objects.count(),
        "organisations": Organisation.objects.count(),
        "fora": Forum.objects.count(),
        "delegations": Delegation.objects.count(),
        "people": Person.objects.count(),
    }


def _seed_economies(actor: Any) -> dict[str, Economy]:
    existing = {economy.code: economy for economy in Economy.objects.all()}
    with ECONOMIES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["code_alpha2"]
            if code not in existing:
                existing[code] = services.create_economy(
                    actor=actor,
                    code=code,
                    code_alpha3=row["code_alpha3"],
                    name=_text(row["name"], ECONOMY_NAMES_KO.get(code, "")),
                    joined_year=int(row["joined"]),
                )
    return existing


def _seed_organisations(actor: Any, economies: dict[str, Economy]) -> dict[str, Organisation]:
    existing = {organisation.slug: organisation for organisation in Organisation.objects.all()}
    for slug, kind, acronym, name, name_ko, economy, website in ORGANISATIONS:
        if slug not in existing:
            existing[slug] = services.create_organisation(
                actor=actor,
                slug=slug,
                kind=kind,
                acronym=acronym,
                name=_text(name, name_ko),
                description={},
                website=website,
                economy=economies[economy] if economy else None,
            )
    return existing


def _seed_fora(actor: Any) -> dict[str, Forum]:
    existing = {forum.slug: forum for forum in Forum.objects.all()}
    for slug, abbreviation, kind, name, name_ko, parent, year, description in FORA:
        if slug not in existing:
            existing[slug] = services.create_forum(
                actor=actor,
                slug=slug,
                abbreviation=abbreviation,
                kind=kind,
                name=_text(name, name_ko),
                description=_text(description),
                parent=existing[parent] if parent else None,
                established_year=year,
            )
    return existing


def _seed_delegations(
    actor: Any, economies: dict[str, Economy], fora: dict[str, Forum]
) -> dict[tuple[str, str], Delegation]:
    existing = {
        (d.economy.code, d.forum.slug): d
        for d in Delegation.objects.select_related("economy", "forum")
    }
    for forum_slug in ("daimm", "daib"):
        for code, economy in economies.items():
            if (code, forum_slug) not in existing:
                existing[(code, forum_slug)] = services.create_delegation(
                    actor=actor, economy=economy, forum=fora[forum_slug]
                )
    return existing


def _ensure_person(actor: Any, *, family_name: str, given_name: str, **fields: Any) -> Person:
    person = Person.objects.filter(family_name=family_name, given_name=given_name).first()
    return person or services.create_person(
        actor=actor, family_name=family_name, given_name=given_name, **fields
    )


def _ensure_role(actor: Any, person: Person, forum: Forum, kind: str, **fields: Any) -> None:
    if not ForumRole.objects.filter(person=person, forum=forum, kind=kind).exists():
        services.assign_role(actor=actor, person=person, forum=forum, kind=kind, **fields)


def _seed_public_people(
    actor: Any,
    economies: dict[str, Economy],
    organisations: dict[str, Organisation],
    fora: dict[str, Forum],
) -> None:
    bae = _ensure_person(
        actor,
        family_name="BAE",
        given_name="Kyunghoon",
        honorific="H.E.",
        position=_text("Minister of Science and ICT", "과학기술정보통신부 장관"),
        economy=economies["KR"],
        organisation=organisations["msit"],
        is_public=True,
        email="",
    )
    _ensure_role(actor, bae, fora["daimm"], RoleKind.CHAIR)
    kratsios = _ensure_person(
        actor,
        family_name="KRATSIOS",
        given_name="Michael",
        honorific="",
        position=_text("Director, Office of Science and Technology Policy"),
        economy=economies["US"],
        organisation=organisations["ostp"],
        is_public=True,
        email="",
    )
    _ensure_role(
        actor,
        kratsios,
        fora["daimm"],
        RoleKind.HEAD_OF_DELEGATION,
        delegation=Delegation.objects.get(economy=economies["US"], forum=fora["daimm"]),
    )
    kim_sangbu = _ensure_person(
        actor,
        family_name="KIM",
        given_name="Sangbu",
        honorific="",
        position=_text("Vice President, World Bank"),
        economy=None,
        organisation=organisations["world-bank"],
        is_public=True,
        email="",
    )
    _ensure_role(
        actor, kim_sangbu, fora["daib"], RoleKind.PARTNER, organisation=organisations["world-bank"]
    )


def _seed_accounts(
    actor: Any,
    economies: dict[str, Economy],
    organisations: dict[str, Organisation],
    fora: dict[str, Forum],
    delegations: dict[tuple[str, str], Delegation],
) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user_model = get_user_model()
    body = fora["daib"]
    for account in DEMO_ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=account.username,
                email=f"{account.username}@demo.invalid",
                password=DEMO_PASSWORD,
                is_staff=account.staff,
                is_superuser=account.staff,
            )
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            audit.record(
                actor=actor,
                action="accounts.user.created.demo",
                obj=user,
                changes={"username": user.username, "is_staff": user.is_staff},
            )
        if (
            account.totp_secret
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            Authenticator.objects.create(
                user=user, type=Authenticator.Type.TOTP, data={"secret": account.totp_secret}
            )
        if not account.family_name:
            continue
        person = Person.objects.filter(user=user).first() or _ensure_person(
            actor,
            family_name=account.family_name,
            given_name=account.given_name,
            position=_text(account.position),
            email=user.email,
            economy=economies[account.economy] if account.economy else None,
            organisation=organisations[account.organisation] if account.organisation else None,
            is_public=False,
        )
        if person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
            audit.record(
                actor=actor,
                action="registry.person.linked.demo",
                obj=person,
                changes={"user_id": user.pk},
            )
        _seed_account_roles(actor, account, person, body, organisations, delegations)


def _seed_account_roles(
    actor: Any,
    account: DemoAccount,
    person: Person,
    body: Forum,
    organisations: dict[str, Organisation],
    delegations: dict[tuple[str, str], Delegation],
) -> None:
    if account.username == "secretariat":
        _ensure_role(
            actor,
            person,
            body,
            RoleKind.SECRETARIAT,
            organisation=organisations["apec-secretariat"],
        )
    elif account.username == "chair":
        _ensure_role(actor, person, body, RoleKind.CHAIR)
    elif account.username.endswith("-head"):
        for forum_slug in ("daib", "daimm"):
            delegation = delegations[(account.economy or "", forum_slug)]
            if not delegation.members.filter(kind=RoleKind.HEAD_OF_DELEGATION).exists():
                _ensure_role(
                    actor,
                    person,
                    delegation.forum,
                    RoleKind.HEAD_OF_DELEGATION,
                    delegation=delegation,
                )
    elif account.username.endswith("-delegate"):
        delegation = delegations[(account.economy or "", "daib")]
        _ensure_role(actor, person, body, RoleKind.DELEGATE, delegation=delegation)
    elif account.username == "worldbank":
        _ensure_role(
            actor, person, body, RoleKind.PARTNER, organisation=organisations["world-bank"]
        )
