"""Forms of the economics settings page. They only parse; the services validate and write
(a person or a role, the amount above zero, the currency's code, one rate a day)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from keyplan.core.fields import MINOR_SCALE
from keyplan.core.widgets import DateInput

from ..models import COSTED_ROLES, EconomicsSettings, HourlyCost
from . import selectors
from .services import SETTINGS_FIELDS, WEIGHT_FIELDS

ISO_DATE = DateInput()


class EconomicsSettingsForm(forms.ModelForm):
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = EconomicsSettings
        fields = list(SETTINGS_FIELDS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen_updated_at"] = self.instance.updated_at.isoformat()
        self.fields["cost_of_capital"].widget.attrs.update({"min": 0, "max": 100, "step": "0.01"})

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}


class HealthWeightsForm(forms.ModelForm):
    """The weights of the health score's components (the service checks the rest)."""

    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = EconomicsSettings
        fields = list(WEIGHT_FIELDS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.auto_id = "id_weights_%s"
        if not self.is_bound:
            self.initial["seen_updated_at"] = self.instance.updated_at.isoformat()
        for name in WEIGHT_FIELDS:
            self.fields[name].widget.attrs.update({"min": 0, "max": 100, "step": 1})

    def clean(self):
        data = super().clean()
        values = [data.get(name) for name in WEIGHT_FIELDS]
        if all(value is not None for value in values) and not any(values):
            raise forms.ValidationError(_("Give at least one component a weight above 0."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in WEIGHT_FIELDS}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = str(obj)
        return name if obj.is_active else _("%(name)s (inactive)") % {"name": name}


class HourlyCostForm(forms.Form):
    """An hourly cost for a person or a role (one of the two), from a day on."""

    person = PersonChoiceField(
        label=_("person"),
        queryset=selectors.people_choices(),
        required=False,
        empty_label="—",
        help_text=_("A person's own rate wins over their role's."),
    )
    role = forms.ChoiceField(
        label=_("or a role"),
        choices=[("", "—"), *COSTED_ROLES],
        required=False,
        help_text=_("Applies to everyone in the role without a rate of their own."),
    )
    amount = forms.DecimalField(label=_("hourly cost"), max_digits=18, decimal_places=MINOR_SCALE)
    currency = forms.CharField(label=_("currency"), max_length=3)
    valid_from = forms.DateField(label=_("valid from"), widget=ISO_DATE)
    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, instance: HourlyCost | None = None, prefix_id: str = "new", **kwargs):
        if instance is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "person": instance.person_id,
                "role": instance.role,
                "amount": instance.amount,
                "currency": instance.currency,
                "valid_from": instance.valid_from,
                "seen_updated_at": instance.updated_at.isoformat(),
            }
        super().__init__(*args, **kwargs)
        if instance is not None:  # a row opened for editing: the keyboard starts there
            self.fields["person"].widget.attrs["autofocus"] = True
        self.fields["amount"].widget.attrs.update({"min": 0, "step": "any", "inputmode": "decimal"})
        self.fields["currency"].widget.attrs.update(
            {"maxlength": 3, "autocomplete": "off", "size": 4}
        )
        self.auto_id = f"id_cost_{prefix_id}_%s"

    def service_data(self) -> dict:
        person = self.cleaned_data.get("person")
        return {
            "person_id": person.pk if person is not None else None,
            "role": self.cleaned_data.get("role") or "",
            "amount": self.cleaned_data["amount"],
            "currency": self.cleaned_data["currency"],
            "valid_from": self.cleaned_data["valid_from"],
        }
