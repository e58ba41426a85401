"""What a fit measured, read from the JVM in one call (classic PySpark or Spark Connect)."""

import json
import math
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from pyspark.ml.wrapper import JavaWrapper

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["TrainingSummary"]


def _floats(values: Any) -> List[float]:
    # The JVM writes NaN (an epoch without that log) as the string "NaN".
    return [float(v) if isinstance(v, (int, float)) else math.nan for v in values or []]


class TrainingSummary(JavaWrapper):
    """The training summary of a fitted model (``model.summary``), as MLlib names its parts.

    Per averaging round: ``objectiveHistory`` (mean training loss), ``roundSeconds`` and
    ``roundTrainSeconds``. Per epoch: ``history`` (Keras's ``History.history``: ``loss``,
    ``accuracy`` and their ``val_`` forms), ``trainLoss``, ``trainAccuracy``, ``validationLoss``,
    ``validationAccuracy`` and ``epochSeconds``. Missing values are NaN.
    """

    def __init__(self, java_obj: Any) -> None:
        super().__init__(java_obj)
        self._data: Optional[Dict[str, Any]] = None

    def _json(self) -> Dict[str, Any]:
        # One round trip: the JVM summary's toString is its JSON form, and toString is a method
        # Spark Connect lets clients call on any server object that has a uid.
        if self._data is None:
            self._data = json.loads(self._call_java("toString"))
        return self._data

    @property
    def objectiveHistory(self) -> List[float]:
        """Mean training loss of each averaging round."""
        return _floats(self._json().get("roundLosses"))

    @property
    def totalIterations(self) -> int:
        """Averaging rounds run by the fit."""
        return int(self._json().get("roundsRun", 0))

    @property
    def resumedFromRound(self) -> int:
        """The global round a checkpoint resumed from, or -1."""
        return int(self._json().get("resumedFromRound", -1))

    @property
    def history(self) -> Dict[str, List[float]]:
        """Every log per epoch, as Keras's ``History.history``."""
        epochs = len(self.epochSeconds)
        out = {}
        for key, values in (self._json().get("history") or {}).items():
            v = _floats(values)
            out[key] = v + [math.nan] * (epochs - len(v))
        return out

    def _log(self, key: str) -> List[float]:
        return self.history.get(key, [math.nan] * len(self.epochSeconds))

    @property
    def trainLoss(self) -> List[float]:
        """Training loss of each epoch: the mean over its training batches, each measured as it
        trained (Keras's ``fit`` logs)."""
        return self._log("loss")

    @property
    def trainAccuracy(self) -> List[float]:
        """Training accuracy of each epoch, over its training batches as they trained."""
        return self._log("accuracy")

    @property
    def validationLoss(self) -> List[float]:
        """Validation loss after each epoch (NaN without validation data)."""
        return self._log("val_loss")

    @property
    def validationAccuracy(self) -> List[float]:
        """Validation accuracy after each epoch (NaN without validation data)."""
        return self._log("val_accuracy")

    @property
    def epochSeconds(self) -> List[float]:
        """Wall seconds of each epoch."""
        return _floats(self._json().get("epochSeconds"))

    @property
    def roundSeconds(self) -> List[float]:
        """Wall seconds of each averaging round on the driver."""
        return _floats(self._json().get("roundSeconds"))

    @property
    def roundTrainSeconds(self) -> List[float]:
        """Per round, the longest time a worker spent training its local minibatches."""
        return _floats(self._json().get("roundTrainSeconds"))

    @property
    def synchronizationShare(self) -> float:
        """Share of round time not spent training (broadcast, scheduling, averaging)."""
        return float(self._json().get("synchronizationShare", math.nan))

    def toPandas(self) -> "pd.DataFrame":
        """One row per epoch: ``epoch``, every log of :attr:`history`, and ``seconds``."""
        import pandas as pd

        frame = pd.DataFrame(self.history)
        frame.insert(0, "epoch", range(1, len(self.epochSeconds) + 1))
        frame["seconds"] = self.epochSeconds
        return frame

    def roundsToPandas(self) -> "pd.DataFrame":
        """One row per averaging round: ``round``, ``loss``, ``seconds``, ``trainSeconds``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "round": range(1, len(self.objectiveHistory) + 1),
                "loss": self.objectiveHistory,
                "seconds": self.roundSeconds,
                "trainSeconds": self.roundTrainSeconds,
            }
        )

    def plot(self) -> "Figure":
        """Draws the loss per round and the accuracy per epoch (training and validation), side
        by side, and returns the matplotlib figure."""
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator

        fig, (loss_ax, acc_ax) = plt.subplots(1, 2, figsize=(10, 3.5))
        loss_ax.plot(range(1, self.totalIterations + 1), self.objectiveHistory, label="training")
        rounds_per_epoch = self.totalIterations / max(1, len(self.epochSeconds))
        val = self.validationLoss
        if any(not math.isnan(v) for v in val):
            ends = [rounds_per_epoch * (e + 1) for e in range(len(val))]
            loss_ax.plot(ends, val, "o-", label="validation (per epoch)")
        loss_ax.set_xlabel("averaging round")
        loss_ax.set_ylabel("loss")
        loss_ax.legend()
        epochs = range(1, len(self.epochSeconds) + 1)
        acc_ax.plot(epochs, self.trainAccuracy, "o-", label="training")
        if any(not math.isnan(v) for v in self.validationAccuracy):
            acc_ax.plot(epochs, self.validationAccuracy, "o-", label="validation")
        acc_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        acc_ax.set_xlabel("epoch")
        acc_ax.set_ylabel("accuracy")
        acc_ax.legend()
        fig.tight_layout()
        return fig

    def __repr__(self) -> str:
        return (
            f"TrainingSummary(epochs={len(self.epochSeconds)}, rounds={self.totalIterations}, "
            f"final loss={self.objectiveHistory[-1] if self.objectiveHistory else math.nan:.4f})"
        )
