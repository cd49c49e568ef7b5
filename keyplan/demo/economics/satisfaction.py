"""The demo's satisfaction answers (issue #16): answers of the accounts' people over the last
18 months, so the account's satisfaction page, the KPIs and the health score have data.

- Strategic accounts answer most often (a survey every month or two), regular ones a few
  times, prospects and closed accounts not at all.
- Most accounts are content (7 to 10); a few strategic accounts are unhappy, and getting
  more so: their scores slide from about 7 to 2-4 over the 18 months, with the comments
  to match, so they stand out on the health score and in the early warnings.
- The respondent is one of the account's contacts, or nobody in particular; comments in
  the account's language.

Deterministic: a fixed seed, and each account's answers drawn from a generator seeded by
the account alone, so adding an account does not reshuffle the others. Idempotent: each
answer carries an external id ("demo-sat-<account>-<n>") and a second run adds only what
is missing. Written in bulk with a history row each ("demo").
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.models import Account, AccountClass, AccountStatus, Contact
from keyplan.stakeholders.models import SatisfactionAnswer, SatisfactionSource

from ..accounts.domain import language

SEED = 1616
MONTHS = 18
UNHAPPY = 3  # strategic accounts whose scores slide
PREFIX = "demo-sat"
ANSWERS: dict[str, tuple[int, int]] = {
    AccountClass.STRATEGIC: (8, 14),
    AccountClass.REGULAR: (2, 5),
}

COMMENTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "good": ["Reliable deliveries.", "Quick answers from the team.", "Good technical support."],
        "bad": [
            "Deliveries late again.",
            "Nobody answers our complaints.",
            "Prices up, service down.",
        ],
    },
    "pl": {
        "good": ["Terminowe dostawy.", "Szybkie odpowiedzi zespołu.", "Dobre wsparcie techniczne."],
        "bad": [
            "Znowu opóźnione dostawy.",
            "Nikt nie odpowiada na reklamacje.",
            "Ceny w górę, obsługa w dół.",
        ],
    },
    "ru": {
        "good": ["Надёжные поставки.", "Быстрые ответы команды.", "Хорошая техподдержка."],
        "bad": [
            "Опять задержки поставок.",
            "Никто не отвечает на претензии.",
            "Цены выросли, сервис хуже.",
        ],
    },
}


def _score(rng: random.Random, unhappy: bool, progress: float) -> int:
    """A content customer's 7-10; an unhappy one's from about 7 down to 2-4 as `progress`
    goes from 0 (18 months ago) to 1 (today)."""
    if not unhappy:
        return rng.choices([6, 7, 8, 9, 10], weights=[1, 3, 5, 4, 2])[0]
    centre = 7 - 4.5 * progress
    return max(0, min(10, round(rng.gauss(centre, 1.0))))


def _answers(
    account: Account,
    contacts: list[int],
    unhappy: bool,
    today: date,
) -> list[SatisfactionAnswer]:
    rng = random.Random(f"{SEED}-{account.pk}")
    low, high = ANSWERS.get(account.account_class, (0, 0))
    count = rng.randint(low, high) if high else 0
    span = MONTHS * 30
    texts = COMMENTS.get(language(account.country), COMMENTS["en"])
    rows = []
    for n in range(count):
        days_back = rng.randint(0, span)
        progress = 1 - days_back / span
        score = _score(rng, unhappy, progress)
        comment = ""
        if rng.random() < 0.5:
            comment = rng.choice(texts["bad" if score <= 5 else "good"])
        contact = rng.choice(contacts) if contacts and rng.random() < 0.8 else None
        rows.append(
            SatisfactionAnswer(
                account=account,
                contact_id=contact,
                answered_on=today - timedelta(days=days_back),
                score=score,
                comment=comment,
                source=SatisfactionSource.IMPORT,
                external_id=f"{PREFIX}-{account.pk}-{n + 1}",
            )
        )
    return rows


def seed_satisfaction(*, today: date | None = None) -> dict[str, int]:
    """Add the demo's satisfaction answers to the demo accounts (see the module's doc);
    answers already there (by their external id) are left alone. Returns how many were
    created and how many accounts are unhappy."""
    today = today or timezone.localdate()
    accounts = list(
        Account.objects.filter(account_class__in=list(ANSWERS))
        .exclude(status=AccountStatus.CLOSED)
        .order_by("pk")
    )
    contacts: dict[int, list[int]] = {}
    for pk, account_id in (
        Contact.objects.filter(account__in=accounts, erased_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "account_id")
    ):
        contacts.setdefault(account_id, []).append(pk)
    strategic = [a.pk for a in accounts if a.account_class == AccountClass.STRATEGIC]
    unhappy = set(random.Random(SEED).sample(strategic, min(UNHAPPY, len(strategic))))
    existing = set(
        SatisfactionAnswer.objects.filter(external_id__startswith=f"{PREFIX}-").values_list(
            "external_id", flat=True
        )
    )
    rows = [
        answer
        for account in accounts
        for answer in _answers(account, contacts.get(account.pk, []), account.pk in unhappy, today)
        if answer.external_id not in existing
    ]
    bulk_create_with_history(
        rows, SatisfactionAnswer, batch_size=1000, default_change_reason="demo"
    )
    return {"satisfaction_answers": len(rows), "unhappy_accounts": len(unhappy)}
