"""The plain-language notes that say how and why a row matched (stored with the row and
shown to the user). Every sentence ends with a full stop so notes can be chained."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cmrt.matching.index import ReferenceEntry


def _percent(score: float) -> int:
    return round(score)


def metal_label(metal: str) -> str:
    """The metal in the user's language (the model's choices mark these for translation)."""
    return _(str(metal))


def not_identified() -> str:
    return _('The supplier marked this row "Smelter not yet identified".')


def no_name() -> str:
    return _("No smelter ID or name was reported.")


def no_metal(name: str) -> str:
    return _('No metal was reported, so the name "%(name)s" could not be matched.') % {"name": name}


def removed(note: str, entry: ReferenceEntry) -> str:
    if entry.active:
        return note
    return note + " " + _("This smelter is no longer on the RMI list.")


def by_cid(entry: ReferenceEntry, typed: str) -> str:
    if typed and typed != entry.cid:
        note = _('Matched by smelter ID %(cid)s (entered as "%(typed)s").') % {
            "cid": entry.cid,
            "typed": typed,
        }
    else:
        note = _("Matched by smelter ID %(cid)s.") % {"cid": entry.cid}
    return removed(note, entry)


def cid_other_metal(entry: ReferenceEntry, metal: str) -> str:
    return _(
        "Smelter ID %(cid)s is a %(listed)s smelter (%(name)s), but the row reports "
        "%(metal)s; please check."
    ) % {
        "cid": entry.cid,
        "listed": metal_label(entry.metal),
        "name": entry.standard_name,
        "metal": metal_label(metal),
    }


def cid_unknown(cid: str) -> str:
    return _("Smelter ID %(cid)s is not on the reference list, so the name was used.") % {
        "cid": cid
    }


def cid_malformed(typed: str) -> str:
    return _(
        '"%(typed)s" is not a valid smelter ID (CID and six digits), so the name was used.'
    ) % {"typed": typed}


def by_name(name: str, entry: ReferenceEntry, kind: str) -> str:
    params = {"name": name, "cid": entry.cid, "standard": entry.standard_name}
    if kind == "standard":
        note = _('Matched by name: "%(name)s" is the standard name of %(cid)s.') % params
    elif kind == "former":
        note = (
            _('Matched by name: "%(name)s" is a former name of %(cid)s, now "%(standard)s".')
            % params
        )
    else:
        note = _('Matched by name: "%(name)s" is a known name of %(cid)s (%(standard)s).') % params
    return removed(note, entry)


def by_name_and_country(name: str, entry: ReferenceEntry, count: int) -> str:
    note = _(
        'Matched by name and country: "%(name)s" names %(count)d %(metal)s smelters; only '
        "%(cid)s is in %(country)s."
    ) % {
        "name": name,
        "count": count,
        "metal": metal_label(entry.metal),
        "cid": entry.cid,
        "country": entry.country,
    }
    return removed(note, entry)


def ambiguous(name: str, metal: str, count: int) -> str:
    return _('"%(name)s" names %(count)d %(metal)s smelters; choose the right one.') % {
        "name": name,
        "count": count,
        "metal": metal_label(metal),
    }


def decided(name: str, entry: ReferenceEntry | None, by: str, on: date | None) -> str:
    """The note of a row settled by a reviewer's decision (also written by the service)."""
    params = {
        "name": name,
        "by": by or _("a reviewer"),
        "on": date_format(on, "Y-m-d") if on else "",
        "cid": entry.cid if entry else "",
        "standard": entry.standard_name if entry else "",
    }
    if entry is None:
        if on:
            return _('Decided by %(by)s on %(on)s: "%(name)s" is not a listed smelter.') % params
        return _('Decided by %(by)s: "%(name)s" is not a listed smelter.') % params
    if on:
        note = _('Decided by %(by)s on %(on)s: "%(name)s" is %(cid)s (%(standard)s).') % params
    else:
        note = _('Decided by %(by)s: "%(name)s" is %(cid)s (%(standard)s).') % params
    return removed(note, entry)


def country_phrase(same: bool | None, country: str) -> str:
    if same is None:
        return ""
    if same:
        return _(", same country")
    return _(", but in %(country)s") % {"country": country}


def fuzzy_matched(name: str, known: str, score: float, country: str) -> str:
    return _('Name "%(name)s" is close to "%(known)s" (%(score)d%%)%(country)s.') % {
        "name": name,
        "known": known,
        "score": _percent(score),
        "country": country,
    }


def fuzzy_review(name: str, known: str, score: float, country: str) -> str:
    return _(
        'Name "%(name)s" is similar to "%(known)s" (%(score)d%%)%(country)s; please confirm.'
    ) % {"name": name, "known": known, "score": _percent(score), "country": country}


def fuzzy_several(name: str, count: int) -> str:
    return _('Name "%(name)s" is about as close to %(count)d smelters; choose the right one.') % {
        "name": name,
        "count": count,
    }


def not_recognised(name: str, metal: str) -> str:
    return _('No %(metal)s smelter on the reference list has a name like "%(name)s".') % {
        "name": name,
        "metal": metal_label(metal),
    }


def not_recognised_hint(name: str, metal: str, known: str, score: float) -> str:
    return _(
        'No %(metal)s smelter on the reference list has a name like "%(name)s"; the closest '
        'is "%(known)s" (%(score)d%%).'
    ) % {"name": name, "metal": metal_label(metal), "known": known, "score": _percent(score)}
