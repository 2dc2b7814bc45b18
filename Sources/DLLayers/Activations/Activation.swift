/// An activation function, spelled as in Keras; raw names are Keras's strings (`"relu"`, ...).
public enum Activation: Equatable {
    case linear, relu, sigmoid, tanh, softmax, elu, selu, softplus, softsign, hardSigmoid, swish, gelu, exponential
    /// Leaky ReLU with negative slope `alpha`.
    case leakyRelu(Float)

    /// Keras 3's name of the activation (`"hard_sigmoid"`, `"leaky_relu"`, `"silu"` for swish, ...).
    public var kerasName: String {
        switch self {
        case .linear: return "linear"
        case .relu: return "relu"
        case .sigmoid: return "sigmoid"
        case .tanh: return "tanh"
        case .softmax: return "softmax"
        case .elu: return "elu"
        case .selu: return "selu"
        case .softplus: return "softplus"
        case .softsign: return "softsign"
        case .hardSigmoid: return "hard_sigmoid"
        case .swish: return "silu"
        case .gelu: return "gelu"
        case .exponential: return "exponential"
        case .leakyRelu: return "leaky_relu"
        }
    }

    /// The activation named `name` in Keras (`"relu"`, `"hard_sigmoid"`, `"silu"` or `"swish"`, ...), if known.
    public init?(kerasName name: String) {
        let all: [Activation] = [.linear, .relu, .sigmoid, .tanh, .softmax, .elu, .selu, .softplus, .softsign,
                                 .hardSigmoid, .swish, .gelu, .exponential, .leakyRelu(0.2)]
        if name == "swish" { self = .swish; return }
        guard let match = all.first(where: { $0.kerasName == name }) else { return nil }
        self = match
    }

    /// Applies the activation (softmax over the last axis), recorded on the tape.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .relu: return DLCore.relu(x)
        case .sigmoid: return DLCore.sigmoid(x)
        case .tanh: return DLCore.tanh(x)
        case .softmax: return DLCore.softmax(x, axis: -1)
        case .elu: return DLCore.elu(x)
        case .selu: return DLCore.selu(x)
        case .softplus: return DLCore.softplus(x)
        case .softsign: return DLCore.softsign(x)
        case .hardSigmoid: return DLCore.hardSigmoid(x)
        case .swish: return DLCore.swish(x)
        case .gelu: return DLCore.gelu(x)
        case .exponential: return DLCore.exp(x)
        case .leakyRelu(let alpha): return DLCore.leakyRelu(x, alpha: alpha)
        }
    }
}
