import DL
import XCTest

/// A layer that runs another layer inside its own call (as a block or a nested model does).
private final class Wrapper: Layer {
    let inner = Dense(2, name: "inner")
    override func call(_ input: Tensor, training: Bool) -> Tensor { inner(input) }
}

/// `LayerTrace`: the layers an eager computation calls directly, each once, in order.
final class LayerTraceTests: XCTestCase {
    func testRecordsTheLayersCalledDirectlyOnceInOrder() {
        let first = Dense(3, name: "first"), second = Dense(2, name: "second"), wrapper = Wrapper(name: "wrapper")
        let x = Tensor.ones([4, 5])
        let (result, layers) = LayerTrace.tracing { () -> Tensor in
            let h = first(x)
            return second(h) + wrapper(first(x))
        }
        XCTAssertEqual(result.shape, [4, 2])
        XCTAssertEqual(layers.map(\.name), ["first", "second", "wrapper"], "a layer's own inner layers are its business")
        // Outside a trace nothing is recorded, and nested traces see only their own calls.
        let (_, outer) = LayerTrace.tracing { () -> Int in
            _ = first(x)
            let (_, inner) = LayerTrace.tracing { second(first(x)) }
            XCTAssertEqual(inner.map(\.name), ["first", "second"])
            return 0
        }
        XCTAssertEqual(outer.map(\.name), ["first"])
    }

    func testATraceThatThrowsIsClosed() {
        struct Failure: Error {}
        XCTAssertThrowsError(try LayerTrace.tracing { () throws -> Int in
            _ = Dense(1)(Tensor.ones([1, 1]))
            throw Failure()
        })
        let (_, layers) = LayerTrace.tracing { 0 }
        XCTAssertTrue(layers.isEmpty)
    }
}
