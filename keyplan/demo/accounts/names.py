"""Company names of the demo accounts: unique and plausible at any size, the same for a
seed (keyplan.demo.accounts.domain.generate)."""

from __future__ import annotations

import random

PL_STEMS = [
    "Polmet",
    "Stalbud",
    "Agrotech",
    "Elektrobud",
    "Wodkan",
    "Transpol",
    "Budimex-Serwis",
    "Hydropol",
    "Chemplast",
    "Mlekpol-Dystrybucja",
    "Autoparts Polska",
    "Termobud",
    "Kopex",
    "Energomontaż",
    "Drewpol",
    "Farmacol-Logistyka",
    "Metalplast",
    "Spedpol",
    "Betonex",
    "Ferrum",
    "Rolmex",
    "Cukropol",
    "Papirus",
    "Tarkon",
    "Wisłoprofil",
]
PL_FORMS = ["Sp. z o.o.", "S.A.", "Sp. z o.o. Sp.k."]
RU_STEMS = [
    "Северсталь-Торг",
    "УралМаш-Сервис",
    "СибЭнергоКомплект",
    "Волга-Агро",
    "ТрансЛогистик",
    "ПромХимСнаб",
    "КамаАвтоДеталь",
    "Балтийская Упаковка",
    "СтройИнвест",
    "Казахмыс-Снаб",
    "АлмаТехноПром",
    "БелМеталлСервис",
    "ЕвроХимТорг",
    "Мегаполис-Ритейл",
    "НефтеГазМонтаж",
    "АгроПромСоюз",
]
RU_FORMS = ["ООО", "АО", "ПАО", "ТОО"]
EN_STEMS = [
    "Rheinmetall Parts",
    "Danube Logistics",
    "Baltic Foods",
    "Nordic Packaging",
    "Alpine Energy",
    "Moravia Steel",
    "Holland Agri",
    "Lombardia Meccanica",
    "Saxon Automotive",
    "Vilnius Chemicals",
    "Tatra Components",
    "Brenner Bau",
    "Delta Retail Group",
    "Scandia Timber",
    "Hanse Maschinenbau",
    "Praha Engineering",
]
EN_FORMS = {
    "DE": "GmbH",
    "AT": "GmbH",
    "CZ": "s.r.o.",
    "SK": "s.r.o.",
    "LT": "UAB",
    "NL": "B.V.",
    "IT": "S.p.A.",
    "SE": "AB",
}


class NamePool:
    """Unique company names at any size, the same for a seed: a stem and a legal form,
    numbered 2..99 once taken (as before); once a family (one legal form's names) is
    nine-tenths used, the number counts on from 100 per stem and form."""

    FULL = 0.9 * 99  # nine-tenths of the plain name and its numbers 2..99, per base

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._taken: dict[str, int] = {}  # names used, by family
        self._next: dict[str, int] = {}  # the next counted number, by stem and form

    def name(self, rng: random.Random, country: str, language: str) -> str:
        family, size = "en-" + EN_FORMS.get(country, "Ltd"), len(EN_STEMS)
        if language == "pl":
            family, size = "pl", len(PL_STEMS) * len(PL_FORMS)
        elif language == "ru":
            family, size = f"ru-{country == 'KZ'}", len(RU_STEMS) * (1 if country == "KZ" else 3)
        taken = self._taken.get(family, 0)
        if taken >= self.FULL * size:
            base = self._base(rng, country, language)
            name = base if base not in self.used else self._counted(base)
        else:
            for attempt in range(100):
                base = self._base(rng, country, language)
                plain = attempt == 0 and base not in self.used
                name = base if plain else f"{base} {rng.randint(2, 99)}"
                if name not in self.used:
                    break
            else:
                name = self._counted(base)
        self.used.add(name)
        self._taken[family] = taken + 1
        return name

    def _counted(self, base: str) -> str:
        number = self._next.get(base, 100)
        while f"{base} {number}" in self.used:
            number += 1
        self._next[base] = number + 1
        return f"{base} {number}"

    @staticmethod
    def _base(rng: random.Random, country: str, language: str) -> str:
        if language == "pl":
            return f"{rng.choice(PL_STEMS)} {rng.choice(PL_FORMS)}"
        if language == "ru":
            stem, form = (
                rng.choice(RU_STEMS),
                "ТОО" if country == "KZ" else rng.choice(RU_FORMS[:3]),
            )
            return f"{form} «{stem}»"
        return f"{rng.choice(EN_STEMS)} {EN_FORMS.get(country, 'Ltd')}"
