"""Reminders (đôn đốc, nhắc nhở) for confirmed violations, by e-mail to official addresses only.

Kept import-light: the Alembic migration imports `congvu.notify.schema` through this package.
"""
