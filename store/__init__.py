"""SQLite persistence (through sqlite-utils): the only package that touches the database."""
