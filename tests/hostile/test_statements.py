"""Hostile bank statements for ``payments import``: refused in one line, nothing written, nothing read beyond them.

XML is parsed by defusedxml: a DTD (entity expansion, external entities)
is refused before anything is expanded or fetched. Every file is read
capped at the agency's ``limits.max_file_size`` (1 MiB by default) and
only when it is a regular file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile.harness import GuardedWorkspace

_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n' for n in range(1, 10)
    )
    + "]>\n<Document><BkToCstmrStmt>&lol9;</BkToCstmrStmt></Document>\n"
)
_XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY secret SYSTEM "file://{outside}/precious.txt">]>\n'
    "<Document><BkToCstmrStmt><Stmt><Ntry><Amt Ccy='EUR'>1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
    "<BookgDt><Dt>2026-12-01</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>&secret;</Ustrd></RmtInf>"
    "</TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>\n"
)
_ONE_C_BAD_AMOUNT = (
    "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=Windows\nРасчСчет=40702810338000012345\n"
    "СекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nСумма=1e9999\n"
    "ПолучательСчет=40702810338000012345\nКонецДокумента\nКонецФайла\n"
).encode("cp1251")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            _BOMB.encode(),
            "XML with a DTD or entities is refused (unsafe); export it again",
            id="billion-laughs",
        ),
        pytest.param(
            _XXE, "XML with a DTD or entities is refused (unsafe); export it again", id="external-entity"
        ),
        pytest.param(
            b"<Document><BkToCstmrStmt><Stmt>\n<Ntry>",
            "2:1: not well-formed XML: no element found: line 2, column 6",
            id="truncated-xml",
        ),
        pytest.param(
            b"<Document><Other/></Document>",
            "1:1: XML but not a CAMT.053 statement (no Document/BkToCstmrStmt)",
            id="other-xml",
        ),
        pytest.param(
            b"\x00\xff\xfe binary junk",
            "1:1: not a bank statement: expected a 1CClientBankExchange text file or CAMT.053 XML",
            id="binary",
        ),
        pytest.param(_ONE_C_BAD_AMOUNT, '5:1: Сумма: not an amount: "1e9999"', id="1c-exponent-amount"),
        pytest.param(
            b"1CClientBankExchange\n" + b"x" * (1024 * 1024),
            "file is 1048597 bytes, over the limit of 1048576 bytes (limits.max_file_size in agency.yaml)",
            id="too-big",
        ),
    ],
)
def test_a_hostile_statement_is_refused_in_one_line(
    guarded: GuardedWorkspace, content: bytes | str, message: str
) -> None:
    statement = guarded.tmp / "statement.dat"
    data = content.format(outside=guarded.outside).encode() if isinstance(content, str) else content
    statement.write_bytes(data)
    outcome = guarded.run("payments", "import", str(statement))
    assert outcome.exit_code == 1
    sep = "" if message[0].isdigit() else " "
    assert outcome.stderr.splitlines() == [
        f"{statement}:{sep}{message}",
        "Error: the statement was not imported",
    ]
    assert "must survive" not in outcome.output


def test_a_pipe_is_refused_without_blocking(guarded: GuardedWorkspace) -> None:
    pipe = guarded.tmp / "statement.txt"
    os.mkfifo(pipe)
    outcome = guarded.run("payments", "import", str(pipe), timeout=60)
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines()[0].startswith(f"{pipe}: ")
    assert "named pipe" in outcome.stderr.splitlines()[0]


def test_a_missing_statement_is_one_line(guarded: GuardedWorkspace, tmp_path: Path) -> None:
    outcome = guarded.run("payments", "import", str(tmp_path / "nowhere.txt"))
    assert outcome.exit_code == 1
    assert outcome.stderr.splitlines() == [
        f"{tmp_path / 'nowhere.txt'}: cannot read file: No such file or directory",
        "Error: the statement was not imported",
    ]
