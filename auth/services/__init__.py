"""Use cases of identity and access: accounts (registration, sign-in checks, password
reset, invitations, members, suspension), API clients and single sign-on linking.

Like ``marketplace.services``: no HTTP here; the pages, the API and ``auth.http``
call these.
"""
