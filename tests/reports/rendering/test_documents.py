"""CMR draft as DOCX, PDF and HTML: the same outline, footers, annex, escaping."""

from __future__ import annotations

import io

import docx
import pytest
from pypdf import PdfReader

from reports.rendering.cmr_docx import cmr_docx
from reports.rendering.cmr_html import cmr_html
from reports.rendering.cmr_pdf import cmr_pdf, fonts
from reports.texts import sections_build
from tests.reports.rendering.helpers import big_report, sample_profile, sample_report

FOOTER = (
    "Example Devices Inc. · Form SD and Conflict Minerals Report 2024 · version v2 · "
    "status in review"
)
HEADINGS = [
    ("Title", "FORM SD"),
    (
        "Subtitle",
        "Specialized Disclosure Report of Example Devices Inc. for the reporting period from 2024-01-01 to 2024-12-31",
    ),
    ("Heading 2", "Registrant"),
    ("Heading 1", "Section 1: Conflict Minerals Disclosure"),
    ("Heading 2", "Item 1.01 Conflict Minerals Disclosure and Report"),
    ("Heading 2", "Reasonable Country of Origin Inquiry"),
    ("Heading 2", "Results of the Reasonable Country of Origin Inquiry"),
    ("Heading 2", "Item 1.02 Exhibit"),
    ("Heading 1", "Section 3: Exhibits"),
    ("Heading 2", "Item 3.01 Exhibits"),
    ("Heading 2", "Signature"),
    ("Title", "Exhibit 1.01"),
    (
        "Subtitle",
        "Conflict Minerals Report of Example Devices Inc. for the reporting period from 2024-01-01 to 2024-12-31",
    ),
    ("Heading 2", "Introduction"),
    ("Heading 2", "Due diligence framework"),
    ("Heading 2", "Step 1: Establish strong company management systems"),
    ("Heading 2", "Step 2: Identify and assess risks in the supply chain"),
    ("Heading 2", "Step 3: Design and implement a strategy to respond to identified risks"),
    (
        "Heading 2",
        "Step 4: Carry out independent third-party audit of smelter/refiner due diligence practices",
    ),
    ("Heading 2", "Step 5: Report annually on supply chain due diligence"),
    ("Heading 2", "Due diligence results"),
    ("Caption", "Table 1: Reasonable country of origin inquiry figures"),
    ("Heading 2", "Efforts to determine the mine or location of origin"),
    ("Heading 2", "Steps to mitigate risk and future steps"),
    ("Heading 2", "Independent private sector audit"),
    ("Heading 2", "Forward-looking statements"),
    ("Heading 2", "Annex I: Smelters and refiners reported by suppliers"),
]
ANNEX = [
    ("Metal", "Smelter or refiner", "Smelter ID", "Country", "RMAP status"),
    ("Tantalum", "Global Advanced Metals Aizu", "CID002558", "Japan", "Active"),
    ("Tin", "Malaysia Smelting Corporation (MSC)", "CID001105", "Malaysia", "Not conformant"),
    ("Tin", "Thaisarco", "CID001898", "Thailand", "Conformant"),
    ("Gold", "Asahi Pretec Corp.", "CID000015", "Japan", "Conformant"),
    ("Gold", "Metalor Technologies S.A.", "CID001153", "Switzerland", "Conformant"),
    ("Tungsten", "Wolfram Bergbau und Hutten AG", "CID000966", "Austria", "Not listed"),
]


def _render(renderer, report=None, profile=None, overrides=None):
    report = report or sample_report()
    profile = profile or sample_profile()
    sections = sections_build(report, profile, overrides or {})
    return renderer(report, profile, sections, version_label="v2", status_label="in review")


def _docx(**kwargs) -> docx.document.Document:
    return docx.Document(io.BytesIO(_render(cmr_docx, **kwargs)))


def _styled(document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title", "Subtitle", "Caption"))
    ]


# --- DOCX ----------------------------------------------------------------------------------


def test_docx_headings_exact_and_in_order():
    assert _styled(_docx()) == HEADINGS


def test_docx_paragraphs_of_the_rcoi_result_in_order():
    texts = [p.text for p in _docx().paragraphs]
    start = texts.index("Results of the Reasonable Country of Origin Inquiry")
    assert texts[start + 1 : start + 8] == [
        "5 of the 7 suppliers in scope responded, a response rate of 71.4%.",
        "Responses accepted after review: 1",
        "Suppliers that declined: 1",
        "Responses with errors, raised with the supplier: 2",
        "Responses indicating possible sourcing from the Covered Countries or other conflict-affected and high-risk areas: 2",
        "Smelters and refiners named by suppliers: 6, of which RMAP Conformant: 3 and RMAP Active: 1",
        "Based on the RCOI, Example Devices Inc. has reason to believe that a portion of the necessary conflict minerals in its products may have originated in the Covered Countries and may not be from recycled or scrap sources. Example Devices Inc. has therefore exercised due diligence on the source and chain of custody of those conflict minerals and files a Conflict Minerals Report as Exhibit 1.01.",
    ]
    styles = [p.style.name for p in _docx().paragraphs][start + 1 : start + 8]
    assert styles == ["Normal"] + ["List Bullet"] * 5 + ["Normal"]


def test_docx_figures_and_annex_tables():
    document = _docx()
    figures, annex = document.tables
    rows = [tuple(c.text for c in row.cells) for row in figures.rows]
    assert rows[0] == ("Figure", "Value")
    assert ("Suppliers in scope", "7") in rows
    assert ("Response rate", "71.4%") in rows
    assert ("Late or overdue", "4") in rows
    assert ("RMAP status: Not listed", "1") in rows
    assert [tuple(c.text for c in row.cells) for row in annex.rows] == ANNEX


def test_docx_footer_has_version_status_and_page_field():
    document = _docx()
    footer = document.sections[0].footer
    assert footer.paragraphs[0].text.startswith(FOOTER + " · page ")
    assert 'w:instr="PAGE"' in footer._element.xml
    assert len(document.sections) == 1  # one section: the footer is on every page


def test_docx_override_and_control_characters():
    document = _docx(
        profile=sample_profile(name='=HYPERLINK("http://x")\x01 KK'),
        overrides={"cmr_ipsa": "Edited by counsel for {company}."},
    )
    texts = [p.text for p in document.paragraphs]
    ipsa = texts.index("Independent private sector audit")
    assert texts[ipsa + 1] == 'Edited by counsel for =HYPERLINK("http://x") KK.'


# --- PDF -----------------------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_pdf_text_footer_on_every_page_and_annex():
    pdf = _render(cmr_pdf)
    assert pdf.startswith(b"%PDF-")
    pages = _pdf_pages(pdf)
    assert len(pages) >= 4
    for number, text in enumerate(pages, 1):
        assert f"{FOOTER} · page {number}" in _flat(text)
    everything = _flat(" ".join(pages))
    for _, heading in HEADINGS:
        assert heading in everything
    assert "5 of the 7 suppliers in scope responded, a response rate of 71.4%." in everything
    for row in ANNEX:
        for cell in row:
            assert cell in everything
    assert everything.index("Exhibit 1.01 Conflict Minerals Report of") > everything.index(
        "Signature"
    )


def test_pdf_big_annex_runs_over_pages_with_header_repeated():
    pages = _pdf_pages(_render(cmr_pdf, report=big_report(300)))
    annex_pages = [t for t in pages if "CID000" in t]
    assert len(annex_pages) >= 5
    for text in annex_pages:
        assert "Smelter or refiner" in text  # the header row repeats on each page
    assert "CID000300" in pages[-1]


def test_pdf_non_latin_company_name():
    if fonts().fallback != "CmrCJK":
        pytest.skip("no CJK TrueType font installed (fonts-ipafont-gothic)")
    pages = _pdf_pages(_render(cmr_pdf, profile=sample_profile(name="株式会社サンプル")))
    assert "株式会社サンプル · Form SD and Conflict Minerals Report 2024" in _flat(pages[0])


def test_pdf_markup_and_control_characters_are_text():
    profile = sample_profile(name='<b>Evil & "Co"</b>\x07')
    pages = _pdf_pages(_render(cmr_pdf, profile=profile))
    assert '<b>Evil & "Co"</b> · Form SD' in _flat(pages[0])


# --- HTML ----------------------------------------------------------------------------------


def test_html_escapes_everything_and_keeps_structure():
    html = _render(
        cmr_html,
        profile=sample_profile(name='<script>alert("x")</script> & Co'),
        overrides={"cmr_ipsa": "<img src=x onerror=alert(1)>"},
    )
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    assert (
        '<h3 id="section-cmr_ipsa">Independent private sector audit</h3>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>'
        in html
    )
    assert "<h2>Section 1: Conflict Minerals Disclosure</h2>" in html
    assert "<ul>\n<li>Responses accepted after review: 1</li>" in html
    assert '<hr class="cmr-pagebreak">' in html


def test_html_annex_and_footer():
    html = _render(cmr_html)
    assert (
        "<tr><td>Tin</td><td>Thaisarco</td><td>CID001898</td><td>Thailand</td>"
        "<td>Conformant</td></tr>" in html
    )
    assert html.endswith(f'<footer class="cmr-footer">{FOOTER}</footer>\n</article>')
    assert html.count("<table") == 2
