"""Did-you-mean suggestions for unknown ids, with bounded work.

The known ids are indexed once (by their character pairs); an unknown id is compared
only with the few known ids that share the most pairs with it, and never with every
known id, so that thousands of unknown references among thousands of ids stay fast.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

__all__ = ["Suggester"]

#: Up to this many ids, every one is compared (as :func:`difflib.get_close_matches`).
_SMALL = 64
#: The most known ids compared with one unknown id.
_CANDIDATES = 8
#: The most index entries read for one unknown id.
_WORK = 4096


def _length_bound(size: int, other: int) -> float:
    """The most ``difflib.SequenceMatcher.ratio`` can be for texts of these lengths.

    Written as ``real_quick_ratio`` computes it, so that a comparison with a cutoff
    decides as difflib's own does.
    """
    total = size + other
    return 2.0 * min(size, other) / total if total else 1.0


def _pairs(text: str) -> set[str]:
    padded = f"\0{text.lower()}\0"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


class Suggester:
    """The nearest known ids to an unknown one, as ``difflib`` ranks them.

    >>> Suggester(["byraadet", "skolen", "bfu"]).suggest("byraadt")
    ['byraadet']
    """

    def __init__(self, known: Collection[str]) -> None:
        """Index ``known`` once."""
        self.ids = sorted(set(known))
        self.index: dict[str, list[int]] = defaultdict(list)
        if len(self.ids) > _SMALL:
            for number, known_id in enumerate(self.ids):
                for pair in _pairs(known_id):
                    self.index[pair].append(number)
        self.cache: dict[str, list[str]] = {}

    def suggest(self, value: str, n: int = 3, cutoff: float = 0.6) -> list[str]:
        """Return up to ``n`` known ids whose ``difflib`` ratio is at least ``cutoff``."""
        found = self.cache.get(value)
        if found is None:
            size = len(value)
            # difflib's first test of a candidate (``real_quick_ratio``: its length alone
            # bounds the ratio), made before difflib builds a matcher for ``value``: an
            # unknown id no known id is near in length costs no matcher at all.
            candidates = [
                known
                for known in self._candidates(value)
                if _length_bound(size, len(known)) >= cutoff
            ]
            found = (
                difflib.get_close_matches(value, candidates, n=n, cutoff=cutoff)
                if candidates
                else []
            )
            self.cache[value] = found
        return found

    def _candidates(self, value: str) -> list[str]:
        if len(self.ids) <= _SMALL:
            return self.ids
        shared: Counter[int] = Counter()
        work = 0
        # The rarest pairs first: they say the most about which ids are near.
        for pair in sorted(_pairs(value), key=lambda p: len(self.index.get(p, ()))):
            postings = self.index.get(pair, ())
            if work + len(postings) > _WORK:
                break
            work += len(postings)
            shared.update(postings)
        return [self.ids[number] for number, _ in shared.most_common(_CANDIDATES)]
