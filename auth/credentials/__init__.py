"""Credentials: random secrets and their hashes, passwords (argon2) and bearer tokens.

How a credential is made, stored and checked; no HTTP (the request side is ``auth.http``).
"""
