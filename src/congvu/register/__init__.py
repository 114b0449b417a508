"""The register: the directory, documents, findings, violations, decisions, the audit trail and
evaluations, stored in SQLite or PostgreSQL (`store`), with every table in `schema`."""
