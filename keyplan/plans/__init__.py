"""Account plans (SPEC §3, §6.1): one living, versioned plan per key account and period,
made of structured items in nine sections, with its completeness, goal progress, revenue
forecast and action plan.

One package per feature, each with the role files it needs (domain.py pure rules,
services.py writes, selectors.py reads, views.py, forms.py, api.py, schemas.py):

- versions/: the plan itself: create, change, submit, return, approve, revise, review,
  delete; two versions compared item by item; the history; the print view.
- items/: the items of the nine sections: add, change (with the conflict check),
  delete, restore; their forms and their API (five endpoints per kind).
- workspace/: the plan page: one tab per section, items edited inline (htmx).
- completeness/: the steps of the planning process, done or not, and the score.
- goals/: goal progress, measured from the sales data.
- forecast/: the statistical forecast of revenue beside the potential section.
- actions/: my actions across plans; an account's actions that need attention.
- common/: what the features share (saving with history and the state checks; the
  date widget and the conflict field; the API's text limit).

At the app level: models/ (the plan, the items, their choices), access.py (who may see,
change, approve and delete plans and items; the flags the pages show), signals.py
(action_assigned, for the apps above), urls.py (the `plans:` pages), admin and the
account card's template tags.
"""
