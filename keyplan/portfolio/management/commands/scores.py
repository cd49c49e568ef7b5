from __future__ import annotations

import csv
import io
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from keyplan.accounts.access import WRITE_ROLES, visible_accounts
from keyplan.accounts.models import AccountStatus
from keyplan.core.text import xml_safe
from keyplan.portfolio.management import OptionError, system_user, user_option
from keyplan.portfolio.models import AccountScore, Criterion

RATIONALE = "_rationale"
ID_COLUMNS = ("external_id", "name")


def score_columns(criteria: list[Criterion]) -> list[str]:
    """external_id, name, one column per criterion key, then one rationale column each."""
    return [
        *ID_COLUMNS,
        *(c.key for c in criteria),
        *(c.key + RATIONALE for c in criteria),
    ]


def export_rows(accounts, criteria: list[Criterion]):
    """The header, then one list of cells per account (empty where there is no score)."""
    yield score_columns(criteria)
    scores: dict[tuple[int, int], tuple[int, str]] = {
        (account_id, criterion_id): (score, rationale)
        for account_id, criterion_id, score, rationale in AccountScore.objects.filter(
            account__in=accounts
        ).values_list("account_id", "criterion_id", "score", "rationale")
    }
    for account in accounts.order_by("name", "pk").only("pk", "external_id", "name"):
        cells = [scores.get((account.pk, c.pk)) for c in criteria]
        yield [
            account.external_id,
            account.name,
            *("" if cell is None else cell[0] for cell in cells),
            *("" if cell is None else cell[1] for cell in cells),
        ]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path) -> list[list[str]]:
    """The file's rows as text cells: an .xlsx workbook's first sheet, or a CSV
    (UTF-8, with or without BOM; comma, semicolon or tab)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


@dataclass
class Planned:
    line: int
    account: object
    criterion: Criterion
    score: int
    rationale: str


@dataclass
class ImportPlan:
    writes: list[Planned] = field(default_factory=list)
    unchanged: int = 0
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _parse_score(text: str) -> int | None:
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if number != number.to_integral_value() or not 1 <= number <= 10:
        return None
    return int(number)


def _columns(
    plan: ImportPlan, first: list[str], criteria: dict[str, Criterion]
) -> dict[str, int] | None:
    """{column name: index} from the header line, or None when it is refused (the
    reasons in `plan.errors`)."""
    header = [h.strip() for h in first]
    if "external_id" not in header:
        plan.errors.append((1, _("no “external_id” column.")))
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name in columns:
            plan.errors.append((1, _("the column “%(name)s” appears twice.") % {"name": name}))
        columns[name] = index
        key = name.removesuffix(RATIONALE)
        if name not in ID_COLUMNS and key not in criteria:
            plan.errors.append((1, _("unknown column “%(name)s”.") % {"name": name}))
    return None if plan.errors else columns


@dataclass
class _Planner:
    """Checks the rows of one file against the user's accounts and the stored scores."""

    plan: ImportPlan
    columns: dict[str, int]
    manual: list[Criterion]
    may_write: bool
    by_external: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    existing: dict[tuple[int, int], tuple] = field(default_factory=dict)
    seen: dict[int, int] = field(default_factory=dict)  # account id -> line

    def read(self, visible) -> None:
        # One query for the lookups: accounts by external id and, for rows without one,
        # by name.
        for account in visible.only("pk", "external_id", "name"):
            if account.external_id:
                self.by_external[account.external_id].append(account)
            self.by_name[account.name].append(account)
        self.existing = {
            (a, c): (s, r, d)
            for a, c, s, r, d in AccountScore.objects.filter(account__in=visible).values_list(
                "account_id", "criterion_id", "score", "rationale", "from_data"
            )
        }

    def cell(self, row: list[str], name: str) -> str:
        index = self.columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    def account(self, line: int, row: list[str]):
        """The row's account, or None with the reason in the plan's errors."""
        external_id, name = self.cell(row, "external_id"), self.cell(row, "name")
        if external_id:
            matches = self.by_external.get(external_id, [])
            what = _("external id “%(value)s”") % {"value": external_id}
        else:
            matches = self.by_name.get(name, []) if name else []
            what = _("name “%(value)s”") % {"value": name}
        if len(matches) != 1:
            reason = (
                _("no account with %(what)s that you may see.")
                if not matches
                else _("more than one account with %(what)s.")
            )
            self.plan.errors.append((line, reason % {"what": what}))
            return None
        account = matches[0]
        if account.pk in self.seen:
            self.plan.errors.append(
                (
                    line,
                    _("the account is already on line %(line)s.") % {"line": self.seen[account.pk]},
                )
            )
            return None
        self.seen[account.pk] = line
        if not self.may_write:
            self.plan.errors.append((line, _("you may not change this account.")))
            return None
        return account

    def scores(self, line: int, row: list[str], account) -> None:
        """Plan the row's scores that change; the row's errors joined in one."""
        row_errors = []
        for criterion in self.manual:
            text = self.cell(row, criterion.key)
            rationale = self.cell(row, criterion.key + RATIONALE)
            if not text:
                if rationale:
                    row_errors.append(
                        _("%(key)s: a rationale without a score.") % {"key": criterion.key}
                    )
                continue
            score = _parse_score(text)
            if score is None:
                row_errors.append(
                    _("%(key)s: “%(value)s” is not a score from 1 to 10.")
                    % {"key": criterion.key, "value": text}
                )
                continue
            if self.existing.get((account.pk, criterion.pk)) == (score, rationale, False):
                self.plan.unchanged += 1
                continue
            self.plan.writes.append(Planned(line, account, criterion, score, rationale))
        if row_errors:
            self.plan.errors.append((line, "; ".join(row_errors)))


def plan_import(rows: list[list[str]], *, user) -> ImportPlan:
    """Check every row against the criteria and the user's access; nothing is written.
    Only criteria scored by people are read; columns of data-scored criteria are ignored."""
    plan = ImportPlan()
    if not rows or not any(rows[0]):
        plan.errors.append((1, _("the file is empty: the first line must be the header.")))
        return plan
    criteria = {c.key: c for c in Criterion.objects.all()}
    columns = _columns(plan, rows[0], criteria)
    if columns is None:
        return plan
    plan.ignored_columns = [key for key, c in criteria.items() if key in columns and c.is_data]
    planner = _Planner(
        plan,
        columns,
        manual=[c for key, c in criteria.items() if key in columns and not c.is_data],
        # The access rule: a visible account is writable exactly when the role writes.
        may_write=user.role in WRITE_ROLES,
    )
    planner.read(visible_accounts(user))
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        plan.rows += 1
        account = planner.account(line, row)
        if account is not None:
            planner.scores(line, row, account)
    return plan


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {m}" for k, ms in exc.message_dict.items() for m in ms)
    return "; ".join(exc.messages)


class _Rejected(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Selection scores. `scores export FILE [--format csv|xlsx]` writes one row per "
        "account that is not closed: external_id, name, a column per criterion in use (its "
        "key) with the 1-10 score, then a <key>_rationale column per criterion (accounts "
        "without an external id are matched by name on import). `scores import FILE --user "
        "USERNAME` reads such a file back and saves the scores of the criteria scored by "
        "people (columns of data-scored criteria are ignored; an empty cell leaves the score "
        "as it is): every row is checked first, and if any row is rejected nothing is written "
        "and each rejected line is reported; scores that did not change are not rewritten, "
        "so importing the same file twice changes nothing. `scores compute` recomputes the "
        "scores of the data-scored criteria."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import", "compute"])
        parser.add_argument("file", nargs="?", help="the CSV or XLSX file (export, import)")
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="export format (default: from the file name, else csv)",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="import: whose scores they are (required); export/compute: run as this user "
            "(default: the whole company)",
        )

    def handle(self, *args, action, file, **options):
        try:
            user = user_option(options["user"])
        except OptionError as exc:
            raise CommandError(exc.for_cli()) from None
        if action == "compute":
            return self._compute(user)
        if not file:
            raise CommandError(_("name the FILE to %(action)s.") % {"action": action})
        path = Path(file)
        if action == "export":
            fmt = options["format"] or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
            return self._export(path, fmt, user or system_user())
        if user is None:
            raise CommandError(_("--user: name the user the imported scores are recorded for."))
        return self._import(path, user)

    def _export(self, path: Path, fmt: str, user):
        criteria = list(Criterion.objects.filter(enabled=True))
        accounts = visible_accounts(user).exclude(status=AccountStatus.CLOSED)
        rows = export_rows(accounts, criteria)
        count = -1  # the header is not an account
        try:
            if fmt == "xlsx":
                from openpyxl import Workbook

                workbook = Workbook(write_only=True)
                sheet = workbook.create_sheet(_("Scores"))
                for row in rows:
                    # XML cannot hold C0 control characters (openpyxl raises on them).
                    sheet.append([xml_safe(v) if isinstance(v, str) else v for v in row])
                    count += 1
                workbook.save(path)
            else:
                with path.open("w", newline="", encoding="utf-8") as handle:
                    writer = csv.writer(handle)
                    for row in rows:
                        writer.writerow(row)
                        count += 1
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None
        message = _("Exported the scores of %(count)s accounts to %(path)s.") % {
            "count": count,
            "path": path,
        }
        self.stdout.write(self.style.SUCCESS(message))

    def _import(self, path: Path, user):
        try:
            rows = read_table(path)
        except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        except Exception as exc:  # openpyxl raises its own errors for a broken workbook
            raise CommandError(f"{path}: {exc}") from None
        plan = plan_import(rows, user=user)
        if not plan.errors:
            from keyplan.portfolio.scoring.services import set_score

            try:
                with transaction.atomic():
                    for item in plan.writes:
                        try:
                            set_score(
                                user=user,
                                account=item.account,
                                criterion=item.criterion,
                                score=item.score,
                                rationale=item.rationale,
                            )
                        except ValidationError as exc:
                            plan.errors.append(
                                (item.line, f"{item.criterion.key}: {_messages(exc)}")
                            )
                        except PermissionDenied:
                            plan.errors.append((item.line, _("you may not change this account.")))
                    if plan.errors:
                        raise _Rejected
            except _Rejected:
                pass
        if plan.errors:
            lines = [
                _("line %(line)s: %(reason)s") % {"line": line, "reason": reason}
                for line, reason in sorted(plan.errors)
            ]
            raise CommandError(
                _("%(count)s rows rejected; nothing was written.") % {"count": len(lines)}
                + "\n"
                + "\n".join(lines)
            )
        if plan.ignored_columns:
            self.stdout.write(
                _("Ignored (scored from data): %(columns)s")
                % {"columns": ", ".join(plan.ignored_columns)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(rows)s rows: %(written)s scores written, %(unchanged)s unchanged.")
                % {"rows": plan.rows, "written": len(plan.writes), "unchanged": plan.unchanged}
            )
        )

    def _compute(self, user):
        from tqdm import tqdm

        from keyplan.portfolio.scoring.services import compute_data_scores

        if user is not None and not _can_manage(user):
            raise CommandError(
                _("--user: “%(user)s” may not recompute the scores (administrators and directors).")
                % {"user": user.username}
            )
        bar = tqdm(
            total=None,
            unit=" scores",
            file=sys.stderr,
            disable=None,
            dynamic_ncols=True,
            desc="scores compute",
        )

        def progress(done: int, total: int | None = None) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        try:
            written = compute_data_scores(user=user)
            progress(written, written)
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(_("Computed %(count)s data scores.") % {"count": written})
        )


def _can_manage(user) -> bool:
    from keyplan.portfolio.access import can_manage_portfolio

    return can_manage_portfolio(user)
