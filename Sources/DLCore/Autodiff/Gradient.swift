/// Evaluates `body` while recording on a gradient tape, then returns its value and the gradient of
/// the value (summed, when it is not a scalar) with respect to each of `variables`, in order.
///
/// Operations inside `body` that read `Variable.value` of a variable in `variables` are recorded;
/// variables the value does not depend on get zero gradients. The tape is released on return.
public func valueWithGradient(
    wrt variables: [Variable], _ body: () throws -> Tensor
) rethrows -> (value: Tensor, gradients: [Tensor]) {
    let previous = Tape.current
    let tape = Tape(watching: variables)
    Tape.current = tape
    let value: Tensor
    do {
        value = try body()
    } catch {
        Tape.current = previous
        throw error
    }
    Tape.current = previous
    let gradients = tape.gradients(of: value, wrt: variables)
    return (value.detached, gradients)
}

/// Evaluates `body` with gradient recording switched off (inference inside a recording).
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    let previous = Tape.current
    Tape.current = nil
    defer { Tape.current = previous }
    return try body()
}
