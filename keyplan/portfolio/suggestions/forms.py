"""The suggestions page's form: a director's decision on one suggestion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class DecisionForm(forms.Form):
    ACCEPT, REJECT = "accept", "reject"

    decision = forms.ChoiceField(
        label=gettext_lazy("decision"),
        choices=[(ACCEPT, gettext_lazy("Accept")), (REJECT, gettext_lazy("Reject"))],
    )
    comment = forms.CharField(
        label=gettext_lazy("comment"), required=False, max_length=2000, widget=forms.Textarea
    )

    def clean(self):
        cleaned = super().clean()
        comment = (cleaned.get("comment") or "").replace("\x00", "").strip()
        cleaned["comment"] = comment
        if cleaned.get("decision") == self.REJECT and not comment:
            self.add_error("comment", _("Say why you reject the suggestion."))
        return cleaned
