"""Business rules decided once, as plain values and Decimals; rules, resolvers and commands ask here.

- ``terms``: a document's currency, languages, VAT regime, payment terms, law and signatories
  (document > invoice > contract > project > client > agency);
- ``money``: the only place money is computed;
- ``scope``: a contract's scope and price after its addenda;
- ``pricing``: proposal options priced from the services catalogue;
- ``timesheet``: whose hourly rate applies, and hours x rate;
- ``numbering``, ``project_state``: document numbers; what each project waits for.

Nothing here imports a resolver, rendering or a command (tests/test_architecture.py).
"""
