"""What the plan API's schemas share.

No `from __future__ import annotations`: pydantic and ninja need the real types.
"""

TEXT = 20_000  # the longest text a plan or item field takes
