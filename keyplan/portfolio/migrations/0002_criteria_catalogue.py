"""The ten selection criteria of seed 003, four of them in use by default."""

from decimal import Decimal

from django.db import migrations

# key, enabled, weight, metric, method, low, high, higher_is_better
CATALOGUE = [
    ("partnership", True, "2", "", "deciles", None, None, True),
    ("tenure", True, "1", "tenure_years", "linear", "0", "10", True),
    ("average_invoice", False, "1", "average_invoice", "deciles", None, None, True),
    ("product_fit", False, "1", "", "deciles", None, None, True),
    ("profit_potential", True, "3", "gross_profit", "deciles", None, None, True),
    ("payment", True, "1", "days_late", "linear", "60", "0", True),
    ("culture_fit", False, "1", "", "deciles", None, None, True),
    ("solvency", False, "1", "", "deciles", None, None, True),
    ("network", False, "1", "", "deciles", None, None, True),
    ("geography", False, "1", "", "deciles", None, None, True),
]


def create(apps, schema_editor):
    Criterion = apps.get_model("portfolio", "Criterion")
    for position, (key, enabled, weight, metric, method, low, high, hib) in enumerate(CATALOGUE):
        Criterion.objects.update_or_create(
            key=key,
            defaults={
                "position": position,
                "enabled": enabled,
                "weight": Decimal(weight),
                "metric": metric,
                "method": method,
                "low": None if low is None else Decimal(low),
                "high": None if high is None else Decimal(high),
                "higher_is_better": hib,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("portfolio", "Criterion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
