"""The JSON API for e-office systems (versioned under /api/v1, documented at /api/docs)."""
