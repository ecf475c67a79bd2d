"""Render stage: resolved contexts -> HTML, PDF and DOCX bytes."""
