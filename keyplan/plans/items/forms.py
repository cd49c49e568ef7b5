"""The item forms of the plan workspace: thin parsers in front of items.services, and
what displaying them needs (the add forms of a section, a conflict shown field by field).

The item forms are ModelForms for their widgets, labels and field cleaning only: the
service validates the item (model rules included) and its errors come back keyed by the
same names, mapped onto the form by `apply_service_errors`.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.conf import settings

from keyplan.accounts.models import AccountTeamMember
from keyplan.plans.common.forms import DATE, SeenMixin
from keyplan.plans.models import (
    EXTERNAL_FACTORS,
    INTERNAL_FACTORS,
    INTERNAL_QUADRANTS,
    ITEM_MODELS,
    AccountPlan,
    ItemKind,
    PlanItem,
    PlanState,
    Quadrant,
    SwotFactor,
)
from keyplan.sales.models import Product
from keyplan.users.models import User

TEXT_ROWS = 2
# Form field name -> the service's data key.
REFERENCES = {
    "owner": "owner_id",
    "business_unit": "business_unit_id",
    "goal": "goal_id",
    "customer_goal": "customer_goal_id",
    "products": "product_ids",
}
SERVICE_TO_FIELD = {value: key for key, value in REFERENCES.items()}


class ItemForm(SeenMixin, forms.ModelForm):
    """Base of the per-kind forms made by `item_form_class`."""

    def __init__(
        self,
        *args: Any,
        plan: AccountPlan,
        fixed: dict[str, str] | None = None,
        id_key: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fixed = fixed or {}
        if self.instance.pk and not self.is_bound:
            self.fields["seen_updated_at"].initial = self.instance.updated_at.isoformat()
        for name, value in self.fixed.items():
            if name in self.fields:
                self.fields[name].initial = value
                self.fields[name].widget = forms.HiddenInput()
        self._limit_choices()
        # Several forms share a page (an add form per SWOT quadrant, inline edits): ids apart.
        key = id_key or f"{self._meta.model.kind}-{self.instance.pk or 'new'}"
        self.auto_id = f"id_{key}_%s"

    def _limit_choices(self) -> None:
        fields = self.fields
        account = self.plan.account
        # The model's relations are ModelChoiceFields (products a ModelMultipleChoiceField).
        owner, goal, customer_goal, products = (
            fields.get(name) for name in ("owner", "goal", "customer_goal", "products")
        )
        if isinstance(owner, forms.ModelChoiceField):
            ids = set(
                AccountTeamMember.objects.filter(account=account).values_list("user_id", flat=True)
            )
            if account.owner_id:
                ids.add(account.owner_id)
            owner.queryset = User.objects.filter(pk__in=ids, is_active=True).order_by(
                "first_name", "last_name", "username"
            )
        if isinstance(goal, forms.ModelChoiceField):
            goal.queryset = self.plan.goals.all()
        if isinstance(customer_goal, forms.ModelChoiceField):
            customer_goal.queryset = self.plan.customer_goals.all()
        if isinstance(products, forms.ModelChoiceField):
            products.queryset = Product.objects.order_by("code")
        if "currency" in fields:
            fields["currency"] = forms.ChoiceField(
                label=fields["currency"].label,
                choices=[(c, c) for c in settings.KEYPLAN_CURRENCIES],
                initial=self.instance.currency or account.currency,
            )
        quadrant = self.fixed.get("quadrant") or getattr(self.instance, "quadrant", None)
        factor = fields.get("factor")
        if isinstance(factor, forms.ChoiceField) and quadrant:
            allowed = INTERNAL_FACTORS if quadrant in INTERNAL_QUADRANTS else EXTERNAL_FACTORS
            factor.choices = [
                (value, label) for value, label in SwotFactor.choices if value in allowed
            ]

    def _post_clean(self) -> None:  # the service validates the item, model rules included
        pass

    def service_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "seen_updated_at":
                continue
            if name == "products":
                data["product_ids"] = sorted(p.pk for p in value)
            elif name in REFERENCES:
                data[REFERENCES[name]] = value.pk if value is not None else None
            elif value is None and self._meta.model._meta.get_field(name).empty_strings_allowed:
                data[name] = ""
            else:
                data[name] = value
        return data


WIDGETS: dict[str, forms.Widget] = {
    "text": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "detail": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "description": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "effect_on_customer": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "evidence": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "trends": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "why": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "what_for": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "how": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "obstacle": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "progress_note": forms.Textarea(attrs={"rows": TEXT_ROWS}),
    "starts_on": DATE,
    "deadline": DATE,
    "due_on": DATE,
    "products": forms.SelectMultiple(attrs={"size": 4}),
}

_FORM_CLASSES: dict[tuple[str, bool], type[ItemForm]] = {}


def form_fields(kind: str, *, execution_only: bool = False) -> tuple[str, ...]:
    model = ITEM_MODELS[kind]
    names = model.execution_fields if execution_only else model.editable_fields
    return tuple(
        SERVICE_TO_FIELD.get(name, name.removesuffix("_id")) for name in names if name != "position"
    )


def item_form_class(kind: str, *, execution_only: bool = False) -> type[ItemForm]:
    """The form of one item kind: every editable field, or on an approved plan only the
    execution fields (an action's status and progress note, a goal's status)."""
    key = (kind, execution_only)
    if key not in _FORM_CLASSES:
        model = ITEM_MODELS[kind]
        names = form_fields(kind, execution_only=execution_only)
        # modelform_factory returns a subclass of `form`; its stub only says ModelForm.
        _FORM_CLASSES[key] = cast(
            type[ItemForm],
            forms.modelform_factory(
                model,
                form=ItemForm,
                fields=names,
                widgets={name: WIDGETS[name] for name in names if name in WIDGETS},
            ),
        )
    return _FORM_CLASSES[key]


def item_form(
    plan: AccountPlan,
    kind: str,
    *,
    data: Any = None,
    instance: Any = None,
    fixed: dict[str, str] | None = None,
    id_key: str | None = None,
) -> ItemForm:
    execution_only = plan.state == PlanState.APPROVED
    form_class = item_form_class(kind, execution_only=execution_only)
    return form_class(data, instance=instance, plan=plan, fixed=fixed, id_key=id_key)


def add_slots(kind: str) -> list[tuple[str, dict[str, str], Any]]:
    """(slot, fixed values, heading) of the add forms of a kind: the SWOT has one per
    quadrant, so that the grid is filled where the item goes."""
    if kind == ItemKind.SWOT:
        return [(f"swot-{q}", {"quadrant": q}, label) for q, label in Quadrant.choices]
    return [(kind, {}, ItemKind(kind).label)]


def add_form(
    plan: AccountPlan, kind: str, slot: str, fixed: dict[str, str], data: Any = None
) -> ItemForm:
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
