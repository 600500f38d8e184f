"""Registers clientele's strategies with Hypothesis's ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis``
entry point when it is imported, if clientele is installed. Without
Hypothesis nothing here is imported.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from .. import (
        Anonymous,
        Contract,
        Ledger,
        Money,
        Offering,
        Organization,
        Person,
        Purchase,
        Referral,
        Refund,
        RepresentativeAssignment,
        Seller,
        Usage,
        Visit,
    )
    from . import strategies

    registry: dict[type, st.SearchStrategy[object]] = {
        Anonymous: strategies.anonymous(),
        Person: strategies.persons(),
        Organization: strategies.organizations(),
        Seller: strategies.sellers(),
        Offering: strategies.offerings(),
        Money: strategies.moneys(),
        Purchase: strategies.purchases(),
        Contract: strategies.contracts(),
        Visit: strategies.visits(),
        Usage: strategies.usages(),
        Referral: strategies.referrals(),
        RepresentativeAssignment: strategies.assignments(),
        Refund: strategies.refunds(),
        Ledger: strategies.ledgers(),
    }
    for cls, strategy in registry.items():
        st.register_type_strategy(cls, strategy)
