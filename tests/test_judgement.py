from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum

import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import given

from clientele import (
    AccountView,
    Environment,
    InvalidValueError,
    Judgement,
    Ledger,
    Money,
    Person,
    Purchase,
    Purpose,
    Reason,
    Role,
    Rule,
    Stage,
    Standing,
    Tenure,
    ValueTier,
    judge,
)
from clientele.testing.strategies import reasons

AS_OF = datetime(2024, 3, 2, tzinfo=UTC)

#: Every field a reason can explain, as the error messages list them.
FIELDS = [
    "account",
    "environment",
    "role.buyer",
    "role.consumer",
    "role.decision_maker",
    "role.end_customer",
    "role.influencer",
    "role.intermediary",
    "role.payer",
    "role.promoter",
    "role.user",
    "stage",
    "standing",
    "tenure",
    "tier",
]
#: The kinds of field: ``role.<role>`` fields are all of kind ``role``.
KINDS = {field.partition(".")[0] for field in FIELDS}
ENUMS: list[type[Enum]] = [
    Standing,
    Tenure,
    Environment,
    Stage,
    ValueTier,
    AccountView,
    Role,
    Rule,
]


def gift_judgement() -> Judgement:
    """Return the judgement of a person who bought and used a gift herself."""
    ledger = Ledger.of(
        Person(id="p-ana"),
        Purchase(
            id="f-1",
            seller="s-shop",
            at=date(2024, 3, 1),
            amount=Money(Decimal("12.00"), "EUR"),
            buyer="p-ana",
            users=("p-ana",),
            purpose=Purpose.OWN_USE,
        ),
    )
    return judge(ledger, "s-shop", "p-ana", as_of=AS_OF)


class TestStage:
    """Lifecycle stages and which of them count as existing."""

    @pytest.mark.parametrize(
        ("stage", "existing"),
        [
            (Stage.PROSPECT, False),
            (Stage.NEW, True),
            (Stage.ACTIVE, True),
            (Stage.INACTIVE, True),
            (Stage.CHURNED, False),
        ],
    )
    def test_existing(self, stage: Stage, existing: bool) -> None:
        """Existing is every stage after the first engagement that is not churned."""
        assert existing == stage.existing

    def test_declared_in_lifecycle_order(self) -> None:
        """Stages are declared in the order a party moves through them."""
        assert ["prospect", "new", "active", "inactive", "churned"] == [
            stage.value for stage in Stage
        ]


class TestEnums:
    """The judgement enums."""

    @pytest.mark.parametrize("enum", ENUMS)
    def test_values_are_distinct_strings(self, enum: type[Enum]) -> None:
        """Every member has its own string value: no aliases."""
        values = [member.value for member in enum.__members__.values()]

        assert len(values) == len(set(values))
        assert all(isinstance(value, str) for value in values)


class TestRule:
    """The rules that decide judgement fields."""

    @pytest.mark.parametrize("rule", list(Rule))
    def test_value_starts_with_the_field_it_decides(self, rule: Rule) -> None:
        """A rule's value starts with the name of a judgement field, then a dot."""
        field, dot, name = rule.value.partition(".")

        assert field in KINDS
        assert "." == dot
        assert name

    @pytest.mark.parametrize("rule", list(Rule))
    def test_explains_a_field_of_its_prefix(self, rule: Rule) -> None:
        """A reason can be built for the field a rule's value names."""
        field = rule.value.partition(".")[0]
        if field == "role":
            field = "role.payer"

        assert rule == Reason(field=field, rule=rule, detail="").rule

    def test_every_field_has_a_rule(self) -> None:
        """Every kind of field is decided by at least one rule."""
        assert KINDS == {rule.value.partition(".")[0] for rule in Rule}


class TestReason:
    """A reason: the field, the rule and the facts."""

    @pytest.mark.parametrize("field", FIELDS)
    def test_accepts_every_field(self, field: str) -> None:
        """A reason can explain every field of a judgement."""
        assert field == Reason(field=field, rule=Rule.PLAYED, detail="").field

    @pytest.mark.parametrize("field", ["mood", "role", "role.customer", "Standing", ""])
    def test_refuses_unknown_field(self, field: str) -> None:
        """A field that no judgement has is refused, listing the fields there are."""
        with pytest.raises(InvalidValueError) as info:
            Reason(field=field, rule=Rule.PAID, detail="paid")

        assert f"'field' must be one of {FIELDS} (got {field!r})" == str(info.value)
        assert ("field", field) == (info.value.field, info.value.got)

    def test_facts_default_to_none(self) -> None:
        """A reason resting on an absence points at no facts."""
        reason = Reason(field="tenure", rule=Rule.NEVER_PAID, detail="never paid")

        assert () == reason.facts

    def test_is_frozen(self) -> None:
        """A reason cannot be changed."""
        reason = Reason(field="tenure", rule=Rule.NEVER_PAID, detail="never paid")

        with pytest.raises(FrozenInstanceError):
            reason.detail = "changed"  # type: ignore[misc]

    @given(reasons())
    def test_generated_reasons_name_their_rules_field(self, reason: Reason) -> None:
        """Generated reasons explain the field their rule decides."""
        assert reason.field.partition(".")[0] == reason.rule.value.partition(".")[0]


class TestJudgementReason:
    """Finding the reason for one field of a judgement."""

    @pytest.mark.parametrize(
        ("field", "rule"),
        [
            ("standing", Rule.PAID),
            ("tenure", Rule.PAID_ONCE),
            ("environment", Rule.NO_CONTRACT),
            ("stage", Rule.FIRST_ENGAGED),
            ("tier", Rule.TOP_SHARE),
            ("account", Rule.FIRST_PERIOD),
            ("role.buyer", Rule.PLAYED),
            ("role.payer", Rule.PLAYED),
            ("role.user", Rule.PLAYED),
            ("role.consumer", Rule.PLAYED),
            ("role.end_customer", Rule.PLAYED),
        ],
    )
    def test_finds_each_field(self, field: str, rule: Rule) -> None:
        """The reason for each field is found, with the rule that decided it."""
        reason = gift_judgement().reason(field)

        assert (field, rule) == (reason.field, reason.rule)

    def test_every_field_has_one_reason(self) -> None:
        """A judgement has one reason per field and per role played."""
        judgement = gift_judgement()

        assert [
            "standing",
            "tenure",
            "environment",
            "stage",
            "tier",
            "account",
            "role.buyer",
            "role.payer",
            "role.user",
            "role.consumer",
            "role.end_customer",
        ] == [reason.field for reason in judgement.reasons]
        assert {f"role.{role.value}" for role in judgement.roles} == {
            reason.field for reason in judgement.reasons if reason.field.startswith("role.")
        }

    @pytest.mark.parametrize("field", ["mood", "role.promoter"])
    def test_unknown_field_raises(self, field: str) -> None:
        """A field without a reason here is refused, listing the ones there are."""
        judgement = gift_judgement()

        with pytest.raises(InvalidValueError) as info:
            judgement.reason(field)

        assert (
            "'field' must be one of ['standing', 'tenure', 'environment', 'stage', "
            "'tier', 'account', 'role.buyer', 'role.payer', 'role.user', "
            f"'role.consumer', 'role.end_customer'] (got {field!r})"
        ) == str(info.value)


class TestJudgement:
    """A judgement as a value."""

    def test_existing_follows_the_stage(self) -> None:
        """A judgement is existing exactly when its stage is."""
        judgement = gift_judgement()

        assert (Stage.NEW, True) == (judgement.stage, judgement.existing)

    def test_is_frozen(self) -> None:
        """A judgement cannot be changed."""
        judgement = gift_judgement()

        with pytest.raises(FrozenInstanceError):
            judgement.standing = Standing.CLIENT  # type: ignore[misc]

    def test_equal_by_value(self) -> None:
        """Judging the same facts twice gives equal judgements."""
        assert gift_judgement() == gift_judgement()
