"""marshmallow schemas: the one place where input is validated and output shaped."""
