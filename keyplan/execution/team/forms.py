"""Forms of the team pages: a member's inline edit and the execution settings. The forms
only parse; the services validate and write (keyplan.accounts.services the members,
services.py the settings)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import TeamFunction
from keyplan.users.models import BusinessUnit

from ..models import ExecutionSettings
from .services import SETTINGS_FIELDS


class TeamMemberEditForm(forms.Form):
    function = forms.ChoiceField(
        label=_("function"), choices=[("", "—"), *TeamFunction.choices], required=False
    )
    business_unit = forms.ModelChoiceField(
        label=_("business unit"), queryset=BusinessUnit.objects.none(), required=False
    )
    role = forms.CharField(label=_("role on the team"), max_length=100, required=False)
    contribution = forms.CharField(
        label=_("contribution to the account"), max_length=255, required=False
    )
    committed_hours = forms.IntegerField(
        label=_("committed hours per month"), min_value=0, max_value=744, required=False
    )
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, prefix_id: str = "new", current_unit_id=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Active units, and the member's own even if it was closed since (kept as it is).
        units = BusinessUnit.objects.filter(is_active=True)
        if current_unit_id:
            units = BusinessUnit.objects.filter(is_active=True) | BusinessUnit.objects.filter(
                pk=current_unit_id
            )
        # `fields` is typed as plain Fields; this one is declared a ModelChoiceField above.
        cast(forms.ModelChoiceField, self.fields["business_unit"]).queryset = units.order_by("name")
        self.fields["function"].widget.attrs["autofocus"] = True
        self.auto_id = f"id_member_{prefix_id}_%s"

    def service_data(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.fields if key != "seen_updated_at"}


class ExecutionSettingsForm(forms.ModelForm):
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    required_functions = forms.MultipleChoiceField(
        label=_("functions a strategic account's team should cover"),
        choices=TeamFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A strategic account whose team lacks one of them shows it as missing."),
    )

    class Meta:
        model = ExecutionSettings
        fields = list(SETTINGS_FIELDS)
        help_texts = {
            "weight_class": _(
                "The four weights are normalised: only their proportions count "
                "(30, 20, 35, 15 is the same as 6, 4, 7, 3)."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen_updated_at"] = self.instance.updated_at.isoformat()
        self.fields["saa_cadence"].widget.attrs["autofocus"] = True
        for name in ("weight_class", "weight_score", "weight_return", "weight_completeness"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 100, "step": "0.01"})

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}
