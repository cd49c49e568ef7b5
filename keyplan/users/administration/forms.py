"""Forms of the administrators' pages and of the invitee's welcome page."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..invitations.forms import SetPasswordForm
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


class WelcomeForm(SetPasswordForm):
    """The invitee's names (up to 150 characters, as User keeps them) and password."""
