"""The P&L of a group of accounts: a top parent and its descendants (issue #16)."""
