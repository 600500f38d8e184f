"""The worked scenarios of the design brief, each under the default policy.

Each test builds the ledger the scenario describes and asserts every field
the scenario states.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import attrs

from clientele import (
    ACCOUNT_MANAGEMENT,
    DEFAULT,
    INCLUSIVE,
    PROFESSIONAL_SERVICES,
    TRAITS,
    AccountView,
    Assumption,
    Contract,
    Customization,
    Environment,
    Exclusivity,
    Judgement,
    Ledger,
    Market,
    Money,
    Offering,
    OfferingKind,
    Organization,
    Person,
    Policy,
    Purchase,
    Purpose,
    RepresentativeAssignment,
    RepresentativeRole,
    Role,
    Rule,
    Stage,
    Standing,
    Tenure,
    Usage,
    Visit,
    VisitKind,
    judge,
)


def eur(amount: str) -> Money:
    """Return *amount* euros."""
    return Money(Decimal(amount), "EUR")


def at(day: str) -> datetime:
    """Return the end of *day* (ISO date) in UTC: a judgement instant."""
    return datetime.combine(date.fromisoformat(day), datetime.max.time(), UTC)


def verdict(
    ledger: Ledger, seller: str, party: str, day: str, policy: Policy = DEFAULT
) -> Judgement:
    """Judge *party* for *seller* as of the end of *day*."""
    return judge(ledger, seller, party, as_of=at(day), policy=policy)


class TestTissuesThroughAHypermarket:
    """Scenario 1: a maker, a reseller, a shopper and the shopper's friend."""

    ledger = Ledger.of(
        Organization(id="softco", name="SoftCo tissues"),
        Organization(id="hyper", name="HyperMart"),
        Person(id="shopper"),
        Person(id="friend"),
        Offering(
            id="tissues",
            kind=OfferingKind.GOODS,
            customization=Customization.STANDARD,
            market=Market.CONSUMER,
            maker="softco",
        ),
        Contract(
            id="supply",
            seller="softco",
            counterparty="hyper",
            signed=date(2024, 1, 2),
            start=date(2024, 1, 5),
            scope="monthly supply of tissues",
        ),
        Purchase(
            id="bulk",
            seller="softco",
            at=date(2024, 2, 1),
            amount=eur("12000"),
            buyer="hyper",
            payer="hyper",
            users=(),
            purpose=Purpose.RESALE,
            offering="tissues",
        ),
        Purchase(
            id="pack",
            seller="hyper",
            at=date(2024, 3, 1),
            amount=eur("2.40"),
            buyer="shopper",
            payer="shopper",
            users=("friend",),
            purpose=Purpose.GIFT,
            offering="tissues",
        ),
    )

    def test_hypermarket_is_the_makers_intermediary_client(self) -> None:
        """The reseller under a supply contract is a client, an intermediary, not a user."""
        hyper = verdict(self.ledger, "softco", "hyper", "2024-03-15")

        assert hyper.standing == Standing.CLIENT
        assert hyper.environment == Environment.CONTRACT
        assert Role.INTERMEDIARY in hyper.roles
        assert {Role.USER, Role.CONSUMER, Role.END_CUSTOMER}.isdisjoint(hyper.roles)
        assert hyper.reason("standing").facts == ("supply",)

    def test_shopper_is_the_hypermarkets_customer_not_a_user(self) -> None:
        """The shopper paid and bought a gift: a customer, buyer and payer, not a user."""
        shopper = verdict(self.ledger, "hyper", "shopper", "2024-03-15")

        assert shopper.standing == Standing.CUSTOMER
        assert shopper.environment == Environment.NON_CONTRACT
        assert {Role.BUYER, Role.PAYER, Role.END_CUSTOMER} == shopper.roles

    def test_friend_is_the_makers_consumer(self) -> None:
        """The gift's recipient is the maker's user and consumer without dealing with it."""
        friend = verdict(self.ledger, "softco", "friend", "2024-03-15")

        assert {Role.USER, Role.CONSUMER} == friend.roles
        assert friend.standing == Standing.NONE
        assert friend.reason("standing").rule == Rule.THROUGH_OTHERS
        assert friend.reason("role.consumer").facts == ("pack",)

    def test_friend_is_no_ones_customer(self) -> None:
        """Neither seller counts the friend as a customer or a payer."""
        for seller in ("softco", "hyper"):
            friend = verdict(self.ledger, seller, "friend", "2024-03-15")
            assert friend.standing == Standing.NONE
            assert Role.PAYER not in friend.roles

    def test_shopper_is_nothing_to_the_maker(self) -> None:
        """The shopper paid the hypermarket, not the maker."""
        shopper = verdict(self.ledger, "softco", "shopper", "2024-03-15")

        assert shopper.standing == Standing.NONE
        assert frozenset() == shopper.roles


class TestCompanyCarForItsManager:
    """Scenario 2: a company pays for a car its general manager drives."""

    ledger = Ledger.of(
        Organization(id="company-a", members=("manager",)),
        Person(id="manager"),
        Purchase(
            id="car",
            seller="dealer",
            at=date(2024, 5, 6),
            amount=eur("38000"),
            buyer="company-a",
            payer="company-a",
            users=("manager",),
            purpose=Purpose.BUSINESS_USE,
        ),
    )

    def test_company_is_the_paying_customer(self) -> None:
        """The company is the dealer's customer and payer, not the user."""
        company = verdict(self.ledger, "dealer", "company-a", "2024-05-10")

        assert company.standing == Standing.CUSTOMER
        assert Role.PAYER in company.roles
        assert Role.USER not in company.roles

    def test_manager_is_the_user_not_a_customer(self) -> None:
        """The manager uses the car for work: a user, not a customer or consumer."""
        manager = verdict(self.ledger, "dealer", "manager", "2024-05-10")

        assert {Role.USER} == manager.roles
        assert manager.standing == Standing.NONE
        assert manager.tenure == Tenure.NONE


class TestPersonBuysACarForHimself:
    """Scenario 3: one person is customer, payer, buyer and user at once."""

    def test_every_role_at_once(self) -> None:
        """Buying for oneself makes one party buyer, payer, user and consumer."""
        ledger = Ledger.of(
            Person(id="driver"),
            Purchase(
                id="car",
                seller="dealer",
                at=date(2024, 5, 6),
                amount=eur("21000"),
                buyer="driver",
                payer="driver",
                users=("driver",),
                purpose=Purpose.OWN_USE,
            ),
        )
        driver = verdict(ledger, "dealer", "driver", "2024-05-10")

        assert driver.standing == Standing.CUSTOMER
        assert {
            Role.BUYER,
            Role.PAYER,
            Role.USER,
            Role.CONSUMER,
            Role.END_CUSTOMER,
        } == driver.roles


class TestPresentForAWife:
    """Scenario 4: a husband buys a present for his wife at a department store."""

    ledger = Ledger.of(
        Person(id="husband"),
        Person(id="wife"),
        Purchase(
            id="scarf",
            seller="store",
            at=date(2024, 2, 13),
            amount=eur("89.00"),
            buyer="husband",
            users=("wife",),
            purpose=Purpose.GIFT,
        ),
    )

    def test_husband_is_the_customer(self) -> None:
        """The husband, who paid, is the customer and not a consumer."""
        husband = verdict(self.ledger, "store", "husband", "2024-02-14")

        assert husband.standing == Standing.CUSTOMER
        assert Role.CONSUMER not in husband.roles
        assert "policy assumes the buyer paid" in husband.reason("role.payer").detail

    def test_wife_is_the_consumer(self) -> None:
        """The wife uses the present personally: a consumer, not a customer."""
        wife = verdict(self.ledger, "store", "wife", "2024-02-14")

        assert {Role.USER, Role.CONSUMER} == wife.roles
        assert wife.standing == Standing.NONE


class TestBank:
    """Scenario 5: a bank's visitor, customer and client."""

    ledger = Ledger.of(
        Person(id="casher"),
        Person(id="holder"),
        Person(id="banker"),
        Visit(
            id="cash-check",
            seller="bank",
            party="casher",
            at=date(2024, 4, 2),
            kind=VisitKind.ASKED,
        ),
        Purchase(
            id="fee-holder",
            seller="bank",
            at=date(2024, 4, 1),
            amount=eur("4.00"),
            buyer="holder",
        ),
        Purchase(
            id="fee-savings",
            seller="bank",
            at=date(2023, 1, 10),
            amount=eur("4.00"),
            buyer="banker",
        ),
        Purchase(
            id="fee-business",
            seller="bank",
            at=date(2024, 3, 1),
            amount=eur("15.00"),
            buyer="banker",
        ),
        Contract(
            id="loan",
            seller="bank",
            counterparty="banker",
            signed=date(2023, 6, 1),
            start=date(2023, 6, 1),
            end=date(2033, 6, 1),
            scope="mortgage loan",
        ),
        RepresentativeAssignment(
            id="rm",
            seller="bank",
            party="banker",
            at=date(2023, 6, 1),
            representative="Olga",
            role=RepresentativeRole.RELATIONSHIP_MANAGER,
        ),
    )

    def test_check_casher_is_a_visitor(self) -> None:
        """Cashing another party's check is an interaction without payment."""
        casher = verdict(self.ledger, "bank", "casher", "2024-04-30")

        assert casher.standing == Standing.VISITOR
        assert casher.tenure == Tenure.NONE
        assert casher.reason("standing").facts == ("cash-check",)

    def test_plain_account_holder_is_a_customer(self) -> None:
        """An account holder with no relationship is a customer."""
        holder = verdict(self.ledger, "bank", "holder", "2024-04-30")

        assert holder.standing == Standing.CUSTOMER
        assert holder.environment == Environment.NON_CONTRACT

    def test_full_relationship_is_a_client(self) -> None:
        """Accounts, a loan under contract and a relationship manager make a client."""
        banker = verdict(self.ledger, "bank", "banker", "2024-04-30")

        assert banker.standing == Standing.CLIENT
        assert banker.environment == Environment.CONTRACT
        assert banker.tenure == Tenure.REPEAT


class TestCoffeeShopRegulars:
    """Scenario 6: the same drink every morning, no contract."""

    ledger = Ledger.of(
        *(
            Purchase(
                id=f"latte-{n}",
                seller="cafe",
                at=datetime(2024, 3, 1, 8, 15, tzinfo=UTC) + timedelta(days=n),
                amount=eur("3.20"),
                buyer="regular",
            )
            for n in range(60)
        )
    )

    def test_regular_is_a_repeat_customer_without_contract(self) -> None:
        """Daily purchases make a repeat customer in a non-contract environment."""
        regular = verdict(self.ledger, "cafe", "regular", "2024-04-30")

        assert regular.standing == Standing.CUSTOMER
        assert regular.tenure == Tenure.REPEAT
        assert regular.environment == Environment.NON_CONTRACT
        assert regular.stage == Stage.ACTIVE

    def test_customers_shop_around_on_price_and_convenience(self) -> None:
        """The traits of a customer say it compares on price and convenience."""
        traits = TRAITS[verdict(self.ledger, "cafe", "regular", "2024-04-30").standing]

        assert traits.exclusivity == Exclusivity.SHOPS_AROUND
        assert {"price", "convenience"} <= set(traits.values)


class TestLongTermClients:
    """Scenario 7: a family's vet, and a patient who keeps a dentist after moving."""

    def test_family_bringing_every_pet_is_a_long_term_client(self) -> None:
        """Years of visits for every pet make a long-term client."""
        visits = [
            Purchase(
                id=f"vet-{n}",
                seller="vet",
                at=date(2021, 1, 15) + timedelta(days=120 * n),
                amount=eur("65.00"),
                buyer="family",
                users=(f"pet-{n % 3}",),
            )
            for n in range(10)
        ]
        ledger = Ledger.of(Organization(id="family"), *visits)
        family = verdict(ledger, "vet", "family", "2024-06-01")

        assert family.tenure == Tenure.LONG_TERM
        assert family.standing == Standing.CLIENT
        assert family.reason("standing").rule == Rule.LONG_TERM_CLIENT

    def test_patient_keeps_dentist_after_moving(self) -> None:
        """Twice-yearly check-ups over years, from another city, make a long-term client."""
        checkups = [
            Purchase(
                id=f"checkup-{n}",
                seller="dentist",
                at=date(2020, 3, 1) + timedelta(days=182 * n),
                amount=eur("80.00"),
                buyer="patient",
            )
            for n in range(9)
        ]
        patient = verdict(Ledger.of(*checkups), "dentist", "patient", "2024-06-01")

        assert patient.tenure == Tenure.LONG_TERM
        assert patient.standing == Standing.CLIENT


class TestAccountingFirmEngagement:
    """Scenario 8: a signed engagement makes a client before any invoice is paid."""

    def test_contract_client_before_first_invoice(self) -> None:
        """A contract in force makes a client in a contract environment, unpaid."""
        ledger = Ledger.of(
            Organization(id="globex"),
            Contract(
                id="engagement",
                seller="ledgerly",
                counterparty="globex",
                signed=date(2024, 1, 10),
                start=date(2024, 2, 1),
                scope="annual accounts and payroll",
                fees=eur("1200"),
                cancellation="three months' notice",
            ),
        )
        globex = verdict(ledger, "ledgerly", "globex", "2024-02-10")

        assert globex.standing == Standing.CLIENT
        assert globex.environment == Environment.CONTRACT
        assert globex.tenure == Tenure.NONE
        assert globex.stage == Stage.NEW
        assert globex.reason("environment").facts == ("engagement",)


class TestAccountManagementPreset:
    """Scenario 9: new in its first month, an account from a later month's purchase."""

    first = Purchase(
        id="march",
        seller="supplier",
        at=date(2024, 3, 5),
        amount=eur("500"),
        buyer="buyer-co",
    )
    again = Purchase(
        id="april",
        seller="supplier",
        at=date(2024, 4, 10),
        amount=eur("450"),
        buyer="buyer-co",
    )

    def test_new_customer_in_its_first_month(self) -> None:
        """In March, the company is new business, a one-time new customer."""
        march = verdict(
            Ledger.of(self.first),
            "supplier",
            "buyer-co",
            "2024-03-20",
            ACCOUNT_MANAGEMENT,
        )

        assert march.stage == Stage.NEW
        assert march.account == AccountView.NEW_BUSINESS
        assert march.tenure == Tenure.ONE_TIME

    def test_buying_again_in_april_makes_an_account(self) -> None:
        """A purchase in a later month makes the company an account."""
        april = verdict(
            Ledger.of(self.first, self.again),
            "supplier",
            "buyer-co",
            "2024-04-15",
            ACCOUNT_MANAGEMENT,
        )

        assert april.account == AccountView.ACCOUNT
        assert april.tenure == Tenure.REPEAT
        assert april.reason("account").facts == ("april", "march")

    def test_never_buying_again_is_lost_after_the_churn_window(self) -> None:
        """A one-time customer stays one-time and is lost once the churn window passes."""
        later = verdict(
            Ledger.of(self.first),
            "supplier",
            "buyer-co",
            "2025-03-10",
            ACCOUNT_MANAGEMENT,
        )

        assert later.tenure == Tenure.ONE_TIME
        assert later.stage == Stage.CHURNED
        assert later.account == AccountView.NEW_BUSINESS


class TestWebService:
    """Scenario 10: readers are visitors; registered non-payers are users."""

    ledger = Ledger.of(
        Visit(id="read", seller="news", party="reader", at=date(2024, 6, 1)),
        Visit(
            id="signup",
            seller="news",
            party="member",
            at=date(2024, 6, 1),
            kind=VisitKind.REGISTERED,
        ),
        Usage(id="use", seller="news", party="member", at=date(2024, 6, 2)),
    )

    def test_reader_without_registering_is_a_visitor(self) -> None:
        """Reading without registering makes a visitor, nothing more."""
        reader = verdict(self.ledger, "news", "reader", "2024-06-30")

        assert reader.standing == Standing.VISITOR
        assert frozenset() == reader.roles

    def test_registered_non_payer_is_a_user_not_a_customer(self) -> None:
        """A registered member who never pays is a user and not a customer."""
        member = verdict(self.ledger, "news", "member", "2024-06-30")

        assert Role.USER in member.roles
        assert member.standing == Standing.VISITOR
        assert Role.PAYER not in member.roles


class TestFoundItem:
    """Scenario 11: someone who finds or is given an item uses it without paying."""

    def test_finder_is_a_user_never_a_payer(self) -> None:
        """Using a found item makes a user, never a payer or customer."""
        ledger = Ledger.of(
            Usage(id="found", seller="umbrella-maker", party="finder", at=date(2024, 7, 1))
        )
        finder = verdict(ledger, "umbrella-maker", "finder", "2024-07-02")

        assert {Role.USER} == finder.roles
        assert finder.standing != Standing.CUSTOMER
        assert finder.tenure == Tenure.NONE


class TestPresetsDisagree:
    """Each preset, on a case where it judges differently from the default."""

    def test_account_management_ends_new_at_the_month_boundary(self) -> None:
        """A first purchase on 25 March is no longer new on 2 April by calendar month."""
        ledger = Ledger.of(
            Purchase(
                id="first",
                seller="supplier",
                at=date(2024, 3, 25),
                amount=eur("100"),
                buyer="acme",
            )
        )

        assert verdict(ledger, "supplier", "acme", "2024-04-02").stage == Stage.NEW
        assert (
            verdict(ledger, "supplier", "acme", "2024-04-02", ACCOUNT_MANAGEMENT).stage
            == Stage.ACTIVE
        )

    def test_account_management_counts_months_not_purchases(self) -> None:
        """Two purchases in one month are repeat business by default, one month by preset."""
        ledger = Ledger.of(
            Purchase(
                id="a",
                seller="supplier",
                at=date(2024, 3, 4),
                amount=eur("1"),
                buyer="acme",
            ),
            Purchase(
                id="b",
                seller="supplier",
                at=date(2024, 3, 18),
                amount=eur("1"),
                buyer="acme",
            ),
        )

        assert verdict(ledger, "supplier", "acme", "2024-03-20").tenure == Tenure.REPEAT
        assert (
            verdict(ledger, "supplier", "acme", "2024-03-20", ACCOUNT_MANAGEMENT).tenure
            == Tenure.ONE_TIME
        )

    def test_professional_services_makes_every_engaged_party_a_client(self) -> None:
        """One paid consultation: a customer by default, a client for a professional firm."""
        ledger = Ledger.of(
            Purchase(
                id="consult",
                seller="law-firm",
                at=date(2024, 5, 2),
                amount=eur("300"),
                buyer="ana",
            )
        )

        assert verdict(ledger, "law-firm", "ana", "2024-05-03").standing == Standing.CUSTOMER
        engaged = verdict(ledger, "law-firm", "ana", "2024-05-03", PROFESSIONAL_SERVICES)
        assert engaged.standing == Standing.CLIENT
        assert engaged.reason("standing").rule == Rule.ENGAGED_CLIENT

    def test_professional_services_waits_longer_before_calling_a_client_lost(
        self,
    ) -> None:
        """Eighteen months of silence: churned by default, only inactive for a firm."""
        ledger = Ledger.of(
            Purchase(
                id="audit",
                seller="law-firm",
                at=date(2023, 1, 10),
                amount=eur("900"),
                buyer="ana",
            )
        )

        assert verdict(ledger, "law-firm", "ana", "2024-07-10").stage == Stage.CHURNED
        assert (
            verdict(ledger, "law-firm", "ana", "2024-07-10", PROFESSIONAL_SERVICES).stage
            == Stage.INACTIVE
        )

    def test_inclusive_counts_a_browser_as_a_customer(self) -> None:
        """A visit makes a visitor by default and a customer under the inclusive preset."""
        ledger = Ledger.of(Visit(id="browse", seller="shop", party="ivan", at=date(2024, 6, 1)))

        assert verdict(ledger, "shop", "ivan", "2024-06-02").standing == Standing.VISITOR
        inclusive = verdict(ledger, "shop", "ivan", "2024-06-02", INCLUSIVE)
        assert inclusive.standing == Standing.CUSTOMER
        assert inclusive.reason("standing").facts == ("browse",)

    def test_assuming_the_buyer_uses_changes_roles_only(self) -> None:
        """With unrecorded users assumed to be the buyer, the buyer becomes a user."""
        ledger = Ledger.of(
            Person(id="ana"),
            Purchase(
                id="book",
                seller="shop",
                at=date(2024, 6, 1),
                amount=eur("12"),
                buyer="ana",
                purpose=Purpose.OWN_USE,
            ),
        )
        assuming = attrs.evolve(DEFAULT, name="assume_users", unknown_users=Assumption.BUYER)

        assert Role.USER not in verdict(ledger, "shop", "ana", "2024-06-02").roles
        assumed = verdict(ledger, "shop", "ana", "2024-06-02", assuming)
        assert {Role.USER, Role.CONSUMER} <= assumed.roles
        assert assumed.standing == Standing.CUSTOMER


class TestEdgesOfStanding:
    """Standing where a relationship ends."""

    def test_a_party_with_a_representative_has_dealt_with_the_seller(self) -> None:
        """Once its representative is gone, a party that never paid is a visitor, not nobody."""
        ledger = Ledger.of(
            RepresentativeAssignment(
                id="rm",
                seller="bank",
                party="ivan",
                at=date(2024, 1, 1),
                representative="Olga",
                end=date(2024, 3, 1),
            )
        )

        assert Standing.CLIENT == verdict(ledger, "bank", "ivan", "2024-02-01").standing
        assert Standing.VISITOR == verdict(ledger, "bank", "ivan", "2024-06-01").standing

    def test_a_lost_engaged_party_is_no_longer_a_client(self) -> None:
        """Under professional services, a client lost years ago is a (churned) customer."""
        ledger = Ledger.of(
            Purchase(
                id="audit", seller="law-firm", at=date(2020, 1, 10), amount=eur("900"), buyer="ana"
            )
        )
        lost = verdict(ledger, "law-firm", "ana", "2024-07-10", PROFESSIONAL_SERVICES)

        assert (Standing.CUSTOMER, Stage.CHURNED) == (lost.standing, lost.stage)
