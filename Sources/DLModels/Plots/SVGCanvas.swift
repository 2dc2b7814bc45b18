/// Builds an SVG document element by element: every text is XML-escaped and every number is
/// written with at most two decimals (`12.5`, `40`), so that tests can compare coordinates exactly.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body: [String] = []

    /// The font every plot uses (a sans-serif that Linux, macOS and browsers have).
    static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The finished document, on a white background.
    func finish() -> SVG {
        let header = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
            + "width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" "
            + "viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" "
            + "font-family=\"\(Self.font)\">"
        let background = "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
        return SVG(text: ([header, background] + body + ["</svg>"]).joined(separator: "\n") + "\n")
    }

    /// Appends a raw element (its attributes already escaped).
    mutating func append(_ element: String) { body.append(element) }

    /// Opens a group with the given attributes (values escaped); close it with `close()`.
    mutating func open(_ attributes: [(String, String)]) {
        body.append("<g" + Self.attributes(attributes) + ">")
    }

    /// Closes the last group opened.
    mutating func close() { body.append("</g>") }

    /// A rectangle.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, extra: [(String, String)] = []) {
        var attributes = [("x", svgNumber(x)), ("y", svgNumber(y)), ("width", svgNumber(width)),
                          ("height", svgNumber(height)), ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        body.append("<rect" + Self.attributes(attributes + extra) + "/>")
    }

    /// A straight line.
    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                       width: Double = 1, extra: [(String, String)] = []) {
        let attributes = [("x1", svgNumber(x1)), ("y1", svgNumber(y1)), ("x2", svgNumber(x2)), ("y2", svgNumber(y2)),
                          ("stroke", stroke), ("stroke-width", svgNumber(width))]
        body.append("<line" + Self.attributes(attributes + extra) + "/>")
    }

    /// A polyline through `points` (not filled).
    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2,
                           extra: [(String, String)] = []) {
        let list = points.map { "\(svgNumber($0.0)),\(svgNumber($0.1))" }.joined(separator: " ")
        let attributes = [("points", list), ("fill", "none"), ("stroke", stroke), ("stroke-width", svgNumber(width)),
                          ("stroke-linejoin", "round")]
        body.append("<polyline" + Self.attributes(attributes + extra) + "/>")
    }

    /// A filled circle.
    mutating func circle(x: Double, y: Double, radius: Double, fill: String, extra: [(String, String)] = []) {
        let attributes = [("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", svgNumber(radius)), ("fill", fill)]
        body.append("<circle" + Self.attributes(attributes + extra) + "/>")
    }

    /// Text at (`x`, `y`) (the baseline), anchored `start`, `middle` or `end`, optionally rotated
    /// by `rotation` degrees around that point.
    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "middle",
                       fill: String = "#222222", bold: Bool = false, rotation: Double = 0,
                       extra: [(String, String)] = []) {
        var attributes = [("x", svgNumber(x)), ("y", svgNumber(y)), ("font-size", svgNumber(size)),
                          ("text-anchor", anchor), ("fill", fill)]
        if bold { attributes.append(("font-weight", "bold")) }
        if rotation != 0 {
            attributes.append(("transform", "rotate(\(svgNumber(rotation)) \(svgNumber(x)) \(svgNumber(y)))"))
        }
        body.append("<text" + Self.attributes(attributes + extra) + ">" + xmlEscaped(content) + "</text>")
    }

    /// A message centred on the canvas (an empty history, a model not built yet).
    mutating func message(_ content: String) {
        text(content, x: width / 2, y: height / 2, size: 14, fill: "#555555", extra: [("class", "message")])
    }

    /// ` key="value"` for each pair, values escaped.
    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(xmlEscaped($0.1))\"" }.joined()
    }

    /// A rough width of `text` at `size` points in the plots' sans-serif font (an average glyph
    /// of 0.6 em: generous, so labels laid out with it do not overlap).
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }
}

/// `text` with XML's special characters (`& < > " '`) escaped.
package func xmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(character)
        }
    }
    return out
}

/// A coordinate as SVG text: rounded to two decimals, without trailing zeros (`12.5`, `40`, `-3.25`).
package func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let hundredths = (value * 100).rounded()
    if hundredths == 0 { return "0" }
    let negative = hundredths < 0
    let magnitude = Int(abs(hundredths))
    var text = String(magnitude / 100)
    let fraction = magnitude % 100
    if fraction != 0 {
        text += "." + (fraction < 10 ? "0\(fraction)" : (fraction % 10 == 0 ? "\(fraction / 10)" : "\(fraction)"))
    }
    return negative ? "-" + text : text
}
