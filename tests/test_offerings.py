import pytest
from attrs.exceptions import FrozenInstanceError

from clientele import Customization, InvalidValueError, Market, Offering, OfferingKind

TISSUES = Offering(
    id="tissues-10",
    kind=OfferingKind.GOODS,
    customization=Customization.STANDARD,
    market=Market.CONSUMER,
)


class TestOffering:
    """Offerings and their makers."""

    def test_constructs_with_defaults(self) -> None:
        """An offering has no maker and no name unless given."""
        assert (
            "tissues-10",
            OfferingKind.GOODS,
            Customization.STANDARD,
            Market.CONSUMER,
            None,
            None,
        ) == (
            TISSUES.id,
            TISSUES.kind,
            TISSUES.customization,
            TISSUES.market,
            TISSUES.maker,
            TISSUES.name,
        )

    def test_constructs_with_maker_and_name(self) -> None:
        """An offering can name its maker and carry a display name."""
        audit = Offering(
            id="audit",
            kind=OfferingKind.SERVICE,
            customization=Customization.CUSTOMIZED,
            market=Market.PRODUCTION,
            maker="o-bigfour",
            name="Annual audit",
        )

        assert ("o-bigfour", "Annual audit") == (audit.maker, audit.name)

    @pytest.mark.parametrize(
        ("field", "enum_name", "value"),
        [
            ("kind", "OfferingKind", "goods"),
            ("customization", "Customization", "standard"),
            ("market", "Market", "consumer"),
            ("kind", "OfferingKind", Market.CONSUMER),
            ("market", "Market", Customization.STANDARD),
        ],
    )
    def test_refuses_wrong_enum(self, field: str, enum_name: str, value: object) -> None:
        """Each enum field accepts only members of its own enum."""
        with pytest.raises(InvalidValueError) as info:
            Offering(
                id="o",
                kind=value if field == "kind" else OfferingKind.GOODS,  # type: ignore[arg-type]
                customization=(
                    value if field == "customization" else Customization.STANDARD  # type: ignore[arg-type]
                ),
                market=value if field == "market" else Market.CONSUMER,  # type: ignore[arg-type]
            )

        assert f"{field!r} must be a {enum_name} member (got {value!r})" == str(info.value)

    @pytest.mark.parametrize(("field", "bad"), [("id", ""), ("id", " x"), ("maker", "x ")])
    def test_refuses_bad_ids(self, field: str, bad: str) -> None:
        """The offering id and the maker are checked like any id."""
        fields = {"id": "o", "maker": "m", field: bad}

        with pytest.raises(InvalidValueError) as info:
            Offering(
                id=fields["id"],
                kind=OfferingKind.GOODS,
                customization=Customization.STANDARD,
                market=Market.CONSUMER,
                maker=fields["maker"],
            )

        expected = (
            f"{field!r} must be a non-empty string without surrounding whitespace (got {bad!r})"
        )
        assert expected == str(info.value)

    def test_refuses_non_string_name(self) -> None:
        """A name must be a string."""
        with pytest.raises(InvalidValueError) as info:
            Offering(
                id="o",
                kind=OfferingKind.GOODS,
                customization=Customization.STANDARD,
                market=Market.CONSUMER,
                name=b"x",  # type: ignore[arg-type]
            )

        assert "'name' must be a string (got b'x')" == str(info.value)

    def test_equal_by_value(self) -> None:
        """Offerings with the same fields are equal and hash alike."""
        copy = Offering(
            id="tissues-10",
            kind=OfferingKind.GOODS,
            customization=Customization.STANDARD,
            market=Market.CONSUMER,
        )

        assert TISSUES == copy
        assert hash(TISSUES) == hash(copy)

    def test_maker_distinguishes(self) -> None:
        """Two offerings differing only by maker are different."""
        branded = Offering(
            id="tissues-10",
            kind=OfferingKind.GOODS,
            customization=Customization.STANDARD,
            market=Market.CONSUMER,
            maker="o-softco",
        )

        assert TISSUES != branded

    @pytest.mark.parametrize("field", ["id", "kind", "customization", "market", "maker"])
    def test_immutable(self, field: str) -> None:
        """An offering's fields cannot be reassigned."""
        with pytest.raises(FrozenInstanceError):
            setattr(TISSUES, field, None)


class TestEnums:
    """The enums describing offerings."""

    def test_values(self) -> None:
        """The offering enums have stable string values."""
        expected = [["goods", "service"], ["standard", "customized"], ["consumer", "production"]]
        actual = [
            [member.value for member in OfferingKind],
            [member.value for member in Customization],
            [member.value for member in Market],
        ]
        assert expected == actual
