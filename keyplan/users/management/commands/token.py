from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from keyplan.users import services
from keyplan.users.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Personal API tokens: `token create USER [--name N]`, `token list USER`, `token revoke ID`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token by id")
        revoke.add_argument("token_id", type=int)

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user “{username}”.")
        if not user.is_active:
            raise CommandError(f"user “{username}” is deactivated.")
        return user

    def handle(self, *args, action, **options):
        if action == "create":
            user = self._user(options["username"])
            try:
                token, raw = services.token_create(user=user, name=options["name"])
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            self.stderr.write(f"Token {token.pk} “{token.name}” for {user.username}; shown once:")
            self.stdout.write(raw)
        elif action == "list":
            user = self._user(options["username"])
            for token in ApiToken.objects.filter(user=user):
                state = "active" if token.is_active else f"revoked {token.revoked_at:%Y-%m-%d}"
                self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.name}\t{state}")
        else:
            token = ApiToken.objects.filter(pk=options["token_id"]).first()
            if token is None:
                raise CommandError(f"no token {options['token_id']}.")
            try:
                services.token_revoke(user=token.user, token_id=token.pk)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            self.stdout.write(f"Revoked token {token.pk}.")
