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
Doc), each Doc's scores those of the Doc alone: bit for bit where numpy's BLAS sums a row of a
product the same way whatever rows are beside it (the machines it was first measured on),
within float32 rounding where the kernel the BLAS picks for a CPU sums a tall product in another
order (about 1e-6 of a score on an AMD EPYC).

``AttributionTok2Vec.v3`` adds a residual bidirectional LSTM after the CNN (:class:`_BiLSTM`): the
same recursion as thinc's, its two directions stepped together over the batch's Docs padded side by
side, within float32 rounding of thinc's scores. Only these architectures are read:
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
class _BiLSTM:
    """thinc's residual bidirectional ``LSTM`` at inference, both directions stepped together.

    thinc steps each direction alone, a dozen array operations per word of the longest Doc, for
    each direction. Here the input products of every word are taken at once (as thinc does), then
    one loop over the words runs both directions side by side: the backward direction reads each
    Doc reversed, so both are a left-to-right recursion over Docs padded at their ends (padding
    after a Doc's last word never reaches its words). Gates are laid out as thinc's weights are
    stored (forget, input, output, cell; thinc's ``_split_weights``); the same arithmetic as
    thinc's ``lstm_forward_training``, with float32 rounding in other places (equal within 1e-4,
    ``tests/test_spanmodel_inference.py``)."""

    layers: tuple[tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray], ...]

    @classmethod
    def of(cls, layer: Model[Any, Any]) -> _BiLSTM | None:
        """The weights of ``residual(with_padded(lstm))``, or None when it is not bidirectional."""
        (lstm,) = [m for m in layer.walk() if m.name == "lstm"]
        if int(lstm.get_dim("dirs")) != 2:
            return None
        params, hc0 = _param(lstm, "LSTM"), _param(lstm, "HC0")
        n_h, n_in, depth = int(lstm.get_dim("nO")) // 2, int(lstm.get_dim("nI")), int(lstm.get_dim("depth"))
        # sigmoid(x) = (tanh(x / 2) + 1) / 2: the forget, input and output gates' weights halved
        # once here (exact: a power of two), so one tanh per step serves the four gates
        half = numpy.ones(4 * n_h, dtype="float32")
        half[: 3 * n_h] = 0.5
        at, out = 0, []
        for i in range(depth):
            w_x, w_h, bias = [], [], []
            for _ in range(2):
                sizes = (4 * n_h * n_in, 4 * n_h, 4 * n_h * n_h, 4 * n_h)
                wx, bx, wh, bh = numpy.split(params[at : at + sum(sizes)], numpy.cumsum(sizes)[:-1])
                at += sum(sizes)
                w_x.append(wx.reshape(4 * n_h, n_in).T * half)
                w_h.append(wh.reshape(4 * n_h, n_h).T * half)
                bias.append((bx + bh) * half)
            # thinc passes HC0[0] as its recursion's first cell state and HC0[1] as its first output
            out.append(
                (numpy.stack(w_x), numpy.stack(w_h), numpy.stack(bias), hc0[1, i].copy(), hc0[0, i].copy())
            )
            n_in = 2 * n_h
        if at != params.size:
            return None
        return cls(tuple(out))

    def __call__(self, parts: list[numpy.ndarray]) -> list[numpy.ndarray]:
        """Each Doc's (n_tokens, width) rows plus the LSTM's outputs over them (the residual)."""
        X = parts
        for w_x, w_h, bias, y0, c0 in self.layers:
            X = self._layer(X, w_x, w_h, bias, y0, c0)
        return [a + b for a, b in zip(parts, X, strict=True)]

    @staticmethod
    def _layer(
        parts: list[numpy.ndarray],
        w_x: numpy.ndarray,
        w_h: numpy.ndarray,
        bias: numpy.ndarray,
        y0: numpy.ndarray,
        c0: numpy.ndarray,
    ) -> list[numpy.ndarray]:
        n_h = w_h.shape[1]
        lengths = [len(p) for p in parts]
        steps, n_docs = max(lengths), len(parts)
        padded = numpy.zeros((2, n_docs, steps, parts[0].shape[1]), dtype="float32")
        for k, part in enumerate(parts):
            padded[0, k, : len(part)] = part
            padded[1, k, : len(part)] = part[::-1]
        gates = numpy.matmul(padded, w_x[:, None])  # (2, docs, steps, 4 * n_h)
        gates += bias[:, None, None, :]
        y = numpy.repeat(y0[:, None, :], n_docs, axis=1)  # writable copies, one row per Doc
        c = numpy.repeat(c0[:, None, :], n_docs, axis=1)
        out = numpy.empty((2, n_docs, steps, n_h), dtype="float32")
        g = numpy.empty((2, n_docs, 4 * n_h), dtype="float32")
        three = 3 * n_h
        for t in range(steps):  # the gates' weights come halved (of): tanh gives all four
            numpy.matmul(y, w_h, out=g)
            g += gates[:, :, t]
            numpy.tanh(g, out=g)
            s = g[..., :three]
            s += 1.0
            s *= 0.5  # the forget, input and output gates
            g[..., three:] *= s[..., n_h : 2 * n_h]
            c *= s[..., :n_h]
            c += g[..., three:]
            y = numpy.tanh(c)
            y *= s[..., 2 * n_h : three]
            out[:, :, t] = y
        return [numpy.hstack([out[0, k, :n], out[1, k, :n][::-1]]) for k, n in enumerate(lengths)]


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
    recurrent: _BiLSTM | None = None  # v3's residual bidirectional LSTM

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
        lstm = _BiLSTM.of(recurrent[0]) if recurrent else None
        if recurrent and lstm is None:
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
            lstm,
        )

    def __call__(self, doc: Doc) -> numpy.ndarray:
        return self.many([doc])[0]

    def many(self, docs: Sequence[Doc]) -> list[numpy.ndarray]:
        """The (n_tokens, n_labels) scores of each Doc, the batch's tokens run together: one matrix
        product per hidden layer for the whole batch, each CNN window within its own Doc (``seq2col``
        over the Docs' lengths pads each Doc's edges with zeros, as it pads one Doc alone). The same
        scores as each Doc alone (bit for bit where the BLAS kernel sums a row of a product of many
        rows the same way whatever rows are beside it; within float32 rounding on CPUs where it does
        not); numpy's OpenBLAS takes other kernels for a product of very few rows or outputs, so a
        Doc of under :data:`ALONE` tokens runs alone and the output layer (a few labels wide) runs
        Doc by Doc."""
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
            parts = self.recurrent(parts)
        out = []
        for part in parts:
            scores = part @ self.out_W.T
            scores += self.out_b
            out.append(scores)
        return out
