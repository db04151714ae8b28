"""What several API modules share."""
from __future__ import annotations

from marshmallow import fields

from marketplace.schemas.base import StrictSchema


class VersionArgs(StrictSchema):
    version = fields.Integer(strict=True, metadata={"description": "The version you read; a stale one gets 409."})
