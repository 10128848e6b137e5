"""The Product List sheet (header row 5, data from row 6)."""

from __future__ import annotations

from cmrt.declaration import ProductRow
from cmrt.layouts import ProductColumns
from cmrt.reading.values import cell_text, is_footer
from cmrt.workbook import Sheet, column_index


def products_read(
    sheet: Sheet | None, first_row: int, columns: ProductColumns
) -> tuple[ProductRow, ...]:
    if sheet is None:
        return ()
    positions = {
        name: column_index(letter) if letter else None for name, letter in columns.__dict__.items()
    }
    products = []
    for index in range(first_row - 1, sheet.row_count):
        if is_footer(sheet.rows[index]):
            break
        values = {
            name: cell_text(sheet.at(index, position)) if position is not None else ""
            for name, position in positions.items()
        }
        if any(values.values()):
            products.append(ProductRow(row=index + 1, **values))
    return tuple(products)
