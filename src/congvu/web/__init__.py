"""The inspectors' web app and the e-office API: a thin shell over the register and the scan.

`create_app(store, config)` builds the FastAPI application; pages (HTML for people) and the API
(JSON for systems) are separate routers, as Healthchecks splits its apps by audience.
"""

from congvu.web.app import create_app

__all__ = ["create_app"]
