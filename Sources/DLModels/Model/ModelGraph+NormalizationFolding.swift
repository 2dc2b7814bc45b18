// Which Conv–BatchNormalization(–ReLU) chains of a functional graph run as one folded call at
// inference (`NormalizationFoldable`): the plan is made once, with the graph; whether a call
// folds is decided by the producer on each call (`callFolding` declines in training).

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
    }

    /// For each node, its `NormalizationFold`: a `NormalizationFoldable` node of one input whose
    /// sole reader (`soleReaders`) is a `BatchNormalization` it `canFold`, that normalization's
    /// sole reader taken along when it is a plain ReLU.
    static func normalizationFolds(_ nodes: [Node], soleReaders: [Int?]) -> [NormalizationFold?] {
        zip(nodes, soleReaders).map { node, reader in
            guard let foldable = node.output.layer as? NormalizationFoldable, !node.takesSeveralInputs, let reader,
                  let normalization = nodes[reader].output.layer as? BatchNormalization,
                  foldable.canFold(normalization) else { return nil }
            if let next = soleReaders[reader], nodes[next].output.layer.isPlainReLU {
                return NormalizationFold(normalization: normalization, relu: true, slot: nodes[next].outputSlots[0].slot,
                                         skippedNodes: [reader, next])
            }
            return NormalizationFold(normalization: normalization, relu: false, slot: nodes[reader].outputSlots[0].slot,
                                     skippedNodes: [reader])
        }
    }
}
