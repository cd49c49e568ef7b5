"""The score sheet's form: one manual score as a cell posts it. It parses input; the
services in `services` decide and write."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy

SCORE_ERROR = gettext_lazy("Enter a whole number from 1 to 10.")


class ScoreCellForm(forms.Form):
    """One manual score: 1-10, an optional rationale and the version the user saw."""

    score = forms.IntegerField(
        label=gettext_lazy("score"),
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        error_messages={
            "required": SCORE_ERROR,
            "invalid": SCORE_ERROR,
            "min_value": SCORE_ERROR,
            "max_value": SCORE_ERROR,
        },
    )
    rationale = forms.CharField(
        label=gettext_lazy("rationale"), required=False, max_length=2000, strip=True
    )
    # The score's updated_at when the sheet was rendered; a later save by someone else is
    # a conflict. Empty when the cell had no score.
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    # Set when the cell was empty as rendered (there was no version to send).
    blank = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_rationale(self) -> str:
        return self.cleaned_data["rationale"].replace("\x00", "")
