"""The inspectors' web app and the e-office API: a thin shell over the register and the scan.

`create_app(store, config)` builds the FastAPI application; pages (HTML for people) and the API
(JSON for systems) are separate routers, as Healthchecks splits its apps by audience.

`create_app` is imported on first use, so that importing a module of the web layer does not pull in
FastAPI and the page templates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from congvu.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from congvu.web.app import create_app

        return create_app
    raise AttributeError(name)
