"""Match reported smelter rows to the smelter reference list. Pure: dataclasses in and out.

For each row, in order: the smelter ID (normalised; malformed IDs are said so), else a
known name of that metal (standard, look-up, other or former name), else a reviewer's
earlier decision on that (metal, name), else a similar name (+ country) with a score;
else not recognised. Every result says how it was made and why, with the candidates.
See ``engine`` for the details and thresholds and docs/matching.md for the review loop.
"""

from cmrt.matching.engine import (
    COUNTRY_BONUS,
    FUZZY_HINT,
    FUZZY_MARGIN,
    FUZZY_MATCH,
    FUZZY_REVIEW,
    MAX_CANDIDATES,
    fuzzy_candidates,
    smelter_match,
    smelters_match,
)
from cmrt.matching.index import (
    Candidate,
    LearnedName,
    MatchMethod,
    MatchStatus,
    ReferenceEntry,
    ReferenceIndex,
    SmelterMatch,
    fuzzy_text,
    name_key,
    reference_index_build,
    reported_name,
)
from cmrt.matching.notes import decided as decided_note

__all__ = [
    "COUNTRY_BONUS",
    "FUZZY_HINT",
    "FUZZY_MARGIN",
    "FUZZY_MATCH",
    "FUZZY_REVIEW",
    "MAX_CANDIDATES",
    "Candidate",
    "LearnedName",
    "MatchMethod",
    "MatchStatus",
    "ReferenceEntry",
    "ReferenceIndex",
    "SmelterMatch",
    "decided_note",
    "fuzzy_candidates",
    "fuzzy_text",
    "name_key",
    "reference_index_build",
    "reported_name",
    "smelter_match",
    "smelters_match",
]
