extension Model {
    /// Prints Keras 3's summary table (layer (type), output shape, param #, then total, trainable
    /// and non-trainable parameter counts with their sizes) and returns it.
    @discardableResult
    public func summary() -> String {
        let table = summaryTable()
        print(table)
        return table
    }

    /// Keras 3's summary table as text. A functional model that is not a plain chain (several
    /// inputs or outputs, a merge, a shared layer) gets Keras's fourth column, "Connected to":
    /// each call's inputs as `layer[call][output]`.
    public func summaryTable() -> String {
        let connected = graphError == nil && !isSubclassed && !(self is Sequential) && !graphIsChain
        var rows: [[String]] = []
        if graphError == nil {
            let shown = (self is Sequential) ? layers : (isSubclassed ? tracedLayers : graph.layers)
            for layer in shown {
                var row = ["\(layer.name) (\(type(of: layer).kerasClassName))", outputShapeText(of: layer),
                           SummaryFormat.grouped(layer.countParams())]
                if connected { row.append(connections(of: layer)) }
                rows.append(row)
            }
        } else if let error = graphError {
            rows.append(["graph error: \(error)", "", ""] + (connected ? [""] : []))
        }
        let header = ["Layer (type)", "Output Shape", "Param #"] + (connected ? ["Connected to"] : [])
        // Keras's widths at its default line length for a non-terminal (76 columns).
        let base = connected ? [19, 17, 10, 17] : [31, 22, 13]
        var widths = base.indices.map { column in
            max(base[column], (([header[column]] + rows.map { $0[column] }).map { $0.count }.max() ?? 0) + (connected ? 0 : 2))
        }
        if connected {   // the connections wrap at spaces, as rich does; a longer word widens the column
            widths[3] = max(base[3], rows.flatMap { $0[3].split(separator: " ") }.map(\.count).max() ?? 0)
        }
        func line(_ left: String, _ fill: String, _ join: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: join) + right
        }
        func row(_ cells: [String], bar: String) -> [String] {
            let wrapped = cells.enumerated().map { column, text in column == 3 ? SummaryFormat.wrap(text, width: widths[3]) : [text] }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { lineIndex in
                bar + wrapped.enumerated().map { column, lines -> String in
                    let text = lineIndex < lines.count ? lines[lineIndex] : ""
                    if column == 2 {
                        return " " + String(repeating: " ", count: max(0, widths[2] - text.count)) + text + " "
                    }
                    return " " + text.padding(toLength: widths[column]) + " "
                }.joined(separator: bar) + bar
            }
        }
        var out = ["Model: \"\(name)\""]
        out.append(line("┏", "━", "┳", "┓"))
        out += row(header, bar: "┃")
        out.append(line("┡", "━", "╇", "┩"))
        for (index, r) in rows.enumerated() {
            out += row(r, bar: "│")
            if index < rows.count - 1 { out.append(line("├", "─", "┼", "┤")) }
        }
        out.append(line("└", "─", "┴", "┘"))
        let total = countParams()
        let trainable = trainableWeights.reduce(0) { $0 + $1.storedValue.scalarCount }
        out.append(" Total params: \(SummaryFormat.grouped(total)) (\(SummaryFormat.bytes(total * 4)))")
        out.append(" Trainable params: \(SummaryFormat.grouped(trainable)) (\(SummaryFormat.bytes(trainable * 4)))")
        out.append(" Non-trainable params: \(SummaryFormat.grouped(total - trainable)) (\(SummaryFormat.bytes((total - trainable) * 4)))")
        return out.joined(separator: "\n")
    }

    /// Whether the graph is one chain (Keras's "sequential-like"): one input, and each call reads
    /// exactly the one before it, every layer called once.
    private var graphIsChain: Bool {
        guard inputs.count == 1, outputs.count == 1 else { return false }
        for (index, node) in graph.nodes.enumerated().dropFirst() {
            guard node.outputSlots.count == 1, node.inputIndices == [graph.nodes[index - 1].outputSlots[0].slot] else { return false }
        }
        return graph.layers.count == graph.nodes.count
    }

    /// A layer's output shape as Keras shows it: `(None, 10)`, or a list for several outputs.
    private func outputShapeText(of layer: Layer) -> String {
        if isSubclassed { return "?" }
        guard let tensor = graph.nodes.first(where: { $0.output.layer === layer })?.output else { return "?" }
        if tensor.outputCount > 1, let shapes = try? layer.computeOutputShapes(tensor.inputs.map(\.shape)) {
            return "[" + shapes.map { "(" + (["None"] + $0.map(String.init)).joined(separator: ", ") + ")" }.joined(separator: ", ") + "]"
        }
        return tensor.batchShapeDescription
    }

    /// Keras's "Connected to" cell: the inputs of each call of `layer` in this graph, in call
    /// order, as `layer[call][output]`; `-` for an input.
    private func connections(of layer: Layer) -> String {
        let calls = graph.nodes.map(\.output).filter { $0.layer === layer }.sorted { $0.nodeIndex < $1.nodeIndex }
        let items = calls.flatMap { call in call.inputs.map { "\($0.layer.name)[\($0.nodeIndex)][\($0.outputIndex)]" } }
        return items.isEmpty ? "-" : items.joined(separator: ", ")
    }
}

/// Number formatting of Keras's summary.
enum SummaryFormat {
    /// `61706` → `"61,706"`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        return lines + [current]
    }

    /// Keras's `readable_memory_size`: `246824` → `"241.04 KB"`.
    static func bytes(_ value: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var size = Double(value)
        var unit = 0
        while size >= 1024 && unit < units.count - 1 { size /= 1024; unit += 1 }
        let rounded = (size * 100).rounded() / 100
        let text = String(rounded)
        let parts = text.split(separator: ".")
        let decimals = parts.count > 1 ? String(parts[1]).padding(toLength: 2, withPad: "0") : "00"
        return "\(parts[0]).\(decimals.prefix(2)) \(units[unit])"
    }
}

extension String {
    /// The string padded with spaces (or cut) to `length` characters.
    func padding(toLength length: Int, withPad pad: Character = " ") -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: pad, count: length - count)
    }
}
