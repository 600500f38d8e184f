"""Write the sample ledger bundled with clientele, always the same bytes.

    python scripts/make_sample_ledger.py           # rewrite the sample
    python scripts/make_sample_ledger.py --check   # exit 1 if it is out of date

The sample (``src/clientele/data/sample-ledger.jsonl``) holds:

* every worked scenario of the design brief, under the ids of
  ``tests/test_scenarios.py`` so that the docs can name them (``softco``,
  ``hyper``, ``shopper``, ``friend``, ``company-a``, ``manager``, ``driver``,
  ``husband``, ``wife``, ``casher``, ``holder``, ``banker``, ``regular``,
  ``family``, ``patient``, ``globex``, ``buyer-co``, ``reader``, ``member``,
  ``finder``); the long-term ones are moved into 2023-2024;
* a customer-based shop, ``corner-shop``: 300 people, most of them one-time
  customers, some repeat customers, a few regulars, anonymous cash sales,
  refunds, visits, gifts and referrals;
* a client-based accounting firm, ``ledgerly``: about forty organizations
  under engagement contracts (some ended), monthly fees, account managers,
  and prospects who only asked for a quote;
* a mixed seller, the bank ``northbank``: account holders, savers with cards
  their families use, mortgage and business-loan clients with relationship
  managers, and people who only came in to cash a check.

Facts fall between 2023-01-01 and 2024-12-31 (contracts may end later);
amounts are in euros with two decimals. Everything random comes from one
``random.Random`` seeded with :data:`SEED`, so the file changes only when
this script does.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Final

from clientele import (
    ANONYMOUS,
    Anonymous,
    BusinessModel,
    Confidentiality,
    Contract,
    Customization,
    Ledger,
    Market,
    Money,
    Offering,
    OfferingKind,
    Organization,
    Person,
    Purchase,
    Purpose,
    Record,
    Referral,
    Refund,
    RepresentativeAssignment,
    RepresentativeRole,
    Seller,
    Usage,
    Visit,
    VisitKind,
    When,
    dump_ledger,
)

#: Where the sample lives, relative to this script.
TARGET: Final = (
    Path(__file__).resolve().parent.parent / "src" / "clientele" / "data" / "sample-ledger.jsonl"
)

#: The seed of every random choice.
SEED: Final = 20230101

FIRST: Final = date(2023, 1, 1)
LAST: Final = date(2024, 12, 31)

# Made-up names, drawn at random.
FIRST_NAMES: Final = (  # noqa: SIM905 - a word table reads better as text
    "Ada Aiko Ana Bruno Carla Chen Dara Elif Emil Farah Greta Hana Ines Ivan Jonas "
    "Kofi Lea Lena Luca Maya Mehmet Mira Nadia Noah Olga Omar Paula Priya Rafael "
    "Sami Sara Sofia Tariq Teo Una Vera Yusuf Zoe"
).split()
SURNAMES: Final = (  # noqa: SIM905 - a word table reads better as text
    "Almeida Berg Costa Dubois Eriksen Fischer Garcia Hansen Ivanova Jensen Kaya "
    "Kowalski Larsen Meyer Novak Okafor Petrova Quinn Rossi Santos Schmidt Silva "
    "Takahashi Tanaka Umarov Varga Weber Xu Yilmaz Zielinski"
).split()
COMPANY_WORDS: Final = (  # noqa: SIM905 - a word table reads better as text
    "Alder Amber Birch Cedar Cobalt Coral Delta Ember Fjord Granite Harbor Indigo "
    "Juniper Kestrel Linden Maple Meadow Nimbus Oak Orchid Pine Quartz Raven Sage "
    "Summit Tidal Umber Willow"
).split()
COMPANY_TRADES: Final = (  # noqa: SIM905 - a word table reads better as text
    "Architects Bakery Builders Catering Clinic Consulting Design Electrics Foods "
    "Logistics Media Motors Optics Print Studio Textiles Tools Travel"
).split()


def eur(cents: int) -> Money:
    """Return *cents* euro cents as money with two decimals."""
    return Money(Decimal(cents).scaleb(-2), "EUR")


def central_european(day: date, hour: int, minute: int) -> datetime:
    """Return *day* at *hour*:*minute* in Central European (summer) time.

    Summer time runs from the last Sunday of March to the last Sunday of
    October; the switch happens at night, when the shops are closed.
    """

    def last_sunday(month: int) -> date:
        """Return the last Sunday of *month* (March or October) in *day*'s year."""
        end = date(day.year, month, 31)
        return end - timedelta(days=(end.weekday() + 1) % 7)

    summer = last_sunday(3) <= day < last_sunday(10)
    zone = timezone(timedelta(hours=2 if summer else 1))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def random_day(rng: random.Random, first: date = FIRST, last: date = LAST) -> date:
    """Return a day from *first* to *last*, both included."""
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def month_starts(first: date, last: date, day: int = 1) -> list[date]:
    """Return the *day* of every month from *first*'s month on, up to *last*."""
    days: list[date] = []
    year, month = first.year, first.month
    while (current := date(year, month, day)) <= last:
        if current >= first:
            days.append(current)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def add_months(day: date, months: int) -> date:
    """Return the first of the month *months* after *day*'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def day_of(when: When) -> date:
    """Return the calendar day of *when*, in its own offset."""
    return when.date() if isinstance(when, datetime) else when


def person_name(rng: random.Random) -> str:
    """Return a made-up full name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def company(rng: random.Random, taken: set[str], suffix: str) -> tuple[str, str]:
    """Return the id and name of a made-up company whose id is not in *taken*."""
    while True:
        word, trade = rng.choice(COMPANY_WORDS), rng.choice(COMPANY_TRADES)
        party_id = f"{word}-{trade}".lower()
        if party_id not in taken:
            taken.add(party_id)
            return party_id, f"{word} {trade} {suffix}"


class Ids:
    """Numbered ids with a prefix, handed out in order: ``cs-f-0001``, ``cs-f-0002``, …."""

    def __init__(self, prefix: str, width: int) -> None:
        """Start numbering at 1 for ids ``{prefix}-NNNN`` of *width* digits."""
        self.prefix = prefix
        self.width = width
        self.count = 0

    def next(self) -> str:
        """Return the next id."""
        self.count += 1
        return f"{self.prefix}-{self.count:0{self.width}d}"


# The worked scenarios, as in tests/test_scenarios.py.


def scenarios() -> list[Record]:
    """Return the records of every worked scenario of the design brief."""
    return [
        *tissues_through_a_hypermarket(),
        *cars(),
        *present_for_a_wife(),
        *bank(),
        *coffee_shop(),
        *long_term_clients(),
        *accounting_engagement(),
        *account_management(),
        *web_service(),
        *found_item(),
    ]


def tissues_through_a_hypermarket() -> list[Record]:
    """Scenario 1: a maker, a reseller under contract, a shopper and a gift."""
    return [
        Organization(id="softco", name="SoftCo tissues"),
        Seller(id="softco", business_model=BusinessModel.CLIENT_BASED, name="SoftCo"),
        Organization(id="hyper", name="HyperMart"),
        Seller(id="hyper", business_model=BusinessModel.CUSTOMER_BASED, name="HyperMart"),
        Person(id="shopper", name="Sam Shopper"),
        Person(id="friend", name="Kim Friend"),
        Offering(
            id="tissues",
            kind=OfferingKind.GOODS,
            customization=Customization.STANDARD,
            market=Market.CONSUMER,
            maker="softco",
            name="Tissues, pack of 10",
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
            amount=eur(1_200_000),
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
            amount=eur(240),
            buyer="shopper",
            payer="shopper",
            users=("friend",),
            purpose=Purpose.GIFT,
            offering="tissues",
        ),
    ]


def cars() -> list[Record]:
    """Scenarios 2 and 3: a company car its manager drives, and a car for oneself."""
    return [
        Seller(id="dealer", business_model=BusinessModel.CUSTOMER_BASED, name="City Motors"),
        Organization(id="company-a", name="Company A", members=("manager",)),
        Person(id="manager", name="Mia Manager"),
        Person(id="driver", name="Dan Driver"),
        Purchase(
            id="car",
            seller="dealer",
            at=date(2024, 5, 6),
            amount=eur(3_800_000),
            buyer="company-a",
            payer="company-a",
            users=("manager",),
            purpose=Purpose.BUSINESS_USE,
        ),
        Purchase(
            id="own-car",
            seller="dealer",
            at=date(2024, 5, 6),
            amount=eur(2_100_000),
            buyer="driver",
            payer="driver",
            users=("driver",),
            purpose=Purpose.OWN_USE,
        ),
    ]


def present_for_a_wife() -> list[Record]:
    """Scenario 4: a husband buys a present for his wife."""
    return [
        Seller(
            id="store",
            business_model=BusinessModel.CUSTOMER_BASED,
            name="Grand Department Store",
        ),
        Person(id="husband", name="Hal Husband"),
        Person(id="wife", name="Wanda Wife"),
        Purchase(
            id="scarf",
            seller="store",
            at=date(2024, 2, 13),
            amount=eur(8900),
            buyer="husband",
            users=("wife",),
            purpose=Purpose.GIFT,
        ),
    ]


def bank() -> list[Record]:
    """Scenario 5: a bank's visitor, plain customer and full client."""
    return [
        Seller(id="bank", business_model=BusinessModel.MIXED, name="First Bank"),
        Person(id="casher", name="Cas Casher"),
        Person(id="holder", name="Hol Holder"),
        Person(id="banker", name="Ben Banker"),
        Visit(
            id="cash-check",
            seller="bank",
            party="casher",
            at=date(2024, 4, 2),
            kind=VisitKind.ASKED,
        ),
        Purchase(
            id="fee-holder", seller="bank", at=date(2024, 4, 1), amount=eur(400), buyer="holder"
        ),
        Purchase(
            id="fee-savings", seller="bank", at=date(2023, 1, 10), amount=eur(400), buyer="banker"
        ),
        Purchase(
            id="fee-business", seller="bank", at=date(2024, 3, 1), amount=eur(1500), buyer="banker"
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
    ]


def coffee_shop() -> list[Record]:
    """Scenario 6: regulars buying the same drink every morning, no contract."""
    start = datetime(2024, 3, 1, 8, 15, tzinfo=UTC)
    return [
        Seller(id="cafe", business_model=BusinessModel.CUSTOMER_BASED, name="Morning Cup"),
        Person(id="regular", name="Rae Regular"),
        Person(id="regular-2", name="Teo Regular"),
        *(
            Purchase(
                id=f"latte-{n}",
                seller="cafe",
                at=start + timedelta(days=n),
                amount=eur(320),
                buyer="regular",
            )
            for n in range(60)
        ),
        *(
            Purchase(
                id=f"tea-{n}",
                seller="cafe",
                at=start + timedelta(days=n, minutes=20),
                amount=eur(280),
                buyer="regular-2",
            )
            for n in range(0, 60, 2)
        ),
    ]


def long_term_clients() -> list[Record]:
    """Scenario 7: a family's vet and a patient who keeps the same dentist."""
    checkups = (
        date(2023, 1, 12),
        date(2023, 6, 20),
        date(2023, 12, 5),
        date(2024, 5, 21),
        date(2024, 11, 12),
    )
    return [
        Seller(id="vet", business_model=BusinessModel.CLIENT_BASED, name="Paws Vet Clinic"),
        Seller(id="dentist", business_model=BusinessModel.CLIENT_BASED, name="Bright Smile"),
        Organization(id="family", name="The Okafor household"),
        Person(id="patient", name="Pat Patient"),
        *(
            Purchase(
                id=f"vet-{n}",
                seller="vet",
                at=date(2023, 1, 15) + timedelta(days=60 * n),
                amount=eur(6500),
                buyer="family",
                users=(f"pet-{n % 3}",),
            )
            for n in range(12)
        ),
        *(
            Purchase(
                id=f"checkup-{n}", seller="dentist", at=day, amount=eur(8000), buyer="patient"
            )
            for n, day in enumerate(checkups)
        ),
        # The patient moved away in 2023 and kept coming back.
        Visit(
            id="moved",
            seller="dentist",
            party="patient",
            at=date(2023, 9, 1),
            kind=VisitKind.ASKED,
        ),
    ]


def accounting_engagement() -> list[Record]:
    """Scenario 8: an engagement under contract, a client before any invoice."""
    return [
        Organization(id="globex", name="Globex Corporation", members=("globex-cfo",)),
        Person(id="globex-cfo", name="Hank Scorpio"),
        Contract(
            id="engagement",
            seller="ledgerly",
            counterparty="globex",
            signed=date(2024, 1, 10),
            start=date(2024, 2, 1),
            scope="annual accounts and payroll",
            fees=eur(120_000),
            cancellation="three months' notice",
        ),
        # Invoices start after the scenario's first weeks.
        *(
            Purchase(
                id=f"globex-{day:%Y-%m}",
                seller="ledgerly",
                at=day,
                amount=eur(120_000),
                buyer="globex",
                payer="globex",
                purpose=Purpose.BUSINESS_USE,
                offering="payroll",
            )
            for day in month_starts(date(2024, 3, 1), LAST, day=5)
        ),
    ]


def account_management() -> list[Record]:
    """Scenario 9: new in March, an account from April; a one-time buyer is lost."""
    return [
        Seller(id="supplier", business_model=BusinessModel.MIXED, name="Supply Depot"),
        Organization(id="buyer-co", name="Buyer Co"),
        Organization(id="once-co", name="Once Co"),
        Purchase(
            id="march",
            seller="supplier",
            at=date(2024, 3, 5),
            amount=eur(50_000),
            buyer="buyer-co",
        ),
        Purchase(
            id="april",
            seller="supplier",
            at=date(2024, 4, 10),
            amount=eur(45_000),
            buyer="buyer-co",
        ),
        Purchase(
            id="once", seller="supplier", at=date(2023, 3, 7), amount=eur(30_000), buyer="once-co"
        ),
    ]


def web_service() -> list[Record]:
    """Scenario 10: a reader is a visitor; a registered non-payer is a user."""
    return [
        Seller(id="news", business_model=BusinessModel.CUSTOMER_BASED, name="Daily Wire"),
        Person(id="reader", name="Rob Reader"),
        Person(id="member", name="Meg Member"),
        Visit(id="read", seller="news", party="reader", at=date(2024, 6, 1)),
        Visit(
            id="signup",
            seller="news",
            party="member",
            at=date(2024, 6, 1),
            kind=VisitKind.REGISTERED,
        ),
        Usage(id="use", seller="news", party="member", at=date(2024, 6, 2)),
    ]


def found_item() -> list[Record]:
    """Scenario 11: someone uses a found umbrella without paying."""
    return [
        Seller(
            id="umbrella-maker", business_model=BusinessModel.CUSTOMER_BASED, name="Brolly & Co"
        ),
        Person(id="finder", name="Fay Finder"),
        Usage(id="found", seller="umbrella-maker", party="finder", at=date(2024, 7, 1)),
    ]


# corner-shop: a customer-based shop.

#: What the shop sells: id, name, maker, price in cents.
SHOP_GOODS: Final = (
    ("bread-loaf", "Sourdough loaf", "millbrook-bakery", 390),
    ("milk-1l", "Milk, 1 l", "alpine-dairy", 139),
    ("coffee-beans", "Coffee beans, 500 g", "roastworks", 1190),
    ("chocolate-bar", "Dark chocolate", "cocoa-guild", 249),
    ("newspaper", "Morning paper", None, 280),
    ("batteries-aa", "AA batteries, 4", "voltcell", 599),
    ("tissues", "Tissues, pack of 10", "softco", 240),
    ("flowers", "Bunch of tulips", None, 899),
    ("wine-red", "Red wine, 75 cl", "hillside-vineyard", 1450),
)

#: The companies that make what the shop sells: id and name.
MAKERS: Final = (
    ("millbrook-bakery", "Millbrook Bakery"),
    ("alpine-dairy", "Alpine Dairy"),
    ("roastworks", "Roastworks Coffee"),
    ("cocoa-guild", "Cocoa Guild"),
    ("voltcell", "Voltcell Batteries"),
    ("hillside-vineyard", "Hillside Vineyard"),
)

#: Goods people buy as presents.
GIFTS: Final = ("flowers", "wine-red", "chocolate-bar")


def corner_shop(rng: random.Random) -> list[Record]:
    """Return the corner shop, its 300 people and their facts."""
    records: list[Record] = [
        Seller(id="corner-shop", business_model=BusinessModel.CUSTOMER_BASED, name="Corner Shop"),
        Organization(id="corner-shop", name="Corner Shop Ltd"),
        *(Organization(id=maker, name=name) for maker, name in MAKERS),
    ]
    prices: dict[str, int] = {}
    for offering, name, maker, price in SHOP_GOODS:
        prices[offering] = price
        if offering != "tissues":  # described by scenario 1
            records.append(
                Offering(
                    id=offering,
                    kind=OfferingKind.GOODS,
                    customization=Customization.STANDARD,
                    market=Market.CONSUMER,
                    maker=maker,
                    name=name,
                )
            )
    people = [f"cs-{n:03d}" for n in range(1, 301)]
    records.extend(Person(id=person, name=person_name(rng)) for person in people)
    sales, visits, refunds = Ids("cs-f", 4), Ids("cs-v", 3), Ids("cs-rf", 2)
    usages, referrals = Ids("cs-u", 2), Ids("cs-r", 2)
    goods = [offering for offering, *_ in SHOP_GOODS]

    def sale(buyer: str | Anonymous, day: date) -> Purchase:
        offering = rng.choice(goods)
        quantity = rng.choice((1, 1, 1, 2, 3))
        at = central_european(day, rng.randrange(7, 20), rng.randrange(60))
        """Return a sale of one of the shop's goods to *buyer* on *day*."""
        return Purchase(
            id=sales.next(),
            seller="corner-shop",
            at=at,
            amount=eur(prices[offering] * quantity),
            buyer=buyer,
            offering=offering,
        )

    bought: list[Purchase] = []
    regulars: list[str] = []
    for person in people:
        kind = rng.random()
        if kind < 0.05:  # looked or asked, never bought
            day = random_day(rng)
            records.append(
                Visit(
                    id=visits.next(),
                    seller="corner-shop",
                    party=person,
                    at=central_european(day, rng.randrange(7, 20), rng.randrange(60)),
                    kind=rng.choice((VisitKind.LOOKED, VisitKind.ASKED)),
                )
            )
        elif kind < 0.62:  # one-time
            bought.append(sale(person, random_day(rng)))
        elif kind < 0.95:  # repeat, within a few months
            first = random_day(rng, last=date(2024, 9, 30))
            last = min(LAST, first + timedelta(days=240))
            bought.extend(
                sale(person, random_day(rng, first, last)) for _ in range(rng.randint(2, 6))
            )
        else:  # a regular: every few days, for months
            regulars.append(person)
            day = random_day(rng, last=date(2023, 12, 31))
            end = random_day(rng, first=date(2024, 6, 1))
            while day <= end:
                bought.append(sale(person, day))
                day += timedelta(days=rng.randint(2, 9))
    # Presents: the buyer pays, someone else uses.
    for _ in range(25):
        buyer, user = rng.sample(people, 2)
        offering = rng.choice(GIFTS)
        day = random_day(rng)
        gift = Purchase(
            id=sales.next(),
            seller="corner-shop",
            at=central_european(day, rng.randrange(9, 19), rng.randrange(60)),
            amount=eur(prices[offering]),
            buyer=buyer,
            payer=buyer,
            users=(user,),
            purpose=Purpose.GIFT,
            offering=offering,
        )
        bought.append(gift)
        if rng.random() < 0.5:
            records.append(
                Usage(
                    id=usages.next(),
                    seller="corner-shop",
                    party=user,
                    at=day + timedelta(days=rng.randint(0, 3)),
                    offering=offering,
                    purchase=gift.id,
                )
            )
    # Cash sales to people the shop cannot tell apart.
    bought.extend(sale(ANONYMOUS, random_day(rng)) for _ in range(300))
    for _ in range(30):
        day = random_day(rng)
        records.append(
            Visit(
                id=visits.next(),
                seller="corner-shop",
                party=ANONYMOUS,
                at=central_european(day, rng.randrange(7, 20), rng.randrange(60)),
            )
        )
    # Returns and refunds, within two weeks, of identified sales.
    identified = [p for p in bought if p.buyer is not ANONYMOUS and day_of(p.at) < LAST]
    for purchase in rng.sample(identified, 25):
        cents = int(purchase.amount.amount * 100)
        back = cents if rng.random() < 0.6 else rng.randint(1, cents)
        day = min(day_of(purchase.at) + timedelta(days=rng.randint(1, 14)), LAST)
        records.append(
            Refund(
                id=refunds.next(),
                seller="corner-shop",
                purchase=purchase.id,
                at=day,
                amount=eur(back),
            )
        )
    # Regulars recommend the shop.
    for promoter in regulars:
        others = [person for person in people if person != promoter]
        referred = rng.choice([None, *rng.sample(others, 2)])
        records.append(
            Referral(
                id=referrals.next(),
                seller="corner-shop",
                promoter=promoter,
                at=random_day(rng),
                referred=referred,
            )
        )
    return [*records, *bought]


# ledgerly: a client-based accounting firm.

ACCOUNT_MANAGERS: Final = ("Mira Koenig", "Tomás Silva", "Aiko Tanaka", "Daniel Weber")
SCOPES: Final = (
    "bookkeeping and VAT returns",
    "bookkeeping, payroll and annual accounts",
    "payroll for up to 25 employees",
    "annual accounts and corporate tax",
)


def ledgerly(rng: random.Random, taken: set[str]) -> tuple[list[Record], list[str]]:
    """Return the accounting firm's records, and the ids of its client organizations."""
    records: list[Record] = [
        Seller(
            id="ledgerly", business_model=BusinessModel.CLIENT_BASED, name="Ledgerly Accounting"
        ),
        Organization(id="ledgerly", name="Ledgerly Accounting LLP"),
        *(
            Offering(
                id=offering,
                kind=OfferingKind.SERVICE,
                customization=Customization.CUSTOMIZED,
                market=Market.PRODUCTION,
                name=name,
            )
            for offering, name in (
                ("bookkeeping", "Monthly bookkeeping"),
                ("payroll", "Payroll"),
                ("annual-accounts", "Annual accounts"),
            )
        ),
        RepresentativeAssignment(
            id="lg-a-00",
            seller="ledgerly",
            party="globex",
            at=date(2024, 1, 10),
            representative=ACCOUNT_MANAGERS[0],
        ),
    ]
    invoices, contracts = Ids("lg-f", 4), Ids("lg-c", 2)
    assignments, visits, referrals = Ids("lg-a", 2), Ids("lg-v", 2), Ids("lg-r", 2)
    clients: list[str] = []
    for _ in range(36):
        org, name = company(rng, taken, rng.choice(("GmbH", "Ltd", "BV", "SARL")))
        contact = f"{org}-owner"
        clients.append(org)
        records.extend(
            (
                Organization(id=org, name=name, members=(contact,)),
                Person(id=contact, name=person_name(rng)),
            )
        )
        signed = random_day(rng, last=date(2024, 9, 30))
        start = add_months(signed, 1)
        ended = rng.random() < 0.25 and start < date(2024, 5, 1)
        end = add_months(start, rng.randint(6, 18)) if ended else None
        if end is not None and end > LAST:
            end = None
        monthly = rng.randrange(15, 91) * 1000
        records.append(
            Contract(
                id=contracts.next(),
                seller="ledgerly",
                counterparty=org,
                signed=signed,
                start=start,
                end=end,
                scope=rng.choice(SCOPES),
                fees=eur(monthly),
                cancellation=rng.choice(("three months' notice", "one month's notice")),
                confidentiality=Confidentiality.MUTUAL,
            )
        )
        manager = rng.choice(ACCOUNT_MANAGERS)
        handover = add_months(start, rng.randint(4, 12)) if rng.random() < 0.2 else None
        if handover is not None and (handover > LAST or (end and handover >= end)):
            handover = None
        records.append(
            RepresentativeAssignment(
                id=assignments.next(),
                seller="ledgerly",
                party=org,
                at=start,
                representative=manager,
                end=handover or end,
            )
        )
        if handover is not None:
            successor = rng.choice([m for m in ACCOUNT_MANAGERS if m != manager])
            records.append(
                RepresentativeAssignment(
                    id=assignments.next(),
                    seller="ledgerly",
                    party=org,
                    at=handover,
                    representative=successor,
                    end=end,
                )
            )
        service = rng.choice(("bookkeeping", "payroll"))
        for n, day in enumerate(month_starts(start, end or LAST, day=5)):
            if end is not None and day >= end:
                break
            records.append(
                Purchase(
                    id=invoices.next(),
                    seller="ledgerly",
                    at=day,
                    amount=eur(monthly),
                    buyer=org,
                    payer=org,
                    decision_maker=contact if n == 0 else None,
                    purpose=Purpose.BUSINESS_USE,
                    offering=service,
                )
            )
        if start < date(2024, 3, 1) and (end is None or end > date(2024, 5, 31)):
            records.append(
                Purchase(
                    id=invoices.next(),
                    seller="ledgerly",
                    at=date(2024, rng.choice((4, 5)), rng.randint(1, 28)),
                    amount=eur(rng.randrange(12, 41) * 10_000),
                    buyer=org,
                    payer=org,
                    purpose=Purpose.BUSINESS_USE,
                    offering="annual-accounts",
                )
            )
    # Prospects who asked for a quote and never signed, some referred by clients.
    for _ in range(5):
        org, name = company(rng, taken, "Ltd")
        records.append(Organization(id=org, name=name))
        day = random_day(rng)
        records.append(
            Visit(id=visits.next(), seller="ledgerly", party=org, at=day, kind=VisitKind.ASKED)
        )
        if rng.random() < 0.6:
            records.append(
                Referral(
                    id=referrals.next(),
                    seller="ledgerly",
                    promoter=rng.choice(clients),
                    referred=org,
                    at=max(FIRST, day - timedelta(days=rng.randint(1, 20))),
                )
            )
    return records, clients


# northbank: a mixed seller.

RELATIONSHIP_MANAGERS: Final = ("Olga Petrova", "Kwame Mensah", "Ines Duarte")


def northbank(rng: random.Random, businesses: Sequence[str]) -> list[Record]:
    """Return the bank's records; *businesses* are organizations that bank there."""
    records: list[Record] = [
        Seller(id="northbank", business_model=BusinessModel.MIXED, name="Northbank"),
        Organization(id="northbank", name="Northbank plc"),
        Organization(id="cardnet", name="Cardnet payments"),
        *(
            Offering(
                id=offering,
                kind=kind,
                customization=customization,
                market=market,
                maker=maker,
                name=name,
            )
            for offering, name, kind, customization, market, maker in (
                (
                    "current-account",
                    "Current account",
                    OfferingKind.SERVICE,
                    Customization.STANDARD,
                    Market.CONSUMER,
                    None,
                ),
                (
                    "savings-account",
                    "Savings account",
                    OfferingKind.SERVICE,
                    Customization.STANDARD,
                    Market.CONSUMER,
                    None,
                ),
                (
                    "debit-card",
                    "Debit card",
                    OfferingKind.GOODS,
                    Customization.STANDARD,
                    Market.CONSUMER,
                    "cardnet",
                ),
                (
                    "business-account",
                    "Business account",
                    OfferingKind.SERVICE,
                    Customization.STANDARD,
                    Market.PRODUCTION,
                    None,
                ),
                (
                    "mortgage",
                    "Mortgage",
                    OfferingKind.SERVICE,
                    Customization.CUSTOMIZED,
                    Market.CONSUMER,
                    None,
                ),
                (
                    "business-loan",
                    "Business loan",
                    OfferingKind.SERVICE,
                    Customization.CUSTOMIZED,
                    Market.PRODUCTION,
                    None,
                ),
                (
                    "wealth-advice",
                    "Wealth advice",
                    OfferingKind.SERVICE,
                    Customization.CUSTOMIZED,
                    Market.CONSUMER,
                    None,
                ),
            )
        ),
    ]
    fees, contracts, assignments = Ids("nb-f", 4), Ids("nb-c", 2), Ids("nb-a", 2)
    visits, usages, refunds, referrals = (
        Ids("nb-v", 3),
        Ids("nb-u", 2),
        Ids("nb-rf", 2),
        Ids("nb-r", 2),
    )

    def yearly(party: str, offering: str, cents: int, opened: date) -> list[Purchase]:
        """Return the yearly fees of an account, from the day it was opened."""
        days = [opened, opened.replace(year=opened.year + 1)] if opened.day < 29 else [opened]
        return [
            Purchase(
                id=fees.next(),
                seller="northbank",
                at=day,
                amount=eur(cents),
                buyer=party,
                offering=offering,
            )
            for day in days
            if day <= LAST
        ]

    def assign(party: str, at: date) -> RepresentativeAssignment:
        """Return a relationship manager's assignment to *party* from *at*."""
        return RepresentativeAssignment(
            id=assignments.next(),
            seller="northbank",
            party=party,
            at=at,
            representative=rng.choice(RELATIONSHIP_MANAGERS),
            role=RepresentativeRole.RELATIONSHIP_MANAGER,
        )

    holders: list[str] = []
    for n in range(1, 91):
        person = f"nb-{n:03d}"
        records.append(Person(id=person, name=person_name(rng)))
        kind = rng.random()
        if kind < 0.12:  # cashed a check drawn on someone else's account
            day = random_day(rng)
            records.append(
                Visit(
                    id=visits.next(),
                    seller="northbank",
                    party=person,
                    at=central_european(day, rng.randrange(9, 17), rng.randrange(60)),
                    kind=VisitKind.ASKED,
                )
            )
            continue
        if kind < 0.2:  # opened an account online, never funded it
            records.append(
                Visit(
                    id=visits.next(),
                    seller="northbank",
                    party=person,
                    at=random_day(rng),
                    kind=VisitKind.REGISTERED,
                )
            )
            continue
        holders.append(person)
        opened = random_day(rng, last=date(2024, 9, 30))
        records.extend(yearly(person, "current-account", rng.choice((2400, 3600, 4800)), opened))
        if kind < 0.45:  # a saver with a card the family uses too
            partner = f"nb-{n:03d}-partner"
            records.append(Person(id=partner, name=person_name(rng)))
            card = Purchase(
                id=fees.next(),
                seller="northbank",
                at=opened,
                amount=eur(1500),
                buyer=person,
                payer=person,
                users=(person, partner),
                purpose=Purpose.OWN_USE,
                offering="debit-card",
            )
            records.append(card)
            records.extend(yearly(person, "savings-account", 1200, opened))
            records.append(
                Usage(
                    id=usages.next(),
                    seller="northbank",
                    party=partner,
                    at=opened + timedelta(days=rng.randint(3, 30)),
                    offering="debit-card",
                    purchase=card.id,
                )
            )
        elif kind > 0.88:  # a client: a mortgage, advice and a named manager
            start = opened + timedelta(days=rng.randint(10, 60))
            records.append(
                Contract(
                    id=contracts.next(),
                    seller="northbank",
                    counterparty=person,
                    signed=max(FIRST, start - timedelta(days=rng.randint(7, 21))),
                    start=start,
                    end=date(start.year + rng.choice((15, 20, 25)), start.month, 1),
                    scope="mortgage loan",
                    fees=eur(rng.randrange(80, 221) * 1000),
                    cancellation="early repayment fee of 1%",
                    confidentiality=Confidentiality.ONE_WAY,
                )
            )
            records.append(assign(person, start))
            records.extend(
                Purchase(
                    id=fees.next(),
                    seller="northbank",
                    at=random_day(rng, first=start),
                    amount=eur(rng.randrange(25, 76) * 1000),
                    buyer=person,
                    offering="wealth-advice",
                )
                for _ in range(rng.randint(1, 3))
            )
        if rng.random() < 0.1:  # asked about a mortgage
            records.append(
                Visit(
                    id=visits.next(),
                    seller="northbank",
                    party=person,
                    at=random_day(rng),
                    kind=VisitKind.ASKED,
                )
            )
    for business in businesses:
        opened = random_day(rng, last=date(2024, 6, 30))
        records.extend(
            Purchase(
                id=fees.next(),
                seller="northbank",
                at=day,
                amount=eur(1900),
                buyer=business,
                offering="business-account",
            )
            for day in month_starts(opened, LAST, day=28)
        )
        if rng.random() < 0.5:
            start = opened + timedelta(days=rng.randint(30, 90))
            records.append(
                Contract(
                    id=contracts.next(),
                    seller="northbank",
                    counterparty=business,
                    signed=start,
                    start=start,
                    end=date(start.year + 5, start.month, 1),
                    scope="business loan",
                    fees=eur(rng.randrange(5, 31) * 10_000),
                    confidentiality=Confidentiality.MUTUAL,
                )
            )
            records.append(assign(business, start))
    # A goodwill refund of a fee, and customers who recommend the bank.
    fee_sales = [r for r in records if isinstance(r, Purchase) and r.offering == "current-account"]
    records.extend(
        Refund(
            id=refunds.next(),
            seller="northbank",
            purchase=purchase.id,
            at=min(LAST, day_of(purchase.at) + timedelta(days=rng.randint(5, 40))),
            amount=purchase.amount,
        )
        for purchase in rng.sample(fee_sales, 4)
    )
    records.extend(
        Referral(
            id=referrals.next(),
            seller="northbank",
            promoter=promoter,
            at=random_day(rng),
            referred=rng.choice(holders),
        )
        for promoter in rng.sample(holders, 6)
    )
    return records


def build() -> Ledger:
    """Return the sample ledger: the scenarios, then the three synthetic sellers."""
    rng = random.Random(SEED)
    taken: set[str] = set()
    accounting, clients = ledgerly(rng, taken)
    return Ledger.from_records(
        [
            *scenarios(),
            *corner_shop(rng),
            *accounting,
            *northbank(rng, clients[::4]),
        ]
    )


def render(ledger: Ledger) -> str:
    """Return *ledger* as the text of a ledger file."""
    out = io.StringIO()
    dump_ledger(ledger, out)
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Write the sample, or with ``--check`` tell whether it is up to date.

    Returns the exit status: 0, or 1 when ``--check`` finds the file missing
    or different from what this script writes.
    """
    parser = argparse.ArgumentParser(description="Write the sample ledger bundled with clientele.")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file differs, without writing"
    )
    parser.add_argument(
        "--output", type=Path, default=TARGET, help=f"the file to write (default: {TARGET})"
    )
    args = parser.parse_args(argv)
    text = render(build())
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            print(f"{output} is out of date: run scripts/make_sample_ledger.py", file=sys.stderr)
            return 1
        return 0
    output.write_text(text, encoding="utf-8", newline="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
