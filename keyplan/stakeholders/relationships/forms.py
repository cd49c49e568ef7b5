"""Forms of the zipper pages: a link between our person and theirs, and the selling
settings. The forms only parse; the services in `services.py` validate and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import Account, Contact
from keyplan.users.models import User

from ..models import SellingSettings
from .services import SETTINGS_FIELDS, linkable_users

STRENGTHS = [
    (0, _("0: no real contact")),
    (1, _("1: they know each other")),
    (2, _("2: occasional contact")),
    (3, _("3: regular, open contact")),
    (4, _("4: close working relationship")),
    (5, _("5: a trusted peer")),
]


class RelationshipForm(forms.Form):
    contact: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        queryset=None, label=_("Their person")
    )
    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=None, label=_("Our person")
    )
    strength = forms.TypedChoiceField(label=_("Strength"), choices=STRENGTHS, coerce=int, initial=1)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, account: Account, prefix_id: str = "new", autofocus: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds deep copies of the declared fields, typed as plain Fields.
        contact = cast("forms.ModelChoiceField[Contact]", self.fields["contact"])
        contact.queryset = account.contacts.order_by("last_name", "first_name")
        cast("forms.ModelChoiceField[User]", self.fields["user"]).queryset = linkable_users()
        if autofocus:
            contact.widget.attrs["autofocus"] = True
        self.auto_id = f"id_rel_{prefix_id}_%s"

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contact_id": data["contact"].pk,
            "user_id": data["user"].pk,
            "strength": data["strength"],
            "notes": data["notes"],
        }


# Service error keys → form field names.
FIELD_OF = {"contact_id": "contact", "user_id": "user", "strength": "strength", "notes": "notes"}


class SellingSettingsForm(forms.ModelForm):
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = SellingSettings
        fields = list(SETTINGS_FIELDS)
        # The norms' help texts name the method they come from.
        help_texts = {
            "norm_strategic": _(
                "After T. R. Bacon: strategic accounts get at least 60 percent of the selling time."
            ),
            "norm_regular": _("After T. R. Bacon: regular accounts get about 30 percent."),
            "norm_prospect": _(
                "After T. R. Bacon: prospects get about 10 percent (suspects count with prospects)."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen_updated_at"] = self.instance.updated_at.isoformat()
        first = self.fields[SETTINGS_FIELDS[0]]
        first.widget.attrs["autofocus"] = True
