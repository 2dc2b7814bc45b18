extension Model {
    /// Draws the model's layer graph as Keras's `plot_model(model, show_shapes=True)` does: one
    /// box per layer (name, class, input and output shapes), arrows along the connections, laid out
    /// top to bottom. A layer called several times (a Siamese twin) is one box with an arrow per
    /// caller; a nested model is one box; a `Sequential` shows its layers without the input box;
    /// a subclassed model is one box, as in Keras. A model not built yet (no input shape) gives a
    /// plot saying so. In a notebook the plot shows below the cell; `write(to:)` saves it.
    @discardableResult
    public func plot() -> SVG {
        let svg = ModelPlot.plot(self)
        display(svg)
        return svg
    }
}

/// The drawing of `Model.plot()`.
package enum ModelPlot {
    /// The graph drawn: one node per layer, one edge per connection between two layers.
    package struct Graph {
        package var names: [String] = [], classes: [String] = []
        package var inputShapes: [String?] = [], outputShapes: [String] = []
        package var edges: [(from: Int, to: Int)] = []
    }

    package static let rowHeight = 20.0, headerSize = 13.0, rowSize = 11.5

    /// The graph of `model`, or why it cannot be drawn.
    package static func graph(of model: Model) -> Result<Graph, DLError> {
        var graph = Graph()
        if model.isSubclassed {
            let shapes = model.subclassShapes
            graph.names = [model.name]
            graph.classes = [String(describing: type(of: model))]   // Keras: the Python class name
            graph.inputShapes = [shapes.map { list($0.inputs) } ?? "?"]
            graph.outputShapes = [shapes.map { $0.outputs.isEmpty ? "?" : list($0.outputs) } ?? "?"]
            return .success(graph)
        }
        if let error = model.graphError { return .failure(error) }
        guard !model.inputs.isEmpty else {
            return .failure(.invalidArgument(context: "model '\(model.name)'", message: "this model has not yet been built: "
                + "give its first layer an input shape, or call it on data first"))
        }
        let layers = model is Sequential ? model.layers : model.graph.layers
        let index = Dictionary(layers.enumerated().map { (ObjectIdentifier($0.element), $0.offset) }) { first, _ in first }
        for layer in layers {
            let calls = model.graph.nodes.map(\.output).filter { $0.layer === layer }.sorted { $0.nodeIndex < $1.nodeIndex }
            graph.names.append(layer.name)
            graph.classes.append(type(of: layer).kerasClassName)
            guard let call = calls.first else {
                graph.inputShapes.append(nil)
                graph.outputShapes.append("?")
                continue
            }
            graph.inputShapes.append(layer is InputLayer ? nil : list(call.inputs.map(\.shape)))
            if call.outputCount > 1, let shapes = try? layer.computeOutputShapes(call.inputs.map(\.shape)) {
                graph.outputShapes.append(list(shapes, bracketed: true))
            } else {
                graph.outputShapes.append(call.batchShapeDescription)
            }
        }
        var seen = Set<[Int]>()
        for node in model.graph.nodes {
            guard let target = index[ObjectIdentifier(node.output.layer)] else { continue }
            for input in node.output.inputs {
                guard let source = index[ObjectIdentifier(input.layer)], seen.insert([source, target]).inserted else { continue }
                graph.edges.append((source, target))
            }
        }
        return .success(graph)
    }

    /// `(None, 4)`, or `[(None, 4), (None, 4)]` for several shapes.
    static func list(_ shapes: [[Int]], bracketed: Bool = false) -> String {
        let texts = shapes.map { "(" + (["None"] + $0.map(String.init)).joined(separator: ", ") + ")" }
        return texts.count == 1 && !bracketed ? texts[0] : "[" + texts.joined(separator: ", ") + "]"
    }

    /// A box's lines: the header (`name (Class)`), then the shapes.
    package static func lines(_ graph: Graph, _ node: Int) -> (header: String, rows: [String]) {
        let rows = (graph.inputShapes[node].map { ["Input shape: " + $0] } ?? []) + ["Output shape: " + graph.outputShapes[node]]
        return ("\(graph.names[node]) (\(graph.classes[node]))", rows)
    }

    package static func plot(_ model: Model) -> SVG {
        let graph: Graph
        switch self.graph(of: model) {
        case let .success(found): graph = found
        case let .failure(error):
            var canvas = SVGCanvas(width: max(420, SVGCanvas.textWidth("\(error)", size: 14) + 40), height: 80)
            canvas.message("Cannot draw \(error)")
            return canvas.finish()
        }
        let boxHeight = rowHeight * 3 + 4
        let widths = graph.names.indices.map { node -> Double in
            let (header, rows) = lines(graph, node)
            let text = max(SVGCanvas.textWidth(header, size: headerSize) * 0.95, rows.map { SVGCanvas.textWidth($0, size: rowSize) }.max() ?? 0)
            return max(140, (text + 20).rounded(.up))
        }
        let layout = LayeredLayout(widths: widths, boxHeight: boxHeight, edges: graph.edges.map { ($0.from, $0.to) })
        var canvas = SVGCanvas(width: layout.width, height: layout.height)
        canvas.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                      + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444444\"/></marker></defs>")
        for (edge, route) in zip(graph.edges, layout.routes) {
            canvas.open([("class", "edge"), ("data-from", graph.names[edge.from]), ("data-to", graph.names[edge.to])])
            canvas.polyline(route.map { ($0.x, $0.y) }, stroke: "#444444", width: 1.5, extra: [("marker-end", "url(#arrow)")])
            canvas.close()
        }
        for (node, box) in layout.boxes.enumerated() {
            let (header, rows) = lines(graph, node)
            let left = box.x - box.width / 2
            canvas.open([("class", "node"), ("data-layer", graph.names[node]), ("data-class", graph.classes[node])])
            canvas.rect(x: left, y: box.y, width: box.width, height: box.height, fill: "white", stroke: "#222222",
                        extra: [("rx", "3")])
            canvas.rect(x: left, y: box.y, width: box.width, height: rowHeight + 4, fill: "#222222", extra: [("rx", "3")])
            canvas.text(header, x: box.x, y: box.y + 16, size: headerSize, fill: "white", bold: true, extra: [("class", "header")])
            let firstRow = box.y + rowHeight + 4 + (rows.count == 1 ? rowHeight / 2 : 0)
            for (k, row) in rows.enumerated() {
                canvas.text(row, x: box.x, y: firstRow + rowHeight * Double(k) + 14, size: rowSize, extra: [("class", "shape")])
            }
            canvas.close()
        }
        return canvas.finish()
    }
}
