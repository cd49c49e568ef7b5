"""Forms of the selling pages: the allocation filters and a manager's profile override."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.core.widgets import DateInput
from keyplan.users.models import BusinessUnit, Role, User

from ..models import Profile

DATE = DateInput()


class AllocationFilterForm(forms.Form):
    """The period for everyone; the person and the team for managers only."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    user = forms.ModelChoiceField(
        label=_("Person"), required=False, queryset=User.objects.none(), empty_label=_("Everyone")
    )
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args, manager: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if manager:
            # self.fields holds deep copies of the declared fields, typed as plain Fields.
            cast("forms.ModelChoiceField[User]", self.fields["user"]).queryset = (
                User.objects.filter(is_active=True)
                .exclude(role=Role.PORTAL)
                .order_by("last_name", "first_name", "username")
            )
            units = BusinessUnit.objects.filter(is_active=True).values_list("code", "name")
            cast(forms.ChoiceField, self.fields["team"]).choices = [("", _("All teams")), *units]
        else:
            del self.fields["user"]
            del self.fields["team"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_from", _("The start date is after the end date."))
        return cleaned


class OverrideForm(forms.Form):
    profile = forms.ChoiceField(
        label=_("Profile"),
        required=False,
        choices=[("", _("As derived (no override)")), *list(Profile.choices)],
        widget=forms.Select(attrs={"autofocus": True}),
    )
    note = forms.CharField(
        label=_("Why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you set a profile: it is kept in the history."),
    )
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
