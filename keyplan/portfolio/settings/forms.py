"""Forms of the settings page: the portfolio settings and the planning exchange rates."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.sales.models import ExchangeRate

from ..models import PortfolioSettings

CURRENCY = re.compile(r"^[A-Z]{3}$")


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
        # The models' help texts name the method the norm comes from (not our sources).
        help_texts = {
            "strategic_max_share": _(
                "…capped at this share of the classified accounts (T. R. Bacon: about 10%)."
            ),
            "target_strategic_revenue_share": _(
                "Strategic account management best practices: companies expecting at least "
                "25%: 60%; at least 50%: 30%."
            ),
        }

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
