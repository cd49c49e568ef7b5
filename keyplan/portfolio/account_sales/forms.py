"""The form of the drill-down to an account's months: its optional period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from keyplan.sales.figures.domain import Period, month_count

from ..common.forms import MonthField

MAX_MONTHS = 120  # the most months the drill-down shows at once


class MonthRangeForm(forms.Form):
    """The drill-down's optional period."""

    date_from = MonthField(label=_("From"), required=False)
    date_to = MonthField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                _("The month %(to)s is before the start month %(from)s.")
                % {"to": f"{end:%Y-%m}", "from": f"{start:%Y-%m}"},
            )
        return data

    def period(self) -> Period | None:
        """The months asked for, once the form is valid: None when none are given, or
        when they are refused (one month without the other, more than MAX_MONTHS), the
        refusal then put on the form."""
        start, end = self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        if bool(start) != bool(end):
            missing = "date_to" if start else "date_from"
            self.add_error(missing, gettext("Give both months, or neither."))
            return None
        if not (start and end):
            return None
        period = Period.months(start, end)
        if month_count(period) > MAX_MONTHS:
            self.add_error(
                "date_to",
                ngettext(
                    "Choose at most %(count)d month.",
                    "Choose at most %(count)d months.",
                    MAX_MONTHS,
                )
                % {"count": MAX_MONTHS},
            )
            return None
        return period
