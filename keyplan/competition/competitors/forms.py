"""The registry's form: a competitor's name, website, products, strengths and notes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..common.forms import SeenMixin, seen_initial
from ..models import Competitor


class CompetitorForm(SeenMixin):
    name = forms.CharField(label=_("Name"), max_length=200)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    products = forms.CharField(
        label=_("Products"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    strengths = forms.CharField(
        label=_("Typical strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True

    @classmethod
    def for_instance(cls, competitor: Competitor, data: Any = None) -> CompetitorForm:
        initial = {
            "name": competitor.name,
            "website": competitor.website,
            "products": competitor.products,
            "strengths": competitor.strengths,
            "notes": competitor.notes,
            "is_active": competitor.is_active,
            **seen_initial(competitor),
        }
        return cls(data, initial=initial)
