import DL

/// A loss given by its static member (`lossNamed(.meanSquaredError)`), as `compile(loss:)` takes it.
func lossNamed(_ loss: Loss) -> Loss { loss }

/// The mean loss as a Float. (Calling an `any Loss` directly inside an XCTAssert autoclosure
/// crashes the Swift 6.3 compiler's SILGen, so tests go through this function.)
func lossValue(_ loss: Loss, _ yTrue: Tensor, _ yPred: Tensor) -> Float { loss(yTrue, yPred).scalar }
