"""Policy: who is asking (``identity``) and what they may do (``permissions``).

Plain rules over an Actor: no HTTP, no Flask request, no database writes, so
every face of the marketplace (API, pages, command line, imports) asks the same
questions and gets the same answers. The import-linter contracts in
pyproject.toml keep it that way.
"""
