"""The weakness questions of seed 001 (Bacon: "look for cracks in each of the four
pillars"), in English, Russian and Polish. A "yes" answer marks a weak point of the
competitor's pillar. The support question about people biased against us keeps the
seed's own wording ("biased against your company").

Data, not code: administrators edit the catalogue afterwards; re-running only
updates the texts of these keys.
"""

from django.db import migrations

# key, pillar, English, Russian, Polish
QUESTIONS = [
    (
        "strength-performance-problems",
        "strength",
        "Has the competitor had performance problems recently?",
        "Были ли у конкурента в последнее время проблемы с исполнением обязательств?",
        "Czy konkurent miał ostatnio problemy z wydajnością lub jakością realizacji?",
    ),
    (
        "strength-miss-needs",
        "strength",
        "Do its strengths miss what the customer needs?",
        "Не совпадают ли его сильные стороны с потребностями клиента?",
        "Czy jego mocne strony mijają się z potrzebami klienta?",
    ),
    (
        "strength-arrogant-staff",
        "strength",
        "Are its people arrogant or unresponsive to the customer's needs?",
        "Ведут ли себя его сотрудники высокомерно, не реагируют ли на потребности клиента?",
        "Czy jego pracownicy są aroganccy lub nie reagują na potrzeby klienta?",
    ),
    (
        "strength-undervalues-customer",
        "strength",
        "Does it fail to value the customer?",
        "Недооценивает ли он клиента?",
        "Czy nie docenia klienta?",
    ),
    (
        "strength-rising-costs",
        "strength",
        "Are its costs or prices rising?",
        "Растут ли его издержки или цены?",
        "Czy jego koszty lub ceny rosną?",
    ),
    (
        "strategy-at-odds",
        "strategy",
        "Is its strategy at odds with the customer's priorities (e.g. low cost when the "
        "customer wants quality)?",
        "Расходится ли его стратегия с приоритетами клиента (например, упор на низкую цену, "
        "когда клиенту нужно качество)?",
        "Czy jego strategia rozmija się z priorytetami klienta (np. nacisk na niskie koszty, "
        "gdy klient chce jakości)?",
    ),
    (
        "strategy-cannot-grow",
        "strategy",
        "Is it unable to grow with the customer?",
        "Не способен ли он расти вместе с клиентом?",
        "Czy nie jest w stanie rozwijać się razem z klientem?",
    ),
    (
        "staff-changed-managers",
        "staff",
        "Has it changed the account managers on this customer?",
        "Менял ли он менеджеров, ведущих этого клиента?",
        "Czy zmienił account managerów obsługujących tego klienta?",
    ),
    (
        "staff-no-executive-relationships",
        "staff",
        "Does its senior management lack relationships with the customer?",
        "Нет ли у его высшего руководства отношений с клиентом?",
        "Czy jego kierownictwo wyższego szczebla nie utrzymuje relacji z klientem?",
    ),
    (
        "staff-lack-of-commitment",
        "staff",
        "Does its people's behaviour show a lack of commitment to the customer?",
        "Показывает ли поведение его сотрудников недостаток вовлечённости в дела клиента?",
        "Czy zachowanie jego pracowników wskazuje na brak zaangażowania w sprawy klienta?",
    ),
    (
        "support-low-levels-only",
        "support",
        "Does its support exist only at low levels of the customer's organisation?",
        "Есть ли у него поддержка только на нижних уровнях организации клиента?",
        "Czy jego wsparcie istnieje wyłącznie na niskich szczeblach organizacji klienta?",
    ),
    (
        "support-biased-people",
        "support",
        "Are some people at the customer biased against your company?",
        "Есть ли у клиента люди, предубеждённые против вашей компании?",
        "Czy jakieś osoby w organizacji klienta są uprzedzone do Państwa firmy?",
    ),
    (
        "support-strained-trust",
        "support",
        "Has an event strained trust between the competitor and the customer?",
        "Было ли событие, подорвавшее доверие между конкурентом и клиентом?",
        "Czy jakieś wydarzenie nadwyrężyło zaufanie między konkurentem a klientem?",
    ),
]


def create(apps, schema_editor):
    WeaknessQuestion = apps.get_model("competition", "WeaknessQuestion")
    positions: dict[str, int] = {}
    for key, pillar, text_en, text_ru, text_pl in QUESTIONS:
        position = positions.get(pillar, 0)
        positions[pillar] = position + 1
        WeaknessQuestion.objects.update_or_create(
            key=key,
            defaults={
                "pillar": pillar,
                "text_en": text_en,
                "text_ru": text_ru,
                "text_pl": text_pl,
                "position": position,
            },
        )


def remove(apps, schema_editor):
    WeaknessQuestion = apps.get_model("competition", "WeaknessQuestion")
    WeaknessQuestion.objects.filter(key__in=[q[0] for q in QUESTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("competition", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
