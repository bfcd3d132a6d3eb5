"""The attribution tagger's forward pass at inference, in plain numpy, over a batch of Docs at once.

The trained tagger (``newsledger.AttributionTok2Vec.v2`` under spaCy's ``Tagger.v2``) is a chain of
thinc layers: hashed embeddings of six token attributes, a Maxout with layer normalisation, the
concatenation with the per-token features, a second Maxout, four residual window-CNN layers and a
linear output layer. :class:`Forward` reads those layers' weights once and applies the same
operations in the same order (the same matrix products, the same sums of the same four hashed rows,
the same normalisation arithmetic), so its scores are **bit for bit** those of
``tagger.model.predict([doc])`` (``tests/test_spanmodel_inference.py`` checks it), without thinc's
per-layer machinery: no list/ragged conversions, no copies for the concatenations of one Doc, the
maxout as two elementwise maxima instead of a loop that also records the argmax for a backward pass
inference never takes, and the layer normalisation's deviations from the mean computed once (thinc
computes them for the variance and again for the normalised values). :meth:`Forward.many` runs a
batch's Docs together (one matrix product per hidden layer per batch, each CNN window within its
Doc), each Doc's scores still those of the Doc alone, bit for bit.

``AttributionTok2Vec.v3`` adds a residual bidirectional LSTM after the CNN; that layer is run by
thinc itself over the batch (its Docs padded side by side; its products are row by row, so each
Doc's scores are still those of the Doc alone, bit for bit). Only these architectures are read:
:meth:`Forward.of` returns None for any other (a v1 model), and the caller then runs the thinc
model itself. Used by :mod:`newsledger.extract.spanmodel`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

Features = Callable[[Doc], numpy.ndarray]
_OPS = NumpyOps(use_blis=False)  # the hash of the hashed embeddings and the window of the CNN
ALONE = 16  # a Doc of fewer tokens runs alone in Forward.many (see there)


def _param(layer: Model[Any, Any], name: str) -> numpy.ndarray:
    """A layer's weights as they are (the same array, not a copy)."""
    return numpy.asarray(layer.get_param(name))


@dataclass(frozen=True, eq=False)  # compared by identity
class _Maxout:
    """A Maxout layer followed by a layer normalisation (thinc's ``maxout>>layernorm``)."""

    W: numpy.ndarray  # (nO * nP, nI), as thinc reshapes it for its product
    b: numpy.ndarray  # (nO * nP,)
    n_out: int
    n_pieces: int
    gain: numpy.ndarray  # the layer normalisation's G
    shift: numpy.ndarray  # ... and its b

    @classmethod
    def of(cls, pair: Model[Any, Any]) -> _Maxout:
        maxout, norm = pair.layers
        W = _param(maxout, "W")
        n_out, n_pieces, n_in = (int(d) for d in W.shape)
        return cls(
            W.reshape(n_out * n_pieces, n_in),
            _param(maxout, "b").reshape(n_out * n_pieces),
            n_out,
            n_pieces,
            _param(norm, "G"),
            _param(norm, "b"),
        )

    def __call__(self, X: numpy.ndarray) -> numpy.ndarray:
        Y = X @ self.W.T  # thinc: ops.gemm(X, W, trans2=True), numpy's dot
        Y += self.b
        Z = Y.reshape(len(Y), self.n_out, self.n_pieces)
        best = numpy.maximum(Z[:, :, 0], Z[:, :, 1])
        for p in range(2, self.n_pieces):
            numpy.maximum(best, Z[:, :, p], out=best)
        # layer normalisation, as thinc computes it: X.var(axis=1) is the mean of the squared
        # deviations from X.mean(axis=1), which are the deviations normalised after it
        dev = best - best.mean(axis=1, keepdims=True)
        var = numpy.add.reduce(dev * dev, axis=1, keepdims=True) / dev.shape[1] + 1e-08
        dev *= var ** (-1.0 / 2.0)
        dev *= self.gain
        dev += self.shift
        return dev


@dataclass(frozen=True, eq=False)
class Forward:
    """The tagger's layers, read once; ``forward(doc)`` gives its (n_tokens, n_labels) scores."""

    columns: list[int | str]  # the hashed attributes, in the embedding's order
    tables: tuple[tuple[numpy.ndarray, int], ...]  # per attribute: the hashed table and its seed
    embed: _Maxout
    mix: _Maxout
    window: int
    cnn: tuple[_Maxout, ...]
    out_W: numpy.ndarray
    out_b: numpy.ndarray
    features: Features
    recurrent: Model[Any, Any] | None = None  # v3's residual bidirectional LSTM, run by thinc over the batch

    @classmethod
    def of(cls, model: Model[Any, Any], features: Features) -> Forward | None:
        """The forward pass of a ``Tagger.v2`` over ``AttributionTok2Vec.v2`` (``features``: the
        per-token features its ``nl_attribution_features`` layer computes), or None for any other
        architecture."""
        try:
            return cls._read(model, features)
        except (AttributeError, IndexError, KeyError, ValueError):
            return None

    @classmethod
    def _read(cls, model: Model[Any, Any], features: Features) -> Forward | None:
        by_name: dict[str, list[Model[Any, Any]]] = {}
        for layer in model.walk():
            by_name.setdefault(layer.name, []).append(layer)
        if len(by_name.get("nl_attribution_features", [])) != 1 or len(by_name.get("softmax", [])) != 1:
            return None
        (extract,) = by_name["extract_features"]
        hashed = by_name["hashembed"]
        (window,) = {layer.attrs["window_size"] for layer in by_name["expand_window"]}
        pairs = [_Maxout.of(pair) for pair in by_name["maxout>>layernorm"]]
        n_hashed = sum(_param(h, "E").shape[1] for h in hashed)
        if [h.attrs["column"] for h in hashed] != list(range(len(hashed))):
            return None
        embed = [p for p in pairs if p.W.shape[1] == n_hashed]
        cnn = [p for p in pairs if p.W.shape[1] == p.n_out * (2 * window + 1)]  # in the chain's order
        mix = [p for p in pairs if p not in embed and p not in cnn]
        if len(embed) != 1 or len(mix) != 1 or len(cnn) != len(by_name["expand_window"]):
            return None
        (out,) = by_name["softmax"]
        if out.attrs.get("softmax_normalize"):
            return None
        recurrent = by_name.get("residual(with_padded(lstm))", [])
        if len(recurrent) != len(by_name.get("lstm", [])) or len(recurrent) > 1:
            return None
        return cls(
            list(extract.attrs["columns"]),
            tuple((_param(h, "E"), int(h.attrs["seed"])) for h in hashed),
            embed[0],
            mix[0],
            int(window),
            tuple(cnn),
            _param(out, "W"),
            _param(out, "b"),
            features,
            recurrent[0] if recurrent else None,
        )

    def __call__(self, doc: Doc) -> numpy.ndarray:
        return self.many([doc])[0]

    def many(self, docs: Sequence[Doc]) -> list[numpy.ndarray]:
        """The (n_tokens, n_labels) scores of each Doc, the batch's tokens run together: one matrix
        product per hidden layer for the whole batch, each CNN window within its own Doc (``seq2col``
        over the Docs' lengths pads each Doc's edges with zeros, as it pads one Doc alone). The same
        scores as each Doc alone, bit for bit: a row of a product of many rows is the same dot
        products whatever rows are beside it, but numpy's OpenBLAS takes other kernels for a product
        of very few rows or outputs, so a Doc of under :data:`ALONE` tokens runs alone and the
        output layer (a few labels wide) runs Doc by Doc."""
        out: list[numpy.ndarray] = [numpy.zeros((0, len(self.out_b)), dtype=self.out_W.dtype)] * len(docs)
        together = [k for k, doc in enumerate(docs) if len(doc) >= ALONE]
        for k, doc in enumerate(docs):
            if 0 < len(doc) < ALONE:
                out[k] = self._scores([doc])[0]
        if together:
            for k, scores in zip(together, self._scores([docs[k] for k in together]), strict=True):
                out[k] = scores
        return out

    def _scores(self, docs: list[Doc]) -> list[numpy.ndarray]:
        """:meth:`many` of Docs that are not empty, run together."""
        sizes = numpy.array([len(doc) for doc in docs], dtype="int32")
        width = len(self.columns)
        ids = numpy.concatenate([doc.to_array(self.columns).reshape(len(doc), width) for doc in docs])
        ids = ids.astype("uint64")
        embedded = []
        for k, (table, seed) in enumerate(self.tables):
            keys = _OPS.hash(numpy.ascontiguousarray(ids[:, k]), seed) % table.shape[0]
            rows = table[keys[:, 0]]  # thinc's gather_add: the hashed rows summed in order
            for j in range(1, keys.shape[1]):
                rows += table[keys[:, j]]
            embedded.append(rows)
        X = self.embed(numpy.hstack(embedded))
        features = numpy.concatenate([numpy.asarray(self.features(doc), dtype="float32") for doc in docs])
        X = self.mix(numpy.hstack([X, features]))
        for layer in self.cnn:
            X += layer(_OPS.seq2col(X, self.window, lengths=sizes))
        parts = numpy.split(X, numpy.cumsum(sizes)[:-1])
        if self.recurrent is not None:
            # thinc's LSTM over the batch's Docs, padded side by side: each Doc's rows are summed as
            # they are for the Doc alone (its products are row by row), so the scores are the same
            parts = self.recurrent.predict(parts)
        out = []
        for part in parts:
            scores = part @ self.out_W.T
            scores += self.out_b
            out.append(scores)
        return out
