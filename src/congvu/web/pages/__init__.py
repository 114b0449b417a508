"""The HTML pages, one router per subject; this list is the one place that says which exist."""

from __future__ import annotations

from fastapi import APIRouter

from congvu.web.pages import (
    accounts,
    audit,
    check,
    directory,
    login,
    overview,
    people,
    reminders,
    report,
    review,
    review_items,
    settings,
    sheet,
    units,
    violations,
)

ROUTERS: tuple[APIRouter, ...] = (
    login.router,
    overview.router,
    units.router,
    people.router,
    violations.router,
    review_items.router,
    review.router,
    reminders.router,
    check.router,
    sheet.router,
    report.router,
    directory.router,
    accounts.router,
    settings.router,
    audit.router,
)
