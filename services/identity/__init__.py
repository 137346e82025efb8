"""Organisations, users, memberships and roles, tokens."""
