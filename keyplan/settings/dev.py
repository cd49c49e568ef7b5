"""The embedded default: SQLite in the data dir, served locally by `keyplan serve`."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("KEYPLAN_DEBUG", False)
