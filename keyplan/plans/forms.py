"""Forms of the plan pages: thin parsers in front of keyplan.plans.services.

The item forms are ModelForms for their widgets, labels and field cleaning only: the
service validates the item (model rules included) and its errors come back keyed by the
same names, mapped onto the form by `apply_service_errors`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import AccountTeamMember
from keyplan.sales.models import Product
from keyplan.users.models import User

from .models import (
    EXTERNAL_FACTORS,
    INTERNAL_FACTORS,
    INTERNAL_QUADRANTS,
    ITEM_MODELS,
    AccountPlan,
    PlanState,
    SwotFactor,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
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


class SeenMixin(forms.Form):
    """The `updated_at` the user saw: a later save by someone else is a conflict."""

    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class PlanForm(SeenMixin, forms.ModelForm):
    class Meta:
        model = AccountPlan
        fields = ("period", "starts_on", "ends_on", "summary")
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["seen_updated_at"].initial = self.instance.updated_at.isoformat()

    def _post_clean(self) -> None:  # the service validates the plan
        pass

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "seen_updated_at"}


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
        if "owner" in fields:
            ids = set(
                AccountTeamMember.objects.filter(account=account).values_list("user_id", flat=True)
            )
            if account.owner_id:
                ids.add(account.owner_id)
            fields["owner"].queryset = User.objects.filter(pk__in=ids, is_active=True).order_by(
                "first_name", "last_name", "username"
            )
        if "goal" in fields:
            fields["goal"].queryset = self.plan.goals.all()
        if "customer_goal" in fields:
            fields["customer_goal"].queryset = self.plan.customer_goals.all()
        if "products" in fields:
            fields["products"].queryset = Product.objects.order_by("code")
        if "currency" in fields:
            fields["currency"] = forms.ChoiceField(
                label=fields["currency"].label,
                choices=[(c, c) for c in settings.KEYPLAN_CURRENCIES],
                initial=self.instance.currency or account.currency,
            )
        quadrant = self.fixed.get("quadrant") or getattr(self.instance, "quadrant", None)
        if "factor" in fields and quadrant:
            allowed = INTERNAL_FACTORS if quadrant in INTERNAL_QUADRANTS else EXTERNAL_FACTORS
            fields["factor"].choices = [
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
        _FORM_CLASSES[key] = forms.modelform_factory(
            model,
            form=ItemForm,
            fields=names,
            widgets={name: WIDGETS[name] for name in names if name in WIDGETS},
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


class ActionFilterForm(forms.Form):
    SHOW = (
        ("", _("All open")),
        ("overdue", _("Overdue")),
        ("week", _("Due this week")),
        ("blocked", _("Blocked")),
        ("closed", _("Done or dropped")),
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
