"""Who may do what with notifications: each signed-in user manages their own choices only."""

from typing import Any

from django.utils.translation import gettext as _

from secretariat.core.errors import NotAuthenticated

from . import selectors
from .models import NotificationPreference


def access_own_preference(user: Any) -> NotificationPreference:
    """The signed-in user's own preference (there is no way to name anyone else's)."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated(_("Sign in to choose which e-mails you receive."))
    return selectors.preference_of(user)
