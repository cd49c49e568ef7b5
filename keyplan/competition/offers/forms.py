"""The forms of the offer comparison: a buying criterion, one offer's score on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..common.forms import SCORE_CHOICES, SeenMixin, seen_initial
from ..models import BuyingCriterion


class CriterionForm(SeenMixin):
    name = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=100,
        initial=10,
        help_text=_("How much the customer cares, 1-100; weights are normalised to 100%."),
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True

    def data_fields(self) -> dict[str, Any]:
        data = super().data_fields()
        if data.get("position") is None:
            data.pop("position", None)
        return data

    @classmethod
    def for_instance(cls, criterion: BuyingCriterion, data: Any = None) -> CriterionForm:
        initial = {
            "name": criterion.name,
            "description": criterion.description,
            "weight": criterion.weight,
            "position": criterion.position,
            **seen_initial(criterion),
        }
        return cls(data, initial=initial, prefix=f"criterion-{criterion.pk}")


class OfferScoreForm(SeenMixin):
    score = forms.TypedChoiceField(
        label=_("Score (1-5)"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)
