"""The Playbook as JSON-ready data and back, for the on-disk cache.

Reading builds only the model's own frozen dataclasses (an allow-list), tuples, frozensets,
dicts, strings, numbers and the Severity enum: unlike pickle, a planted or damaged file can
never run code; at worst it is rejected with CodecError.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from assist import model
from assist.errors import Location
from assist.model import MODES, Playbook, Severity, Wording

TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (*vars(model).values(), Location)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
}
"""Every dataclass a cache file may name: the playbook model's and Location."""


class CodecError(ValueError):
    """The data is not a playbook written by `encode`."""


def encode(value: Any) -> Any:
    """`value` (a Playbook, or anything inside one) as JSON-ready lists, dicts and scalars."""
    if isinstance(value, Severity):
        return {"@severity": value.value}
    if isinstance(value, Wording):  # a say wording marked spoken or written
        return {"@wording": [str(value), value.mode]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if TYPES.get(name) is not type(value):
            raise CodecError(f"cannot store {name}")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@type": name, "fields": fields}
    if isinstance(value, tuple):
        return {"@tuple": [encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"@frozenset": sorted((encode(v) for v in value), key=repr)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"@dict": [[encode(k), encode(v)] for k, v in value.items()]}
    raise CodecError(f"cannot store {type(value).__name__}")


def decode_playbook(data: Any) -> Playbook:
    """The Playbook that `encode` wrote; CodecError for anything else."""
    value = decode(data)
    if not isinstance(value, Playbook):
        raise CodecError("not a playbook")
    return value


def decode(data: Any) -> Any:
    """The value `encode` wrote, built from allow-listed types only."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise CodecError("unexpected value")
    if "@type" in data:
        return _dataclass(data)
    ((tag, inner),) = data.items()
    if tag == "@severity":
        try:
            return Severity(inner)
        except ValueError:
            raise CodecError("unexpected severity") from None
    if not isinstance(inner, list):
        raise CodecError(f"unexpected {tag}")
    if tag == "@tuple":
        return tuple(decode(v) for v in inner)
    if tag == "@frozenset":
        return frozenset(decode(v) for v in inner)
    if tag == "@wording":
        if len(inner) != 2 or inner[1] not in ("", *MODES) or not isinstance(inner[0], str):
            raise CodecError("unexpected wording")
        return Wording(inner[0], inner[1])
    if tag == "@dict":
        try:
            return {decode(k): decode(v) for k, v in (_pair(item) for item in inner)}
        except TypeError:  # a key that cannot be one (a list)
            raise CodecError("unexpected dict key") from None
    raise CodecError(f"unexpected {tag}")


def _pair(item: Any) -> tuple[Any, Any]:
    if not isinstance(item, list) or len(item) != 2:
        raise CodecError("unexpected dict item")
    return item[0], item[1]


FIELDS: dict[type, frozenset[str]] = {
    cls: frozenset(f.name for f in dataclasses.fields(cls)) for cls in TYPES.values()
}


def _dataclass(data: dict[str, Any]) -> Any:
    cls = TYPES.get(data.get("@type", ""))
    fields = data.get("fields")
    if cls is None or not isinstance(fields, dict):
        raise CodecError("unexpected type")
    if fields.keys() != FIELDS[cls]:
        raise CodecError(f"fields of {cls.__name__} do not match")
    # Every field given and none of the model's classes checks its values on creation, so the
    # instance is filled as __init__ would fill it, without its one setattr call per field.
    value: Any = object.__new__(cls)
    value.__dict__.update({name: decode(item) for name, item in fields.items()})
    return value
