"""Writes to commitments, reports, scores and cycles. Callers authorise through
``permissions.access_*`` first; each function validates, writes and records its audit entry
in one transaction. Report text is the economy's own until submitted, so the audit log keeps
only a keyed digest of it."""

import enum
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core import audit, cache_tokens
from secretariat.core.errors import Conflict, ValidationFailed
from secretariat.core.i18n import translations
from secretariat.core.versioning import create_audited, update_versioned
from secretariat.negotiation.choices import Part
from secretariat.negotiation.consensus import plain_text
from secretariat.negotiation.models import Text
from secretariat.registry.models import Economy, Forum

from . import notices, selectors, sheets, suggest
from .choices import CommitmentState, OwnerKind, Stage
from .models import (
    Assessor,
    Commitment,
    Cycle,
    ImplementationReport,
    Score,
    ScoreComment,
    Theme,
)

MAX_LINKS = 20
# Renewed by every write here: the heat map page, cached whole for signed-out readers, is
# stored under it.
TOKEN = "commitments"


def _changed() -> None:
    cache_tokens.renew(TOKEN)


def figures_changed() -> None:
    """For writes made outside this module (the score sheets rebuilt): pages drawn from the
    old figures are not served again."""
    _changed()


def suggest_commitments(*, actor: Any, text: Text, language: str = "en") -> list[Commitment]:
    """Suggest a commitment for every agreed body paragraph of the adopted version that
    carries operative language and has none yet (suggested, confirmed or rejected: a
    rejection is remembered). Themes come from the paragraphs' headings, in order."""
    version = text.current_version
    if version is None:
        raise ValidationFailed(_("The text has no version to draw commitments from."))
    created: list[Commitment] = []
    with transaction.atomic():
        # One run at a time per text: a concurrent run would read the same commitments and
        # themes as missing and insert them again (a 500 on the once-per-paragraph rule).
        list(Text.objects.select_for_update().filter(pk=text.pk).values_list("pk", flat=True))
        known = set(Commitment.objects.filter(text=text).values_list("eid", flat=True))
        themes = {theme.name.get("en", {}).get("text", ""): theme for theme in text.themes.all()}
        for paragraph in version.paragraphs.select_related("provision").filter(part=Part.BODY):
            eid = paragraph.provision.eid
            wording = plain_text(paragraph.content)
            span = suggest.find_operative(wording, language)
            if eid in known or span is None:
                continue
            theme = None
            if paragraph.heading:
                theme = themes.get(paragraph.heading)
                if theme is None:
                    theme = Theme.objects.create(
                        text=text,
                        order=len(themes) + 1,
                        name=translations("en", en=paragraph.heading),
                    )
                    themes[paragraph.heading] = theme
            commitment = Commitment.objects.create(
                text=text,
                source_version=version,
                eid=eid,
                paragraph_num=paragraph.num,
                wording=wording,
                wording_hash=suggest.wording_hash(wording),
                phrase=span.phrase,
                span_start=span.start,
                span_end=span.end,
                title=translations("en", en=_short_title(wording)),
                theme=theme,
            )
            created.append(commitment)
        _changed()
        audit.record(
            actor=actor,
            action="commitments.suggested",
            obj=text,
            changes={"version": version.number, "eids": [c.eid for c in created]},
        )
    return created


def _short_title(wording: str, limit: int = 120) -> str:
    return wording if len(wording) <= limit else wording[: limit - 1].rstrip() + "…"


def _present(commitment: Commitment) -> Any:
    from .schemas import CommitmentOut

    return CommitmentOut.from_orm(commitment).model_dump()


class KeepTargetDate(enum.Enum):
    """A decision that does not mention the target date keeps it: the API's decision body
    may leave it out, and a missing date is not a cleared one."""

    KEEP = "keep"


KEEP_TARGET_DATE = KeepTargetDate.KEEP


def decide_commitment(
    *,
    actor: Any,
    commitment: Commitment,
    expected_version: int,
    decision: str,
    title: dict | None = None,
    theme: Theme | None = None,
    owner_kind: str | None = None,
    owner_economies: list[Economy] | None = None,
    owner_forum: Forum | None = None,
    target_date: date | None | KeepTargetDate = KEEP_TARGET_DATE,
    review_every_months: int | None = None,
) -> Commitment:
    """The secretariat confirms (with any edits) or rejects a suggestion, or edits a
    confirmed commitment. The wording, eId, version and hash are never edited. The target
    date is kept unless one (or None, to clear it) is given."""
    if decision not in CommitmentState.values or decision == CommitmentState.SUGGESTED:
        raise ValidationFailed(
            _("Decide with confirmed or rejected."), errors={"decision": [decision]}
        )
    changes: dict[str, Any] = {"state": decision, "decided_by": actor}
    if not isinstance(target_date, KeepTargetDate):
        changes["target_date"] = target_date
    if title is not None:
        changes["title"] = title
    if theme is not None:
        if theme.text_id != commitment.text_id:
            raise ValidationFailed(
                _("Choose one of this text's themes."), errors={"theme": ["other text"]}
            )
        changes["theme"] = theme
    if owner_kind is not None:
        changes["owner_kind"] = owner_kind
        changes["owner_forum"] = owner_forum if owner_kind == OwnerKind.FORUM else None
        if owner_kind == OwnerKind.FORUM and owner_forum is None:
            raise ValidationFailed(
                _("Name the forum that owns it."), errors={"owner_forum": [_("required")]}
            )
        if owner_kind == OwnerKind.SOME_ECONOMIES and not owner_economies:
            raise ValidationFailed(
                _("Name the economies it binds."), errors={"owner_economies": [_("required")]}
            )
    if review_every_months is not None:
        if not 1 <= review_every_months <= 60:
            raise ValidationFailed(
                _("Review between every 1 and 60 months."),
                errors={"review_every_months": [str(review_every_months)]},
            )
        changes["review_every_months"] = review_every_months
    with transaction.atomic():
        _changed()
        updated = update_versioned(
            commitment,
            actor=actor,
            action=f"commitments.commitment.{decision}",
            expected_version=expected_version,
            changes=changes,
            present=_present,
        )
        if owner_kind is not None:
            chosen = owner_economies if owner_kind == OwnerKind.SOME_ECONOMIES else []
            updated.owner_economies.set(chosen or [])
            audit.record(
                actor=actor,
                action="commitments.commitment.owners",
                obj=updated,
                changes={"economies": sorted(e.code for e in chosen or [])},
            )
    return updated


def create_cycle(
    *, actor: Any, name: str, starts_on: date, ends_on: date, report_due_on: date
) -> Cycle:
    if ends_on < starts_on:
        raise ValidationFailed(
            _("A cycle ends after it starts."), errors={"ends_on": [str(ends_on)]}
        )
    _changed()
    return create_audited(
        Cycle,
        actor=actor,
        action="commitments.cycle.created",
        fields={
            "name": name.strip(),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "report_due_on": report_due_on,
        },
    )


def _clean_links(links: list[str]) -> list[str]:
    cleaned = [link.strip() for link in links if link and link.strip()]
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            _("At most %(n)d evidence links.") % {"n": MAX_LINKS},
            errors={"evidence_links": ["too many"]},
        )
    bad = [
        link for link in cleaned if not link.startswith(("https://", "http://")) or len(link) > 500
    ]
    if bad:
        raise ValidationFailed(
            _("Evidence links are web addresses starting with https:// (at most 500 characters)."),
            errors={"evidence_links": bad},
        )
    return cleaned


def _clean_documents(numbers: list[str], actor: Any) -> list[str]:
    """Numbers of documents the writer may see: any other is unknown to them, so that the
    answer tells nothing of restricted documents."""
    from secretariat.meetings.selectors import documents_visible_to
    from secretariat.registry.permissions import principal_for

    cleaned = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            _("At most %(n)d evidence documents.") % {"n": MAX_LINKS},
            errors={"evidence_documents": ["too many"]},
        )
    known = set(
        documents_visible_to(principal_for(actor))
        .filter(number__in=cleaned)
        .values_list("number", flat=True)
    )
    unknown = [n for n in cleaned if n not in known]
    if unknown:
        raise ValidationFailed(
            _("No meeting document has the number %(numbers)s.") % {"numbers": ", ".join(unknown)},
            errors={"evidence_documents": unknown},
        )
    return cleaned


def save_report(
    *,
    actor: Any,
    commitment: Commitment,
    economy: Economy,
    cycle: Cycle,
    body: str,
    evidence_links: list[str],
    evidence_documents: list[str] | None = None,
    expected_version: int | None = None,
) -> ImplementationReport:
    """Write (or rewrite) the economy's draft: text, evidence links and the numbers of
    meeting documents as evidence. Rewriting needs the draft's version (409 without it or
    when stale); a submitted report is final (409)."""
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > 10000:
        raise ValidationFailed(
            _("A report has at most 10,000 characters."), errors={"body": ["too long"]}
        )
    links = _clean_links(evidence_links)
    documents = _clean_documents(evidence_documents or [], actor)
    existing = ImplementationReport.objects.filter(
        commitment=commitment, economy=economy, cycle=cycle
    ).first()
    if existing is None:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    report = ImplementationReport.objects.create(
                        commitment=commitment,
                        economy=economy,
                        cycle=cycle,
                        body=body,
                        evidence_links=links,
                        evidence_documents=documents,
                        created_by=actor,
                    )
            except IntegrityError:
                raise Conflict(
                    _("Another delegate started this report at the same time; reload it.")
                ) from None
            _changed()
            audit.record(
                actor=actor,
                action="commitments.report.created",
                obj=report,
                changes={"body": audit.private_digest(body), "links": audit.private_digest(links)},
            )
        return report
    if existing.submitted_at is not None:
        raise Conflict(_("This report was submitted; it can no longer be changed."))
    if expected_version is None:
        # Written from an empty form: another delegate's draft appeared since; replacing it
        # unseen would lose their work.
        raise Conflict(
            _("Another delegate saved a draft of this report meanwhile; reload it."),
            current={"id": existing.pk, "version": existing.version},
        )
    _changed()
    return update_versioned(
        existing,
        actor=actor,
        action="commitments.report.updated",
        expected_version=expected_version,
        changes={"body": body, "evidence_links": links, "evidence_documents": documents},
        present=lambda report: {"id": report.pk, "version": report.version},
        private=True,
    )


def submit_report(
    *, actor: Any, report: ImplementationReport, expected_version: int
) -> ImplementationReport:
    """The head of delegation submits: the report is shared from now on (never undone) and
    flagged late if after the cycle's due date."""
    now = timezone.now()
    with transaction.atomic():
        late = timezone.localdate(now) > report.cycle.report_due_on
        updated = ImplementationReport.objects.filter(
            pk=report.pk, version=expected_version, submitted_at__isnull=True
        ).update(
            submitted_at=now,
            submitted_by=actor,
            late=late,
            version=F("version") + 1,
            updated_at=now,
        )
        if not updated:
            raise Conflict(
                _("This report changed or was already submitted; reload it."),
                current={"id": report.pk},
            )
        report.refresh_from_db()
        _changed()
        audit.record(
            actor=actor,
            action="commitments.report.submitted",
            obj=report,
            changes={"late": late, "body": audit.private_digest(report.body)},
        )
    return report


def record_score(
    *,
    actor: Any,
    commitment: Commitment,
    economy: Economy,
    cycle: Cycle,
    stage: str,
    value: int,
    justification: str,
) -> Score:
    """Score one economy; a current score for the same slot is superseded, not overwritten.
    The justification cites the economy's submitted report where there is one."""
    _check_score(stage, value, justification)
    if commitment.state != CommitmentState.CONFIRMED:
        raise ValidationFailed(_("Only confirmed commitments are scored."))
    if economy.pk not in selectors.responsible_economy_ids([commitment])[commitment.pk]:
        raise ValidationFailed(
            _("This economy is not bound by this commitment."), errors={"economy": [economy.code]}
        )
    if cycle.final_published_at is not None and stage == Stage.FINAL:
        raise Conflict(_("This cycle's final scores are published; they can no longer change."))
    report = ImplementationReport.objects.filter(
        commitment=commitment, economy=economy, cycle=cycle, submitted_at__isnull=False
    ).first()
    now = timezone.now()
    with transaction.atomic():
        superseded = list(
            Score.objects.select_for_update()
            .filter(
                commitment=commitment,
                economy=economy,
                cycle=cycle,
                stage=stage,
                superseded_at__isnull=True,
            )
            .values_list("pk", "value")
        )
        Score.objects.filter(pk__in=[pk for pk, _v in superseded]).update(superseded_at=now)
        try:
            # An empty slot has no row to lock: a concurrent first score meets the
            # one-current-score constraint here.
            with transaction.atomic():
                score = Score.objects.create(
                    commitment=commitment,
                    economy=economy,
                    cycle=cycle,
                    stage=stage,
                    value=value,
                    justification=justification.strip(),
                    report=report,
                    assessor=actor,
                )
        except IntegrityError:
            raise Conflict(
                _("Another assessor scored this economy at the same time; reload and re-score.")
            ) from None
        sheets.keep(cycle_id=cycle.pk, economy_id=economy.pk, stage=stage)
        _changed()
        audit.record(
            actor=actor,
            action="commitments.score.rescored" if superseded else "commitments.score.recorded",
            obj=score,
            changes={
                "economy": economy.code,
                "stage": stage,
                "value": [superseded[0][1], value] if superseded else value,
                "report": report.pk if report else None,
            },
        )
    return score


def _check_score(stage: str, value: Any, justification: str) -> None:
    errors: dict[str, list[str]] = {}
    if stage not in Stage.values:
        errors["stage"] = [_("interim or final")]
    if value not in (-1, 0, 1):
        errors["value"] = [_("−1, 0 or +1")]
    if not (justification or "").strip():
        errors["justification"] = [_("required")]
    elif len(justification) > 5000:
        errors["justification"] = [_("at most 5,000 characters")]
    if errors:
        raise ValidationFailed(_("Check the score."), errors=errors)


def comment_on_score(*, actor: Any, score: Score, body: str) -> ScoreComment:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body or len(body) > 3000:
        raise ValidationFailed(
            _("Write a comment of at most 3,000 characters."), errors={"body": [_("required")]}
        )
    with transaction.atomic():
        # Read under a lock: a re-score committed meanwhile supersedes this one, and a
        # comment on a superseded score would hang under history nobody reads as current.
        current = Score.objects.select_for_update().filter(pk=score.pk).first()
        if current is None or current.superseded_at is not None:
            raise Conflict(_("This score has been superseded: comment on the current score."))
        comment = ScoreComment.objects.create(score=score, body=body, author=actor)
        _changed()
        audit.record(
            actor=actor,
            action="commitments.score.commented",
            obj=score,
            changes={"comment": comment.pk},
        )
    return comment


def publish_cycle(*, actor: Any, cycle: Cycle) -> Cycle:
    """Make the cycle's final scores (and its submitted reports) public. Once only."""
    now = timezone.now()
    with transaction.atomic():
        if not Cycle.objects.filter(pk=cycle.pk, final_published_at__isnull=True).update(
            final_published_at=now, version=F("version") + 1, updated_at=now
        ):
            raise Conflict(_("This cycle's final scores are already published."))
        cycle.refresh_from_db()
        _changed()
        audit.record(
            actor=actor,
            action="commitments.cycle.published",
            obj=cycle,
            changes={"published": True},
        )
        notices.scores_published(cycle)
    return cycle


def appoint_assessor(*, actor: Any, user: Any) -> Assessor:
    with transaction.atomic():
        assessor, created = Assessor.objects.get_or_create(
            user=user, defaults={"appointed_by": actor}
        )
        if not created:
            raise Conflict(_("This person is already an assessor."))
        audit.record(
            actor=actor,
            action="commitments.assessor.appointed",
            obj=assessor,
            changes={"user": user.pk},
        )
    return assessor
