"""The forms of the monthly report pages: the month to draft, the KAM's texts, the
language of the PDF and the e-mail to the account's people."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account, Contact

from .domain import MonthError, parse_month
from .selectors import email_contacts

TEXT_LIMIT = 5000


def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


class DraftForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def clean_month(self):
        try:
            return parse_month(self.cleaned_data["month"], today=timezone.localdate())
        except MonthError:
            raise forms.ValidationError(
                _("Enter a month as YYYY-MM, not after this one."), code="month"
            ) from None


class TextsForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    highlights = forms.CharField(
        label=_("Highlights"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    asks = forms.CharField(
        label=_("Asks and next steps"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)


class ContactEmailField(forms.ModelMultipleChoiceField):
    """Contacts shown with their e-mail address."""

    def label_from_instance(self, obj) -> str:
        return f"{obj} <{obj.email}>"


class EmailForm(forms.Form):
    contacts: ContactEmailField = ContactEmailField(
        label=_("Send to"), queryset=Contact.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="",
    )
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=language_choices)

    def __init__(self, *args, account: Account, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        contacts = cast(ContactEmailField, self.fields["contacts"])
        contacts.queryset = email_contacts(account)
