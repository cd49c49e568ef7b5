"""The demo portfolio, generated from a seed: pure data, no database.

A fictional supplier of industrial components and services ("Vistula Components")
with about 300 customer accounts in Poland, the Russian-speaking markets and the
EU. Sizes are Pareto-skewed, so that a few accounts dominate, as in seed 000.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from .names import NamePool

COUNTRIES = [
    # code, weight, currency, language of names
    ("PL", 50, "PLN", "pl"),
    ("RU", 8, "RUB", "ru"),
    ("KZ", 5, "KZT", "ru"),
    ("BY", 3, "BYN", "ru"),
    ("DE", 10, "EUR", "en"),
    ("CZ", 6, "CZK", "en"),
    ("LT", 4, "EUR", "en"),
    ("SK", 3, "EUR", "en"),
    ("AT", 3, "EUR", "en"),
    ("NL", 3, "EUR", "en"),
    ("IT", 3, "EUR", "en"),
    ("SE", 2, "SEK", "en"),
]
# The telephone country code of each demo country.
PHONE_PREFIX = {
    "PL": "+48",
    "RU": "+7",
    "KZ": "+7",
    "BY": "+375",
    "DE": "+49",
    "AT": "+43",
    "CZ": "+420",
    "SK": "+421",
    "LT": "+370",
    "NL": "+31",
    "IT": "+39",
    "SE": "+46",
}
REGIONS = {
    "PL": ["Mazowieckie", "Śląskie", "Wielkopolskie", "Małopolskie", "Pomorskie", "Dolnośląskie"],
    "RU": ["Москва", "Санкт-Петербург", "Екатеринбург", "Новосибирск", "Казань"],
    "KZ": ["Алматы", "Астана", "Караганда"],
    "BY": ["Минск", "Гомель", "Брест"],
    "DE": ["Bayern", "Nordrhein-Westfalen", "Sachsen", "Hessen"],
}
INDUSTRIES = [
    ("manufacturing", 20),
    ("automotive", 10),
    ("construction", 9),
    ("food", 8),
    ("chemicals", 6),
    ("energy", 6),
    ("logistics", 7),
    ("mining", 4),
    ("retail", 6),
    ("wholesale", 8),
    ("healthcare", 4),
    ("public", 3),
    ("it", 3),
    ("agriculture", 4),
    ("telecom", 2),
]
FIRST_NAMES = {
    "pl": [
        "Anna",
        "Piotr",
        "Katarzyna",
        "Tomasz",
        "Magdalena",
        "Marcin",
        "Agnieszka",
        "Paweł",
        "Joanna",
        "Krzysztof",
        "Ewa",
        "Michał",
    ],
    "ru": [
        "Алексей",
        "Ольга",
        "Дмитрий",
        "Елена",
        "Сергей",
        "Наталья",
        "Андрей",
        "Ирина",
        "Михаил",
        "Татьяна",
    ],
    "en": ["Lukas", "Sophie", "Jan", "Eva", "Marco", "Giulia", "Erik", "Lina", "Tomas", "Petra"],
}
LAST_NAMES = {
    "pl": [
        "Nowak",
        "Kowalski",
        "Wiśniewska",
        "Wójcik",
        "Kamińska",
        "Lewandowski",
        "Zielińska",
        "Szymański",
        "Dąbrowska",
        "Kozłowski",
    ],
    "ru": [
        "Иванов",
        "Смирнова",
        "Кузнецов",
        "Попова",
        "Соколов",
        "Лебедева",
        "Козлов",
        "Новикова",
        "Морозов",
        "Волкова",
    ],
    "en": [
        "Müller",
        "Schmidt",
        "Novák",
        "Kazlauskas",
        "Rossi",
        "de Vries",
        "Andersson",
        "Horváth",
        "Weber",
        "Bianchi",
    ],
}
TITLES = {
    "pl": [
        "Dyrektor zakupów",
        "Prezes zarządu",
        "Kierownik utrzymania ruchu",
        "Główny technolog",
        "Dyrektor finansowy",
        "Specjalista ds. zakupów",
        "Kierownik logistyki",
    ],
    "ru": [
        "Директор по закупкам",
        "Генеральный директор",
        "Главный инженер",
        "Финансовый директор",
        "Менеджер по закупкам",
        "Начальник логистики",
    ],
    "en": [
        "Head of Procurement",
        "Managing Director",
        "Plant Manager",
        "CFO",
        "Buyer",
        "Head of Logistics",
        "Technical Director",
    ],
}
# Local units per EUR-ish unit of customer size (the sales generator divides by it again).
CURRENCY_SCALE: dict[str, float] = {
    "RUB": 100,
    "KZT": 500,
    "BYN": 3,
    "CZK": 25,
    "SEK": 11,
    "PLN": 4.3,
}
# The language of the demo's texts at an account: Polish, Russian, else English.
LANGUAGE_OF_COUNTRY = {"PL": "pl", "RU": "ru", "KZ": "ru", "BY": "ru"}
TEAM_ROLES = {
    "service": ("Service manager", "Installation and maintenance"),
    "logistics": ("Logistics coordinator", "Deliveries and stock"),
    "rnd": ("Application engineer", "Custom components"),
    "finance": ("Credit controller", "Credit limits and payments"),
    "sales": ("Inside sales", "Quotes and orders"),
}


def language(country: str) -> str:
    """The language of the demo's texts (plans, scores, meetings...) at an account in
    `country`."""
    return LANGUAGE_OF_COUNTRY.get(country, "en")


def team_role(unit: str) -> tuple[str, str]:
    """The role and contribution of a team member from business unit `unit`."""
    return TEAM_ROLES.get(unit, ("Team member", ""))


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    unit: str | None
    password: str


@dataclass
class DemoContact:
    first_name: str
    last_name: str
    title: str
    email: str
    phone: str


@dataclass
class DemoAccount:
    key: int
    name: str
    external_id: str
    tax_id: str
    industry: str
    country: str
    region: str
    currency: str
    annual_revenue: Decimal
    account_class: str
    status: str
    owner: str | None
    parent_key: int | None = None
    team: list[tuple[str, str]] = field(default_factory=list)  # (username, unit code)
    contacts: list[DemoContact] = field(default_factory=list)


@dataclass
class DemoPortfolio:
    users: list[DemoUser]
    units: list[tuple[str, str]]  # (code, name)
    accounts: list[DemoAccount]
    portal_account_key: int


UNITS = [
    ("sales", "Sales"),
    ("service", "Service"),
    ("logistics", "Logistics"),
    ("rnd", "R&D"),
    ("finance", "Finance"),
]


def _password(rng: random.Random) -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(14))


# (user name, first name, last name, role, business unit): one login per role, fixed names.
USERS = [
    ("admin", "Adam", "Administrator", "admin", None),
    ("director", "Dorota", "Zawadzka", "director", "sales"),
    ("anna.kowalska", "Anna", "Kowalska", "kam", "sales"),
    ("ivan.petrov", "Иван", "Петров", "kam", "sales"),
    ("maria.nowak", "Maria", "Nowak", "kam", "sales"),
    ("jan.schulz", "Jan", "Schulz", "kam", "sales"),
    ("tomasz.wisniewski", "Tomasz", "Wiśniewski", "team", "service"),
    ("olga.smirnova", "Ольга", "Смирнова", "team", "logistics"),
    ("piotr.zielinski", "Piotr", "Zieliński", "team", "rnd"),
    ("ewa.mazur", "Ewa", "Mazur", "team", "finance"),
    ("viewer", "Wiktor", "Obserwator", "viewer", None),
    ("portal", "Krzysztof", "Klient", "portal", None),
]
DEMO_USERNAMES = frozenset(spec[0] for spec in USERS)


def _users(rng: random.Random) -> list[DemoUser]:
    return [DemoUser(u, f, last, r, unit, _password(rng)) for u, f, last, r, unit in USERS]


def _tax_id(rng: random.Random, country: str) -> str:
    if country == "PL":
        return "".join(str(rng.randint(0, 9)) for _ in range(10))
    if country in ("RU", "BY", "KZ"):
        return "".join(str(rng.randint(0, 9)) for _ in range(10 if country == "RU" else 12))
    return country + "".join(str(rng.randint(0, 9)) for _ in range(9))


def _contact(rng: random.Random, language: str, domain: str, country: str) -> DemoContact:
    first = rng.choice(FIRST_NAMES[language])
    last = rng.choice(LAST_NAMES[language])
    local = f"contact{rng.randint(100, 999)}"
    title = rng.choice(TITLES[language])
    # The country code once was a random number here; it is still drawn (and dropped) so
    # that every later draw, and so the whole demo portfolio, stays as it was.
    rng.randint(30, 79)
    digits = " ".join(str(rng.randint(100, 999)) for _ in range(3))
    return DemoContact(
        first_name=first,
        last_name=last,
        title=title,
        email=f"{local}@{domain}",
        phone=f"{PHONE_PREFIX.get(country, '+49')} {digits}",
    )


def generate(*, seed: int = 42, accounts: int = 300) -> DemoPortfolio:
    """The same seed gives the same portfolio, to the last digit."""
    rng = random.Random(seed)
    users = _users(rng)
    kams = [u.username for u in users if u.role == "kam"]
    team_people = [(u.username, u.unit or "sales") for u in users if u.role == "team"]
    names = NamePool()
    result: list[DemoAccount] = []
    countries = [c for c in COUNTRIES for _ in range(c[1])]
    industries = [i for i, w in INDUSTRIES for _ in range(w)]
    # Pareto-distributed customer sizes (alpha ~1.16 is the 80/20 rule).
    sizes = sorted((rng.paretovariate(1.16) for _ in range(accounts)), reverse=True)
    strategic_n = max(1, accounts // 10)
    regular_n = accounts * 3 // 10
    prospect_n = accounts * 2 // 10
    for index, size in enumerate(sizes):
        code, _w, currency, language = rng.choice(countries)
        if index < strategic_n:
            account_class = "strategic"
        elif index < strategic_n + regular_n:
            account_class = "regular"
        elif index < strategic_n + regular_n + prospect_n:
            account_class = "prospect"
        else:
            account_class = "suspect"
        # Customer turnover in millions of the local unit, scaled from EUR-ish size.
        scale = CURRENCY_SCALE.get(currency, 1)
        revenue = Decimal(str(round(size * 2_000_000 * scale, -3))).quantize(Decimal("0.01"))
        owner = (
            rng.choice(kams)
            if account_class in ("strategic", "regular")
            else (rng.choice(kams) if rng.random() < 0.5 else None)
        )
        name = names.name(rng, code, language)
        account = DemoAccount(
            key=index,
            name=name,
            external_id=f"C{10000 + index}",
            tax_id=_tax_id(rng, code),
            industry=rng.choice(industries),
            country=code,
            region=rng.choice(REGIONS.get(code, [""])),
            currency=currency,
            annual_revenue=revenue,
            account_class=account_class,
            status="active" if rng.random() < 0.93 else "on_hold",
            owner=owner,
        )
        domain = f"customer{index}.example"
        contact_count = {"strategic": 6, "regular": 3, "prospect": 2, "suspect": 1}[account_class]
        account.contacts = [_contact(rng, language, domain, code) for _ in range(contact_count)]
        if account_class == "strategic":
            for username, unit in rng.sample(team_people, k=rng.randint(2, len(team_people))):
                account.team.append((username, unit))
        elif account_class == "regular" and rng.random() < 0.4:
            username, unit = rng.choice(team_people)
            account.team.append((username, unit))
        result.append(account)
    # Groups: some large accounts get subsidiaries among smaller ones of the same country.
    parents = [a for a in result[: strategic_n * 2] if rng.random() < 0.4][:12]
    children_pool = [a for a in result[strategic_n * 2 :] if a.account_class != "suspect"]
    for parent in parents:
        same_country = [
            c for c in children_pool if c.country == parent.country and c.parent_key is None
        ]
        for child in rng.sample(same_country, k=min(len(same_country), rng.randint(1, 4))):
            child.parent_key = parent.key
            child.owner = parent.owner
    # The viewer reads a few strategic accounts as a team observer.
    for account in result[:5]:
        account.team.append(("viewer", "sales"))
    return DemoPortfolio(users=users, units=UNITS, accounts=result, portal_account_key=0)
