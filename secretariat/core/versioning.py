"""Create and update rows with validation, an audit entry and optimistic concurrency.

Updates are compare-and-swap on the ``version`` column: ``UPDATE … WHERE version = read``.
A writer holding a stale version changes nothing and gets :class:`Conflict` with the current
state, so no edit is ever silently overwritten.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone

from . import audit
from .errors import Conflict, ValidationFailed

M = TypeVar("M", bound=Model)


def validation_failed(
    error: ValidationError, summary: str = "The data is not valid."
) -> ValidationFailed:
    if hasattr(error, "error_dict"):
        errors = {
            key: [str(m) for m in error_list] for key, error_list in error.message_dict.items()
        }
        first = next(iter(errors.items()))
        return ValidationFailed(f"{summary} {first[0]}: {first[1][0]}", errors=errors)
    messages = [str(m) for m in error.messages]
    return ValidationFailed(f"{summary} {messages[0]}", errors={"__all__": messages})


def clean_or_raise(obj: Model, *, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise validation_failed(error) from None


def _refuse_nulls(model: type[Model], changes: dict[str, Any]) -> None:
    """A PATCH body may send ``null`` for a field that has no empty state. Model validation
    skips blank-able fields that are empty (``None`` reached the database as an integrity
    error) and ``clean()`` methods do not expect ``None``: refuse it before either runs."""
    errors = {
        name: ["This field cannot be null."]
        for name, value in changes.items()
        if value is None and not getattr(model._meta.get_field(name), "null", True)
    }
    if errors:
        raise ValidationFailed(f"{next(iter(errors))}: this field cannot be null.", errors=errors)


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def create_audited(
    model: type[M],
    *,
    actor: Any,
    action: str,
    fields: dict[str, Any],
    audit_changes: Callable[[M], dict[str, Any]] | None = None,
) -> M:
    obj = model(**fields)
    clean_or_raise(obj, exclude=["version"])
    with transaction.atomic():
        try:
            obj.save()
        except IntegrityError as error:
            raise ValidationFailed(f"This would duplicate an existing record ({error}).") from None
        changes = (
            audit_changes(obj)
            if audit_changes
            else audit.to_json_value(
                {key: value for key, value in snapshot(obj, _attnames(fields)).items()}
            )
        )
        audit.record(actor=actor, action=action, obj=obj, changes=changes)
    return obj


def _attnames(fields: dict[str, Any]) -> list[str]:
    return [f"{name}_id" if isinstance(value, Model) else name for name, value in fields.items()]


def update_versioned(
    obj: M,
    *,
    actor: Any,
    action: str,
    expected_version: int,
    changes: dict[str, Any],
    present: Callable[[M], Any],
    private: bool = False,
) -> M:
    """Apply ``changes`` only if the row is still at ``expected_version``."""
    model = type(obj)
    _refuse_nulls(model, changes)
    attnames = [getattr(model._meta.get_field(name), "attname", name) for name in changes]
    before = audit.to_json_value(snapshot(obj, attnames))
    for name, value in changes.items():
        setattr(obj, name, value)
    clean_or_raise(obj, exclude=["version"])
    after = audit.to_json_value(snapshot(obj, attnames))
    values = {attname: getattr(obj, attname) for attname in attnames}
    if not values:
        raise ValidationFailed("Nothing to change: send at least one field besides the version.")
    with transaction.atomic():
        updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            current = model._default_manager.filter(pk=obj.pk).first()
            raise Conflict(
                f"This record changed since version {expected_version}; "
                "reload it, reapply your change and send the current version.",
                current=present(current) if current is not None else None,
            )
        diff = audit.diff(before, after)
        if private:
            diff = {key: audit.private_digest(value) for key, value in diff.items()}
        audit.record(actor=actor, action=action, obj=obj, changes=diff)
    obj.refresh_from_db()
    return obj
