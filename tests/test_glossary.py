import importlib
from collections.abc import Callable
from typing import Any

import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import given
from hypothesis import strategies as st

import clientele
from clientele import InvalidValueError
from clientele._glossary import (
    GLOSSARY,
    Candidate,
    Concept,
    Language,
    Prevalence,
    Term,
    concept,
    format_candidates,
    lookup,
)

#: Every (concept, term) pair of the glossary.
PAIRS: list[tuple[Concept, Term]] = [(entry, term) for entry in GLOSSARY for term in entry.terms]

#: The words the brief singles out as ambiguous, in each script.
AMBIGUOUS = ["клиент", "客户", "客戶", "顾客", "顧客", "покупатель", "заказчик", "用户"]

#: Characters written differently in the two scripts, as simplified and
#: traditional pairs, among those the glossary's Chinese terms use.
SCRIPT_PAIRS = [
    "户戶",
    "顾顧",
    "费費",
    "买買",
    "卖賣",
    "购購",
    "采採",
    "单單",
    "务務",
    "业業",
    "经經",
    "价價",
    "实實",
    "长長",
    "终終",
    "头頭",
    "访訪",
    "决決",
    "响響",
    "广廣",
    "荐薦",
    "间間",
    "销銷",
    "个個",
    "组組",
    "机機",
    "应應",
    "现現",
    "跃躍",
    "潜潛",
    "约約",
    "环環",
    "托託",
]
SIMPLIFIED_ONLY = {pair[0] for pair in SCRIPT_PAIRS}
TRADITIONAL_ONLY = {pair[1] for pair in SCRIPT_PAIRS}


def _all_terms() -> list[Term]:
    return [term for entry in GLOSSARY for term in entry.terms]


def _resolve(api: str) -> object:
    """Return what *api* names in the clientele package, as users reach it."""
    target: object = importlib.import_module("clientele")
    for part in api.split("."):
        target = getattr(target, part)
    return target


def _en(text: str) -> Term:
    return Term(text=text, language=Language.EN)


def _one_of_each(*extra: Term) -> tuple[Term, ...]:
    """Return a valid terms tuple: one term per language, then *extra*."""
    return (
        _en("word"),
        Term(text="词", language=Language.ZH_HANS),
        Term(text="詞", language=Language.ZH_HANT),
        Term(text="слово", language=Language.RU),
        *extra,
    )


def _concept(**changes: Any) -> Concept:
    fields: dict[str, Any] = {
        "key": "word",
        "definition": "A word.",
        "api": "Standing.CUSTOMER",
        "terms": _one_of_each(),
    }
    fields.update(changes)
    return Concept(**fields)


class TestLanguage:
    """The languages of the glossary."""

    def test_values_are_bcp47_tags(self) -> None:
        """The values are the BCP 47 tags, in a stable order."""
        assert ["en", "zh-Hans", "zh-Hant", "ru"] == [language.value for language in Language]

    def test_english_names(self) -> None:
        """Every language has a name in English."""
        assert [
            "English",
            "Simplified Chinese",
            "Traditional Chinese",
            "Russian",
        ] == [language.english_name for language in Language]


class TestPrevalence:
    """How usual a reading is."""

    def test_values(self) -> None:
        """The values are stable and listed from most to least usual."""
        assert ["primary", "secondary", "occasional"] == [p.value for p in Prevalence]


class TestTerm:
    """A word naming a concept in one language."""

    def test_defaults(self) -> None:
        """A term is primary and has no how-to-choose note unless told otherwise."""
        term = Term(text="плательщик", language=Language.RU)

        assert (Prevalence.PRIMARY, None) == (term.prevalence, term.how_to_choose)

    def test_immutable(self) -> None:
        """A term cannot be changed."""
        term = _en("payer")

        with pytest.raises(FrozenInstanceError):
            term.text = "buyer"  # type: ignore[misc]

    @pytest.mark.parametrize("bad", ["", " payer", "payer\n", 3])
    def test_refuses_bad_text(self, bad: object) -> None:
        """The text must be a non-empty string without surrounding whitespace."""
        with pytest.raises(InvalidValueError) as caught:
            Term(text=bad, language=Language.EN)  # type: ignore[arg-type]

        assert (
            f"'text' must be a non-empty string without surrounding whitespace (got {bad!r})"
            == str(caught.value)
        )

    def test_refuses_a_tag_for_a_language(self) -> None:
        """The language must be a Language member, not its tag."""
        with pytest.raises(InvalidValueError) as caught:
            Term(text="payer", language="en")  # type: ignore[arg-type]

        assert "'language' must be a Language member (got 'en')" == str(caught.value)

    def test_refuses_empty_how_to_choose(self) -> None:
        """A how-to-choose note, when given, says something."""
        with pytest.raises(InvalidValueError) as caught:
            Term(text="payer", language=Language.EN, how_to_choose="")

        assert (
            "'how_to_choose' must be a non-empty string without surrounding whitespace (got '')"
            == str(caught.value)
        )


class TestConcept:
    """One concept with its terms."""

    def test_english_is_the_first_english_term(self) -> None:
        """The concept's name is its first English term."""
        entry = _concept(terms=(Term(text="вокабула", language=Language.RU), *_one_of_each()))

        assert "word" == entry.english

    def test_terms_in(self) -> None:
        """terms_in() keeps the terms of one language, in their order."""
        extra = Term(text="вокабула", language=Language.RU)
        entry = _concept(terms=_one_of_each(extra))

        assert ("слово", "вокабула") == tuple(t.text for t in entry.terms_in(Language.RU))

    def test_immutable(self) -> None:
        """A concept cannot be changed."""
        entry = _concept()

        with pytest.raises(FrozenInstanceError):
            entry.key = "other"  # type: ignore[misc]

    @pytest.mark.parametrize("bad", ["Word", "end-customer", "_word", "word_", "", 1])
    def test_refuses_bad_key(self, bad: object) -> None:
        """The key is snake_case."""
        with pytest.raises(InvalidValueError) as caught:
            _concept(key=bad)

        assert f"'key' must be a snake_case key such as 'end_customer' (got {bad!r})" == str(
            caught.value
        )

    @pytest.mark.parametrize("bad", ["Standing.", "Standing CUSTOMER", "клиент", "", None])
    def test_refuses_bad_api(self, bad: object) -> None:
        """The clientele name is a dotted Python name."""
        with pytest.raises(InvalidValueError) as caught:
            _concept(api=bad)

        assert (
            "'api' must be a dotted name in the clientele package such as "
            f"'Standing.CUSTOMER' (got {bad!r})" == str(caught.value)
        )

    @pytest.mark.parametrize("bad", [list(_one_of_each()), (*_one_of_each(), "word")])
    def test_refuses_terms_that_are_not_a_tuple_of_terms(self, bad: object) -> None:
        """Terms are a tuple of Term."""
        with pytest.raises(InvalidValueError) as caught:
            _concept(terms=bad)

        assert (
            "'terms' must be a tuple of Term with at least one term in every Language "
            f"(got {bad!r})" == str(caught.value)
        )

    def test_refuses_a_missing_language(self) -> None:
        """Every language needs at least one term; the message names the missing ones."""
        terms = _one_of_each()[:2]

        with pytest.raises(InvalidValueError) as caught:
            _concept(terms=terms)

        assert (
            "'terms' must be a tuple of Term with at least one term in every Language "
            f"(got {terms!r}); no term in ['zh-Hant', 'ru']" == str(caught.value)
        )

    def test_refuses_a_term_listed_twice(self) -> None:
        """A term is listed once per language, however it is spelled."""
        terms = _one_of_each(Term(text="WORD", language=Language.EN))

        with pytest.raises(InvalidValueError) as caught:
            _concept(terms=terms)

        assert (
            f"'terms' must be distinct terms in each language (got {terms!r}); "
            "'WORD' is listed twice in en" == str(caught.value)
        )

    def test_same_text_in_two_languages(self) -> None:
        """One text may name the concept in two languages (付款人 in both scripts)."""
        both = (Term(text="付款人", language=Language.ZH_HANT),)
        entry = _concept(terms=(*_one_of_each(), *both))

        assert both[0] in entry.terms


class TestGlossary:
    """The data: concepts, keys, names and terms."""

    def test_at_least_twenty_concepts(self) -> None:
        """The glossary covers at least twenty concepts."""
        assert len(GLOSSARY) >= 20

    def test_keys_are_unique(self) -> None:
        """No two concepts share a key."""
        keys = [entry.key for entry in GLOSSARY]

        assert sorted(set(keys)) == sorted(keys)

    def test_api_names_are_unique(self) -> None:
        """No two concepts map to the same clientele name."""
        names = [entry.api for entry in GLOSSARY]

        assert sorted(set(names)) == sorted(names)

    @pytest.mark.parametrize("entry", GLOSSARY, ids=lambda entry: entry.key)
    def test_terms_in_every_language(self, entry: Concept) -> None:
        """Every concept has terms in English, both Chinese scripts and Russian."""
        assert list(Language) == [language for language in Language if entry.terms_in(language)]

    @pytest.mark.parametrize("entry", GLOSSARY, ids=lambda entry: entry.key)
    def test_api_resolves(self, entry: Concept) -> None:
        """Every api name is a real, public attribute of the clientele package."""
        assert (True, True) == (
            entry.api.split(".")[0] in clientele.__all__,
            _resolve(entry.api) is not None,
        )

    def test_api_resolves_to_the_named_member(self) -> None:
        """Resolving follows the dotted path to the very object."""
        assert clientele.Standing.CUSTOMER is _resolve(concept("customer").api)

    def test_every_text_has_one_primary_reading(self) -> None:
        """Each term text is primary for exactly one concept, so lookups lead with it."""
        texts = {term.text for term in _all_terms()}
        primaries = {
            text: [c.concept.key for c in lookup(text) if c.prevalence is Prevalence.PRIMARY]
            for text in texts
        }

        assert {} == {text: keys for text, keys in primaries.items() if len(keys) != 1}

    def test_how_to_choose_exactly_for_shared_texts(self) -> None:
        """A term explains how to choose if and only if its text names several concepts."""
        wrong = [
            (entry.key, term.text)
            for entry, term in PAIRS
            if (term.how_to_choose is not None) != (len(lookup(term.text)) > 1)
        ]

        assert [] == wrong

    def test_traditional_terms_use_traditional_characters(self) -> None:
        """No Traditional Chinese term contains a simplified-only character."""
        wrong = [
            term.text
            for term in _all_terms()
            if term.language is Language.ZH_HANT and set(term.text) & SIMPLIFIED_ONLY
        ]

        assert [] == wrong

    def test_simplified_terms_use_simplified_characters(self) -> None:
        """No Simplified Chinese term contains a traditional-only character."""
        wrong = [
            term.text
            for term in _all_terms()
            if term.language is Language.ZH_HANS and set(term.text) & TRADITIONAL_ONLY
        ]

        assert [] == wrong

    def test_script_pairs_differ(self) -> None:
        """Each pair above really is two different characters."""
        assert [] == [pair for pair in SCRIPT_PAIRS if len(set(pair)) != 2]

    def test_traditional_forms_of_the_core_terms(self) -> None:
        """The core Chinese terms are given in their proper traditional forms."""
        expected = {"客戶", "顧客", "用戶", "消費者", "付款人", "買方", "購買者"}

        assert set() == expected - {
            term.text for term in _all_terms() if term.language is Language.ZH_HANT
        }


class TestLookup:
    """Finding the concepts a term can mean."""

    @pytest.mark.parametrize("text", AMBIGUOUS)
    def test_ambiguous_terms_say_how_to_choose(self, text: str) -> None:
        """An ambiguous term gives several candidates, each saying how to choose it."""
        candidates = lookup(text)

        assert (True, []) == (
            len(candidates) >= 2,
            [c.concept.key for c in candidates if not c.how_to_choose],
        )

    @pytest.mark.parametrize(
        ("text", "keys"),
        [
            ("клиент", ["client", "customer"]),
            ("客户", ["client", "customer", "account"]),
            ("客戶", ["client", "customer", "account"]),
            ("顾客", ["customer", "visitor"]),
            ("покупатель", ["buyer", "customer"]),
            ("заказчик", ["client", "customer"]),
            ("потребитель", ["consumer", "customer"]),
            ("постоянный клиент", ["repeat_customer", "long_term_client"]),
        ],
    )
    def test_most_usual_reading_first(self, text: str, keys: list[str]) -> None:
        """Candidates come most usual first: клиент is a client before it is a customer."""
        assert keys == [c.concept.key for c in lookup(text)]

    def test_first_reading_is_primary(self) -> None:
        """The first candidate of 客户 is its primary reading, the rest in order."""
        assert [Prevalence.PRIMARY, Prevalence.SECONDARY, Prevalence.OCCASIONAL] == [
            c.prevalence for c in lookup("客户")
        ]

    def test_unambiguous_term(self) -> None:
        """A term with one reading gives one candidate with nothing to choose."""
        (only,) = lookup("плательщик")

        assert ("payer", None) == (only.concept.key, only.how_to_choose)

    def test_one_candidate_for_a_text_shared_by_both_scripts(self) -> None:
        """付款人 is written alike in both scripts: one candidate, both terms."""
        (only,) = lookup("付款人")

        assert ("payer", [Language.ZH_HANS, Language.ZH_HANT]) == (
            only.concept.key,
            [term.language for term in only.terms],
        )

    @pytest.mark.parametrize(
        ("variant", "text"),
        [
            ("  КЛИЕНТ\t", "клиент"),
            ("Customer ", "customer"),
            ("vip客户", "VIP客户"),
            ("ＶＩＰ客户", "VIP客户"),
            ("\u3000客户\u3000", "客户"),
            ("закрепленный клиент", "закреплённый клиент"),
            ("ЗАКРЕПЛЁННЫЙ   КЛИЕНТ", "закреплённый клиент"),
            ("decision maker", "decision-maker"),
            ("лицо принимающее решение", "лицо, принимающее решение"),
            ("лпр", "ЛПР"),
        ],
    )
    def test_spelling_does_not_matter(self, variant: str, text: str) -> None:
        """Case, spaces, full-width forms, ё, hyphens and commas do not change a lookup."""
        assert lookup(text) == lookup(variant) != ()

    @pytest.mark.parametrize("text", ["", "   ", "xyz", "клиентура", "客"])
    def test_unknown_term(self, text: str) -> None:
        """A term the glossary does not know gives no candidates."""
        assert () == lookup(text)

    def test_candidates_are_values(self) -> None:
        """Looking a term up twice gives equal, immutable candidates."""
        first = lookup("клиент")[0]

        with pytest.raises(FrozenInstanceError):
            first.terms = ()  # type: ignore[misc]
        assert lookup("клиент") == lookup("клиент")

    def test_every_term_as_written_finds_its_concept(self) -> None:
        """Every term of every concept, exactly as written, looks up to that concept."""
        assert [] == [
            (entry.key, term.text)
            for entry, term in PAIRS
            if entry not in [c.concept for c in lookup(term.text)]
        ]

    @given(
        pair=st.sampled_from(PAIRS),
        case=st.sampled_from([str.upper, str.lower, str.title, str.casefold]),
        before=st.sampled_from(["", " ", "\t", "\u3000", " \n"]),
        after=st.sampled_from(["", " ", "\t", "\u3000", "\n "]),
    )
    def test_every_term_finds_its_concept(
        self,
        pair: tuple[Concept, Term],
        case: Callable[[str], str],
        before: str,
        after: str,
    ) -> None:
        """Every term of every concept, however cased and padded, looks up to that concept."""
        entry, term = pair

        candidates = lookup(before + case(term.text) + after)

        assert entry in [c.concept for c in candidates]

    @given(pair=st.sampled_from(PAIRS))
    def test_results_are_ordered_by_prevalence(self, pair: tuple[Concept, Term]) -> None:
        """Every lookup starts with a primary reading and never moves to a more usual one."""
        ranks = [list(Prevalence).index(c.prevalence) for c in lookup(pair[1].text)]

        assert (0, sorted(ranks)) == (ranks[0], ranks)


class TestConceptByKey:
    """Finding one concept by its key."""

    def test_found(self) -> None:
        """concept() returns the glossary's concept with that key."""
        assert [entry.key for entry in GLOSSARY] == [concept(entry.key).key for entry in GLOSSARY]

    def test_unknown_key(self) -> None:
        """An unknown key is refused with the keys there are and where to look instead."""
        with pytest.raises(InvalidValueError) as caught:
            concept("clients")

        assert (
            "'key' must be one of ['account', 'account_manager', 'active_customer', "
            "'anonymous_buyer', 'buyer', 'churned_customer', 'client', 'consumer', "
            "'contract_environment', 'customer', 'decision_maker', 'end_customer', "
            "'existing_customer', 'high_value_customer', 'inactive_customer', "
            "'influencer', 'intermediary', 'long_term_client', 'low_value_customer', "
            "'new_customer', 'non_contract_environment', 'one_time_customer', "
            "'organization', 'payer', 'person', 'promoter', 'prospect', "
            "'repeat_customer', 'seller', 'third_party', 'user', 'visitor'] "
            "(got 'clients'); to find a concept by one of its terms, use clientele.lookup()",
            "key",
            "clients",
        ) == (str(caught.value), caught.value.field, caught.value.got)

    def test_unknown_key_is_a_value_error(self) -> None:
        """Callers who only know the built-ins can catch a ValueError."""
        with pytest.raises(ValueError, match="'key' must be one of"):
            concept("")


class TestFormatCandidates:
    """The text of ``clientele glossary TERM``."""

    def test_ambiguous_term(self) -> None:
        """Each candidate shows its key, English name, API name, definition and how to choose."""
        expected = """\
клиент (ru): 2 concepts, the most common reading first

1. client (key: client; API: clientele.Standing.CLIENT; primary reading)
   A party the seller knows by name and serves in an ongoing relationship:
   under an active contract, with a dedicated representative, or through
   long-term repeat business. Clients expect tailored work and continuing
   support, and usually stay with one provider.
   How to choose: There is a contract, an account or a file kept on the party,
   a named manager, or repeated professional services: a bank's, law firm's,
   dentist's or agency's клиент.

2. customer (key: customer; API: clientele.Standing.CUSTOMER; secondary reading)
   A party that has paid the seller, in a relationship that goes no further
   than the purchases themselves: no contract, no dedicated contact, no
   long-term business. Standing follows the money, so the customer is the one
   who paid, whoever used what was bought.
   How to choose: The party buys without a contract or a relationship beyond
   the sale: in shops, cafés, salons and online stores Russian says клиент for
   what English calls a customer."""

        assert expected == format_candidates(" клиент ", lookup("клиент"))

    @pytest.mark.parametrize(("text", "count"), [("客户", 3), ("客戶", 3), ("клиент", 2)])
    def test_every_reading_of_an_ambiguous_term_says_how_to_choose(
        self, text: str, count: int
    ) -> None:
        """The command prints every candidate of 客户 and клиент, and how to choose it."""
        shown = format_candidates(text, lookup(text))

        assert (count, count) == (
            shown.count("How to choose: "),
            sum(f"{n}. " in shown for n in range(1, count + 1)),
        )

    def test_single_reading_has_no_choice(self) -> None:
        """A term with one reading is shown without a how-to-choose line."""
        shown = format_candidates("付款人", lookup("付款人"))

        assert (True, False) == (
            shown.startswith("付款人 (zh-Hans, zh-Hant): 1 concept\n\n1. payer (key: payer; "),
            "How to choose" in shown,
        )

    def test_unknown_term_suggests_similar_terms(self) -> None:
        """A misspelt term gets the glossary terms spelled like it."""
        assert "no concept found for 'clinet'; try one of: client" == format_candidates(
            "clinet", ()
        )

    def test_unknown_term_lists_every_concept(self) -> None:
        """A term like nothing in the glossary gets the name of every concept."""
        assert (
            "no concept found for 'xyz'; try one of: customer, client, visitor, third party, "
            "buyer, payer, user, consumer, decision-maker, influencer, promoter, "
            "intermediary, end customer, person, organization, anonymous buyer, seller, "
            "one-time customer, repeat customer, long-term client, prospect, new customer, "
            "existing customer, active customer, inactive customer, churned customer, "
            "high-value customer, low-value customer, account, account manager, "
            "contract environment, non-contract environment"
        ) == format_candidates("  xyz ", lookup("xyz"))


class TestCandidate:
    """One reading of a looked-up term."""

    def test_reads_its_best_term(self) -> None:
        """Prevalence and how to choose come from the most usual matching term."""
        terms = (
            Term(text="x", language=Language.EN, how_to_choose="Pick it."),
            Term(text="x", language=Language.RU, prevalence=Prevalence.OCCASIONAL),
        )
        candidate = Candidate(concept=concept("payer"), terms=terms)

        assert (Prevalence.PRIMARY, "Pick it.") == (
            candidate.prevalence,
            candidate.how_to_choose,
        )
