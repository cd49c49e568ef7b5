"""keyplan's own date formats (FORMAT_MODULE_PATH), one per language.

One date format per language: DATE_FORMAT and SHORT_DATE_FORMAT are the same, so a date
printed raw (`{{ day }}`), with `|date`, `|date:"SHORT_DATE_FORMAT"` or `date_format()`
reads alike on every page and in e-mails. Date inputs get ISO first (what
`<input type="date">` sends and shows); what Django's own locale accepts still parses.
Anything not set here comes from Django's locale.
"""
