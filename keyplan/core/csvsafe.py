"""Cells written to CSV/XLSX exports.

- A character XML cannot hold (C0 controls but tab, LF and CR) is dropped: openpyxl
  raises IllegalCharacterError on one, so a single account name holding one, stored
  before such text was refused at the door, would make every export it is in fail.
  CSV drops them too, so that both files say the same.
- A leading =, +, -, @, tab or CR makes spreadsheet programs evaluate the cell as a
  formula (CSV injection), so such text is prefixed with '.
"""

from .text import xml_safe

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str):
        value = xml_safe(value)
        if value.startswith(DANGEROUS_PREFIXES):
            return "'" + value
    return value
