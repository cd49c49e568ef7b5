"""The warnings pages' forms: the portfolio filters, and a warning's snooze and resolve
forms (the services validate again and name the field of each message)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyplan.accounts.models import AccountClass
from keyplan.core.widgets import DateInput

from .domain import KIND_LABELS, KINDS
from .selectors import DEFAULT_SORT, SORTS, WarningFilters
from .services import MAX_SNOOZE_DAYS, NOTE_MAX

# ISO in the input whatever the language: a date input accepts nothing else.
DATE = DateInput()


class WarningFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), *((kind, KIND_LABELS[kind]) for kind in KINDS)],
    )
    account_class = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("All")), *AccountClass.choices]
    )
    owner = forms.IntegerField(label=_("Owner"), required=False, min_value=1, max_value=2**63 - 1)
    hidden = forms.BooleanField(label=_("Show snoozed and resolved"), required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in sorted(SORTS)], widget=forms.HiddenInput
    )

    def filters(self) -> WarningFilters:
        """The filters the form accepted; the defaults for the fields it refused."""
        self.is_valid()
        data = self.cleaned_data
        return WarningFilters(
            kind=data.get("kind") or "",
            account_class=data.get("account_class") or "",
            owner=data.get("owner"),
            hidden=bool(data.get("hidden")),
            sort=data.get("sort") or DEFAULT_SORT,
        )


class SnoozeForm(forms.Form):
    until = forms.DateField(
        label=_("Snooze until"),
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("Enter the day the warning should show again.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, key: str = "", **kwargs):
        kwargs.setdefault("auto_id", f"id_snooze_{key.replace(':', '_')}_%s")
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["until"].widget.attrs.update(
            min=(today + timedelta(days=1)).isoformat(),
            max=(today + timedelta(days=MAX_SNOOZE_DAYS)).isoformat(),
        )
        if not self.is_bound:
            self.initial.setdefault("until", today + timedelta(days=30))


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("How it was resolved"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say how the warning was resolved: a note is required.")},
    )

    def __init__(self, *args, key: str = "", **kwargs):
        kwargs.setdefault("auto_id", f"id_resolve_{key.replace(':', '_')}_%s")
        super().__init__(*args, **kwargs)
