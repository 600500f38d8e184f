from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import given
from hypothesis import strategies as st

from clientele import (
    ANONYMOUS,
    BusinessModel,
    Contract,
    Customization,
    DanglingReferenceError,
    DuplicateIdError,
    Fact,
    InvalidValueError,
    Ledger,
    LedgerError,
    Market,
    Money,
    Offering,
    OfferingKind,
    Organization,
    Person,
    Purchase,
    Record,
    Referral,
    Refund,
    RefundExceedsPurchaseError,
    RepresentativeAssignment,
    Seller,
    Usage,
    Visit,
    parties_in,
)
from clientele._ledger import id_space
from clientele.testing.strategies import facts, ledgers, records

DAY = date(2024, 3, 1)


def eur(amount: str) -> Money:
    """Return *amount* euros."""
    return Money(Decimal(amount), "EUR")


ANA = Person(id="p-ana", name="Ana")
GLOBEX = Organization(id="o-globex", members=("p-hank",))
CAFE = Seller(id="s-cafe", business_model=BusinessModel.CUSTOMER_BASED)
COFFEE = Offering(
    id="coffee",
    kind=OfferingKind.GOODS,
    customization=Customization.STANDARD,
    market=Market.CONSUMER,
)
LATTE = Purchase(
    id="f-1",
    seller="s-cafe",
    at=DAY,
    amount=eur("10"),
    buyer="p-ana",
    payer="o-globex",
    users=("p-hank",),
    decision_maker="p-boss",
    influencers=("p-friend",),
    offering="coffee",
)
WALK_IN = Purchase(
    id="f-2", seller="s-cafe", at=DAY, amount=eur("3"), buyer=ANONYMOUS, payer=ANONYMOUS
)
RETAINER = Contract(
    id="c-1",
    seller="s-firm",
    counterparty="o-globex",
    signed=DAY,
    start=DAY,
)
LOOK = Visit(id="v-1", seller="s-cafe", party="p-ivan", at=DAY)
SIP = Usage(id="u-1", seller="s-cafe", party="p-hank", at=DAY, offering="coffee", purchase="f-1")
TIP = Referral(id="r-1", seller="s-cafe", promoter="p-ana", referred="p-bo", at=DAY)
MANAGER = RepresentativeAssignment(
    id="a-1", seller="s-firm", party="o-globex", at=DAY, representative="Olga"
)
BACK = Refund(id="rf-1", seller="s-cafe", purchase="f-1", at=DAY, amount=eur("4"))

EVERY_RECORD: list[Record] = [
    ANA,
    GLOBEX,
    CAFE,
    COFFEE,
    LATTE,
    WALK_IN,
    RETAINER,
    LOOK,
    SIP,
    TIP,
    MANAGER,
    BACK,
]
FULL = Ledger.of(*EVERY_RECORD)


class TestOrderIndependence:
    """A ledger has no order."""

    def test_of_ignores_order(self) -> None:
        """Ledger.of(a, b) == Ledger.of(b, a), with equal hashes."""
        one = Ledger.of(TIP, ANA)
        other = Ledger.of(ANA, TIP)

        assert one == other
        assert hash(one) == hash(other)

    def test_fields_are_sorted_by_id(self) -> None:
        """Each field holds its records sorted by id, whatever the input order."""
        ledger = Ledger(parties=[Person(id="p-2"), Organization(id="o-1"), Person(id="p-1")])

        assert ["o-1", "p-1", "p-2"] == [party.id for party in ledger.parties]

    @given(st.data())
    def test_any_permutation_gives_the_same_ledger(self, data: st.DataObject) -> None:
        """Listing a ledger's records in any order rebuilds the same ledger."""
        ledger = data.draw(ledgers(currency=None))
        shuffled = data.draw(st.permutations(list(ledger.records())))

        assert ledger == Ledger.from_records(shuffled)


class TestConstruction:
    """Building ledgers, and what their fields accept."""

    def test_empty(self) -> None:
        """An empty ledger holds nothing."""
        assert ([], ()) == (list(Ledger().records()), Ledger.of().facts)

    def test_accepts_any_iterable(self) -> None:
        """Fields accept lists and generators, stored as tuples."""
        ledger = Ledger(parties=(p for p in [ANA]), sellers=[CAFE])

        assert ((ANA,), (CAFE,)) == (ledger.parties, ledger.sellers)

    @pytest.mark.parametrize("value", ["ab", b"ab", 5, None])
    def test_refuses_non_iterable_field(self, value: object) -> None:
        """A field refuses a non-iterable, and a string is not a list of records."""
        with pytest.raises(InvalidValueError) as info:
            Ledger(parties=value)  # type: ignore[arg-type]

        assert f"'parties' must be an iterable of records (got {value!r})" == str(info.value)

    @pytest.mark.parametrize(
        ("field", "record", "names"),
        [
            ("parties", CAFE, "Person or Organization"),
            ("sellers", ANA, "Seller"),
            ("offerings", CAFE, "Offering"),
            ("purchases", BACK, "Purchase"),
            ("contracts", LATTE, "Contract"),
            ("visits", SIP, "Visit"),
            ("usages", LOOK, "Usage"),
            ("referrals", MANAGER, "Referral"),
            ("assignments", TIP, "RepresentativeAssignment"),
            ("refunds", LATTE, "Refund"),
            ("parties", "p-ana", "Person or Organization"),
        ],
    )
    def test_refuses_wrong_records_in_a_field(
        self, field: str, record: object, names: str
    ) -> None:
        """Each field holds only its own kind of record."""
        fields: dict[str, Any] = {field: [record]}

        with pytest.raises(InvalidValueError) as info:
            Ledger(**fields)

        assert f"{field!r} must be made of {names} records (got {record!r})" == str(info.value)

    def test_from_records_sorts_each_kind(self) -> None:
        """from_records puts every record in the field of its kind."""
        ledger = Ledger.from_records(reversed(EVERY_RECORD))

        expected = (
            (GLOBEX, ANA),
            (CAFE,),
            (COFFEE,),
            (LATTE, WALK_IN),
            (RETAINER,),
            (LOOK,),
            (SIP,),
            (TIP,),
            (MANAGER,),
            (BACK,),
        )
        actual = (
            ledger.parties,
            ledger.sellers,
            ledger.offerings,
            ledger.purchases,
            ledger.contracts,
            ledger.visits,
            ledger.usages,
            ledger.referrals,
            ledger.assignments,
            ledger.refunds,
        )
        assert expected == actual

    def test_records_order(self) -> None:
        """records() yields parties, sellers, offerings, then facts by kind."""
        expected = [
            GLOBEX,
            ANA,
            CAFE,
            COFFEE,
            LATTE,
            WALK_IN,
            RETAINER,
            LOOK,
            SIP,
            TIP,
            MANAGER,
            BACK,
        ]
        assert expected == list(FULL.records())

    def test_facts(self) -> None:
        """The facts property groups facts by kind, in id order within each."""
        assert (LATTE, WALK_IN, RETAINER, LOOK, SIP, TIP, MANAGER, BACK) == FULL.facts

    def test_immutable(self) -> None:
        """A ledger's fields cannot be reassigned."""
        with pytest.raises(FrozenInstanceError):
            FULL.parties = ()  # type: ignore[misc]

    def test_undescribed_parties_and_sellers_allowed(self) -> None:
        """Facts may name parties and sellers the ledger does not describe."""
        ledger = Ledger.of(LOOK)

        assert (None, None) == (ledger.party("p-ivan"), ledger.seller("s-cafe"))


class TestDuplicateIds:
    """Ids are unique within each id space."""

    @pytest.mark.parametrize(
        ("records", "kind", "id"),
        [
            ([Person(id="x"), Person(id="x", name="X")], "party", "x"),
            ([Person(id="x"), Organization(id="x")], "party", "x"),
            (
                [
                    Seller(id="x", business_model=BusinessModel.MIXED),
                    Seller(id="x", business_model=BusinessModel.CLIENT_BASED),
                ],
                "seller",
                "x",
            ),
            ([COFFEE, attrs.evolve(COFFEE, name="Coffee")], "offering", "coffee"),
            ([LATTE, attrs.evolve(LATTE, amount=eur("11"))], "fact", "f-1"),
            ([LOOK, attrs.evolve(TIP, id="v-1")], "fact", "v-1"),
            ([WALK_IN, attrs.evolve(BACK, id="f-2", purchase="f-1"), LATTE], "fact", "f-2"),
        ],
        ids=[
            "two-persons",
            "person-and-organization",
            "sellers",
            "offerings",
            "purchases",
            "visit-and-referral",
            "purchase-and-refund",
        ],
    )
    def test_refused_within_an_id_space(self, records: list[Record], kind: str, id: str) -> None:
        """Two records in one id space never share an id."""
        with pytest.raises(DuplicateIdError) as info:
            Ledger.from_records(records)

        assert f"duplicate {kind} id {id!r}: every {kind} id must be unique" == str(info.value)
        assert (kind, id) == (info.value.kind, info.value.id)

    def test_equal_duplicates_refused(self) -> None:
        """Listing the same record twice is a duplicate, not a no-op."""
        with pytest.raises(DuplicateIdError):
            Ledger.of(ANA, ANA)

    def test_party_and_seller_may_share_an_id(self) -> None:
        """A retailer is a seller and a party under one id."""
        ledger = Ledger.of(
            Organization(id="x"), Seller(id="x", business_model=BusinessModel.MIXED)
        )

        assert (Organization(id="x"), Seller(id="x", business_model=BusinessModel.MIXED)) == (
            ledger.party("x"),
            ledger.seller("x"),
        )

    def test_spaces_are_separate(self) -> None:
        """A party, a seller, an offering and a fact may all be called 'x'."""
        records: list[Record] = [
            Person(id="x"),
            Seller(id="x", business_model=BusinessModel.MIXED),
            attrs.evolve(COFFEE, id="x"),
            attrs.evolve(LOOK, id="x"),
        ]

        assert records == list(Ledger.from_records(records).records())


class TestReferences:
    """Facts refer only to records the ledger holds."""

    @pytest.mark.parametrize(
        ("records", "fact", "field", "target", "message"),
        [
            (
                [attrs.evolve(BACK, purchase="f-9")],
                "rf-1",
                "purchase",
                "f-9",
                "'rf-1' field 'purchase' refers to 'f-9', which is not a purchase "
                "from seller 's-cafe' in the ledger",
            ),
            (
                [attrs.evolve(LATTE, offering=None), attrs.evolve(BACK, seller="s-other")],
                "rf-1",
                "purchase",
                "f-1",
                "'rf-1' field 'purchase' refers to 'f-1', which is not a purchase "
                "from seller 's-other' in the ledger",
            ),
            (
                [
                    attrs.evolve(LATTE, offering=None),
                    attrs.evolve(BACK, amount=Money(Decimal(1), "USD")),
                ],
                "rf-1",
                "purchase",
                "f-1",
                "'rf-1' field 'purchase' refers to 'f-1', which is not a purchase "
                "paid in USD in the ledger",
            ),
            (
                [LATTE],
                "f-1",
                "offering",
                "coffee",
                "'f-1' field 'offering' refers to 'coffee', which is not an offering "
                "in the ledger",
            ),
            (
                [attrs.evolve(SIP, purchase=None)],
                "u-1",
                "offering",
                "coffee",
                "'u-1' field 'offering' refers to 'coffee', which is not an offering "
                "in the ledger",
            ),
            (
                [attrs.evolve(SIP, offering=None)],
                "u-1",
                "purchase",
                "f-1",
                "'u-1' field 'purchase' refers to 'f-1', which is not a purchase in the ledger",
            ),
        ],
        ids=[
            "refund-of-unknown-purchase",
            "refund-by-another-seller",
            "refund-in-another-currency",
            "purchase-of-unknown-offering",
            "usage-of-unknown-offering",
            "usage-of-unknown-purchase",
        ],
    )
    def test_dangling_reference_refused(
        self, records: list[Record], fact: str, field: str, target: str, message: str
    ) -> None:
        """A fact may not refer to a purchase or offering the ledger lacks."""
        with pytest.raises(DanglingReferenceError) as info:
            Ledger.from_records(records)

        assert message == str(info.value)
        assert (fact, field, target) == (info.value.fact, info.value.field, info.value.target)

    def test_references_resolved(self) -> None:
        """References to held purchases and offerings are accepted."""
        assert (SIP, BACK) == (FULL.fact("u-1"), FULL.fact("rf-1"))

    def test_usage_purchase_may_be_from_another_seller(self) -> None:
        """A usage names its purchase without the ledger tying it to one seller."""
        usage = attrs.evolve(SIP, seller="s-maker", offering=None)

        assert usage == Ledger.of(LATTE, COFFEE, usage).fact("u-1")


class TestRefunds:
    """Refunds never exceed their purchase."""

    def test_single_refund_above_purchase_refused(self) -> None:
        """A refund may not exceed what was paid."""
        with pytest.raises(RefundExceedsPurchaseError) as info:
            Ledger.of(LATTE, COFFEE, attrs.evolve(BACK, amount=eur("10.01")))

        expected = "refunds of purchase 'f-1' total 10.01 EUR, more than the 10 EUR paid for it"
        assert expected == str(info.value)
        assert ("f-1", eur("10"), eur("10.01")) == (
            info.value.purchase,
            info.value.paid,
            info.value.refunded,
        )

    def test_cumulative_refunds_above_purchase_refused(self) -> None:
        """Refunds of one purchase add up, and the total may not exceed it."""
        with pytest.raises(RefundExceedsPurchaseError) as info:
            Ledger.of(
                LATTE,
                COFFEE,
                attrs.evolve(BACK, id="rf-1", amount=eur("6")),
                attrs.evolve(BACK, id="rf-2", amount=eur("3")),
                attrs.evolve(BACK, id="rf-3", amount=eur("2")),
            )

        expected = "refunds of purchase 'f-1' total 11 EUR, more than the 10 EUR paid for it"
        assert expected == str(info.value)

    def test_refunding_everything_allowed(self) -> None:
        """Refunds adding up to exactly the purchase are accepted."""
        refunds = [
            attrs.evolve(BACK, id="rf-1", amount=eur("6")),
            attrs.evolve(BACK, id="rf-2", amount=eur("4.00")),
        ]

        assert tuple(refunds) == Ledger.of(LATTE, COFFEE, *refunds).refunds

    def test_refunds_counted_per_purchase(self) -> None:
        """Refunds of two purchases are never added together."""
        refunds = [
            attrs.evolve(BACK, id="rf-1", amount=eur("10")),
            attrs.evolve(BACK, id="rf-2", purchase="f-2", amount=eur("3")),
        ]

        assert tuple(refunds) == Ledger.of(LATTE, WALK_IN, COFFEE, *refunds).refunds

    def test_errors_are_ledger_errors(self) -> None:
        """Every broken rule of a ledger can be caught as LedgerError."""
        with pytest.raises(LedgerError):
            Ledger.of(attrs.evolve(BACK, amount=eur("100")))


class TestLookups:
    """Finding records and facts in a ledger."""

    def test_party(self) -> None:
        """party() finds a described person or organization."""
        assert (ANA, GLOBEX, None) == (
            FULL.party("p-ana"),
            FULL.party("o-globex"),
            FULL.party("p-nobody"),
        )

    def test_seller(self) -> None:
        """seller() finds a described seller only."""
        assert (CAFE, None) == (FULL.seller("s-cafe"), FULL.seller("s-firm"))

    def test_offering(self) -> None:
        """offering() finds a described offering."""
        assert (COFFEE, None) == (FULL.offering("coffee"), FULL.offering("tea"))

    def test_fact(self) -> None:
        """fact() finds a fact of any kind by id."""
        assert [LATTE, RETAINER, LOOK, SIP, TIP, MANAGER, BACK, None] == [
            FULL.fact(fact_id)
            for fact_id in ["f-1", "c-1", "v-1", "u-1", "r-1", "a-1", "rf-1", "p-ana"]
        ]

    def test_facts_of_seller(self) -> None:
        """facts_of_seller() lists one seller's facts, grouped by kind."""
        assert (
            (LATTE, WALK_IN, LOOK, SIP, TIP, BACK),
            (RETAINER, MANAGER),
            (),
        ) == (
            FULL.facts_of_seller("s-cafe"),
            FULL.facts_of_seller("s-firm"),
            FULL.facts_of_seller("s-none"),
        )

    @pytest.mark.parametrize(
        ("party", "expected"),
        [
            ("p-ana", (LATTE, TIP)),
            ("o-globex", (LATTE, RETAINER, MANAGER)),
            ("p-hank", (LATTE, SIP)),
            ("p-boss", (LATTE,)),
            ("p-friend", (LATTE,)),
            ("p-ivan", (LOOK,)),
            ("p-bo", (TIP,)),
            ("p-nobody", ()),
        ],
    )
    def test_facts_of_party(self, party: str, expected: tuple[Fact, ...]) -> None:
        """facts_of_party() lists every fact naming the party, in any role."""
        assert expected == FULL.facts_of_party(party)

    def test_seller_ids(self) -> None:
        """seller_ids() holds sellers that recorded facts and described sellers."""
        ledger = Ledger.of(RETAINER, Seller(id="s-idle", business_model=BusinessModel.MIXED))

        assert frozenset({"s-firm", "s-idle"}) == ledger.seller_ids()

    @given(ledgers())
    def test_lookups_agree_with_a_scan(self, ledger: Ledger) -> None:
        """Each look-up finds exactly what a scan of the records finds."""
        named = {party for fact in ledger.facts for party in parties_in(fact)}
        sellers = {fact.seller for fact in ledger.facts} | {s.id for s in ledger.sellers}

        assert sellers == ledger.seller_ids()
        for party in named:
            expected = tuple(fact for fact in ledger.facts if party in parties_in(fact))
            assert expected == ledger.facts_of_party(party)
        for seller in sellers:
            expected = tuple(fact for fact in ledger.facts if fact.seller == seller)
            assert expected == ledger.facts_of_seller(seller)
        for record in ledger.records():
            assert record == {
                "party": ledger.party,
                "seller": ledger.seller,
                "offering": ledger.offering,
                "fact": ledger.fact,
            }[id_space(record)](record.id)


class TestWithRecords:
    """Adding records makes a new ledger."""

    def test_adds_records(self) -> None:
        """with_records returns a ledger holding old and new records."""
        assert Ledger.of(ANA, LOOK) == Ledger.of(ANA).with_records(LOOK)

    def test_leaves_the_original_unchanged(self) -> None:
        """The ledger it was called on is unchanged."""
        ledger = Ledger.of(ANA)
        ledger.with_records(LOOK)

        assert Ledger.of(ANA) == ledger

    def test_refuses_duplicates(self) -> None:
        """An added record is checked against those already held."""
        with pytest.raises(DuplicateIdError):
            Ledger.of(ANA).with_records(attrs.evolve(ANA, name="Anna"))

    def test_lookups_see_added_records(self) -> None:
        """Look-ups on the new ledger see the added records."""
        ledger = Ledger.of(ANA)
        assert () == ledger.facts_of_party("p-ana")

        assert (TIP,) == ledger.with_records(TIP).facts_of_party("p-ana")


class TestPartiesIn:
    """The identified parties a fact names."""

    @pytest.mark.parametrize(
        ("fact", "expected"),
        [
            (LATTE, {"p-ana", "o-globex", "p-hank", "p-boss", "p-friend"}),
            (WALK_IN, set()),
            (attrs.evolve(WALK_IN, users=None, payer=None), set()),
            (RETAINER, {"o-globex"}),
            (LOOK, {"p-ivan"}),
            (attrs.evolve(LOOK, party=ANONYMOUS), set()),
            (SIP, {"p-hank"}),
            (TIP, {"p-ana", "p-bo"}),
            (attrs.evolve(TIP, referred=None), {"p-ana"}),
            (MANAGER, {"o-globex"}),
            (BACK, set()),
        ],
        ids=[
            "purchase",
            "anonymous-purchase",
            "purchase-roles-unrecorded",
            "contract",
            "visit",
            "anonymous-visit",
            "usage",
            "referral",
            "referral-to-nobody",
            "assignment",
            "refund",
        ],
    )
    def test_every_fact_kind(self, fact: Fact, expected: set[str]) -> None:
        """parties_in names the identified parties in every role, never ANONYMOUS."""
        assert frozenset(expected) == parties_in(fact)

    @given(facts())
    def test_only_party_ids(self, fact: Fact) -> None:
        """parties_in never yields the anonymous party or None."""
        assert all(isinstance(party, str) for party in parties_in(fact))


class TestIdSpace:
    """The id space of each kind of record."""

    @pytest.mark.parametrize(
        ("record", "expected"),
        [
            (ANA, "party"),
            (GLOBEX, "party"),
            (CAFE, "seller"),
            (COFFEE, "offering"),
            (LATTE, "fact"),
            (RETAINER, "fact"),
            (LOOK, "fact"),
            (SIP, "fact"),
            (TIP, "fact"),
            (MANAGER, "fact"),
            (BACK, "fact"),
        ],
    )
    def test_every_record_kind(self, record: Record, expected: str) -> None:
        """id_space names the space each kind of record's id lives in."""
        assert expected == id_space(record)

    @given(records())
    def test_one_of_four(self, record: Record) -> None:
        """Every record lives in one of the four id spaces."""
        assert id_space(record) in {"party", "seller", "offering", "fact"}
