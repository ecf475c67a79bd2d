"""Resolvers of the long document kinds: a checked document -> a frozen render context.

One module per kind; ``kinds.RESOLVERS`` names the function to call.
"""
