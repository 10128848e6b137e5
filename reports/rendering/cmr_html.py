"""Form SD and Conflict Minerals Report as an HTML fragment for the preview page.

Every piece of text goes through ``html.escape`` (quotes included): section bodies are
edited by users and names come from supplier files, so nothing here is trusted markup. The
caller marks the returned string safe once, after this escaping. Section ids are stable
("section-<key>") so that the page can link each heading to its edit form.
"""

from __future__ import annotations

from html import escape

from reports.model import CampaignReport, CompanyProfile
from reports.rendering import Element, document_outline, footer_text

_TAGS = {"title": "h1", "subtitle": "p", "h1": "h2", "h2": "h3", "caption": "p", "p": "p"}
_CLASSES = {"subtitle": "cmr-subtitle", "caption": "cmr-caption"}


def cmr_html(
    report: CampaignReport,
    profile: CompanyProfile,
    sections: tuple,
    *,
    version_label: str,
    status_label: str,
) -> str:
    titles = {section.title: section.key for section in sections}
    parts = ['<article class="cmr-preview">']
    in_list = False
    for element in document_outline(report, profile, sections):
        if in_list and element.kind != "li":
            parts.append("</ul>")
            in_list = False
        if element.kind == "li":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{escape(element.text)}</li>")
        else:
            parts.append(_element(element, titles))
    if in_list:
        parts.append("</ul>")
    footer = footer_text(profile, report.inputs.reporting_year, version_label, status_label)
    parts.append(f'<footer class="cmr-footer">{escape(footer)}</footer>')
    parts.append("</article>")
    return "\n".join(parts)


def _element(element: Element, titles: dict[str, str]) -> str:
    if element.kind == "pagebreak":
        return '<hr class="cmr-pagebreak">'
    if element.kind == "table":
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in element.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in element.rows
        )
        return (
            f'<table class="cmr-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )
    tag = _TAGS[element.kind]
    attrs = ""
    if element.kind == "h2" and element.text in titles:
        attrs = f' id="section-{escape(titles[element.text])}"'
    if element.kind in _CLASSES:
        attrs += f' class="{_CLASSES[element.kind]}"'
    return f"<{tag}{attrs}>{escape(element.text)}</{tag}>"
