"""``reconcile --format json`` text: orjson where it can, the standard library where it refuses,
the same text either way."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from vc_sync.terminal import _JSON, _JSON_HIDDEN, HIDDEN, json_text

RAW = {chr(c) for c in HIDDEN if c >= 0x7F}

# what a reconcile payload holds: names from anywhere, minutes to a tenth, scores to 1e-4
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(0, 10_000).map(lambda x: round(x, 1)),
    st.floats(0, 1).map(lambda x: round(x, 4)),
    st.text(max_size=40),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "L"]), max_size=20),
    st.text(st.characters(categories=["Cs", "Cc"]), max_size=5),  # lone surrogates: orjson refuses them
)
PAYLOADS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def standard(payload) -> str:
    """What the command printed before orjson: the standard library's compact encoding."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON) if _JSON_HIDDEN.search(text) else text


@given(PAYLOADS)
def test_compact_json_is_the_standard_librarys_text(payload):
    text = json_text(payload)
    assert text == standard(payload)
    assert not RAW & set(text)
    assert json.loads(text) == json.loads(json.dumps(payload))


def test_a_lone_surrogate_and_del_are_escaped_on_either_path():
    payload = {"names": ["Andi \ud800 Kurniawan", "DEL\x7f", "Sri \u202e"], "minutes": 45.5}
    text = json_text(payload)
    assert "\\ud800" in text and "\\u007f" in text and "\\u202e" in text
    assert json.loads(text)["names"][1] == "DEL\x7f"
    ascii_only = json_text({"name": "Budi\x7f"})
    assert ascii_only == '{"name":"Budi\\u007f"}'
