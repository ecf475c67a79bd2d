"""Resolvers of the long document kinds: a checked document -> a frozen render context.

One module per kind; its spec (``agencydocs/kinds/<kind>.py``) names the function to call.
"""
