"""Resolvers: a checked document -> a frozen render context; one module per kind (invoice and act: billing.py).

One module per kind; its spec (``agencydocs/kinds/<kind>.py``) names the function to call.
"""
