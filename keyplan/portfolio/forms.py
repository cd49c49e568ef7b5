"""Forms of the portfolio pages: the Pareto parameters, the classification note, the
portfolio settings and the exchange rates. The pages list every error as "field: message"
(the Pareto form arrives as a query string that people also edit by hand)."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Industry
from keyplan.core.countries import country_name

from .models import ExchangeRate, Metric, PortfolioSettings

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    """A whole month as YYYY-MM (what <input type="month"> sends); cleans to its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2024-03.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value.replace(day=1)
        text = str(value).strip()[:20]
        match = MONTH.match(text) or MONTH.match(text[:7])
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and 1 <= year <= 9999):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(year, month, 1)


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


class MonthRangeForm(forms.Form):
    """The drill-down's optional period."""

    date_from = MonthField(label=_("From"), required=False)
    date_to = MonthField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                _("The month %(to)s is before the start month %(from)s.")
                % {"to": f"{end:%Y-%m}", "from": f"{start:%Y-%m}"},
            )
        return data


class ApplyClassificationForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=255,
        required=False,
        help_text=_("Why the classification is applied now, e.g. “year-end review 2024”."),
    )


class PortfolioSettingsForm(forms.ModelForm):
    class Meta:
        model = PortfolioSettings
        fields = [
            "base_currency",
            "pareto_share",
            "strategic_metric",
            "strategic_cumulative_share",
            "strategic_max_share",
            "prospect_interest_days",
            "target_strategic_revenue_share",
            "target_strategic_account_share",
            "max_strategic_per_kam",
            "growth_threshold",
            "decline_threshold",
            "candidate_score",
        ]

    def clean_base_currency(self) -> str:
        value = (self.cleaned_data.get("base_currency") or "").strip().upper()
        if not CURRENCY.match(value):
            raise forms.ValidationError(_("Enter a three-letter ISO code such as PLN or EUR."))
        return value


class ExchangeRateForm(forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "rate"]

    def __init__(self, *args, base_currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.base_currency = base_currency
        self.fields["currency"].widget.attrs.update({"maxlength": 3, "autocomplete": "off"})

    def clean_currency(self) -> str:
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if not CURRENCY.match(value):
            raise forms.ValidationError(_("Enter a three-letter ISO code such as EUR or USD."))
        if value == self.base_currency:
            raise forms.ValidationError(
                _("%(code)s is the base currency; its rate is always 1.") % {"code": value}
            )
        return value


class RateValueForm(forms.ModelForm):
    """Changing one rate in the table: the currency stays."""

    class Meta:
        model = ExchangeRate
        fields = ["rate"]
