"""The form of an account's satisfaction answer. It parses what the user typed; the
services (keyplan.stakeholders.satisfaction.services) decide what is valid and their
messages land on these fields (same names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account, Contact
from keyplan.core.widgets import DateInput
from keyplan.stakeholders.models import SatisfactionAnswer

from .selectors import account_contacts
from .services import COMMENT_LENGTH

# ISO in the input whatever the language: a date input accepts nothing else.
DATE = DateInput()
ISO = ["%Y-%m-%d"]


class SatisfactionAnswerForm(forms.Form):
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE, input_formats=ISO)
    # No limits here: the service refuses a score outside 0–10 with its own message, the
    # same on the page, in the API and in imports; the browser's input still offers 0–10.
    score = forms.IntegerField(
        label=_("Score (0–10)"),
        help_text=_("0: not at all satisfied, 10: fully satisfied."),
        widget=forms.NumberInput(attrs={"min": 0, "max": 10, "step": 1, "inputmode": "numeric"}),
    )
    contact: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        label=_("Respondent"),
        queryset=None,
        required=False,
        empty_label=_("Nobody in particular"),
        help_text=_("One of the account's contacts, if the answer is theirs."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        assert isinstance(contact, forms.ModelChoiceField)
        contact.queryset = account_contacts(account)
        today = timezone.localdate()
        self.fields["answered_on"].initial = today
        self.fields["answered_on"].widget.attrs.update(max=today.isoformat(), autofocus=True)

    @classmethod
    def for_answer(cls, answer: SatisfactionAnswer, data: Any = None) -> SatisfactionAnswerForm:
        initial = {
            "answered_on": answer.answered_on,
            "score": answer.score,
            "contact": answer.contact_id,
            "comment": answer.comment,
            "seen_updated_at": answer.updated_at.isoformat(),
        }
        return cls(data, initial=initial, account=answer.account)

    def service_data(self) -> dict[str, Any]:
        """The cleaned values the service takes (without `seen_updated_at`)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "seen_updated_at"}
