"""The demo's competitors and what is said about them (keyplan.demo.competition.services
writes them): four invented competitors of an industrial components supplier, the
customers' buying criteria and the evidence of the assessments in the account's
language, and how the pillars are scored."""

from __future__ import annotations

import random

TOP_ACCOUNTS = 15

COMPETITORS = [
    {
        "name": "Baltron Industrial Components",
        "website": "https://baltron.example",
        "products": "Bearings, seals, power transmission parts.",
        "strengths": "Low prices, wide catalogue, large stock in Gdańsk.",
    },
    {
        "name": "Kestrel Drive Systems",
        "website": "https://kestrel-drives.example",
        "products": "Gear motors, drives, automation components.",
        "strengths": "Engineering support, strong brand with plant engineers.",
    },
    {
        "name": "Norvik Bearings & Seals",
        "website": "https://norvik.example",
        "products": "Premium bearings and sealing systems.",
        "strengths": "Quality and certifications; long-standing executive relationships.",
    },
    {
        "name": "Severtek Components",
        "website": "https://severtek.example",
        "products": "Hydraulics, pneumatics, spare parts for CIS markets.",
        "strengths": "Local warehouses in Russia and Kazakhstan; fast delivery.",
    },
]

CRITERIA = {
    "pl": [
        ("Cena i warunki płatności", "Cena jednostkowa, rabaty, terminy płatności."),
        ("Jakość i niezawodność", "Awaryjność części, certyfikaty."),
        ("Czas dostawy", "Dostępność z magazynu, dostawa 24 h."),
        ("Wsparcie techniczne", "Inżynierowie aplikacyjni, serwis na miejscu."),
        ("Szerokość oferty", "Jeden dostawca dla wielu kategorii."),
        ("Relacja i zaufanie", "Znajomość zakładu, historia współpracy."),
    ],
    "ru": [
        ("Цена и условия оплаты", "Цена за единицу, скидки, отсрочка платежа."),
        ("Качество и надёжность", "Отказы деталей, сертификаты."),
        ("Сроки поставки", "Наличие на складе, доставка за 24 часа."),
        ("Техническая поддержка", "Инженеры по применению, сервис на площадке."),
        ("Широта ассортимента", "Один поставщик на несколько категорий."),
        ("Отношения и доверие", "Знание завода, история сотрудничества."),
    ],
    "en": [
        ("Price and payment terms", "Unit price, discounts, payment terms."),
        ("Quality and reliability", "Part failures, certifications."),
        ("Delivery time", "Availability from stock, 24-hour delivery."),
        ("Technical support", "Application engineers, on-site service."),
        ("Range of products", "One supplier for several categories."),
        ("Relationship and trust", "Knowledge of the plant, history together."),
    ],
}

EVIDENCE = {
    "pl": {
        "strength": "Dostarczają od lat; ostatnio reklamacje partii łożysk.",
        "strategy": "Stawiają na niską cenę, klient coraz bardziej na jakość.",
        "staff": "Nowy opiekun klienta od wiosny.",
        "support": "Wspiera ich kierownik utrzymania ruchu.",
    },
    "ru": {
        "strength": "Поставляют много лет; недавно были рекламации.",
        "strategy": "Делают ставку на низкую цену, клиенту важнее качество.",
        "staff": "Сменился менеджер клиента.",
        "support": "Их поддерживает главный механик.",
    },
    "en": {
        "strength": "Long-standing supplier; recent complaints about a batch of bearings.",
        "strategy": "They sell on low price while the customer moves towards quality.",
        "staff": "A new account manager since spring.",
        "support": "The maintenance manager backs them.",
    },
}


DEMO_NAMES = [c["name"] for c in COMPETITORS]


PILLARS = ("strength", "strategy", "staff", "support")


def pillar_scores(rng: random.Random, *, strong: bool) -> dict[str, int]:
    low, high = (3, 5) if strong else (1, 4)
    return {p: rng.randint(low, high) for p in PILLARS}


def assessment_scores(
    rng: random.Random, *, strong: bool, support_rising: bool
) -> tuple[dict[str, int], dict[str, int]]:
    """The pillar scores of two assessments a few months apart: support rising between
    them (`support_rising`), else one pillar a little lower or the same."""
    first = pillar_scores(rng, strong=strong)
    second = dict(first)
    if support_rising:
        second["support"] = min(5, first["support"] + rng.randint(1, 2))
        first["support"] = min(first["support"], 4)
    else:
        pillar = rng.choice(list(second))
        second[pillar] = max(1, second[pillar] - rng.randint(0, 1))
    return first, second
