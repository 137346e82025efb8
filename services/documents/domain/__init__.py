"""Documents domain: plain Python."""
