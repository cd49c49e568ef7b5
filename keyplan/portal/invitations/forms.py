"""The invitation form (team side) and the set-password form (the invitee)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account, Contact
from keyplan.users.invitations.forms import SetPasswordForm


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=_("The person at the customer this address belongs to, if known."),
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        help_text=_("The portal opens in this language too."),
    )

    def __init__(self, *args, account: Account, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Contact]", self.fields["contact"]
        ).queryset = Contact.objects.filter(account=account, erased_at__isnull=True)


class AcceptForm(SetPasswordForm):
    """The invitee's names (up to 100 characters, as the account's contacts keep them)
    and password."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
