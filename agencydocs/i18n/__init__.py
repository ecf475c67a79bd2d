"""Labels, label overrides and locale-aware formatting."""
