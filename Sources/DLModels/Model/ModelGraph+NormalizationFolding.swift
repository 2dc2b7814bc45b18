// Which Conv–BatchNormalization(–ReLU) chains of a functional graph run as one folded call at
// inference (`NormalizationFoldable`), and which also take the residual `Add` (and ReLU) after
// the normalization: the plan is made once, with the graph; whether a call folds is decided on
// each call (the producer declines in training; the Add's other input must already be computed).

extension ModelGraph {
    /// A `NormalizationFoldable` node's folded chain: the batch normalization's node and, when a
    /// plain ReLU alone reads the normalization, whether it is folded too; `slot` receives the
    /// chain's value (the ReLU's, else the normalization's).
    struct NormalizationFold {
        /// The `BatchNormalization` that alone reads the producer.
        let normalization: BatchNormalization
        /// Whether the chain ends with the plain ReLU that alone reads the normalization.
        let relu: Bool
        /// The slot of the chain's last value.
        let slot: Int
        /// The nodes the folded call stands for (the normalization's, then the ReLU's), skipped after it.
        let skippedNodes: [Int]
        /// The residual `Add` that alone reads the normalization (with one other input), if any.
        let residual: ResidualFold?
    }

    /// The `Add` of two inputs of one shape that alone reads a folded normalization (and the plain
    /// ReLU that alone reads the Add, if any): run in the convolution's pass when the other input
    /// is already computed.
    struct ResidualFold {
        /// The slot of the Add's other input.
        let otherSlot: Int
        /// Whether the chain ends with the plain ReLU that alone reads the Add.
        let relu: Bool
        /// The slot of the chain's last value (the ReLU's, else the Add's).
        let slot: Int
        /// The nodes the call stands for (the normalization's, the Add's, the ReLU's).
        let skippedNodes: [Int]
    }

    /// For each node, its `NormalizationFold`: a `NormalizationFoldable` node of one input whose
    /// sole reader (`soleReaders`) is a `BatchNormalization` it `canFold`, that normalization's
    /// sole reader taken along when it is a plain ReLU, or its residual `Add` (`residualFold`).
    static func normalizationFolds(_ nodes: [Node], soleReaders: [Int?], keeping outputs: Set<Int>) -> [NormalizationFold?] {
        var readers: [Int: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            for input in node.inputIndices { readers[input, default: []].append(index) }
        }
        return zip(nodes, soleReaders).map { node, reader in
            guard let foldable = node.output.layer as? NormalizationFoldable, !node.takesSeveralInputs, let reader,
                  let normalization = nodes[reader].output.layer as? BatchNormalization,
                  foldable.canFold(normalization) else { return nil }
            if let next = soleReaders[reader], nodes[next].output.layer.isPlainReLU {
                return NormalizationFold(normalization: normalization, relu: true, slot: nodes[next].outputSlots[0].slot,
                                         skippedNodes: [reader, next], residual: nil)
            }
            let slot = nodes[reader].outputSlots[0].slot
            return NormalizationFold(normalization: normalization, relu: false, slot: slot, skippedNodes: [reader],
                                     residual: residualFold(nodes, normalizationNode: reader, readers: readers[slot] ?? [],
                                                            soleReaders: soleReaders, keeping: outputs))
        }
    }

    /// The residual fold after the normalization at `normalizationNode`, whose output `readers`
    /// read: one `Add` node of two distinct inputs and one output, the normalization's output no
    /// model output.
    private static func residualFold(_ nodes: [Node], normalizationNode: Int, readers: [Int], soleReaders: [Int?],
                                     keeping outputs: Set<Int>) -> ResidualFold? {
        let slot = nodes[normalizationNode].outputSlots[0].slot
        guard readers.count == 1, !outputs.contains(slot) else { return nil }
        let add = readers[0], addNode = nodes[add]
        guard addNode.output.layer is Add, addNode.inputIndices.count == 2, !addNode.hasSeveralOutputs,
              addNode.outputSlots.count == 1, let other = addNode.inputIndices.first(where: { $0 != slot }) else { return nil }
        if let next = soleReaders[add], nodes[next].output.layer.isPlainReLU {
            return ResidualFold(otherSlot: other, relu: true, slot: nodes[next].outputSlots[0].slot,
                                skippedNodes: [normalizationNode, add, next])
        }
        return ResidualFold(otherSlot: other, relu: false, slot: addNode.outputSlots[0].slot,
                            skippedNodes: [normalizationNode, add])
    }

    /// Runs `fold` for the node of `layer` on `input`: with its residual Add when it has one whose
    /// other input is in `values`, else the normalization (and ReLU) alone. Returns the value, its
    /// slot and the nodes it stands for; nil where the layer declines (training).
    func runFold(_ fold: NormalizationFold, _ layer: NormalizationFoldable, _ input: Tensor, values: [Tensor?],
                 training: Bool) -> (value: Tensor, slot: Int, skippedNodes: [Int])? {
        if let residual = fold.residual, let other = values[residual.otherSlot],
           let value = layer.callFolding(fold.normalization, input, adding: other, relu: residual.relu, training: training) {
            return (value, residual.slot, residual.skippedNodes)
        }
        guard let value = layer.callFolding(fold.normalization, input, relu: fold.relu, training: training) else { return nil }
        return (value, fold.slot, fold.skippedNodes)
    }
}
