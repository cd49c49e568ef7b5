"""The classification page's form: the note saved with the snapshot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApplyClassificationForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        max_length=255,
        required=False,
        help_text=_("Why the classification is applied now, e.g. “year-end review 2024”."),
    )
