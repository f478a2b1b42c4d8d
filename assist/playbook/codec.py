"""The Playbook as JSON-ready data and back, for the on-disk cache.

Reading builds only the model's own classes (an allow-list), tuples, frozensets,
dicts, strings, numbers and the Severity enum: unlike pickle, a planted or damaged file can
never run code; at worst it is rejected with CodecError. Other cache entries store their own
records with the same codec and an allow-list of their own (`types`: the context rules of
assist.review.stored).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import partial

from assist import model
from assist.errors import Location
from assist.model import DEFERRABLE, MODES, Playbook, Severity, Wording, deferred_playbook
from assist.record import field_names, is_record

TYPE_CHECKING = False  # typing's constant without importing typing (see assist.record)
if TYPE_CHECKING:
    from typing import Any

TYPES: dict[str, type] = {
    cls.__name__: cls for cls in (*vars(model).values(), Location) if is_record(cls)
}
"""The classes a cache file may name: the playbook model's records and Location; the
dataclasses of model.SECTION_CLASSES join when first named (`_type`), so lint never creates
them."""


def _is_value(value: object) -> bool:
    """Whether `value` is an instance of a record or a dataclass (the model's classes)."""
    cls = type(value)
    return is_record(cls) or hasattr(cls, "__dataclass_fields__")


class CodecError(ValueError):
    """The data is not a playbook written by `encode`."""


Types = Mapping[str, type]
"""An allow-list: the record classes a stored value may name, by name."""
Known = dict[int, tuple[object, "Any"]]
"""id of an object -> (the object, its data as `encode` gives it): copied, not encoded again."""


def encode(value: Any, known: Known | None = None, types: Types | None = None) -> Any:
    """`value` (a Playbook, or anything inside one) as JSON-ready lists, dicts and scalars;
    objects in `known` (immutable ones, the very same objects) are given their known data.
    `types`: the classes it may hold (default TYPES, the playbook model's)."""
    if value.__class__ is str:  # most values: a phrase, a wording, an id
        return value
    if known:
        hit = known.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
    if isinstance(value, Severity):
        return {"@severity": value.value}
    if isinstance(value, Wording):  # a say wording marked spoken or written
        return {"@wording": [str(value), value.mode]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if _is_value(value):
        name = type(value).__name__
        if _type(name, types) is not type(value):
            raise CodecError(f"cannot store {name}")
        fields = {f: encode(getattr(value, f), known, types) for f in field_names(type(value))}
        return {"@type": name, "fields": fields}
    if isinstance(value, tuple):
        if all(v.__class__ is str for v in value):  # phrases, guards, say-instead wordings
            return {"@tuple": list(value)}
        return {"@tuple": [encode(v, known, types) for v in value]}
    if isinstance(value, frozenset):
        return {"@frozenset": sorted((encode(v, None, types) for v in value), key=repr)}
    if isinstance(value, list):
        return [encode(v, None, types) for v in value]
    if isinstance(value, dict):
        return {
            "@dict": [[encode(k, None, types), encode(v, None, types)] for k, v in value.items()]
        }
    raise CodecError(f"cannot store {type(value).__name__}")


def encode_playbook(
    playbook: Playbook, *, skip: frozenset[str] = frozenset(), known: Known | None = None
) -> tuple[Any, dict[str, Any]]:
    """The playbook as `encode` writes it without the DEFERRABLE sections, and those sections
    (each stored on its own, so a reader that never needs them never parses them) but the ones
    in `skip` (the caller has their data already). `known`: see `encode`."""
    if type(playbook) is not Playbook:
        raise CodecError(f"cannot store {type(playbook).__name__}")
    fields = {
        f: encode(getattr(playbook, f), known) for f in field_names(Playbook) if f not in skip
    }
    data = {"@type": "Playbook", "fields": fields}
    return data, {name: fields.pop(name) for name in DEFERRABLE if name not in skip}


Recover = Callable[[str], tuple["Any", ...]]
"""Gives a deferred section by its name when its stored data turns out not to fit."""


def decode_playbook(
    text: bytes,
    deferred: Mapping[str, Callable[[], bytes]],
    recover: Recover | None = None,
) -> Playbook:
    """The Playbook whose sections `encode_playbook` wrote: `text` is the JSON of its fields
    without the DEFERRABLE sections; CodecError (a ValueError) for anything else.

    `deferred`: for each DEFERRABLE section, a function giving its JSON text (what
    `encode_playbook` set aside); the section is decoded and checked when first used, and if
    it does not fit (ValueError, CodecError), `recover` gives it (else CodecError).
    """
    fields = loads(text)
    if type(fields) is not dict:
        raise CodecError("not a playbook")
    if set(deferred) != set(DEFERRABLE) or fields.keys() != FIELDS[Playbook] - set(DEFERRABLE):
        raise CodecError("fields of Playbook do not match")
    made = {name: _section(name, read, recover) for name, read in deferred.items()}
    return deferred_playbook(fields, made)


def _section(
    name: str, read: Callable[[], bytes], recover: Recover | None
) -> Callable[[], tuple[Any, ...]]:
    """The function that decodes a deferred section and checks it is a tuple of the model's
    objects."""

    def section() -> tuple[Any, ...]:
        try:
            value = loads(read())
            if not isinstance(value, tuple) or not all(_is_value(item) for item in value):
                raise CodecError(f"unexpected {name}")
        except (ValueError, RecursionError):  # CodecError, JSON or UTF-8 errors
            if recover is None:
                raise CodecError(f"unexpected {name}") from None
            return recover(name)
        return value

    return section


def loads(text: bytes | str, types: Types | None = None) -> Any:
    """The value `encode` wrote, read from its JSON text: the parser hands each JSON object
    to `_object` as it completes it (innermost first), so only the objects are visited in
    Python, not every string and list (a third of the cost of parsing and then walking the
    data with `decode`). CodecError, or another ValueError, for anything else. `types`: the
    classes it may make (default TYPES)."""
    return json.loads(text, object_hook=_object if types is None else partial(_object, types=types))


def _object(data: dict[str, Any], types: Types | None = None) -> Any:
    """One JSON object of `encode`'s output, its contents decoded already: a record, a
    tagged value, or (no key starting with "@") the fields of the record around it."""
    if "@type" in data:
        cls = _type(data["@type"], types)
        fields = data.get("fields")
        if cls is None or len(data) != 2 or type(fields) is not dict:
            raise CodecError("unexpected type")
        if fields.keys() != FIELDS[cls]:
            raise CodecError(f"fields of {cls.__name__} do not match")
        value: Any = object.__new__(cls)  # filled as in `_dataclass`
        value.__dict__.update(fields)
        return value
    if len(data) == 1:
        ((tag, inner),) = data.items()
        if tag[:1] == "@":
            return _tagged(tag, inner)
    if any(key[:1] == "@" for key in data):
        raise CodecError("unexpected value")
    return data


def _tagged(tag: str, inner: Any) -> Any:
    """A tagged value of `encode`'s output from its decoded contents."""
    if tag == "@severity":
        try:
            return Severity(inner)
        except (ValueError, TypeError):
            raise CodecError("unexpected severity") from None
    if type(inner) is not list:
        raise CodecError(f"unexpected {tag}")
    if tag == "@tuple":
        return tuple(inner)
    if tag == "@wording":
        if len(inner) != 2 or inner[1] not in ("", *MODES) or not isinstance(inner[0], str):
            raise CodecError("unexpected wording")
        return Wording(inner[0], inner[1])
    try:
        if tag == "@frozenset":
            return frozenset(inner)
        if tag == "@dict":
            return {key: value for key, value in map(_pair, inner)}
    except TypeError:  # an item that cannot be one (a list)
        raise CodecError(f"unexpected {tag} item") from None
    raise CodecError(f"unexpected {tag}")


def decode(data: Any, types: Types | None = None) -> Any:
    """The value `encode` wrote, built from allow-listed types only (`types`, default TYPES)."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v, types) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise CodecError("unexpected value")
    if "@type" in data:
        return _dataclass(data, types)
    ((tag, inner),) = data.items()
    if tag == "@severity":
        try:
            return Severity(inner)
        except ValueError:
            raise CodecError("unexpected severity") from None
    if not isinstance(inner, list):
        raise CodecError(f"unexpected {tag}")
    if tag == "@tuple":
        return tuple(decode(v, types) for v in inner)
    if tag == "@frozenset":
        return frozenset(decode(v, types) for v in inner)
    if tag == "@wording":
        if len(inner) != 2 or inner[1] not in ("", *MODES) or not isinstance(inner[0], str):
            raise CodecError("unexpected wording")
        return Wording(inner[0], inner[1])
    if tag == "@dict":
        try:
            return {decode(k, types): decode(v, types) for k, v in map(_pair, inner)}
        except TypeError:  # a key that cannot be one (a list)
            raise CodecError("unexpected dict key") from None
    raise CodecError(f"unexpected {tag}")


def _pair(item: Any) -> tuple[Any, Any]:
    if not isinstance(item, list) or len(item) != 2:
        raise CodecError("unexpected dict item")
    return item[0], item[1]


FIELDS: dict[type, frozenset[str]] = {cls: frozenset(field_names(cls)) for cls in TYPES.values()}


def _type(name: Any, types: Types | None = None) -> type | None:
    """The allow-listed class of this name: in `types` when given, else in TYPES (a
    section's class imported on first use)."""
    if types is not None:
        cls = types.get(name) if isinstance(name, str) else None
        if cls is not None and cls not in FIELDS:
            FIELDS[cls] = frozenset(field_names(cls))
        return cls
    cls = TYPES.get(name) if isinstance(name, str) else None
    if cls is None and name in model.SECTION_CLASSES:
        cls = TYPES[name] = getattr(model, name)
        FIELDS[cls] = frozenset(field_names(cls))
    return cls


def _dataclass(data: dict[str, Any], types: Types | None = None) -> Any:
    cls = _type(data.get("@type", ""), types)
    fields = data.get("fields")
    if cls is None or not isinstance(fields, dict):
        raise CodecError("unexpected type")
    if fields.keys() != FIELDS[cls]:
        raise CodecError(f"fields of {cls.__name__} do not match")
    # Every field given and none of the model's classes checks its values on creation, so the
    # instance is filled as __init__ would fill it, without its one setattr call per field.
    value: Any = object.__new__(cls)
    value.__dict__.update({name: decode(item, types) for name, item in fields.items()})
    return value
