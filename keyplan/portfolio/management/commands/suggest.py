from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from keyplan.accounts.access import visible_accounts
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.portfolio.management import OptionError, system_user, user_option
from keyplan.portfolio.models import Suggestion, SuggestionStatus


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class Command(BaseCommand):
    help = (
        "Reclassification suggestions: generate them from the sales, scores and settings "
        "(first sale, entering the top, growth, potential, sustained decline, stopped buying), "
        "then list the pending ones with their reason. Generating twice with the same data "
        "creates nothing new. Without --user it runs as the system; with --user that user must "
        "be an administrator or a director to generate, and sees only the accounts they may see."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", dest="list_only", action="store_true", help="only list; generate nothing"
        )
        parser.add_argument("--user", metavar="USERNAME", help="run as this user")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        from keyplan.portfolio.suggestions.domain import reason_text
        from keyplan.portfolio.suggestions.services import generate_suggestions

        try:
            user = user_option(options["user"])
        except OptionError as exc:
            raise CommandError(exc.for_cli()) from None
        generated = None
        if not options["list_only"]:
            if user is not None and not can_manage_portfolio(user):
                raise CommandError(
                    _(
                        "--user: “%(user)s” may not generate suggestions (administrators and "
                        "directors); use --list."
                    )
                    % {"user": user.username}
                )
            try:
                generated = len(generate_suggestions(user=user))
            except PermissionDenied:
                raise CommandError(
                    _("--user: “%(user)s” may not generate suggestions.")
                    % {"user": options["user"]}
                ) from None
        pending = list(
            Suggestion.objects.filter(
                status=SuggestionStatus.PENDING,
                account__in=visible_accounts(user or system_user()),
            )
            .select_related("account")
            .order_by("account__name", "pk")
        )
        if options["format"] == "json":
            data = {
                "generated": generated,
                "pending": [
                    {
                        "id": s.pk,
                        "account_id": s.account_id,
                        "external_id": s.account.external_id,
                        "name": s.account.name,
                        "from_class": s.from_class,
                        "to_class": s.to_class,
                        "reason": s.reason,
                        "reason_text": str(reason_text(s)),
                        "evidence": _jsonable(s.evidence),
                        "created_at": s.created_at.isoformat(),
                    }
                    for s in pending
                ],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if generated is not None:
            self.stdout.write(
                _("Generated or updated %(count)s suggestions.") % {"count": generated}
            )
        self.stdout.write(_("%(count)s pending:") % {"count": len(pending)})
        for s in pending:
            ident = f" [{s.account.external_id}]" if s.account.external_id else ""
            self.stdout.write(
                f"  #{s.pk} {s.account.name}{ident}: {s.from_class} → {s.to_class}"
                f" — {reason_text(s)}"
            )
