import DLCore

/// An optimizer's running state as Keras lists its variables (`optimizer.variables`, what Keras
/// saves under `optimizer/vars/0..N` or `optimizer_weights`): the int64 step count `iteration`, then
/// float32 values: the learning rate (for a constant rate only), the slots of the model's trainable
/// variables in Keras's order (see `BaseOptimizer.slotNames`), then any extra state (Nadam's
/// momentum product).
package struct OptimizerState {
    /// The steps applied (Keras's `iteration`).
    package var iterations: Int
    /// The float32 variables after `iteration`, in Keras's order.
    package var values: [Tensor]
    /// Keras 3's path of each variable, `iteration` first: `adam/iteration`, `adam/learning_rate`,
    /// `adam/mlp_dense_kernel_momentum`, ...
    package var names: [String]
}

extension BaseOptimizer {
    /// Where each float32 state variable comes from.
    private enum Source {
        case learningRate
        case slot(variable: Int, slot: Int)
        case extra(Int)
    }

    /// The float32 variables Keras's optimizer has after `build(variables)`, in its order, with
    /// their Keras names (`paths` are the variables' Keras paths, `mlp/dense/kernel`).
    private func stateLayout(for variables: [Variable], paths: [String], learningRate: Bool)
        -> [(source: Source, name: String, shape: [Int])] {
        var layout: [(source: Source, name: String, shape: [Int])] = []
        if learningRate && learningRateSchedule == nil { layout.append((.learningRate, "\(name)/learning_rate", [])) }
        var offset = 0
        for group in slotNames {
            for (index, variable) in variables.enumerated() {
                let path = paths[index].split(separator: "/", omittingEmptySubsequences: false).joined(separator: "_")
                for (slot, slotName) in group.enumerated() {
                    layout.append((.slot(variable: index, slot: offset + slot), "\(name)/\(path)_\(slotName)", variable.shape))
                }
            }
            offset += group.count
        }
        for index in extraState.indices { layout.append((.extra(index), index == 0 ? "\(name)/variable" : "\(name)/variable_\(index)", [])) }
        return layout
    }

    /// The state for the model variables `variables` (the model's trainable weights, named by
    /// `paths`), in Keras's order; slots not created yet hold their initial values, as after Keras's
    /// `build`. Nil before the first step (Keras's optimizer is built by then; this one has no state).
    package func exportState(for variables: [Variable], paths: [String]) -> OptimizerState? {
        guard iterations > 0 else { return nil }
        check(paths.count == variables.count, "\(name).exportState: \(paths.count) paths for \(variables.count) variables")
        let initial = slotInitialValues, extras = extraState
        var values: [Tensor] = [], names = ["\(name)/iteration"]
        for (source, name, shape) in stateLayout(for: variables, paths: paths, learningRate: true) {
            names.append(name)
            switch source {
            case .learningRate: values.append(Tensor(shape: [], scalars: [learningRate]))
            case .extra(let index): values.append(Tensor(shape: [], scalars: [extras[index]]))
            case .slot(let variable, let slot):
                let existing = slotValues(for: variables[variable])
                values.append(slot < existing.count ? existing[slot]
                              : Tensor(shape: shape, scalars: [Float](repeating: initial[slot], count: shape.reduce(1, *))))
            }
        }
        return OptimizerState(iterations: iterations, values: values, names: names)
    }

    /// Restores a saved state for the model variables `variables` (`values` as `exportState` lists
    /// them; without the learning rate when `includesLearningRate` is false, as tf-keras saves it):
    /// the step count, the slots, the learning rate (a constant rate) and any extra state. Every count
    /// and shape is checked first: on a mismatch nothing changes.
    /// - Throws: `DLError.invalidArgument` with Keras's "Skipping variable loading for optimizer ..."
    ///   message when the counts or a shape differ.
    package func importState(iterations: Int, values: [Tensor], for variables: [Variable], includesLearningRate: Bool) throws {
        let paths = variables.map(\.name)
        let layout = stateLayout(for: variables, paths: paths, learningRate: includesLearningRate)
        let skipping = "Skipping variable loading for optimizer '\(name)', because"
        guard values.count == layout.count else {
            throw DLError.invalidArgument(context: "optimizer '\(name)'", message: "\(skipping) it has \(layout.count + 1) "
                + "variables whereas the saved optimizer has \(values.count + 1) variables. ")
        }
        for (index, (entry, value)) in zip(layout, values).enumerated() where entry.shape != value.shape {
            throw DLError.invalidArgument(context: "optimizer '\(name)'", message: "\(skipping) its variable \(index + 1) "
                + "has shape \(entry.shape) whereas the saved variable has shape \(value.shape). ")
        }
        guard iterations >= 0 else {
            throw DLError.invalidArgument(context: "optimizer '\(name)'", message: "\(skipping) the saved step count is "
                + "negative. Received: iteration=\(iterations)")
        }
        var extras = extraState
        let initial = slotInitialValues
        var created: [ObjectIdentifier: SlotBuffers] = [:]
        for (entry, value) in zip(layout, values) {
            switch entry.source {
            case .learningRate: learningRate = value.scalars[0]
            case .extra(let index): extras[index] = value.scalars[0]
            case .slot(let index, let slot):
                let variable = variables[index], id = ObjectIdentifier(variable)
                let buffers = created[id] ?? SlotBuffers(variable: variable, count: variable.storedValue.scalarCount,
                                                         initialValues: initial)
                created[id] = buffers
                value.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress else { return }
                    buffers.buffers[slot].baseAddress?.update(from: base, count: source.count)
                }
            }
        }
        for (id, buffers) in created { slots[id] = buffers }
        extraState = extras
        self.iterations = iterations
    }
}
