"""Reads of an account's sharing: its level, each section's state and the log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from keyplan.accounts.models import Account

from .. import domain
from ..access import share_level
from ..models import Section, SharedSection, ShareEvent, ShareLevel


@dataclass(frozen=True)
class SectionRow:
    section: str
    label: str
    minimum_label: str
    allowed: bool
    shared: bool


def section_rows(account: Account) -> tuple[str, list[SectionRow]]:
    """The account's level and every section: allowed by the level, turned on (2 queries)."""
    level = share_level(account)
    allowed = set(domain.allowed_sections(level))
    on = set(SharedSection.objects.filter(account=account).values_list("section", flat=True))
    labels = dict(Section.choices)
    level_labels = dict(ShareLevel.choices)
    rows = [
        SectionRow(
            section,
            str(labels[section]),
            str(level_labels[least]),
            section in allowed,
            section in allowed and section in on,
        )
        for section, least in domain.MINIMUM_LEVEL.items()
    ]
    return level, rows


def share_events(account: Account) -> QuerySet[ShareEvent]:
    """Every change of the account's sharing, newest first, with who made it."""
    return ShareEvent.objects.filter(account=account).select_related("user")
