// Fused loss ops, each computed in one pass (`LossKernels`) with its pullback below it. Losses
// that compose primitive ops (binary cross-entropy, hinge, Huber, ...) live in DLModels.

/// Sparse softmax cross-entropy on logits (TensorFlow's `sparse_softmax_cross_entropy_with_logits`):
/// logsumexp(x) − x[label] for each row of the last axis, computed stably, without building a
/// one-hot tensor or the probabilities. Labels are class ids stored as Float (truncated, as Keras
/// casts them); a label outside `0..<classes` gives NaN for its row and no gradient.
/// Gradient (logits only): softmax(x) − one-hot(label).
/// Shapes: logits `[..., classes]`, labels holding one id per row (`[...]` or `[..., 1]`) → `[...]`.
public func sparseSoftmaxCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
    let (rows, classes) = sparseLossRows(logits, labels, "sparseSoftmaxCrossEntropy")
    let (x, ids) = (logits.detached, labels.detached)
    var logSumExp = [Float](repeating: 0, count: rows)
    let loss = Tensor(shape: Array(logits.shape.dropLast())) { out in
        x.withUnsafeBufferPointer { xp in
            ids.withUnsafeBufferPointer { lp in
                logSumExp.withUnsafeMutableBufferPointer { sp in
                    guard let xp = xp.baseAddress, let lp = lp.baseAddress, let sp = sp.baseAddress,
                          let op = out.baseAddress else { return }
                    LossKernels.sparseSoftmaxCrossEntropyForward(xp, labels: lp, rows: rows, classes: classes,
                                                                 into: op, logSumExp: sp)
                }
            }
        }
    }
    let saved = logSumExp
    return recordOperation(inputs: [logits], output: loss) { g in
        [Tensor(shape: x.shape) { dx in
            g.withUnsafeBufferPointer { gp in
                x.withUnsafeBufferPointer { xp in
                    ids.withUnsafeBufferPointer { lp in
                        saved.withUnsafeBufferPointer { sp in
                            guard let gp = gp.baseAddress, let xp = xp.baseAddress, let lp = lp.baseAddress,
                                  let sp = sp.baseAddress, let dp = dx.baseAddress else { return }
                            LossKernels.sparseSoftmaxCrossEntropyBackward(gp, logits: xp, labels: lp, logSumExp: sp,
                                                                          rows: rows, classes: classes, into: dp)
                        }
                    }
                }
            }
        }]
    }
}

/// Sparse categorical cross-entropy on probabilities, as Keras's JAX and PyTorch backends compute
/// it: each row of the last axis rescaled to sum to 1, the label's share clipped to
/// `[epsilon, 1 − epsilon]`, then −log. Labels as in `sparseSoftmaxCrossEntropy(logits:labels:)`
/// (a label outside `0..<classes` gives NaN for its row). Gradient (probabilities only): 1/S − [j =
/// label]/p[label] with S the row's sum, 0 where the share is clipped.
/// Shapes: probabilities `[..., classes]`, labels holding one id per row → `[...]`.
public func sparseCrossEntropy(probabilities: Tensor, labels: Tensor, epsilon: Float = 1e-7) -> Tensor {
    let (rows, classes) = sparseLossRows(probabilities, labels, "sparseCrossEntropy")
    let (p, ids) = (probabilities.detached, labels.detached)
    var rowSums = [Float](repeating: 0, count: rows)
    let loss = Tensor(shape: Array(probabilities.shape.dropLast())) { out in
        p.withUnsafeBufferPointer { pp in
            ids.withUnsafeBufferPointer { lp in
                rowSums.withUnsafeMutableBufferPointer { sp in
                    guard let pp = pp.baseAddress, let lp = lp.baseAddress, let sp = sp.baseAddress,
                          let op = out.baseAddress else { return }
                    LossKernels.sparseCrossEntropyForward(pp, labels: lp, rows: rows, classes: classes, epsilon: epsilon,
                                                          into: op, rowSums: sp)
                }
            }
        }
    }
    let saved = rowSums
    return recordOperation(inputs: [probabilities], output: loss) { g in
        [Tensor(shape: p.shape) { dp in
            g.withUnsafeBufferPointer { gp in
                p.withUnsafeBufferPointer { pp in
                    ids.withUnsafeBufferPointer { lp in
                        saved.withUnsafeBufferPointer { sp in
                            guard let gp = gp.baseAddress, let pp = pp.baseAddress, let lp = lp.baseAddress,
                                  let sp = sp.baseAddress, let dpp = dp.baseAddress else { return }
                            LossKernels.sparseCrossEntropyBackward(gp, probabilities: pp, labels: lp, rowSums: sp,
                                                                   rows: rows, classes: classes, epsilon: epsilon, into: dpp)
                        }
                    }
                }
            }
        }]
    }
}

/// The mean squared difference of each row (sample): mean over every axis but the first of
/// (yPred − yTrue)², in one pass forward and one backward. Gradient: dyPred = 2·g·(yPred − yTrue) / n
/// per row of n scalars, dyTrue = −dyPred. Shapes: yTrue, yPred `[rows, ...]` (the same) → `[rows]`.
public func rowMeanSquaredError(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    check(yTrue.shape == yPred.shape && yPred.rank >= 1,
          "rowMeanSquaredError: labels \(yTrue.shape) and predictions \(yPred.shape) need one shape of rank ≥ 1")
    let rows = yPred.shape[0]
    let columns = rows == 0 ? 0 : yPred.scalarCount / rows
    let out = Tensor(shape: [rows]) { out in
        yPred.withUnsafeBufferPointer { pp in
            yTrue.withUnsafeBufferPointer { tp in
                // Rows of no columns (empty inputs) still get their 0 / 0 = NaN: the kernel reads neither.
                guard let op = out.baseAddress else { return }
                let (pp, tp) = (pp.baseAddress ?? UnsafePointer(op), tp.baseAddress ?? UnsafePointer(op))
                LossKernels.rowMeanSquaredErrorForward(tp, pp, rows: rows, columns: columns, into: op)
            }
        }
    }
    guard isRecordingGradients else { return out }
    let (needTrue, needPred) = (yTrue.isOnActiveTape, yPred.isOnActiveTape)
    let (t, p) = (yTrue.detached, yPred.detached)
    return recordOperation(inputs: [yTrue, yPred], output: out) { g in
        let dp = Tensor(shape: p.shape) { dp in
            g.withUnsafeBufferPointer { gp in
                p.withUnsafeBufferPointer { pp in
                    t.withUnsafeBufferPointer { tp in
                        guard let gp = gp.baseAddress, let pp = pp.baseAddress, let tp = tp.baseAddress,
                              let dpp = dp.baseAddress else { return }
                        LossKernels.rowMeanSquaredErrorBackward(gp, tp, pp, rows: rows, columns: columns, into: dpp)
                    }
                }
            }
        }
        return [needTrue ? -dp : nil, needPred ? dp : nil]
    }
}

/// Rows and classes of a sparse loss on `predictions` `[..., classes]`; traps unless `labels`
/// holds one scalar per row.
private func sparseLossRows(_ predictions: Tensor, _ labels: Tensor, _ op: String) -> (rows: Int, classes: Int) {
    let classes = predictions.shape.last ?? 1
    let rows = predictions.scalarCount / Swift.max(classes, 1)
    check(labels.scalarCount == rows,
          "\(op): labels of shape \(labels.shape) do not match predictions of shape \(predictions.shape)")
    return (rows, classes)
}
