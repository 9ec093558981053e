"""The contract suite: HTTP tests every rendered app pair must pass (CONTRACT.md).

It ships inside the package so that ``diptych contract OUT`` runs it from an
installed wheel (its client libraries are the ``contract`` extra); the
project's own ``pytest`` collects it through ``tests/contract/``.
"""
