extension Model {
    /// Prints Keras 3's summary table (layer (type), output shape, param #, then total, trainable
    /// and non-trainable parameter counts with their sizes) and returns it.
    @discardableResult
    public func summary() -> String {
        let table = summaryTable()
        print(table)
        return table
    }

    /// Keras 3's summary table as text.
    public func summaryTable() -> String {
        var rows: [(String, String, String)] = []
        if graphError == nil {
            let shown = (self is Sequential) ? layers : graph.layers
            for layer in shown {
                let shape = graph.nodes.first { $0.output.layer === layer }?.output.batchShapeDescription ?? "?"
                rows.append(("\(layer.name) (\(type(of: layer).kerasClassName))", shape, SummaryFormat.grouped(layer.countParams())))
            }
        } else if let error = graphError {
            rows.append(("graph error: \(error)", "", ""))
        }
        let header = ("Layer (type)", "Output Shape", "Param #")
        let widths = [
            max(31, (([header.0] + rows.map { $0.0 }).map { $0.count }.max() ?? 0) + 2),
            max(22, (([header.1] + rows.map { $0.1 }).map { $0.count }.max() ?? 0) + 2),
            max(13, (([header.2] + rows.map { $0.2 }).map { $0.count }.max() ?? 0) + 2),
        ]
        func line(_ left: String, _ fill: String, _ join: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: join) + right
        }
        func row(_ cells: (String, String, String), bar: String) -> String {
            let first = " " + cells.0.padding(toLength: widths[0]) + " "
            let second = " " + cells.1.padding(toLength: widths[1]) + " "
            let third = " " + String(repeating: " ", count: max(0, widths[2] - cells.2.count)) + cells.2 + " "
            return bar + first + bar + second + bar + third + bar
        }
        var out = ["Model: \"\(name)\""]
        out.append(line("┏", "━", "┳", "┓"))
        out.append(row(header, bar: "┃"))
        out.append(line("┡", "━", "╇", "┩"))
        for (index, r) in rows.enumerated() {
            out.append(row(r, bar: "│"))
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
