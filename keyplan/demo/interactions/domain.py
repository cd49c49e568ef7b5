"""Two years of the demo's interactions and time, planned in memory from a seeded random
generator (keyplan.demo.interactions.services writes them with bulk inserts), and what
they are about in the account's language.

Each of our people has a weekly budget of customer time, split by account class:

- a farmer KAM: about 62% strategic, 28% regular, 10% prospects and suspects;
- the drifting KAM: below the strategic norm (about 45% with the reviews), more on regular;
- the hunter KAM: about 10% strategic, 78% prospects and suspects (theirs and unowned);
- team members: the strategic and regular accounts whose team they are on;
- the director: executives of strategic accounts.

A KAM logs a manual time entry (a quote, a plan update) most weeks, a team member now
and then.
Durations: meetings 60-120 minutes, calls 15-30, visits 180-480, e-mails 10. Dates are
weekdays up to `today`, none from 24 December to 1 January, half the time in August,
and four weeks of holiday a year per person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

WEEKS = 104
SHARES = {  # class -> share of a KAM's weekly time, by profile
    "farmer": {"strategic": 0.62, "regular": 0.28, "prospect": 0.06, "suspect": 0.04},
    "drifting": {"strategic": 0.40, "regular": 0.44, "prospect": 0.11, "suspect": 0.05},
    "hunter": {"strategic": 0.10, "regular": 0.12, "prospect": 0.48, "suspect": 0.30},
}
KIND_MIX = {  # kinds in the order meeting, call, visit, email
    "strategic": (30, 28, 17, 25),
    "regular": (20, 35, 10, 35),
    "prospect": (25, 40, 8, 27),
    "suspect": (10, 50, 5, 35),
    "service": (10, 35, 40, 15),
    "logistics": (15, 45, 0, 40),
    "rnd": (40, 20, 25, 15),
    "finance": (10, 50, 0, 40),
    "sales": (20, 40, 0, 40),
    "director": (50, 25, 25, 0),
}
KINDS = ("meeting", "call", "visit", "email")
DURATIONS = {
    "meeting": (60, 75, 90, 90, 105, 120),
    "call": (15, 20, 20, 25, 30),
    "visit": (180, 210, 240, 240, 300, 360, 420, 480),
    "email": (10,),
}
HOW_MANY = {"meeting": (1, 1, 2, 2, 3), "visit": (1, 2, 2, 3, 4), "call": (1,), "email": (1, 1, 2)}
TEAM_MIXES = ("director", "service", "rnd", "logistics", "finance", "sales")
REASON = "Demo: stakeholders"
MANUAL_MINUTES = (30, 45, 60, 90, 120, 180, 240)


@dataclass
class Target:
    """An account as the activity planner sees it (ids only)."""

    pk: int
    cls: str
    language: str
    owner_id: int | None
    weight: float
    contacts: list[int]
    key_contacts: set[int]
    execs: list[int]
    links: dict[int, list[tuple[int, int]]]  # user id -> [(contact id, strength)]
    team: list[tuple[int, str]]  # (user id, business unit code)
    single: int | None  # the only contact of a single-threaded account
    goals: list[int]
    actions: list[int]
    stale: dict[int, date] = field(default_factory=dict)  # contact id -> last date seen


@dataclass
class Activity:
    account_id: int
    kind: str
    day: date
    minutes: int
    subject: str
    notes: str
    next_step: str
    ours: list[int]
    theirs: list[int]
    goal_id: int | None
    action_id: int | None


@dataclass
class Manual:
    user_id: int
    account_id: int
    day: date
    minutes: int
    note: str


def plan_activity(
    *,
    targets: list[Target],
    kams: dict[int, str],
    team_users: list[int],
    director_id: int | None,
    rng: random.Random,
    today: date,
    weeks: int = WEEKS,
) -> tuple[list[Activity], list[Manual]]:
    """The interactions and manual time entries of everyone over `weeks` up to `today`."""
    planner = _Planner(targets, rng, today, weeks)
    for user_id, profile in kams.items():
        pools: dict[str, list[Target]] = {c: [] for c in SHARES["farmer"]}
        for target in targets:
            hunting = profile == "hunter" and target.owner_id is None
            if (target.owner_id == user_id or hunting) and target.cls in pools:
                pools[target.cls].append(target)
        planner.person(user_id, _split(SHARES[profile], pools), (360, 660), 0.6)
    for user_id in team_users:
        pools = {"team": []}
        for target in targets:
            if target.single is None and any(u == user_id for u, _ in target.team):
                pools["team"].append(target)
        unit = next((u for t in pools["team"] for p, u in t.team if p == user_id), "sales")
        planner.person(user_id, [(1.0, pools["team"], unit)], (90, 240), 0.15)
    for target in targets:
        # Business reviews with the key stakeholders of the charted accounts: every two
        # or three months; the hunter holds them twice a year at best.
        if target.execs and target.single is None and target.owner_id in kams:
            hunter = kams[target.owner_id] == "hunter"
            planner.reviews(target, (20, 30) if hunter else (8, 13), director_id)
    if director_id is not None:
        pool = [t for t in targets if t.cls == "strategic" and t.single is None]
        planner.person(director_id, [(1.0, pool, "director")], (45, 150), 0)
    return planner.activity, planner.manual


def _split(shares: dict[str, float], pools: dict[str, list[Target]]) -> list:
    """(share, pool, kind mix) per class; a class without accounts gives its share to
    the others in proportion."""
    filled = {c: s for c, s in shares.items() if pools[c]}
    total = sum(filled.values())
    return [(s / total, pools[c], c) for c, s in filled.items()] if total else []


class _Planner:
    def __init__(self, targets: list[Target], rng: random.Random, today: date, weeks: int):
        self.rng, self.today = rng, today
        self.owners = {t.pk: t.owner_id for t in targets}
        start = today - timedelta(days=today.weekday() + 7 * weeks)
        self.weeks = []
        for week in range(weeks + 1):
            monday = start + timedelta(days=7 * week)
            days = [monday + timedelta(days=i) for i in range(5)]
            days = [d for d in days if d <= today and not _holiday(d)]
            self.weeks.append((days, 0.5 if monday.month == 8 else 1.0))
        self.activity: list[Activity] = []
        self.manual: list[Manual] = []

    def person(self, user_id: int, plan: list, budget: tuple[int, int], manual: float):
        """Fill `user_id`'s weeks: `plan` is (share, accounts, kind mix) per part of the
        time; `manual`: the chance of a manual time entry in a week."""
        rng = self.rng
        # A small portfolio may leave a part without accounts (a team member on no
        # account, a director with no strategic one): that part is left out.
        plan = [part for part in plan if part[1]]
        if not plan:
            return
        away = set(rng.sample(range(len(self.weeks)), k=min(len(self.weeks), 4 * 2)))
        shares = [share for share, _pool, _mix in plan]
        weights = [[t.weight for t in pool] for _share, pool, _mix in plan]
        pace = [share / _average_minutes(mix) for share, _pool, mix in plan]
        for index, (days, season) in enumerate(self.weeks):
            if not days or index in away:
                continue
            minutes = rng.randint(*budget) * season
            if rng.random() < manual:
                part = rng.choices(range(len(plan)), weights=shares)[0]
                target = rng.choices(plan[part][1], weights=weights[part])[0]
                length = rng.choice(MANUAL_MINUTES)
                note = rng.choice(MANUAL[target.language])
                self.manual.append(Manual(user_id, target.pk, rng.choice(days), length, note))
                minutes -= length
            # A part of the plan comes up in proportion to its share of the time over the
            # average length of its interactions, so that minutes, not counts, follow
            # the shares.
            while minutes > 0:
                part = rng.choices(range(len(plan)), weights=pace)[0]
                target = rng.choices(plan[part][1], weights=weights[part])[0]
                minutes -= self.interaction(user_id, target, plan[part][2], rng.choice(days))

    def reviews(self, target: Target, every: tuple[int, int], director_id: int | None):
        """The owner's business reviews with the key stakeholders, every `every` weeks."""
        rng, owner = self.rng, target.owner_id
        if owner is None:
            return
        week = rng.randint(0, every[0])
        while week < len(self.weeks):
            days = self.weeks[week][0]
            week += rng.randint(*every)
            if not days:
                continue
            day = rng.choice(days)
            ours = [owner]
            if director_id is not None and director_id != owner and rng.random() < 0.4:
                ours.append(director_id)
            pool = sorted(c for c in target.key_contacts if target.stale.get(c, day) >= day)
            theirs = rng.sample(pool, k=min(len(pool), rng.randint(2, 4)))
            self.activity.append(
                Activity(
                    account_id=target.pk,
                    kind="meeting",
                    day=day,
                    minutes=rng.choice((90, 105, 120)),
                    subject=SUBJECTS[target.language]["meeting"][0],
                    notes=rng.choice(NOTES[target.language]),
                    next_step=rng.choice(NEXT_STEPS[target.language]),
                    ours=ours,
                    theirs=theirs,
                    goal_id=None,
                    action_id=None,
                )
            )

    def interaction(self, user_id: int, target: Target, mix: str, day: date) -> int:
        rng = self.rng
        kind = rng.choices(KINDS, weights=KIND_MIX[mix])[0]
        minutes = rng.choice(DURATIONS[kind])
        ours = [user_id]
        if target.single is None:
            helpers = [u for u, _unit in target.team if u != user_id]
            owner = target.owner_id
            if mix in TEAM_MIXES:
                # The director or a team member: the owner comes along now and then.
                chance = 0.7 if mix == "director" else 0.2
                if owner and owner != user_id and rng.random() < chance:
                    ours.append(owner)
            elif target.cls == "strategic" and kind in ("meeting", "visit") and helpers:
                # A colleague from the account team joins some meetings and visits.
                ours += [rng.choice(helpers)] if rng.random() < 0.3 else []
        theirs = self.their_people(user_id, target, kind, day, executives=mix == "director")
        language = target.language
        talk = kind != "email"
        goal_id = action_id = None
        if kind in ("meeting", "visit") and (self.today - day).days <= 180:
            if target.goals and rng.random() < 0.35:
                goal_id = rng.choice(target.goals)
            if target.actions and rng.random() < 0.25:
                action_id = rng.choice(target.actions)
        self.activity.append(
            Activity(
                account_id=target.pk,
                kind=kind,
                day=day,
                minutes=minutes,
                subject=rng.choice(SUBJECTS[language][kind]),
                notes=rng.choice(NOTES[language]) if talk and rng.random() < 0.4 else "",
                next_step=rng.choice(NEXT_STEPS[language]) if talk and rng.random() < 0.5 else "",
                ours=ours,
                theirs=theirs,
                goal_id=goal_id,
                action_id=action_id,
            )
        )
        return minutes

    def their_people(
        self, user_id: int, target: Target, kind: str, day: date, executives: bool
    ) -> list[int]:
        """Who took part on their side: mostly the people this user is linked with and
        the key stakeholders; a stale stakeholder no longer after their last date."""
        if target.single is not None:
            return [target.single]
        pool = target.execs if executives and target.execs else target.contacts
        pool = [c for c in pool if target.stale.get(c, day) >= day]
        if not pool:
            return []
        strength = dict(target.links.get(user_id, ()))
        weights = [
            1
            + (2 + 1.5 * strength[c] if c in strength else 0)
            + (4 if c in target.key_contacts else 0)
            for c in pool
        ]
        wanted = min(len(pool), self.rng.choice(HOW_MANY[kind]))
        chosen: list[int] = []
        while len(chosen) < wanted:
            pick = self.rng.choices(pool, weights=weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        return chosen


def _average_minutes(mix: str) -> float:
    weights = KIND_MIX[mix]
    lengths = [sum(DURATIONS[k]) / len(DURATIONS[k]) for k in KINDS]
    return sum(w * m for w, m in zip(weights, lengths, strict=True)) / sum(weights)


def _holiday(day: date) -> bool:
    return (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1)


# Interaction subjects by kind, notes and next steps, and notes of manual time entries.
SUBJECTS: dict[str, dict[str, list[str]]] = {
    "pl": {
        "meeting": [
            "Przegląd kwartalny współpracy",
            "Negocjacje umowy ramowej",
            "Prezentacja oferty serwisowej",
            "Omówienie planu zakupów na przyszły rok",
            "Warsztat z inżynierami klienta",
            "Spotkanie w sprawie reklamacji",
        ],
        "call": [
            "Terminy dostaw",
            "Pytanie o ofertę",
            "Status zamówienia",
            "Uzgodnienie cen na kolejny kwartał",
            "Umówienie wizyty",
        ],
        "visit": [
            "Wizyta w zakładzie: przegląd linii",
            "Audyt magazynu części zamiennych",
            "Uruchomienie nowej linii",
            "Wizyta z działem serwisu",
        ],
        "email": [
            "Oferta na części zamienne",
            "Potwierdzenie zamówienia",
            "Przesłanie specyfikacji technicznej",
            "Podsumowanie spotkania",
        ],
    },
    "ru": {
        "meeting": [
            "Квартальный обзор сотрудничества",
            "Переговоры по рамочному договору",
            "Презентация сервисного предложения",
            "Обсуждение плана закупок на следующий год",
            "Рабочая встреча с инженерами клиента",
            "Встреча по рекламации",
        ],
        "call": [
            "Сроки поставки",
            "Вопрос по коммерческому предложению",
            "Статус заказа",
            "Согласование цен на следующий квартал",
            "Договорились о визите",
        ],
        "visit": [
            "Визит на завод: осмотр линии",
            "Аудит склада запчастей",
            "Запуск новой линии",
            "Совместный визит с сервисной службой",
        ],
        "email": [
            "Коммерческое предложение на запчасти",
            "Подтверждение заказа",
            "Техническая спецификация",
            "Итоги встречи",
        ],
    },
    "en": {
        "meeting": [
            "Quarterly business review",
            "Framework agreement negotiation",
            "Service offer presentation",
            "Next year's purchasing plan",
            "Workshop with the customer's engineers",
            "Complaint review meeting",
        ],
        "call": [
            "Delivery dates",
            "Question about the quote",
            "Order status",
            "Prices for next quarter",
            "Arranging a visit",
        ],
        "visit": [
            "Plant visit: line review",
            "Spare-parts stock audit",
            "New line commissioning",
            "Joint visit with service",
        ],
        "email": [
            "Quote for spare parts",
            "Order confirmation",
            "Technical specification sent",
            "Meeting summary",
        ],
    },
}
NOTES: dict[str, list[str]] = {
    "pl": [
        "Klient zadowolony z terminowości dostaw.",
        "Zgłoszono uwagi do jakości ostatniej partii.",
        "Budżet na przyszły rok jeszcze nie zatwierdzony.",
        "Konkurent zaproponował niższą cenę.",
        "Zainteresowanie kontraktem serwisowym.",
    ],
    "ru": [
        "Клиент доволен сроками поставок.",
        "Есть замечания по качеству последней партии.",
        "Бюджет на следующий год ещё не утверждён.",
        "Конкурент предложил более низкую цену.",
        "Интерес к сервисному контракту.",
    ],
    "en": [
        "The customer is happy with delivery times.",
        "Remarks on the quality of the last batch.",
        "Next year's budget not approved yet.",
        "A competitor offered a lower price.",
        "Interest in a service contract.",
    ],
}
NEXT_STEPS: dict[str, list[str]] = {
    "pl": ["Wysłać ofertę", "Umówić wizytę w zakładzie", "Przygotować próbki", "Oddzwonić"],
    "ru": ["Отправить предложение", "Назначить визит", "Подготовить образцы", "Перезвонить"],
    "en": ["Send the quote", "Arrange a plant visit", "Prepare samples", "Call back"],
}
MANUAL: dict[str, list[str]] = {
    "pl": ["Przygotowanie oferty", "Aktualizacja planu klienta", "Kalkulacja cen"],
    "ru": ["Подготовка предложения", "Обновление плана по клиенту", "Расчёт цен"],
    "en": ["Quote preparation", "Account plan update", "Pricing"],
}
