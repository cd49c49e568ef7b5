"""What the competition services share: applying data, validating, saving with history,
the conflict check. Private to keyplan.competition."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from keyplan.core.errors import ConflictError


def apply(obj: models.Model, data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Set the allowed entries of `data` on `obj`; return the ones that changed."""
    changes = {k: v for k, v in data.items() if k in allowed and getattr(obj, k) != v}
    for key, value in changes.items():
        setattr(obj, key, value)
    return changes


def clean(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """full_clean, string fields stripped; a ValidationError keyed by field."""
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.CharField | models.TextField):
            value = getattr(obj, f.attname)
            if isinstance(value, str):
                setattr(obj, f.attname, value.strip())
    obj.full_clean(exclude=exclude)


def save(obj: models.Model, *, user: Any, reason: str = "") -> None:
    obj._history_user = user  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a race past full_clean's uniqueness checks
        raise ValidationError(
            _("The change conflicts with existing data: %(e)s") % {"e": exc}
        ) from exc


def delete(obj: models.Model, *, user: Any, reason: str = "") -> None:
    obj._history_user = user  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.delete()


def lock(model: type[models.Model], pk: int, seen_updated_at: datetime | None) -> Any:
    """The row `pk` locked for update; Http404 when gone; ConflictError when the
    caller saw another `updated_at`."""
    current = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()  # type: ignore[attr-defined]
    if current is None:
        if seen_updated_at is not None:
            raise ConflictError(None)
        raise Http404
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ConflictError(current)
    return current
