"""The schemas of Article records, generated from the dataclasses in ``article.py``.

:func:`dataclass_fields` is the one reader of the dataclasses' type hints: the JSON
Schema here, the Arrow schema of the Parquet output
(:func:`dodarchive.extract.output.arrow_schema`) and, through Arrow, the Spark schema
(:func:`dodarchive.extract.spark.article_schema`) are all built from its
:class:`FieldType` values.

Each JSON Schema property's ``description`` is the field's docstring (read from the class source
with :mod:`ast`), its type comes from the annotation. Every key is required (articles
always carry every key, ``null`` or ``[]`` when empty); ``headline``, ``articleBody``
and ``paragraphs`` are never empty. On top of that, each extractor's ``guarantees``
(see :class:`dodarchive.pages.base.Page`) become ``if extractor.name == X then these
fields are non-null / non-empty`` rules, so the schema states what each template
promises. ``schema/article.schema.json`` is this output, committed; a test keeps it
current (``dodarchive schema -o schema/article.schema.json``).
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import json
import textwrap
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from dodarchive import article as article_module

__all__ = [
    "SCHEMA_ID",
    "FieldType",
    "article_schema",
    "dataclass_fields",
    "field_docs",
    "field_type",
    "schema_json",
]

SCHEMA_ID = "https://github.com/dodarchive/dodarchive/schema/article.schema.json"
_NON_EMPTY = {"headline": {"minLength": 1}, "articleBody": {"minLength": 1}}


def field_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings of dataclass ``cls``: the string literal after each field.

    >>> field_docs(article_module.Extractor)["version"]
    "The page class's version; bumped whenever its output for a page can change."
    """
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, nxt in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(nxt.value.value)
    return docs


@dataclass(frozen=True, slots=True)
class FieldType:
    """A field's type as every schema needs it: the one reading of the type hints.

    ``kind`` is a JSON Schema type name; ``items`` is the element type of an array,
    ``cls`` the dataclass of an object, ``enum`` the values of a ``Literal`` string.
    """

    kind: Literal["string", "integer", "boolean", "number", "array", "object"]
    nullable: bool = False
    items: FieldType | None = None
    cls: type | None = None
    enum: tuple[str, ...] = ()


_SIMPLE: dict[Any, Any] = {str: "string", int: "integer", bool: "boolean", float: "number"}


def field_type(hint: Any) -> FieldType:
    """Read one type hint of the Article dataclasses (``X | None``, ``tuple[X, ...]``,
    ``Literal[...]``, a dataclass, ``str``, ``int``, ``bool``, ``float``).

    >>> t = field_type(tuple[str, ...] | None)
    >>> t.kind, t.nullable, t.items
    ('array', True, FieldType(kind='string', nullable=False, items=None, cls=None, enum=()))
    """
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"only X | None unions are supported, not {hint!r}")
        return dataclasses.replace(field_type(inner[0]), nullable=True)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return FieldType("object", cls=hint)
    if origin is Literal:
        return FieldType("string", enum=tuple(typing.get_args(hint)))
    if origin is tuple:
        return FieldType("array", items=field_type(typing.get_args(hint)[0]))
    if hint in _SIMPLE:
        return FieldType(_SIMPLE[hint])
    raise TypeError(f"no schema type for {hint!r}")


def dataclass_fields(cls: type) -> list[tuple[str, FieldType]]:
    """Each field of dataclass ``cls``, in order, by its JSON key (``from_`` is "from"),
    with its :class:`FieldType`.

    >>> [(name, t.kind) for name, t in dataclass_fields(article_module.Extractor)]
    [('name', 'string'), ('version', 'string')]
    """
    hints = typing.get_type_hints(cls)
    return [
        (article_module.json_key(f.name), field_type(hints[f.name]))
        for f in dataclasses.fields(cls)
    ]


def _type_schema(ftype: FieldType, defs: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any]
    if ftype.cls is not None:
        _define(ftype.cls, defs)
        schema = {"$ref": f"#/$defs/{ftype.cls.__name__}"}
    elif ftype.items is not None:
        schema = {"type": "array", "items": _type_schema(ftype.items, defs)}
    elif ftype.enum:
        schema = {"type": "string", "enum": list(ftype.enum)}
    else:
        schema = {"type": ftype.kind}
    if not ftype.nullable:
        return schema
    if set(schema) == {"type"}:
        return {"type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _define(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ in defs:
        return defs[cls.__name__]  # type: ignore[no-any-return]
    defs[cls.__name__] = {}  # placeholder against recursion
    docs = {article_module.json_key(k): v for k, v in field_docs(cls).items()}
    props: dict[str, Any] = {}
    for name, ftype in dataclass_fields(cls):
        prop = _type_schema(ftype, defs)
        props[name] = {"description": docs.get(name, ""), **prop, **_NON_EMPTY.get(name, {})}
    schema = {
        "type": "object",
        "description": inspect.cleandoc(cls.__doc__ or ""),
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }
    defs[cls.__name__] = schema
    return schema


def _guarantee(field: str, prop: dict[str, Any]) -> dict[str, Any]:
    kinds = prop.get("type")
    if kinds == "array" or (isinstance(kinds, list) and "array" in kinds):
        return {"type": "array", "minItems": 1}
    return {"type": "string", "minLength": 1}


def article_schema() -> dict[str, Any]:
    """The Article JSON Schema (draft 2020-12) as a dict."""
    from dodarchive.pages import PAGE_CLASSES, Page
    from dodarchive.pages.fallback import TrafilaturaPage
    from dodarchive.pages.textcapture import TextCapture

    defs: dict[str, Any] = {}
    root = dict(_define(article_module.Article, defs))
    del defs["Article"]
    root["properties"]["paragraphs"]["minItems"] = 1
    rules = []
    classes: tuple[type[Page], ...] = (*PAGE_CLASSES, TextCapture, TrafilaturaPage)
    for cls in classes:
        if not cls.guarantees:
            continue
        name = cls.extractor().name
        then = {f: _guarantee(f, root["properties"][f]) for f in cls.guarantees}
        rules.append(
            {
                "if": {"properties": {"extractor": {"properties": {"name": {"const": name}}}}},
                "then": {"properties": then, "required": list(cls.guarantees)},
            }
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Article",
        **root,
        "allOf": rules,
        "$defs": dict(sorted(defs.items())),
    }


def schema_json() -> str:
    """The schema as the committed file holds it (sorted keys, indent 2, newline)."""
    return json.dumps(article_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
