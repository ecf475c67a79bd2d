"""``python -m agencydocs.rendering.docx_bootstrap_long``: write template drafts."""

from agencydocs.rendering.docx_bootstrap_long import main

main()
