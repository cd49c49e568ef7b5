"""The lines and rollups lose the single-column foreign-key indexes that a composite
index already covers or that only a rare deletion uses (see InvoiceLine). The indexes
are dropped by name: altering the fields on SQLite would copy both tables three times.
The names are Django's own for these columns, the same on SQLite and PostgreSQL."""

import django.db.models.deletion
from django.db import migrations, models


INDEXES = [
    ("sales_invoiceline_account_id_9b100465", "sales_invoiceline", "account_id"),
    ("sales_invoiceline_business_unit_id_8b62c078", "sales_invoiceline", "business_unit_id"),
    ("sales_invoiceline_product_id_2a98b3a4", "sales_invoiceline", "product_id"),
    ("sales_monthlyrollup_account_id_cb962eb7", "sales_monthlyrollup", "account_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_contact_bias_help_text_names_the_method"),
        ("sales", "0007_service_cost"),
        ("users", "0004_audit_higher_layer_acts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="invoiceline",
                    name="account",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invoice_lines",
                        to="accounts.account",
                    ),
                ),
                migrations.AlterField(
                    model_name="invoiceline",
                    name="business_unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="users.businessunit",
                    ),
                ),
                migrations.AlterField(
                    model_name="invoiceline",
                    name="product",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="invoice_lines",
                        to="sales.product",
                    ),
                ),
                migrations.AlterField(
                    model_name="monthlyrollup",
                    name="account",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.account",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name, _table, _column in INDEXES],
                    reverse_sql=[
                        f'CREATE INDEX "{name}" ON "{table}" ("{column}")'
                        for name, table, column in INDEXES
                    ],
                )
            ],
        )
    ]
