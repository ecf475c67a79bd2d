"""Pydantic models of the workspace files."""

from agencydocs.models.agency import Agency, Person, TaxPeriod
from agencydocs.models.client import Client
from agencydocs.models.documents import DocumentBase
from agencydocs.models.project import Milestone, Project

__all__ = [
    "Agency",
    "Client",
    "DocumentBase",
    "Milestone",
    "Person",
    "Project",
    "TaxPeriod",
]
