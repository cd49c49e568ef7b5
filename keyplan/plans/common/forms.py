"""What the plan forms share: the date widget and the version of the row the user saw."""

from __future__ import annotations

from django import forms

from keyplan.core.widgets import DateInput

DATE = DateInput()


class SeenMixin(forms.Form):
    """The `updated_at` the user saw: a later save by someone else is a conflict."""

    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
