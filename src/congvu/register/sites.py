"""Which unit owns which website: the directory's site → unit mapping, and the pages seen on them.

A public mailbox on `hoaminh.lienchieu.danang.gov.vn` is the ward committee's violation, not the
district's; an entry is a host (its subdomains included) and an optional path prefix, because one
portal often hosts several units (`danang.gov.vn/web/lienchieu`).  The longest match wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from congvu.register import audit
from congvu.register.schema import sites, units
from congvu.register.store import Store


class SiteError(ValueError):
    """A site mapping that cannot be stored (unknown unit, not a web address)."""


def split_site(raw: str) -> tuple[str, str]:
    """(host, path prefix) from what a person types: `lienchieu.danang.gov.vn/vi/` or a full URL."""
    text = raw.strip()
    parts = urlsplit(text if "://" in text else f"http://{text}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise SiteError(f"not a website address: {raw!r}")
    if host.startswith("www."):
        host = host[4:]
    prefix = parts.path or "/"
    return host, prefix if prefix.endswith("/") else prefix + "/"


@dataclass(frozen=True, slots=True)
class Site:
    host: str
    path_prefix: str
    unit_id: int
    unit_code: str


@dataclass
class SiteIndex:
    """All mappings, loaded once per crawl or recording run."""

    entries: list[Site]

    @classmethod
    def load(cls, conn: Connection) -> SiteIndex:
        query = sa.select(sites.c.host, sites.c.path_prefix, sites.c.unit_id, units.c.code).join(
            units, units.c.id == sites.c.unit_id
        )
        return cls([Site(r.host, r.path_prefix, r.unit_id, r.code) for r in conn.execute(query)])

    def site_for(self, url: str) -> Site | None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        path = (parts.path or "/") if (parts.path or "/").endswith("/") else (parts.path or "/") + "/"
        best: Site | None = None
        for site in self.entries:
            if not (host == site.host or host.endswith("." + site.host)) or not path.startswith(
                site.path_prefix
            ):
                continue
            if best is None or (len(site.host), len(site.path_prefix)) > (
                len(best.host),
                len(best.path_prefix),
            ):
                best = site
        return best

    def annotate(self, pages: list[dict[str, Any]]) -> None:
        """Name on each crawled page, and on its findings, the unit that owns its site (None: no unit)."""
        for page in pages:
            site = self.site_for(page["url"])
            page["unit"] = site.unit_code if site else None
            for finding in page.get("findings") or []:
                finding["unit"] = page["unit"]


def set_site(store: Store, raw: str, unit_code: str, who: str) -> Site:
    """Map a website to a unit (re-mapping an existing site moves it); audited."""
    host, prefix = split_site(raw)

    def work(conn: Connection) -> Site:
        unit = conn.execute(sa.select(units.c.id).where(units.c.code == unit_code)).first()
        if unit is None:
            raise SiteError(f"unknown unit {unit_code!r}")
        where = sa.and_(sites.c.host == host, sites.c.path_prefix == prefix)
        before = conn.execute(
            sa.select(units.c.code).select_from(sites.join(units, units.c.id == sites.c.unit_id)).where(where)
        ).scalar()
        if before is None:
            conn.execute(
                sites.insert().values(host=host, path_prefix=prefix, unit_id=unit.id, added_at=store.clock())
            )
        else:
            conn.execute(sites.update().where(where).values(unit_id=unit.id))
        audit.append(
            conn,
            store.clock(),
            [
                audit.Event(
                    who,
                    "site.mapped",
                    "site",
                    host + prefix,
                    None if before is None else {"unit": before},
                    {"unit": unit_code},
                )
            ],
        )
        return Site(host, prefix, unit.id, unit_code)

    return store.run(work)


def remove_site(store: Store, raw: str, who: str) -> None:
    host, prefix = split_site(raw)

    def work(conn: Connection) -> None:
        where = sa.and_(sites.c.host == host, sites.c.path_prefix == prefix)
        if conn.execute(sites.delete().where(where)).rowcount == 0:
            raise SiteError(f"no site {host}{prefix} in the directory")
        audit.append(conn, store.clock(), [audit.Event(who, "site.unmapped", "site", host + prefix)])

    store.run(work)


def list_sites(conn: Connection) -> list[dict[str, Any]]:
    query = (
        sa.select(
            sites.c.host, sites.c.path_prefix, units.c.code.label("unit"), units.c.name.label("unit_name")
        )
        .join(units, units.c.id == sites.c.unit_id)
        .order_by(sites.c.host, sites.c.path_prefix)
    )
    return [dict(r) for r in conn.execute(query).mappings()]
