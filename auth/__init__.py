"""Identity and access: who is asking (identity), and what they may do (permissions)."""
