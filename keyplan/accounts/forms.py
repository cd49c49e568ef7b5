from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from keyplan.core.countries import country_choices
from keyplan.users.models import BusinessUnit, Role, User

from .models import Account, Contact


class AccountForm(forms.ModelForm):
    # The value the user saw when opening the form; a later save by someone else is a conflict.
    seen_updated_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Account
        fields = [
            "name",
            "external_id",
            "tax_id",
            "account_class",
            "status",
            "owner",
            "parent",
            "industry",
            "country",
            "region",
            "currency",
            "annual_revenue",
            "interest_recorded_on",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "interest_recorded_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user: User, parent_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["country"] = forms.ChoiceField(
            label=_("country"), choices=[("", "—"), *country_choices()], required=False
        )
        self.fields["currency"] = forms.ChoiceField(
            label=_("currency"), choices=[(c, c) for c in settings.KEYPLAN_CURRENCIES]
        )
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.KAM, Role.DIRECTOR, Role.ADMIN]
        ).order_by("last_name", "first_name", "username")
        parents = parent_queryset
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["seen_updated_at"].initial = self.instance.updated_at
        self.fields["parent"].queryset = parents.order_by("name")
        if user.role not in (Role.ADMIN, Role.DIRECTOR):
            self.fields["owner"].disabled = True
            if not self.instance.pk:
                self.fields["owner"].initial = user.pk
        if not self.instance.pk:
            self.fields["currency"].initial = settings.KEYPLAN_DEFAULT_CURRENCY
        self.fields["name"].widget.attrs["autofocus"] = True

    def validate_unique(self):
        # Uniqueness is checked by the service, with the same messages.
        return


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("person"), queryset=User.objects.none())
    business_unit = forms.ModelChoiceField(
        label=_("business unit"),
        queryset=BusinessUnit.objects.filter(is_active=True),
        required=False,
    )
    role = forms.CharField(label=_("role on the team"), max_length=100, required=False)
    contribution = forms.CharField(
        label=_("contribution to the account"), max_length=255, required=False
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(role=Role.PORTAL)
            .exclude(account_memberships__account=account)
            .order_by("last_name", "first_name", "username")
        )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "title", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
