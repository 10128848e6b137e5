"""Which supplier sent this CMRT: the declared company name against the registry. Pure.

Steps (``supplier_guess``):

1. Fold both sides (``company_fold``): accents, case, punctuation and trailing legal forms
   (Ltd, GmbH, Inc., Co., S.A. ...) go, so "ACME Metals Co., Ltd." equals "Acme Metals".
2. Exact: an alias with that folded name wins (an alias is a person's earlier decision);
   otherwise a supplier whose folded name is equal. Two or more suppliers → review.
3. Fuzzy (rapidfuzz ``token_sort_ratio`` on folded names, so word order does not matter):
   the best supplier is taken only at ``MATCH_SCORE`` or more *and* ``MATCH_MARGIN``
   ahead of the next supplier; otherwise the suppliers from ``CANDIDATE_SCORE`` up are
   offered to a person. A file is never guessed into the wrong supplier's records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

# Folded names of different companies often differ by one letter ("ABC Metals" and
# "ABD Metals" score 90), while the same company written twice differs by a plural or a
# missing word ("Alpha Metal" / "Alpha Metals" scores 96). 94 separates the two on the
# registry and corpus names we tried; a wrong automatic assignment costs far more than a
# question in the queue, so when in doubt we ask.
MATCH_SCORE = 94.0
# The winner must lead the runner-up by this much: two similar suppliers ("Alpha Metals
# Europe" and "Alpha Metals Asia") mean a person has to decide.
MATCH_MARGIN = 5.0
# Below this a name is unrelated; such suppliers are not offered as candidates.
CANDIDATE_SCORE = 60.0
MAX_CANDIDATES = 5

# Legal forms, as tokens after folding ("S.A." folds to "sa", "Co.,Ltd" to "co ltd").
# Only trailing ones are removed, so "Co" inside "Co Metals Partners" stays.
_LEGAL_WORDS = """
    ab ag aps as asa bhd bv co company corp corporation cv gmbh gmbhco inc incorporated
    kft kg kgaa kk limited llc llp lp ltd ltda mbh nv oy oyj plc pte pty sa sab sac sae
    sarl sas spa sp sro srl zoo ug and jsc pjsc ojsc oao zao tbk
"""
LEGAL_FORMS = frozenset(_LEGAL_WORDS.split())  # "and": what is left of "& Co."
_DOTTED = re.compile(r"(?<=\w)\.(?=\w)")  # "S.A." -> "SA.", "Co.,Ltd" stays separable
_NON_WORD = re.compile(r"[^\w]+")


class GuessStatus(StrEnum):
    MATCHED = "matched"
    REVIEW = "review"  # candidates to choose from, or none at all


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    score: float  # 100.0 for an exact (folded) match

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "score": round(self.score, 1)}


@dataclass(frozen=True)
class SupplierGuess:
    status: GuessStatus
    supplier_id: int | None
    note: str  # for the result table: why this supplier, or why a person must choose
    candidates: tuple[Candidate, ...] = ()

    @property
    def matched(self) -> bool:
        return self.status is GuessStatus.MATCHED


def company_fold(name: str) -> str:
    """The comparison key of a company name (also ``SupplierAlias.folded``)."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _DOTTED.sub("", text).replace("&", " and ")
    tokens = [token for token in _NON_WORD.split(text) if token and token != "_"]
    kept = list(tokens)
    while kept and kept[-1] in LEGAL_FORMS:
        kept.pop()
    # A name made only of legal words ("Company Ltd") keeps them rather than vanish.
    return " ".join(kept or tokens)


@dataclass(frozen=True)
class SupplierDirectory:
    """The registry folded once for ``supplier_guess``: a bulk import asks it for every
    file, and folding 5,000 names each time costs far more than the look-up (build it with
    ``supplier_directory_prepare``)."""

    names: dict[int, str]  # supplier id -> name
    aliases: dict[str, tuple[int, str]]  # folded alias -> (supplier id, alias as written)
    exact: dict[str, tuple[int, ...]]  # folded name or alias -> supplier ids, by name
    keys: tuple[tuple[str, int], ...]  # (folded name or alias, supplier id), for fuzzy


def supplier_directory_prepare(
    suppliers: Iterable[tuple[int, str, Sequence[str]]],
) -> SupplierDirectory:
    """``suppliers``: (id, name, alias names) for every supplier files may belong to."""
    names: dict[int, str] = {}
    aliases: dict[str, tuple[int, str]] = {}
    keys: list[tuple[str, int]] = []
    for supplier_id, name, alias_names in suppliers:
        names[supplier_id] = name
        if folded := company_fold(name):
            keys.append((folded, supplier_id))
        for alias in alias_names:
            if alias_key := company_fold(alias):
                aliases.setdefault(alias_key, (supplier_id, alias))  # the first one wins
                keys.append((alias_key, supplier_id))
    exact: dict[str, set[int]] = {}
    for folded, supplier_id in keys:
        exact.setdefault(folded, set()).add(supplier_id)
    return SupplierDirectory(
        names=names,
        aliases=aliases,
        exact={key: tuple(sorted(ids, key=names.__getitem__)) for key, ids in exact.items()},
        keys=tuple(keys),
    )


def supplier_guess(
    declared_name: str,
    suppliers: SupplierDirectory | Iterable[tuple[int, str, Sequence[str]]],
) -> SupplierGuess:
    """``suppliers``: a prepared directory, or (id, name, alias names) for every supplier
    files may belong to."""
    key = company_fold(declared_name)
    if not key:
        return SupplierGuess(
            GuessStatus.REVIEW, None, _("The file names no company; choose the supplier.")
        )
    directory = (
        suppliers
        if isinstance(suppliers, SupplierDirectory)
        else supplier_directory_prepare(suppliers)
    )
    names = directory.names
    if key in directory.aliases:  # an alias is a person's decision: it wins
        supplier_id, alias = directory.aliases[key]
        return SupplierGuess(
            GuessStatus.MATCHED,
            supplier_id,
            _('Known alias "%(alias)s" of %(name)s.')
            % {"alias": alias, "name": names[supplier_id]},
        )
    exact = directory.exact.get(key, ())
    if len(exact) == 1:
        return SupplierGuess(
            GuessStatus.MATCHED,
            exact[0],
            _('Same name as the supplier "%(name)s".') % {"name": names[exact[0]]},
        )
    if exact:
        return SupplierGuess(
            GuessStatus.REVIEW,
            None,
            _("%(count)d suppliers have this name; choose one.") % {"count": len(exact)},
            tuple(Candidate(sid, names[sid], 100.0) for sid in exact),
        )
    return _fuzzy(key, directory.keys, names)


def _fuzzy(key: str, keys: Sequence[tuple[str, int]], names: dict[int, str]) -> SupplierGuess:
    best: dict[int, float] = {}
    # One call into rapidfuzz for the whole registry rather than one per name.
    scored = process.extract(
        key,
        [folded for folded, _sid in keys],
        scorer=fuzz.token_sort_ratio,
        score_cutoff=CANDIDATE_SCORE,
        limit=None,
    )
    for _choice, score, position in scored:
        supplier_id = keys[position][1]
        if score > best.get(supplier_id, 0.0):
            best[supplier_id] = score
    ranked = sorted(best.items(), key=lambda item: (-item[1], names[item[0]]))
    candidates = tuple(Candidate(sid, names[sid], score) for sid, score in ranked)
    if not candidates:
        return SupplierGuess(
            GuessStatus.REVIEW,
            None,
            _("No supplier has a similar name; choose one or add the supplier first."),
        )
    top = candidates[0]
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if top.score >= MATCH_SCORE and top.score - runner_up >= MATCH_MARGIN:
        return SupplierGuess(
            GuessStatus.MATCHED,
            top.id,
            _('Similar to the supplier "%(name)s" (score %(score)d).')
            % {"name": top.name, "score": int(top.score)},
        )
    if top.score >= MATCH_SCORE:
        note = _("Several suppliers have a similar name; choose one.")
    else:
        note = _("No supplier name is close enough to be sure; choose one.")
    return SupplierGuess(GuessStatus.REVIEW, None, note, candidates[:MAX_CANDIDATES])
