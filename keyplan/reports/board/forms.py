"""The "Generate" form of the board pack page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import BoardPackFormat


class BoardPackForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=BoardPackFormat.choices, initial=BoardPackFormat.PPTX
    )
