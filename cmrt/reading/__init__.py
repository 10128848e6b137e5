"""Read a supplier's CMRT workbook into a ``Declaration``. Pure: bytes in, dataclasses out.

1. Open the bytes (``cmrt.workbook``: format from content, decryption, zip limits).
2. Recognise the template (``cmrt.recognition``); refuse what is not a CMRT we can map,
   with a message that names what it is.
3. Pick the release's layout (by version; 4.x/5.x by the English labels of sheet L).
4. Read company block, answers, smelter rows (resolved through the workbook's own
   Smelter Look-up tab or a reference list) and product rows.
"""

from __future__ import annotations

import functools

from django.utils.translation import gettext as _

from cmrt.declaration import DECLARATION, SMELTER_LIST, Declaration, LookupEntry
from cmrt.layouts import Layout, layout_for
from cmrt.reading.answers import company_answers_read, metal_answers_read
from cmrt.reading.company import company_read
from cmrt.reading.label_layout import layout_from_labels
from cmrt.reading.products import products_read
from cmrt.reading.smelters import LookupIndex, lookup_read, smelters_read
from cmrt.reading.translation import translations_read
from cmrt.recognition import TEMPLATE_SCOPES, TemplateIdentity, TemplateKind, template_identify
from cmrt.workbook import UnreadableWorkbook, Workbook, read_isolated, workbook_open

__all__ = ["CmrtReadError", "cmrt_read", "declaration_read"]


class CmrtReadError(ValueError):
    """The file is not a CMRT this app can read; the message says what it is and what to do.

    ``identity`` names the template when it was recognised (an EMRT, an outdated CMRT).
    """

    def __init__(self, message: str, identity: TemplateIdentity | None = None) -> None:
        super().__init__(message)
        self.identity = identity

    def __reduce__(self) -> tuple[type[CmrtReadError], tuple[str, TemplateIdentity | None]]:
        # Keeps the identity when the error crosses from the reading child (pickle).
        return type(self), (str(self), self.identity)


def cmrt_read(content: bytes, *, reference: tuple[LookupEntry, ...] = ()) -> Declaration:
    """Read an upload's bytes, in a memory- and time-capped child (``read_isolated``)."""
    try:
        return read_isolated(content, _read_in_child, reference, keep=(reference,))
    except UnreadableWorkbook as exc:
        raise CmrtReadError(str(exc)) from None


def _read_in_child(content: bytes, reference: tuple[LookupEntry, ...]) -> Declaration:
    workbook = workbook_open(content, prefetch=(SMELTER_LIST,))
    return declaration_read(workbook, reference=reference)


def _layout(workbook: Workbook, identity: TemplateIdentity) -> Layout:
    version = identity.version
    layout = layout_for(version)
    if layout is not None:
        return layout
    major = version.split(".")[0]
    if major in {"", "0", "1"}:
        raise CmrtReadError(
            _(
                "This is a CMRT %(version)s, a template from 2011 that is long outdated. "
                "Please send your declaration on the current RMI CMRT (6.x)."
            )
            % {"version": version or "1.x"},
            identity,
        )
    layout = layout_from_labels(workbook)
    if layout is None:
        raise CmrtReadError(
            _(
                "This CMRT %(version)s could not be mapped: its questions are not where this "
                "app expects them. Please send your declaration on the current RMI CMRT (6.x)."
            )
            % {"version": version},
            identity,
        )
    return layout


@functools.lru_cache(maxsize=2)
def _reference_index(reference: tuple[LookupEntry, ...]) -> LookupIndex:
    """The index of the app's reference list, built once per reader process: every file
    is read against the same list until the reference data changes (about 10 ms saved per
    file). The tuple's hash and equality are the cache key, so a changed list rebuilds."""
    return LookupIndex(reference)


def declaration_read(workbook: Workbook, *, reference: tuple[LookupEntry, ...] = ()) -> Declaration:
    workbook.prefetch(SMELTER_LIST)  # the largest sheet: read it while the others are
    identity = template_identify(workbook)
    if identity is None:
        raise CmrtReadError(
            _(
                "This workbook is not an RMI reporting template: it has no Declaration sheet "
                "with a template title. Please upload the Conflict Minerals Reporting "
                "Template (CMRT)."
            )
        )
    if identity.kind is not TemplateKind.CMRT:
        raise CmrtReadError(
            _(
                "This is the %(kind)s %(version)s template (%(scope)s), not a CMRT. Please upload "
                "the Conflict Minerals Reporting Template for tin, tantalum, tungsten and gold."
            )
            % {
                "kind": identity.kind.value,
                "version": identity.version,
                "scope": TEMPLATE_SCOPES[identity.kind],
            },
            identity,
        )
    declaration_sheet = workbook.sheet(DECLARATION)
    if declaration_sheet is None:
        raise CmrtReadError(
            _(
                "The workbook has no Declaration sheet. Upload the CMRT as you received it, "
                "without removing or renaming sheets."
            ),
            identity,
        )
    layout = _layout(workbook, identity)
    translations = translations_read(workbook)
    # With the app's reference list the workbook's own Smelter Look-up tab (2,000+ rows) is
    # not needed: it is read only on an installation without reference data.
    workbook_lookup = () if reference else lookup_read(workbook)
    index = _reference_index(reference) if reference else LookupIndex(workbook_lookup)
    # Everything that does not need the Smelter List is read while its thread still parses
    # it (the largest sheet: most of a read's time); then the smelter rows.
    product_sheet = workbook.sheet("Product List")
    company = company_read(declaration_sheet, layout)
    answers = metal_answers_read(declaration_sheet, layout.questions, translations)
    company_answers = company_answers_read(
        declaration_sheet, layout.company_questions, translations
    )
    products = products_read(product_sheet, layout.product_first_row, layout.product_columns)
    smelter_sheet = workbook.sheet(layout.smelter_sheet)
    return Declaration(
        identity=identity,
        company=company,
        questions=layout.questions,
        answers=answers,
        company_questions=layout.company_questions,
        company_answers=company_answers,
        smelters=smelters_read(
            smelter_sheet,
            layout.smelter_first_row,
            layout.smelter_columns,
            index,
            translations,
            names_are_cached=layout.family != "6",
        ),
        products=products,
        lookup=workbook_lookup,
        rows_not_read={
            sheet.name: (sheet.row_count, sheet.rows_dropped)
            for sheet in (declaration_sheet, smelter_sheet, product_sheet)
            if sheet is not None and sheet.rows_dropped
        },
    )
