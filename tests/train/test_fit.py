"""The full-batch trainer: with the step decay it settles on the regularised optimum."""

from __future__ import annotations

import numpy as np

from train.stance_model import Sparse, fit


def _problem():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(400, 12))
    y = np.argmax(X[:, :3] + rng.normal(scale=1.5, size=(400, 3)), axis=1)  # noisy: no perfect fit
    return Sparse([{}] * len(y), {}), X, y


def _objective(X, y, Wd, b, l2):
    Z = X @ Wd + b
    Z -= Z.max(1, keepdims=True)
    P = np.exp(Z) / np.exp(Z).sum(1, keepdims=True)
    return -np.log(P[np.arange(len(y)), y]).mean() + 0.5 * l2 * (Wd**2).sum()


def test_decayed_fit_converges_and_constant_steps_do_not():
    S, X, y = _problem()
    runs = {(decay, it): fit(S, y, 0.0, it, lr=0.05, dense=X, l2_dense=0.05, decay=decay)
            for decay in (False, True) for it in (1000, 3000)}
    _, short, bs = runs[(True, 1000)]
    _, long, bl = runs[(True, 3000)]
    assert np.abs(short - long).max() < 1e-4 and np.abs(bs - bl).max() < 1e-4  # more steps change nothing
    decayed = _objective(X, y, short, bs, 0.05)
    _, const, bc = runs[(False, 1000)]
    assert decayed <= _objective(X, y, const, bc, 0.05) + 1e-9
    _, const_long, _ = runs[(False, 3000)]
    assert np.abs(const - const_long).max() > 1e-4  # constant steps keep circling the optimum
