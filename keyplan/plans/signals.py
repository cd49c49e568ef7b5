"""What the plans app announces to the apps above it (dependencies point one way: plans
does not know who listens).

`action_assigned(sender=Action, action=..., by=...)`: an action was saved with an owner
that is new to it (created with one, or given another). Sent inside the saving
transaction; keyplan.execution notifies the owner.
"""

from __future__ import annotations

from django.dispatch import Signal

action_assigned = Signal()
