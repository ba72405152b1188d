from indicators import admin_goal  # noqa: F401  (the goal definition's admin; kept in its own module)
