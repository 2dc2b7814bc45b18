import DLCore
import DLTestSupport
import XCTest

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

    /// `plan`'s forward pass on every vector unit this CPU supports (the portable one included)
    /// against `ConvolutionKernels.referenceDirectForward`, bit for bit, with and without bias and
    /// ReLU, on input from `seed` whose first scalar is −0 and whose last `zeroTail` scalars are 0
    /// (their windows must come out exactly act(bias)). Returns how many runs it compared.
    static func assertEveryVariantMatchesDirectReference(_ shape: [Int], _ g: WindowGeometry, filters: Int, zeroTail: Int,
                                                         seed: UInt64, plan: ConvolutionKernels.Plan,
                                                         _ what: String, file: StaticString = #filePath,
                                                         line: UInt = #line) -> Int {
        var x = Tensor.randomUniform(shape, min: -1, max: 1, seed: seed).scalars
        x[0] = -0.0
        for i in 0..<Swift.min(x.count, zeroTail) { x[x.count - 1 - i] = 0 }
        let kernel = Tensor.randomUniform([g.patchSize * filters], min: -1, max: 1, seed: seed + 20).scalars
        let bias = Tensor.randomUniform([filters], min: -0.5, max: 0.5, seed: seed + 40).scalars
        var compared = 0
        for (withBias, relu) in [(true, true), (false, false), (true, false)] {
            let b = withBias ? bias : nil
            let expected = ConvolutionKernels.referenceDirectForward(x, kernel: kernel, bias: b, g, filters: filters, relu: relu)
            XCTAssertTrue(expected.contains { $0 != 0 }, "\(what): something to compare", file: file, line: line)
            for unit in VectorUnit.supported {
                XCTAssertTrue(VectorUnit.force(unit), file: file, line: line)
                let out = forward(x, kernel: kernel, bias: b, g, filters: filters, relu: relu, plan: plan)
                assertSameBits(out, expected, "\(unit.name) \(what) bias=\(withBias) relu=\(relu)", file: file, line: line)
                compared += 1
            }
        }
        VectorUnit.force(nil)
        return compared
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
