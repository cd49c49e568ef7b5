"""One pipeline for every import kind.

    sniff → header → mapping → pass 1 (detect separators and date formats over whole
    columns, the one nearly all values share; find repeated natural keys) → pass 2
    (convert, validate, write in batches; reject the rows that contradict a column)

Each batch is one transaction: its rows, its rollup deltas, its rejected-row report
and the job's counters commit together, so a crash or kill leaves no half-written
batch, and re-running the same file completes the job (what was written is unchanged).
A row whose account no account matches yet waits for the end of the run (a later batch
may create that account), so the rows rejected do not depend on where batches end.
Memory stays flat: rows are streamed, and pass 1 keeps one 8-byte hash per row (in a
numpy array, freed before pass 2) plus the few keys that repeat.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from keyplan.core.db import refresh_statistics
from keyplan.users.models import User

from ..accounts.services import link_parents, write_accounts, write_contacts
from ..dates.domain import DateSurvey
from ..files.domain import FileFormat, FileRejected, sniff
from ..interactions.services import write_interactions
from ..invoices.services import write_invoices, write_payments, write_products
from ..kinds.domain import (
    DATE_TYPES,
    NUMBER_TYPES,
    FieldSpec,
    RowError,
    build_converter,
    field_specs,
)
from ..mapping.domain import MappingError, expected_columns, resolve_mapping
from ..numbers.domain import DecimalSurvey, PercentScale, detect_percent_scale
from ..opportunities.services import write_opportunities
from ..presets.domain import PRESETS
from ..reading.domain import check_header, estimate_rows, read_rows
from ..satisfaction.services import write_satisfaction
from ..service_costs.services import write_service_costs
from ..wallet.services import write_wallet
from ..writing.services import BatchResult, Context, Item, RowProblem, Writer
from .domain import ColumnSamples, Keys, RowKeys, repeated

ZERO = Decimal(0)
# Rows held back for an account a later batch may create (Context.hold_unmatched), at
# most: beyond, they are resolved at once (a file naming that many unknown accounts is
# mostly rejected anyway).
MAX_HELD_ROWS = 50_000

WRITERS: dict[str, Writer] = {
    "accounts": write_accounts,
    "contacts": write_contacts,
    "products": write_products,
    "invoices": write_invoices,
    "payments": write_payments,
    "opportunities": write_opportunities,
    "wallet": write_wallet,
    "interactions": write_interactions,
    "service_costs": write_service_costs,
    "satisfaction": write_satisfaction,
}


@dataclass
class ImportOptions:
    kind: str
    preset: str = "generic"
    overrides: dict[str, str] = field(default_factory=dict)  # source column -> field
    mapping: dict[str, str] | None = None  # field -> source column, replaces the preset's
    encoding: str = "auto"
    delimiter: str = "auto"
    decimal: str = "auto"
    date_format: str = "auto"
    dry_run: bool = False
    batch_size: int = 20_000  # rows (and rejected rows) per transaction


@dataclass
class ImportSummary:
    kind: str
    dry_run: bool
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    revenue_total: Decimal = ZERO
    cost_total: Decimal = ZERO
    mapping: dict[str, str] = field(default_factory=dict)
    detected: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "mapping": self.mapping,
            "detected": self.detected,
        }
        if self.kind == "invoices":
            data["revenue_total"] = str(self.revenue_total)
            data["cost_total"] = str(self.cost_total)
            data["gross_profit_total"] = str(self.revenue_total - self.cost_total)
        return data


class ImportFailed(Exception):
    """The file as a whole cannot be imported; nothing was written."""


ErrorSink = Callable[[list[RowProblem]], None]
Progress = Callable[[ImportSummary], None]
HEARTBEAT_ROWS = 10_000  # rows read between two `on_heartbeat` calls


def option_with_preset(options: ImportOptions, name: str) -> str:
    """A file option as the run reads it: the one given, else the preset's, else "auto"."""
    value = getattr(options, name)
    if value == "auto" and options.preset in PRESETS:
        return PRESETS[options.preset].options.get(name, "auto")
    return value


@dataclass
class _Conventions:
    """What pass 1 decided about the file: each column's conventions and the hashes of
    the natural keys (and, for kinds keyed by occurrence, the rows) that repeat."""

    decimal_of: dict[str, str]
    date_of: dict[str, str]
    scale_of: dict[str, PercentScale]
    repeated_groups: set[int]
    repeated_contents: set[int]


def run_import(
    path: Path,
    options: ImportOptions,
    *,
    user: User | None = None,
    on_errors: ErrorSink | None = None,
    on_progress: Progress | None = None,
    on_batch_commit: Callable[[ImportSummary], None] | None = None,
    on_heartbeat: Callable[[], None] | None = None,
) -> ImportSummary:
    """Import `path`. Raises ImportFailed (nothing written) when the file or the mapping
    is unusable; otherwise returns the summary, reporting each rejected row through
    `on_errors` (line, column, value, reason) inside the batch's transaction.
    `on_heartbeat` is called every HEARTBEAT_ROWS rows read, in both passes (pass 1
    commits nothing, so it is its only sign of life)."""
    try:
        fmt = sniff(
            path,
            encoding=option_with_preset(options, "encoding"),
            delimiter=option_with_preset(options, "delimiter"),
            # The columns the user mapped count as known names: they are in the file.
            expected_columns=expected_columns(
                options.kind, [*options.overrides, *(options.mapping or {}).values()]
            ),
        )
        header_line, header = _header(path, fmt)
    except FileRejected as exc:
        raise ImportFailed(str(exc)) from None
    try:
        mapping = resolve_mapping(
            options.kind, options.preset, header, options.overrides, base=options.mapping
        )
    except MappingError as exc:
        raise ImportFailed(str(exc)) from None
    run = _Run(
        path,
        fmt,
        header_line,
        header,
        mapping,
        options,
        on_errors=on_errors,
        on_batch_commit=on_batch_commit,
        on_heartbeat=on_heartbeat,
    )
    run.summary.detected = {
        "format": fmt.kind,
        "encoding": fmt.encoding,
        "delimiter": {"\t": "tab"}.get(fmt.delimiter, fmt.delimiter),
        "sheet": fmt.sheet,
        "rows_estimate": estimate_rows(path, fmt),
    }
    try:
        conventions = run.first_pass()
        run.second_pass(conventions, user=user, on_progress=on_progress)
    except FileRejected as exc:
        raise ImportFailed(str(exc)) from None
    refresh_statistics()  # the planner's view of the tables the import just grew
    return run.summary


def _header(path: Path, fmt: FileFormat) -> tuple[int, list[str]]:
    """The header's line and column names: the first row that is not blank (a file may
    begin with blank lines)."""
    rows = read_rows(path, fmt)
    try:
        for line, cells in rows:
            if any(cells):
                header_line, header = line, cells
                break
        else:
            raise ImportFailed(gettext("The file is empty."))
    finally:
        rows.close()
    check_header(header_line, header)  # FileRejected, as the caller expects
    header = [h.strip() for h in header]
    if not any(header):
        raise ImportFailed(gettext("The first row has no column names."))
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise ImportFailed(
            gettext("Column names repeat in the first row: %(names)s.")
            % {"names": ", ".join(duplicates)}
        )
    return header_line, header


class _Run:
    """The two passes over one file, with what they share."""

    def __init__(
        self,
        path: Path,
        fmt: FileFormat,
        header_line: int,
        header: list[str],
        mapping: dict[str, str],
        options: ImportOptions,
        *,
        on_errors: ErrorSink | None,
        on_batch_commit: Callable[[ImportSummary], None] | None,
        on_heartbeat: Callable[[], None] | None = None,
    ) -> None:
        self.path, self.fmt, self.header_line = path, fmt, header_line
        self.header, self.mapping, self.options = header, mapping, options
        self.index = {name: i for i, name in enumerate(header)}
        self.specs: dict[str, FieldSpec] = field_specs(options.kind)
        self.keys = Keys(options.kind, mapping, self.index)
        self.summary = ImportSummary(kind=options.kind, dry_run=options.dry_run, mapping=mapping)
        self.on_errors = on_errors  # each batch's rejected rows, inside its transaction
        self.on_batch_commit = on_batch_commit
        self.held: list[Item] = []  # rows waiting for their account (Context.hold_unmatched)
        self.on_heartbeat = on_heartbeat

    def data_rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of each row below the header that is not blank."""
        header_line, beat = self.header_line, self.on_heartbeat
        for count, (line, cells) in enumerate(read_rows(self.path, self.fmt), 1):
            if beat and count % HEARTBEAT_ROWS == 0:
                beat()
            if line > header_line and any(cells):
                yield line, cells

    # --- pass 1: whole-column detection and repeated keys ------------------------------

    def first_pass(self) -> _Conventions:
        mapping, specs, options = self.mapping, self.specs, self.options
        date_fields = [f for f in mapping if specs[f].type in DATE_TYPES]
        number_fields = [f for f in mapping if specs[f].type in NUMBER_TYPES]
        decimal_option = option_with_preset(options, "decimal")
        date_option = option_with_preset(options, "date_format")
        samples = ColumnSamples(
            index={f: self.index[c] for f, c in mapping.items()},
            dates={f: DateSurvey() for f in date_fields if date_option == "auto"},
            percents={f: set() for f in number_fields if specs[f].type == "percent"},
            decimals={f: DecimalSurvey() for f in number_fields if decimal_option == "auto"},
        )
        keys = self.keys
        group_hashes = array("q")
        content_hashes = array("q")
        for line, cells in self.data_rows():
            group_hashes.append(hash(keys.group(cells)))
            if keys.by_occurrence:
                content_hashes.append(hash(keys.content(cells)))
            samples.add(line, cells)
        decimal_of: dict[str, str] = {}
        for f in number_fields:
            if decimal_option != "auto":
                decimal_of[f] = decimal_option
                continue
            decimal_of[f] = self._detect(f, samples.decimals[f].decide)
        date_of: dict[str, str] = {}
        for f in date_fields:
            if date_option != "auto":
                date_of[f] = date_option
            else:
                date_of[f] = self._detect(f, samples.dates[f].decide)
        scale_of: dict[str, PercentScale] = {
            f: detect_percent_scale(values, decimal="," if decimal_of[f] == "," else ".")
            for f, values in samples.percents.items()
        }
        self.summary.detected["decimal"] = {mapping[f]: d for f, d in decimal_of.items()}
        self.summary.detected["date_format"] = {mapping[f]: d for f, d in date_of.items()}
        return _Conventions(
            decimal_of, date_of, scale_of, repeated(group_hashes), repeated(content_hashes)
        )

    def _detect(self, f: str, decide: Callable[[], str]) -> str:
        """A column's convention, or ImportFailed naming the column (and example lines)."""
        try:
            return decide()
        except ValueError as exc:
            raise ImportFailed(
                gettext("Column “%(column)s”: %(reason)s")
                % {"column": self.mapping[f], "reason": exc}
            ) from None

    # --- pass 2: convert, validate, write in batches --------------------------------------

    def second_pass(
        self, conventions: _Conventions, *, user: User | None, on_progress: Progress | None
    ) -> None:
        options, summary = self.options, self.summary
        convert = build_converter(
            options.kind,
            self.header,
            self.mapping,
            decimal=conventions.decimal_of,
            date_format=conventions.date_of,
            percent_scale=conventions.scale_of,
        )
        ctx = Context(user=user, headers=self.mapping, dry_run=options.dry_run)
        ctx.hold_unmatched = True
        writer = WRITERS[options.kind]
        row_keys = RowKeys(self.keys, conventions.repeated_groups, conventions.repeated_contents)
        batch: list[Item] = []
        errors: list[RowProblem] = []
        for line, cells in self.data_rows():
            summary.rows_read += 1
            key, repeats = row_keys.key(line, cells)
            if repeats is not None:
                reason = gettext("duplicate of line %(line)s") % {"line": repeats}
                errors.append((line, "", "", reason))
                continue
            try:
                record = convert(cells)
            except RowError as exc:
                errors.append((line, exc.column, exc.value[:500], exc.reason))
                continue
            batch.append(Item(line, record, key))
            if len(batch) + len(errors) >= options.batch_size:
                self._commit(ctx, writer, batch, errors)
                batch, errors = [], []
                if len(self.held) >= MAX_HELD_ROWS:  # memory stays bounded
                    self._commit_held(ctx, writer)
                if on_progress:
                    on_progress(summary)
        self._commit(ctx, writer, batch, errors)
        self._commit_held(ctx, writer)
        if ctx.parent_links:  # of the rows written
            link_errors = link_parents(ctx, ctx.parent_links, dry_run=options.dry_run)
            if link_errors:
                self._commit(ctx, writer, [], link_errors)
        if on_progress:
            on_progress(summary)

    def _commit_held(self, ctx: Context, writer: Writer) -> None:
        """The rows held back because no account matched them (`Context.hold_unmatched`),
        once more, now that the accounts the batches so far created exist: written, or
        rejected with the reason."""
        held, self.held = self.held, []
        ctx.hold_unmatched = False
        try:
            self._commit(ctx, writer, held, [])
        finally:
            ctx.hold_unmatched = True

    def _commit(
        self, ctx: Context, writer: Writer, batch: list[Item], errors: list[RowProblem]
    ) -> None:
        """One batch, one transaction (a dry run writes only its report)."""
        if not batch and not errors:
            return
        summary = self.summary
        with transaction.atomic():
            result = writer(ctx, batch, dry_run=self.options.dry_run) if batch else BatchResult()
            all_errors = errors + result.errors
            self.held.extend(result.held)
            summary.created += result.created
            summary.updated += result.updated
            summary.unchanged += result.unchanged
            summary.rejected += len(all_errors)
            summary.revenue_total += result.revenue
            summary.cost_total += result.cost
            if self.on_errors and all_errors:
                self.on_errors(sorted(all_errors))
            if self.on_batch_commit:
                self.on_batch_commit(summary)
