"""The cash view's filters: the date, a search, the owner and class, the order."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import AccountClass
from keyplan.core.widgets import DateInput

from .selectors import DEFAULT_SORT, SORTS, CashFilters

# ISO in the input whatever the language: a date input accepts nothing else.
DATE = DateInput()
EARLIEST = date(1900, 1, 1)


class CashFilterForm(forms.Form):
    as_of = forms.DateField(
        label=_("Receivables at"),
        required=False,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        help_text=_("Empty: the last day of the payment data (never after today)."),
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    owner = forms.IntegerField(label=_("Owner"), required=False, min_value=1, max_value=2**63 - 1)
    account_class = forms.ChoiceField(
        label=_("Class"),
        required=False,
        choices=[("", _("All")), *AccountClass.choices],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in sorted(SORTS)], widget=forms.HiddenInput
    )

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day is not None and not EARLIEST <= day <= date.today():
            raise forms.ValidationError(
                _("Choose a date between %(first)s and today.") % {"first": EARLIEST.isoformat()}
            )
        return day

    def clean_q(self):
        # PostgreSQL refuses NUL characters in text; no name or id contains one.
        return self.cleaned_data.get("q", "").replace("\x00", "").strip()

    def filters(self) -> CashFilters:
        """The filters the form accepted; the defaults for the fields it refused (their
        messages are on the form)."""
        self.is_valid()
        data = self.cleaned_data
        return CashFilters(
            as_of=data.get("as_of"),
            q=data.get("q", ""),
            owner=data.get("owner"),
            account_class=data.get("account_class", ""),
            sort=data.get("sort") or DEFAULT_SORT,
        )
