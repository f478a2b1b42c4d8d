"""The learned gate's weights as a reply reads them: the feature names sorted, their
weights packed as doubles, each name looked up by bisection; kept in the playbook cache
folder.

The shipped file (`learned.json`, written by `benchmarks/reply_gate.py --export`) stays the
reviewable source. Parsing its 40,000 weights into a dict cost a cold `assist lint
--reply-to` about 190 M instructions (a string, a float and a dict slot for each weight),
where a reply looks up about 200. So the first run writes an entry of kind `learned` (keyed
by the weights file's path, size and modification time) with three texts: the names
(UTF-8, one after another), where each starts, and the weights as doubles; later runs read
them as they are (no object per weight) and bisect the names for each feature a reply has.
The same doubles are looked up, so every probability is the same to the last bit.
`ASSIST_NO_CACHE=1`: the JSON every time.
"""

from __future__ import annotations

import os
import sys
from array import array
from collections.abc import Iterator, Mapping

from assist.lint.stored import NOT_FITTING, read_parts, store_parts
from assist.playbook.cache import entry_file, stat_lines

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

STORED_FORMAT = "assist-learned-cache/1"
START = "I"
"""The array type of the names' start offsets."""


class Weights(Mapping[str, float]):
    """Feature name -> weight, read-only: the names sorted and encoded (UTF-8) one after
    another in `names`, where `starts` says each one begins (and, last, where they end), their
    weights packed as doubles in `doubles`; a name is found by bisection, decoding nothing."""

    __slots__ = ("doubles", "names", "starts")

    def __init__(self, names: bytes, starts: array[int], doubles: array[float]) -> None:
        if len(starts) != len(doubles) + 1 or starts[0] != 0 or starts[-1] != len(names):
            raise ValueError("the names and the weights do not fit each other")
        self.names = names
        self.starts = starts
        self.doubles = doubles

    @classmethod
    def of(cls, weights: Mapping[str, float]) -> Weights:
        """The same weights packed."""
        names = sorted(weights)
        encoded = [_encoded(name) for name in names]
        starts = array(START, [0])
        for name in encoded:
            starts.append(starts[-1] + len(name))
        return cls(b"".join(encoded), starts, array("d", [weights[name] for name in names]))

    def get(self, name: str, default: Any = None) -> Any:
        """The weight of `name`, or `default` for a feature the model never saw."""
        key, names, starts = _encoded(name), self.names, self.starts
        low, high = 0, len(self.doubles)
        while low < high:  # UTF-8 bytes sort as their strings do
            middle = (low + high) >> 1
            if names[starts[middle] : starts[middle + 1]] < key:
                low = middle + 1
            else:
                high = middle
        if low < len(self.doubles) and names[starts[low] : starts[low + 1]] == key:
            return self.doubles[low]
        return default

    def __getitem__(self, name: str) -> float:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        weight: float = found
        return weight

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __iter__(self) -> Iterator[str]:
        names, starts = self.names, self.starts
        for number in range(len(self.doubles)):
            yield names[starts[number] : starts[number + 1]].decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self.doubles)


def _encoded(name: str) -> bytes:
    return name.encode("utf-8", "surrogatepass")


def stored_key(path: Path | str) -> str | None:
    """The key of the packed entry for the weights file at `path` (its path, size and
    modification time, this machine's byte order); None: no caching (ASSIST_NO_CACHE, or the
    file cannot be looked at)."""
    if os.environ.get("ASSIST_NO_CACHE"):
        return None
    layout = f"{sys.byteorder} {START}{array(START).itemsize} d{array('d').itemsize}"
    # resolved as Path.resolve() does (os.path.realpath), without importing pathlib
    lines = stat_lines([STORED_FORMAT, layout], [os.path.realpath(path)], resolved=True)
    return None if lines is None else "\n".join(lines)


def read_stored(key: str) -> tuple[Weights, dict[str, Any]] | None:
    """The packed weights and the entry's document (the model's other fields under
    "model"), or None when there is no entry for exactly this key or it does not fit."""
    found = read_parts(_entry(key), STORED_FORMAT, key)
    if found is None:
        return None
    document, parts = found
    try:
        if len(parts) != 3 or not isinstance(document.get("model"), dict):
            return None
        starts, doubles = array(START), array("d")
        starts.frombytes(parts[1](0))
        doubles.frombytes(parts[2](0))
        return Weights(parts[0](0), starts, doubles), document["model"]
    except NOT_FITTING:  # a text that does not fit its checksum, or a foreign document
        return None


def store(key: str, weights: Weights, model: dict[str, Any]) -> None:
    """Write the packed entry for `key` (`model`: the model's other fields, JSON-ready);
    nothing is said when it cannot be written (the next run parses the JSON again)."""
    document = {"format": STORED_FORMAT, "key": key, "model": model}
    texts = [weights.names, weights.starts.tobytes(), weights.doubles.tobytes()]
    store_parts(_entry(key), document, [[text] for text in texts], None)


def _entry(key: str) -> str:
    return entry_file("learned", key)
