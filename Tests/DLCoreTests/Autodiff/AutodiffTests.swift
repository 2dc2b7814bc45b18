import DLCore
import DLTestSupport
import XCTest

final class AutodiffTests: XCTestCase {
    func testGradientAccumulatesWhenATensorIsUsedTwice() {
        let v = Variable(Tensor([1, -2, 3]), name: "v")
        let (value, grads) = valueWithGradient(wrt: [v]) { (v.value * v.value).sum() }
        XCTAssertEqual(value, Tensor(14))
        XCTAssertEqual(grads[0], Tensor([2, -4, 6]))
        // The variable read twice (two leaves would be wrong: it must be one node).
        let (_, grads2) = valueWithGradient(wrt: [v]) { let a = v.value; let b = v.value; return (a * 3 + b).sum() }
        XCTAssertEqual(grads2[0], Tensor([4, 4, 4]))
    }

    /// `+` hands the same gradient storage to both inputs; accumulating into one must not change the other.
    func testAccumulationDoesNotAliasSharedGradients() {
        let a = Variable(Tensor([1, 2]), name: "a"), b = Variable(Tensor([3, 4]), name: "b")
        let (_, grads) = valueWithGradient(wrt: [a, b]) { (a.value + b.value) + a.value * 3 + b.value * b.value }
        XCTAssertEqual(grads[0], Tensor([4, 4]))
        XCTAssertEqual(grads[1], Tensor([7, 9]))
        let (_, twice) = valueWithGradient(wrt: [a]) { a.value + a.value + a.value }
        XCTAssertEqual(twice[0], Tensor([3, 3]))
    }

    func testUnusedVariablesGetZeros() {
        let used = Variable(Tensor([1, 2]), name: "used")
        let unused = Variable(Tensor.ones([2, 3]), name: "unused")
        let (_, grads) = valueWithGradient(wrt: [used, unused]) { used.value.sum() }
        XCTAssertEqual(grads[0], Tensor([1, 1]))
        XCTAssertEqual(grads[1], Tensor.zeros([2, 3]))
        let (_, constant) = valueWithGradient(wrt: [used]) { Tensor([5, 5]).sum() }
        XCTAssertEqual(constant[0], Tensor.zeros([2]))
    }

    func testValueThatIsTheVariableItself() {
        let v = Variable(Tensor([[1, 2]]), name: "v")
        let (value, grads) = valueWithGradient(wrt: [v]) { v.value }
        XCTAssertEqual(value, Tensor([[1, 2]]))
        XCTAssertEqual(grads[0], Tensor([[1, 1]]))
    }

    func testNonScalarValueIsSummed() {
        let v = Variable(Tensor([1, 2]), name: "v")
        let (value, grads) = valueWithGradient(wrt: [v]) { v.value * 3 }
        XCTAssertEqual(value, Tensor([3, 6]))
        XCTAssertEqual(grads[0], Tensor([3, 3]))
    }

    func testNothingRecordedOutsideAndInsideWithoutGradients() {
        XCTAssertFalse(isRecordingGradients)
        let v = Variable(Tensor([1, 2]), name: "v")
        var insideRecording = false, insideWithout = true
        let (_, grads) = valueWithGradient(wrt: [v]) {
            insideRecording = isRecordingGradients
            let frozen = withoutGradients { () -> Tensor in
                insideWithout = isRecordingGradients
                return v.value * 100
            }
            return (v.value * 2 + frozen).sum()
        }
        XCTAssertTrue(insideRecording)
        XCTAssertFalse(insideWithout)
        XCTAssertFalse(isRecordingGradients)
        XCTAssertEqual(grads[0], Tensor([2, 2]), "the withoutGradients branch is a constant")
        // Outside a recording, reading a variable and computing with it records nothing.
        let (_, later) = valueWithGradient(wrt: [v]) { (v.value + 0).sum() }
        XCTAssertEqual(later[0], Tensor([1, 1]))
    }

    func testTensorFromAnEarlierRecordingIsAConstant() {
        let v = Variable(Tensor([1, 2]), name: "v")
        let w = Variable(Tensor([3, 4]), name: "w")
        var saved = Tensor(0)
        _ = valueWithGradient(wrt: [v]) { saved = v.value * 2; return saved.sum() }
        let (_, grads) = valueWithGradient(wrt: [v, w]) { (saved * w.value).sum() }
        XCTAssertEqual(grads[0], Tensor.zeros([2]))
        XCTAssertEqual(grads[1], Tensor([2, 4]))
    }

    func testDetachedStopsGradient() {
        let v = Variable(Tensor([1, 2]), name: "v")
        let (_, grads) = valueWithGradient(wrt: [v]) { (v.value * v.value.detached).sum() }
        XCTAssertEqual(grads[0], Tensor([1, 2]))
    }

    func testCustomOperationThroughRecordOperation() {
        let v = Variable(Tensor([1, 2]), name: "v")
        let (value, grads) = valueWithGradient(wrt: [v]) {
            let x = v.value
            let y = recordOperation(inputs: [x, Tensor([7, 7])], output: Tensor(x.scalars.map { $0 * 5 })) { g in [g * 5, nil] }
            return y.sum()
        }
        XCTAssertEqual(value, Tensor(15))
        XCTAssertEqual(grads[0], Tensor([5, 5]))
    }

    func testGradientsOfADeeperGraph() {
        let w = Tensor.randomUniform([3, 2], min: -1, max: 1, seed: 1)
        let b = Tensor([0.1, -0.2])
        let x = Tensor.randomUniform([4, 3], min: -1, max: 1, seed: 2)
        GradientCheck.assertOpGradients([w, b]) { p in
            let h = tanh(linear(x, p[0], p[1]))
            return logSoftmax(h * h + h).mean(axis: 0)
        }
    }

    func testVariableAssignKeepsValueDetached() {
        let v = Variable(Tensor([1, 2]), name: "v")
        v.assign(Tensor([3, 4]))
        XCTAssertEqual(v.value, Tensor([3, 4]))
        XCTAssertEqual(v.shape, [2])
        XCTAssertTrue(v.trainable)
    }
}
