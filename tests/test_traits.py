from enum import Enum

import pytest
from attrs.exceptions import FrozenInstanceError

from clientele import (
    PLAYBOOK,
    TRAITS,
    Exclusivity,
    FormalContract,
    Personalization,
    RelationshipDepth,
    SalesCycle,
    Standing,
    Support,
    Traits,
)

CUSTOMER = TRAITS[Standing.CUSTOMER]
CLIENT = TRAITS[Standing.CLIENT]


class TestTraits:
    """What to expect of customers and of clients."""

    def test_customer_and_client_only(self) -> None:
        """Traits are given for customers and clients, the standings that pay."""
        assert [Standing.CUSTOMER, Standing.CLIENT] == list(TRAITS)

    @pytest.mark.parametrize("standing", [Standing.CUSTOMER, Standing.CLIENT])
    def test_traits_name_their_standing(self, standing: Standing) -> None:
        """Each traits value is filed under the standing it describes."""
        assert standing == TRAITS[standing].standing

    @pytest.mark.parametrize(
        ("field", "customer", "client"),
        [
            ("personalization", Personalization.LOW, Personalization.HIGH),
            ("support", Support.PER_TRANSACTION, Support.ONGOING),
            ("exclusivity", Exclusivity.SHOPS_AROUND, Exclusivity.ONE_PROVIDER),
            ("sales_cycle", SalesCycle.SHORT, SalesCycle.LONG),
            ("formal_contract", FormalContract.RARE, FormalContract.USUAL),
            ("depth", RelationshipDepth.SHALLOW, RelationshipDepth.DEEP),
        ],
    )
    def test_contrasting_values(self, field: str, customer: Enum, client: Enum) -> None:
        """Customers and clients sit at opposite ends of every trait."""
        assert (customer, client) == (getattr(CUSTOMER, field), getattr(CLIENT, field))

    def test_what_they_value(self) -> None:
        """Customers value price and convenience; clients trust and reliability."""
        assert (
            ("price", "value for money", "convenience"),
            ("experience", "trust", "reliability"),
        ) == (CUSTOMER.values, CLIENT.values)

    def test_how_they_are_won(self) -> None:
        """Customers are won by offers; clients by reputation and referrals."""
        assert (
            ("sales and discounts", "special offers", "advertising"),
            ("reputation", "testimonials and referrals", "free trials and consultations"),
        ) == (CUSTOMER.acquisition, CLIENT.acquisition)

    def test_mapping_is_read_only(self) -> None:
        """TRAITS cannot be changed by a caller."""
        with pytest.raises(TypeError):
            TRAITS[Standing.VISITOR] = CUSTOMER  # type: ignore[index]

    def test_traits_are_frozen(self) -> None:
        """A Traits value cannot be changed."""
        with pytest.raises(FrozenInstanceError):
            CLIENT.depth = RelationshipDepth.SHALLOW  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("enum", "values"),
        [
            (Personalization, ["low", "high"]),
            (Support, ["per_transaction", "ongoing"]),
            (Exclusivity, ["shops_around", "one_provider"]),
            (SalesCycle, ["short", "long"]),
            (FormalContract, ["rare", "usual"]),
            (RelationshipDepth, ["shallow", "deep"]),
        ],
    )
    def test_stable_values(self, enum: type[Enum], values: list[str]) -> None:
        """Every trait enum has stable string values."""
        assert values == [member.value for member in enum]

    def test_every_field_is_set(self) -> None:
        """No trait is left empty for either standing."""
        for traits in (CUSTOMER, CLIENT):
            assert isinstance(traits, Traits)
            assert traits.values
            assert traits.acquisition


class TestPlaybook:
    """The tactics for turning customers into clients."""

    def test_keys_in_order(self) -> None:
        """The playbook lists the five tactics in the order to try them."""
        assert [
            "incentives",
            "service",
            "contact",
            "quality",
            "relationship_selling",
        ] == [tactic.key for tactic in PLAYBOOK]

    def test_keys_unique(self) -> None:
        """No two tactics share a key."""
        keys = [tactic.key for tactic in PLAYBOOK]

        assert len(keys) == len(set(keys))

    def test_keys_are_identifiers(self) -> None:
        """Keys are short, stable identifiers."""
        assert all(tactic.key.isidentifier() for tactic in PLAYBOOK)

    def test_every_tactic_says_what_to_do(self) -> None:
        """Every tactic has a name and an action sentence."""
        for tactic in PLAYBOOK:
            assert tactic.name
            assert tactic.action.endswith(".")

    def test_names(self) -> None:
        """Each tactic has its documented name."""
        assert [
            "Incentives",
            "Excellent service",
            "Regular contact",
            "Consistent quality",
            "Relationship selling",
        ] == [tactic.name for tactic in PLAYBOOK]

    def test_is_a_tuple_of_frozen_tactics(self) -> None:
        """The playbook and its tactics cannot be changed."""
        assert isinstance(PLAYBOOK, tuple)
        with pytest.raises(FrozenInstanceError):
            PLAYBOOK[0].key = "bribes"  # type: ignore[misc]
