"""Identity domain: plain Python."""
