"""Writes of the report settings."""

from __future__ import annotations

from django.db import transaction

from ..models import ReportSettings
from .access import require_report_admin


def report_settings_save(*, user, form) -> ReportSettings:
    """Save a valid ReportSettingsForm bound to `ReportSettings.load()` (administrators
    only; PermissionDenied otherwise)."""
    require_report_admin(user)
    with transaction.atomic():
        return form.save()
