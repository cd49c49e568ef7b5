"""The competition pages' forms: they parse and check what the user typed; the services
(keyplan.competition.services) decide and write. Each form that edits something carries
the `updated_at` the user saw, so that a stale save is refused (409) instead of lost."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Answer, Competitor, Pillar

SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


class SeenMixin(forms.Form):
    """The `updated_at` the user saw when the form was drawn (empty for a new object)."""

    seen_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def data_fields(self) -> dict[str, Any]:
        """The cleaned values the service takes (without `seen_updated_at`)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "seen_updated_at"}


def seen_initial(obj) -> dict[str, Any]:
    return {"seen_updated_at": obj.updated_at.isoformat()} if obj is not None else {}


FIELD_ALIASES = {"competitor_id": "competitor"}


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form: on the field it names, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = FIELD_ALIASES.get(field, field)
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True

    @classmethod
    def for_instance(cls, competitor: Competitor, data=None) -> CompetitorForm:
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


class PresenceForm(SeenMixin):
    competitor = forms.ModelChoiceField(
        label=_("Competitor"), queryset=Competitor.objects.none(), empty_label=None
    )
    supplies = forms.CharField(
        label=_("What it supplies"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_incumbent = forms.BooleanField(label=_("Incumbent"), required=False)
    share_of_spend = forms.DecimalField(
        label=_("Estimated share of the account's spend, %"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, account=None, presence=None, **kwargs):
        super().__init__(*args, **kwargs)
        competitors = Competitor.objects.filter(is_active=True)
        if account is not None:
            taken = account.competitor_presences.values("competitor_id")
            if presence is not None:
                taken = taken.exclude(pk=presence.pk)
            competitors = competitors.exclude(pk__in=taken)
        if presence is not None:
            # The competitor of a presence does not change: remove it and add the other.
            competitors = Competitor.objects.filter(pk=presence.competitor_id)
            self.fields["competitor"].disabled = True
            self.fields["supplies"].widget.attrs["autofocus"] = True
        else:
            self.fields["competitor"].widget.attrs["autofocus"] = True
        self.fields["competitor"].queryset = competitors

    @classmethod
    def for_instance(cls, presence, data=None) -> PresenceForm:
        initial = {
            "competitor": presence.competitor_id,
            "supplies": presence.supplies,
            "is_incumbent": presence.is_incumbent,
            "share_of_spend": presence.share_of_spend,
            "notes": presence.notes,
            **seen_initial(presence),
        }
        return cls(data, initial=initial, account=presence.account, presence=presence)


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
    def for_instance(cls, rating, data=None) -> RatingForm:
        initial = {"score": rating.score, "evidence": rating.evidence, **seen_initial(rating)}
        form = cls(data, initial=initial, prefix=f"rating-{rating.pk}")
        form.fields["score"].widget.attrs["autofocus"] = True
        return form


class AnswerForm(SeenMixin):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    @classmethod
    def for_instance(cls, answer, data=None) -> AnswerForm:
        initial = {"answer": answer.answer, "note": answer.note, **seen_initial(answer)}
        return cls(data, initial=initial, prefix=f"answer-{answer.pk}")


class AssessmentStartForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AttackForm(forms.Form):
    """The weak point to attack: a pillar, and the question answered "yes" if any."""

    pillar = forms.ChoiceField(choices=Pillar.choices, widget=forms.HiddenInput)
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True

    def data_fields(self) -> dict[str, Any]:
        data = super().data_fields()
        if data.get("position") is None:
            data.pop("position", None)
        return data

    @classmethod
    def for_instance(cls, criterion, data=None) -> CriterionForm:
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


class QuestionForm(SeenMixin):
    key = forms.SlugField(label=_("Key"), max_length=60)
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300)
    text_ru = forms.CharField(label=_("Question (Russian)"), max_length=300, required=False)
    text_pl = forms.CharField(label=_("Question (Polish)"), max_length=300, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].widget.attrs["autofocus"] = True

    @classmethod
    def for_instance(cls, question, data=None) -> QuestionForm:
        initial = {
            name: getattr(question, name)
            for name in ("key", "pillar", "text_en", "text_ru", "text_pl", "position", "is_active")
        }
        form = cls(data, initial={**initial, **seen_initial(question)}, prefix=f"q-{question.pk}")
        return form
