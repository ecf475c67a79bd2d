"""Hostile files in the workspace: links out of it, pipes, sockets, devices, folders named x.yaml, fake images.

Each case prepares the example workspace, runs the real ``agencydocs check``
in a process (no traceback, no hang, nothing outside ``output/`` changed) and
asserts the exact located problem lines.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import line_of, replace_in_file
from tests.hostile.harness import GuardedWorkspace

Setup = Callable[[GuardedWorkspace], list[str]]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LINK_FIX = "outside the workspace; copy the file into the workspace instead"
FOLDER_FIX = "outside the workspace; copy the folder into the workspace instead"
NOT_IMAGE = "is not a PNG, JPEG or SVG image; export it as one of those"
PIPE = "is a named pipe (FIFO), not a regular file; replace it with a regular file"


def _move_out(g: GuardedWorkspace, relative: str) -> Path:
    """Move a workspace file or folder to ``outside/`` and leave a symlink to it in its place."""
    source = g.root / relative
    target = g.outside / source.name
    shutil.move(source, target)
    source.symlink_to(target)
    return target.resolve()


def _logo_line(g: GuardedWorkspace) -> int:
    return line_of(g.root / "agency.yaml", "logo:")


def _logo(g: GuardedWorkspace, problem: str) -> list[str]:
    return [f'agency.yaml:{_logo_line(g)}:7: logo: "assets/logo.png" {problem}']


def agency_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "agency.yaml")
    return [f"agency.yaml: is a symbolic link to {target} {LINK_FIX}"]


def client_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "clients/initech.yaml")
    return [f"clients/initech.yaml: is a symbolic link to {target} {LINK_FIX}"]


def project_file_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "projects/initech-support/project.yaml")
    return [f"projects/initech-support/project.yaml: is a symbolic link to {target} {LINK_FIX}"]


def document_link(g: GuardedWorkspace) -> list[str]:
    # An act: no other document refers to it (a refused file's number is unknown, so
    # a reference to it would be reported as well).
    target = _move_out(g, "projects/initech-support/act-2026-016.yaml")
    return [f"projects/initech-support/act-2026-016.yaml: is a symbolic link to {target} {LINK_FIX}"]


def document_link_to_a_secret(g: GuardedWorkspace) -> list[str]:
    secret = (g.outside / "precious.txt").resolve()
    (g.root / "projects/initech-support/leak.yaml").symlink_to(secret)
    return [f"projects/initech-support/leak.yaml: is a symbolic link to {secret} {LINK_FIX}"]


def project_folder_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "projects/initech-support")
    return [f"projects/initech-support: is a symbolic link to {target} {FOLDER_FIX}"]


def document_folder_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "projects/romashka-site/proposals")
    return [f"projects/romashka-site/proposals: is a symbolic link to {target} {FOLDER_FIX}"]


def template_link(g: GuardedWorkspace) -> list[str]:
    folder = g.root / "templates/invoice"
    folder.mkdir(parents=True, exist_ok=True)
    secret = (g.outside / "precious.txt").resolve()
    (folder / "invoice.html").symlink_to(secret)
    return [f"templates/invoice/invoice.html: is a symbolic link to {secret} {LINK_FIX}"]


def template_folder_link(g: GuardedWorkspace) -> list[str]:
    (g.outside / "evil-templates").mkdir()
    shutil.rmtree(g.root / "templates")  # the example's own
    (g.root / "templates").symlink_to(g.outside / "evil-templates")
    return [f"templates: is a symbolic link to {(g.outside / 'evil-templates').resolve()} {FOLDER_FIX}"]


def clause_link(g: GuardedWorkspace) -> list[str]:
    (g.root / "clauses").mkdir()
    secret = (g.outside / "precious.txt").resolve()
    (g.root / "clauses/services.yaml").symlink_to(secret)
    return [f"clauses/services.yaml: is a symbolic link to {secret} {LINK_FIX}"]


def clause_folder_link(g: GuardedWorkspace) -> list[str]:
    (g.outside / "clauses").mkdir()
    (g.outside / "clauses/services.yaml").write_text("sets: []\n", encoding="utf-8")
    (g.root / "clauses").symlink_to(g.outside / "clauses")
    target = (g.outside / "clauses").resolve()
    return [f"clauses/services.yaml: is in clauses, a symbolic link to {target} {FOLDER_FIX}"]


def question_set_link(g: GuardedWorkspace) -> list[str]:
    (g.root / "briefs").mkdir()
    secret = (g.outside / "precious.txt").resolve()
    (g.root / "briefs/seo.yaml").symlink_to(secret)
    return [f"briefs/seo.yaml: is a symbolic link to {secret} {LINK_FIX}"]


def csv_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "projects/globex-seo/reports/time-2026-10.csv")
    report = g.root / "projects/globex-seo/reports/2026-10.yaml"
    line = line_of(report, "csv: time-2026-10.csv")
    return [
        f'projects/globex-seo/reports/2026-10.yaml:{line}:8: time.csv: "time-2026-10.csv" '
        f"is a symbolic link to {target} {LINK_FIX}"
    ]


def csv_pipe(g: GuardedWorkspace) -> list[str]:
    csv = g.root / "projects/globex-seo/reports/time-2026-10.csv"
    csv.unlink()
    os.mkfifo(csv)
    line = line_of(g.root / "projects/globex-seo/reports/2026-10.yaml", "csv: time-2026-10.csv")
    return [f'projects/globex-seo/reports/2026-10.yaml:{line}:8: time.csv: "time-2026-10.csv" {PIPE}']


def logo_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "assets/logo.png")
    return _logo(g, f"is a symbolic link to {target} {LINK_FIX}")


def assets_folder_link(g: GuardedWorkspace) -> list[str]:
    target = _move_out(g, "assets")
    return _logo(g, f"is in assets, a symbolic link to {target} {FOLDER_FIX}")


def fifo_document(g: GuardedWorkspace) -> list[str]:
    os.mkfifo(g.root / "projects/initech-support/pipe.yaml")
    return [f"projects/initech-support/pipe.yaml: {PIPE}"]


def fifo_client(g: GuardedWorkspace) -> list[str]:
    os.mkfifo(g.root / "clients/pipe.yaml")
    return [f"clients/pipe.yaml: {PIPE}"]


def socket_client(g: GuardedWorkspace) -> list[str]:
    path = g.root / "clients/socket.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))  # the node stays after close: a socket file nobody listens on
    server.close()
    return ["clients/socket.yaml: is a socket, not a regular file; replace it with a regular file"]


def dev_zero_document(g: GuardedWorkspace) -> list[str]:
    (g.root / "projects/globex-seo/zero.yaml").symlink_to("/dev/zero")
    return [f"projects/globex-seo/zero.yaml: is a symbolic link to /dev/zero {LINK_FIX}"]


def folder_named_yaml_client(g: GuardedWorkspace) -> list[str]:
    (g.root / "clients/acme.yaml").mkdir()
    return ["clients/acme.yaml: is a folder, not a file; rename or remove it"]


def folder_named_yaml_document(g: GuardedWorkspace) -> list[str]:
    (g.root / "projects/globex-seo/old.yaml").mkdir()
    return ["projects/globex-seo/old.yaml: is a folder, not a file; rename or remove it"]


def fifo_project_file(g: GuardedWorkspace) -> list[str]:
    project = g.root / "projects/initech-support/project.yaml"
    project.unlink()
    os.mkfifo(project)
    return [f"projects/initech-support/project.yaml: {PIPE}"]


def symlink_loop(g: GuardedWorkspace) -> list[str]:
    (g.root / "clients/loop.yaml").symlink_to("loop.yaml")
    return ["clients/loop.yaml: is a symbolic link that loops back on itself; replace it with the file"]


def logo_pipe(g: GuardedWorkspace) -> list[str]:
    (g.root / "assets/logo.png").unlink()
    os.mkfifo(g.root / "assets/logo.png")
    return _logo(g, PIPE)


def logo_folder(g: GuardedWorkspace) -> list[str]:
    (g.root / "assets/logo.png").unlink()
    (g.root / "assets/logo.png").mkdir()
    return _logo(g, "is a folder, not a file; rename or remove it")


def logo_text_renamed(g: GuardedWorkspace) -> list[str]:
    (g.root / "assets/logo.png").write_text("just some text\n", encoding="utf-8")
    return _logo(g, NOT_IMAGE)


def logo_html(g: GuardedWorkspace) -> list[str]:
    (g.root / "assets/logo.png").write_text(
        '<!DOCTYPE html>\n<html><body><img src="file:///etc/passwd"></body></html>\n', encoding="utf-8"
    )
    return _logo(g, NOT_IMAGE)


def logo_xhtml_without_doctype(g: GuardedWorkspace) -> list[str]:
    (g.root / "assets/logo.png").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    return _logo(g, NOT_IMAGE)


def _svg_logo(g: GuardedWorkspace, svg: str) -> None:
    (g.root / "assets/logo.png").write_text(svg, encoding="utf-8")


def svg_external_entity(g: GuardedWorkspace) -> list[str]:
    _svg_logo(
        g,
        '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>\n',
    )
    return _logo(g, "is an SVG with a DOCTYPE (entities can read other files); remove the DOCTYPE")


def svg_script(g: GuardedWorkspace) -> list[str]:
    _svg_logo(g, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    return _logo(g, "is an SVG with a <script> element; remove it")


def svg_event_handler(g: GuardedWorkspace) -> list[str]:
    _svg_logo(g, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1"/></svg>')
    return _logo(g, "is an SVG with a script in onload=; remove it")


def svg_external_image(g: GuardedWorkspace) -> list[str]:
    _svg_logo(
        g,
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/passwd"/></svg>',
    )
    return _logo(g, 'is an SVG that references "file:///etc/passwd"; embed the drawing instead')


def oversized_image(g: GuardedWorkspace) -> list[str]:
    with (g.root / "agency.yaml").open("a", encoding="utf-8") as agency:
        agency.write("limits:\n  max_image_size: 2048\n")
    (g.root / "assets/logo.png").write_bytes(PNG + b"\x00" * 4000)
    return _logo(g, "file is 4072 bytes, over the limit of 2048 bytes (limits.max_image_size in agency.yaml)")


def client_signature_not_an_image(g: GuardedWorkspace) -> list[str]:
    client = g.root / "clients/globex.yaml"
    replace_in_file(
        client,
        "  title: {ru: Управляющий директор, en: Managing Director}",
        "  title: {ru: Управляющий директор, en: Managing Director}\n  signature_image: assets/sign.png",
    )
    (g.root / "assets/sign.png").write_text("<html><body>signed</body></html>", encoding="utf-8")
    line = line_of(client, "signature_image:")
    return [f'clients/globex.yaml:{line}:20: signatory.signature_image: "assets/sign.png" {NOT_IMAGE}']


def chief_accountant_signature_link(g: GuardedWorkspace) -> list[str]:
    agency = g.root / "agency.yaml"
    replace_in_file(agency, "chief_accountant:\n", "chief_accountant:\n  signature_image: assets/sign.png\n")
    (g.outside / "sign.png").write_bytes(PNG)
    (g.root / "assets/sign.png").symlink_to(g.outside / "sign.png")
    line = line_of(agency, "signature_image: assets/sign.png")
    target = (g.outside / "sign.png").resolve()
    return [
        f'agency.yaml:{line}:20: chief_accountant.signature_image: "assets/sign.png" '
        f"is a symbolic link to {target} {LINK_FIX}"
    ]


def logo_outside_by_path(g: GuardedWorkspace) -> list[str]:
    replace_in_file(g.root / "agency.yaml", "logo: assets/logo.png", "logo: ../outside/precious.txt")
    return [f"agency.yaml:{_logo_line(g)}:7: logo: must be a path inside the workspace"]


def markdown_image_not_an_image(g: GuardedWorkspace) -> list[str]:
    invoice = g.root / "projects/initech-support/invoice-2026-020.yaml"
    replace_in_file(invoice, "notes: Hours", "notes: '![stamp](assets/stamp.png) Hours")
    replace_in_file(invoice, "of the agreement.", "of the agreement.'")
    (g.root / "assets/stamp.png").write_text("<html></html>", encoding="utf-8")
    line = line_of(invoice, "notes:")
    return [f'projects/initech-support/invoice-2026-020.yaml:{line}:8: notes: "assets/stamp.png" {NOT_IMAGE}']


def markdown_image_link_out(g: GuardedWorkspace) -> list[str]:
    invoice = g.root / "projects/initech-support/invoice-2026-020.yaml"
    replace_in_file(invoice, "notes: Hours", "notes: '![stamp](assets/stamp.png) Hours")
    replace_in_file(invoice, "of the agreement.", "of the agreement.'")
    (g.outside / "stamp.png").write_bytes(PNG)
    (g.root / "assets/stamp.png").symlink_to(g.outside / "stamp.png")
    line = line_of(invoice, "notes:")
    target = (g.outside / "stamp.png").resolve()
    return [
        f'projects/initech-support/invoice-2026-020.yaml:{line}:8: notes: "assets/stamp.png" '
        f"is a symbolic link to {target} {LINK_FIX}"
    ]


CASES: list[Setup] = [
    agency_link,
    client_link,
    project_file_link,
    document_link,
    document_link_to_a_secret,
    project_folder_link,
    document_folder_link,
    template_link,
    template_folder_link,
    clause_link,
    clause_folder_link,
    question_set_link,
    csv_link,
    csv_pipe,
    logo_link,
    assets_folder_link,
    fifo_document,
    fifo_client,
    fifo_project_file,
    socket_client,
    dev_zero_document,
    folder_named_yaml_client,
    folder_named_yaml_document,
    symlink_loop,
    logo_pipe,
    logo_folder,
    logo_text_renamed,
    logo_html,
    logo_xhtml_without_doctype,
    svg_external_entity,
    svg_script,
    svg_event_handler,
    svg_external_image,
    oversized_image,
    logo_outside_by_path,
    client_signature_not_an_image,
    chief_accountant_signature_link,
    markdown_image_not_an_image,
    markdown_image_link_out,
]


@pytest.mark.parametrize("setup", CASES, ids=[case.__name__ for case in CASES])
def test_refused_with_a_located_line(guarded: GuardedWorkspace, setup: Setup) -> None:
    expected = setup(guarded)
    # A pipe that were opened for reading would block forever: the timeout is the hang detector.
    outcome = guarded.run("check", timeout=60)
    assert outcome.exit_code == 1, outcome.output
    assert outcome.own_problem_lines == expected


def test_links_that_stay_inside_keep_working(guarded: GuardedWorkspace) -> None:
    root = guarded.root
    (root / "shared").mkdir()
    shutil.move(root / "assets/logo.png", root / "shared/logo.png")
    (root / "assets/logo.png").symlink_to("../shared/logo.png")
    shutil.move(root / "projects/globex-seo/reports/time-2026-10.csv", root / "shared/time.csv")
    (root / "projects/globex-seo/reports/time-2026-10.csv").symlink_to("../../../shared/time.csv")
    shutil.move(root / "clients/initech.yaml", root / "shared/initech.yaml")
    (root / "clients/initech.yaml").symlink_to("../shared/initech.yaml")
    outcome = guarded.run("check")
    assert outcome.exit_code == 0, outcome.output
    assert outcome.problem_lines == []


def test_a_build_embeds_the_sniffed_image_type(guarded: GuardedWorkspace) -> None:
    """A JPEG named .png is embedded as image/jpeg: the type comes from the content."""
    (guarded.root / "assets/logo.png").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    outcome = guarded.run(
        "build", "-j1", "--format", "html", "projects/initech-support/invoice-2026-020.yaml"
    )
    assert outcome.exit_code == 0, outcome.output
    html = (guarded.output / "initech/initech-support/invoice-2026-020.html").read_text(encoding="utf-8")
    assert 'src="data:image/jpeg;base64,/9j/4' in html


SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


@pytest.mark.parametrize(
    ("content", "verdict"),
    [
        pytest.param(PNG, "image/png", id="png"),
        pytest.param(b"\xff\xd8\xff\xdb" + b"\x00" * 16, "image/jpeg", id="jpeg"),
        pytest.param(
            f'<!-- Inkscape --><svg {SVG_NS}><rect width="1"/></svg>'.encode(), "image/svg+xml", id="svg"
        ),
        pytest.param(
            f'<svg {SVG_NS}><image href="data:image/png;base64,AAAA"/><use href="#a"/>'
            "<rect style=\"fill:url('#g')\"/></svg>".encode(),
            "image/svg+xml",
            id="svg-embedded-bitmap-and-internal-references",
        ),
        pytest.param(b"GIF89a\x01\x00", NOT_IMAGE, id="gif"),
        pytest.param(b"%PDF-1.7\n", NOT_IMAGE, id="pdf"),
        pytest.param(
            b'<svg xmlns="http://example.com/other"/>', NOT_IMAGE, id="svg-root-in-another-namespace"
        ),
        pytest.param(
            f'<svg {SVG_NS}><image href="data:image/svg+xml;base64,AAAA"/></svg>'.encode(),
            'is an SVG that references "data:image/svg+xml;base64,AAAA"; embed the drawing instead',
            id="svg-nested-svg",
        ),
        pytest.param(
            f"<svg {SVG_NS}><style>@import url(http://x.example/a.css);</style></svg>".encode(),
            "is an SVG whose style loads another file; remove the url()",
            id="svg-css-import",
        ),
        pytest.param(
            f"<svg {SVG_NS}><foreignObject><p>x</p></foreignObject></svg>".encode(),
            "is an SVG with a <foreignObject> element; remove it",
            id="svg-foreign-object",
        ),
        pytest.param(
            f'<?xml-stylesheet href="http://x.example"?><svg {SVG_NS}/>'.encode(),
            "is an SVG that loads a stylesheet; remove the <?xml-stylesheet?> line",
            id="svg-stylesheet",
        ),
        pytest.param(
            f"<svg {SVG_NS}>&x;</svg>".encode(),
            "is not a well-formed SVG (line 1); save it again",
            id="svg-undeclared-entity",
        ),
    ],
)
def test_images_are_recognised_by_content(content: bytes, verdict: str) -> None:
    from agencydocs.reading.files import RefusedFile
    from agencydocs.reading.images import sniff

    try:
        outcome = sniff(content)
    except RefusedFile as refused:
        outcome = str(refused)
    assert outcome == verdict
