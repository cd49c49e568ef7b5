"""What the competition forms share. The forms parse and check what the user typed; the
services decide and write. Each form that edits something carries the `updated_at` the
user saw, so that a stale save is refused (409) instead of lost."""

from __future__ import annotations

from typing import Any

from django import forms

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class SeenMixin(forms.Form):
    """The `updated_at` the user saw when the form was drawn (empty for a new object)."""

    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    # On a form refused as stale: the version saved meanwhile, shown next to the user's.
    current: Any

    def data_fields(self) -> dict[str, Any]:
        """The cleaned values the service takes (without `seen_updated_at`)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "seen_updated_at"}


def seen_initial(obj: Any) -> dict[str, Any]:
    return {"seen_updated_at": obj.updated_at.isoformat()} if obj is not None else {}
