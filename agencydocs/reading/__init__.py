"""Reading one file safely: confined, capped, strict YAML with positions, located validation problems."""
