import pytest
from attrs.exceptions import FrozenInstanceError

from clientele import (
    ANONYMOUS,
    Anonymous,
    BusinessModel,
    InvalidValueError,
    Organization,
    Person,
    Seller,
)

BAD_IDS: list[object] = ["", " x", "x ", "\tx", "\n", 5, None]


def id_message(field: str, got: object) -> str:
    """Return the message refusing *got* as the id in *field*."""
    return f"{field!r} must be a non-empty string without surrounding whitespace (got {got!r})"


class TestAnonymous:
    """The one anonymous party."""

    def test_all_instances_are_equal(self) -> None:
        """ANONYMOUS equals any Anonymous(), with the same hash."""
        assert ANONYMOUS == Anonymous()
        assert hash(ANONYMOUS) == hash(Anonymous())

    def test_repr(self) -> None:
        """ANONYMOUS shows as Anonymous()."""
        assert "Anonymous()" == repr(ANONYMOUS)

    def test_never_equals_an_id(self) -> None:
        """The anonymous party is not any party id."""
        party_id: object = "anonymous"

        assert party_id != ANONYMOUS

    def test_immutable(self) -> None:
        """Nothing can be attached to the anonymous party."""
        with pytest.raises(FrozenInstanceError):
            ANONYMOUS.name = "Ana"  # type: ignore[attr-defined]


class TestPerson:
    """Individuals."""

    def test_constructs_with_defaults(self) -> None:
        """A person needs only an id; the name is not recorded by default."""
        person = Person(id="p-ana")

        assert ("p-ana", None) == (person.id, person.name)

    def test_constructs_with_name(self) -> None:
        """A person keeps the name it was given, even an empty one."""
        assert ("Ana", "") == (Person(id="p", name="Ana").name, Person(id="p", name="").name)

    @pytest.mark.parametrize("bad", BAD_IDS)
    def test_refuses_bad_id(self, bad: object) -> None:
        """An id must be a non-empty string without surrounding whitespace."""
        with pytest.raises(InvalidValueError) as info:
            Person(id=bad)  # type: ignore[arg-type]

        assert id_message("id", bad) == str(info.value)

    def test_refuses_non_string_name(self) -> None:
        """A name must be a string."""
        with pytest.raises(InvalidValueError) as info:
            Person(id="p", name=5)  # type: ignore[arg-type]

        assert "'name' must be a string (got 5)" == str(info.value)

    def test_keyword_only(self) -> None:
        """Fields are passed by name, so two ids can never be swapped silently."""
        with pytest.raises(TypeError):
            Person("p")  # type: ignore[call-arg]

    def test_equal_by_value(self) -> None:
        """Persons with the same fields are equal and hash alike."""
        assert Person(id="p", name="Ana") == Person(id="p", name="Ana")
        assert hash(Person(id="p", name="Ana")) == hash(Person(id="p", name="Ana"))
        assert Person(id="p", name="Ana") != Person(id="p", name="Bo")

    def test_never_equals_an_organization(self) -> None:
        """A person and an organization with the same id are different parties."""
        person: object = Person(id="x")

        assert person != Organization(id="x")

    @pytest.mark.parametrize("field", ["id", "name"])
    def test_immutable(self, field: str) -> None:
        """A person's fields cannot be reassigned."""
        person = Person(id="p", name="Ana")

        with pytest.raises(FrozenInstanceError):
            setattr(person, field, "q")


class TestOrganization:
    """Organizations and their members."""

    def test_constructs_with_defaults(self) -> None:
        """An organization needs only an id; it has no members by default."""
        org = Organization(id="o-globex")

        assert ("o-globex", None, ()) == (org.id, org.name, org.members)

    def test_members(self) -> None:
        """An organization keeps its members in the order given."""
        assert ("p-2", "p-1") == Organization(id="o", members=("p-2", "p-1")).members

    def test_refuses_members_list(self) -> None:
        """Members must be a tuple: a list is refused, not converted."""
        with pytest.raises(InvalidValueError) as info:
            Organization(id="o", members=["p-1"])  # type: ignore[arg-type]

        assert "'members' must be a tuple of ids (got ['p-1'])" == str(info.value)

    def test_refuses_string_members(self) -> None:
        """A string is not mistaken for a tuple of one-letter ids."""
        with pytest.raises(InvalidValueError) as info:
            Organization(id="o", members="ab")  # type: ignore[arg-type]

        assert "'members' must be a tuple of ids (got 'ab')" == str(info.value)

    def test_refuses_duplicate_members(self) -> None:
        """A member is listed once."""
        with pytest.raises(InvalidValueError) as info:
            Organization(id="o", members=("p-1", "p-1"))

        expected = "'members' must be a tuple of distinct ids (got ('p-1', 'p-1'))"
        assert expected == str(info.value)

    @pytest.mark.parametrize("bad", BAD_IDS)
    def test_refuses_bad_member_id(self, bad: object) -> None:
        """Every member is a valid party id."""
        with pytest.raises(InvalidValueError) as info:
            Organization(id="o", members=("p-1", bad))  # type: ignore[arg-type]

        assert id_message("members", bad) == str(info.value)

    @pytest.mark.parametrize("bad", BAD_IDS)
    def test_refuses_bad_id(self, bad: object) -> None:
        """The organization's own id is checked like any party id."""
        with pytest.raises(InvalidValueError) as info:
            Organization(id=bad)  # type: ignore[arg-type]

        assert id_message("id", bad) == str(info.value)

    def test_equal_by_value(self) -> None:
        """Organizations with the same fields are equal and hash alike."""
        one = Organization(id="o", name="Globex", members=("p-1",))
        other = Organization(id="o", name="Globex", members=("p-1",))

        assert one == other
        assert hash(one) == hash(other)
        assert one != Organization(id="o", name="Globex", members=("p-2",))

    @pytest.mark.parametrize("field", ["id", "name", "members"])
    def test_immutable(self, field: str) -> None:
        """An organization's fields cannot be reassigned."""
        with pytest.raises(FrozenInstanceError):
            setattr(Organization(id="o"), field, ())


class TestSeller:
    """Sellers and their business model."""

    def test_constructs(self) -> None:
        """A seller has an id and a business model; the name is optional."""
        seller = Seller(id="s-acme", business_model=BusinessModel.MIXED)

        assert ("s-acme", BusinessModel.MIXED, None) == (
            seller.id,
            seller.business_model,
            seller.name,
        )

    def test_refuses_business_model_value(self) -> None:
        """The enum's string value is not accepted in place of its member."""
        with pytest.raises(InvalidValueError) as info:
            Seller(id="s", business_model="mixed")  # type: ignore[arg-type]

        assert "'business_model' must be a BusinessModel member (got 'mixed')" == str(info.value)

    @pytest.mark.parametrize("bad", BAD_IDS)
    def test_refuses_bad_id(self, bad: object) -> None:
        """A seller id is checked like any party id."""
        with pytest.raises(InvalidValueError) as info:
            Seller(id=bad, business_model=BusinessModel.MIXED)  # type: ignore[arg-type]

        assert id_message("id", bad) == str(info.value)

    def test_refuses_non_string_name(self) -> None:
        """A seller's name must be a string."""
        with pytest.raises(InvalidValueError) as info:
            Seller(id="s", business_model=BusinessModel.MIXED, name=1)  # type: ignore[arg-type]

        assert "'name' must be a string (got 1)" == str(info.value)

    def test_equal_by_value(self) -> None:
        """Sellers with the same fields are equal and hash alike."""
        one = Seller(id="s", business_model=BusinessModel.CLIENT_BASED)
        other = Seller(id="s", business_model=BusinessModel.CLIENT_BASED)

        assert one == other
        assert hash(one) == hash(other)
        assert one != Seller(id="s", business_model=BusinessModel.CUSTOMER_BASED)

    @pytest.mark.parametrize("field", ["id", "business_model", "name"])
    def test_immutable(self, field: str) -> None:
        """A seller's fields cannot be reassigned."""
        seller = Seller(id="s", business_model=BusinessModel.MIXED)

        with pytest.raises(FrozenInstanceError):
            setattr(seller, field, None)


class TestBusinessModel:
    """The business models."""

    def test_values(self) -> None:
        """Business models have stable string values."""
        assert ["client_based", "customer_based", "mixed"] == [
            model.value for model in BusinessModel
        ]
