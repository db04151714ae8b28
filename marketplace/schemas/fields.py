"""Field types shared by every schema: codes, refs and safe text."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from marshmallow import ValidationError, fields, validate

from marketplace import taxonomy

REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$"
ODS_PATTERN = r"^[A-Z0-9]{3,6}$"
# Control characters other than tab, newline and carriage return have no place in
# listings (and PostgreSQL refuses NUL in text), so they are refused, not stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates (JSON "\ud800") are not characters: no database can store them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class FullMatch(validate.Regexp):
    """Regexp that must match the whole value.

    Python's ``$`` also matches before a final newline, so ``re.match`` with a
    ``^...$`` pattern lets "abc\n" through; JSON Schema patterns do not.
    """

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


class Timestamp(fields.DateTime):
    """An instant, as RFC 3339 with its offset (``2026-03-31T09:15:00+00:00``).

    The databases store naive UTC, so a naive value is UTC. Input with any offset is
    turned into naive UTC, to compare with what is stored. The index keeps timestamps
    as ISO text; those are read back as instants too.
    """

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value


class Boolean(fields.Boolean):
    """JSON true or false only: not "yes", "on", 1 or 0 (listings.schema.json says boolean)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class Integer(fields.Integer):
    """A JSON integer only: not "3", 2.5 or true."""

    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)


class Text(fields.String):
    """A string with length limits that refuses control characters."""

    def __init__(self, *, min_length: int | None = None, max_length: int | None = None, **kwargs):
        validators = list(kwargs.pop("validate", []) or [])
        if min_length is not None or max_length is not None:
            validators.append(validate.Length(min=min_length, max=max_length))
        super().__init__(validate=validators, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if _CONTROL.search(text):
            raise ValidationError("must not contain control characters")
        if _SURROGATE.search(text):
            raise ValidationError("must be valid Unicode text (it contains an unpaired surrogate)")
        return text


class Ref(fields.String):
    """A caller's stable key for a record (listings.schema.json $defs/ref)."""

    def __init__(self, **kwargs):
        super().__init__(
            validate=FullMatch(
                REF_PATTERN,
                error="must be 1 to 80 letters, digits or . _ : - and start with a letter or digit",
            ),
            **kwargs,
        )


class Code(fields.String):
    """One code from a taxonomy vocabulary."""

    def __init__(self, vocabulary: str, **kwargs):
        self.vocabulary = vocabulary
        super().__init__(**kwargs)
        self.metadata.setdefault("enum", sorted(taxonomy.codes(vocabulary)))

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if code not in taxonomy.codes(self.vocabulary):
            raise ValidationError(f"unknown code '{code}'")
        return code


class CodeList(fields.List):
    """A set of codes from one vocabulary, given as a JSON array without repeats."""

    def __init__(self, vocabulary: str, *, min_items: int = 0, **kwargs):
        self.vocabulary = vocabulary
        self.min_items = min_items
        super().__init__(fields.String(metadata={"enum": sorted(taxonomy.codes(vocabulary))}), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        items = super()._deserialize(value, attr, data, **kwargs)
        unknown = [c for c in items if c not in taxonomy.codes(self.vocabulary)]
        if unknown:
            raise ValidationError(
                "unknown code " + ", ".join(f"'{c}'" for c in unknown)
            )
        if len(set(items)) != len(items):
            raise ValidationError("must not repeat a code")
        if len(items) < self.min_items:
            raise ValidationError(f"must have at least {self.min_items} code")
        return items
