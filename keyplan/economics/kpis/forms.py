"""The target form of the KPI page. It only parses; the service validates (the year's and
the value's ranges per KPI) and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import AccountClass

from ..models import Kpi


def scope_choices() -> list:
    return [("", _("Whole portfolio")), *AccountClass.choices]


class KpiTargetForm(forms.Form):
    kpi = forms.ChoiceField(label=_("KPI"), choices=Kpi.choices)
    account_class = forms.ChoiceField(
        label=_("account class"), choices=scope_choices, required=False
    )
    year = forms.IntegerField(label=_("year"), min_value=1, max_value=9999)
    value = forms.DecimalField(label=_("target"), max_digits=18, decimal_places=4)
    note = forms.CharField(label=_("note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        self.auto_id = "id_target_%s"

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kpi": data["kpi"],
            "account_class": data.get("account_class") or "",
            "year": data["year"],
            "value": data["value"],
            "note": data.get("note") or "",
        }


class KpiTargetClearForm(forms.Form):
    kpi = forms.ChoiceField(choices=Kpi.choices)
    account_class = forms.ChoiceField(choices=scope_choices, required=False)
    year = forms.IntegerField(min_value=1, max_value=9999)
