from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyplan.accounts.models import AccountClass
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.portfolio.management import OptionError, system_user, user_option


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def change_json(row) -> dict:
    return {
        "account_id": row.account_id,
        "external_id": row.external_id,
        "name": row.name,
        "owner": row.owner,
        "current": row.current,
        "proposed": row.proposed,
        "revenue": _decimal(row.revenue),
        "gross_profit": _decimal(row.gross_profit),
        "value": _decimal(row.value),
        "rank": row.rank,
        "cumulative_share": _decimal(row.cumulative_share),
    }


class Command(BaseCommand):
    help = (
        "Classify the accounts strategic / regular / prospect / suspect with the portfolio "
        "settings (by default over the 12 months up to the latest invoice). Without --apply "
        "it is a preview: the counts per class before and after and every change, nothing "
        "written. --apply changes the classes (recorded in each account's history) and saves "
        "a snapshot. Who applies: with --user, that user, who must be an administrator or a "
        "director; without --user the command acts as the system (an operator on the "
        "server), recorded without a user. A preview with --user shows the changes among the "
        "accounts that user may see."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="change the classes")
        parser.add_argument("--note", default="", help="a note saved with the snapshot")
        parser.add_argument("--user", metavar="USERNAME", help="run as this user")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        from keyplan.portfolio.classification.selectors import classification_preview

        try:
            user = user_option(options["user"])
        except OptionError as exc:
            raise CommandError(exc.for_cli()) from None
        if len(options["note"]) > 255:
            raise CommandError(_("--note: at most 255 characters."))
        if options["apply"] and user is not None and not can_manage_portfolio(user):
            raise CommandError(
                _(
                    "--user: “%(user)s” may not apply the classification (administrators "
                    "and directors only)."
                )
                % {"user": user.username}
            )
        preview = classification_preview(user=user or system_user())
        snapshot = None
        if options["apply"]:
            from keyplan.portfolio.classification.services import apply_classification

            try:
                snapshot = apply_classification(
                    user=user, period=preview.period, note=options["note"]
                )
            except PermissionDenied:
                raise CommandError(
                    _("--user: “%(user)s” may not apply the classification.")
                    % {"user": options["user"]}
                ) from None
        if options["format"] == "json":
            self._json(preview, snapshot)
        else:
            self._table(preview, snapshot)

    def _json(self, preview, snapshot):
        data = {
            "period": {
                "from": preview.period.date_from.isoformat(),
                "to": preview.period.date_to.isoformat(),
            },
            "metric": preview.metric,
            "currency": preview.currency,
            "counts_before": preview.counts_before,
            "counts_after": preview.counts_after,
            "missing_rates": preview.missing_rates,
            "changes": [change_json(row) for row in preview.changes],
            "applied": snapshot is not None,
            "snapshot": snapshot.pk if snapshot is not None else None,
        }
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _table(self, preview, snapshot):
        w = self.stdout.write
        period = preview.period
        w(
            _("Classification on %(metric)s, %(start)s to %(end)s, in %(currency)s")
            % {
                "metric": _("revenue") if preview.metric == "revenue" else _("gross profit"),
                "start": f"{period.date_from:%Y-%m}",
                "end": f"{period.date_to:%Y-%m}",
                "currency": preview.currency,
            }
        )
        w("")
        label_width = max(len(str(label)) for _key, label in AccountClass.choices)
        w(f"{'':<{label_width}}  {_('before'):>8}  {_('after'):>8}")
        for key, label in AccountClass.choices:
            before = preview.counts_before.get(key, 0)
            after = preview.counts_after.get(key, 0)
            w(f"{label!s:<{label_width}}  {before:>8}  {after:>8}")
        changes = preview.changes
        w("")
        w(_("%(count)s changes") % {"count": len(changes)})
        for row in changes:
            ident = f" [{row.external_id}]" if row.external_id else ""
            w(f"  {row.name}{ident}: {row.current} → {row.proposed}")
        if preview.missing_rates:
            w(
                _("Left out, no exchange rate: %(currencies)s")
                % {"currencies": ", ".join(preview.missing_rates)}
            )
        w("")
        if snapshot is None:
            w(_("Preview only: nothing changed. Run with --apply to apply it."))
        else:
            w(
                self.style.SUCCESS(
                    _("Applied: %(count)s classes changed; snapshot %(id)s.")
                    % {"count": snapshot.changed, "id": snapshot.pk}
                )
            )
