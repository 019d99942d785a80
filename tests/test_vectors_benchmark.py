"""The word-vector benchmark's corpus readers and its soft overlap (no gensim needed)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks.train_vectors import paragraphs
from benchmarks.vectors_cv import Vectors


def test_readers_take_the_running_text_of_each_kind() -> None:
    conllu = "# sent_id = 1\n# text = او آمد.\n1\tاو\t_\n\n# text = رفت.\n1\tرفت\t_\n"
    assert list(paragraphs(conllu, "conllu")) == ["او آمد.", "رفت."]
    assert list(paragraphs("در\nابتدا\n.\n\nدبیر\nگفت\n", "tokens")) == ["در ابتدا .", "دبیر گفت"]
    article = {"title": "عنوان", "abstract": "چکیده", "paragraphs": "['بند یک', 'بند دو']"}
    assert list(paragraphs(json.dumps([article]), "articles")) == ["عنوان", "چکیده", "بند یک", "بند دو"]
    assert list(paragraphs("# ::id 1\n# ::snt فصل یک\n(x / فصل)\n", "amr")) == ["فصل یک"]
    with pytest.raises(ValueError):
        list(paragraphs("", "unknown"))


def vectors() -> Vectors:
    # a and b point the same way (cosine 1), c is at cosine 0.6 with a, d is orthogonal to a
    matrix = np.array([[1.0, 0.0], [2.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    return Vectors(["a", "b", "c", "d"], matrix, {"a": 1, "b": 1, "c": 1, "d": 1})


def test_soft_overlap_counts_a_held_key_and_the_nearest_one_otherwise() -> None:
    v = vectors()
    passages = [frozenset({"a"}), frozenset({"b"}), frozenset({"c"}), frozenset({"d"}), frozenset()]
    assert v.soft(["a"], None, passages, exact=True, floor=0.0) == pytest.approx([1.0, 1.0, 0.6, 0.0, 0.0])
    # below the floor counts nothing; above it, rescaled to 0..1
    assert v.soft(["a"], None, passages, exact=True, floor=0.5) == pytest.approx([1.0, 1.0, 0.2, 0.0, 0.0])
    # exact=False: what only the vectors add, a held key counts 0
    assert v.soft(["a"], None, passages, exact=False, floor=0.0)[0] == 0.0


def test_soft_overlap_weighs_keys_and_ignores_unknown_ones() -> None:
    v = vectors()
    weights = {"a": 3.0, "zz": 1.0}
    # «zz» has no vector: it counts 0 but still weighs in the average
    assert v.soft(["a", "zz"], weights, [frozenset({"c"})], exact=True, floor=0.0) == pytest.approx([0.45])
    assert v.soft([], None, [frozenset({"a"})], exact=True, floor=0.0) == [0.0]


def test_centroid_and_neighbours() -> None:
    v = vectors()
    assert v.centroid(["a"], None, [frozenset({"b"}), frozenset({"d"})]) == pytest.approx([1.0, 0.0])
    assert [k for k, _ in v.neighbours("a", 2)] == ["b", "c"]
    assert v.neighbours("zz") == []
