"""`keyplan profiles`: hunters and farmers; `--derive` recomputes the derived profiles."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from keyplan.portfolio.management import system_user
from keyplan.stakeholders.models import SalesProfile
from keyplan.stakeholders.selling import selectors, services


class Command(BaseCommand):
    help = (
        "Sales profiles (hunter, farmer, unknown) of our people: the one in force (a "
        "manager's override, else the derived one) with the figures it was derived from. "
        "--derive first recomputes the derived profiles from the last 365 days of time "
        "entries (hunting: prospects, suspects and new logos; farming: existing customers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--derive", action="store_true", help="recompute the derived profiles")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        if options["derive"]:
            written = services.profiles_derive()
            self.stderr.write(f"Derived {written} profile(s).")
        profiles = list(SalesProfile.objects.select_related("user").order_by("user__username"))
        if options["format"] == "json":
            data = {
                "profiles": [self._json(p) for p in profiles],
                "reassignments": [
                    {
                        "account_id": s.account_id,
                        "account": s.account_name,
                        "owner": s.owner_name,
                        "candidates": [c.name for c in s.candidates],
                    }
                    for s in selectors.reassignment_suggestions(user=system_user())
                ],
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not profiles:
            self.stdout.write("No sales profiles yet; run `keyplan profiles --derive`.")
            return
        rows = [("USER", "PROFILE", "DERIVED", "OVERRIDE", "HOURS", "HUNTING", "FARMING")]
        for p in profiles:
            figures = p.derived_from or {}
            rows.append(
                (
                    p.user.username,
                    p.profile,
                    p.derived,
                    p.override or "-",
                    str(figures.get("hours", "")),
                    f"{figures['hunting_share']}%" if "hunting_share" in figures else "",
                    f"{figures['farming_share']}%" if "farming_share" in figures else "",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
            )
        suggestions = selectors.reassignment_suggestions(user=system_user())
        if suggestions:
            self.stdout.write("")
            self.stdout.write("Strategic accounts owned by hunters:")
            for s in suggestions:
                names = ", ".join(c.name for c in s.candidates) or "no farmer available"
                self.stdout.write(f"  {s.account_name} ({s.owner_name}) -> {names}")

    @staticmethod
    def _json(profile: SalesProfile) -> dict:
        return {
            "user": profile.user.username,
            "profile": profile.profile,
            "derived": profile.derived,
            "derived_at": profile.derived_at.isoformat() if profile.derived_at else None,
            "derived_from": profile.derived_from,
            "override": profile.override,
            "override_note": profile.override_note,
        }
