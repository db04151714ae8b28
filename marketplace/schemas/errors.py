"""marshmallow's nested error messages as field paths a person can follow, and the
title of the error shape ({"status", "title", "message", "errors"}) that the API and
the OAuth2 server share."""
from __future__ import annotations

from http import HTTPStatus


def status_title(status: int) -> str:
    """The title of an error body: the HTTP status phrase ("Unprocessable Content")."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"



def error_items(messages, prefix: str = "") -> list[tuple[str, str]]:
    """``{"solutions": {3: {"clinical_areas": ["unknown code 'x'"]}}}`` ->
    ``[("solutions[3].clinical_areas", "unknown code 'x'")]``."""
    items: list[tuple[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            items.extend(error_items(value, path))
    elif isinstance(messages, (list, tuple)):
        for message in messages:
            if isinstance(message, (dict, list, tuple)):
                items.extend(error_items(message, prefix))
            else:
                items.append((prefix, str(message)))
    else:
        items.append((prefix, str(messages)))
    return items


def as_lines(messages) -> list[str]:
    return [f"{path}: {msg}" if path else msg for path, msg in error_items(messages)]


def as_field_map(messages) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for path, msg in error_items(messages):
        fields.setdefault(path or "_request", []).append(msg)
    return fields
