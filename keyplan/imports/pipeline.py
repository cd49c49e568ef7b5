"""One pipeline for every import kind.

    sniff → header → mapping → pass 1 (detect separators and date formats over whole
    columns; find repeated natural keys) → pass 2 (convert, validate, write in batches)

Each batch is one transaction: its rows, its rollup deltas, its rejected-row report
and the job's counters commit together, so a crash or kill leaves no half-written
batch, and re-running the same file completes the job (what was written is unchanged).
Memory stays flat: rows are streamed, and pass 1 keeps one 8-byte hash per row (in a
numpy array, freed before pass 2) plus the few keys that repeat.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext

from . import parsing, values
from .kinds import DATE_TYPES, NUMBER_TYPES, RowError, build_converter, field_specs
from .mapping import MappingError, resolve_mapping
from .writers import WRITERS, BatchResult, Context, Item, link_parents

ZERO = Decimal(0)
_SHAPE = re.compile(r"\d+")
MAX_DISTINCT_SAMPLES = 50_000


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


ErrorSink = Callable[[list[tuple[int, str, str, str]]], None]
Progress = Callable[[ImportSummary], None]


def _option_with_preset(options: ImportOptions, name: str) -> str:
    from .presets import PRESETS

    value = getattr(options, name)
    if value == "auto" and options.preset in PRESETS:
        return PRESETS[options.preset].options.get(name, "auto")
    return value


class _Keys:
    """The natural key of each row, and which rows repeat a key seen earlier."""

    def __init__(self, kind: str, mapping: dict[str, str], index: dict[str, int]) -> None:
        self.kind = kind
        self.idx = {f: index[c] for f, c in mapping.items()}
        # Invoices without a line column, and payments, are keyed by occurrence within
        # (document, product) / document; exact repeats of a row are duplicates.
        self.by_occurrence = kind == "payments" or (kind == "invoices" and "line" not in mapping)
        if kind == "invoices" and not self.by_occurrence:
            self.group = self._invoice_group  # the common case, without the general dispatch

    def _invoice_group(self, cells: list[str]) -> tuple:
        document, line = self.idx["document"], self.idx["line"]
        if document < len(cells) and line < len(cells):
            return (cells[document].strip(), cells[line].strip())
        return (self._cell(cells, "document"), self._cell(cells, "line"))

    def _cell(self, cells: list[str], field_name: str) -> str:
        i = self.idx.get(field_name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def group(self, cells: list[str]) -> tuple:
        c = self._cell
        if self.kind == "invoices":
            if not self.by_occurrence:
                return (c(cells, "document"), c(cells, "line"))
            return (c(cells, "document"), c(cells, "product_code") or c(cells, "product_name"))
        if self.kind == "payments":
            return (c(cells, "document"),)
        if self.kind == "accounts":
            for f in ("external_id", "tax_id"):
                if value := c(cells, f):
                    return (f, value)
            return ("name", c(cells, "name").casefold())
        if self.kind == "products":
            return (c(cells, "code"),)
        if self.kind == "opportunities":
            if value := c(cells, "external_id"):
                return ("x", value)
            return (
                "f",
                *(
                    c(cells, f)
                    for f in (
                        "account_external_id",
                        "account_tax_id",
                        "account_name",
                        "name",
                        "created_date",
                    )
                ),
            )
        account = tuple(
            c(cells, f) for f in ("account_external_id", "account_tax_id", "account_name")
        )
        if self.kind == "wallet":  # one estimate per account
            return account
        if self.kind == "interactions":
            # The source's id (a calendar event id), else the row's account, date, type
            # and subject: a corrected note or participant list updates the interaction.
            if value := c(cells, "external_id"):
                return ("x", *account, value)
            return ("f", *account, *(c(cells, f) for f in ("date", "type", "subject")))
        # contacts
        email = c(cells, "email").casefold()
        if email:
            return (*account, "e", email)
        return (*account, "n", f"{c(cells, 'first_name')} {c(cells, 'last_name')}".casefold())

    def content(self, cells: list[str]) -> tuple:
        return tuple(cells[i].strip() if i < len(cells) else "" for i in sorted(self.idx.values()))


def run_import(
    path: Path,
    options: ImportOptions,
    *,
    user=None,
    on_errors: ErrorSink | None = None,
    on_progress: Progress | None = None,
    on_batch_commit: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Import `path`. Raises ImportFailed (nothing written) when the file or the mapping
    is unusable; otherwise returns the summary, reporting each rejected row through
    `on_errors` (line, column, value, reason) inside the batch's transaction."""
    try:
        fmt = parsing.sniff(
            path,
            encoding=_option_with_preset(options, "encoding"),
            delimiter=_option_with_preset(options, "delimiter"),
        )
    except parsing.FileRejected as exc:
        raise ImportFailed(str(exc)) from None
    # The header is the first row that is not blank (a file may begin with blank lines).
    rows = parsing.read_rows(path, fmt)
    try:
        for line, cells in rows:
            if any(cells):
                header_line, header = line, cells
                break
        else:
            raise ImportFailed(gettext("The file is empty."))
    except parsing.FileRejected as exc:
        raise ImportFailed(str(exc)) from None
    finally:
        rows.close()
    header = [h.strip() for h in header]
    if not any(header):
        raise ImportFailed(gettext("The first row has no column names."))
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise ImportFailed(
            gettext("Column names repeat in the first row: %(names)s.")
            % {"names": ", ".join(duplicates)}
        )
    try:
        mapping = resolve_mapping(
            options.kind, options.preset, header, options.overrides, base=options.mapping
        )
    except MappingError as exc:
        raise ImportFailed(str(exc)) from None
    index = {name: i for i, name in enumerate(header)}
    specs = field_specs(options.kind)
    keys = _Keys(options.kind, mapping, index)
    summary = ImportSummary(kind=options.kind, dry_run=options.dry_run, mapping=mapping)
    summary.detected = {
        "format": fmt.kind,
        "encoding": fmt.encoding,
        "delimiter": {"\t": "tab"}.get(fmt.delimiter, fmt.delimiter),
        "sheet": fmt.sheet,
        "rows_estimate": parsing.estimate_rows(path, fmt),
    }

    # Pass 1: whole-column detection and repeated keys.
    date_fields = [f for f in mapping if specs[f].type in DATE_TYPES]
    number_fields = [f for f in mapping if specs[f].type in NUMBER_TYPES]
    decimal_option = _option_with_preset(options, "decimal")
    date_option = _option_with_preset(options, "date_format")
    date_samples: dict[str, set[str]] = {f: set() for f in date_fields if date_option == "auto"}
    number_shapes: dict[str, set[str]] = {
        f: set() for f in number_fields if decimal_option == "auto"
    }
    # A column of percents ("10", "1", "0") and one of fractions ("0.1", "0.01") are told
    # apart over the whole column, so a 1 % deal is not read as 100 %.
    percent_samples: dict[str, set[str]] = {
        f: set() for f in number_fields if specs[f].type == "percent"
    }
    group_hashes = array("q")
    content_hashes = array("q")
    try:
        for line, cells in parsing.read_rows(path, fmt):
            if line <= header_line or not any(cells):
                continue
            group_hashes.append(hash(keys.group(cells)))
            if keys.by_occurrence:
                content_hashes.append(hash(keys.content(cells)))
            for f, samples in date_samples.items():
                i = index[mapping[f]]
                if (
                    i < len(cells)
                    and (value := cells[i].strip())
                    and len(samples) < MAX_DISTINCT_SAMPLES
                ):
                    samples.add(value)
            for f, samples in percent_samples.items():
                i = index[mapping[f]]
                if (
                    i < len(cells)
                    and (value := cells[i].strip())
                    and len(samples) < MAX_DISTINCT_SAMPLES
                ):
                    samples.add(value)
            for f, shapes in number_shapes.items():
                i = index[mapping[f]]
                if i < len(cells) and (value := cells[i].strip()):
                    shapes.add(_number_shape(value))
    except parsing.FileRejected as exc:
        raise ImportFailed(str(exc)) from None
    decimal_of: dict[str, str] = {}
    for f in number_fields:
        if decimal_option != "auto":
            decimal_of[f] = decimal_option
            continue
        try:
            decimal_of[f] = values.detect_decimal_separator(number_shapes[f])
        except ValueError as exc:
            raise ImportFailed(_column_failed(mapping[f], exc)) from None
    date_of: dict[str, str] = {}
    for f in date_fields:
        if date_option != "auto":
            date_of[f] = date_option
            continue
        if not date_samples[f]:
            date_of[f] = "iso"
            continue
        try:
            date_of[f] = values.detect_date_format(date_samples[f])
        except ValueError as exc:
            raise ImportFailed(_column_failed(mapping[f], exc)) from None
    scale_of = {
        f: values.detect_percent_scale(samples, decimal="," if decimal_of[f] == "," else ".")
        for f, samples in percent_samples.items()
    }
    summary.detected["decimal"] = {mapping[f]: d for f, d in decimal_of.items()}
    summary.detected["date_format"] = {mapping[f]: d for f, d in date_of.items()}
    repeated_groups = _repeated(group_hashes)
    repeated_contents = _repeated(content_hashes)
    del group_hashes, content_hashes, date_samples, number_shapes, percent_samples

    convert = build_converter(
        options.kind,
        header,
        mapping,
        decimal=decimal_of,
        date_format=date_of,
        percent_scale=scale_of,
    )
    ctx = Context(user=user, headers=mapping, dry_run=options.dry_run)
    writer = WRITERS[options.kind]
    first_line_of: dict[tuple, int] = {}  # only keys whose hash repeats
    occurrences: dict[tuple, int] = {}
    parent_links: list[tuple[int, str, str]] = []

    def write(batch: list[Item], errors: list[tuple[int, str, str, str]]) -> None:
        result = writer(ctx, batch, dry_run=options.dry_run) if batch else BatchResult()
        all_errors = errors + result.errors
        summary.created += result.created
        summary.updated += result.updated
        summary.unchanged += result.unchanged
        summary.rejected += len(all_errors)
        summary.revenue_total += result.revenue
        summary.cost_total += result.cost
        if on_errors and all_errors:
            on_errors(sorted(all_errors))
        if on_batch_commit:
            on_batch_commit(summary)

    try:
        batch: list[Item] = []
        errors: list[tuple[int, str, str, str]] = []
        for line, cells in parsing.read_rows(path, fmt):
            if line <= header_line or not any(cells):
                continue
            summary.rows_read += 1
            group = keys.group(cells)
            key = _natural_key(keys, group)
            if keys.by_occurrence:
                content = keys.content(cells)
                if hash(content) in repeated_contents:
                    ckey = ("content", group[0], content)
                    if ckey in first_line_of:
                        errors.append((line, "", "", _duplicate_of(first_line_of[ckey])))
                        continue
                    first_line_of[ckey] = line
                occurrence = 0
                if hash(group) in repeated_groups:
                    occurrence = occurrences.get(group, 0)
                    occurrences[group] = occurrence + 1
                key = (group[0], f"{group[1] if len(group) > 1 else ''}#{occurrence}")
            elif hash(group) in repeated_groups:
                if group in first_line_of:
                    errors.append((line, "", "", _duplicate_of(first_line_of[group])))
                    continue
                first_line_of[group] = line
            try:
                record = convert(cells)
            except RowError as exc:
                errors.append((line, exc.column, exc.value[:500], exc.reason))
                continue
            if options.kind == "accounts" and record.get("parent_external_id"):
                child = record.get("external_id") or record["name"]
                parent_links.append((line, child, record["parent_external_id"]))
            batch.append(Item(line, record, key))
            if len(batch) + len(errors) >= options.batch_size:
                _commit(write, batch, errors, options.dry_run)
                batch, errors = [], []
                if on_progress:
                    on_progress(summary)
        _commit(write, batch, errors, options.dry_run)
        if parent_links:
            link_errors = link_parents(ctx, parent_links, dry_run=options.dry_run)
            if link_errors:
                _commit(write, [], link_errors, options.dry_run)
        if on_progress:
            on_progress(summary)
    except parsing.FileRejected as exc:
        raise ImportFailed(str(exc)) from None
    return summary


def _column_failed(column: str, exc: Exception) -> str:
    return gettext("Column “%(column)s”: %(reason)s") % {"column": column, "reason": exc}


def _duplicate_of(line: int) -> str:
    return gettext("duplicate of line %(line)s") % {"line": line}


def _commit(write, batch, errors, dry_run: bool) -> None:
    """One batch, one transaction (a dry run writes only its report)."""
    if not batch and not errors:
        return
    with transaction.atomic():
        write(batch, errors)


def _natural_key(keys: _Keys, group: tuple) -> tuple[str, str]:
    if keys.kind == "invoices":
        return (group[0], group[1])
    if keys.kind == "opportunities":
        if group[0] == "x":
            return (group[1], "")
        return (values_fingerprint(group), "")
    if keys.kind == "interactions":  # the interaction's source_key
        if group[0] == "x":
            return (group[-1], "")
        return (values_fingerprint(group), "")
    return ("\x1f".join(group), "")


def values_fingerprint(group: tuple) -> str:
    from .kinds import row_fingerprint

    return row_fingerprint(list(group))[:40]


_ZERO_NINE = str.maketrans("0123456789", "0999999999")
_shape_cache: dict[str, str] = {}


def _number_shape(value: str) -> str:
    """`_SHAPE.sub(_digits_shape, value)`, computed once per pattern of zeros and other
    digits (a column of amounts has few such patterns; the cache is bounded)."""
    pattern = value.translate(_ZERO_NINE)
    shape = _shape_cache.get(pattern)
    if shape is None:
        shape = _SHAPE.sub(_digits_shape, pattern)
        if len(_shape_cache) < MAX_DISTINCT_SAMPLES:
            _shape_cache[pattern] = shape
    return shape


def _digits_shape(match: re.Match) -> str:
    # Keep the digit count up to 4 (what tells "1,234" from "1,23") and a lone leading
    # zero (what tells "0,125" as a decimal comma); collapse the rest.
    digits = match.group()
    if digits == "0":
        return "0"
    return "9" * min(len(digits), 4)


def _repeated(hashes: array) -> set[int]:
    """The hash values that occur more than once (numpy sort: O(n log n), 8 bytes/row)."""
    if len(hashes) < 2:
        return set()
    # Sorted in place (the array is not used afterwards) and compared with its neighbour:
    # np.unique would need several copies of the whole array.
    data = np.frombuffer(hashes, dtype=np.int64)
    data.sort()
    repeated = data[1:][data[1:] == data[:-1]]
    del data
    return {int(h) for h in np.unique(repeated)}
