"""Product List (cmrt/checks/products.py). No database."""

from __future__ import annotations

from cmrt.declaration import PRODUCT_LIST, Finding, Scope, Severity
from tests.cmrt.checks.support import OLD_RELEASES, findings
from tests.cmrt.declarations import (
    clean_declaration,
    clean_declaration_2x,
    product,
    with_company,
    with_products,
)

PRODUCT_SCOPE = "B. Product (or List of Products)"


def test_product_scope_needs_products() -> None:
    declaration = with_company(clean_declaration(), scope_raw=PRODUCT_SCOPE, scope=Scope.PRODUCT)
    assert findings(declaration) == (
        Finding(
            "products.missing",
            Severity.ERROR,
            "Product List B6: no product is listed, but the Declaration's scope (D9) is "
            '"B. Product (or List of Products)"; list the products this declaration covers, '
            "one per row.",
            sheet=PRODUCT_LIST,
            cell="B6",
        ),
    )
    assert findings(with_products(declaration, product(6, "P-100"))) == ()


def test_2x_product_level_scope_needs_products() -> None:
    declaration = with_company(
        clean_declaration_2x(), scope_raw="D. Product Level", scope=Scope.PRODUCT
    )
    assert [(f.code, f.message) for f in findings(declaration, OLD_RELEASES)] == [
        (
            "products.missing",
            "Product List B6: no product is listed, but the Declaration's scope (D9) is \"D. "
            'Product Level"; list the products this declaration covers, one per row.',
        )
    ]


def test_products_under_a_company_wide_scope_are_noted() -> None:
    declaration = with_products(clean_declaration(), product(6, "P-100"), product(7, "P-200"))
    assert findings(declaration) == (
        Finding(
            "products.unused",
            Severity.INFO,
            'Product List: 2 products are listed, but the scope is "A. Company", so the '
            "declaration covers the whole company and the list is ignored.",
            sheet=PRODUCT_LIST,
        ),
    )


def test_product_without_number() -> None:
    declaration = with_company(clean_declaration(), scope_raw=PRODUCT_SCOPE, scope=Scope.PRODUCT)
    declaration = with_products(declaration, product(6, "P-100"), product(7, " "))
    assert findings(declaration) == (
        Finding(
            "product.number.missing",
            Severity.WARNING,
            "Product List row 7: the product has no product number; enter it in column B.",
            sheet=PRODUCT_LIST,
            row=7,
        ),
    )


def test_product_listed_twice() -> None:
    declaration = with_company(clean_declaration(), scope_raw=PRODUCT_SCOPE, scope=Scope.PRODUCT)
    declaration = with_products(declaration, product(6, "P-100"), product(9, "p-100"))
    assert findings(declaration) == (
        Finding(
            "product.duplicate",
            Severity.WARNING,
            'Product List row 9: product number "p-100" repeats row 6; remove one of the two rows.',
            sheet=PRODUCT_LIST,
            row=9,
        ),
    )
