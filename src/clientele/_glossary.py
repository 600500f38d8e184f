"""The glossary: clientele's concepts, named in English, Chinese and Russian.

Words for the parties of a business do not line up across languages. Russian
*клиент* covers both a client and a casual customer; Chinese 客户 is the
formal word for a client and also the everyday word for anyone who pays. The
glossary keeps each clientele concept once, with its terms in every language,
and :func:`lookup` turns a word back into the concepts it can mean, with what
in the situation decides between them.

>>> [candidate.concept.key for candidate in lookup("клиент")]
['client', 'customer']
>>> concept("payer").api
'Role.PAYER'
"""

from __future__ import annotations

import difflib
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from enum import Enum
from typing import Any, Final, final

import attrs
from attrs.validators import optional

from ._errors import InvalidValueError
from ._validation import check_enum, check_id

__all__ = [
    "GLOSSARY",
    "Candidate",
    "Concept",
    "Language",
    "Prevalence",
    "Term",
    "concept",
    "lookup",
]


class Language(Enum):
    """A language the glossary names concepts in, by its BCP 47 tag.

    >>> Language("zh-Hant")
    <Language.ZH_HANT: 'zh-Hant'>
    >>> Language.ZH_HANT.english_name
    'Traditional Chinese'

    Chinese is listed twice because the two scripts differ in more than
    characters: Traditional usage (Taiwan, Hong Kong) also prefers some words
    of its own, such as 合約 for a contract or 使用者 for a user.

    .. versionadded:: 0.1.0
    """

    #: English, the language clientele's own names are taken from.
    EN = "en"
    #: Chinese in simplified characters, as written in mainland China and
    #: Singapore.
    ZH_HANS = "zh-Hans"
    #: Chinese in traditional characters, as written in Taiwan, Hong Kong
    #: and Macau.
    ZH_HANT = "zh-Hant"
    #: Russian.
    RU = "ru"

    @property
    def english_name(self) -> str:
        """The language's name in English, for headings and tables.

        >>> Language.RU.english_name
        'Russian'
        """
        return _ENGLISH_NAMES[self]


_ENGLISH_NAMES: Final = {
    Language.EN: "English",
    Language.ZH_HANS: "Simplified Chinese",
    Language.ZH_HANT: "Traditional Chinese",
    Language.RU: "Russian",
}


class Prevalence(Enum):
    """How usual it is to read a term as one concept, among the glossary's concepts.

    >>> [candidate.prevalence for candidate in lookup("客户")]
    [<Prevalence.PRIMARY: 'primary'>, <Prevalence.SECONDARY: 'secondary'>,
     <Prevalence.OCCASIONAL: 'occasional'>]

    Every term has exactly one primary reading, which :func:`lookup` returns
    first. A term with a single reading is primary for it.

    .. versionadded:: 0.1.0
    """

    #: The reading to assume when nothing in the situation points elsewhere.
    PRIMARY = "primary"
    #: A frequent reading, to choose when the situation points to it.
    SECONDARY = "secondary"
    #: A reading found only in some trades or in loose usage.
    OCCASIONAL = "occasional"


_PREVALENCE_ORDER: Final = tuple(Prevalence)


@final
@attrs.frozen(kw_only=True)
class Term:
    """A word or phrase that names a concept in one language.

    >>> Term(text="плательщик", language=Language.RU)
    Term(text='плательщик', language=<Language.RU: 'ru'>,
         prevalence=<Prevalence.PRIMARY: 'primary'>, how_to_choose=None)

    A text that names several concepts (клиент is a client or a customer) is
    listed as a term of each of them, and each of those terms says in
    ``how_to_choose`` what in the situation points to its concept, and in
    ``prevalence`` how usual that reading is. A term that names a single
    concept has no ``how_to_choose``.

    .. versionadded:: 0.1.0
    """

    #: The term as it is written, in its usual case.
    text: str = attrs.field(validator=check_id)
    language: Language = attrs.field(validator=check_enum(Language))
    prevalence: Prevalence = attrs.field(
        default=Prevalence.PRIMARY, validator=check_enum(Prevalence)
    )
    #: What in the situation makes the term mean this concept rather than
    #: the others it can name; ``None`` for a term with a single reading.
    how_to_choose: str | None = attrs.field(default=None, validator=optional(check_id))


_KEY = re.compile(r"[a-z]+(?:_[a-z]+)*")
_API = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", re.ASCII)


def _check_key(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise InvalidValueError(attribute.name, "a snake_case key such as 'end_customer'", value)


def _check_api(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _API.fullmatch(value):
        raise InvalidValueError(
            attribute.name,
            "a dotted name in the clientele package such as 'Standing.CUSTOMER'",
            value,
        )


def _check_terms(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    expected = "a tuple of Term with at least one term in every Language"
    if not isinstance(value, tuple) or not all(isinstance(term, Term) for term in value):
        raise InvalidValueError(attribute.name, expected, value)
    missing = [language.value for language in Language if language not in _languages(value)]
    if missing:
        raise InvalidValueError(attribute.name, expected, value, f"no term in {missing}")
    seen: set[tuple[str, Language]] = set()
    for term in value:
        spelling = (_normalize(term.text), term.language)
        if spelling in seen:
            raise InvalidValueError(
                attribute.name,
                "distinct terms in each language",
                value,
                f"{term.text!r} is listed twice in {term.language.value}",
            )
        seen.add(spelling)


def _languages(terms: Sequence[Term]) -> list[Language]:
    """Return the languages of *terms*, each once, in the order of :class:`Language`."""
    present = {term.language for term in terms}
    return [language for language in Language if language in present]


@final
@attrs.frozen(kw_only=True)
class Concept:
    """One clientele concept, with its definition and its terms in every language.

    >>> payer = concept("payer")
    >>> payer.english, payer.api
    ('payer', 'Role.PAYER')
    >>> [term.text for term in payer.terms_in(Language.ZH_HANT)]
    ['付款人', '付款方', '支付方', '買單人']

    ``api`` names what represents the concept in clientele, relative to the
    package: ``"Role.PAYER"`` is :attr:`clientele.Role.PAYER`. Read the
    concepts from :data:`GLOSSARY`, or one by key with :func:`concept`.

    .. versionadded:: 0.1.0
    """

    #: A short, stable identifier in snake_case.
    key: str = attrs.field(validator=_check_key)
    #: What the concept means, in clientele's terms.
    definition: str = attrs.field(validator=check_id)
    #: The clientele name for the concept, such as ``"Standing.CUSTOMER"``.
    api: str = attrs.field(validator=_check_api)
    #: The terms naming the concept, at least one per language, the preferred
    #: term of each language first.
    terms: tuple[Term, ...] = attrs.field(validator=_check_terms)

    @property
    def english(self) -> str:
        """The concept's name: its preferred English term.

        >>> concept("end_customer").english
        'end customer'
        """
        return self.terms_in(Language.EN)[0].text

    def terms_in(self, language: Language) -> tuple[Term, ...]:
        """Return the terms for the concept in *language*, the preferred one first.

        >>> [term.text for term in concept("client").terms_in(Language.RU)]
        ['клиент', 'заказчик', 'доверитель']
        """
        return tuple(term for term in self.terms if term.language is language)


@final
@attrs.frozen(kw_only=True)
class Candidate:
    """One concept a looked-up term can mean, and how to tell that it is this one.

    >>> first, second = lookup("клиент")
    >>> first.concept.key, first.prevalence
    ('client', <Prevalence.PRIMARY: 'primary'>)
    >>> second.how_to_choose
    'The party buys without a contract or a relationship beyond the sale: ...'

    :func:`lookup` returns them, the most usual reading first; nothing else
    should build them. ``how_to_choose`` is ``None`` when the term names only
    this concept.

    .. versionadded:: 0.1.0
    """

    concept: Concept
    #: The concept's terms that matched, the most usual first: one per
    #: language the text is written the same way in (付款人 is both
    #: Simplified and Traditional Chinese).
    terms: tuple[Term, ...]

    @property
    def prevalence(self) -> Prevalence:
        """How usual this reading of the term is.

        >>> lookup("заказчик")[1].prevalence
        <Prevalence.SECONDARY: 'secondary'>
        """
        return self.terms[0].prevalence

    @property
    def how_to_choose(self) -> str | None:
        """What in the situation selects this concept; ``None`` if it is the only one.

        >>> print(lookup("плательщик")[0].how_to_choose)
        None
        """
        return self.terms[0].how_to_choose


def _normalize(text: str) -> str:
    """Return the form of *text* that lookups compare.

    Compatibility forms are unified (NFKC: full-width Latin letters are read
    as ASCII ones), case is folded, the Russian letter ``ё`` is read without
    its dots, hyphens and commas count as spaces, and runs of spaces as one.
    """
    folded = (
        unicodedata.normalize("NFKC", text).casefold().replace("ё", "\N{CYRILLIC SMALL LETTER IE}")
    )
    return " ".join(folded.translate(_AS_SPACE).split())


_AS_SPACE: Final = str.maketrans(dict.fromkeys("-\u2010,", " "))

# Short names for the data below.
_EN: Final = Language.EN
_HANS: Final = Language.ZH_HANS
_HANT: Final = Language.ZH_HANT
_RU: Final = Language.RU
_SECONDARY: Final = Prevalence.SECONDARY
_OCCASIONAL: Final = Prevalence.OCCASIONAL


def _plain(language: Language, *texts: str) -> tuple[Term, ...]:
    """Return terms that each name a single concept, in *language*."""
    return tuple(Term(text=text, language=language) for text in texts)


def _shared(
    language: Language,
    text: str,
    how_to_choose: str,
    prevalence: Prevalence = Prevalence.PRIMARY,
) -> Term:
    """Return a term whose text also names other concepts."""
    return Term(text=text, language=language, prevalence=prevalence, how_to_choose=how_to_choose)


# The how-to-choose notes of the most ambiguous words, shared by the concepts
# they name. Each says what in the situation selects that concept.
_KEHU_CLIENT = (
    "The relationship goes beyond single sales: a contract, a file the seller "
    "keeps, a named contact, professional or business-to-business services. "
    "This is the reading whenever a text sets {kehu} against {guke}."
)
_KEHU_CUSTOMER = (
    "{kehu} is the catch-all word for whoever pays, as in {kehu}服{wu} "
    "(customer service), or the party simply bought something, in a shop or "
    "online, with no contract or ongoing service: a careful writer would say "
    "{guke}."
)
_KEHU_ACCOUNT = (
    "Account-management usage: a customer that kept buying after its first "
    "period and is looked after by an account manager ({kehu}{jingli}); CRM "
    "products also label their Account records {kehu}."
)
_LAOKEHU_REPEAT = "A customer who has bought before and comes back: the everyday reading."
_LAOKEHU_ACCOUNT = (
    "Sales-team usage, which sets developing new customers against "
    "maintaining old ones: the maintained ones are accounts, owned by an "
    "account manager."
)
_GUDING_REPEAT = "The customer keeps coming back to buy, as against a one-time customer."
_GUDING_LONG = (
    "The text stresses how long and how loyal the relationship is, rather "
    "than how many purchases there were."
)
_DAKEHU_HIGH = "The point is the revenue the party brings: a key or VIP customer."
_DAKEHU_ACCOUNT = (
    "The point is who looks after the party: key-account management gives it "
    "a dedicated account manager."
)
_BUYER_ONE_DEAL = (
    "The party performing one purchase, as against the seller; it need not "
    "be the one who pays or who uses what was bought."
)
_MAIJIA_CUSTOMER = (
    "Marketplaces and online shops call their customers {maijia} as a group: "
    "the point is who pays the shop over time, not one deal."
)
_YONGHU_USER = (
    "The party uses the product or service (a registered member of an app, "
    "the owner of an air conditioner), whoever paid for it."
)
_YONGHU_CUSTOMER = (
    "Utilities and telecoms call their paying subscribers by this word (for "
    "water, power or broadband): they are customers, or clients under a "
    "service contract."
)
_CONSUMER_USE = "The person who uses the product for personal or household needs."
_CONSUMER_PAYS = (
    "Loose everyday usage for any shopper: read it as customer only when the "
    "text is about who pays rather than who uses."
)
_END_CONSUMER = "The point is who uses the product, for themselves, at the end of the chain."
_END_CUSTOMER = (
    "The point is who paid at the end of a distribution chain, as against the "
    "distributors, rather than who uses the product."
)
_GUKE_CUSTOMER = "A shopper, diner or passenger who pays: the everyday word for a customer."
_GUKE_VISITOR = (
    "In the broad sense some writers use, anyone who comes in to look is a "
    "customer even without buying; clientele calls that party a visitor unless "
    "the INCLUSIVE policy is chosen."
)
_GUEST_VISITOR = "A website or app visitor who has not signed in, or a guest who has not paid."
_GUEST_CUSTOMER = "Hotels, restaurants and cafés call their paying customers guests."


#: Every concept of the glossary: standings, deal roles, parties, tenures,
#: lifecycle stages, value tiers, account management and environments.
GLOSSARY: Final[tuple[Concept, ...]] = (
    Concept(
        key="customer",
        definition=(
            "A party that has paid the seller, in a relationship that goes no "
            "further than the purchases themselves: no contract, no dedicated "
            "contact, no long-term business. Standing follows the money, so the "
            "customer is the one who paid, whoever used what was bought."
        ),
        api="Standing.CUSTOMER",
        terms=(
            *_plain(_EN, "customer", "shopper"),
            _shared(_EN, "guest", _GUEST_CUSTOMER, _OCCASIONAL),
            _shared(_HANS, "顾客", _GUKE_CUSTOMER),
            _shared(
                _HANS, "客户", _KEHU_CUSTOMER.format(kehu="客户", guke="顾客", wu="务"), _SECONDARY
            ),
            _shared(_HANS, "买家", _MAIJIA_CUSTOMER.format(maijia="买家"), _SECONDARY),
            _shared(_HANS, "用户", _YONGHU_CUSTOMER, _OCCASIONAL),
            _shared(_HANS, "消费者", _CONSUMER_PAYS, _OCCASIONAL),
            _shared(_HANT, "顧客", _GUKE_CUSTOMER),
            _shared(
                _HANT, "客戶", _KEHU_CUSTOMER.format(kehu="客戶", guke="顧客", wu="務"), _SECONDARY
            ),
            _shared(_HANT, "買家", _MAIJIA_CUSTOMER.format(maijia="買家"), _SECONDARY),
            _shared(_HANT, "用戶", _YONGHU_CUSTOMER, _OCCASIONAL),
            _shared(_HANT, "消費者", _CONSUMER_PAYS, _OCCASIONAL),
            _shared(
                _RU,
                "клиент",
                "The party buys without a contract or a relationship beyond the "
                "sale: in shops, cafés, salons and online stores Russian says "
                "клиент for what English calls a customer.",
                _SECONDARY,
            ),
            _shared(
                _RU,
                "покупатель",
                "The word names a shop's shoppers in general (уважаемые "
                "покупатели), the people who pay it over time, not one party's "
                "part in one purchase.",
                _SECONDARY,
            ),
            _shared(
                _RU,
                "заказчик",
                "The party simply placed an order (in an online shop, for a "
                "delivery) with no contract beyond the sale.",
                _SECONDARY,
            ),
            _shared(
                _RU,
                "потребитель",
                "Utilities call the households that pay them потребители (of "
                "power, of gas): when the point is that they pay, they are "
                "customers.",
                _OCCASIONAL,
            ),
            _shared(_RU, "гость", _GUEST_CUSTOMER, _OCCASIONAL),
        ),
    ),
    Concept(
        key="client",
        definition=(
            "A party the seller knows by name and serves in an ongoing "
            "relationship: under an active contract, with a dedicated "
            "representative, or through long-term repeat business. Clients "
            "expect tailored work and continuing support, and usually stay "
            "with one provider."
        ),
        api="Standing.CLIENT",
        terms=(
            *_plain(_EN, "client"),
            _shared(_HANS, "客户", _KEHU_CLIENT.format(kehu="客户", guke="顾客")),
            *_plain(_HANS, "委托人"),
            _shared(_HANT, "客戶", _KEHU_CLIENT.format(kehu="客戶", guke="顧客")),
            *_plain(_HANT, "委託人"),
            _shared(
                _RU,
                "клиент",
                "There is a contract, an account or a file kept on the party, a "
                "named manager, or repeated professional services: a bank's, law "
                "firm's, dentist's or agency's клиент.",
            ),
            _shared(
                _RU,
                "заказчик",
                "The party commissions work or services under a contract, as in "
                "construction, software, advertising or public procurement; the "
                "other side is the исполнитель or подрядчик.",
            ),
            *_plain(_RU, "доверитель"),
        ),
    ),
    Concept(
        key="visitor",
        definition=(
            "A party that has dealt with the seller without paying and without "
            "a contract: it browsed, asked, registered or used a free service. "
            "Someone who only cashes a cheque at a bank where they hold no "
            "account is the bank's visitor."
        ),
        api="Standing.VISITOR",
        terms=(
            *_plain(_EN, "visitor"),
            _shared(_EN, "guest", _GUEST_VISITOR),
            *_plain(_HANS, "访客", "游客"),
            _shared(_HANS, "顾客", _GUKE_VISITOR, _OCCASIONAL),
            *_plain(_HANT, "訪客", "遊客"),
            _shared(_HANT, "顧客", _GUKE_VISITOR, _OCCASIONAL),
            *_plain(_RU, "посетитель"),
            _shared(_RU, "гость", _GUEST_VISITOR),
            _shared(
                _RU,
                "неклиент",
                "Banking usage: someone served at the counter (cashing a cheque, "
                "paying a bill) without holding an account with the bank.",
            ),
        ),
    ),
    Concept(
        key="third_party",
        definition=(
            "A party the seller has never dealt with and knows only because "
            "other parties' facts name it, such as the friend who receives a "
            "gift. It has no standing with that seller, though it may be a user "
            "of the maker's product."
        ),
        api="Standing.NONE",
        terms=(
            *_plain(_EN, "third party", "non-customer"),
            *_plain(_HANS, "第三方", "非客户"),
            *_plain(_HANT, "第三方", "非客戶"),
            *_plain(_RU, "третье лицо"),
            _shared(
                _RU,
                "неклиент",
                "The party has had no dealings with the seller at all and appears "
                "only in other parties' records.",
                _SECONDARY,
            ),
        ),
    ),
    Concept(
        key="buyer",
        definition=(
            "The party that performs a purchase: chooses at the till or signs "
            "the order. The buyer need not pay (its employer may) nor use what "
            "it buys (it may be a gift)."
        ),
        api="Role.BUYER",
        terms=(
            *_plain(_EN, "buyer", "purchaser"),
            *_plain(_HANS, "购买者", "买方"),
            _shared(_HANS, "买家", _BUYER_ONE_DEAL),
            *_plain(_HANS, "采购方"),
            *_plain(_HANT, "購買者", "買方"),
            _shared(_HANT, "買家", _BUYER_ONE_DEAL),
            *_plain(_HANT, "採購方"),
            _shared(
                _RU,
                "покупатель",
                _BUYER_ONE_DEAL + " This is the word of a contract of sale "
                "(покупатель и продавец).",
            ),
            *_plain(_RU, "приобретатель", "закупщик"),
        ),
    ),
    Concept(
        key="payer",
        definition=(
            "The party whose money funds a purchase. Standing follows the "
            "payer: a company that pays for its manager's car is the dealer's "
            "customer, and the manager who drives it is not."
        ),
        api="Role.PAYER",
        terms=(
            *_plain(_EN, "payer"),
            *_plain(_HANS, "付款人", "付款方", "支付方", "买单人"),
            *_plain(_HANT, "付款人", "付款方", "支付方", "買單人"),
            *_plain(_RU, "плательщик"),
        ),
    ),
    Concept(
        key="user",
        definition=(
            "A party that uses what was bought, or the seller's offering, "
            "whether or not it paid: the manager driving the company car, a "
            "registered member of a free web service, someone using an item "
            "they found."
        ),
        api="Role.USER",
        terms=(
            *_plain(_EN, "user", "end user"),
            _shared(_HANS, "用户", _YONGHU_USER),
            *_plain(_HANS, "使用者", "最终用户"),
            _shared(_HANT, "用戶", _YONGHU_USER),
            *_plain(_HANT, "使用者", "終端使用者"),
            *_plain(_RU, "пользователь", "конечный пользователь"),
        ),
    ),
    Concept(
        key="consumer",
        definition=(
            "A person who uses what was bought for personal or household needs, "
            "paid for or not. A husband who buys a present is the shop's "
            "customer; his wife, who uses it, is the consumer."
        ),
        api="Role.CONSUMER",
        terms=(
            *_plain(_EN, "consumer"),
            _shared(_HANS, "消费者", _CONSUMER_USE),
            _shared(_HANS, "终端消费者", _END_CONSUMER),
            _shared(_HANT, "消費者", _CONSUMER_USE),
            _shared(_HANT, "終端消費者", _END_CONSUMER),
            _shared(
                _RU,
                "потребитель",
                _CONSUMER_USE + " This is the reading of consumer-protection law "
                "(защита прав потребителей).",
            ),
            _shared(_RU, "конечный потребитель", _END_CONSUMER),
        ),
    ),
    Concept(
        key="decision_maker",
        definition=(
            "The party who decides what is bought, who may be neither the buyer "
            "who signs nor the payer. In sales to organizations, the person "
            "whose agreement closes the deal."
        ),
        api="Role.DECISION_MAKER",
        terms=(
            *_plain(_EN, "decision-maker"),
            *_plain(_HANS, "决策者", "决策人"),
            *_plain(_HANT, "決策者", "決策人"),
            *_plain(_RU, "лицо, принимающее решение", "ЛПР"),
        ),
    ),
    Concept(
        key="influencer",
        definition=(
            "A party whose opinion sways a purchase without deciding it: a "
            "colleague, an adviser, a future user consulted during an "
            "evaluation."
        ),
        api="Role.INFLUENCER",
        terms=(
            *_plain(_EN, "influencer"),
            *_plain(_HANS, "影响者", "影响人"),
            *_plain(_HANT, "影響者", "影響人"),
            *_plain(_RU, "лицо, влияющее на решение", "ЛВР"),
        ),
    ),
    Concept(
        key="promoter",
        definition=(
            "A party who recommends the seller to others after dealing with it. "
            "Referrals are recorded as facts, and the role follows from them."
        ),
        api="Role.PROMOTER",
        terms=(
            *_plain(_EN, "promoter", "advocate"),
            *_plain(_HANS, "推广者", "推荐人"),
            *_plain(_HANT, "推廣者", "推薦人"),
            *_plain(_RU, "промоутер", "адвокат бренда"),
        ),
    ),
    Concept(
        key="intermediary",
        definition=(
            "A party that buys in order to sell on: a distributor, dealer or "
            "retailer stocking goods. It is the maker's client or customer, but "
            "neither a user nor a consumer of what it buys."
        ),
        api="Role.INTERMEDIARY",
        terms=(
            *_plain(_EN, "intermediary", "reseller", "middleman"),
            *_plain(_HANS, "中间商", "中间客户", "经销商", "分销商", "代理商"),
            *_plain(_HANT, "中間商", "中間客戶", "經銷商", "分銷商", "代理商"),
            *_plain(_RU, "посредник", "дилер", "дистрибьютор", "реселлер"),
        ),
    ),
    Concept(
        key="end_customer",
        definition=(
            "The paying party at the end of a distribution chain: it buys to "
            "use or to give away, not to resell. The opposite of an "
            "intermediary."
        ),
        api="Role.END_CUSTOMER",
        terms=(
            *_plain(_EN, "end customer", "final customer"),
            *_plain(_HANS, "最终客户", "终端客户"),
            _shared(_HANS, "终端消费者", _END_CUSTOMER, _SECONDARY),
            *_plain(_HANT, "最終客戶", "終端客戶"),
            _shared(_HANT, "終端消費者", _END_CUSTOMER, _SECONDARY),
            *_plain(_RU, "конечный клиент", "конечный покупатель"),
            _shared(_RU, "конечный потребитель", _END_CUSTOMER, _SECONDARY),
        ),
    ),
    Concept(
        key="person",
        definition=(
            "An individual human being. Selling to persons is business-to-"
            "consumer trade; a person can be a consumer, and can act for an "
            "organization as one of its members."
        ),
        api="Person",
        terms=(
            *_plain(_EN, "person", "individual"),
            *_plain(_HANS, "个人", "自然人", "个人客户"),
            *_plain(_HANT, "個人", "自然人", "個人客戶"),
            *_plain(_RU, "физическое лицо", "физлицо", "частное лицо", "частный клиент"),
        ),
    ),
    Concept(
        key="organization",
        definition=(
            "A company, public body or household account that deals with the "
            "seller as one party. The organization pays while its members use; "
            "selling to organizations is business-to-business trade, usually "
            "under contract."
        ),
        api="Organization",
        terms=(
            *_plain(_EN, "organization", "company"),
            _shared(
                _EN,
                "account",
                "CRM products such as Salesforce call the record of a customer "
                "company an Account, whatever its history with the seller.",
                _OCCASIONAL,
            ),
            *_plain(_HANS, "组织", "企业", "机构", "法人", "企业客户"),
            *_plain(_HANT, "組織", "企業", "機構", "法人", "企業客戶"),
            *_plain(_RU, "организация", "юридическое лицо", "юрлицо", "корпоративный клиент"),
        ),
    ),
    Concept(
        key="anonymous_buyer",
        definition=(
            "A buyer the seller cannot tell apart from anyone else, such as a "
            "walk-in paying cash. The sale counts, but the party is never "
            "followed over time and can never be a client."
        ),
        api="ANONYMOUS",
        terms=(
            *_plain(_EN, "anonymous buyer", "walk-in customer"),
            *_plain(_HANS, "散客", "匿名顾客"),
            *_plain(_HANT, "散客", "匿名顧客"),
            *_plain(_RU, "анонимный покупатель", "неизвестный покупатель"),
        ),
    ),
    Concept(
        key="seller",
        definition=(
            "The business every judgement is made for. Roles are relative to "
            "it: a retailer is the seller to its shoppers and, under the same "
            "id, a client of the makers it buys from."
        ),
        api="Seller",
        terms=(
            *_plain(_EN, "seller", "vendor", "supplier"),
            *_plain(_HANS, "卖方", "卖家", "商家", "供应商"),
            *_plain(_HANT, "賣方", "賣家", "商家", "供應商"),
            *_plain(_RU, "продавец", "поставщик", "исполнитель"),
        ),
    ),
    Concept(
        key="one_time_customer",
        definition=(
            "A party that has paid exactly once. Usually a new customer: "
            "satisfied, it may come back and become a regular; disappointed, "
            "it is likely lost."
        ),
        api="Tenure.ONE_TIME",
        terms=(
            *_plain(_EN, "one-time customer", "one-off customer"),
            *_plain(_HANS, "一次性客户", "一次性顾客"),
            *_plain(_HANT, "一次性客戶", "一次性顧客"),
            *_plain(_RU, "разовый клиент", "разовый покупатель"),
        ),
    ),
    Concept(
        key="repeat_customer",
        definition=(
            "A party that has paid more than once, like the regular who buys "
            "the same coffee every morning. Coming back is not enough to make "
            "a client: regulars may still shop around on price and convenience."
        ),
        api="Tenure.REPEAT",
        terms=(
            *_plain(_EN, "repeat customer", "returning customer", "regular"),
            *_plain(_HANS, "回头客", "常客", "老顾客"),
            _shared(_HANS, "老客户", _LAOKEHU_REPEAT),
            _shared(_HANS, "固定客户", _GUDING_REPEAT),
            *_plain(_HANT, "回頭客", "常客", "老顧客"),
            _shared(_HANT, "老客戶", _LAOKEHU_REPEAT),
            _shared(_HANT, "固定客戶", _GUDING_REPEAT),
            _shared(
                _RU,
                "постоянный клиент",
                _GUDING_REPEAT + " Loyalty cards are named after it (карта постоянного клиента).",
            ),
            *_plain(_RU, "постоянный покупатель"),
        ),
    ),
    Concept(
        key="long_term_client",
        definition=(
            "A party that has paid again and again over a long span, like the "
            "family that brings every pet to the same vet. Under the default "
            "policy, long-term repeat business that has not lapsed makes a "
            "client."
        ),
        api="Tenure.LONG_TERM",
        terms=(
            *_plain(_EN, "long-term client", "loyal client"),
            *_plain(_HANS, "长期客户", "忠实客户"),
            _shared(_HANS, "固定客户", _GUDING_LONG, _SECONDARY),
            *_plain(_HANT, "長期客戶", "忠實客戶"),
            _shared(_HANT, "固定客戶", _GUDING_LONG, _SECONDARY),
            *_plain(_RU, "долгосрочный клиент", "лояльный клиент"),
            _shared(_RU, "постоянный клиент", _GUDING_LONG, _SECONDARY),
        ),
    ),
    Concept(
        key="prospect",
        definition=(
            "A party that may buy but has not yet: no paid purchase and no "
            "contract. Leads, people who only asked and registered non-paying "
            "users are all prospects."
        ),
        api="Stage.PROSPECT",
        terms=(
            *_plain(_EN, "prospect", "potential customer", "lead"),
            *_plain(_HANS, "潜在客户", "潜客", "意向客户"),
            *_plain(_HANT, "潛在客戶", "潛在顧客", "意向客戶"),
            *_plain(_RU, "потенциальный клиент", "потенциальный покупатель", "лид"),
        ),
    ),
    Concept(
        key="new_customer",
        definition=(
            "A party in the first stretch after its first purchase or contract, "
            "before it counts as established. How long that stretch lasts is a "
            "policy."
        ),
        api="Stage.NEW",
        terms=(
            *_plain(_EN, "new customer"),
            *_plain(_HANS, "新客户", "新顾客"),
            *_plain(_HANT, "新客戶", "新顧客"),
            *_plain(_RU, "новый клиент", "новый покупатель"),
        ),
    ),
    Concept(
        key="existing_customer",
        definition=(
            "Any party that has engaged with the seller and is not lost: new, "
            "active or inactive. These are the parties a business works to keep."
        ),
        api="Stage.existing",
        terms=(
            *_plain(_EN, "existing customer", "current customer"),
            *_plain(_HANS, "现有客户", "存量客户"),
            *_plain(_HANT, "現有客戶", "既有客戶"),
            *_plain(_RU, "действующий клиент", "существующий клиент", "текущий клиент"),
        ),
    ),
    Concept(
        key="active_customer",
        definition=(
            "An established party whose last activity falls within the policy's activity window."
        ),
        api="Stage.ACTIVE",
        terms=(
            *_plain(_EN, "active customer"),
            *_plain(_HANS, "活跃客户"),
            *_plain(_HANT, "活躍客戶"),
            *_plain(_RU, "активный клиент"),
        ),
    ),
    Concept(
        key="inactive_customer",
        definition=(
            "A party that engaged before and has been quiet for a while, but "
            "not for long enough to count as lost."
        ),
        api="Stage.INACTIVE",
        terms=(
            *_plain(_EN, "inactive customer", "dormant customer"),
            *_plain(_HANS, "不活跃客户", "沉睡客户"),
            *_plain(_HANT, "不活躍客戶", "沉睡客戶"),
            *_plain(_RU, "неактивный клиент", "спящий клиент"),
        ),
    ),
    Concept(
        key="churned_customer",
        definition=(
            "A party that has been quiet for the whole churn window and is "
            "counted as lost. A disappointed one-time customer usually ends here."
        ),
        api="Stage.CHURNED",
        terms=(
            *_plain(_EN, "churned customer", "lost customer"),
            *_plain(_HANS, "流失客户"),
            *_plain(_HANT, "流失客戶"),
            *_plain(_RU, "ушедший клиент", "потерянный клиент"),
        ),
    ),
    Concept(
        key="high_value_customer",
        definition=(
            "A party the policy counts as most valuable: above an absolute "
            "revenue threshold, or among the few that together bring most of "
            "the seller's revenue."
        ),
        api="ValueTier.HIGH",
        terms=(
            *_plain(_EN, "high-value customer", "VIP customer"),
            _shared(_EN, "key account", _DAKEHU_HIGH),
            *_plain(_HANS, "高价值客户", "VIP客户"),
            _shared(_HANS, "大客户", _DAKEHU_HIGH),
            *_plain(_HANT, "高價值客戶", "VIP客戶"),
            _shared(_HANT, "大客戶", _DAKEHU_HIGH),
            *_plain(_RU, "ценный клиент", "VIP-клиент"),
            _shared(_RU, "ключевой клиент", _DAKEHU_HIGH),
        ),
    ),
    Concept(
        key="low_value_customer",
        definition=(
            "Every party outside the high-value tier, those that never paid "
            "included. Often many, each bringing little."
        ),
        api="ValueTier.LOW",
        terms=(
            *_plain(_EN, "low-value customer"),
            *_plain(_HANS, "低价值客户"),
            *_plain(_HANT, "低價值客戶"),
            *_plain(_RU, "низкодоходный клиент", "мелкий клиент"),
        ),
    ),
    Concept(
        key="account",
        definition=(
            "A paying party that kept buying after its first period, and is "
            "therefore looked after by an account manager, for retention, "
            "up-selling and cross-selling, rather than by business development."
        ),
        api="AccountView.ACCOUNT",
        terms=(
            _shared(
                _EN,
                "account",
                "Account-management usage: a customer that kept buying after its "
                "first period, owned by an account manager.",
            ),
            _shared(_EN, "key account", _DAKEHU_ACCOUNT, _SECONDARY),
            _shared(_HANS, "老客户", _LAOKEHU_ACCOUNT, _SECONDARY),
            _shared(_HANS, "大客户", _DAKEHU_ACCOUNT, _SECONDARY),
            _shared(_HANS, "客户", _KEHU_ACCOUNT.format(kehu="客户", jingli="经理"), _OCCASIONAL),
            _shared(_HANT, "老客戶", _LAOKEHU_ACCOUNT, _SECONDARY),
            _shared(_HANT, "大客戶", _DAKEHU_ACCOUNT, _SECONDARY),
            _shared(_HANT, "客戶", _KEHU_ACCOUNT.format(kehu="客戶", jingli="經理"), _OCCASIONAL),
            *_plain(_RU, "аккаунт", "закреплённый клиент"),
            _shared(_RU, "ключевой клиент", _DAKEHU_ACCOUNT, _SECONDARY),
        ),
    ),
    Concept(
        key="account_manager",
        definition=(
            "The seller's representative dedicated to an account, who keeps in "
            "touch, renews and sells more. Assigning one is among the facts "
            "that make a party a client."
        ),
        api="RepresentativeRole.ACCOUNT_MANAGER",
        terms=(
            *_plain(_EN, "account manager"),
            *_plain(_HANS, "客户经理"),
            *_plain(_HANT, "客戶經理"),
            *_plain(_RU, "аккаунт-менеджер", "клиентский менеджер"),
            # The one-letter Russian word for "with" is Cyrillic, not a Latin c.
            *_plain(_RU, "менеджер по работе с клиентами"),  # noqa: RUF001 - Cyrillic letters, not look-alikes
        ),
    ),
    Concept(
        key="contract_environment",
        definition=(
            "A relationship governed, at the moment asked about, by an active "
            "contract: requirements are written down and complaints go through "
            "the contract's terms. Typical between businesses."
        ),
        api="Environment.CONTRACT",
        terms=(
            *_plain(_EN, "contract environment", "contractual relationship"),
            *_plain(_HANS, "合同环境"),
            *_plain(_HANT, "合約環境", "合同環境"),
            *_plain(_RU, "договорные отношения", "работа по договору"),
        ),
    ),
    Concept(
        key="non_contract_environment",
        definition=(
            "A relationship with no active contract: expectations go unsaid and "
            "differ from one party to the next, and an unhappy party tends to "
            "tell others rather than claim under any terms."
        ),
        api="Environment.NON_CONTRACT",
        terms=(
            *_plain(_EN, "non-contract environment"),
            *_plain(_HANS, "非合同环境"),
            *_plain(_HANT, "非合約環境", "非合同環境"),
            *_plain(_RU, "бездоговорные отношения", "работа без договора"),
        ),
    ),
)


def _index(glossary: Sequence[Concept]) -> dict[str, tuple[Candidate, ...]]:
    """Map every normalized term text to its candidates, the most usual first."""
    found: dict[str, dict[int, list[Term]]] = {}
    for position, entry in enumerate(glossary):
        for term in entry.terms:
            found.setdefault(_normalize(term.text), {}).setdefault(position, []).append(term)
    index: dict[str, tuple[Candidate, ...]] = {}
    for text, by_position in found.items():
        candidates = [
            Candidate(
                concept=glossary[position],
                terms=tuple(sorted(terms, key=lambda t: _PREVALENCE_ORDER.index(t.prevalence))),
            )
            for position, terms in by_position.items()
        ]
        # Sorting is stable: equally usual readings keep the glossary's order.
        candidates.sort(key=lambda c: _PREVALENCE_ORDER.index(c.prevalence))
        index[text] = tuple(candidates)
    return index


_INDEX: Final = _index(GLOSSARY)
_BY_KEY: Final = {entry.key: entry for entry in GLOSSARY}
#: The first spelling of every normalized term, to suggest when a lookup fails.
_SPELLINGS: Final = {
    _normalize(term.text): term.text for entry in GLOSSARY for term in entry.terms
}


def lookup(term: str) -> tuple[Candidate, ...]:
    """Return every concept *term* can mean, the most usual reading first.

    >>> [(c.concept.key, c.prevalence.value) for c in lookup("  Клиент ")]
    [('client', 'primary'), ('customer', 'secondary')]
    >>> lookup("no such word")
    ()

    *term* may be in any of the glossary's languages. Case, surrounding and
    repeated spaces, compatibility forms (full-width letters) and writing the
    Russian ``ё`` with or without its dots do not matter, and hyphens and
    commas count as spaces. An unknown term gives an empty tuple.

    When there are several candidates, the first is the reading to assume if
    nothing in the situation points elsewhere, and each candidate's
    ``how_to_choose`` says what does point to it.

    .. versionadded:: 0.1.0
    """
    return _INDEX.get(_normalize(term), ())


def concept(key: str) -> Concept:
    """Return the concept with *key*.

    >>> concept("client").api
    'Standing.CLIENT'

    Raises :class:`~clientele.InvalidValueError` for a key the glossary does
    not have.

    .. versionadded:: 0.1.0
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        raise InvalidValueError(
            "key",
            f"one of {sorted(_BY_KEY)}",
            key,
            "to find a concept by one of its terms, use clientele.lookup()",
        ) from None


def format_candidates(term: str, candidates: Sequence[Candidate]) -> str:
    """Return the text ``clientele glossary TERM`` prints for *candidates*.

    >>> print(format_candidates("плательщик", lookup("плательщик")))
    плательщик (ru): 1 concept
    <BLANKLINE>
    1. payer (key: payer; API: clientele.Role.PAYER)
       The party whose money funds a purchase. Standing follows the payer: a
       company that pays for its manager's car is the dealer's customer, and the
       manager who drives it is not.

    Each candidate shows its key, English name, clientele name and definition,
    and, when the term has several readings, how to choose this one. With no
    candidates, the text suggests similar terms or, failing those, every
    concept's name. The wording is for people and may change: programs should
    read :func:`lookup`'s result instead.
    """
    shown = term.strip()
    if not candidates:
        return f"no concept found for {shown!r}; try one of: {', '.join(_suggestions(shown))}"
    matched = _languages([t for candidate in candidates for t in candidate.terms])
    languages = ", ".join(language.value for language in matched)
    if len(candidates) == 1:
        blocks = [f"{shown} ({languages}): 1 concept"]
    else:
        blocks = [
            f"{shown} ({languages}): {len(candidates)} concepts, the most common reading first"
        ]
    for number, candidate in enumerate(candidates, start=1):
        entry = candidate.concept
        heading = f"{number}. {entry.english} (key: {entry.key}; API: clientele.{entry.api}"
        if candidate.how_to_choose is None:
            lines = [heading + ")", *_wrap(entry.definition)]
        else:
            reading = f"{candidate.prevalence.value} reading"
            lines = [
                f"{heading}; {reading})",
                *_wrap(entry.definition),
                *_wrap(f"How to choose: {candidate.how_to_choose}"),
            ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _wrap(text: str) -> list[str]:
    """Return *text* as indented lines fit for an 80-column terminal."""
    return textwrap.wrap(
        text, width=79, initial_indent="   ", subsequent_indent="   ", break_on_hyphens=False
    )


def _suggestions(term: str) -> list[str]:
    """Return the glossary terms spelled most like *term*, or every concept's name."""
    close = difflib.get_close_matches(_normalize(term), list(_SPELLINGS), n=5, cutoff=0.6)
    if close:
        return [_SPELLINGS[text] for text in close]
    return [entry.english for entry in GLOSSARY]
