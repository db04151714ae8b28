"""Identity and access over HTTP: the Actor of a request, browser sessions, CSRF,
rate limits, safe redirects, the OpenID Connect sign-in blueprint and the OAuth2
authorization server.
"""
