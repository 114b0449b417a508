"""Where the mail-log ingester remembers how far it read (migration 0003_mail_logs).

One checkpoint per log file (by first-line fingerprint, with the path and inode it was last seen
under) and the messages whose lines are not all read yet, so that a message whose `from=` was in
yesterday's run still gets today's `to=`."""

from __future__ import annotations

import sqlalchemy as sa

from congvu.register.schema.base import TZ, metadata

mail_log_checkpoints = sa.Table(
    "mail_log_checkpoints",
    metadata,
    sa.Column("fingerprint", sa.String(64), primary_key=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("inode", sa.BigInteger, nullable=False),
    sa.Column("offset", sa.BigInteger, nullable=False),
    sa.Column("lines", sa.BigInteger, nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
)


mail_log_pending = sa.Table(
    "mail_log_pending",
    metadata,
    sa.Column("queue_key", sa.String(200), primary_key=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
)
