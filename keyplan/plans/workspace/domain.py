"""The plan workspace's sections (tabs): which item kinds each shows, in the order of
the planning process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from keyplan.plans.models import ItemKind


@dataclass(frozen=True)
class Section:
    slug: str
    label: Any
    kinds: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section("profile", _("Profile"), (ItemKind.PROFILE,)),
    Section("industry", _("Industry"), (ItemKind.INDUSTRY,)),
    Section("swot", _("SWOT"), (ItemKind.SWOT,)),
    Section(
        "strategy",
        _("Strategy map"),
        (ItemKind.CUSTOMER_GOAL, ItemKind.CUSTOMER_PROBLEM, ItemKind.CULTURE),
    ),
    Section("potential", _("Potential"), (ItemKind.POTENTIAL,)),
    Section("goals", _("Goals"), (ItemKind.GOAL,)),
    Section("value", _("Unique value"), (ItemKind.VALUE,)),
    Section("perception", _("Self-analysis"), (ItemKind.PERCEPTION,)),
    Section("actions", _("Action plan"), (ItemKind.ACTION,)),
)
SECTION_BY_SLUG = {section.slug: section for section in SECTIONS}
SECTION_OF_KIND = {kind: section for section in SECTIONS for kind in section.kinds}
DEFAULT_SECTION = SECTIONS[0]
KIND_LABELS = dict(ItemKind.choices)
