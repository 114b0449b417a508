"""Alembic environment: always online, on the connection the application hands over.

The application runs migrations itself (`congvu.register.store.migrate`), so there is no
alembic.ini and no URL here: the connection comes in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context

from congvu.register.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
