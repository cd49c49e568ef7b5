"""Writes on business units (issue #18): unit_save(*, actor, unit, name, code, head,
is_active=True) creates or changes one; administrators only, with history and an audit
event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..access import require_administrator
from ..audit.services import record
from ..models import AuditKind, BusinessUnit, User


def _check_unit(*, name: str, code: str, head: User | None, unit: BusinessUnit | None) -> None:
    errors: dict[str, list[str]] = {}
    others = BusinessUnit.objects.exclude(pk=unit.pk) if unit else BusinessUnit.objects.all()
    if not name:
        errors["name"] = [_("Give the business unit a name.")]
    elif others.filter(name__iexact=name).exists():
        errors["name"] = [_("Another business unit is already called “%(name)s”.") % {"name": name}]
    if others.filter(code__iexact=code).exists():
        errors["code"] = [
            _("Another business unit already has the code “%(code)s”.") % {"code": code}
        ]
    if head is not None and (not head.is_active or not head.is_internal):
        errors["head"] = [_("The head must be an active user of our company.")]
    if errors:
        raise ValidationError(errors)


def _unit_summary(unit: BusinessUnit) -> str:
    head = f" ({unit.head.get_username()})" if unit.head is not None else ""
    state = "" if unit.is_active else " [inactive]"
    return f"{unit.name} [{unit.code}]{head}{state}"


@transaction.atomic
def unit_save(
    *,
    actor: User,
    unit: BusinessUnit | None,
    name: str,
    code: str,
    head: User | None,
    is_active: bool = True,
    request=None,
) -> BusinessUnit:
    """Create (`unit` None) or change a business unit: its name and code are unique (names
    case-insensitively), its head an active internal user."""
    require_administrator(actor)
    name, code = name.strip(), code.strip().lower()
    _check_unit(name=name, code=code, head=head, unit=unit)
    before = _unit_summary(unit) if unit else ""
    unit = unit or BusinessUnit()
    unit.name, unit.code, unit.head, unit.is_active = name, code, head, is_active
    unit._history_user = actor  # type: ignore[attr-defined]
    unit.full_clean()
    unit.save()
    kind = AuditKind.UNIT_UPDATED if before else AuditKind.UNIT_CREATED
    after = _unit_summary(unit)
    if after != before:
        record(kind, actor=actor, username=unit.name, before=before, after=after, request=request)
    return unit
