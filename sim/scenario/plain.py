"""Plain, read-only copies of a validated scenario, for the model to read while it runs.

A run reads scenario values hundreds of thousands of times (a task's minutes, a payer's
wait, a person's habits). Reading an attribute of a pydantic model goes through the
`__getattr__` hook pydantic defines, which CPython 3.11 cannot specialise: reading twins
instead saves about 6% of a practice-year's instructions. Each model class gets a twin with the same fields (as
slots), the same methods and properties, and no hook; `plain` copies a scenario into twins
once per run. Validation stays where it is: only a validated scenario is copied.
"""

from __future__ import annotations

from types import FunctionType
from typing import Any, TypeVar, cast

from pydantic import BaseModel

T = TypeVar("T")

_TWINS: dict[type[BaseModel], type] = {}


class Plain:
    """Base of every twin: read-only once built, and shown with its fields."""

    __slots__: tuple[str, ...] = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is a read-only copy of the scenario")

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


def _twin(model: type[BaseModel]) -> type:
    """The plain class for `model`: its fields as slots, its own methods and properties."""
    twin = _TWINS.get(model)
    if twin is None:
        namespace: dict[str, Any] = {
            "__slots__": tuple(model.model_fields),
            "__doc__": model.__doc__,
        }
        for klass in reversed(model.__mro__):
            if not issubclass(klass, BaseModel) or klass is BaseModel:
                continue
            for name, member in vars(klass).items():
                if not name.startswith("__") and isinstance(member, FunctionType | property):
                    namespace[name] = member
        twin = _TWINS[model] = type(model.__name__, (Plain,), namespace)
    return twin


def plain(value: T) -> T:
    """A copy of `value` with every pydantic model in it replaced by its twin (lists, tuples
    and dicts copied; other values shared, being immutable).

    Typed as `value`'s own type: a twin has the model's fields, methods and properties, so
    its readers read it as the model (the casts say so)."""
    if isinstance(value, BaseModel):
        copy: object = object.__new__(_twin(type(value)))
        for name in type(value).model_fields:
            object.__setattr__(copy, name, plain(getattr(value, name)))
        return cast(T, copy)
    if isinstance(value, list):
        return cast(T, [plain(item) for item in value])
    if isinstance(value, tuple):
        return cast(T, tuple(plain(item) for item in value))
    if isinstance(value, dict):
        return cast(T, {key: plain(item) for key, item in value.items()})
    return value


def replaced(value: T, **changes: object) -> T:
    """A shallow copy of a plain twin with some fields changed (the original is left alone)."""
    if not isinstance(value, Plain):
        raise TypeError(f"replaced takes a plain twin, not {type(value).__name__}")
    copy = object.__new__(type(value))
    for name in type(value).__slots__:
        object.__setattr__(copy, name, changes.get(name, getattr(value, name)))
    return copy
