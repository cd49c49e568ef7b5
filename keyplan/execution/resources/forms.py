"""Forms of the resource board: a request, a decision, a capacity cell. The forms only
parse; the services (services.py) validate and write."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account
from keyplan.core.widgets import DateInput, MonthInput
from keyplan.plans.models import Action, Goal
from keyplan.plans.versions.selectors import current_plan
from keyplan.users.models import BusinessUnit

from ..models import RequestStatus, ResourceType

DATE = DateInput()
MONTH = MonthInput()


class RequestForm(forms.Form):
    business_unit = forms.ModelChoiceField(
        queryset=BusinessUnit.objects.none(), label=_("Business unit you ask")
    )
    resource_type = forms.ChoiceField(label=_("Resource"), choices=ResourceType.choices)
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_(
            "Experts: people (every month); hours: in all; budget: in all, in the "
            "account's currency."
        ),
    )
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("To"), widget=DATE)
    title = forms.CharField(label=_("What for"), max_length=255)
    business_case = forms.CharField(
        label=_("Business case"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the customer gains, what we gain, why now."),
    )
    expected_revenue = forms.DecimalField(
        label=_("Expected revenue effect"), required=False, max_digits=18, decimal_places=4
    )
    expected_gross_profit = forms.DecimalField(
        label=_("Expected gross profit effect"), required=False, max_digits=18, decimal_places=4
    )
    probability = forms.DecimalField(
        label=_("Probability, %"), min_value=0, max_value=100, decimal_places=2, initial=50
    )
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(), required=False, label=_("Goal it serves")
    )
    action = forms.ModelChoiceField(
        queryset=Action.objects.none(), required=False, label=_("Action it serves")
    )
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, account: Account, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._choices("business_unit").queryset = BusinessUnit.objects.filter(is_active=True)
        plan = current_plan(account)
        if plan:
            self._choices("goal").queryset = Goal.objects.filter(plan=plan)
            self._choices("action").queryset = Action.objects.filter(plan=plan)
        self.fields["expected_revenue"].help_text = _("In {currency}.").format(
            currency=account.currency
        )
        self.fields["expected_gross_profit"].help_text = _(
            "In {currency}; with the probability it ranks the request."
        ).format(currency=account.currency)
        self.fields["business_unit"].widget.attrs["autofocus"] = True

    def _choices(self, name: str) -> forms.ModelChoiceField:
        # `fields` is typed as plain Fields; the three are declared ModelChoiceFields above.
        return cast(forms.ModelChoiceField, self.fields[name])

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "business_unit_id": data["business_unit"].pk,
            "resource_type": data["resource_type"],
            "amount": data["amount"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "title": data["title"],
            "business_case": data["business_case"],
            "expected_revenue": data["expected_revenue"],
            "expected_gross_profit": data["expected_gross_profit"],
            "probability": data["probability"],
            "goal_id": data["goal"].pk if data["goal"] else None,
            "action_id": data["action"].pk if data["action"] else None,
        }


# Service error keys -> form field names.
FIELD_OF = {
    "business_unit_id": "business_unit",
    "goal_id": "goal",
    "action_id": "action",
    "reason": "reason",
}

DECISION_CHOICES = [
    (RequestStatus.APPROVED, _("Approve in full")),
    (RequestStatus.PARTLY_APPROVED, _("Approve in part")),
    (RequestStatus.DECLINED, _("Decline")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    granted_amount = forms.DecimalField(
        label=_("Granted amount"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Only for a partial approval."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required unless you approve in full."),
    )
    over_capacity = forms.BooleanField(
        label=_("Approve beyond the unit's capacity"),
        required=False,
        help_text=_("Administrators and directors only; recorded with the decision."),
    )
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, allow_over: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not allow_over:
            del self.fields["over_capacity"]


class CapacityForm(forms.Form):
    resource_type = forms.ChoiceField(label=_("Resource"), choices=ResourceType.choices)
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=MONTH)
    amount = forms.DecimalField(label=_("Capacity"), min_value=0, max_digits=14, decimal_places=2)
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
