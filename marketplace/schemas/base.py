"""Schema conventions: unknown fields are refused, required fields set per use."""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields


class StrictSchema(Schema):
    """Refuses unknown fields; ``required_fields`` lists the fields this use demands.

    One set of field definitions serves loosely validated drafts, the strict
    bundle and updates: subclasses only say which fields are required.
    (marshmallow checks ``required`` before it applies a default.)
    """

    required_fields: tuple[str, ...] = ()

    class Meta:
        unknown = RAISE
        ordered = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            if name in self.fields:
                self.fields[name].required = True


class RecordOut(StrictSchema):
    """The answer about one stored record: its id, an integer, comes first (then the subclass's fields)."""

    id = fields.Integer()
