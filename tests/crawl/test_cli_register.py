"""`congvu crawl` end to end: JSON contract, exit codes, site → unit mapping, WEB-001 in the register.

The register part runs on SQLite and, when it answers, on PostgreSQL (a fresh schema per test).
"""

from __future__ import annotations

import json
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sitekit import DOCX_CONTACT, PDF_CONTACT, PUBLIC_CONTACT, Site
from typer.testing import CliRunner

from congvu.cli import app
from congvu.register.schema import metadata, sites, web_pages
from congvu.register.store import open_store

PG_URL = os.environ.get("CONGVU_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
ENV = {
    "CONGVU_CRAWL_DELAY_MS": "0",
    "CONGVU_CRAWL_CONTACT": "mailto:kiemtra@lienchieu.danang.gov.vn",
    "CONGVU_CRAWL_MAX_PAGE_MB": "1",
    "CONGVU_OCR_ENABLED": "0",
    "CONGVU_USER": "Lê Quốc Khánh",
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.stdout


@pytest.fixture
def db(example_register: str) -> str:
    return example_register


def test_json_contract_and_exit_code_one_for_a_violation(site: Site) -> None:
    code, out = run("crawl", site.url("/"), "--format", "json")
    assert code == 1
    data = json.loads(out)
    first = data["pages"][0]
    assert {"url", "status", "error", "verdict", "findings"} <= set(first)
    assert len(data["pages"]) == 9 and data["skipped"][0]["reason"] == "excluded by robots.txt"
    assert all("unit" not in p for p in data["pages"])  # no register given: owner unknown


def test_exit_three_when_a_page_is_unreadable_and_nothing_is_a_violation(site: Site) -> None:
    assert run("crawl", site.url("/tin-cu.html"), "--format", "csv")[0] == 3
    assert run("crawl", site.url("/gioi-thieu.html"))[0] == 0
    assert run("crawl", "ftp://lienchieu.danang.gov.vn/")[0] == 2
    assert run("crawl", site.url("/"), "--format", "xml")[0] == 2


def test_record_makes_web_violations_against_the_site_owner(site: Site, db: str) -> None:
    assert run("sites", "add", "127.0.0.1", "--unit", "HM", "--db", db)[0] == 0
    code, out = run("crawl", site.url("/"), "--format", "json", "--record", "--db", db)
    assert code == 1
    pages = {p["url"].removeprefix(site.base): p for p in json.loads(out)["pages"]}
    assert pages["/lien-he.html"]["unit"] == "HM"
    assert {f["unit"] for p in pages.values() for f in p["findings"]} == {"HM"}
    code, out = run("violations", "list", "--format", "json", "--db", db)
    listed = json.loads(out)["violations"]
    web = [v for v in listed if v["rule"] == "WEB-001"]
    assert sorted(a for v in web for a in v["evidence"]["addresses"]) == sorted(
        [PUBLIC_CONTACT, PDF_CONTACT, DOCX_CONTACT]
    )
    assert {(v["status"], v["unit"]) for v in web} == {("pending", "HM")}
    store = open_store(db)
    with store.begin() as conn:
        review = conn.execute(sa.text("SELECT count(*) FROM findings WHERE rule = 'DOC-002'")).scalar_one()
        recorded = conn.execute(sa.select(sa.func.count()).select_from(web_pages)).scalar_one()
        owners = set(conn.execute(sa.select(web_pages.c.unit_id).distinct()).scalars())
    store.dispose()
    assert review == 2 and recorded == 6 and len(owners) == 1  # 6 readable pages; 3 errors are not pages
    # a second crawl of the unchanged site adds nothing
    run("crawl", site.url("/"), "--format", "json", "--record", "--db", db)
    again = json.loads(run("violations", "list", "--format", "json", "--db", db)[1])["violations"]
    assert len(again) == len(listed)


def test_sites_mapping_longest_prefix_and_unknown_unit(db: str) -> None:
    assert run("sites", "add", "lienchieu.danang.gov.vn", "--unit", "LC", "--db", db)[0] == 0
    ward = "https://www.lienchieu.danang.gov.vn/phuong-hoa-minh"
    assert run("sites", "add", ward, "--unit", "HM", "--db", db)[0] == 0
    assert run("sites", "add", "lienchieu.danang.gov.vn", "--unit", "KHONG-CO", "--db", db)[0] == 1
    listed = json.loads(run("sites", "list", "--format", "json", "--db", db)[1])["sites"]
    assert [(s["host"], s["path_prefix"], s["unit"]) for s in listed] == [
        ("lienchieu.danang.gov.vn", "/", "LC"),
        ("lienchieu.danang.gov.vn", "/phuong-hoa-minh/", "HM"),
    ]
    from congvu.register.sites import SiteIndex

    store = open_store(db)
    with store.begin() as conn:
        index = SiteIndex.load(conn)
    store.dispose()
    owner = index.site_for
    assert owner("http://lienchieu.danang.gov.vn/phuong-hoa-minh/lien-he.html").unit_code == "HM"  # type: ignore[union-attr]
    assert owner("http://vhtt.lienchieu.danang.gov.vn/").unit_code == "LC"  # type: ignore[union-attr]
    assert owner("http://danang.gov.vn/") is None
    assert run("sites", "remove", "lienchieu.danang.gov.vn/phuong-hoa-minh", "--db", db)[0] == 0


def test_migration_creates_the_site_tables_the_code_uses(db: str) -> None:
    store = open_store(db)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    store.dispose()
    mine = {sites.name, web_pages.name}
    assert [d for d in diff if getattr(d[1], "name", None) in mine] == []


def test_recorded_web_findings_keep_the_policy_version(site: Site, db: str) -> None:
    from congvu.policyversion import policy_version
    from congvu.register.schema import findings, violations
    from congvu.settings import load_config

    assert run("sites", "add", "127.0.0.1", "--unit", "HM", "--db", db)[0] == 0
    assert run("crawl", site.url("/lien-he.html"), "--format", "json", "--record", "--db", db)[0] == 1
    store = open_store(db)
    with store.begin() as conn:
        stamps = set(conn.execute(sa.select(findings.c.policy)).scalars())
        cases = set(conn.execute(sa.select(violations.c.policy)).scalars())
    store.dispose()
    assert stamps == cases == {policy_version(load_config(environ=ENV)).hash}
