import DLCore

/// Which of Keras's two weights layouts an HDF5 group holds, found from its content (never the
/// file name): Keras 2's legacy layout (a `layer_names` attribute, at the root of a weights file
/// or in the `model_weights` group of a full-model `.h5`) or Keras 3's (`layers` / `vars` groups).
package enum KerasWeightsLayout: Equatable {
    /// Keras 3's `.weights.h5` layout (`Keras3Weights`).
    case keras3
    /// Keras 2's legacy layout (`LegacyH5Weights`).
    case legacy

    /// The layout of `root` and the group holding the weights (the root, or a full model's `model_weights`).
    /// - Throws: `DLError.invalidFile` naming the file when it holds neither layout.
    package static func detect(in root: HDF5Group) throws -> (layout: KerasWeightsLayout, group: HDF5Group) {
        if hasLayerNames(root) { return (.legacy, root) }
        if root.contains("model_weights"), try root.kind(of: "model_weights") == .group {
            let weights = try root.openGroup("model_weights")
            if hasLayerNames(weights) { return (.legacy, weights) }
        }
        if root.contains("layers") || root.contains("vars") { return (.keras3, root) }
        throw DLError.invalidFile(path: root.filePath, reason: "not a Keras weights file: it has neither Keras 3's "
            + "'layers' and 'vars' groups nor Keras 2's 'layer_names' attribute (at the root or in 'model_weights'). "
            + "Received: top-level members [\((try? root.memberNames())?.joined(separator: ", ") ?? "")]")
    }

    private static func hasLayerNames(_ group: HDF5Group) -> Bool {
        group.hasAttribute("layer_names") || group.hasAttribute("layer_names0")
    }
}
