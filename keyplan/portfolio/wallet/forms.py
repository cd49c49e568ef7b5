"""The account panel's forms: the share-of-wallet estimate and the SAM fitness check.
They parse input; the services in `services` decide and write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from ..models import SamFitness


class WalletForm(forms.Form):
    category_spend = forms.DecimalField(
        label=gettext_lazy("yearly spend in our category"),
        max_digits=18,
        decimal_places=4,  # amounts are stored exactly to four places (MoneyField)
        min_value=Decimal("0"),
    )
    currency = forms.ChoiceField(label=gettext_lazy("currency"))
    source = forms.CharField(
        label=gettext_lazy("source of the estimate"),
        required=False,
        max_length=255,
        help_text=gettext_lazy(
            "Where the figure comes from: the customer, a report, our estimate."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c, c) for c in settings.KEYPLAN_CURRENCIES]

    def clean_source(self) -> str:
        return self.cleaned_data["source"].replace("\x00", "")


class SamFitnessForm(forms.ModelForm):
    class Meta:
        model = SamFitness
        fields = [*SamFitness.CONDITIONS, "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean_note(self) -> str:
        return self.cleaned_data["note"].replace("\x00", "")
