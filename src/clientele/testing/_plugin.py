"""Registers clientele's strategies with Hypothesis's ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` through the ``hypothesis``
entry point when it is imported, if clientele is installed. Without
Hypothesis nothing here is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis import strategies as st


def _lazy(name: str) -> st.SearchStrategy[object]:
    """Return the strategy ``strategies.<name>()``, imported on first use.

    Hypothesis runs this hook while it is being imported, which may be from
    inside ``clientele.testing.strategies`` itself: importing that module here
    would see it half-initialized.
    """
    from hypothesis import strategies as st

    def resolve() -> st.SearchStrategy[object]:
        module = importlib.import_module("clientele.testing.strategies")
        strategy: st.SearchStrategy[object] = getattr(module, name)()
        return strategy

    return st.deferred(resolve)


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from .. import (
        Anonymous,
        Contract,
        DealRoles,
        Judgement,
        Ledger,
        LedgerSummary,
        Money,
        Offering,
        Organization,
        PartySummary,
        Person,
        Policy,
        Population,
        Purchase,
        Reason,
        Referral,
        Refund,
        RepresentativeAssignment,
        RevenueShare,
        Seller,
        Transition,
        Usage,
        ValueThreshold,
        Visit,
    )

    registry: dict[type, str] = {
        Anonymous: "anonymous",
        Person: "persons",
        Organization: "organizations",
        Seller: "sellers",
        Offering: "offerings",
        Money: "moneys",
        Purchase: "purchases",
        Contract: "contracts",
        Visit: "visits",
        Usage: "usages",
        Referral: "referrals",
        RepresentativeAssignment: "assignments",
        Refund: "refunds",
        Ledger: "ledgers",
        Policy: "policies",
        RevenueShare: "revenue_shares",
        ValueThreshold: "value_thresholds",
        Reason: "reasons",
        DealRoles: "purchase_roles",
        PartySummary: "party_summaries",
        LedgerSummary: "ledger_summaries",
        Judgement: "judgements",
        Population: "populations",
        Transition: "transitions",
    }
    for cls, name in registry.items():
        st.register_type_strategy(cls, _lazy(name))
