"""Who is who: economies, organisations, fora, people, delegations and roles per forum."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from secretariat.core.i18n import TranslatedTextField, resolve
from secretariat.core.models import VersionedModel

from .choices import ForumKind, OrganisationKind, RoleKind


class Economy(VersionedModel):
    """A member economy. ISO codes are the keys; pages show the APEC name."""

    code = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    code_alpha3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    name = TranslatedTextField(_("APEC name"), max_length=200)
    joined_year = models.PositiveSmallIntegerField(_("joined"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("economy")
        verbose_name_plural = _("economies")

    def __str__(self) -> str:
        return resolve(self.name, "en").text or self.code


class Organisation(VersionedModel):
    """A partner, standards body, company or other organisation the body works with."""

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    acronym = models.CharField(max_length=40, blank=True)
    name = TranslatedTextField(_("name"), max_length=300)
    description = TranslatedTextField(_("description"), max_length=5000, blank=True)
    website = models.URLField(blank=True)
    economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.named(self.acronym, self.name, self.slug)

    @staticmethod
    def named(acronym: str, name: Any, slug: str) -> str:
        """How an organisation is named, from its columns (pages that read plain values)."""
        return acronym or resolve(name, "en").text or slug


class Forum(VersionedModel):
    """A body that meets: a ministerial, the high-level body, a working group, ABAC …"""

    slug = models.SlugField(max_length=40, unique=True)
    abbreviation = models.CharField(max_length=40)
    kind = models.CharField(max_length=30, choices=ForumKind.choices)
    name = TranslatedTextField(_("name"), max_length=300)
    description = TranslatedTextField(_("description"), max_length=5000, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    established_year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("forum")
        verbose_name_plural = _("fora")

    def __str__(self) -> str:
        return self.abbreviation

    def clean(self) -> None:
        """A forum cannot report to itself, directly or through its parents."""
        seen = {self.pk} if self.pk else set()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk in seen or len(seen) > 50:
                raise ValidationError({"parent": _("A forum cannot be its own ancestor.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Person(VersionedModel):
    """Someone who takes part: a delegate, a chair, a partner's representative, a speaker."""

    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100, blank=True)
    honorific = models.CharField(max_length=40, blank=True)
    position = TranslatedTextField(_("position"), max_length=300, blank=True)
    email = models.EmailField(blank=True)
    economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Ministers and chairs are public figures; everyone else is listed to members only.
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.named(self.family_name, self.given_name)

    @staticmethod
    def named(family_name: str, given_name: str) -> str:
        """How a person is named, from its columns (pages that read plain values)."""
        return f"{family_name.upper()} {given_name}".strip()


class Delegation(VersionedModel):
    """An economy's delegation to a forum; its members are the forum roles that point here."""

    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="delegations")
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="delegations")

    class Meta:
        ordering = ["forum__slug", "economy__code"]
        constraints = [
            models.UniqueConstraint(fields=["economy", "forum"], name="one_delegation_per_forum")
        ]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return f"{self.economy} — {self.forum}"


class ForumRole(models.Model):
    """A person's role in a forum. Heads of delegation and delegates belong to a delegation."""

    # PROTECT: removing someone's role is its own audited act, never a side effect.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(max_length=30, choices=RoleKind.choices)
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="forum_roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["forum__slug", "kind", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "forum", "kind"], name="one_role_kind_each"),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(kind=RoleKind.HEAD_OF_DELEGATION),
                name="one_head_per_delegation",
            ),
        ]
        verbose_name = _("forum role")
        verbose_name_plural = _("forum roles")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()} — {self.forum}"


class DelegationNote(VersionedModel):
    """An economy's internal note on a forum. Only that economy's delegates ever see it."""

    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=10000, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        # Never the title: this string lands in the audit log, which the economy does not own.
        return f"internal note #{self.pk}"


class WorksWith(VersionedModel):
    """A forum works with another forum or with a partner organisation, since a date. Links
    between two fora hold both ways and are stored once (the service refuses the mirror)."""

    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="works_with")
    partner_forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.PROTECT, related_name="worked_with_by"
    )
    partner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="works_with"
    )
    since = models.DateField(_("since"))
    note = TranslatedTextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["forum__slug", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_forum__isnull=True, partner_organisation__isnull=False)
                | Q(partner_forum__isnull=False, partner_organisation__isnull=True),
                name="works_with_one_partner",
            ),
            models.CheckConstraint(
                condition=~Q(partner_forum=models.F("forum")), name="works_with_not_itself"
            ),
            models.UniqueConstraint(
                fields=["forum", "partner_forum"], name="works_with_forum_once"
            ),
            models.UniqueConstraint(
                fields=["forum", "partner_organisation"], name="works_with_organisation_once"
            ),
            # The mirror (B works with A beside A works with B) refused by the database too:
            # the service's check alone lets two concurrent requests both write.
            models.UniqueConstraint(
                Least("forum", "partner_forum"),
                Greatest("forum", "partner_forum"),
                condition=Q(partner_forum__isnull=False),
                name="works_with_fora_once_either_way",
                violation_error_message=_("These two fora are already linked."),
            ),
        ]
        verbose_name = _("works-with link")
        verbose_name_plural = _("works-with links")

    def __str__(self) -> str:
        return f"{self.forum} — {self.partner}"

    @property
    def partner(self) -> "Forum | Organisation | None":
        return self.partner_forum or self.partner_organisation

    def other_side(self, forum: Forum) -> "Forum | Organisation | None":
        """The partner as seen from ``forum`` (a link between two fora shows on both)."""
        if self.partner_forum_id is not None and self.partner_forum_id == forum.pk:
            return self.forum
        return self.partner

    def clean(self) -> None:
        if (self.partner_forum_id is None) == (self.partner_organisation_id is None):
            raise ValidationError(
                {"partner_forum": _("Name either a partner forum or a partner organisation.")}
            )
        if self.partner_forum_id is not None and self.partner_forum_id == self.forum_id:
            raise ValidationError({"partner_forum": _("A forum does not work with itself.")})
        # The mirror is a duplicate (a link holds both ways); the service checks it too, but
        # the admin validates through here only.
        partner_id, forum_id = self.partner_forum_id, self.forum_id
        if (
            partner_id is not None
            and forum_id is not None  # no forum yet: a form error of its own
            and WorksWith.objects.filter(forum_id=partner_id, partner_forum_id=forum_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "partner_forum": _("%(forum)s already works with %(partner)s.")
                    % {"forum": self.forum, "partner": self.partner_forum}
                }
            )
