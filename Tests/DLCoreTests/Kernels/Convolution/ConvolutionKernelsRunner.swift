import DLCore

/// Runs the fast convolution kernels on arrays, for the tests that compare them with the naive
/// references. Results start as NaN, so a cell a kernel fails to write cannot pass for a value.
enum ConvolutionKernelsRunner {
    /// `ConvolutionKernels.forward` under `plan`: out `[N, OH, OW, F]`.
    static func forward(_ x: [Float], kernel: [Float], bias: [Float]?, _ g: WindowGeometry, filters: Int, relu: Bool,
                        plan: ConvolutionKernels.Plan) -> [Float] {
        var out = [Float](repeating: .nan, count: g.outputPositions * filters)
        x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in
            out.withUnsafeMutableBufferPointer { op in
                if let bias {
                    bias.withUnsafeBufferPointer { bp in
                        ConvolutionKernels.forward(xp, kernel: kp, bias: bp, g, filters: filters, relu: relu, into: op, plan: plan)
                    }
                } else {
                    ConvolutionKernels.forward(xp, kernel: kp, bias: nil, g, filters: filters, relu: relu, into: op, plan: plan)
                }
            }
        } }
        return out
    }

    /// `ConvolutionKernels.backward` under `plan`, asking for dx only when `inputGradient` and for
    /// dKernel and dBias only when `weightGradients`; what is not asked for comes back as NaN.
    static func backward(_ grad: [Float], output: [Float], relu: Bool, x: [Float], kernel: [Float], _ g: WindowGeometry,
                         filters: Int, inputGradient: Bool = true, weightGradients: Bool = true,
                         plan: ConvolutionKernels.Plan) -> (dx: [Float], dKernel: [Float], dBias: [Float]) {
        var dx = [Float](repeating: .nan, count: x.count)
        var dKernel = [Float](repeating: .nan, count: kernel.count)
        var dBias = [Float](repeating: .nan, count: filters)
        grad.withUnsafeBufferPointer { gp in output.withUnsafeBufferPointer { yp in
            x.withUnsafeBufferPointer { xp in kernel.withUnsafeBufferPointer { kp in
                dx.withUnsafeMutableBufferPointer { dxp in dKernel.withUnsafeMutableBufferPointer { dkp in
                    dBias.withUnsafeMutableBufferPointer { dbp in
                        ConvolutionKernels.backward(gp, output: yp, relu: relu, x: xp, kernel: kp, g, filters: filters,
                                                    dx: inputGradient ? dxp : nil, dKernel: weightGradients ? dkp : nil,
                                                    dBias: weightGradients ? dbp : nil, plan: plan)
                    }
                } }
            } }
        } }
        return (dx, dKernel, dBias)
    }
}
