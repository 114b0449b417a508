"""Postfix and Zimbra mail logs: parse, reassemble per queue id, apply the mail rules, resume.

`ingest(paths, index, policy, checkpoints=…)` is the entry point; `parse_logs` alone is what the
benchmark times (parsing and reassembly).  See docs/mail-logs.md.
"""

from congvu.mailflow.logs.ingest import IngestResult, ingest, mail_events, parse_logs

__all__ = ["IngestResult", "ingest", "mail_events", "parse_logs"]
