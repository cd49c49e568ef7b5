"""What the apps' forms share."""

from __future__ import annotations

from django import forms


def model_choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, a choice among model rows (a form narrows its queryset per
    user or account); typed, so the type checker knows it has a queryset."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a choice among model rows")
    return field
