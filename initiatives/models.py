"""Initiative documents and their approval (see the initiatives issue)."""
