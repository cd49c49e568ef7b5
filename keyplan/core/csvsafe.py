"""Cells written to CSV/XLSX exports: a leading =, +, -, @, tab or CR makes spreadsheet
programs evaluate the cell as a formula (CSV injection), so such text is prefixed with '."""

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value
