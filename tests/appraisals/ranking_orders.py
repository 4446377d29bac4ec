"""Rankings written as text for the ranking tests: ``order("a>b=c>d")`` and the solution lists."""


def order(text: str) -> list[list[str]]:
    """'a>b=c>d' → [['a'], ['b', 'c'], ['d']]: '>' separates tiers, '=' ties."""
    return [tier.split("=") for tier in text.split(">")]


ABC = ["a", "b", "c"]
ABCD = ["a", "b", "c", "d"]
ABCDE = ["a", "b", "c", "d", "e"]
