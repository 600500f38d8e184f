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
    DEFAULT,
    Assumption,
    DealRole,
    DealRoles,
    Money,
    Policy,
    Purchase,
    Purpose,
    deal_roles,
)
from clientele.testing.strategies import purchases

ASSUMPTIONS = list(Assumption)


def sale(**changes: object) -> Purchase:
    """Return a purchase by ``p-buyer`` that records only what *changes* add."""
    fields: dict[str, Any] = {
        "id": "f-1",
        "seller": "s-1",
        "at": date(2024, 1, 5),
        "amount": Money(Decimal("9.99"), "EUR"),
        "buyer": "p-buyer",
    }
    return Purchase(**(fields | changes))


def assuming(payer: Assumption, users: Assumption) -> Policy:
    """Return a policy that assumes *payer* and *users* when not recorded."""
    return attrs.evolve(DEFAULT, name="test", unknown_payer=payer, unknown_users=users)


class TestPayer:
    """Who funded a purchase."""

    @pytest.mark.parametrize("assumption", ASSUMPTIONS)
    def test_recorded_payer_is_kept(self, assumption: Assumption) -> None:
        """A recorded payer is the payer whatever the policy assumes."""
        roles = deal_roles(sale(payer="o-employer"), assuming(assumption, Assumption.UNKNOWN))

        assert ("o-employer", frozenset()) == (roles.payer, roles.assumed)

    def test_recorded_anonymous_payer_is_kept(self) -> None:
        """A payer recorded as anonymous stays anonymous, not the buyer."""
        roles = deal_roles(sale(payer=ANONYMOUS))

        assert (ANONYMOUS, frozenset()) == (roles.payer, roles.assumed)

    def test_unrecorded_payer_assumed_buyer(self) -> None:
        """Under the buyer assumption, an unrecorded payer is the buyer, said so."""
        roles = deal_roles(sale(), assuming(Assumption.BUYER, Assumption.UNKNOWN))

        assert ("p-buyer", frozenset({DealRole.PAYER})) == (roles.payer, roles.assumed)

    def test_unrecorded_payer_left_unknown(self) -> None:
        """Under the unknown assumption, an unrecorded payer stays unknown."""
        roles = deal_roles(sale(), assuming(Assumption.UNKNOWN, Assumption.UNKNOWN))

        assert (None, frozenset()) == (roles.payer, roles.assumed)

    def test_anonymous_buyer_assumed_to_pay(self) -> None:
        """An anonymous buyer who records no payer is assumed to have paid."""
        roles = deal_roles(sale(buyer=ANONYMOUS))

        assert (ANONYMOUS, frozenset({DealRole.PAYER})) == (roles.payer, roles.assumed)


class TestUsers:
    """Who uses what was bought."""

    @pytest.mark.parametrize("assumption", ASSUMPTIONS)
    @pytest.mark.parametrize("users", [("p-kim",), ("p-kim", "p-lee"), ()])
    def test_recorded_users_are_kept(self, assumption: Assumption, users: tuple[str, ...]) -> None:
        """Recorded users, even none, are kept whatever the policy assumes."""
        roles = deal_roles(sale(users=users, payer="p-buyer"), assuming(assumption, assumption))

        assert (users, frozenset()) == (roles.users, roles.assumed)

    def test_unrecorded_users_assumed_buyer(self) -> None:
        """Under the buyer assumption, the buyer is taken to use it, said so."""
        roles = deal_roles(sale(payer="p-buyer"), assuming(Assumption.UNKNOWN, Assumption.BUYER))

        assert (("p-buyer",), frozenset({DealRole.USERS})) == (
            roles.users,
            roles.assumed,
        )

    def test_unrecorded_users_left_unknown(self) -> None:
        """Under the unknown assumption (the default), nobody is credited as a user."""
        roles = deal_roles(sale(payer="p-buyer"))

        assert (None, frozenset()) == (roles.users, roles.assumed)

    @pytest.mark.parametrize("assumption", ASSUMPTIONS)
    def test_anonymous_buyer_never_assumed_a_user(self, assumption: Assumption) -> None:
        """An anonymous buyer cannot be followed, so is never assumed to use it."""
        roles = deal_roles(
            sale(buyer=ANONYMOUS, payer=ANONYMOUS), assuming(assumption, Assumption.BUYER)
        )

        assert (None, frozenset()) == (roles.users, roles.assumed)


class TestAssumed:
    """What a DealRoles says was assumed."""

    @pytest.mark.parametrize(
        ("payer", "users", "expected"),
        [
            (Assumption.BUYER, Assumption.BUYER, {DealRole.PAYER, DealRole.USERS}),
            (Assumption.BUYER, Assumption.UNKNOWN, {DealRole.PAYER}),
            (Assumption.UNKNOWN, Assumption.BUYER, {DealRole.USERS}),
            (Assumption.UNKNOWN, Assumption.UNKNOWN, set()),
        ],
    )
    def test_assumed_roles_under_each_policy(
        self, payer: Assumption, users: Assumption, expected: set[DealRole]
    ) -> None:
        """Each role a policy fills in, and only those, is listed as assumed."""
        assert frozenset(expected) == deal_roles(sale(), assuming(payer, users)).assumed

    def test_nothing_assumed_when_all_recorded(self) -> None:
        """A purchase recording payer and users needs no assumption."""
        recorded = sale(payer="o-acme", users=("p-kim",))

        assert (
            frozenset()
            == deal_roles(recorded, assuming(Assumption.BUYER, Assumption.BUYER)).assumed
        )

    def test_default_policy_is_default(self) -> None:
        """Without a policy, the DEFAULT assumptions apply."""
        assert deal_roles(sale(), DEFAULT) == deal_roles(sale())


class TestRecordedParts:
    """The parts a DealRoles copies from the purchase."""

    def test_copies_buyer_decision_maker_and_influencers(self) -> None:
        """Buyer, decision-maker and influencers are the purchase's own."""
        recorded = sale(decision_maker="p-boss", influencers=("p-kim", "p-lee"))

        assert DealRoles(
            purchase="f-1",
            buyer="p-buyer",
            payer="p-buyer",
            users=None,
            decision_maker="p-boss",
            influencers=("p-kim", "p-lee"),
            assumed=frozenset({DealRole.PAYER}),
        ) == deal_roles(recorded)

    def test_is_frozen(self) -> None:
        """A DealRoles cannot be changed."""
        roles = deal_roles(sale())

        with pytest.raises(FrozenInstanceError):
            roles.payer = "p-other"  # type: ignore[misc]

    def test_stable_values(self) -> None:
        """The assumable roles have stable string values."""
        assert ["payer", "users"] == [role.value for role in DealRole]


class TestProperties:
    """Deal roles of any purchase under any assumptions."""

    @given(purchases(), st.sampled_from(Assumption), st.sampled_from(Assumption))
    def test_assumptions_fill_only_gaps(
        self, purchase: Purchase, payer: Assumption, users: Assumption
    ) -> None:
        """A role is assumed exactly when unrecorded and the policy assumes the buyer.

        Users are never assumed for a gift or for resale.
        """
        roles = deal_roles(purchase, assuming(payer, users))
        payer_assumed = purchase.payer is None and payer is Assumption.BUYER
        users_assumed = (
            purchase.users is None
            and users is Assumption.BUYER
            and purchase.buyer is not ANONYMOUS
            and purchase.purpose not in {Purpose.GIFT, Purpose.RESALE}
        )

        assert (payer_assumed, users_assumed) == (
            DealRole.PAYER in roles.assumed,
            DealRole.USERS in roles.assumed,
        )
        assert (purchase.buyer if payer_assumed else purchase.payer) == roles.payer
        assert ((purchase.buyer,) if users_assumed else purchase.users) == roles.users


class TestNeverAssumedToUse:
    """The buyer of a gift or of goods for resale is never assumed to use them."""

    @pytest.mark.parametrize("purpose", [Purpose.GIFT, Purpose.RESALE])
    def test_gift_and_resale(self, purpose: Purpose) -> None:
        """Under ``unknown_users=BUYER`` the users of a gift or a resale stay unknown."""
        assuming = attrs.evolve(DEFAULT, name="assuming", unknown_users=Assumption.BUYER)
        sale = Purchase(
            id="f-1",
            seller="s",
            at=date(2024, 1, 5),
            buyer="p-1",
            amount=Money(Decimal("9.99"), "EUR"),
            purpose=purpose,
        )

        assert (None, frozenset({DealRole.PAYER})) == (
            deal_roles(sale, assuming).users,
            deal_roles(sale, assuming).assumed,
        )
