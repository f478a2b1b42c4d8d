"""The case log: SQLite store with migrations, follow-up policy, reports."""
