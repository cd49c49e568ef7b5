"""The business unit form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    code = forms.SlugField(
        label=_("Code"),
        max_length=30,
        help_text=_("Short, letters, digits and hyphens; used by imports to name the unit."),
    )
    head = forms.ModelChoiceField(
        label=_("Head"),
        queryset=selectors.head_choices(),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Decides the unit's resource requests."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
