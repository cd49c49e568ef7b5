"""The form of a weakness question of the catalogue (administrators only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..common.forms import SeenMixin, seen_initial
from ..models import Pillar, WeaknessQuestion


class QuestionForm(SeenMixin):
    key = forms.SlugField(label=_("Key"), max_length=60)
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300)
    text_ru = forms.CharField(label=_("Question (Russian)"), max_length=300, required=False)
    text_pl = forms.CharField(label=_("Question (Polish)"), max_length=300, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].widget.attrs["autofocus"] = True

    @classmethod
    def for_instance(cls, question: WeaknessQuestion, data: Any = None) -> QuestionForm:
        initial = {
            name: getattr(question, name)
            for name in ("key", "pillar", "text_en", "text_ru", "text_pl", "position", "is_active")
        }
        form = cls(data, initial={**initial, **seen_initial(question)}, prefix=f"q-{question.pk}")
        return form
