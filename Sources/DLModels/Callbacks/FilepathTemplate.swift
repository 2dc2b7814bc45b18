import DLCore

/// A checkpoint file name with Python `str.format` fields, as Keras's `ModelCheckpoint` fills it:
/// `"weights.{epoch:02d}-{val_loss:.2f}.weights.h5"` with `epoch` (1-based) and every log key.
///
/// Fields are `{name}` or `{name:spec}`, with Python's format specification
/// `[[fill]align][sign][0][width][.precision][type]`: types `d`, `f`/`F`, `e`/`E`, `g`/`G`, `%` and
/// `s`, or none (an integer as it is, a number as Python's `repr` of the float64 Keras holds);
/// `{{` and `}}` are literal braces.
package struct FilepathTemplate {
    /// A value a field can name: the epoch (an integer) or a log (a float32 that Keras holds as a float64).
    package enum Value {
        case int(Int)
        case float(Float)
    }

    /// The template, as given to the callback.
    package let template: String

    /// A template to fill.
    package init(template: String) { self.template = template }

    /// The name with every field replaced. Throws `DLError.invalidArgument` naming the template and the
    /// field when a field names no value (Keras's KeyError) or has a specification that does not apply.
    package func format(_ values: [String: Value]) throws -> String {
        var result = "", characters = Array(template), index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "}" {
                guard index + 1 < characters.count, characters[index + 1] == "}" else {
                    throw failure("Single '}' encountered in format string")
                }
                result.append("}")
                index += 2
                continue
            }
            guard character == "{" else {
                result.append(character)
                index += 1
                continue
            }
            if index + 1 < characters.count, characters[index + 1] == "{" {
                result.append("{")
                index += 2
                continue
            }
            guard let close = characters[index...].firstIndex(of: "}") else {
                throw failure("Single '{' encountered in format string")
            }
            let field = String(characters[(index + 1)..<close])
            let name = String(field.prefix { $0 != ":" })
            let spec = field.count > name.count ? String(field.dropFirst(name.count + 1)) : ""
            guard let value = values[name] else { throw failure("'\(name)'") }
            result += try Self.render(value, spec: spec, field: field, failure: failure)
            index = close + 1
        }
        return result
    }

    private func failure(_ reason: String) -> DLError {
        .invalidArgument(context: "ModelCheckpoint",
                         message: "Failed to format this callback filepath: \"\(template)\". Reason: \(reason)")
    }

    /// One field's text: the specification parsed as Python does, the number printed by C's `vsnprintf`
    /// (`ProgressBar.formatted`).
    private static func render(_ value: Value, spec: String, field: String,
                               failure: (String) -> DLError) throws -> String {
        var rest = Substring(spec)
        var fill: Character = " ", align: Character?
        if rest.count >= 2, "<>^".contains(rest[rest.index(after: rest.startIndex)]) {
            fill = rest.removeFirst()
            align = rest.removeFirst()
        } else if let first = rest.first, "<>^".contains(first) {
            align = rest.removeFirst()
        }
        var flags = ""
        if let first = rest.first, "+- ".contains(first) { flags.append(rest.removeFirst()) }
        if rest.first == "0" { flags.append(rest.removeFirst()) }
        let width = Int(String(rest.prefix { $0.isNumber })) ?? 0
        rest = rest.drop { $0.isNumber }
        var precision: Int?
        if rest.first == "." {
            rest.removeFirst()
            precision = Int(String(rest.prefix { $0.isNumber }))
            rest = rest.drop { $0.isNumber }
            if precision == nil { throw failure("Format specifier missing precision in '{\(field)}'") }
        }
        guard rest.count <= 1 else { throw failure("Invalid format specifier '\(spec)' in '{\(field)}'") }
        let type = rest.first
        var text: String
        switch (value, type) {
        case let (.int(number), nil), let (.int(number), "d"?):
            guard precision == nil else { throw failure("Precision not allowed in integer format specifier '\(spec)'") }
            text = ProgressBar.formatted(Int64(number), "%" + flags.filter { $0 != "0" } + "lld")
        case let (.int(number), "s"?):
            text = String(number)
        case let (.float(number), nil), let (.float(number), "s"?):
            let cFlags = flags.filter { $0 != "0" }
            text = precision.map { ProgressBar.formatted(Double(number), "%" + cFlags + ".\($0)g") } ?? "\(Double(number))"
        case let (.int(number), letter?) where "fFeEgG%".contains(letter):
            text = try render(.float(Float(number)), spec: spec, field: field, failure: failure)
            return text
        case let (.float(number), letter?) where "fFeEgG".contains(letter):
            text = ProgressBar.formatted(Double(number), "%" + flags.filter { $0 != "0" } + ".\(precision ?? 6)" + String(letter))
        case let (.float(number), "%"?):
            text = ProgressBar.formatted(Double(number) * 100, "%" + flags.filter { $0 != "0" } + ".\(precision ?? 6)f") + "%"
        default:
            let kind = { if case .int = value { return "int" } else { return "float" } }()
            throw failure("Unknown format code '\(type.map(String.init) ?? "")' for object of type '\(kind)'")
        }
        let padding = max(0, width - text.count)
        guard padding > 0 else { return text }
        switch align ?? (flags.contains("0") ? "=" : (type == "s" ? "<" : ">")) {
        case "<": return text + String(repeating: fill, count: padding)
        case "^": return String(repeating: fill, count: padding / 2) + text
            + String(repeating: fill, count: padding - padding / 2)
        case "=":  // zero padding goes after the sign, as Python's "0" flag
            let signed = text.first.map { "+- ".contains($0) } ?? false
            let sign = signed ? String(text.prefix(1)) : ""
            return sign + String(repeating: "0", count: padding) + text.dropFirst(sign.count)
        default: return String(repeating: fill, count: padding) + text
        }
    }
}
