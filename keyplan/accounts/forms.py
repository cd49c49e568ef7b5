from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from keyplan.core.countries import country_choices
from keyplan.core.forms import model_choices
from keyplan.users.models import BusinessUnit, Role, User

from .models import Account, BuyingRole, Contact, TeamFunction


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
        model_choices(self, "owner").queryset = User.objects.filter(
            is_active=True, role__in=[Role.KAM, Role.DIRECTOR, Role.ADMIN]
        ).order_by("last_name", "first_name", "username")
        parents = parent_queryset
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["seen_updated_at"].initial = self.instance.updated_at
        model_choices(self, "parent").queryset = parents.order_by("name")
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
    """A person joining the account team: their business unit, role, one-sentence
    contribution, the function they cover and the hours per month they commit (§6.2)."""

    user = forms.ModelChoiceField(label=_("person"), queryset=User.objects.none())
    function = forms.ChoiceField(
        label=_("function"), choices=[("", "—"), *TeamFunction.choices], required=False
    )
    business_unit = forms.ModelChoiceField(
        label=_("business unit"),
        queryset=BusinessUnit.objects.filter(is_active=True),
        required=False,
        help_text=_("Left empty: the person's own unit."),
    )
    role = forms.CharField(label=_("role on the team"), max_length=100, required=False)
    contribution = forms.CharField(
        label=_("contribution to the account"),
        max_length=255,
        required=False,
        help_text=_("One sentence."),
    )
    committed_hours = forms.IntegerField(
        label=_("committed hours per month"), min_value=0, max_value=744, required=False
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        model_choices(self, "user").queryset = (
            User.objects.filter(is_active=True)
            .exclude(role=Role.PORTAL)
            .exclude(account_memberships__account=account)
            .order_by("last_name", "first_name", "username")
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "member": data["user"],
            "business_unit": data["business_unit"],
            "role": data["role"],
            "contribution": data["contribution"],
            "function": data["function"],
            "committed_hours": data["committed_hours"],
        }


class ContactForm(forms.ModelForm):
    """A contact with their part in the buying decision and their weight in it (§4).

    The manager ("reports to") is chosen among the same account's contacts, the contact
    itself excluded; the service also refuses a reporting cycle. The hidden
    `seen_updated_at` makes a save over someone else's newer version a form error."""

    seen_updated_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    buying_roles = forms.MultipleChoiceField(
        label=_("roles in the buying decision"),
        choices=BuyingRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Several are allowed."),
    )

    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "level",
            "buying_roles",
            "authority",
            "influence",
            "interest",
            "attitude",
            "competitor_attitude",
            "biased_against_us",
            "reports_to",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "authority": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, account: Account | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        account = account or (self.instance.account if self.instance.pk else None)
        bosses = Contact.objects.none()
        if account is not None:
            bosses = Contact.objects.filter(account=account, erased_at__isnull=True)
            if self.instance.pk:
                bosses = bosses.exclude(pk=self.instance.pk)
                self.fields["seen_updated_at"].initial = self.instance.updated_at
        if account is None:  # no account to choose a manager in (the caller gave none)
            del self.fields["reports_to"]
        else:
            model_choices(self, "reports_to").queryset = bosses.order_by(
                "last_name", "first_name", "pk"
            )
        self.fields["first_name"].widget.attrs["autofocus"] = True

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_updated_at")
        if self.instance.pk and seen is not None and seen != self.instance.updated_at:
            raise forms.ValidationError(
                _(
                    "Someone else saved this contact while you were editing it. "
                    "Reload the page to see their version, then make your change again."
                ),
                code="conflict",
            )
        return cleaned

    def _post_clean(self):
        # The service validates (same account, cycles, roles) with the same messages.
        return
