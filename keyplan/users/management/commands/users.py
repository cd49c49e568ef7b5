"""`keyplan users invite EMAIL --role ROLE [--unit CODE] [--language L] [--by ADMIN]`:
invite a colleague from the command line (the same e-mail and one-time link as the
administrators' page); `keyplan users list`: the users, tab-separated."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keyplan.users.administration import services
from keyplan.users.models import BusinessUnit, Role, User


def _admin(username: str | None) -> User:
    admins = User.objects.filter(is_active=True, role=Role.ADMIN)
    found = admins.filter(username=username) if username else admins.order_by("pk")
    admin = found.first()
    if admin is None:
        raise CommandError(
            f"--by: no active administrator “{username}”."
            if username
            else "no active administrator."
        )
    return admin


def _unit(code: str | None) -> BusinessUnit | None:
    if not code:
        return None
    unit = BusinessUnit.objects.filter(code__iexact=code, is_active=True).first()
    if unit is None:
        raise CommandError(f"--unit: no active business unit with the code “{code}”.")
    return unit


class Command(BaseCommand):
    help = "Users: `users invite EMAIL --role ROLE [--unit CODE]`, `users list`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        invite = sub.add_parser("invite", help="e-mail a one-time link to join keyplan")
        invite.add_argument("email")
        invite.add_argument(
            "--role", required=True, choices=[role.value for role in services.INVITABLE_ROLES]
        )
        invite.add_argument("--unit", help="the business unit's code")
        invite.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=""
        )
        invite.add_argument("--by", help="the inviting administrator (default: the first one)")
        sub.add_parser("list", help="list the users")

    def handle(self, *args, action, **options):
        if action == "list":
            for user in User.objects.select_related("business_unit").order_by("username"):
                unit = user.business_unit.code if user.business_unit else "-"
                state = "active" if user.is_active else "inactive"
                self.stdout.write(f"{user.pk}\t{user.username}\t{user.role}\t{unit}\t{state}")
            return
        try:
            invitation, _raw = services.invitation_create(
                actor=_admin(options["by"]),
                email=options["email"],
                role=options["role"],
                business_unit=_unit(options["unit"]),
                language=options["language"] or settings.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"Invited {invitation.email} as {invitation.role}; "
            f"the link is valid until {invitation.expires_at:%Y-%m-%d %H:%M} UTC."
        )
