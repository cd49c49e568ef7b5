"""The filters of the my-actions page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ActionFilterForm(forms.Form):
    SHOW = (
        ("", _("All open")),
        ("overdue", _("Overdue")),
        ("week", _("Due this week")),
        ("blocked", _("Blocked")),
        ("closed", _("Done or dropped")),
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
