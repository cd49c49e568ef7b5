"""Home by role (issue #18): what "/" shows each internal user."""
