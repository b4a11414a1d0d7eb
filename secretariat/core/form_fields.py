"""Form fields every app's pages share."""

from typing import Any

from django import forms

from .schemas import MAX_ID


class BoundedIntegerField(forms.IntegerField):
    """A row id, version or revision number from a form: past a signed 64-bit integer it is a
    form error, never a database overflow (500). The pages' counterpart of ``schemas.Id``."""

    def __init__(self, *, min_value: int = 1, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(min_value=min_value, **kwargs)
