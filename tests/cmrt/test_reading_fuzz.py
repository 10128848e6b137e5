"""Whatever a supplier types into the cells, the reader returns a Declaration."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmrt.declaration import Declaration
from cmrt.reading import cmrt_read
from tests.cmrt.build6x import cmrt_6x

# openpyxl refuses control characters, as Excel does; everything else is fair game.
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
cell = st.one_of(
    st.none(),
    text,
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 1, 1)),
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(9998, 1, 1)),
)
smelter_row = st.dictionaries(st.sampled_from("ABCDEFGHIJKLMNOPQ"), cell, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    company=st.fixed_dictionaries(
        {},
        optional={
            name: cell
            for name in ("name", "scope", "contact_email", "authorizer", "effective_date")
        },
    ),
    answers=st.dictionaries(st.sampled_from([f"Q{n}" for n in range(1, 9)]), cell, max_size=8),
    smelters=st.lists(smelter_row, max_size=6),
    products=st.lists(st.tuples(text, text, text), max_size=3),
)
def test_random_cell_contents_never_crash_the_reader(
    company: dict[str, object],
    answers: dict[str, object],
    smelters: list[dict[str, object]],
    products: list[tuple[str, str, str]],
) -> None:
    content = cmrt_6x(
        company=company,
        answers=answers,
        smelters=tuple(smelters),
        products=tuple(products),
    )
    declaration = cmrt_read(content)
    assert isinstance(declaration, Declaration)
    for by_metal in declaration.answers.values():
        for answer in by_metal.values():
            assert answer.value is None or answer.value in {
                c for q in declaration.questions for c in q.choices
            }
