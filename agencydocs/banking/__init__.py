"""Bank statements: read incoming payments, match them to open invoices, record them.

* :mod:`~agencydocs.banking.statement`: the transaction type and reading a
  statement file (format recognised from its content, size capped);
* :mod:`~agencydocs.banking.onec`: the Russian 1CClientBankExchange text export;
* :mod:`~agencydocs.banking.camt`: ISO 20022 CAMT.053 XML (read with defusedxml:
  no DTD, no entities, no network);
* :mod:`~agencydocs.banking.matching`: which open invoice(s) a transaction pays;
* :mod:`~agencydocs.banking.appending`: adding matched payments to
  ``payments/<client>.yaml`` without touching what is already written.
"""
