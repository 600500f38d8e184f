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
from ._time import When, instant_of

__version__ = "0.1.0"

__all__ = [
    # Parties and sellers
    "ANONYMOUS",
    # Money
    "CURRENCIES",
    # Files
    "FORMAT_VERSION",
    # Serialization
    "RECORD_TYPES",
    "Anonymous",
    "BusinessModel",
    # Errors
    "ClienteleError",
    # Facts
    "Confidentiality",
    "Contract",
    "CurrencyMismatchError",
    # Offerings
    "Customization",
    "DanglingReferenceError",
    "DecodeError",
    "DuplicateIdError",
    "Fact",
    "FactId",
    "InvalidValueError",
    # Ledger
    "Ledger",
    "LedgerError",
    "LedgerFileError",
    "Market",
    "Money",
    "Offering",
    "OfferingId",
    "OfferingKind",
    "Organization",
    "Party",
    "PartyId",
    "Person",
    "Purchase",
    "Purpose",
    "Record",
    "Referral",
    "Refund",
    "RefundExceedsPurchaseError",
    "RepresentativeAssignment",
    "RepresentativeRole",
    "Seller",
    "Usage",
    "Visit",
    "VisitKind",
    # Time
    "When",
    "__version__",
    "dump_ledger",
    "from_json",
    "instant_of",
    "iter_records",
    "load_ledger",
    "make_converter",
    "parties_in",
    "structure",
    "to_json",
    "unstructure",
]
