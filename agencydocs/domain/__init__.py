"""Business rules decided once: money, terms, numbering, project state."""
