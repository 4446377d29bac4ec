"""Generated input for the fuzz tests: any JSON value, hostile text, values of the wrong type for a field of an op's shape, and a fixed number of examples of a strategy."""

from hypothesis import Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from wijktafel.workshops.ops import BOOL, ID, IDS, INT, LIST, OBJECT, STR

JSON_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


TEXT = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),  # surrogates too
    st.sampled_from(
        [
            "",
            " ",
            "\u0000",
            "a\u0000",
            "<script>window.__xss=1</script>",
            "x" * 300,
            "y" * 600,
            "\u202eevil",
            "Gemeente",
            "gemeente",
            "\U0001f469\u200d\U0001f692",
        ]
    ),
)


def wrong_for(field_type: str):
    """Values of the wrong type (or out of range) for a field of ``field_type``."""
    bad_ints = st.one_of(st.integers(max_value=0), st.integers(min_value=2**63))
    wrong = {
        ID: st.one_of(
            bad_ints, st.booleans(), st.floats(), TEXT, st.lists(st.integers(), max_size=2)
        ),
        INT: st.one_of(
            st.integers(min_value=10**9 + 1),
            st.integers(max_value=-(10**9) - 1),
            st.booleans(),
            st.floats(),
            TEXT,
        ),
        STR: st.one_of(
            st.integers(),
            st.booleans(),
            st.floats(),
            st.lists(TEXT, max_size=2),
            st.dictionaries(TEXT, TEXT, max_size=2),
        ),
        BOOL: st.one_of(st.integers(), st.just("true"), st.none(), TEXT),
        IDS: st.one_of(
            st.integers(),
            TEXT,
            st.dictionaries(TEXT, st.integers(), max_size=2),
            st.lists(st.one_of(bad_ints, st.booleans(), st.floats(), TEXT), min_size=1, max_size=3),
        ),
        LIST: st.one_of(
            st.integers(),
            st.booleans(),
            st.floats(),
            TEXT,
            st.dictionaries(TEXT, JSON_VALUE, max_size=2),
        ),
        OBJECT: st.one_of(
            st.integers(), st.booleans(), st.floats(), TEXT, st.lists(JSON_VALUE, max_size=2)
        ),
    }
    return wrong[field_type]


def generate(strategy, count: int) -> list[str]:
    """``count`` examples of ``strategy``, the same in every run (derandomized, no shrinking)."""
    found: list[str] = []

    @hsettings(
        max_examples=count, derandomize=True, database=None, phases=[Phase.generate], deadline=None
    )
    @given(strategy)
    def collect(value):
        found.append(value)

    collect()
    return found
