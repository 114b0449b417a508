# ruff: noqa: E501
"""The state-body lexicon (`judge/data/state_bodies.toml`): bodies are recognised by the kind the law
names, private forms of those kinds are not state bodies, and the compiled pattern keeps the
prefilter's fast path. The texts are written for these tests."""

from __future__ import annotations

import re
import tomllib

import pytest
from judgekit import judge_text

from congvu.classify import AddressPolicy
from congvu.judge import lexicon, prefilter, state

STATE = [
    "Phòng Tư pháp huyện Hòa Vang",
    "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI QUẬN CẨM LỆ",
    "Sở Nội vụ tỉnh Quảng Nam",
    "Sở Ngoại vụ thành phố Đà Nẵng",
    "Trạm Y tế xã Hòa Phong",
    "Trung tâm Trợ giúp pháp lý tỉnh Kon Tum",
    "Trung tâm Công tác xã hội tỉnh Quảng Trị",
    "Trung tâm Dịch vụ nông nghiệp huyện Thăng Bình",
    "Trung tâm Văn hóa - Thể thao và Truyền thanh huyện Núi Thành",
    "Trường Phổ thông Dân tộc nội trú huyện Nam Giang",
    "Đài Tiếng nói Việt Nam",
    "Thông tấn xã Việt Nam",
    "Ủy ban Dân tộc",
    "Ngân hàng Chính sách xã hội chi nhánh Quảng Nam",
    "Kiểm toán Nhà nước khu vực III",
    "Công đoàn ngành Y tế",
    "Công đoàn cơ sở Trường THCS Lê Lợi",
    "Công đoàn Ngân hàng Việt Nam",
    "Công đoàn Dầu khí Việt Nam",
    "Tổng LĐLĐ Việt Nam",
    "LĐLĐ tỉnh Quảng Nam",
    "Hội Cựu chiến binh phường Mỹ An",
    "Chi bộ khối phố 3",
    "Tòa án nhân dân quận Sơn Trà",
    "Bộ Tư lệnh Vùng Cảnh sát biển 2",
    "Học viện Chính trị khu vực III",
    "Đại sứ quán Việt Nam tại Nhật Bản",
    "Hạt Kiểm lâm huyện Tây Giang",
    # decision 8: a museum or culture centre named with its territory or the nation
    "Trung tâm Văn hóa quận Liên Chiểu",
    "Trung tâm Giáo dục thường xuyên tỉnh Quảng Nam",
    "Bảo tàng Lịch sử quốc gia",
    "Bảo tàng Phụ nữ Việt Nam",
    "Bảo tàng tỉnh Quảng Nam",
    "Thư viện tỉnh Quảng Ngãi",
    "Viện Nghiên cứu phát triển kinh tế - xã hội Đà Nẵng",
    # decision 9: a hospital named with its territory (a bare province or district name too), the
    # army's, or one of the Ministry of Health's own known by its bare name
    "Bệnh viện Đa khoa tỉnh Quảng Nam",
    "Bệnh viện Đa khoa Gia Lai",
    "BVĐK Tiền Hải",
    "Bệnh viện Sức khỏe tâm thần Hà Tĩnh",
    "Bệnh viện Đa khoa khu vực Tây Nam Nghệ An",
    "Bệnh viện Quân y 17",
    "Bệnh viện 108",
    "Bệnh viện Bạch Mai",
    "Bảo tàng Đà Nẵng",
]
OTHER = [
    "Công ty TNHH Thương mại Minh Phát",
    "Hiệp hội Du lịch Đà Nẵng",
    "Câu lạc bộ Thơ Hòa Khánh",
    "Hợp tác xã Nông nghiệp Hòa Tiến",
    "Trường Mầm non tư thục Hoa Mai",
    "Trường Tiểu học và THCS Quốc tế Việt Úc",
    "Bệnh viện Đa khoa tư nhân An Phúc",
    "Phòng khám Nha khoa Ánh Dương",
    "Văn phòng công chứng Hải Vân",
    "Văn phòng luật sư Minh Tâm",
    "Ngân hàng TMCP Ngoại thương",
    # the state-owned commercial banks by their old names: banks in business (the real corpus'
    # g66-0028, a bank's property centre, was charged to the Ngân hàng Nhà nước named far above)
    "Ngân hàng Công thương Việt Nam",
    "Ngân hàng Nông nghiệp và Phát triển Nông thôn chi nhánh Hòa Vang",
    "Ngân hàng Đầu tư và Phát triển Việt Nam",
    "Đại sứ quán Hàn Quốc",
    # decision 8: kinds private and religious bodies use too, named without a territory
    "Bảo tàng Gốm cổ Sông Hàn",
    "Trung tâm Văn hóa Nghệ thuật Hoa Sen",
    "Trung tâm Giáo dục kỹ năng sống Tuổi Xanh",
    "Hội đồng Giám mục Việt Nam",
    "Tòa Giám mục Đà Nẵng",
    "Giáo xứ Thanh Đức",
    # decision 9: a hospital named bare, or with its location only
    "Bệnh viện Đa khoa Hồng Phúc",
    "Bệnh viện Đồng Tâm",
    "Bệnh viện Hoàn Mỹ tại Đà Nẵng",
    # a Buddhist academy is a religious body's (real corpus g78-0001); a bookshop sells (g79-0001)
    "Viện Phật giáo Việt Nam",
    "Học viện Phật giáo Việt Nam tại Huế",
    "Nhà sách Xuân Thu",
]
# names that fold to a state body's letters but are not one: "Cộng đoàn" (a religious community) is
# "cong doan" like "Công đoàn"; "Học viên" (a trainee) is "hoc vien" like "Học viện"
NEITHER = [
    "Hội Khuyến học phường",
    "Hội đồng thi",
    "Học viên lớp bồi dưỡng",
    "Ban Tổ chức",
    "Cộng đoàn giáo xứ hiệp lời cầu nguyện",
    "Nhà khoa học trẻ tiêu biểu",
    "Thư viện trường",  # a library without its owner's name: whose it is, the text must say
]


@pytest.mark.parametrize("name", STATE)
def test_kinds_the_law_names_are_state_bodies(name: str) -> None:
    assert state.kind_of_name(name) == "state"


@pytest.mark.parametrize("name", OTHER)
def test_enterprises_associations_private_units_and_foreign_bodies_are_not(name: str) -> None:
    assert state.kind_of_name(name) == "other"


@pytest.mark.parametrize("name", NEITHER)
def test_names_that_tell_nothing_stay_unknown(name: str) -> None:
    assert state.kind_of_name(name) is None


def test_every_group_says_what_it_is_and_where_it_comes_from() -> None:
    data = tomllib.loads(lexicon.DATA.read_text(encoding="utf-8"))
    assert len(data["group"]) >= 10
    for group in data["group"]:
        assert group["kind"] in ("state", "other") and group["what"] and group["source"]
    head = lexicon.DATA.read_text(encoding="utf-8")[:6000]
    assert "Licence and provenance" in head and "Hiến pháp 2013" in head and "37/2014/NĐ-CP" in head


def test_a_group_without_a_source_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[group]]\nkind = "state"\nwhat = "x"\nnames = ["ubnd"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="source"):
        lexicon.load(bad)


def test_the_compiled_pattern_keeps_the_prefilter_fast_path() -> None:
    prefixes = prefilter.prefixes_of(state._ORG)
    assert prefixes is not None and len(prefixes) > 50
    # tried only where a body's first word starts: the same matches as the plain search
    text = "Mọi ý kiến gửi về Phòng Tư pháp huyện Hòa Vang hoặc Công ty TNHH Minh Phát; cơ sở dữ liệu của Sở Nội vụ."
    from congvu.judge.text import fold

    folded = fold(text)
    starts = prefilter.Starts(folded)
    got = [m.group(0) for _lo, m in prefilter.finditer(state._ORG, folded, 0, len(folded), starts)]
    assert got == [m.group(0) for m in state._ORG.finditer(folded)]
    assert [g.split()[0] for g in got] == ["phong", "cong", "so"]
    assert re.compile(state._STATE)  # compiles on its own too


def test_a_body_dev_never_named_offers_a_state_contact_point(policy: AddressPolicy) -> None:
    text = (
        "TRUNG TÂM TRỢ GIÚP PHÁP LÝ TỈNH KON TUM\n\n"
        "Thông báo tiếp nhận yêu cầu trợ giúp pháp lý lưu động tại các xã vùng sâu.\n"
        "Người dân có nhu cầu đăng ký qua số điện thoại 0260 3862 123 hoặc thư điện tử: trogiupphaply.kt@gmail.com.\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "violation"
    assert [f.rule for f in j.findings] == ["DOC-001"]


def test_folded_words_of_a_sentence_are_no_unit_named_with_its_territory(policy: AddressPolicy) -> None:
    """ "Bạn muốn đi làm tình nguyện?" folds to "ban muon di lam tinh nguyen": "Ban … tỉnh Nguyên" to
    the pattern of a unit named with its territory, but a territory's own name is capitalised
    (real corpus g78-0009, a pupils' volunteer group's call on a school forum)."""
    text = (
        "Bạn không muốn bỏ phí mùa hè của mình?\nBạn muốn đi làm tình nguyện?\n"
        "Nếu các bạn muốn tham gia, hãy gửi mail đăng kí và sau đó gửi về địa chỉ sau:\n"
        "hstinhnguyen.kl@gmail.com\n"
    )
    (f,) = judge_text(text, policy).findings
    assert f.contact_point and f.rule == "DOC-002", f.reason
    unit = judge_text(text.replace("Bạn muốn đi làm tình nguyện?", "Đội Tình nguyện huyện Hòa Vang"), policy)
    assert unit.findings[0].rule == "DOC-001", unit.findings[0].reason


def test_the_same_notice_from_a_private_clinic_is_review_and_says_why(policy: AddressPolicy) -> None:
    text = (
        "PHÒNG KHÁM ĐA KHOA TƯ NHÂN AN PHÚC\n\n"
        "Thông báo khám sức khỏe miễn phí cho người cao tuổi trong tháng 10.\n"
        "Người dân có nhu cầu đăng ký qua số điện thoại 0235 3862 123 hoặc thư điện tử: phongkhamanphuc@gmail.com.\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and "not recognisably a state body" in f.reason
    assert "PHÒNG KHÁM ĐA KHOA TƯ NHÂN AN PHÚC" in f.reason


def test_a_signature_block_naming_a_unit_with_its_territory_is_the_issuer(policy: AddressPolicy) -> None:
    # no body is named near the contact line; below it the text names an enterprise it is about,
    # and the block that signs is a forest ranger unit of a district: the issuer is a state body
    text = (
        "Thông báo lịch tuần tra, kiểm tra bảo vệ rừng mùa khô năm 2024.\n"
        "Mọi thông tin về cháy rừng, khai thác gỗ trái phép xin gửi về hộp thư: kiemlam.taygiang@gmail.com\n"
        "\n"
        "Thời gian tuần tra: từ ngày 01/4 đến hết ngày 30/6/2024.\n"
        "Địa bàn: các tiểu khu giáp ranh hai xã A Tiêng và Lăng.\n"
        "Lực lượng: cán bộ kiểm lâm địa bàn phối hợp dân quân các xã.\n"
        "Đề nghị Công ty TNHH Lâm sản Tây Giang phối hợp kiểm tra lâm phần được giao.\n"
        "\n"
        "TM. HẠT KIỂM LÂM HUYỆN TÂY GIANG\n"
        "HẠT TRƯỞNG\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "violation"
    assert [f.rule for f in j.findings] == ["DOC-001"]
    swapped = judge_text(
        text.replace("HẠT KIỂM LÂM HUYỆN TÂY GIANG", "CÔNG TY TNHH LÂM SẢN TÂY GIANG"), policy
    )
    assert swapped.verdict == "review"
    assert "CÔNG TY TNHH LÂM SẢN TÂY GIANG" in swapped.findings[0].reason


def _judge_parts(parts: list[tuple[str, str]], policy: AddressPolicy) -> list[tuple[str, str]]:
    from congvu.judge.document import judge
    from congvu.model import Extraction, Segment

    j = judge(Extraction([Segment(text, kind=kind) for kind, text in parts]), policy)
    return [(f.rule, f.reason) for f in j.findings]


def test_a_page_title_names_the_issuer_when_the_contact_line_names_none(policy: AddressPolicy) -> None:
    body = (
        "Thông báo về việc tiếp nhận hồ sơ xét tuyển viên chức năm 2024.\n"
        "Hồ sơ nộp trực tiếp hoặc gửi bản scan về hộp thư: tuyendung2024.hv@gmail.com trước ngày 30/6/2024.\n"
    )
    # a web page: the title and site name are their own part of the document
    state_page = [
        ("meta", "Thông báo tuyển dụng - Trung tâm Dịch vụ nông nghiệp huyện Hòa Vang"),
        ("body", body),
    ]
    ((rule, reason),) = _judge_parts(state_page, policy)
    assert rule == "DOC-001", reason
    private = [("meta", "Tuyển dụng - Công ty Cổ phần Nông sản Hòa Vang"), ("body", body)]
    ((rule, reason),) = _judge_parts(private, policy)
    assert rule == "DOC-002" and "another part of the document" in reason and "Công ty" in reason
    # with no part naming any body, the call stays review
    ((rule, reason),) = _judge_parts([("meta", "Thông báo tuyển dụng"), ("body", body)], policy)
    assert rule == "DOC-002" and "no state body is named near it" in reason


def test_a_block_s_name_line_below_beats_a_body_mentioned_in_prose_above(policy: AddressPolicy) -> None:
    # a page's footer: the e-mail entry opens the publisher's block, whose name line follows it;
    # the line above is a teaser that merely mentions a ministry
    teaser = "Góp ý dự thảo Thông tư hướng dẫn của Bộ Y tế về việc quản lý trang thiết bị…\n"
    block = (
        "Email: banbientap@hiephoiduoc.org.vn / banbientap.hhd@gmail.com\n"
        "HIỆP HỘI DƯỢC LIỆU VIỆT NAM\n"
        "Số 12 Lê Thánh Tông, Hoàn Kiếm, Hà Nội\n"
        "Điện thoại: 024.3825.1234\n"
    )
    j = judge_text(teaser + block, policy)
    (f,) = [f for f in j.findings if f.cls == "public"]
    assert f.rule == "DOC-002" and "HIỆP HỘI DƯỢC LIỆU VIỆT NAM" in f.reason
    # a state body's block reads the same way, and a body heading its own line above still wins
    state_block = block.replace("HIỆP HỘI DƯỢC LIỆU VIỆT NAM", "SỞ Y TẾ TỈNH QUẢNG NAM")
    assert judge_text(teaser + state_block, policy).verdict == "violation"
    # an address inside a sentence is that sentence's, not the block's below it
    sentence = (
        "Giải thưởng do Công ty TNHH Sách Phương Nam tài trợ, mọi thắc mắc liên hệ email: phuongnam.sach@gmail.com\n"
        "Phòng Văn hóa và Thông tin quận Liên Chiểu\n"
        "Điện thoại: 0236 3731 234\n"
    )
    (h,) = judge_text(sentence, policy).findings
    assert h.rule == "DOC-002" and "Công ty TNHH Sách Phương Nam" in h.reason
    # only a mention inside running text yields: a body heading its own line above keeps the block
    assert judge_text("SỞ Y TẾ TỈNH QUẢNG NAM\n" + block, policy).verdict == "violation"


def test_other_parts_a_signature_first_then_a_non_state_body_then_state_bodies(policy: AddressPolicy) -> None:
    body = "Mọi phản ánh về chất lượng nước sinh hoạt xin gửi về hộp thư: phananh.nuocsach@gmail.com\n"
    title = ("meta", "Thông báo - Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh Quảng Nam")
    footer = ("footer", "Bản quyền thuộc Công ty Cổ phần Truyền thông Số Việt")
    signed = ("body", "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n")
    ((rule, reason),) = _judge_parts([title, ("body", body), footer], policy)
    assert rule == "DOC-002" and "Công ty Cổ phần Truyền thông Số Việt" in reason
    ((rule, reason),) = _judge_parts([title, ("body", body), footer, signed], policy)
    assert rule == "DOC-001", reason


def test_a_private_museum_or_a_churchs_library_offering_its_gmail_is_review_not_violation(
    policy: AddressPolicy,
) -> None:
    """Decision 8: "Bảo tàng …" or "Thư viện …" alone does not show a state body; the nearest body
    stops the search (a farther state body named above is not the offerer) and the reason names it."""
    museum = (
        "Sở Văn hóa và Thể thao thành phố vừa công bố lịch các sự kiện tháng 9.\n\n"
        "BẢO TÀNG GỐM CỔ SÔNG HÀN\n"
        "Mọi thắc mắc về việc tham quan theo đoàn, vui lòng liên hệ:\n"
        "Email: baotanggomco.songhan@gmail.com\n"
        "Điện thoại: 0905 123 456\n"
    )
    j = judge_text(museum, policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and "BẢO TÀNG GỐM CỔ SÔNG HÀN" in f.reason
    library = (
        "Thư viện Giáo phận Đà Nẵng mở cửa từ thứ Hai đến thứ Bảy.\n"
        "Mọi thắc mắc, xin liên hệ email: thuviengiaophan.dn@gmail.com\n"
        "Linh mục Giám đốc Thư Viện Giáo Phận Đà Nẵng\n"
    )
    assert judge_text(library, policy).verdict == "review"
    # the same contact line of the city's museum is the state's
    state_museum = museum.replace("BẢO TÀNG GỐM CỔ SÔNG HÀN", "BẢO TÀNG THÀNH PHỐ ĐÀ NẴNG")
    j = judge_text(state_museum, policy)
    assert j.verdict == "violation" and [f.rule for f in j.findings] == ["DOC-001"]


def test_the_places_the_hospital_and_museum_names_use_are_the_official_list() -> None:
    names = lexicon.places()
    assert len(names) > 650 and len(set(names)) == len(names)
    assert {"gia lai", "da nang", "tien hai", "thuy nguyen", "lien chieu", "thua thien hue"} <= set(names)
    assert not any(n.isdigit() or n in ("vinh", "chu") for n in names)  # numbered districts, common words
    head = lexicon.PLACES.read_text(encoding="utf-8")[:2000]
    assert "danhmuchanhchinh.gso.gov.vn" in head and "GPL" in head  # its source, and what was not taken


def test_a_bare_place_list_or_unfolded_name_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "places.toml"
    bad.write_text('provinces = ["Gia Lai"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="folded"):
        lexicon.load(places_path=bad)


def test_a_private_hospital_offering_its_gmail_is_review_a_district_one_is_a_violation(
    policy: AddressPolicy,
) -> None:
    """Decision 9: "Bệnh viện …" named bare does not show a state body, nor does a mailbox called
    "benhvien…"; the same footer of a district's general hospital is the state's."""
    private = (
        "Trung tâm Hỗ trợ sinh sản — Bệnh viện Tâm Phúc\n"
        "Trụ sở: Km 12, Quốc lộ 1A, tỉnh Quảng Nam\n"
        "Hotline: 0905 885 885\n"
        "Liên hệ: benhvientamphuc@gmail.com\n"
    )
    j = judge_text(private, policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and "Bệnh viện Tâm Phúc" in f.reason
    public = private.replace("Bệnh viện Tâm Phúc", "Bệnh viện Đa khoa Thăng Bình")
    j = judge_text(public, policy)
    assert j.verdict == "violation" and [f.rule for f in j.findings] == ["DOC-001"]
    # a place named after a private hospital's name as its location does not make it public
    located = private.replace("Bệnh viện Tâm Phúc", "Bệnh viện Tâm Phúc tại Hội An")
    assert judge_text(located, policy).verdict == "review"


@pytest.mark.parametrize(
    "hall", ["Hội quán Trấn Biên", "Hội trường UBND phường", "Hội chợ Xuân", "Hội diễn văn nghệ"]
)
def test_a_hall_a_fair_or_a_festival_is_no_association(hall: str) -> None:
    assert state.kind_of_name(hall) != "other"


def test_a_state_centre_s_contest_at_a_hall_is_charged_to_the_centre(policy: AddressPolicy) -> None:
    """A hall ("Hội quán") named between the address and the body is a place, not an association
    whose name would stop the search for the organiser."""
    text = (
        "Sáng 25-11, tại Hội quán Trấn Biên, Trung tâm Văn hóa tỉnh Đồng Nai đã phát động cuộc thi ảnh đẹp.\n"
        "Tác phẩm dự thi gửi về Trung tâm Văn hóa tỉnh Đồng Nai, phường Bửu Long. Tại Hội quán Trấn Biên cũng trưng bày ảnh. "
        "Mọi thông tin liên hệ qua số điện thoại 0613.951991 hoặc email: ttvanhoadongnai@gmail.com.\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "violation", [f.reason for f in j.findings]


def test_a_state_owned_bank_s_centre_is_not_charged_to_the_central_bank(policy: AddressPolicy) -> None:
    """The central bank named in the story's first lines is not the body of a contact block that a
    state-owned commercial bank's centre signs at the end (2004-2006 news shape, real corpus g66-0028)."""
    text = (
        "Được sự cho phép của Thống đốc Ngân hàng Nhà nước Việt Nam, Ngân hàng Công thương Việt Nam "
        "thành lập Trung tâm dịch vụ nhà đất tại Đà Nẵng, chính thức hoạt động từ ngày 15/4.\n"
        "Trung tâm nhận ký gửi, mua bán nhà đất và cho vay mua nhà với lãi suất ưu đãi cho khách hàng.\n"
        "Trung tâm dịch vụ nhà đất - Ngân hàng Công thương chi nhánh Đà Nẵng. Địa chỉ: 172 Nguyễn Văn Linh, "
        "Đà Nẵng. ĐT: 0236 3821 234, Fax: 0236 3821 235. Email: nhadat.icb@dng.vnn.vn\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and "Ngân hàng Công thương" in f.reason


def test_the_body_a_contact_line_opens_with_offers_its_address_not_the_building_or_a_body_above(
    policy: AddressPolicy,
) -> None:
    """ "Liên hệ: <a centre of an association>: Tầng 2, <a state school, its premises>, … Email: X":
    the centre offers X. Neither the school it sits in nor a ministry the story named above does
    (2004-2006 news shape, real corpus g66-0029)."""
    text = (
        "Bộ Giáo dục và Đào tạo vừa công nhận văn bằng của chương trình thạc sĩ liên kết.\n"
        "Học viên học tại Hà Nội và TP HCM, nhận hồ sơ đến ngày 14/5.\n"
        "Liên hệ: Trung tâm Tư vấn du học Ánh Dương - Hội Khuyến học thành phố: Tầng 2, Trường Bồi dưỡng "
        "Cán bộ Giáo dục, 67B Cửa Bắc, Ba Đình. Tel: 024 3734 2846, Email: tuvanduhoc.anhduong@gmail.com\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "review"
    (f,) = j.findings
    assert f.rule == "DOC-002" and "Trung tâm Tư vấn du học Ánh Dương" in f.reason


def test_a_state_body_named_on_the_contact_line_still_offers_it(policy: AddressPolicy) -> None:
    text = (
        "Thông báo tuyển sinh lớp bồi dưỡng nghiệp vụ văn thư năm 2025.\n"
        "Liên hệ: Trung tâm Văn hóa quận Liên Chiểu: Tầng 2, 525 Tôn Đức Thắng. ĐT: 0236 3842 123, "
        "Email: ttvh.lienchieu@gmail.com\n"
    )
    j = judge_text(text, policy)
    assert j.verdict == "violation"
    assert [f.rule for f in j.findings] == ["DOC-001"]
