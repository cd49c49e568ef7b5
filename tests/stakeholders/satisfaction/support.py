"""Satisfaction answers for the satisfaction tests."""

from __future__ import annotations

from datetime import date

from keyplan.stakeholders.models import SatisfactionAnswer


def add_answer(account, *, day=date(2026, 2, 1), score=7, **extra) -> SatisfactionAnswer:
    return SatisfactionAnswer.objects.create(account=account, answered_on=day, score=score, **extra)
