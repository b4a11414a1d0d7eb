from datetime import datetime

from ninja import Field, Schema

from secretariat.core.schemas import ContentLanguage, Id


class OutcomeLanguageOut(Schema):
    language: str
    state: str  # original, verified, partial, unverified
    verified: int
    total: int
    required: bool


class OutcomeSummaryOut(Schema):
    slug: str
    title: str
    title_language: str
    adopted_at: datetime | None
    announced_at: datetime | None
    meeting_id: int | None


class PublicParagraphOut(Schema):
    """One paragraph as the public sees it in the requested language: ``state`` is
    ``original`` or ``verified`` exactly when ``language`` is the requested one; otherwise
    ``text`` is the original (``language`` says which) and ``state`` why (draft, machine,
    outdated, missing) — a draft's own text is never returned here."""

    eid: str
    num: str
    heading: str
    text: str
    language: str
    state: str


class OutcomeOut(Schema):
    slug: str
    version: int
    title: str
    title_language: str
    language: str
    language_state: str
    source_language: str
    required_languages: list[str]
    adopted_at: datetime | None
    announced_at: datetime | None
    meeting_id: int | None
    languages: list[OutcomeLanguageOut]
    paragraphs: list[PublicParagraphOut]


class OutcomeCreate(Schema):
    text: str = Field(..., max_length=80, description="The adopted text's slug.")
    slug: str = Field("", max_length=80, pattern=r"^[-a-zA-Z0-9_]*$")
    meeting_id: Id | None = None
    required_languages: list[ContentLanguage] = []  # type: ignore[valid-type]


class OutcomeUpdate(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    required_languages: list[ContentLanguage] | None = None  # type: ignore[valid-type]
    meeting_id: Id | None = None


class OutcomeAnnounce(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)


class MemorySuggestionOut(Schema):
    translation_id: int
    score: int = Field(..., description="0–100; 100 is an exact match of the source wording.")
    source_text: str
    text: str
    outcome_slug: str


class ParagraphTranslationOut(Schema):
    """A paragraph in the workspace: the source, and the stored translation with its state
    (``draft``, ``machine``, ``verified``; ``outdated`` when the source changed since,
    ``missing`` when there is none). ``version`` 0: no translation yet."""

    eid: str
    num: str
    source_text: str
    source_heading: str
    state: str
    text: str
    heading: str
    version: int
    translated_by: str | None
    reviewed_by: str | None
    verified_at: datetime | None
    suggestions: list[MemorySuggestionOut] = []


class ParagraphTranslationSave(Schema):
    version: int = Field(..., ge=0, le=2**31 - 1, description="The version read; 0 if none.")
    text: str = Field("", max_length=5000)
    heading: str = Field("", max_length=300)
    machine: bool = Field(False, description="Imported from a machine translation (labelled).")
    from_memory: Id | None = Field(None, description="Save this memory suggestion's text.")


class ParagraphTranslationVerify(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)


class TranslatorAssignmentOut(Schema):
    id: int
    user_id: int
    username: str
    language: str
    may_review: bool


class TranslatorAssignmentCreate(Schema):
    user_id: Id
    language: ContentLanguage  # type: ignore[valid-type]
    may_review: bool = False
