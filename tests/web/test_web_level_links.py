"""The overview drawn at a level links each rolled-up row to the cases of its whole subtree.

A district's row at the city's level counts its wards' cases (queries.per_unit), so its link must
list those cases too, not only the few charged to the district's own people (issue 13, point 3)."""

from __future__ import annotations

import re

import test_web_levels as levels

MONTH = levels.MONTH
city, as_user = levels.city, levels.as_user  # the fixtures: the city above two districts, a login


def _link_and_total(html: str, name: str) -> tuple[str, int]:
    found = re.search(rf'>{re.escape(name)}</a>.*?</td><td class="num">\d+</td>\s*'
                      r'<td class="num"><a href="([^"]+)">(\d+)</a>', html, re.S)  # fmt: skip
    assert found, name
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def _listed(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/violations/(\d+)[?"]', html)}


def test_a_district_row_links_to_its_whole_subtree(city: dict[str, int], as_user: object) -> None:
    client = as_user("huypq")  # type: ignore[operator]  # the city's inspector
    at_city = client.get(f"/?month={MONTH}&level=DN").text
    link, total = _link_and_total(at_city, "UBND quận Liên Chiểu")
    assert "under=LC" in link and "unit=" not in link
    listing = client.get(link).text
    assert total > 1 and len(_listed(listing)) == total  # the wards' cases are in the list
    assert city["27/TB-UBND"] in _listed(listing) and city["TK"] not in _listed(listing)
    assert "Đơn vị và các đơn vị trực thuộc: LC" in listing  # the filter is shown and can be removed
    tk_link, tk_total = _link_and_total(at_city, "UBND quận Thanh Khê")
    assert _listed(client.get(tk_link).text) == {city["TK"]} and tk_total == 1
    # by status too, and the level's own row keeps the exact unit (its own people only)
    confirmed = client.get(f"/violations?month={MONTH}&under=TK&status=confirmed").text
    assert _listed(confirmed) == {city["TK"]}
    own, _ = _link_and_total(at_city, "UBND thành phố Đà Nẵng")
    assert "unit=DN" in own


def test_the_subtree_filter_stays_within_the_scope(city: dict[str, int], as_user: object) -> None:
    client = as_user("tuannm")  # Thanh Khê's inspector asks for Liên Chiểu's subtree
    assert _listed(client.get(f"/violations?month={MONTH}&under=LC").text) == set()
    assert _listed(client.get(f"/violations?month={MONTH}&under=TK").text) == {city["TK"]}
