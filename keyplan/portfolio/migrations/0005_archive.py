"""Snapshot rows outlive a purged account: no database constraint on the account, and
the account's name kept on the row (filled here for the rows saved so far)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_names(apps, schema_editor):
    Account = apps.get_model("accounts", "Account")
    SnapshotRow = apps.get_model("portfolio", "SnapshotRow")
    name = Account.objects.filter(pk=OuterRef("account_id")).values("name")[:1]
    SnapshotRow.objects.update(account_name=Coalesce(Subquery(name), Value("")))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_archive"),
        ("portfolio", "0004_money_scale_4"),
    ]

    operations = [
        migrations.AddField(
            model_name="snapshotrow",
            name="account_name",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="snapshotrow",
            name="account",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="snapshot_rows",
                to="accounts.account",
            ),
        ),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
    ]
