"""The forms of an account's service costs: the list's filters and the cost's form. They
parse what the user typed; the services (keyplan.sales.costs.services) decide what is
valid and their messages land on these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account
from keyplan.core.widgets import DateInput
from keyplan.sales.costs.selectors import CostFilters
from keyplan.sales.models import ServiceCost, ServiceCostCategory

# ISO in the input whatever the language: a date input accepts nothing else.
DATE = DateInput()
ISO = ["%Y-%m-%d"]


class CostFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All")), *ServiceCostCategory.choices],
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE, input_formats=ISO)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE, input_formats=ISO)

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
            data.pop("date_from", None)  # an inverted range selects nothing: drop it whole
        return data

    def filters(self) -> CostFilters:
        """The filters the form accepted; none for the fields it refused (their messages
        are on the form)."""
        self.is_valid()
        data = self.cleaned_data
        return CostFilters(
            category=data.get("category", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class ServiceCostForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, input_formats=ISO)
    category = forms.ChoiceField(label=_("Category"), choices=ServiceCostCategory.choices)
    # No limit on the places here: the service refuses a fifth decimal with its own
    # message, the same on the page, in the API and in imports.
    amount = forms.DecimalField(
        label=_("Amount"),
        help_text=_("Negative for a credit note (a refund, a rebate reversed)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"size": 4, "autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    external_id = forms.CharField(
        label=_("External ID"),
        max_length=100,
        required=False,
        help_text=_("The cost's id in the source system, if any (imports update by it)."),
    )
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = account.currency
        self.fields["date"].widget.attrs["autofocus"] = True

    @classmethod
    def for_cost(cls, cost: ServiceCost, data: Any = None) -> ServiceCostForm:
        initial = {
            "date": cost.date,
            "category": cost.category,
            "amount": cost.amount,
            "currency": cost.currency,
            "note": cost.note,
            "external_id": cost.external_id,
            "seen_updated_at": cost.updated_at.isoformat(),
        }
        return cls(data, initial=initial, account=cost.account)

    def service_data(self) -> dict[str, Any]:
        """The cleaned values the service takes (without `seen_updated_at`)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "seen_updated_at"}
