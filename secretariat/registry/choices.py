from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    INTERNATIONAL = "international", _("international organisation")
    STANDARDS_BODY = "standards_body", _("standards body")
    COMPANY = "company", _("company")
    GOVERNMENT = "government", _("government agency")
    BUSINESS_COUNCIL = "business_council", _("business council")
    OBSERVER = "observer", _("official observer")
    SECRETARIAT = "secretariat", _("secretariat")


class ForumKind(models.TextChoices):
    LEADERS = "leaders", _("leaders' meeting")
    MINISTERIAL = "ministerial", _("ministerial meeting")
    HIGH_LEVEL_BODY = "high_level_body", _("high-level body")
    SENIOR_OFFICIALS = "senior_officials", _("senior officials")
    COMMITTEE = "committee", _("committee")
    WORKING_GROUP = "working_group", _("working group")
    STEERING_GROUP = "steering_group", _("steering group")
    POLICY_PARTNERSHIP = "policy_partnership", _("policy partnership")
    ADVISORY_COUNCIL = "advisory_council", _("advisory council")


class RoleKind(models.TextChoices):
    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    SECRETARIAT = "secretariat", _("secretariat")
    HEAD_OF_DELEGATION = "head_of_delegation", _("head of delegation")
    DELEGATE = "delegate", _("delegate")
    PARTNER = "partner", _("partner / observer")

    @classmethod
    def delegation_roles(cls) -> set[str]:
        return {cls.HEAD_OF_DELEGATION, cls.DELEGATE}
