"""Forms of joint work: the customer's confirmation and proposal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.core.widgets import DateInput

from ..models import Decision


class ConfirmForm(forms.Form):
    decision = forms.ChoiceField(label=_("Is it done?"), choices=Decision.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you reject: what is still missing?"),
    )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=255)
    detail = forms.CharField(
        label=_("Detail"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("Wished by"), required=False, widget=DateInput())
