"""clientele: who a party is to a seller, derived from what happened.

The public surface is listed here, grouped by concept; everything lives in
private modules named after one concern each.
"""

from ._converter import (
    RECORD_TYPES,
    from_json,
    make_converter,
    structure,
    to_json,
    unstructure,
)
from ._deal_roles import DealRole, DealRoles, deal_roles
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
from ._ledger import Ledger, Record, parties_in
from ._ledger_file import FORMAT_VERSION, dump_ledger, iter_records, load_ledger
from ._money import CURRENCIES, Money
from ._offerings import Customization, Market, Offering, OfferingId, OfferingKind
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
from ._periods import CalendarPeriod
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
from ._summary import (
    LedgerSummary,
    PartySummary,
    RoleSeen,
    Span,
    Witness,
    summarize,
    summarize_ledger,
)
from ._time import When, instant_of
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
