"""Heavy libraries loaded once when a web worker starts, never on a request's path.

The potential page forecasts with statsmodels (pandas, numpy, scipy behind it) and the
Excel exports write with openpyxl; imported on first use, they cost the first request of
every worker a second or more (several without compiled bytecode). `keyplan serve` calls
preload() in gunicorn's master before the workers fork (they share the loaded modules),
keyplan.wsgi when a server imports the application. The command line never does: its
commands import what they need when they run, so `keyplan COMMAND --help` stays fast.
"""

from __future__ import annotations

import importlib
import logging

logger = logging.getLogger(__name__)

# What a page may need, most expensive first.
HEAVY_MODULES = (
    "statsmodels.tsa.exponential_smoothing.ets",
    "pandas",
    "numpy",
    "openpyxl",
)


def preload(modules: tuple[str, ...] = HEAVY_MODULES) -> list[str]:
    """Import `modules` now; the ones that loaded. A module that fails to import is logged
    and skipped: the page that needs it reports the error when it is used, as before."""
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # pragma: no cover - a broken optional install
            logger.exception("could not preload %s", name)
        else:
            loaded.append(name)
    return loaded
