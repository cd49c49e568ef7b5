"""Forms of the administrators' pages and of the invitee's welcome page."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import BusinessUnit, Role, User
from ..units import selectors as unit_selectors
from .services import INVITABLE_ROLES

ROLE_CHOICES = [(role.value, role.label) for role in INVITABLE_ROLES]


def _unit_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Business unit"),
        queryset=unit_selectors.unit_choices(),
        required=False,
        empty_label=_("(none)"),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.VIEWER)
    business_unit = _unit_field()
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)


class AssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    business_unit = _unit_field()

    def __init__(self, *args, target: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = cast("forms.ModelChoiceField[BusinessUnit]", self.fields["business_unit"])
        # A unit retired since keeps showing for the people still in it.
        units.queryset = BusinessUnit.objects.filter(
            Q(is_active=True) | Q(pk=target.business_unit_id or 0)
        )
        if target.role == Role.PORTAL:
            role = cast("forms.ChoiceField", self.fields["role"])
            role.choices = Role.choices
            role.disabled = True


class WelcomeForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
