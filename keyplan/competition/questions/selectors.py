"""Reads of the weakness-question catalogue."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from keyplan.accounts.access import visible_accounts

from ..models import WeaknessQuestion


def questions(*, active_only: bool = False) -> QuerySet[WeaknessQuestion]:
    qs = WeaknessQuestion.objects.order_by("pillar", "position", "pk")
    return qs.filter(is_active=True) if active_only else qs


def questions_with_answer_counts(user) -> list[WeaknessQuestion]:
    """Every question (the model's order), with `answer_count`: how many assessments of
    the accounts `user` may see answered it (the one access rule: a count over every
    account would tell a KAM about accounts they do not see)."""
    accounts = visible_accounts(user, include_archived=True).values("pk")
    visible = Q(answers__assessment__presence__account__in=accounts)
    return list(WeaknessQuestion.objects.annotate(answer_count=Count("answers", filter=visible)))
