"""Find anything (issue #18): one search over accounts, contacts, actions, plans and
competitors under the one access rule, and the recent items of the session."""
