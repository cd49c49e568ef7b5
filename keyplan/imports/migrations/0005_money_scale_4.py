"""Exact money (issue #14): MoneyField stores integer ten-thousandths (scale 4) instead
of cents, so that amounts keep the source's precision up to four decimals. Existing
values are multiplied by 100 (exact); the reverse divides by 100, rounding half away
from zero any amount that has more than two decimals by then."""

from django.db import migrations

# (table, column): every MoneyField column of this app, its simple-history tables included.
MONEY_COLUMNS = [
    ("imports_importjob", "revenue_total"),
    ("imports_importjob", "cost_total"),
]


def _forward(table: str, column: str) -> str:
    return f'UPDATE "{table}" SET "{column}" = "{column}" * 100'  # noqa: S608


def _reverse(table: str, column: str) -> str:
    return (
        f'UPDATE "{table}" SET "{column}" = CASE WHEN "{column}" >= 0 '  # noqa: S608
        f'THEN ("{column}" + 50) / 100 ELSE ("{column}" - 50) / 100 END'
    )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0004_interactions_kind"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[_forward(table, column) for table, column in MONEY_COLUMNS],
            reverse_sql=[_reverse(table, column) for table, column in MONEY_COLUMNS],
        ),
    ]
