"""Reads for the customer's portal pages, always of the portal user's own account and only
of what is shared with it (keyplan.portal.access). Each shared item is reduced to the
fields meant for the customer: evidence, internal reasoning, targets in money, owners'
business units and everything of other accounts never leave here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Field, QuerySet

from keyplan.accounts.models import Account
from keyplan.plans.models import AccountPlan, PlanItem
from keyplan.plans.versions.selectors import current_plan
from keyplan.reports.monthly.selectors import shared_reports

from .. import domain
from ..access import shared_sections
from ..models import Section


@dataclass
class SharedItem:
    kind: str
    pk: int
    title: str
    facts: list[tuple[str, str]]
    comments: list = field(default_factory=list)


def _display(item: PlanItem, name: str) -> str:
    getter = getattr(item, f"get_{name}_display", None)
    value = getter() if getter else getattr(item, name)
    return "" if value in (None, "") else str(value)


# Per kind: the field giving the title and the fields shown as facts, in order.
SHOWN: dict[str, tuple[str, tuple[str, ...]]] = {
    "profile": ("text", ("topic",)),
    "customer_goal": ("text", ("detail", "offering")),
    "customer_problem": ("text", ("detail",)),
    "swot": ("text", ("quadrant", "factor")),
    "industry": ("description", ("category", "effect_on_customer")),
    "value": ("text", ("value_kind", "detail")),
    "goal": ("title", ("horizon", "deadline", "status")),
    "action": ("title", ("status", "due_on")),
}


def shared_item_view(item: PlanItem) -> SharedItem:
    title_field, fact_fields = SHOWN[item.kind]
    facts = []
    for name in fact_fields:
        value = _display(item, name)
        if value:
            facts.append((str(cast(Field, item._meta.get_field(name)).verbose_name), value))
    return SharedItem(item.kind, item.pk, _display(item, title_field), facts)


def _items(plan: AccountPlan, kind: str) -> QuerySet:
    from keyplan.plans.models import ITEM_MODELS

    return ITEM_MODELS[kind].objects.filter(plan=plan).order_by("position", "pk")


def section_items(account: Account, section: str) -> list[SharedItem]:
    """The items of a shared plan section of the account's current plan (one query per
    item kind); [] when the account has no current plan."""
    plan = current_plan(account)
    if plan is None:
        return []
    rows: list[SharedItem] = []
    for kind in domain.SECTION_KINDS[section]:
        rows.extend(shared_item_view(item) for item in _items(plan, kind))
    return rows


@dataclass(frozen=True)
class HomeSection:
    section: str
    label: str


def home_sections(account: Account) -> list[HomeSection]:
    """The shared sections with a page of their own, in display order."""
    labels = dict(Section.choices)
    return [
        HomeSection(section, str(labels[section]))
        for section in shared_sections(account)
        if section != "reports"
    ]


def portal_reports(account: Account, *, limit: int = 24) -> list[Any]:
    """The issued monthly reports shared with the account, when reports are shared."""
    if "reports" not in shared_sections(account):
        return []
    return list(shared_reports(account)[:limit])


def portal_report(account: Account, pk: int) -> Any:
    if "reports" not in shared_sections(account):
        return None
    return shared_reports(account).filter(pk=pk).first()
