from __future__ import annotations

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keyplan.accounts.models import Account
from keyplan.users import services
from keyplan.users.models import BusinessUnit, Role


class Command(BaseCommand):
    help = (
        "Create a user with a role. The password is read from KEYPLAN_PASSWORD or asked for. "
        f"Roles: {', '.join(Role.values)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--account", type=int, help="the account id (portal users only)")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--business-unit", help="business unit code")

    def handle(self, *args, username, role, account, email, first_name, last_name, **options):
        portal_account = None
        if account is not None:
            portal_account = Account.objects.filter(pk=account).first()
            if portal_account is None:
                raise CommandError(f"--account: no account with id {account}.")
        unit = None
        if options["business_unit"]:
            unit = BusinessUnit.objects.filter(code=options["business_unit"]).first()
            if unit is None:
                raise CommandError(
                    f"--business-unit: no business unit “{options['business_unit']}”."
                )
        password = os.environ.get("KEYPLAN_PASSWORD") or self._ask_password()
        try:
            user = services.user_create(
                username=username,
                password=password,
                role=role,
                email=email,
                first_name=first_name,
                last_name=last_name,
                portal_account=portal_account,
                business_unit=unit,
            )
        except ValidationError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
            raise CommandError("cannot create the user:\n  " + "\n  ".join(lines)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Created {user.username} ({user.get_role_display()}).")
        )

    def _ask_password(self) -> str:
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("no password given (set KEYPLAN_PASSWORD or type one).") from None
        if first != second:
            raise CommandError("the passwords differ.")
        return first
