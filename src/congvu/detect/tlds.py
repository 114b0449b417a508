"""The top-level domains an address may end in.

A compact, hand-kept list rather than the full IANA root zone (1,400+ names, many of them
ordinary English words such as `meet` or `hall`): obfuscated forms like `ten at hall dot five`
are only believable when they end in a TLD people really use for mail. The cost is that an
address at a rare new gTLD (`.cooking`) is missed; add it here when one turns up.
Facts (the ISO 3166-1 country codes delegated in the root zone) are public data.
"""

from __future__ import annotations

_GENERIC_WORDS = """
    com net org edu gov mil int info biz name pro mobi asia tel travel jobs aero coop museum cat
    app dev ai xyz online site tech store shop cloud email top club vip live news blog page space
    website link click one today world life group media center company solutions digital network
    """
GENERIC = frozenset(_GENERIC_WORDS.split())

_COUNTRY_WORDS = """
    ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt
    bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er
    es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht
    hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr
    ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng
    ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd
    se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw
    tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
    """
COUNTRY = frozenset(_COUNTRY_WORDS.split())

TLDS = GENERIC | COUNTRY
_LONGEST = max(len(t) for t in TLDS)


def is_tld(label: str) -> bool:
    """True when `label` (lowercase ASCII) is a TLD we accept."""
    return label in TLDS


def longest_tld_prefix(label: str) -> str | None:
    """The longest accepted TLD that `label` starts with.

    Used when a Vietnamese word is glued to the end of an address (`gmail.comvề`): the
    ASCII run `comv` is cut back to `com`.
    """
    for n in range(min(len(label), _LONGEST), 1, -1):
        if label[:n] in TLDS:
            return label[:n]
    return None
