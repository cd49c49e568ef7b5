"""The one table of core: the log of changes to the data the cached analyses read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataChange(models.Model):
    """One write to data a cached analysis reads (sales rollups, accounts, teams, rates,
    portfolio settings, users). Insert-only: a writer adds a row inside its own
    transaction (no row is updated, so concurrent writers never wait on each other), and
    `keyplan.core.dataversion.current()` reads the version from the newest rows.
    Old rows are pruned by the writers themselves."""

    id = models.BigAutoField(primary_key=True)
    source = models.CharField(_("source"), max_length=40)

    class Meta:
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")

    def __str__(self) -> str:
        return f"{self.pk} {self.source}"
