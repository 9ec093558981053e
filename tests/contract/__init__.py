"""The contract suite, collected here so the project's own ``pytest`` runs it once.

The suite itself ships inside the package (``generator/contract_suite/``), so
``diptych contract OUT`` runs it from an installed wheel; each module here
collects its twin there, keeping the test ids ``tests/contract/test_*.py::...``.
"""
