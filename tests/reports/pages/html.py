"""Read a page the way a reader sees it: visible text, links, table rows (stdlib only)."""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "head"}


def _clean(text: str) -> str:
    return " ".join(text.split())


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[tuple[str, list[str]]] = []  # (href, text parts)
        self.tables: dict[str, list[list[str]]] = {}
        self.headings: list[tuple[str, list[str]]] = []
        self._skip = 0
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._open_links: list[tuple[str, list[str]]] = []
        self._heading: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _SKIP:
            self._skip += 1
        elif tag == "table":
            self._table = attributes.get("id") or ""
            self.tables.setdefault(self._table, [])
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "a" and attributes.get("href"):
            self._open_links.append((attributes["href"] or "", []))
        elif tag in ("h1", "h2", "h3"):
            self._heading = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip -= 1
        elif tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._table is not None and self._cell is not None:
            self.tables[self._table][-1].append(_clean(" ".join(self._cell)))
            self._cell = None
        elif tag == "a" and self._open_links:
            self.links.append(self._open_links.pop())
        elif tag in ("h1", "h2", "h3") and self._heading:
            self.headings.append(self._heading)
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        for part in (self._cell, self._heading[1] if self._heading else None):
            if part is not None:
                part.append(data)
        for _href, parts in self._open_links:
            parts.append(data)


class Page:
    def __init__(self, content: bytes | str) -> None:
        parser = _Page()
        parser.feed(content.decode() if isinstance(content, bytes) else content)
        self.text = _clean(" ".join(parser.text))
        self.links = [(_clean(" ".join(parts)), href) for href, parts in parser.links]
        self.tables = parser.tables
        self.headings = [(tag, _clean(" ".join(parts))) for tag, parts in parser.headings]

    def href(self, text: str) -> str:
        """The address of the one link reading exactly ``text``."""
        found = [href for label, href in self.links if label == text]
        assert len(found) == 1, f"{len(found)} links read {text!r}: {self.links}"
        return found[0]

    def rows(self, table_id: str) -> list[list[str]]:
        return self.tables[table_id]
