"""Pydantic models of the workspace files."""

from agencydocs.models.agency import Agency, Person, TaxPeriod
from agencydocs.models.client import Client
from agencydocs.models.documents import DOCUMENT_MODELS, Document, DocumentBase
from agencydocs.models.project import Milestone, Project

__all__ = [
    "DOCUMENT_MODELS",
    "Agency",
    "Client",
    "Document",
    "DocumentBase",
    "Milestone",
    "Person",
    "Project",
    "TaxPeriod",
]
