import DL
import Foundation
import FoundationXML
import XCTest

/// Parsing of the plots' SVG for the tests: every plot must be well-formed XML.
enum PlotXML {
    /// The SVG parsed; fails the test (and throws) when it is not well-formed.
    static func parse(_ svg: SVG, file: StaticString = #filePath, line: UInt = #line) throws -> XMLElement {
        let document = try XMLDocument(xmlString: svg.text, options: [])
        guard let root = document.rootElement(), root.name == "svg" else {
            XCTFail("no <svg> root", file: file, line: line)
            throw DLError.invalidArgument(context: "PlotXML", message: "no svg root")
        }
        return root
    }

    /// Every element below `element` (at any depth) named `name` whose attributes include `attributes`.
    static func all(_ name: String, in element: XMLElement, _ attributes: [String: String] = [:]) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ node: XMLElement) {
            for child in node.children ?? [] {
                guard let child = child as? XMLElement else { continue }
                if child.name == name && attributes.allSatisfy({ value(child, $0.key) == $0.value }) {
                    found.append(child)
                }
                visit(child)
            }
        }
        visit(element)
        return found
    }

    /// An attribute's value ("" when absent). (Looked up in the list: corelibs Foundation's
    /// `attribute(forName:)` finds nothing inside the SVG namespace.)
    static func value(_ element: XMLElement, _ name: String) -> String {
        element.attributes?.first { $0.name == name }?.stringValue ?? ""
    }

    /// The values of the attributes whose local name is `localName` (`href` and `xlink:href`).
    static func values(_ element: XMLElement, localName: String) -> [String] {
        (element.attributes ?? []).filter { $0.localName == localName }.compactMap(\.stringValue)
    }

    /// An attribute as a number (NaN when absent).
    static func number(_ element: XMLElement, _ name: String) -> Double {
        Double(value(element, name)) ?? .nan
    }

    /// The texts of the `<text>` elements of class `className`, in document order.
    static func texts(_ className: String, in element: XMLElement) -> [String] {
        all("text", in: element, ["class": className]).map { $0.stringValue ?? "" }
    }
}
