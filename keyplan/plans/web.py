"""What the plan pages share: the sections (tabs) of the workspace, the permissions a
page shows, the items with what displaying them needs, and the conflict display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .access import PlanAccess, can_approve_plans, can_delete_plan
from .forms import REFERENCES, ItemForm, item_form
from .models import ITEM_MODELS, AccountPlan, ItemKind, PlanItem, PlanState, Quadrant


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
# Kinds whose execution fields may change on an approved plan.
EXECUTION_KINDS = frozenset(kind for kind, m in ITEM_MODELS.items() if m.execution_fields)
KIND_LABELS = dict(ItemKind.choices)


def section_url(plan: AccountPlan, kind_or_slug: str) -> str:
    section = SECTION_BY_SLUG.get(kind_or_slug) or SECTION_OF_KIND.get(kind_or_slug)
    if section is None or section is DEFAULT_SECTION:
        return reverse("plans:detail", args=[plan.pk])
    return reverse("plans:section", args=[plan.pk, section.slug])


def step_url(plan: AccountPlan, step_section: str) -> str:
    """Where to fix a completeness step: its tab, the plan's review, the stakeholders."""
    if step_section == "plan":
        return reverse("plans:detail", args=[plan.pk]) + "#plan-review"
    if step_section == "stakeholders":
        return reverse("accounts:detail", args=[plan.account_id]) + "#contacts"
    return section_url(plan, step_section)


def permissions(user, pa: PlanAccess) -> dict[str, bool]:
    plan = pa.plan
    can_write = pa.can_write
    return {
        "can_write": can_write,
        "can_edit": can_write and plan.is_editable,
        "can_execute": can_write and plan.state == PlanState.APPROVED,
        "can_submit": can_write and plan.state == PlanState.DRAFT,
        "can_return": plan.state == PlanState.IN_REVIEW and (can_write or can_approve_plans(user)),
        "can_approve": plan.state == PlanState.IN_REVIEW and can_approve_plans(user),
        "can_revise": can_write and plan.state == PlanState.APPROVED,
        "can_review": can_write and plan.is_current,
        "can_delete": can_write and plan.state == PlanState.DRAFT and can_delete_plan(user, plan),
    }


def can_edit_item(perms: dict[str, bool], kind: str) -> bool:
    return perms["can_edit"] or (perms["can_execute"] and kind in EXECUTION_KINDS)


def decorate(plan: AccountPlan, kind: str, items: list[PlanItem], *, today: date) -> list:
    """What the item templates read besides the fields: overdue actions, goal progress."""
    if kind == ItemKind.ACTION:
        for action in items:
            action.overdue = action.is_overdue(today)  # type: ignore[attr-defined]
    if kind == ItemKind.GOAL and items:
        progress = {goal.pk: p for goal, p in selectors.plan_goal_progress(plan, today=today)}
        for goal in items:
            goal.progress = progress.get(goal.pk)  # type: ignore[attr-defined]
    return items


def load_item(plan: AccountPlan, kind: str, pk: int) -> PlanItem | None:
    item = selectors.items_of(plan, kind).filter(pk=pk).first()
    if item is not None:
        item.plan = plan
        decorate(plan, kind, [item], today=timezone.localdate())
    return item


def add_slots(kind: str) -> list[tuple[str, dict[str, str], Any]]:
    """(slot, fixed values, heading) of the add forms of a kind: the SWOT has one per
    quadrant, so that the grid is filled where the item goes."""
    if kind == ItemKind.SWOT:
        return [(f"swot-{q}", {"quadrant": q}, label) for q, label in Quadrant.choices]
    return [(kind, {}, KIND_LABELS[kind])]


def add_form(plan: AccountPlan, kind: str, slot: str, fixed: dict, data=None) -> ItemForm:
    return item_form(plan, kind, data=data, fixed=fixed, id_key=f"new-{slot}")


def display_value(form: ItemForm, name: str, value: Any) -> str:
    """A form field's value as the user reads it (choices by label, objects by name)."""
    if value in (None, ""):
        return "—"
    if name == "products":
        codes = [getattr(p, "code", str(p)) for p in value]
        return ", ".join(sorted(codes)) or "—"
    field = form.fields[name]
    choices = getattr(field, "choices", None)
    if choices is not None and name not in REFERENCES:
        return str(dict(choices).get(value, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def conflict_rows(form: ItemForm, theirs: PlanItem) -> list[dict[str, Any]]:
    """Field by field: what the user entered beside what is saved now."""
    rows = []
    for name in form.fields:
        if name == "seen_updated_at" or name in form.fixed:
            continue
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        current = getattr(theirs, name)
        if name == "products":
            current = list(theirs.products.all())  # type: ignore[attr-defined]
        yours_text = display_value(form, name, mine)
        theirs_text = display_value(form, name, current)
        if name in REFERENCES and name != "products":
            theirs_text = str(current) if current is not None else "—"
        rows.append(
            {
                "label": form.fields[name].label,
                "yours": yours_text,
                "theirs": theirs_text,
                "differs": yours_text != theirs_text,
            }
        )
    return rows
