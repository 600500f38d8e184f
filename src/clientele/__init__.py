"""clientele: who a party is to a seller, derived from what happened.

The public surface is listed here, grouped by concept; everything lives in
private modules named after one concern each. Names are imported on first
use (PEP 562), so ``import clientele`` stays cheap: a command that only
reads a CSV file never loads the JSON converter.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._converter import (
        RECORD_TYPES,
        from_json,
        make_converter,
        structure,
        to_json,
        unstructure,
    )
    from ._csv import (
        CsvMapping,
        read_csv,
        summarize_csv,
    )
    from ._data import (
        ledger_schema,
        load_sample_ledger,
        sample_ledger,
    )
    from ._deal_roles import (
        DealRole,
        DealRoles,
        deal_roles,
    )
    from ._errors import (
        ClienteleError,
        CurrencyMismatchError,
        DanglingReferenceError,
        DecodeError,
        DuplicateIdError,
        InvalidValueError,
        LedgerError,
        LedgerFileError,
        RefundExceedsPurchaseError,
    )
    from ._facts import (
        Confidentiality,
        Contract,
        Fact,
        FactId,
        Purchase,
        Purpose,
        Referral,
        Refund,
        RepresentativeAssignment,
        RepresentativeRole,
        Usage,
        Visit,
        VisitKind,
    )
    from ._glossary import (
        GLOSSARY,
        Candidate,
        Concept,
        Language,
        Prevalence,
        Term,
        concept,
        lookup,
    )
    from ._judgement import (
        AccountView,
        Environment,
        Judgement,
        Reason,
        Role,
        Rule,
        Stage,
        Standing,
        Tenure,
        ValueTier,
    )
    from ._ledger import (
        Ledger,
        Record,
        parties_in,
    )
    from ._ledger_file import (
        FORMAT_VERSION,
        dump_ledger,
        iter_records,
        load_ledger,
    )
    from ._money import (
        CURRENCIES,
        Money,
    )
    from ._offerings import (
        Customization,
        Market,
        Offering,
        OfferingId,
        OfferingKind,
    )
    from ._parties import (
        ANONYMOUS,
        Anonymous,
        BusinessModel,
        Organization,
        Party,
        PartyId,
        Person,
        Seller,
    )
    from ._periods import (
        CalendarPeriod,
    )
    from ._policy import (
        ACCOUNT_MANAGEMENT,
        DEFAULT,
        INCLUSIVE,
        PRESETS,
        PROFESSIONAL_SERVICES,
        Assumption,
        ClientRule,
        Policy,
        RepeatCounting,
        RevenueShare,
        ValueRule,
        ValueThreshold,
        VisitRule,
        Window,
    )
    from ._population import (
        Population,
        Transition,
        judge,
        judge_all,
        judge_summaries,
        timeline,
    )
    from ._rfm import (
        RFM_PERIODS,
        Rfm,
        observation_cutoff,
        rfm,
        rfm_of_summaries,
    )
    from ._summary import (
        LedgerSummary,
        PartySummary,
        RoleSeen,
        Span,
        Witness,
        summarize,
        summarize_ledger,
    )
    from ._time import (
        When,
        instant_of,
    )
    from ._traits import (
        PLAYBOOK,
        TRAITS,
        Exclusivity,
        FormalContract,
        Personalization,
        RelationshipDepth,
        SalesCycle,
        Support,
        Tactic,
        Traits,
    )

#: Where each public name lives.
_LOCATIONS: dict[str, str] = {
    "ledger_schema": "_data",
    "load_sample_ledger": "_data",
    "sample_ledger": "_data",
    "GLOSSARY": "_glossary",
    "Candidate": "_glossary",
    "Concept": "_glossary",
    "Language": "_glossary",
    "Prevalence": "_glossary",
    "Term": "_glossary",
    "concept": "_glossary",
    "lookup": "_glossary",
    "RECORD_TYPES": "_converter",
    "from_json": "_converter",
    "make_converter": "_converter",
    "structure": "_converter",
    "to_json": "_converter",
    "unstructure": "_converter",
    "CsvMapping": "_csv",
    "read_csv": "_csv",
    "summarize_csv": "_csv",
    "DealRole": "_deal_roles",
    "DealRoles": "_deal_roles",
    "deal_roles": "_deal_roles",
    "ClienteleError": "_errors",
    "CurrencyMismatchError": "_errors",
    "DanglingReferenceError": "_errors",
    "DecodeError": "_errors",
    "DuplicateIdError": "_errors",
    "InvalidValueError": "_errors",
    "LedgerError": "_errors",
    "LedgerFileError": "_errors",
    "RefundExceedsPurchaseError": "_errors",
    "Confidentiality": "_facts",
    "Contract": "_facts",
    "Fact": "_facts",
    "FactId": "_facts",
    "Purchase": "_facts",
    "Purpose": "_facts",
    "Referral": "_facts",
    "Refund": "_facts",
    "RepresentativeAssignment": "_facts",
    "RepresentativeRole": "_facts",
    "Usage": "_facts",
    "Visit": "_facts",
    "VisitKind": "_facts",
    "AccountView": "_judgement",
    "Environment": "_judgement",
    "Judgement": "_judgement",
    "Reason": "_judgement",
    "Role": "_judgement",
    "Rule": "_judgement",
    "Stage": "_judgement",
    "Standing": "_judgement",
    "Tenure": "_judgement",
    "ValueTier": "_judgement",
    "Ledger": "_ledger",
    "Record": "_ledger",
    "parties_in": "_ledger",
    "FORMAT_VERSION": "_ledger_file",
    "dump_ledger": "_ledger_file",
    "iter_records": "_ledger_file",
    "load_ledger": "_ledger_file",
    "CURRENCIES": "_money",
    "Money": "_money",
    "Customization": "_offerings",
    "Market": "_offerings",
    "Offering": "_offerings",
    "OfferingId": "_offerings",
    "OfferingKind": "_offerings",
    "ANONYMOUS": "_parties",
    "Anonymous": "_parties",
    "BusinessModel": "_parties",
    "Organization": "_parties",
    "Party": "_parties",
    "PartyId": "_parties",
    "Person": "_parties",
    "Seller": "_parties",
    "CalendarPeriod": "_periods",
    "ACCOUNT_MANAGEMENT": "_policy",
    "DEFAULT": "_policy",
    "INCLUSIVE": "_policy",
    "PRESETS": "_policy",
    "PROFESSIONAL_SERVICES": "_policy",
    "Assumption": "_policy",
    "ClientRule": "_policy",
    "Policy": "_policy",
    "RepeatCounting": "_policy",
    "RevenueShare": "_policy",
    "ValueRule": "_policy",
    "ValueThreshold": "_policy",
    "VisitRule": "_policy",
    "Window": "_policy",
    "Population": "_population",
    "Transition": "_population",
    "judge": "_population",
    "judge_all": "_population",
    "judge_summaries": "_population",
    "timeline": "_population",
    "RFM_PERIODS": "_rfm",
    "Rfm": "_rfm",
    "observation_cutoff": "_rfm",
    "rfm": "_rfm",
    "rfm_of_summaries": "_rfm",
    "LedgerSummary": "_summary",
    "PartySummary": "_summary",
    "RoleSeen": "_summary",
    "Span": "_summary",
    "Witness": "_summary",
    "summarize": "_summary",
    "summarize_ledger": "_summary",
    "When": "_time",
    "instant_of": "_time",
    "PLAYBOOK": "_traits",
    "TRAITS": "_traits",
    "Exclusivity": "_traits",
    "FormalContract": "_traits",
    "Personalization": "_traits",
    "RelationshipDepth": "_traits",
    "SalesCycle": "_traits",
    "Support": "_traits",
    "Tactic": "_traits",
    "Traits": "_traits",
}

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022 - grouped by concept, sorted within each group
    # Parties and sellers
    "ANONYMOUS",
    "Anonymous",
    "BusinessModel",
    "Organization",
    "Party",
    "PartyId",
    "Person",
    "Seller",
    # Offerings
    "Customization",
    "Market",
    "Offering",
    "OfferingId",
    "OfferingKind",
    # Money and time
    "CURRENCIES",
    "CalendarPeriod",
    "Money",
    "When",
    "instant_of",
    # Facts
    "Confidentiality",
    "Contract",
    "Fact",
    "FactId",
    "Purchase",
    "Purpose",
    "Referral",
    "Refund",
    "RepresentativeAssignment",
    "RepresentativeRole",
    "Usage",
    "Visit",
    "VisitKind",
    # Ledger and its files
    "FORMAT_VERSION",
    "Ledger",
    "Record",
    "dump_ledger",
    "iter_records",
    "load_ledger",
    "parties_in",
    # CSV exports
    "CsvMapping",
    "read_csv",
    "summarize_csv",
    # Deal roles
    "DealRole",
    "DealRoles",
    "deal_roles",
    # Policies
    "ACCOUNT_MANAGEMENT",
    "DEFAULT",
    "INCLUSIVE",
    "PRESETS",
    "PROFESSIONAL_SERVICES",
    "Assumption",
    "ClientRule",
    "Policy",
    "RepeatCounting",
    "RevenueShare",
    "ValueRule",
    "ValueThreshold",
    "VisitRule",
    "Window",
    # Judgements
    "AccountView",
    "Environment",
    "Judgement",
    "Population",
    "Reason",
    "Role",
    "Rule",
    "Stage",
    "Standing",
    "Tenure",
    "Transition",
    "ValueTier",
    "judge",
    "judge_all",
    "timeline",
    # Summaries (streaming and distributed runs)
    "LedgerSummary",
    "PartySummary",
    "RoleSeen",
    "Span",
    "Witness",
    "judge_summaries",
    "summarize",
    "summarize_ledger",
    # RFM, as lifetimes computes it
    "RFM_PERIODS",
    "Rfm",
    "observation_cutoff",
    "rfm",
    "rfm_of_summaries",
    # Traits and playbook
    "PLAYBOOK",
    "TRAITS",
    "Exclusivity",
    "FormalContract",
    "Personalization",
    "RelationshipDepth",
    "SalesCycle",
    "Support",
    "Tactic",
    "Traits",
    # Glossary
    "GLOSSARY",
    "Candidate",
    "Concept",
    "Language",
    "Prevalence",
    "Term",
    "concept",
    "lookup",
    # Bundled data
    "ledger_schema",
    "load_sample_ledger",
    "sample_ledger",
    # Serialization
    "RECORD_TYPES",
    "from_json",
    "make_converter",
    "structure",
    "to_json",
    "unstructure",
    # Errors
    "ClienteleError",
    "CurrencyMismatchError",
    "DanglingReferenceError",
    "DecodeError",
    "DuplicateIdError",
    "InvalidValueError",
    "LedgerError",
    "LedgerFileError",
    "RefundExceedsPurchaseError",
    "__version__",
]


if not TYPE_CHECKING:  # pragma: no branch - type checkers see the imports, no fallback

    def __getattr__(name: str) -> object:
        module = _LOCATIONS.get(name)
        if module is None:
            msg = f"module 'clientele' has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(f".{module}", __name__), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(__all__)
