"""``agencydocs serve``: a live preview of ``output/`` (site.py: what is built and when; server.py: the HTTP server)."""
