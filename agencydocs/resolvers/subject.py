"""What every project document's resolver looks up first: project, client, agency, terms, locale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from agencydocs.context import Row
from agencydocs.domain.terms import Terms, terms
from agencydocs.i18n.formatting import DateStyle, format_date
from agencydocs.i18n.labels import Labels
from agencydocs.models import Agency, Client, Project
from agencydocs.models.base import localize
from agencydocs.models.documents import DocumentBase
from agencydocs.resolvers.parties import data_uri
from agencydocs.workspace import SourceDocument, Workspace


@dataclass(frozen=True)
class ProjectSubject:
    """A document with the records it is about, its terms and its language."""

    document: DocumentBase
    project: Project
    client: Client
    agency: Agency
    locale: str
    labels: Labels
    logo: str | None
    terms: Terms

    @property
    def project_title(self) -> str:
        return localize(self.project.title, self.locale)

    @property
    def client_name(self) -> str:
        legal = self.client.legal
        return localize(legal.short_name, self.locale) or localize(legal.name, self.locale)

    @property
    def agency_name(self) -> str:
        legal = self.agency.legal
        return localize(legal.short_name, self.locale) or localize(legal.name, self.locale)

    def date(self, value: date | None, style: DateStyle = "long") -> str:
        return format_date(value, self.locale, style) if value is not None else ""

    def parties_rows(self) -> tuple[Row, ...]:
        """Customer and contractor, as the header of a spec or brief names them."""
        return (
            Row(self.labels("customer_act"), self.client_name),
            Row(self.labels("supplier_act"), self.agency_name),
        )


def project_subject(workspace: Workspace, source: SourceDocument) -> ProjectSubject:
    """Look up a checked document's project, client and agency; decide its terms."""
    assert workspace.agency is not None, "check guarantees agency.yaml"
    project = workspace.projects[source.project_id].model
    client = workspace.clients[project.client].model
    agency = workspace.agency.model
    decided = terms(workspace, source)
    locale = decided.language
    return ProjectSubject(
        document=source.model,
        project=project,
        client=client,
        agency=agency,
        locale=locale,
        labels=workspace.labels(locale),
        logo=data_uri(workspace.root, agency.logo),
        terms=decided,
    )
