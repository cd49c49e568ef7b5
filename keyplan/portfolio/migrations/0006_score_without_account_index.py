"""Scores lose the single-column index on the account: the unique (account, criterion)
begins with it (see AccountScore). Dropped by the name Django gave it (the same on SQLite
and PostgreSQL): altering the field on SQLite would copy the whole table."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "portfolio_accountscore_account_id_b47d3068"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_contact_bias_help_text_names_the_method"),
        ("portfolio", "0005_archive"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accountscore",
                    name="account",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="selection_scores",
                        to="accounts.account",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    reverse_sql=(
                        f'CREATE INDEX "{INDEX}" ON "portfolio_accountscore" ("account_id")'
                    ),
                )
            ],
        )
    ]
