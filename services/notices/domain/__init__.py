"""Notices domain: plain Python, no web, database or broker code."""
