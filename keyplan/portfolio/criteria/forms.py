"""The criteria page's forms: one criterion's row, and all ten as one form. The criteria
are saved here, in one transaction, because they are plain settings."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Criterion, ScoreMethod


class CriterionForm(forms.ModelForm):
    """One criterion's row on the criteria page (prefixed with the criterion's key)."""

    class Meta:
        model = Criterion
        fields = ["enabled", "weight", "metric", "method", "low", "high", "higher_is_better"]
        widgets = {
            "weight": forms.NumberInput(attrs={"step": "0.5", "min": "0", "class": "num-input"}),
            "low": forms.NumberInput(attrs={"step": "any", "class": "num-input"}),
            "high": forms.NumberInput(attrs={"step": "any", "class": "num-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [("", _("Scored by people"))] + [
            c for c in self.fields["metric"].choices if c[0]
        ]
        self.fields["weight"].max_value = Decimal("9999")
        for name in ("low", "high", "weight"):
            value = getattr(self.instance, name)
            if value is not None and not self.is_bound:
                # 10.0000 reads as 10 (the stored scale is not the user's concern)
                self.initial[name] = value.normalize() if value % 1 else value.quantize(1)
        label = str(self.instance)
        # Screen readers hear which row a control belongs to.
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{label}: {field.label}"

    def clean(self):
        cleaned = super().clean()
        metric = cleaned.get("metric")
        if metric and cleaned.get("method") == ScoreMethod.LINEAR:
            low, high = cleaned.get("low"), cleaned.get("high")
            if low is None and "low" not in self.errors:
                self.add_error("low", _("A linear rule needs the value that scores 1."))
            if high is None and "high" not in self.errors:
                self.add_error("high", _("A linear rule needs the value that scores 10."))
            if low is not None and high is not None and low == high:
                self.add_error(
                    "high",
                    _("The value scoring 10 must differ from the value scoring 1."),
                )
        return cleaned


class CriteriaFormSet:
    """All ten criteria as one form: each row validated alone, then together (at least one
    criterion in use with a weight above zero)."""

    def __init__(self, data=None, *, criteria: list[Criterion]):
        self.forms = [CriterionForm(data, instance=c, prefix=c.key) for c in criteria]
        self.non_form_errors: list[str] = []

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self) -> bool:
        valid = all([form.is_valid() for form in self.forms])
        if valid:
            in_use = [f for f in self.forms if f.cleaned_data.get("enabled")]
            if not any(f.cleaned_data["weight"] > 0 for f in in_use):
                message = _("Give at least one criterion in use a weight above zero.")
                self.non_form_errors.append(message)
                for form in in_use:
                    form.add_error("weight", message)
                valid = False
        return valid

    def error_messages(self) -> list[str]:
        """Every error, naming the criterion and the field (“Tenure …, weight: …”)."""
        messages = list(self.non_form_errors)
        for form in self.forms:
            for field, errors in form.errors.items():
                label = "" if field == "__all__" else str(form.fields[field].label)
                label = label[:1].lower() + label[1:]
                for error in errors:
                    if error in self.non_form_errors:
                        continue
                    messages.append(
                        f"{form.instance}, {label}: {error}"
                        if label
                        else f"{form.instance}: {error}"
                    )
        return messages

    def changed(self) -> list[Criterion]:
        return [f.instance for f in self.forms if f.has_changed()]

    @transaction.atomic
    def save(self) -> list[Criterion]:
        """Saves the rows that changed (history is kept per criterion); returns them."""
        saved = []
        for form in self.forms:
            if form.has_changed():
                saved.append(form.save())
        return saved
