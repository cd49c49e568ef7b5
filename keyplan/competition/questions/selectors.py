"""Reads of the weakness-question catalogue."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from ..models import WeaknessQuestion


def questions(*, active_only: bool = False) -> QuerySet[WeaknessQuestion]:
    qs = WeaknessQuestion.objects.order_by("pillar", "position", "pk")
    return qs.filter(is_active=True) if active_only else qs


def questions_with_answer_counts() -> list[WeaknessQuestion]:
    """Every question (the model's order), with `answer_count`: how many assessments
    answered it."""
    return list(WeaknessQuestion.objects.annotate(answer_count=Count("answers")))
