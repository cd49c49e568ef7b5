"""Form fields the portfolio pages share: a whole month as YYYY-MM."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class MonthInput(forms.TextInput):
    input_type = "month"

    def format_value(self, value):
        if isinstance(value, date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    """A whole month as YYYY-MM (what <input type="month"> sends); cleans to its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2024-03.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value.replace(day=1)
        text = str(value).strip()[:20]
        match = MONTH.match(text) or MONTH.match(text[:7])
        if match is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = int(match[1]), int(match[2])
        if not (1 <= month <= 12 and 1 <= year <= 9999):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return date(year, month, 1)
