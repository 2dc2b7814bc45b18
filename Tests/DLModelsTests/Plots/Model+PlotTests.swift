import DL
import FoundationXML
import XCTest

/// A subclassed model: drawn as one box, as Keras does.
private final class TwoDense: Model {
    let first = Dense(3, name: "first")
    let second = Dense(1, name: "second")
    override func call(_ inputs: [Tensor], training: Bool) -> Tensor { second(first(inputs[0])) }
}

/// Layer graphs: one box per layer, one arrow per connection, downwards, never through a box.
final class ModelPlotTests: XCTestCase {
    private struct Drawn {
        var nodes: [String: XMLElement] = [:]
        var order: [String] = []
        var edges: [(from: String, to: String, points: [(Double, Double)])] = []
        var root: XMLElement
    }

    private func drawn(_ model: Model) throws -> Drawn {
        let root = try PlotXML.parse(model.plot())
        var result = Drawn(root: root)
        for node in PlotXML.all("g", in: root, ["class": "node"]) {
            let name = PlotXML.value(node, "data-layer")
            XCTAssertNil(result.nodes[name], "layer \(name) drawn twice")
            result.nodes[name] = node
            result.order.append(name)
        }
        for edge in PlotXML.all("g", in: root, ["class": "edge"]) {
            let line = try XCTUnwrap(PlotXML.all("polyline", in: edge).first)
            let points = PlotXML.value(line, "points").split(separator: " ").map { pair -> (Double, Double) in
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                return (xy[0], xy[1])
            }
            result.edges.append((PlotXML.value(edge, "data-from"), PlotXML.value(edge, "data-to"), points))
        }
        return result
    }

    /// The box of a node: (left, top, right, bottom).
    private func box(_ node: XMLElement) -> (Double, Double, Double, Double) {
        let rect = PlotXML.all("rect", in: node)[0]
        let x = PlotXML.number(rect, "x"), y = PlotXML.number(rect, "y")
        return (x, y, x + PlotXML.number(rect, "width"), y + PlotXML.number(rect, "height"))
    }

    /// Every edge starts at the bottom of its source box, ends at the top of its target box, goes
    /// down, and crosses no other box.
    private func assertRoutes(_ drawn: Drawn, file: StaticString = #filePath, line: UInt = #line) {
        for edge in drawn.edges {
            guard let source = drawn.nodes[edge.from].map(box), let target = drawn.nodes[edge.to].map(box),
                  let first = edge.points.first, let last = edge.points.last else {
                return XCTFail("edge \(edge.from) → \(edge.to) has no boxes or points", file: file, line: line)
            }
            XCTAssertEqual(first.1, source.3, accuracy: 0.01, "\(edge.from) → \(edge.to) leaves the source's bottom", file: file, line: line)
            XCTAssertTrue(first.0 > source.0 && first.0 < source.2, "\(edge.from) → \(edge.to) leaves within the box", file: file, line: line)
            XCTAssertEqual(last.1, target.1, accuracy: 0.01, "\(edge.from) → \(edge.to) reaches the target's top", file: file, line: line)
            XCTAssertTrue(last.0 > target.0 && last.0 < target.2, "\(edge.from) → \(edge.to) arrives within the box", file: file, line: line)
            for (a, b) in zip(edge.points, edge.points.dropFirst()) {
                XCTAssertGreaterThanOrEqual(b.1, a.1, "\(edge.from) → \(edge.to) goes down", file: file, line: line)
                for (name, node) in drawn.nodes where name != edge.from && name != edge.to {
                    XCTAssertFalse(segment(a, b, crosses: box(node)), "\(edge.from) → \(edge.to) crosses \(name)", file: file, line: line)
                }
            }
        }
    }

    /// Whether segment a–b passes through the inside of `box` (Liang–Barsky clipping).
    private func segment(_ a: (Double, Double), _ b: (Double, Double), crosses box: (Double, Double, Double, Double)) -> Bool {
        var low = 0.0, high = 1.0
        let dx = b.0 - a.0, dy = b.1 - a.1
        for (p, q) in [(-dx, a.0 - box.0), (dx, box.2 - a.0), (-dy, a.1 - box.1), (dy, box.3 - a.1)] {
            if p == 0 { if q <= 0 { return false } } else {
                let t = q / p
                if p < 0 { low = max(low, t) } else { high = min(high, t) }
            }
        }
        return high - low > 1e-9
    }

    func testSequentialIsAChainWithoutAnInputBox() throws {
        let model = Sequential([Dense(2, inputShape: [4], name: "hidden"), Dense(1, name: "out")])
        let drawn = try drawn(model)
        XCTAssertEqual(drawn.order, ["hidden", "out"])
        XCTAssertEqual(drawn.edges.map { "\($0.from)>\($0.to)" }, ["hidden>out"])
        XCTAssertEqual(PlotXML.texts("header", in: drawn.nodes["hidden"]!), ["hidden (Dense)"])
        XCTAssertEqual(PlotXML.texts("shape", in: drawn.nodes["hidden"]!), ["Input shape: (None, 4)", "Output shape: (None, 2)"])
        XCTAssertEqual(PlotXML.texts("shape", in: drawn.nodes["out"]!), ["Input shape: (None, 2)", "Output shape: (None, 1)"])
        XCTAssertLessThan(box(drawn.nodes["hidden"]!).3, box(drawn.nodes["out"]!).1, "top to bottom")
        assertRoutes(drawn)
    }

    /// A diamond: input → two Dense → Add. Ranks 0, 1, 1, 2; the two branches side by side.
    func testDiamondHasOneEdgePerConnectionAndThreeRanks() throws {
        let input = Input(shape: [4], name: "x")
        let sum = Add(name: "sum")([Dense(3, name: "left")(input), Dense(3, name: "right")(input)])
        let drawn = try drawn(Model(inputs: input, outputs: sum))
        XCTAssertEqual(Set(drawn.order), ["x", "left", "right", "sum"])
        XCTAssertEqual(Set(drawn.edges.map { "\($0.from)>\($0.to)" }), ["x>left", "x>right", "left>sum", "right>sum"])
        XCTAssertEqual(drawn.edges.count, 4)
        XCTAssertEqual(PlotXML.texts("shape", in: drawn.nodes["x"]!), ["Output shape: (None, 4)"])
        XCTAssertEqual(PlotXML.texts("shape", in: drawn.nodes["sum"]!), ["Input shape: [(None, 3), (None, 3)]", "Output shape: (None, 3)"])
        let tops = ["x", "left", "right", "sum"].map { box(drawn.nodes[$0]!).1 }
        XCTAssertLessThan(tops[0], tops[1])
        XCTAssertEqual(tops[1], tops[2])
        XCTAssertLessThan(tops[2], tops[3])
        assertRoutes(drawn)
    }

    /// The Siamese network: the twin (a nested model called on both inputs) is one box with an
    /// arrow from each input, and one arrow to the distance layer that reads it twice.
    func testSiameseTwinIsOneBoxSharedByBothInputs() throws {
        let drawn = try drawn(Zoo.siameseSmall())
        XCTAssertEqual(Set(drawn.order), ["left", "right", "twin", "l1_distance", drawn.order.last!])
        XCTAssertEqual(drawn.order.count, 5)
        XCTAssertEqual(PlotXML.value(drawn.nodes["twin"]!, "data-class"), "Functional")
        let edges = drawn.edges.map { "\($0.from)>\($0.to)" }
        XCTAssertEqual(Set(edges).count, edges.count)
        XCTAssertEqual(Set(edges.filter { $0.hasSuffix(">twin") }), ["left>twin", "right>twin"])
        XCTAssertEqual(edges.filter { $0.hasPrefix("twin>") }, ["twin>l1_distance"])
        XCTAssertEqual(edges.count, 4)
        assertRoutes(drawn)
    }

    /// ResNet: every layer once, one arrow per connection (the skip connections included), none
    /// through a box.
    func testResNetSkipConnectionsGoAroundTheBoxes() throws {
        let model = Zoo.resNet()
        let drawn = try drawn(model)
        XCTAssertEqual(Set(drawn.order), Set(model.layers.map(\.name)))
        XCTAssertEqual(drawn.order.count, model.layers.count)
        let adds = model.layers.filter { $0 is Add }.map(\.name)
        XCTAssertFalse(adds.isEmpty)
        for add in adds { XCTAssertEqual(drawn.edges.filter { $0.to == add }.count, 2, add) }
        XCTAssertTrue(drawn.edges.contains { $0.points.count > 2 }, "a skip connection bends around the blocks")
        assertRoutes(drawn)
    }

    func testSubclassedModelIsOneBox() throws {
        let model = TwoDense(name: "two_dense")
        _ = model(Tensor.zeros([1, 5]))
        let drawn = try drawn(model)
        XCTAssertEqual(drawn.order, ["two_dense"])
        XCTAssertEqual(PlotXML.texts("header", in: drawn.nodes["two_dense"]!), ["two_dense (TwoDense)"])
        XCTAssertEqual(PlotXML.texts("shape", in: drawn.nodes["two_dense"]!), ["Input shape: (None, 5)", "Output shape: (None, 1)"])
    }

    func testAModelNotBuiltSaysSo() throws {
        let root = try PlotXML.parse(Sequential([Dense(2)], name: "unbuilt").plot())
        let message = PlotXML.texts("message", in: root)
        XCTAssertEqual(message.count, 1)
        XCTAssertTrue(message[0].contains("model 'unbuilt': this model has not yet been built"), message[0])
        XCTAssertTrue(PlotXML.all("g", in: root, ["class": "node"]).isEmpty)
    }
}
