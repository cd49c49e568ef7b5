"""Form widgets the apps share.

`DateInput` is the one date widget: an `<input type="date">` whose value is always ISO
(yyyy-mm-dd), whatever the active language. Browsers accept nothing else in a date input;
Django would otherwise render the language's first input format ("04.12.2026" in Polish
and Russian), which the browser drops, leaving a required field empty. `MonthInput` does
the same for `<input type="month">` (yyyy-mm).
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_MONTH = "%Y-%m"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or ISO_MONTH)
