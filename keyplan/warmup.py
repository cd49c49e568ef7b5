"""Heavy libraries loaded once when a web worker starts, never on a request's path.

The potential page forecasts with statsmodels (pandas, numpy, scipy behind it) and the
Excel exports write with openpyxl; imported on first use, they cost the first request of
every worker a second or more (several without compiled bytecode). `keyplan serve` calls
preload() in gunicorn's master before the workers fork (they share the loaded modules),
keyplan.wsgi when a server imports the application. The command line never does: its
commands import what they need when they run, so `keyplan COMMAND --help` stays fast.
"""

from __future__ import annotations

import gc
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


def freeze_heap() -> int:
    """Move everything loaded so far out of the cycle collector's sight (gc.freeze());
    the number of objects frozen. Called right after preload().

    Why: the preloaded libraries are a few hundred thousand long-lived objects, and every
    full collection in a worker walked all of them: one in about ninety requests of the
    My work page, some 300 ms each, which is where the page's slowest responses came
    from. Frozen objects are never collected (they live as long as the process anyway),
    and in gunicorn's master they are also not touched by the forked workers' collector,
    so their memory stays shared. Objects made later (requests, caches) are collected
    as usual."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
