"""The forms of an assessment: a pillar's score and evidence, a weakness answer, the
date of a new assessment, the weak point to attack."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keyplan.core.widgets import DateInput

from ..common.forms import SCORE_CHOICES, SeenMixin, seen_initial
from ..models import Answer, Pillar, PillarRating, WeaknessAnswer


class RatingForm(SeenMixin):
    score = forms.TypedChoiceField(
        label=_("Score (1-5)"),
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("1: weak, 5: very strong."),
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def for_instance(cls, rating: PillarRating, data: Any = None) -> RatingForm:
        initial = {"score": rating.score, "evidence": rating.evidence, **seen_initial(rating)}
        form = cls(data, initial=initial, prefix=f"rating-{rating.pk}")
        form.fields["score"].widget.attrs["autofocus"] = True
        return form


class AnswerForm(SeenMixin):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    @classmethod
    def for_instance(cls, answer: WeaknessAnswer, data: Any = None) -> AnswerForm:
        initial = {"answer": answer.answer, "note": answer.note, **seen_initial(answer)}
        return cls(data, initial=initial, prefix=f"answer-{answer.pk}")


class AssessmentStartForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AttackForm(forms.Form):
    """The weak point to attack: a pillar, and the question answered "yes" if any."""

    pillar = forms.ChoiceField(choices=Pillar.choices, widget=forms.HiddenInput)
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)
