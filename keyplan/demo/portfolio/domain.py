"""The demo's portfolio inputs (issue #4), generated from a seed: pure data, no database.

What people would have entered around the sales history: planning exchange rates, share
of wallet estimates for most buying accounts, the SAM-fitness check of the top accounts,
interest recorded for some accounts that do not buy, and the people-scored selection
criteria (partnership) for the top accounts, with rationales in the account's language.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ..accounts.domain import DemoAccount, DemoPortfolio, language
from ..sales.domain import DEMO_END, FX

CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.00000001")
TOP_FITNESS = 40  # accounts with a SAM-fitness check
TOP_SCORED = 40  # accounts scored by people

WALLET_SOURCES = {
    "pl": [
        "szacunek KAM-a",
        "rozmowa z dyrektorem zakupów",
        "budżet zakupowy klienta na ten rok",
        "raport branżowy",
    ],
    "ru": [
        "оценка KAM",
        "беседа с директором по закупкам",
        "бюджет закупок клиента на год",
        "отраслевой обзор",
    ],
    "en": [
        "KAM estimate",
        "call with the head of procurement",
        "customer's purchasing budget for the year",
        "industry report",
    ],
}
PARTNERSHIP_RATIONALES = {
    "pl": {
        "high": [
            "Wieloletnia współpraca, wspólne projekty rozwojowe",
            "Zarząd otwarty na partnerstwo strategiczne",
            "Regularne spotkania na poziomie zarządów",
        ],
        "mid": [
            "Dobre relacje z działem zakupów, brak dostępu do zarządu",
            "Współpraca poprawna, głównie transakcyjna",
        ],
        "low": [
            "Kupują wyłącznie w przetargach, decyduje cena",
            "Częste zmiany osób po stronie klienta",
        ],
    },
    "ru": {
        "high": [
            "Многолетнее сотрудничество, совместные проекты",
            "Руководство открыто к стратегическому партнёрству",
            "Регулярные встречи на уровне руководства",
        ],
        "mid": [
            "Хорошие отношения с отделом закупок, нет выхода на руководство",
            "Сотрудничество ровное, в основном по заявкам",
        ],
        "low": [
            "Закупают только через тендеры, решает цена",
            "Частая смена контактных лиц у клиента",
        ],
    },
    "en": {
        "high": [
            "Long partnership with joint development projects",
            "Management open to a strategic partnership",
            "Regular meetings at board level",
        ],
        "mid": [
            "Good relations with purchasing, no access to management",
            "Steady but mostly transactional business",
        ],
        "low": [
            "Buys only through tenders, price decides",
            "Frequent changes of contacts on the customer's side",
        ],
    },
}
# Other criteria scored by people (when a company enables them): a neutral note.
OTHER_RATIONALE = {"pl": "Ocena KAM-a", "ru": "Оценка KAM", "en": "KAM's assessment"}
FITNESS_NOTES = {
    "values_added_value": {
        "pl": "Kupuje wyłącznie po najniższej cenie, usługi dodatkowe go nie interesują",
        "ru": "Покупает только по минимальной цене, дополнительные услуги не нужны",
        "en": "Buys on the lowest price only; no interest in added services",
    },
    "continuing_need": {
        "pl": "Jednorazowy projekt inwestycyjny, brak stałych zakupów",
        "ru": "Разовый инвестиционный проект, постоянных закупок нет",
        "en": "A one-off investment project, no recurring purchases",
    },
    "trust_possible": {
        "pl": "Nowy zarząd, za wcześnie na ocenę relacji",
        "ru": "Новое руководство, об отношениях судить рано",
        "en": "New management; too early to judge the relationship",
    },
}
CONDITIONS = ("sells_directly", "continuing_need", "values_added_value", "trust_possible")


@dataclass(frozen=True)
class DemoWallet:
    key: int
    category_spend: Decimal
    currency: str
    source: str


@dataclass(frozen=True)
class DemoFitness:
    key: int
    answers: dict[str, str]  # condition -> yes / no / unknown
    note: str


@dataclass(frozen=True)
class DemoScore:
    key: int
    criterion: str
    score: int
    rationale: str


@dataclass
class DemoPortfolioInputs:
    rates: dict[str, Decimal]  # currency -> base-currency units per unit
    wallets: list[DemoWallet] = field(default_factory=list)
    fitness: list[DemoFitness] = field(default_factory=list)
    interest: dict[int, date] = field(default_factory=dict)  # account key -> date
    scores: list[DemoScore] = field(default_factory=list)


def exchange_rates(base: str) -> dict[str, Decimal]:
    """Planning rates for every currency of the demo, from the sales generator's FX
    (local units per zloty): base-currency units that one unit buys. Empty when the
    base currency is not one of them (the analyses then list the missing rates)."""
    if base not in FX:
        return {}
    per_base = Decimal(FX[base])
    return {
        currency: (per_base / Decimal(per_pln)).quantize(RATE_PLACES)
        for currency, per_pln in sorted(FX.items())
        if currency != base
    }


def portfolio_inputs(
    portfolio: DemoPortfolio,
    *,
    seed: int,
    revenue: dict[int, Decimal],
    base_currency: str,
    manual_criteria: list[str],
) -> DemoPortfolioInputs:
    """The same seed and revenue give the same inputs. `revenue` is each buying
    account's revenue over the last 12 months, in its own currency (account key -> amount);
    `manual_criteria` the keys of the enabled criteria that people score."""
    rng = random.Random(seed * 1_000_003 + 17)
    accounts = sorted(portfolio.accounts, key=lambda a: a.key)  # largest customers first
    return DemoPortfolioInputs(
        rates=exchange_rates(base_currency),
        wallets=_wallets(accounts, revenue, rng),
        fitness=_fitness(accounts[:TOP_FITNESS], rng),
        interest=_interest(accounts, revenue, rng),
        scores=_scores(accounts[:TOP_SCORED], manual_criteria, rng),
    )


def _wallets(
    accounts: list[DemoAccount], revenue: dict[int, Decimal], rng: random.Random
) -> list[DemoWallet]:
    """Share of wallet: most buyers; our share of their category spend between 15 and 80%."""
    wallets = []
    for account in accounts:
        amount = revenue.get(account.key, Decimal(0))
        if amount <= 0 or rng.random() >= 0.85:
            continue
        share = rng.uniform(0.15, 0.80)
        spend = Decimal(round(float(amount) / share, -3)).quantize(CENT)
        wallets.append(
            DemoWallet(
                key=account.key,
                category_spend=max(spend, amount.quantize(CENT)),
                currency=account.currency,
                source=rng.choice(WALLET_SOURCES[language(account.country)]),
            )
        )
    return wallets


def _fitness(top: list[DemoAccount], rng: random.Random) -> list[DemoFitness]:
    """SAM fitness of the top accounts: mostly fit, two fail a condition, three unknown."""
    picked = rng.sample(range(len(top)), k=min(len(top), 5))
    failing, unsure = set(picked[:2]), set(picked[2:])
    fitness = []
    for index, account in enumerate(top):
        answers = dict.fromkeys(CONDITIONS, "yes")
        note = ""
        lang = language(account.country)
        if index in failing:
            condition = rng.choice(["values_added_value", "continuing_need"])
            answers[condition] = "no"
            note = FITNESS_NOTES[condition][lang]
        elif index in unsure:
            answers["trust_possible"] = "unknown"
            note = FITNESS_NOTES["trust_possible"][lang]
        fitness.append(DemoFitness(account.key, answers, note))
    return fitness


def _interest(
    accounts: list[DemoAccount], revenue: dict[int, Decimal], rng: random.Random
) -> dict[int, date]:
    """Interest recorded for some accounts that do not buy: most of it recent (a prospect
    then), some of it too old to count."""
    interest = {}
    for account in accounts:
        if revenue.get(account.key, Decimal(0)) > 0 or account.account_class == "prospect":
            continue
        draw = rng.random()
        if draw < 0.30:
            interest[account.key] = DEMO_END - timedelta(days=rng.randint(7, 330))
        elif draw < 0.40:
            interest[account.key] = DEMO_END - timedelta(days=rng.randint(400, 900))
    return interest


def _scores(
    scored: list[DemoAccount], manual_criteria: list[str], rng: random.Random
) -> list[DemoScore]:
    """People's scores for the top accounts: larger customers tend to score higher, with
    noise, and a few smaller ones score high (candidates for key accounts)."""
    stars = set(rng.sample(range(len(scored) // 2, len(scored)), k=min(4, len(scored) // 2)))
    scores = []
    for index, account in enumerate(scored):
        lang = language(account.country)
        for criterion in manual_criteria:
            if index in stars:
                score = rng.randint(9, 10)
            else:
                expected = 9 - 5 * index / max(1, len(scored) - 1)
                score = max(1, min(10, round(expected + rng.uniform(-2, 2))))
            if criterion == "partnership":
                band = "high" if score >= 8 else "mid" if score >= 5 else "low"
                rationale = rng.choice(PARTNERSHIP_RATIONALES[lang][band])
            else:
                rationale = OTHER_RATIONALE[lang]
            scores.append(DemoScore(account.key, criterion, score, rationale))
    return scores
