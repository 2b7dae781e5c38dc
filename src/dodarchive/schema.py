"""The JSON Schema of Article records, generated from the dataclasses in ``article.py``.

Each property's ``description`` is the field's docstring (read from the class source
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
from typing import Any, Literal

from dodarchive import article as article_module

__all__ = ["SCHEMA_ID", "article_schema", "field_docs", "schema_json"]

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


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(tp)
        inner = [_type_schema(a, defs) for a in args if a is not type(None)]
        schema = inner[0] if len(inner) == 1 else {"anyOf": inner}
        if type(None) in args:
            if set(schema) == {"type"}:
                return {"type": [schema["type"], "null"]}
            return {"anyOf": [schema, {"type": "null"}]}
        return schema
    if origin is Literal:
        return {"type": "string", "enum": list(typing.get_args(tp))}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    simple = {str: "string", int: "integer", bool: "boolean", float: "number"}
    if tp in simple:
        return {"type": simple[tp]}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _define(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    if cls.__name__ in defs:
        return defs[cls.__name__]  # type: ignore[no-any-return]
    defs[cls.__name__] = {}  # placeholder against recursion
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    props: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        prop = _type_schema(hints[f.name], defs)
        prop = {"description": docs.get(f.name, ""), **prop, **_NON_EMPTY.get(f.name, {})}
        props[article_module.json_key(f.name)] = prop
    schema = {
        "type": "object",
        "description": inspect.cleandoc(cls.__doc__ or ""),
        "properties": props,
        "required": [article_module.json_key(f.name) for f in dataclasses.fields(cls)],
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
