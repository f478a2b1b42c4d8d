"""Small immutable value classes without the `dataclasses` module at start-up.

`@record` stands in for `@dataclass(frozen=True)` on the classes a cold `assist lint` creates:
importing `dataclasses` (with `inspect`, `ast`, `dis`) and making a frozen dataclass cost
about 40 M and 4 M instructions, more than linting a draft. A record has the same
constructor, equality, hash and repr as the frozen dataclass it replaces; it is immutable by
convention (nothing assigns to a record's fields after `__init__`; tests/test_record.py).

`dataclasses.fields`, `replace`, `asdict` and `is_dataclass` still work on a record: its
`__dataclass_fields__` is made (with the `dataclasses` module) the first time something asks.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (type checkers know it)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Any:
        """Type checkers read the real one; at run time it is a no-op."""
        return lambda decorator: decorator


_MISSING: Any = object()


class Field:
    """What `field()` says of one attribute: its default or default factory, and whether it
    takes part in equality and repr."""

    __slots__ = ("compare", "default", "factory", "repr")

    def __init__(self, default: Any, factory: Any, compare: bool, repr: bool) -> None:
        self.default = default
        self.factory = factory
        self.compare = compare
        self.repr = repr


def field(
    *, default: Any = _MISSING, default_factory: Any = _MISSING, compare: bool = True,
    repr: bool = True,
) -> Any:  # fmt: skip
    """As `dataclasses.field` (the options records use)."""
    return Field(default, default_factory, compare, repr)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type | None = None, *, frozen: bool = True) -> Any:
    """`@record` (immutable, hashable) or `@record(frozen=False)` (mutable, unhashable)."""

    def make(cls: type) -> type:
        return _make(cls, frozen)

    return make if cls is None else make(cls)


def field_names(cls: type) -> tuple[str, ...]:
    """The fields of a record or dataclass, in order (without importing `dataclasses` for a
    record)."""
    names: tuple[str, ...] | None = cls.__dict__.get("__record_fields__")
    if names is not None:
        return names
    import dataclasses

    return tuple(f.name for f in dataclasses.fields(cls))


def is_record(cls: object) -> bool:
    """Whether `cls` is a class made by `@record`."""
    return isinstance(cls, type) and "__record_fields__" in cls.__dict__


def replace(value: Any, **changes: Any) -> Any:
    """A copy of a record (or dataclass) with some fields changed, as `dataclasses.replace`."""
    names = field_names(type(value))
    for name in names:
        if name not in changes:
            changes[name] = getattr(value, name)
    return type(value)(**changes)


def _make(cls: type, frozen: bool) -> type:
    annotations: dict[str, Any] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063  # not inspect: its import is what records avoid
    own = tuple(n for n, kind in annotations.items() if "ClassVar" not in str(kind))
    specs: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):  # a record's base records' fields come first
        specs.update(base.__dict__.get("__record_specs__", {}))
    names = (*specs, *(n for n in own if n not in specs))
    for name in own:
        given = cls.__dict__.get(name, _MISSING)
        spec = given if isinstance(given, Field) else Field(given, _MISSING, True, True)
        specs[name] = spec
        if isinstance(given, Field):  # as dataclasses does: the plain default stays
            if spec.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, spec.default)
    namespace: dict[str, Any] = {"_MISSING": _MISSING}
    arguments, body = [], []
    for name in names:
        spec = specs[name]
        if spec.factory is not _MISSING:
            namespace[f"_factory_{name}"] = spec.factory
            arguments.append(f"{name}=_MISSING")
            body.append(f"  self.{name} = _factory_{name}() if {name} is _MISSING else {name}")
            continue
        if spec.default is not _MISSING:
            namespace[f"_default_{name}"] = spec.default
            arguments.append(f"{name}=_default_{name}")
        else:
            arguments.append(name)
        body.append(f"  self.{name} = {name}")
    source = f"def __init__(self, {', '.join(arguments)}):\n" + ("\n".join(body) or "  pass")
    compared = tuple(n for n in names if specs[n].compare)
    shown = tuple(n for n in names if specs[n].repr)
    methods = {
        "__init__": _first_init(cls, names, specs, source, namespace),
        "__eq__": _equality(compared),
        "__hash__": _hash(compared) if frozen else None,
        "__repr__": _representation(shown),
        "__record_fields__": names,
        "__record_specs__": dict(specs),
        "__match_args__": names,
        "__dataclass_fields__": _DataclassFields(specs, frozen),
    }
    for name, value in methods.items():
        setattr(cls, name, value)
    return cls


COMPILE_AFTER = 16
"""Instances a record class makes before its `__init__` is compiled: compiling one (`exec`
of its source) costs about 440 K instructions, and a cold `assist lint` makes most of its 21
record classes once or twice, or never (9 M instructions)."""


def _first_init(
    cls: type, names: tuple[str, ...], specs: dict[str, Field], source: str,
    namespace: dict[str, Any],
) -> Callable[..., None]:  # fmt: skip
    """The class's first `__init__`: it binds the arguments as the compiled one does (a
    call it cannot bind, such as a missing or unexpected argument, goes to the compiled one
    for its TypeError) and, from the COMPILE_AFTER-th instance on, compiles the real one and
    puts it on the class."""
    defaults = {n: spec.default for n, spec in specs.items() if spec.default is not _MISSING}
    factories = {n: spec.factory for n, spec in specs.items() if spec.factory is not _MISSING}
    made = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal made
        made += 1
        values = _bound(names, defaults, factories, args, kwargs) if made < COMPILE_AFTER else None
        if values is None:
            exec(source, namespace)  # one small function per class (dataclasses makes six)
            init = namespace["__init__"]
            init.__qualname__ = f"{cls.__qualname__}.__init__"
            type.__setattr__(cls, "__init__", init)
            init(self, *args, **kwargs)
            return
        for name, value in zip(names, values, strict=True):
            setattr(self, name, value)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _bound(
    names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Any],
    args: tuple[Any, ...], kwargs: dict[str, Any],
) -> list[Any] | None:  # fmt: skip
    """Each field's value for a call with `args` and `kwargs`, as the compiled `__init__`
    takes them; None when that one would raise (too many, missing or unexpected arguments)."""
    if len(args) > len(names):
        return None
    values = list(args)
    given = 0  # keyword arguments used: any other is unexpected, or a positional one again
    for name in names[len(args) :]:
        if name in kwargs:
            values.append(kwargs[name])
            given += 1
        elif name in defaults:
            values.append(defaults[name])
        elif name in factories:
            values.append(factories[name]())
        else:
            return None
    return values if given == len(kwargs) else None


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:
        name = names[0]
        return lambda value: (getattr(value, name),)
    if not names:
        return lambda value: ()
    return attrgetter(*names)


def _equality(names: tuple[str, ...]) -> Callable[[Any, Any], Any]:
    values = _values(names)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(names: tuple[str, ...]) -> Callable[[Any], int]:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _representation(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


class _DataclassFields:
    """A record's `__dataclass_fields__`, made with `dataclasses` when first asked for (by
    `dataclasses.fields`, `replace`, `asdict`, `is_dataclass`), then kept on the class."""

    def __init__(self, specs: dict[str, Field], frozen: bool) -> None:
        self.specs = specs
        self.frozen = frozen

    def __get__(self, value: object, owner: type) -> Any:
        import dataclasses

        annotations: dict[str, Any] = {}
        for base in reversed(owner.__mro__):  # a base record's fields first, as in specs
            annotations.update(base.__dict__.get("__annotations__", {}))  # noqa: RUF063
        namespace: dict[str, Any] = {
            "__annotations__": {name: annotations[name] for name in self.specs},
            "__module__": owner.__module__,
            "__qualname__": owner.__qualname__,
        }
        for name, spec in self.specs.items():
            options: dict[str, Any] = {"compare": spec.compare, "repr": spec.repr}
            if spec.factory is not _MISSING:
                options["default_factory"] = spec.factory
            elif spec.default is not _MISSING:
                options["default"] = spec.default
            namespace[name] = dataclasses.field(**options)
        twin: Any = dataclasses.dataclass(frozen=self.frozen)(type(owner.__name__, (), namespace))
        fields = twin.__dataclass_fields__
        type.__setattr__(owner, "__dataclass_fields__", fields)
        type.__setattr__(owner, "__dataclass_params__", twin.__dataclass_params__)
        return fields
