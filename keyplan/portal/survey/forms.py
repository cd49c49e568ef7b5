"""The survey form, built from what the survey asks: one optional 1-5 choice per buying
criterion and per statement, and the satisfaction score (0-10, required)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SCALE_1_5 = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]
SCALE_0_10 = [("", "—"), *[(str(n), str(n)) for n in range(0, 11)]]


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with us overall? (0 = not at all, 10 = fully)"),
        choices=SCALE_0_10,
        coerce=int,
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria, statements, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criterion_fields = []
        self.statement_fields = []
        for criterion in criteria:
            name = f"criterion_{criterion.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=SCALE_1_5,
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.criterion_fields.append(name)
        for item in statements:
            name = f"statement_{item.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=item.text,
                choices=SCALE_1_5,
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.statement_fields.append(name)

    def scores(self, prefix: str) -> dict[int, int]:
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value is not None
        }
