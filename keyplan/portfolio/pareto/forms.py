"""The Pareto page's parameters. The page lists every error as "field: message" (the
form arrives as a query string that people also edit by hand)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Industry
from keyplan.core.countries import country_name

from ..common.forms import MonthField
from ..models import Metric


class ParetoForm(forms.Form):
    """The Pareto page's parameters, from the query string. Every field is optional: a
    missing one takes its default (revenue, the default period, account level, no filter)."""

    metric = forms.ChoiceField(label=_("Metric"), choices=Metric.choices, required=False)
    date_from = MonthField(label=_("From"), required=False)
    date_to = MonthField(label=_("To"), required=False)
    all = forms.BooleanField(label=_("Whole history"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("account", _("Account")), ("group", _("Group (parent with subsidiaries)"))],
        required=False,
    )
    business_unit = forms.ChoiceField(label=_("Business unit"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", _("All")), *Industry.choices], required=False
    )

    def __init__(self, *args, owners=(), countries=(), business_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        all_label = _("All")
        self.fields["business_unit"].choices = [("", all_label)] + [
            (str(unit.pk), unit.name) for unit in business_units
        ]
        self.fields["country"].choices = [("", all_label)] + [
            (code, country_name(code)) for code in countries
        ]
        self.fields["owner"].choices = [("", all_label)] + [
            (str(user.pk), str(user)) for user in owners
        ]
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                # A new dict: the field's own is shared with the class's field (a shallow copy).
                field.error_messages = {
                    **field.error_messages,
                    "invalid_choice": _("Unknown value “%(value)s”."),
                }

    def clean_metric(self) -> str:
        return self.cleaned_data["metric"] or Metric.REVENUE

    def clean_level(self) -> str:
        return self.cleaned_data["level"] or "account"

    def clean_business_unit(self) -> int | None:
        value = self.cleaned_data["business_unit"]
        return int(value) if value else None

    def clean_owner(self) -> int | None:
        value = self.cleaned_data["owner"]
        return int(value) if value else None

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if not data.get("all") and start and end and start > end:
            self.add_error(
                "date_to",
                _("The month %(to)s is before the start month %(from)s.")
                % {"to": f"{end:%Y-%m}", "from": f"{start:%Y-%m}"},
            )
        return data

    @property
    def filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("business_unit", "country", "owner", "industry"))
