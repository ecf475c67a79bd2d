"""Command line commands: one module per CLI command, parsing done in ``cli.py``."""
